/* vault-entry-list.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's entries as a GListModel backed by an array.
 */
#pragma once

#include <gio/gio.h>

#include "vault-entry.h"

G_BEGIN_DECLS

#define VAULT_TYPE_ENTRY_LIST (vault_entry_list_get_type ())
G_DECLARE_FINAL_TYPE (VaultEntryList, vault_entry_list, VAULT, ENTRY_LIST, GObject)

VaultEntryList *vault_entry_list_new        (void);
void            vault_entry_list_replace_all (VaultEntryList *self,
                                              VaultEntry    **entries,
                                              guint           n);
void            vault_entry_list_append     (VaultEntryList *self,
                                             VaultEntry     *entry);
void            vault_entry_list_append_many (VaultEntryList *self,
                                              VaultEntry    **entries,
                                              guint           n);
gboolean        vault_entry_list_find       (VaultEntryList *self,
                                             VaultEntry     *entry,
                                             guint          *position);
void            vault_entry_list_remove     (VaultEntryList *self,
                                             guint           position);
void            vault_entry_list_changed    (VaultEntryList *self,
                                             guint           position);
/* The entry at position, borrowed from the list: for a pass over all of
 * them (a merge) without a reference taken and dropped on each. */
VaultEntry     *vault_entry_list_peek       (VaultEntryList *self,
                                             guint           position);

G_END_DECLS
