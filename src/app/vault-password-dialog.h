/* vault-password-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Changing the master password.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_PASSWORD_DIALOG (vault_password_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VaultPasswordDialog, vault_password_dialog, VAULT, PASSWORD_DIALOG, AdwWindow)

VaultPasswordDialog *vault_password_dialog_new (GtkWindow  *parent,
                                                VaultStore *store);

G_END_DECLS
