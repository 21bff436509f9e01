/* vault-entry-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entries as a list shows them. GtkSortListModel and GtkFilterListModel
 * do the same in general, but at 100,000 entries a keystroke costs them
 * several frames: every test fetches a referenced GObject through a vfunc
 * and calls back through a GtkFilter. Here the rows are one array of
 * (entry, search key) in display order: a search scans the keys, a
 * keystroke that narrows the search scans only the rows shown, and the list
 * is told only the span that changed. The store's list reports an edited
 * entry as one item removed and the same one added at its position.
 */
#include "vault-entry-view.h"

#include <string.h>

#include "vault-search.h"

/* Beyond this many items changed at once, rebuilding is simpler and as fast. */
#define SMALL_CHANGE 16

/* A search that changes what is shown tells the list only the first rows
 * at once, enough to fill it, and the rest when the main loop is idle,
 * FEW_ROWS at a time while they still get widgets, then all. GtkListView
 * (4.8) makes a widget for each of the first 200 rows it is told of, and it
 * and GtkSingleSelection fetch every row a change adds while looking for
 * the rows they track; told at once, that is several frames at 100,000
 * entries. Told this way, the next keystroke usually arrives first and the
 * rows nobody saw are never made. */
#define FIRST_ROWS 48
#define FEW_ROWS   64
#define ROWS_WITH_WIDGETS 256

typedef struct
{
  VaultEntry *entry;     /* a reference while in sorted */
  const char *key;       /* the entry's search key, valid until its fields change */
  gboolean    favourite;
} Row;

struct _VaultEntryView
{
  GObject parent_instance;

  /* Owned */
  GListModel       *entries;
  GPtrArray        *mirror;  /* the entries in the store's order: which ones it removed */
  GArray           *sorted;  /* Row, every entry in display order */
  GArray           *shown;   /* Row, those the search matches, in display order */
  GArray           *spare;   /* the previous shown, kept for its memory */
  guint             hole_at;  /* rows of shown from here not yet told to the list */
  guint             hole;
  guint             told;     /* rows told since the search changed */
  guint             reveal_id;
  VaultSearchQuery *query;   /* NULL shows every entry */
};

static GType
vault_entry_view_get_item_type (GListModel *model)
{
  return VAULT_TYPE_ENTRY;
}

static guint
vault_entry_view_get_n_items (GListModel *model)
{
  VaultEntryView *self = VAULT_ENTRY_VIEW (model);

  return self->shown->len - self->hole;
}

static gpointer
vault_entry_view_get_item (GListModel *model,
                           guint       position)
{
  VaultEntryView *self = VAULT_ENTRY_VIEW (model);

  if (position >= self->hole_at)
    position += self->hole;
  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_array_index (self->shown, Row, position).entry);
}

static void
vault_entry_view_model_init (GListModelInterface *iface)
{
  iface->get_item_type = vault_entry_view_get_item_type;
  iface->get_n_items = vault_entry_view_get_n_items;
  iface->get_item = vault_entry_view_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VaultEntryView, vault_entry_view, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      vault_entry_view_model_init))

static int
compare_rows (const Row *a,
              const Row *b)
{
  int result;

  if (a->favourite != b->favourite)
    return a->favourite ? -1 : 1;
  result = vault_sort_key_compare (a->key, b->key);
  if (result != 0)
    return result;
  return strcmp (vault_entry_get_id (a->entry), vault_entry_get_id (b->entry));
}

static int
compare_rows_qsort (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return compare_rows (a, b);
}

int
vault_entry_compare (VaultEntry *a,
                     VaultEntry *b)
{
  Row ra = { a, vault_entry_get_search_key (a), vault_entry_get_favourite (a) };
  Row rb = { b, vault_entry_get_search_key (b), vault_entry_get_favourite (b) };

  return compare_rows (&ra, &rb);
}

static Row
make_row (VaultEntry *entry)
{
  Row row = { g_object_ref (entry), vault_entry_get_search_key (entry),
              vault_entry_get_favourite (entry) };

  return row;
}

static gboolean
row_matches (VaultEntryView *self,
             const Row      *row)
{
  return self->query == NULL || vault_search_query_matches_key (self->query, row->key);
}

/* Where row goes in rows (sorted), by binary search. */
static guint
find_insertion (GArray    *rows,
                const Row *row)
{
  guint low = 0, high = rows->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (compare_rows (&g_array_index (rows, Row, middle), row) < 0)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* By identity: an edited entry's old key is gone, so it cannot be searched for. */
static gboolean
find_entry (GArray     *rows,
            VaultEntry *entry,
            guint      *position)
{
  const Row *data = (const Row *) (gpointer) rows->data;

  for (guint i = 0; i < rows->len; i++)
    if (data[i].entry == entry)
      {
        *position = i;
        return TRUE;
      }
  return FALSE;
}

/* Tells the list of count more rows it has not been told of. */
static void
reveal (VaultEntryView *self,
        guint           count)
{
  guint position = self->hole_at;

  count = MIN (count, self->hole);
  self->hole_at += count;
  self->hole -= count;
  self->told += count;
  if (self->hole == 0)
    {
      self->hole_at = G_MAXUINT;
      g_clear_handle_id (&self->reveal_id, g_source_remove);
    }
  if (count > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, count);
}

static gboolean
reveal_some (gpointer user_data)
{
  VaultEntryView *self = user_data;
  guint count = self->told < ROWS_WITH_WIDGETS ? FEW_ROWS : self->hole;

  if (self->hole <= count)
    self->reveal_id = 0; /* this source ends */
  reveal (self, count);
  return self->hole > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* Before the rows change otherwise, the list learns of all of them. */
static void
reveal_all (VaultEntryView *self)
{
  reveal (self, self->hole);
}

/* Tells the list which span of shown differs from old: whatever the rows
 * before and after have in common keeps its widgets. */
static void
emit_difference (VaultEntryView *self,
                 GArray         *old)
{
  const Row *a = (const Row *) (gpointer) old->data;
  const Row *b = (const Row *) (gpointer) self->shown->data;
  guint n_a = old->len, n_b = self->shown->len;
  guint prefix = 0, suffix = 0, removed, added;

  while (prefix < n_a && prefix < n_b && a[prefix].entry == b[prefix].entry)
    prefix++;
  while (suffix < n_a - prefix && suffix < n_b - prefix &&
         a[n_a - 1 - suffix].entry == b[n_b - 1 - suffix].entry)
    suffix++;
  removed = n_a - prefix - suffix;
  added = n_b - prefix - suffix;
  if (added > FIRST_ROWS)
    {
      self->hole_at = prefix + FIRST_ROWS;
      self->hole = added - FIRST_ROWS;
      self->told = FIRST_ROWS;
      self->reveal_id = g_idle_add (reveal_some, self);
      added = FIRST_ROWS;
    }
  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, removed, added);
}

/* Rebuilds shown from the rows of from, which is sorted or, when the
 * search only narrowed, the rows shown. */
static void
refilter (VaultEntryView *self,
          GArray         *from)
{
  GArray *old = self->shown;
  const Row *rows = (const Row *) (gpointer) from->data;
  Row *out;
  guint n = 0;

  g_clear_handle_id (&self->reveal_id, g_source_remove);
  /* Two arrays in turn: a fresh one each keystroke would fault in its
   * pages again (a few milliseconds at 100,000 entries). */
  self->shown = self->spare;
  g_array_set_size (self->shown, from->len);
  out = (Row *) (gpointer) self->shown->data;
  for (guint i = 0; i < from->len; i++)
    if (row_matches (self, &rows[i]))
      out[n++] = rows[i];
  g_array_set_size (self->shown, n);

  /* Compared with what the list was told: rows not yet told are left out. */
  if (self->hole > 0)
    g_array_remove_range (old, self->hole_at, self->hole);
  self->hole_at = G_MAXUINT;
  self->hole = 0;
  self->spare = old;
  emit_difference (self, old);
}

static void
clear_rows (GArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    g_object_unref (g_array_index (rows, Row, i).entry);
  g_array_unref (rows);
}

static void
rebuild (VaultEntryView *self)
{
  guint n = g_list_model_get_n_items (self->entries);
  gboolean in_order = TRUE;
  Row *rows;

  g_ptr_array_set_size (self->mirror, 0);
  g_clear_pointer (&self->sorted, clear_rows);
  self->sorted = g_array_sized_new (FALSE, FALSE, sizeof (Row), n);
  g_array_set_size (self->sorted, n);
  rows = (Row *) (gpointer) self->sorted->data;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (self->entries, i);

      rows[i] = make_row (entry);
      g_ptr_array_add (self->mirror, entry);
      if (i > 0 && in_order && compare_rows (&rows[i - 1], &rows[i]) > 0)
        in_order = FALSE;
    }
  /* A vault saved from a sorted list opens sorted. */
  if (!in_order)
    g_array_sort_with_data (self->sorted, compare_rows_qsort, NULL);
  refilter (self, self->sorted);
}

/* Takes the row at index out of rows, with its reference. */
static Row
take_row (GArray *rows,
          guint   index)
{
  Row row = g_array_index (rows, Row, index);
  Row *data = (Row *) (gpointer) rows->data;

  memmove (data + index, data + index + 1, (rows->len - index - 1) * sizeof (Row));
  g_array_set_size (rows, rows->len - 1);
  return row;
}

static void
remove_entry (VaultEntryView *self,
              VaultEntry     *entry)
{
  guint position;

  if (find_entry (self->shown, entry, &position))
    {
      g_array_remove_index (self->shown, position);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
    }
  if (find_entry (self->sorted, entry, &position))
    g_object_unref (take_row (self->sorted, position).entry);
}

static void
insert_entry (VaultEntryView *self,
              VaultEntry     *entry)
{
  Row row = make_row (entry);
  guint position;

  g_array_insert_val (self->sorted, find_insertion (self->sorted, &row), row);
  if (row_matches (self, &row))
    {
      position = find_insertion (self->shown, &row);
      g_array_insert_val (self->shown, position, row);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }
}

/* An entry edited in place: it may move, or start or stop matching. One
 * change that covers where it was and where it is keeps a selection on it. */
static void
update_entry (VaultEntryView *self,
              VaultEntry     *entry)
{
  guint position, was = G_MAXUINT, now = G_MAXUINT;
  Row row;

  if (!find_entry (self->sorted, entry, &position))
    return;
  row = take_row (self->sorted, position);
  row.key = vault_entry_get_search_key (entry);
  row.favourite = vault_entry_get_favourite (entry);
  g_array_insert_val (self->sorted, find_insertion (self->sorted, &row), row);

  if (find_entry (self->shown, entry, &was))
    g_array_remove_index (self->shown, was);
  if (row_matches (self, &row))
    {
      now = find_insertion (self->shown, &row);
      g_array_insert_val (self->shown, now, row);
    }

  if (was != G_MAXUINT && now != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), MIN (was, now),
                                MAX (was, now) - MIN (was, now) + 1,
                                MAX (was, now) - MIN (was, now) + 1);
  else if (was != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), was, 1, 0);
  else if (now != G_MAXUINT)
    g_list_model_items_changed (G_LIST_MODEL (self), now, 0, 1);
}

static void
on_items_changed (VaultEntryView *self,
                  guint           position,
                  guint           removed,
                  guint           added)
{
  /* A rebuild compares with what the list was told; a small change first
   * tells the list every row, so positions in shown are the list's. */
  if (removed + added > SMALL_CHANGE)
    {
      rebuild (self);
      return;
    }
  reveal_all (self);

  if (removed == 1 && added == 1)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (self->entries, position);

      if (entry == g_ptr_array_index (self->mirror, position))
        {
          update_entry (self, entry);
          return;
        }
    }

  for (guint i = 0; i < removed; i++)
    remove_entry (self, g_ptr_array_index (self->mirror, position + i));
  g_ptr_array_remove_range (self->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (self->entries, position + i);

      g_ptr_array_insert (self->mirror, position + i, entry);
      insert_entry (self, entry);
    }
}

static void
vault_entry_view_dispose (GObject *object)
{
  VaultEntryView *self = VAULT_ENTRY_VIEW (object);

  g_clear_handle_id (&self->reveal_id, g_source_remove);
  if (self->entries != NULL)
    g_signal_handlers_disconnect_by_data (self->entries, self);
  g_clear_object (&self->entries);
  G_OBJECT_CLASS (vault_entry_view_parent_class)->dispose (object);
}

static void
vault_entry_view_finalize (GObject *object)
{
  VaultEntryView *self = VAULT_ENTRY_VIEW (object);

  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->spare, g_array_unref);
  g_clear_pointer (&self->sorted, clear_rows);
  g_ptr_array_unref (self->mirror);
  g_clear_pointer (&self->query, vault_search_query_free);
  G_OBJECT_CLASS (vault_entry_view_parent_class)->finalize (object);
}

static void
vault_entry_view_class_init (VaultEntryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vault_entry_view_dispose;
  object_class->finalize = vault_entry_view_finalize;
}

static void
vault_entry_view_init (VaultEntryView *self)
{
  self->mirror = g_ptr_array_new ();
  self->shown = g_array_new (FALSE, FALSE, sizeof (Row));
  self->spare = g_array_new (FALSE, FALSE, sizeof (Row));
  self->hole_at = G_MAXUINT;
}

VaultEntryView *
vault_entry_view_new (GListModel *entries)
{
  VaultEntryView *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (entries), NULL);
  g_return_val_if_fail (g_list_model_get_item_type (entries) == VAULT_TYPE_ENTRY, NULL);

  self = g_object_new (VAULT_TYPE_ENTRY_VIEW, NULL);
  self->entries = g_object_ref (entries);
  g_signal_connect_swapped (entries, "items-changed", G_CALLBACK (on_items_changed), self);
  rebuild (self);
  return self;
}

/* Shows the entries that match text. A keystroke that only narrows the
 * search tests only the rows already shown. */
void
vault_entry_view_set_search (VaultEntryView *self,
                             const char     *text)
{
  g_autoptr(VaultSearchQuery) query = vault_search_query_new (text != NULL ? text : "");
  gboolean narrows;

  g_return_if_fail (VAULT_IS_ENTRY_VIEW (self));

  if (vault_search_query_is_empty (query))
    g_clear_pointer (&query, vault_search_query_free);
  narrows = vault_search_query_narrows (self->query, query);
  if (narrows && vault_search_query_narrows (query, self->query))
    {
      /* The same search (a space typed, say): nothing to do. */
      g_clear_pointer (&self->query, vault_search_query_free);
      self->query = g_steal_pointer (&query);
      return;
    }
  g_clear_pointer (&self->query, vault_search_query_free);
  self->query = g_steal_pointer (&query);
  refilter (self, narrows ? self->shown : self->sorted);
}
