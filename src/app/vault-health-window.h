/* vault-health-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Password Health: the report on the vault's passwords, made in a worker,
 * each finding a row that shows its entry in the entry-list window.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"
#include "vault-window.h"

G_BEGIN_DECLS

#define VAULT_TYPE_HEALTH_WINDOW (vault_health_window_get_type ())
G_DECLARE_FINAL_TYPE (VaultHealthWindow, vault_health_window, VAULT, HEALTH_WINDOW, AdwWindow)

VaultHealthWindow *vault_health_window_new       (VaultWindow       *window,
                                                  VaultStore        *store);
/* Makes the report again (the header bar's Check Again). */
void               vault_health_window_check     (VaultHealthWindow *self);
/* The entry-list window's "win.health" action. */
void               vault_health_window_activated (GtkWidget         *window,
                                                  const char        *action,
                                                  GVariant          *parameter);

G_END_DECLS
