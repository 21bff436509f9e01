/* vault-application.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GtkApplication: which window shows, the open vault, and locking.
 */
#pragma once

#include <adwaita.h>

#include "vault-clipboard.h"
#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_APPLICATION (vault_application_get_type ())
G_DECLARE_FINAL_TYPE (VaultApplication, vault_application, VAULT, APPLICATION, AdwApplication)

VaultApplication *vault_application_new            (void);
const char       *vault_application_get_vault_path (VaultApplication *self);
void              vault_application_set_vault_path (VaultApplication *self,
                                                    const char       *path);
VaultStore       *vault_application_get_store      (VaultApplication *self);
GSettings        *vault_application_get_settings   (VaultApplication *self);
VaultClipboard   *vault_application_get_clipboard  (VaultApplication *self);
void              vault_application_unlocked       (VaultApplication *self,
                                                    VaultStore       *store);
void              vault_application_lock           (VaultApplication *self,
                                                    gboolean          show_unlock);
void              vault_application_request_lock   (VaultApplication *self,
                                                    gboolean          show_unlock,
                                                    gboolean          quit);
void              vault_application_lock_soon      (VaultApplication *self,
                                                    gboolean          show_unlock,
                                                    gboolean          quit);
void              vault_application_track_native   (VaultApplication *self,
                                                    GtkNativeDialog  *native);

G_END_DECLS
