/* vault-export-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export: every entry written as a KeePass database or a CSV file, after
 * the master password is asked again.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"
#include "vault-window.h"

G_BEGIN_DECLS

#define VAULT_TYPE_EXPORT_DIALOG (vault_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VaultExportDialog, vault_export_dialog, VAULT, EXPORT_DIALOG, AdwWindow)

VaultExportDialog *vault_export_dialog_new       (VaultWindow *window,
                                                  VaultStore  *store);
/* The entry-list window's "win.export" action. */
void               vault_export_dialog_activated (GtkWidget   *window,
                                                  const char  *action,
                                                  GVariant    *parameter);

G_END_DECLS
