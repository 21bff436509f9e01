/* vault-import-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import: another password manager's file chosen, read off the main thread,
 * previewed, then added to the vault in one save.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"
#include "vault-window.h"

G_BEGIN_DECLS

#define VAULT_TYPE_IMPORT_DIALOG (vault_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VaultImportDialog, vault_import_dialog, VAULT, IMPORT_DIALOG, AdwWindow)

VaultImportDialog *vault_import_dialog_new       (VaultWindow *window,
                                                  VaultStore  *store);
/* The entry-list window's "win.import" action. */
void               vault_import_dialog_activated (GtkWidget   *window,
                                                  const char  *action,
                                                  GVariant    *parameter);

G_END_DECLS
