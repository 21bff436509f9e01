/* vault-preferences-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: locking, clipboard, master password, Emergency Kit,
 * recovery key.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _VaultApplication VaultApplication;

#define VAULT_TYPE_PREFERENCES_WINDOW (vault_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (VaultPreferencesWindow, vault_preferences_window, VAULT,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

VaultPreferencesWindow *vault_preferences_window_new (VaultApplication *app,
                                                      GtkWindow        *parent);

G_END_DECLS
