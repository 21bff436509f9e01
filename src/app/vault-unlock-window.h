/* vault-unlock-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window that creates, unlocks or restores the vault.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _VaultApplication VaultApplication;

#define VAULT_TYPE_UNLOCK_WINDOW (vault_unlock_window_get_type ())
G_DECLARE_FINAL_TYPE (VaultUnlockWindow, vault_unlock_window, VAULT, UNLOCK_WINDOW,
                      AdwApplicationWindow)

VaultUnlockWindow *vault_unlock_window_new      (VaultApplication  *app);
const char        *vault_unlock_window_get_page (VaultUnlockWindow *self);
void               vault_unlock_window_show_unsaved (VaultUnlockWindow *self);

G_END_DECLS
