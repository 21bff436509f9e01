/* vault-totp-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detail pane's one-time code: the current code, grouped for reading,
 * a ring counting down the seconds it has left, and a copy button.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_TOTP_ROW (vault_totp_row_get_type ())
G_DECLARE_FINAL_TYPE (VaultTotpRow, vault_totp_row, VAULT, TOTP_ROW, AdwActionRow)

/* A code as it is read out: "123 456", "123 4567", "1234 5678"; Steam's
 * five characters and anything shorter as they are. out holds at least
 * VAULT_TOTP_CODE_SIZE + 1 bytes. */
void       vault_totp_format_code   (const char   *code,
                                     char         *out,
                                     gsize         size);

GtkWidget *vault_totp_row_new       (void);
/* Shows entry's code, or hides the row when it has none (or entry is
 * NULL). The secret is opened only to make each code, and wiped. */
void       vault_totp_row_set_entry (VaultTotpRow *self,
                                     VaultStore   *store,
                                     VaultEntry   *entry);
/* Copies the current code, as the copy button does. */
void       vault_totp_row_copy      (VaultTotpRow *self);

G_END_DECLS
