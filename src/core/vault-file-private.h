/* vault-file-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reading (vault-file.c) and saving (vault-file-save.c) share.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "vault-file.h"

G_BEGIN_DECLS

#define VAULT_KDF_ALGORITHM  "PBKDF2-HMAC-SHA256"
#define VAULT_CIPHER         "AES-256-GCM"
#define VAULT_SLOT_NAME_PASSWORD "password"
#define VAULT_SLOT_NAME_RECOVERY "recovery"

char *vault_file_canonical_header (JsonNode    *header);
void  vault_file_set_io_error     (GError     **error,
                                   int          saved_errno,
                                   const char  *format,
                                   ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
