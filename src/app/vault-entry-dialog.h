/* vault-entry-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adding or editing one entry.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_ENTRY_DIALOG (vault_entry_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VaultEntryDialog, vault_entry_dialog, VAULT, ENTRY_DIALOG, AdwWindow)

VaultEntryDialog *vault_entry_dialog_new (GtkWindow  *parent,
                                          VaultStore *store,
                                          VaultEntry *entry);

G_END_DECLS
