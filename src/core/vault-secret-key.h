/* vault-secret-key.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The per-device Secret Key, kept in the Secret Service through libsecret.
 */
#pragma once

#include <gio/gio.h>

#include "vault-secure.h"

G_BEGIN_DECLS

#define VAULT_SECRET_KEY_SCHEMA_NAME "com.example.Vault.SecretKey"

gboolean        vault_secret_key_store  (const char     *vault_id,
                                         const guint8   *key,
                                         GCancellable   *cancellable,
                                         GError        **error);
VaultSecureBuf *vault_secret_key_lookup (const char     *vault_id,
                                         GCancellable   *cancellable,
                                         GError        **error);
gboolean        vault_secret_key_delete (const char     *vault_id,
                                         GCancellable   *cancellable,
                                         GError        **error);

G_END_DECLS
