/* vault-store-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging another version of the open vault into it, entry by entry, by the
 * rules of docs/SYNC.md: first planned without touching the store (so an
 * error leaves it as it was), then applied to the live entries in place.
 * Reading the copy is in vault-store-copy.c.
 */
#include "config.h"

#include "vault-merge-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-entry-private.h"
#include "vault-error.h"
#include "vault-payload.h"
#include "vault-store-private.h"

void
vault_merge_report_clear (VaultMergeReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->added_titles, g_ptr_array_unref);
  g_clear_pointer (&report->updated_titles, g_ptr_array_unref);
  g_clear_pointer (&report->deleted_titles, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static void
report_init (VaultMergeReport *report)
{
  if (report->added_titles == NULL)
    report->added_titles = g_ptr_array_new_with_free_func (g_free);
  if (report->updated_titles == NULL)
    report->updated_titles = g_ptr_array_new_with_free_func (g_free);
  if (report->deleted_titles == NULL)
    report->deleted_titles = g_ptr_array_new_with_free_func (g_free);
}

/* --- Secrets ------------------------------------------------------------------ */

typedef struct {
  VaultStore *store;
  VaultCopy  *copy;
} Merge;

static VaultSecureBuf *
open_sealed (Merge         *m,
             VaultEntry    *entry,
             const char    *field,
             const guint8  *data,
             gsize          len,
             GError       **error)
{
  g_autofree char *aad = NULL;
  VaultSecureBuf *plain;

  if (data == NULL || len == 0)
    return vault_secure_buf_new (0);
  aad = vault_store_field_aad (vault_entry_get_id (entry), field);
  plain = vault_open (m->store->field_key->data, data, len, aad, strlen (aad));
  if (plain == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("The entry “%s” does not open: “%s” or the open vault is damaged. "
                   "Nothing was merged."),
                 vault_entry_get_title (entry), m->copy->path);
  return plain;
}

static VaultSecureBuf *
open_password (Merge       *m,
               VaultEntry  *entry,
               GError     **error)
{
  gsize len;
  const guint8 *data = vault_entry_get_sealed_password (entry, &len);

  return open_sealed (m, entry, "password", data, len, error);
}

/* --- Histories ------------------------------------------------------------------ */

typedef struct {
  gint64          changed;
  GBytes         *sealed;
  VaultSecureBuf *plain;
} Item;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_clear_pointer (&item->sealed, g_bytes_unref);
  g_clear_pointer (&item->plain, vault_secure_buf_free);
}

static int
compare_plain (const VaultSecureBuf *a,
               const VaultSecureBuf *b)
{
  int result = memcmp (a->data, b->data, MIN (a->len, b->len));

  if (result != 0)
    return result;
  return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

static int
compare_items (gconstpointer pa,
               gconstpointer pb)
{
  const Item *a = pa, *b = pb;

  if (a->changed != b->changed)
    return a->changed < b->changed ? -1 : 1;
  return compare_plain (a->plain, b->plain);
}

/* An entry's merged history being built: its items, and each item's index
 * by its password (one item a password), so that long histories merge in
 * linear time. */
typedef struct {
  GArray     *items;         /* Item */
  GHashTable *by_password;   /* an item's plain -> its index + 1 */
} History;

static guint
hash_plain (gconstpointer key)
{
  const VaultSecureBuf *buf = key;
  guint32 hash = 2166136261u;

  for (gsize i = 0; i < buf->len; i++)
    hash = (hash ^ buf->data[i]) * 16777619u;
  return hash;
}

static gboolean
equal_plain (gconstpointer a,
             gconstpointer b)
{
  return vault_secure_buf_equal (a, b);
}

static void
history_init (History *history)
{
  history->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (history->items, item_clear);
  history->by_password = g_hash_table_new (hash_plain, equal_plain);
}

static void
history_clear (History *history)
{
  g_clear_pointer (&history->by_password, g_hash_table_unref);
  g_clear_pointer (&history->items, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (History, history_clear)

static Item *
find_password (History              *history,
               const VaultSecureBuf *plain)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (history->by_password, plain));

  return index > 0 ? &g_array_index (history->items, Item, index - 1) : NULL;
}

/* Takes the item (its plain and sealed). */
static void
add_item (History *history,
          Item    *item)
{
  g_array_append_val (history->items, *item);
  g_hash_table_insert (history->by_password, item->plain,
                       GUINT_TO_POINTER (history->items->len));
}

/* Adds the items of history not there yet. An old password is one item
 * however often it was replaced: the one dated last is kept, so that the
 * history lists each old password once and says when it was last in use.
 * At the same time the smaller sealed bytes are kept: two devices that
 * merged the same versions each sealed the losing password anew, and their
 * files should end the same. */
static gboolean
add_history (Merge       *m,
             History     *merged,
             VaultEntry  *entry,
             GError     **error)
{
  GArray *history = vault_entry_get_history (entry);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      VaultHistoryItem *h = &g_array_index (history, VaultHistoryItem, i);
      g_autoptr(VaultSecureBuf) plain = open_sealed (m, entry, "history",
                                                     g_bytes_get_data (h->sealed, NULL),
                                                     g_bytes_get_size (h->sealed), error);
      Item item;
      Item *same;

      if (plain == NULL)
        return FALSE;
      if ((same = find_password (merged, plain)) != NULL)
        {
          if (h->changed > same->changed ||
              (h->changed == same->changed && g_bytes_compare (h->sealed, same->sealed) < 0))
            {
              same->changed = h->changed;
              g_bytes_unref (same->sealed);
              same->sealed = g_bytes_ref (h->sealed);
            }
          continue;
        }
      item.changed = h->changed;
      item.sealed = g_bytes_ref (h->sealed);
      item.plain = g_steal_pointer (&plain);
      add_item (merged, &item);
    }
  return TRUE;
}

/* Sorted items into a history; past the bound a file may hold, the
 * oldest are dropped (the same ones on every device). */
static GArray *
history_from_items (GArray *items)
{
  GArray *history = vault_history_new ();
  guint first = items->len > VAULT_PAYLOAD_MAX_HISTORY ? items->len - VAULT_PAYLOAD_MAX_HISTORY : 0;

  for (guint i = first; i < items->len; i++)
    {
      Item *item = &g_array_index (items, Item, i);
      VaultHistoryItem h = { item->changed, g_bytes_ref (item->sealed) };

      g_array_append_val (history, h);
    }
  return history;
}

static gboolean
same_history_bytes (VaultEntry *a,
                    VaultEntry *b)
{
  GArray *x = vault_entry_get_history (a), *y = vault_entry_get_history (b);
  guint n = x != NULL ? x->len : 0;

  if (n != (y != NULL ? y->len : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_array_index (x, VaultHistoryItem, i).changed !=
          g_array_index (y, VaultHistoryItem, i).changed ||
        !g_bytes_equal (g_array_index (x, VaultHistoryItem, i).sealed,
                        g_array_index (y, VaultHistoryItem, i).sealed))
      return FALSE;
  return TRUE;
}

/* --- Entries --------------------------------------------------------------------- */

/* The merge of two versions of one entry (docs/SYNC.md): the winner whole,
 * the histories united, and the loser's password in history when it is
 * not the winner's and not there yet. A new entry, or NULL on error. */
static VaultEntry *
merge_pair (Merge       *m,
            VaultEntry  *here,
            VaultEntry  *there,
            GError     **error)
{
  /* Equal times and contents: either is the winner; this one is kept. */
  gboolean here_wins = vault_entry_get_modified (here) == vault_entry_get_modified (there) &&
                       vault_entry_compare_content (here, there) == 0;
  VaultEntry *winner;
  VaultEntry *loser;
  g_autoptr(VaultEntry) result = NULL;
  g_auto(History) merged = { NULL, NULL };
  g_autoptr(VaultSecureBuf) lost = NULL;
  g_autoptr(VaultSecureBuf) kept = NULL;

  here_wins = here_wins || vault_merge_entry_wins (here, there);
  winner = here_wins ? here : there;
  loser = here_wins ? there : here;
  result = vault_entry_dup (winner);

  if ((lost = open_password (m, loser, error)) == NULL ||
      (kept = open_password (m, winner, error)) == NULL)
    return NULL;
  if (same_history_bytes (here, there) && (lost->len == 0 || vault_secure_buf_equal (lost, kept)))
    return g_steal_pointer (&result);

  history_init (&merged);
  if (!add_history (m, &merged, winner, error) || !add_history (m, &merged, loser, error))
    return NULL;
  /* The loser's password was replaced when the winner was written, as an
   * edit dates the password it replaces. */
  if (lost->len > 0 && !vault_secure_buf_equal (lost, kept))
    {
      gint64 replaced = vault_entry_get_modified (winner);
      Item *same = find_password (&merged, lost);

      if (same != NULL)
        same->changed = MAX (same->changed, replaced);
      else
        {
          g_autofree char *aad = vault_store_field_aad (vault_entry_get_id (loser), "history");
          Item item = { replaced, NULL, NULL };

          item.sealed = vault_seal (m->store->field_key->data, lost->data, lost->len,
                                    aad, strlen (aad));
          item.plain = g_steal_pointer (&lost);
          add_item (&merged, &item);
        }
    }
  /* The index points into the items: gone before they are sorted. */
  g_clear_pointer (&merged.by_password, g_hash_table_unref);
  g_array_sort (merged.items, compare_items);
  vault_entry_set_history (result, history_from_items (merged.items));
  return g_steal_pointer (&result);
}

/* --- The plan, then its application ---------------------------------------------- */

typedef struct {
  guint       position;
  VaultEntry *result;   /* owned */
} Update;

typedef struct {
  GArray          *updates;   /* Update */
  GPtrArray       *added;     /* VaultEntry, new */
  GArray          *removed;   /* guint positions, ascending */
  VaultDeletions  *deleted;   /* the united records */
  gboolean         take_header;
} Plan;

static void
update_clear (gpointer data)
{
  g_clear_object (&((Update *) data)->result);
}

static void
plan_clear (Plan *plan)
{
  g_clear_pointer (&plan->updates, g_array_unref);
  g_clear_pointer (&plan->added, g_ptr_array_unref);
  g_clear_pointer (&plan->removed, g_array_unref);
  g_clear_pointer (&plan->deleted, vault_deletions_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Plan, plan_clear)

/* Whether a deletion record at or after the entry's last change removes it. */
static gboolean
deleted_after (VaultDeletions *deleted,
               VaultEntry     *entry)
{
  gint64 time;

  return vault_deletions_size (deleted) > 0 &&
         vault_deletions_lookup (deleted, vault_entry_get_id (entry), &time) &&
         time >= vault_entry_get_modified (entry);
}

static gboolean
make_plan (Merge   *m,
           Plan    *plan,
           GError **error)
{
  VaultEntryList *list = m->store->entries;
  GPtrArray *theirs = m->copy->entries;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  /* Which of the copy's entries have one here: no second table of ids. */
  g_autofree gboolean *matched = g_new0 (gboolean, theirs->len);

  plan->updates = g_array_new (FALSE, FALSE, sizeof (Update));
  g_array_set_clear_func (plan->updates, update_clear);
  plan->added = g_ptr_array_new_with_free_func (g_object_unref);
  plan->removed = g_array_new (FALSE, FALSE, sizeof (guint));
  plan->deleted = vault_deletions_copy (m->store->deleted);
  vault_deletions_unite (plan->deleted, m->copy->deleted);

  /* 100,000 entries are visited here: borrowed, without references. */
  for (guint i = 0; i < n; i++)
    {
      VaultEntry *entry = vault_entry_list_peek (list, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (m->copy->by_id,
                                                           vault_entry_get_id (entry)));
      VaultEntry *there = index > 0 ? theirs->pdata[index - 1] : NULL;
      g_autoptr(VaultEntry) result = NULL;

      if (there != NULL)
        {
          /* Should this vault hold an id twice, the second is left alone. */
          if (matched[index - 1])
            continue;
          matched[index - 1] = TRUE;
          if (!vault_entry_same (entry, there))
            {
              result = merge_pair (m, entry, there, error);
              if (result == NULL)
                return FALSE;
              if (vault_entry_same (result, entry))
                g_clear_object (&result);
            }
        }

      if (deleted_after (plan->deleted, result != NULL ? result : entry))
        g_array_append_val (plan->removed, i);
      else if (result != NULL)
        {
          Update update = { i, g_steal_pointer (&result) };

          g_array_append_val (plan->updates, update);
        }
    }

  for (guint i = 0; i < theirs->len; i++)
    {
      VaultEntry *there = theirs->pdata[i];

      if (matched[i] ||
          GPOINTER_TO_UINT (g_hash_table_lookup (m->copy->by_id, vault_entry_get_id (there))) != i + 1 ||
          deleted_after (plan->deleted, there))
        continue;
      g_ptr_array_add (plan->added, vault_entry_dup (there));
    }

  /* A vault a file could not hold is not made. */
  if (n - plan->removed->len + plan->added->len > VAULT_PAYLOAD_MAX_ENTRIES ||
      vault_deletions_size (plan->deleted) > VAULT_DELETIONS_MAX)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("Merging “%s” would make a vault larger than Vault can keep. "
                     "Nothing was merged."), m->copy->path);
      return FALSE;
    }

  plan->take_header = !vault_file_header_same_keys (m->store->header, m->copy->header) &&
                      vault_merge_header_wins (m->copy->header, m->store->header);
  return TRUE;
}

static gboolean
same_file (const char *a,
           const char *b)
{
  g_autofree char *ca = g_canonicalize_filename (a, NULL);
  g_autofree char *cb = g_canonicalize_filename (b, NULL);

  return strcmp (ca, cb) == 0;
}

static void
apply_plan (Merge            *m,
            Plan             *plan,
            VaultMergeReport *report)
{
  VaultStore *self = m->store;
  GListModel *model = G_LIST_MODEL (self->entries);
  gboolean deletions_changed = !vault_deletions_equal (plan->deleted, self->deleted);

  /* In place, so lists and selections that hold these entries stay. */
  for (guint i = 0; i < plan->updates->len; i++)
    {
      Update *u = &g_array_index (plan->updates, Update, i);
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, u->position);

      vault_entry_assign (entry, u->result);
      vault_entry_list_changed (self->entries, u->position);
      report->updated++;
      g_ptr_array_add (report->updated_titles, g_strdup (vault_entry_get_title (entry)));
    }

  /* From the last, so the positions before stay right. */
  for (guint i = plan->removed->len; i-- > 0;)
    {
      guint position = g_array_index (plan->removed, guint, i);
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, position);

      g_ptr_array_add (report->deleted_titles, g_strdup (vault_entry_get_title (entry)));
      vault_entry_list_remove (self->entries, position);
      report->deleted++;
    }

  vault_entry_list_append_many (self->entries, (VaultEntry **) plan->added->pdata,
                                plan->added->len);
  for (guint i = 0; i < plan->added->len; i++)
    g_ptr_array_add (report->added_titles,
                     g_strdup (vault_entry_get_title (plan->added->pdata[i])));
  report->added += plan->added->len;

  vault_deletions_free (self->deleted);
  self->deleted = g_steal_pointer (&plan->deleted);

  if (plan->take_header)
    {
      vault_file_header_free (self->header);
      self->header = vault_file_header_copy (m->copy->header);
      report->header_changed = TRUE;
    }

  /* The store's own file, read anew: the next save replaces that version. */
  if (same_file (m->copy->path, self->path))
    self->stamp = m->copy->stamp;

  if (plan->updates->len > 0 || plan->removed->len > 0 || plan->added->len > 0 ||
      deletions_changed || plan->take_header)
    report->changed = TRUE;
  vault_store_drop_search_index (self);
}

gboolean
vault_store_merge_copy (VaultStore        *self,
                        VaultCopy         *copy,
                        VaultMergeReport  *report,
                        GError           **error)
{
  g_auto(Plan) plan = { NULL, };
  VaultMergeReport unused = { 0, };
  Merge m = { self, copy };

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (copy != NULL, FALSE);

  if (!vault_store_check_unlocked (self, error))
    return FALSE;
  if (g_strcmp0 (copy->header->vault_id, self->header->vault_id) != 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_OTHER_VAULT,
                   _("“%s” belongs to another vault. It was not merged."), copy->path);
      return FALSE;
    }
  if (!make_plan (&m, &plan, error))
    return FALSE;

  if (report == NULL)
    report = &unused;
  report_init (report);
  apply_plan (&m, &plan, report);
  vault_merge_report_clear (&unused);
  return TRUE;
}

gboolean
vault_store_merge_file (VaultStore        *self,
                        const char        *path,
                        const char        *other_password,
                        VaultMergeReport  *report,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(VaultCopy) copy = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  copy = vault_store_read_copy (self, path, other_password, cancellable, error);
  return copy != NULL && vault_store_merge_copy (self, copy, report, error);
}

/* The same entry, and the other's history holds every old password of this
 * one's. Only when histories differ are they opened: then in sealed bytes or
 * times alone (another device sealed an old password anew, or dated it by
 * older rules) they are the same, and saving over the other would only make
 * it answer with a save of its own. */
static gboolean
same_but_history_times (VaultStore *self,
                        VaultCopy  *copy,
                        VaultEntry *here,
                        VaultEntry *there)
{
  Merge m = { self, copy };
  g_auto(History) mine = { NULL, NULL };
  g_auto(History) theirs = { NULL, NULL };

  if (vault_entry_same (here, there))
    return TRUE;
  if (vault_entry_get_modified (here) != vault_entry_get_modified (there) ||
      vault_entry_compare_content (here, there) != 0)
    return FALSE;

  history_init (&mine);
  history_init (&theirs);
  if (!add_history (&m, &mine, here, NULL) || !add_history (&m, &theirs, there, NULL))
    return FALSE;
  for (guint i = 0; i < mine.items->len; i++)
    if (find_password (&theirs, g_array_index (mine.items, Item, i).plain) == NULL)
      return FALSE;
  return TRUE;
}

/* After another device's version was merged, the open vault needs saving
 * only if that version lacks something the merged vault holds: an entry (or
 * a newer version, or password history) from here, a deletion record, or
 * this device's newer key material. Saving every time would answer each
 * device's save with a save of the other, and two saves at once make a sync
 * engine leave a conflict copy: the devices would never settle. */
gboolean
vault_store_copy_lacks_merged (VaultStore *self,
                               VaultCopy  *copy)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (VAULT_IS_STORE (self), TRUE);
  g_return_val_if_fail (copy != NULL, TRUE);

  if (self->header == NULL || !vault_file_header_same_keys (self->header, copy->header))
    return TRUE;
  /* The merge united them: the same only if the copy had them all. */
  if (!vault_deletions_equal (self->deleted, copy->deleted))
    return TRUE;
  model = G_LIST_MODEL (self->entries);
  n = g_list_model_get_n_items (model);
  if (n != g_hash_table_size (copy->by_id))
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      /* by_id holds an entry's index in entries, plus one. */
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (copy->by_id,
                                                           vault_entry_get_id (entry)));

      if (index == 0 || index > copy->entries->len ||
          !same_but_history_times (self, copy, entry, copy->entries->pdata[index - 1]))
        return TRUE;
    }
  return FALSE;
}
