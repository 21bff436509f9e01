/* fuzz-payload.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the payload reader: any bytes are refused or read,
 * and what is read writes back to text that reads to the same entries and
 * deletion records.
 */
#include <string.h>

#include "fuzz-util.h"
#include "vault-entry-private.h"
#include "vault-payload.h"

static gboolean
collect (GString   *pending,
         gboolean   last,
         gpointer   user_data,
         GError   **error)
{
  g_string_append_len (user_data, pending->str, pending->len);
  g_string_truncate (pending, 0);
  return TRUE;
}

static GString *
write_entries (GPtrArray      *entries,
               VaultDeletions *deleted)
{
  g_autoptr(GListStore) model = g_list_store_new (VAULT_TYPE_ENTRY);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    g_list_store_append (model, entries->pdata[i]);
  g_assert_true (vault_payload_write_full (G_LIST_MODEL (model), deleted, collect, text, NULL));
  return text;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VaultDeletions) deleted = NULL;
  g_autoptr(VaultDeletions) deleted_again = NULL;
  g_autoptr(GPtrArray) entries = vault_payload_read_full ((const char *) data, size, &deleted);
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GString) first = NULL;
  g_autoptr(GString) second = NULL;

  if (entries == NULL)
    return 0;

  /* The writer's text is canonical: reading it and writing again gives the
   * same bytes. A difference means the reader kept something the writer
   * cannot say, or the writer wrote something the reader takes otherwise. */
  g_assert_nonnull (deleted);
  g_assert_cmpuint (vault_deletions_size (deleted), <=, VAULT_DELETIONS_MAX);
  first = write_entries (entries, deleted);
  again = vault_payload_read_full (first->str, first->len, &deleted_again);
  g_assert_nonnull (again);
  g_assert_cmpuint (again->len, ==, entries->len);
  g_assert_true (vault_deletions_equal (deleted, deleted_again));
  second = write_entries (again, deleted_again);
  g_assert_cmpmem (first->str, first->len, second->str, second->len);

  for (guint i = 0; i < entries->len; i++)
    {
      VaultEntry *a = entries->pdata[i], *b = again->pdata[i];

      g_assert_cmpstr (vault_entry_get_id (a), ==, vault_entry_get_id (b));
      g_assert_cmpstr (vault_entry_get_title (a), ==, vault_entry_get_title (b));
      g_assert_true (g_utf8_validate (vault_entry_get_title (a), -1, NULL));
      g_assert_cmpint (vault_entry_get_modified (a), ==, vault_entry_get_modified (b));
      g_assert_cmpuint (vault_entry_get_history_length (a), ==,
                        vault_entry_get_history_length (b));
      g_assert_cmpuint (vault_entry_get_n_fields (a), ==, vault_entry_get_n_fields (b));
      g_assert_cmpint (vault_entry_has_totp (a), ==, vault_entry_has_totp (b));
      g_assert_cmpstr (vault_entry_get_search_key (a), ==, vault_entry_get_search_key (b));
    }
  return 0;
}
