/* vault-totp-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry dialog's one-time code: a setup key or link pasted (checked as
 * it is typed) or read from a QR code image, or the entry's secret removed.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_TOTP_EDITOR (vault_totp_editor_get_type ())
G_DECLARE_FINAL_TYPE (VaultTotpEditor, vault_totp_editor, VAULT, TOTP_EDITOR,
                      AdwPreferencesGroup)

/* Shows what entry (NULL: a new one) has, without opening its secret
 * more than to read its settings. Emits no "changed". */
void        vault_totp_editor_load      (VaultTotpEditor *self,
                                         VaultStore      *store,
                                         VaultEntry      *entry);
/* Whether Save may go ahead: nothing typed, or something that reads. */
gboolean    vault_totp_editor_is_valid  (VaultTotpEditor *self);
/* For VaultEntryFields.totp: NULL to keep what the entry has, "" to
 * remove it, or the text typed (borrowed from a secure buffer: use it
 * before returning to the main loop). */
const char *vault_totp_editor_get_value (VaultTotpEditor *self);

G_END_DECLS
