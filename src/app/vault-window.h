/* vault-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry-list window: search, list, details.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

typedef struct _VaultApplication VaultApplication;

#define VAULT_TYPE_WINDOW (vault_window_get_type ())
G_DECLARE_FINAL_TYPE (VaultWindow, vault_window, VAULT, WINDOW, AdwApplicationWindow)

VaultWindow *vault_window_new          (VaultApplication *app,
                                        VaultStore       *store);
void         vault_window_save         (VaultWindow      *self);
void         vault_window_save_again   (VaultWindow      *self);
gboolean     vault_window_has_unsaved_changes (VaultWindow *self);
void         vault_window_ask_before_lock (VaultWindow   *self,
                                           gboolean       show_unlock,
                                           gboolean       quit);
void         vault_window_select_entry (VaultWindow      *self,
                                        VaultEntry       *entry);
void         vault_window_show_entry   (VaultWindow      *self,
                                        VaultEntry       *entry);
VaultEntry  *vault_window_get_selected (VaultWindow      *self);
GListModel  *vault_window_get_visible_entries (VaultWindow *self);
void         vault_window_set_search   (VaultWindow      *self,
                                        const char       *text);
const char  *vault_window_get_list_page (VaultWindow     *self);
void         vault_window_add_toast    (VaultWindow      *self,
                                        AdwToast         *toast);

G_END_DECLS
