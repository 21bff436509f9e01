/* vault-entry-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's entries as a GListModel backed by an array. GListStore keeps
 * its items in a GSequence, a tree: fetching an item by position costs a
 * walk down it, and the window's sorted, filtered list fetches all 100,000
 * in sorted (so random) order on every search keystroke. Here that is one
 * array read. Entries are added one at a time and the array moves on
 * insertion or removal, which for pointers is cheap.
 */
#include "vault-entry-list.h"

struct _VaultEntryList
{
  GObject parent_instance;

  /* Owned */
  GPtrArray *items;
};

static GType
vault_entry_list_get_item_type (GListModel *model)
{
  return VAULT_TYPE_ENTRY;
}

static guint
vault_entry_list_get_n_items (GListModel *model)
{
  return VAULT_ENTRY_LIST (model)->items->len;
}

static gpointer
vault_entry_list_get_item (GListModel *model,
                           guint       position)
{
  VaultEntryList *self = VAULT_ENTRY_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
vault_entry_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vault_entry_list_get_item_type;
  iface->get_n_items = vault_entry_list_get_n_items;
  iface->get_item = vault_entry_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VaultEntryList, vault_entry_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vault_entry_list_model_init))

static void
vault_entry_list_finalize (GObject *object)
{
  VaultEntryList *self = VAULT_ENTRY_LIST (object);

  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (vault_entry_list_parent_class)->finalize (object);
}

static void
vault_entry_list_class_init (VaultEntryListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vault_entry_list_finalize;
}

static void
vault_entry_list_init (VaultEntryList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

VaultEntryList *
vault_entry_list_new (void)
{
  return g_object_new (VAULT_TYPE_ENTRY_LIST, NULL);
}

/* Replaces every entry with n others (taking new references). */
void
vault_entry_list_replace_all (VaultEntryList *self,
                              VaultEntry    **entries,
                              guint           n)
{
  guint removed = self->items->len;
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->items);

  g_return_if_fail (VAULT_IS_ENTRY_LIST (self));

  self->items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_object_ref (entries[i]));
  if (removed > 0 || n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, n);
}

void
vault_entry_list_append (VaultEntryList *self,
                         VaultEntry     *entry)
{
  g_return_if_fail (VAULT_IS_ENTRY_LIST (self));

  g_ptr_array_add (self->items, g_object_ref (entry));
  g_list_model_items_changed (G_LIST_MODEL (self), self->items->len - 1, 0, 1);
}

/* Adds n entries at the end, told as one change. */
void
vault_entry_list_append_many (VaultEntryList *self,
                              VaultEntry    **entries,
                              guint           n)
{
  guint position;

  g_return_if_fail (VAULT_IS_ENTRY_LIST (self));

  if (n == 0)
    return;
  position = self->items->len;
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, g_object_ref (entries[i]));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n);
}

gboolean
vault_entry_list_find (VaultEntryList *self,
                       VaultEntry     *entry,
                       guint          *position)
{
  g_return_val_if_fail (VAULT_IS_ENTRY_LIST (self), FALSE);
  return g_ptr_array_find (self->items, entry, position);
}

void
vault_entry_list_remove (VaultEntryList *self,
                         guint           position)
{
  g_return_if_fail (VAULT_IS_ENTRY_LIST (self));
  g_return_if_fail (position < self->items->len);

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/* Tells those watching that the entry at position changed in place: the
 * same entry, removed and added. */
void
vault_entry_list_changed (VaultEntryList *self,
                          guint           position)
{
  g_return_if_fail (VAULT_IS_ENTRY_LIST (self));
  g_return_if_fail (position < self->items->len);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

VaultEntry *
vault_entry_list_peek (VaultEntryList *self,
                       guint           position)
{
  g_return_val_if_fail (VAULT_IS_ENTRY_LIST (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_ptr_array_index (self->items, position);
}
