/* test-merge-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the merge tests share: making and changing vaults in a line, and a
 * vault's whole plain content as one text, to compare two merges by.
 */
#pragma once

#include <string.h>

#include "vault-core.h"
#include "vault-entry-private.h"
#include "vault-store-private.h"
#include "test-util.h"

#define MASTER        "correct horse battery staple"
#define OTHER_MASTER  "orange kettle violin seven moon"

static inline VaultStore *
test_create (const char *path,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_create (path, password, TEST_ITERATIONS, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static inline VaultStore *
test_open (const char *path,
           const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open (path, password, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static inline void
test_save (VaultStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vault_store_save (store, NULL, &error));
  g_assert_no_error (error);
}

static inline VaultEntry *
test_add (VaultStore *store,
          const char *title,
          const char *username,
          const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = title, .username = username, .password = password };
  VaultEntry *entry = vault_store_add_entry (store, &fields, &error);

  g_assert_no_error (error);
  return entry;
}

static inline void
test_set_password (VaultStore *store,
                   const char *title,
                   const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .password = password };
  VaultEntry *entry = vault_store_find_by_title (store, title, &error);

  g_assert_no_error (error);
  g_assert_true (vault_store_update_entry (store, entry, &fields, &error));
}

static inline void
test_delete (VaultStore *store,
             const char *title)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *entry = vault_store_find_by_title (store, title, &error);

  g_assert_no_error (error);
  g_assert_true (vault_store_delete_entry (store, entry, &error));
}

static inline GBytes *
test_read_bytes (const char *path)
{
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static inline void
test_copy_file (const char *from,
                const char *to)
{
  g_autoptr(GBytes) bytes = test_read_bytes (from);

  g_assert_true (g_file_set_contents (to, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
}

static inline char *
test_reveal (VaultStore       *store,
             VaultEntry       *entry,
             VaultSecretField  field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) secret = vault_store_reveal (store, entry, field, &error);

  g_assert_no_error (error);
  return g_strdup (vault_secure_buf_get_string (secret));
}

static inline void
test_assert_password (VaultStore *store,
                      const char *title,
                      const char *expected)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *entry = vault_store_find_by_title (store, title, &error);
  g_autofree char *password = NULL;

  g_assert_no_error (error);
  password = test_reveal (store, entry, VAULT_FIELD_PASSWORD);
  g_assert_cmpstr (password, ==, expected);
}

/* "password@seconds after T0,…" in the order the entry keeps them. */
static inline char *
test_history_text (VaultStore *store,
                   VaultEntry *entry,
                   gint64      t0)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < vault_entry_get_history_length (entry); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) old = vault_store_reveal_history (store, entry, i, &error);

      g_assert_no_error (error);
      g_string_append_printf (text, "%s%s@%" G_GINT64_FORMAT, i > 0 ? "," : "",
                              vault_secure_buf_get_string (old),
                              vault_entry_get_history_time (entry, i) - t0);
    }
  return g_string_free (text, FALSE);
}

#define test_assert_history(store, title, expected) \
  G_STMT_START { \
    g_autofree char *history_ = test_history_text ((store), \
                                                   vault_store_find_by_title ((store), (title), NULL), \
                                                   T0); \
    g_assert_cmpstr (history_, ==, (expected)); \
  } G_STMT_END

#define test_assert_history_has(store, title, password) \
  G_STMT_START { \
    g_autofree char *history_ = test_history_text ((store), \
                                                   vault_store_find_by_title ((store), (title), NULL), \
                                                   0); \
    g_autofree char *needle_ = g_strconcat ((password), "@", NULL); \
    g_assert_true (g_str_has_prefix (history_, needle_) || strstr (history_, needle_) != NULL); \
  } G_STMT_END

static inline int
test_compare_strings (gconstpointer a,
                      gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static inline void
test_add_deletion (const char *id,
                   gint64      time,
                   gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup_printf ("deleted %s at %" G_GINT64_FORMAT, id, time));
}

/* Everything a person could see or a merge could change, in plain text, in
 * an order that does not depend on the list's: each entry's fields and
 * opened secrets, its history as a set, the deletion records, the header's
 * key material. Two vaults with the same text hold the same. */
static inline char *
test_snapshot (VaultStore *store)
{
  GListModel *model = vault_store_get_entries (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *header = vault_file_header_to_canonical (store->header);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *password = test_reveal (store, entry, VAULT_FIELD_PASSWORD);
      g_autofree char *notes = test_reveal (store, entry, VAULT_FIELD_NOTES);
      g_autofree char *tags = g_strjoinv (",", (char **) vault_entry_get_tags (entry));
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint k = 0; k < vault_entry_get_history_length (entry); k++)
        {
          g_autoptr(VaultSecureBuf) old = vault_store_reveal_history (store, entry, k, NULL);

          g_assert_nonnull (old);
          g_ptr_array_add (history, g_strdup_printf ("%" G_GINT64_FORMAT ":%s",
                                                     vault_entry_get_history_time (entry, k),
                                                     vault_secure_buf_get_string (old)));
        }
      g_ptr_array_sort (history, test_compare_strings);
      g_string_printf (line, "entry %s title=%s user=%s url=%s tags=%s fav=%d created=%"
                       G_GINT64_FORMAT " modified=%" G_GINT64_FORMAT " password=%s notes=%s"
                       " history=",
                       vault_entry_get_id (entry), vault_entry_get_title (entry),
                       vault_entry_get_username (entry), vault_entry_get_url (entry), tags,
                       vault_entry_get_favourite (entry), vault_entry_get_created (entry),
                       vault_entry_get_modified (entry), password, notes);
      for (guint k = 0; k < history->len; k++)
        g_string_append_printf (line, "%s%s", k > 0 ? "," : "", (char *) history->pdata[k]);
      g_ptr_array_add (lines, g_string_free (g_steal_pointer (&line), FALSE));
    }
  vault_deletions_foreach (store->deleted, test_add_deletion, lines);
  g_ptr_array_sort (lines, test_compare_strings);
  g_string_append_printf (text, "header %s\n", header);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (text, "%s\n", (char *) lines->pdata[i]);
  return g_string_free (text, FALSE);
}

static inline void
test_count_signal (guint *count)
{
  (*count)++;
}

static inline void
test_store_result (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}
