/* vault-deletions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A vault's deletion records: entry id -> the time it was deleted.
 */
#include "vault-deletions.h"

#include <stdlib.h>
#include <string.h>

struct _VaultDeletions
{
  GHashTable *times; /* char* id -> gint64* */
};

VaultDeletions *
vault_deletions_new (void)
{
  VaultDeletions *self = g_new0 (VaultDeletions, 1);

  self->times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return self;
}

VaultDeletions *
vault_deletions_copy (VaultDeletions *self)
{
  VaultDeletions *copy = vault_deletions_new ();

  vault_deletions_unite (copy, self);
  return copy;
}

void
vault_deletions_free (VaultDeletions *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->times);
  g_free (self);
}

guint
vault_deletions_size (VaultDeletions *self)
{
  return g_hash_table_size (self->times);
}

gboolean
vault_deletions_id_valid (const char *id)
{
  gsize len = id != NULL ? strnlen (id, VAULT_DELETION_ID_MAX + 1) : 0;

  return len > 0 && len <= VAULT_DELETION_ID_MAX;
}

/* Returns TRUE when the record was added or moved later. */
static gboolean
put (VaultDeletions *self,
     const char     *id,
     gint64          time)
{
  gint64 *old = g_hash_table_lookup (self->times, id);

  if (old != NULL)
    {
      if (*old >= time)
        return FALSE;
      *old = time;
      return TRUE;
    }
  g_hash_table_insert (self->times, g_strdup (id), g_memdup2 (&time, sizeof time));
  return TRUE;
}

gboolean
vault_deletions_add (VaultDeletions *self,
                     const char     *id,
                     gint64          time)
{
  if (!vault_deletions_id_valid (id))
    return FALSE;
  put (self, id, time);
  return TRUE;
}

void
vault_deletions_remove (VaultDeletions *self,
                        const char     *id)
{
  g_hash_table_remove (self->times, id);
}

gboolean
vault_deletions_lookup (VaultDeletions *self,
                        const char     *id,
                        gint64         *time)
{
  gint64 *found = g_hash_table_lookup (self->times, id);

  if (found == NULL)
    return FALSE;
  *time = *found;
  return TRUE;
}

guint
vault_deletions_unite (VaultDeletions *self,
                       VaultDeletions *other)
{
  GHashTableIter iter;
  gpointer id, time;
  guint changed = 0;

  g_hash_table_iter_init (&iter, other->times);
  while (g_hash_table_iter_next (&iter, &id, &time))
    if (put (self, id, *(gint64 *) time))
      changed++;
  return changed;
}

static gboolean
is_older (gpointer id,
          gpointer time,
          gpointer before)
{
  return *(gint64 *) time < *(gint64 *) before;
}

guint
vault_deletions_expire (VaultDeletions *self,
                        gint64          before)
{
  return g_hash_table_foreach_remove (self->times, is_older, &before);
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

void
vault_deletions_foreach (VaultDeletions     *self,
                         VaultDeletionsFunc  func,
                         gpointer            user_data)
{
  guint n;
  g_autofree gpointer *ids = g_hash_table_get_keys_as_array (self->times, &n);

  qsort (ids, n, sizeof *ids, compare_ids);
  for (guint i = 0; i < n; i++)
    func (ids[i], *(gint64 *) g_hash_table_lookup (self->times, ids[i]), user_data);
}

gboolean
vault_deletions_equal (VaultDeletions *a,
                       VaultDeletions *b)
{
  GHashTableIter iter;
  gpointer id, time;

  if (g_hash_table_size (a->times) != g_hash_table_size (b->times))
    return FALSE;
  g_hash_table_iter_init (&iter, a->times);
  while (g_hash_table_iter_next (&iter, &id, &time))
    {
      gint64 other;

      if (!vault_deletions_lookup (b, id, &other) || other != *(gint64 *) time)
        return FALSE;
    }
  return TRUE;
}
