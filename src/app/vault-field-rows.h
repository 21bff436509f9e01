/* vault-field-rows.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detail pane's custom fields, in their order: plain ones shown,
 * concealed ones as dots until revealed, each with a copy button.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_FIELD_ROWS (vault_field_rows_get_type ())
G_DECLARE_FINAL_TYPE (VaultFieldRows, vault_field_rows, VAULT, FIELD_ROWS, AdwPreferencesGroup)

GtkWidget *vault_field_rows_new       (void);
/* Shows entry's fields (none, and the group hidden, for NULL), every
 * concealed one hidden. */
void       vault_field_rows_set_entry (VaultFieldRows *self,
                                       VaultStore     *store,
                                       VaultEntry     *entry);

G_END_DECLS
