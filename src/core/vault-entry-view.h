/* vault-entry-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entries as a list shows them: favourites first, then by title, and
 * only those that match the search. A GListModel that follows the store's.
 */
#pragma once

#include <gio/gio.h>

#include "vault-entry.h"

G_BEGIN_DECLS

#define VAULT_TYPE_ENTRY_VIEW (vault_entry_view_get_type ())
G_DECLARE_FINAL_TYPE (VaultEntryView, vault_entry_view, VAULT, ENTRY_VIEW, GObject)

VaultEntryView *vault_entry_view_new        (GListModel     *entries);
void            vault_entry_view_set_search (VaultEntryView *self,
                                             const char     *text);

/* The order of the list: favourites first, then by sort key, then by id. */
int             vault_entry_compare         (VaultEntry     *a,
                                             VaultEntry     *b);

G_END_DECLS
