/* test-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging two versions of one vault (docs/SYNC.md), against the real GNOME
 * Keyring of the test session: each rule, the header and its password,
 * copies that must be refused, deletion records, conflict copies. Random
 * edit histories (commutative, idempotent) are in test-merge-random.c.
 */
#include <string.h>
#include <json-glib/json-glib.h>

#include "vault-core.h"
#include "vault-clock.h"
#include "vault-entry-private.h"
#include "vault-store-private.h"
#include "test-merge-util.h"
#include "test-util.h"

typedef struct {
  char       *dir;
  char       *path_a;    /* one device's copy of the vault */
  char       *path_b;    /* the other's, a copy of the same file */
  VaultStore *a;
  VaultStore *b;
  char       *vault_id;
} Fixture;

#define T0 1700000000

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *dir_b = NULL;

  vault_clock_set_for_testing (T0);
  f->dir = g_dir_make_tmp ("vault-merge-XXXXXX", NULL);
  f->path_a = g_build_filename (f->dir, "vault.json", NULL);
  dir_b = g_build_filename (f->dir, "b", NULL);
  g_mkdir (dir_b, 0700);
  f->path_b = g_build_filename (dir_b, "vault.json", NULL);

  f->a = test_create (f->path_a, MASTER);
  f->vault_id = g_strdup (vault_store_get_vault_id (f->a));
  test_add (f->a, "GitHub", "octo", "pw-github");
  test_add (f->a, "Bank", "kim", "pw-bank");
  test_add (f->a, "Mail", "kim@example.com", "pw-mail");
  test_save (f->a);
  test_copy_file (f->path_a, f->path_b);
  f->b = test_open (f->path_b, MASTER);
  vault_clock_set_for_testing (T0 + 100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vault_clock_set_for_testing (0);
  vault_secret_key_delete (f->vault_id, NULL, NULL);
  g_clear_object (&f->a);
  g_clear_object (&f->b);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path_a);
  g_free (f->path_b);
  g_free (f->vault_id);
}

/* Merges the file at path into store; returns the report (to clear). */
static VaultMergeReport
merge (VaultStore *store,
       const char *path)
{
  VaultMergeReport report = { 0, };
  g_autoptr(GError) error = NULL;

  g_assert_true (vault_store_merge_file (store, path, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  return report;
}

/* A+B and B+A: both devices save, each merges the other's file. */
static void
merge_both_ways (Fixture *f)
{
  VaultMergeReport ra, rb;
  g_autofree char *snap_a = NULL;
  g_autofree char *snap_b = NULL;

  test_save (f->a);
  test_save (f->b);
  ra = merge (f->a, f->path_b);
  rb = merge (f->b, f->path_a);
  snap_a = test_snapshot (f->a);
  snap_b = test_snapshot (f->b);
  g_assert_cmpstr (snap_a, ==, snap_b);
  vault_merge_report_clear (&ra);
  vault_merge_report_clear (&rb);
}

static gboolean
titles_contain (GPtrArray  *titles,
                const char *title)
{
  for (guint i = 0; i < titles->len; i++)
    if (g_str_equal (titles->pdata[i], title))
      return TRUE;
  return FALSE;
}

/* --- The rules ---------------------------------------------------------------- */

static void
test_added_there (Fixture *f, gconstpointer data)
{
  VaultMergeReport report;

  test_add (f->b, "New on B", "", "pw-new");
  test_save (f->b);
  report = merge (f->a, f->path_b);
  g_assert_cmpuint (report.added, ==, 1);
  g_assert_cmpuint (report.updated, ==, 0);
  g_assert_cmpuint (report.deleted, ==, 0);
  g_assert_true (titles_contain (report.added_titles, "New on B"));
  g_assert_true (report.changed);
  test_assert_password (f->a, "New on B", "pw-new");
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->a)), ==, 4);
  vault_merge_report_clear (&report);
  merge_both_ways (f);
}

static void
test_deleted_there (Fixture *f, gconstpointer data)
{
  VaultMergeReport report;

  test_delete (f->b, "Bank");
  test_save (f->b);
  report = merge (f->a, f->path_b);
  g_assert_cmpuint (report.deleted, ==, 1);
  g_assert_true (titles_contain (report.deleted_titles, "Bank"));
  g_assert_null (vault_store_find_by_title (f->a, "Bank", NULL));
  vault_merge_report_clear (&report);
  merge_both_ways (f);
}

/* Changed on one side after the other deleted it: the change stays. */
static void
test_edit_after_delete (Fixture *f, gconstpointer data)
{
  VaultMergeReport report;

  test_delete (f->b, "Bank");
  vault_clock_set_for_testing (T0 + 200);
  test_set_password (f->a, "Bank", "pw-bank-2");
  test_save (f->a);
  test_save (f->b);

  report = merge (f->b, f->path_a);
  g_assert_cmpuint (report.added, ==, 1);
  test_assert_password (f->b, "Bank", "pw-bank-2");
  vault_merge_report_clear (&report);
  report = merge (f->a, f->path_b);
  g_assert_cmpuint (report.deleted, ==, 0);
  test_assert_password (f->a, "Bank", "pw-bank-2");
  vault_merge_report_clear (&report);
  merge_both_ways (f);
}

/* Deleted after the other side's last change: gone on both. */
static void
test_delete_after_edit (Fixture *f, gconstpointer data)
{
  test_set_password (f->a, "Bank", "pw-bank-2");
  vault_clock_set_for_testing (T0 + 200);
  test_delete (f->b, "Bank");
  merge_both_ways (f);
  g_assert_null (vault_store_find_by_title (f->a, "Bank", NULL));
  g_assert_null (vault_store_find_by_title (f->b, "Bank", NULL));
}

/* Deleted in the second of the other side's change: a deletion at or
 * after the last change wins. */
static void
test_delete_same_second (Fixture *f, gconstpointer data)
{
  test_set_password (f->a, "Bank", "pw-bank-2");
  test_delete (f->b, "Bank");
  merge_both_ways (f);
  g_assert_null (vault_store_find_by_title (f->a, "Bank", NULL));
}

/* Both changed: the newer wins whole; the older password goes to history. */
static void
test_newer_wins (Fixture *f, gconstpointer data)
{
  VaultEntry *entry_a = vault_store_find_by_title (f->a, "GitHub", NULL);
  VaultEntryFields fields = { .title = "GitHub (work)", .username = "octo-work",
                              .password = "pw-b" };
  g_autoptr(GError) error = NULL;
  VaultMergeReport report;

  test_set_password (f->a, "GitHub", "pw-a");
  vault_clock_set_for_testing (T0 + 200);
  g_assert_true (vault_store_update_entry (f->b, vault_store_find_by_title (f->b, "GitHub", NULL),
                                           &fields, &error));
  test_save (f->a);
  test_save (f->b);

  report = merge (f->a, f->path_b);
  g_assert_cmpuint (report.updated, ==, 1);
  g_assert_true (titles_contain (report.updated_titles, "GitHub (work)"));
  /* The same object, changed in place. */
  g_assert_true (vault_store_find_by_title (f->a, "GitHub (work)", NULL) == entry_a);
  g_assert_cmpstr (vault_entry_get_username (entry_a), ==, "octo-work");
  test_assert_password (f->a, "GitHub (work)", "pw-b");
  /* Both sides' old passwords are in history, each once: the one both
   * replaced dated when B did (the later), and A's losing one when B's
   * version replaced it. */
  test_assert_history (f->a, "GitHub (work)", "pw-a@200,pw-github@200");
  vault_merge_report_clear (&report);
  merge_both_ways (f);
}

/* Changed at the same second: the same version wins on both devices. */
static void
test_same_second (Fixture *f, gconstpointer data)
{
  test_set_password (f->a, "Mail", "pw-mail-a");
  test_set_password (f->b, "Mail", "pw-mail-b");
  merge_both_ways (f);
  test_assert_history_has (f->a, "Mail", "pw-mail");
  g_assert_cmpuint (vault_entry_get_history_length (vault_store_find_by_title (f->a, "Mail", NULL)),
                    ==, 2);
}

/* The same new password on both sides: neither it nor the one both
 * replaced is in history twice; that one is dated when it was last replaced. */
static void
test_same_password (Fixture *f, gconstpointer data)
{
  test_set_password (f->a, "Mail", "pw-same");
  vault_clock_set_for_testing (T0 + 101);
  test_set_password (f->b, "Mail", "pw-same");
  merge_both_ways (f);
  test_assert_history (f->a, "Mail", "pw-mail@101");
}

/* Merging a copy twice, or the result's own sources, changes nothing. */
static void
test_idempotent (Fixture *f, gconstpointer data)
{
  VaultMergeReport report;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  test_set_password (f->a, "Mail", "pw-mail-a");
  test_delete (f->a, "Bank");
  test_add (f->b, "New", "", "x");
  test_set_password (f->b, "GitHub", "pw-github-b");
  test_save (f->a);
  test_save (f->b);
  report = merge (f->a, f->path_b);
  g_assert_true (report.changed);
  vault_merge_report_clear (&report);
  before = test_snapshot (f->a);

  report = merge (f->a, f->path_b);
  g_assert_false (report.changed);
  g_assert_cmpuint (report.added + report.updated + report.deleted, ==, 0);
  vault_merge_report_clear (&report);
  after = test_snapshot (f->a);
  g_assert_cmpstr (before, ==, after);
}

/* Read, merge, and say whether the copy lacks what the store now holds. */
static gboolean
merge_and_check (VaultStore *store,
                 const char *path)
{
  VaultMergeReport report = { 0, };
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultCopy) copy = vault_store_read_copy (store, path, NULL, NULL, &error);
  gboolean lacks;

  g_assert_no_error (error);
  g_assert_true (vault_store_merge_copy (store, copy, &report, &error));
  g_assert_no_error (error);
  vault_merge_report_clear (&report);
  lacks = vault_store_copy_lacks_merged (store, copy);
  return lacks;
}

/* The app saves after a merge only when the other version lacks something:
 * else two devices would answer each other's saves for ever. */
static void
test_copy_lacks (Fixture *f, gconstpointer data)
{
  /* B only added: A merges it and holds nothing B lacks. */
  test_add (f->b, "New", "", "x");
  test_save (f->b);
  g_assert_false (merge_and_check (f->a, f->path_b));
  /* An edit here that B lacks. */
  test_set_password (f->a, "Mail", "pw-mail-a");
  g_assert_true (merge_and_check (f->a, f->path_b));
  /* B saves the same: nothing lacking any more. */
  test_save (f->a);
  test_copy_file (f->path_a, f->path_b);
  g_assert_false (merge_and_check (f->a, f->path_b));
  /* A deletion here: its record is what B lacks. */
  test_delete (f->a, "Bank");
  g_assert_true (merge_and_check (f->a, f->path_b));
}

/* Two devices with the app open both merge the same conflict, each sealing
 * the losing password anew; one more exchange must leave them the same to
 * the byte, or each would find the other's file lacking and save over it. */
static void
test_both_merge_then_settle (Fixture *f, gconstpointer data)
{
  g_autofree char *a0 = g_build_filename (f->dir, "a0.json", NULL);
  g_autofree char *b0 = g_build_filename (f->dir, "b0.json", NULL);
  g_autofree char *a1 = g_build_filename (f->dir, "a1.json", NULL);
  g_autofree char *b1 = g_build_filename (f->dir, "b1.json", NULL);

  test_set_password (f->a, "Mail", "pw-mail-a");
  vault_clock_set_for_testing (T0 + 101);
  test_set_password (f->b, "Mail", "pw-mail-b");
  test_save (f->a);
  test_save (f->b);
  test_copy_file (f->path_a, a0);
  test_copy_file (f->path_b, b0);

  /* Each merges the other's version it was sent, and saves. */
  g_assert_true (merge_and_check (f->a, b0));
  g_assert_true (merge_and_check (f->b, a0));
  test_save (f->a);
  test_save (f->b);
  test_copy_file (f->path_a, a1);
  test_copy_file (f->path_b, b1);

  /* Then each gets the other's merge: after that, nothing is lacking
   * either way. */
  merge_and_check (f->a, b1);
  merge_and_check (f->b, a1);
  test_save (f->a);
  test_save (f->b);
  g_assert_false (merge_and_check (f->a, f->path_b));
  g_assert_false (merge_and_check (f->b, f->path_a));
  test_assert_history (f->a, "Mail", "pw-mail@101,pw-mail-a@101");
}

/* Live entries change in place; the list says which; search sees them. */
static void
test_live_entries (Fixture *f, gconstpointer data)
{
  GListModel *model = vault_store_get_entries (f->a);
  VaultEntry *github = vault_store_find_by_title (f->a, "GitHub", NULL);
  VaultEntryFields fields = { .title = "Codeberg" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  VaultMergeReport report;
  guint signals = 0;

  found = vault_store_search (f->a, "git");
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_assert_true (vault_store_update_entry (f->b, vault_store_find_by_title (f->b, "GitHub", NULL),
                                           &fields, &error));
  test_save (f->b);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (test_count_signal), &signals);
  report = merge (f->a, f->path_b);
  g_assert_cmpuint (signals, ==, 1);
  g_assert_cmpstr (vault_entry_get_title (github), ==, "Codeberg");
  found = vault_store_search (f->a, "codeb");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (found->pdata[0] == github);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = vault_store_search (f->a, "github");
  g_assert_cmpuint (found->len, ==, 0);
  g_signal_handlers_disconnect_by_data (model, &signals);
  vault_merge_report_clear (&report);
}

/* --- The header and its password ---------------------------------------------- */

static void
test_newer_header (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultCopy) copy = NULL;
  g_autoptr(VaultStore) reopened = NULL;
  VaultMergeReport report = { 0, };

  vault_clock_set_for_testing (T0 + 300);
  g_assert_true (vault_store_change_password (f->b, OTHER_MASTER, NULL, &error));
  g_assert_no_error (error);
  test_add (f->b, "After the change", "", "x");
  test_save (f->b);

  /* The CLI's path: A's password does not open B's newer header... */
  copy = vault_store_read_copy (f->a, f->path_b, MASTER, NULL, &error);
  g_assert_null (copy);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);
  /* ...B's does. */
  copy = vault_store_read_copy (f->a, f->path_b, OTHER_MASTER, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (vault_copy_header_differs (copy));
  g_assert_true (vault_store_merge_copy (f->a, copy, &report, &error));
  g_assert_true (report.header_changed);
  g_assert_cmpuint (report.added, ==, 1);
  vault_merge_report_clear (&report);
  test_save (f->a);

  /* A's file now opens with B's password, and not with its own. */
  g_clear_object (&f->a);
  reopened = vault_store_open (f->path_a, MASTER, NULL, &error);
  g_assert_null (reopened);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);
  f->a = test_open (f->path_a, OTHER_MASTER);
  test_assert_password (f->a, "After the change", "x");

  /* B merging A's older header keeps its own. */
  report = merge (f->b, f->path_a);
  g_assert_false (report.header_changed);
  g_assert_false (report.changed);
  vault_merge_report_clear (&report);
}

/* The app's path: no password; the newer header is taken as it is. */
static void
test_newer_header_async (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VaultCopy) copy = NULL;
  VaultMergeReport report = { 0, };

  vault_clock_set_for_testing (T0 + 300);
  g_assert_true (vault_store_change_password (f->b, OTHER_MASTER, NULL, &error));
  vault_store_read_copy_async (f->a, f->path_b, NULL, test_store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  copy = vault_store_read_copy_finish (f->a, result, &error);
  g_assert_no_error (error);
  g_assert_true (vault_store_merge_copy (f->a, copy, &report, &error));
  g_assert_true (report.header_changed);
  vault_merge_report_clear (&report);
  test_save (f->a);
  g_clear_object (&f->a);
  f->a = test_open (f->path_a, OTHER_MASTER);
}

/* --- Copies that are refused ------------------------------------------------------ */

static void
assert_refused (Fixture    *f,
                const char *path,
                int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file_before = test_read_bytes (f->path_a);
  g_autoptr(GBytes) copy_before = test_read_bytes (path);
  g_autoptr(GBytes) file_after = NULL;
  g_autoptr(GBytes) copy_after = NULL;
  g_autofree char *before = test_snapshot (f->a);
  g_autofree char *after = NULL;
  VaultMergeReport report = { 0, };

  g_assert_false (vault_store_merge_file (f->a, path, NULL, &report, NULL, &error));
  g_assert_error (error, VAULT_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_false (report.changed);
  after = test_snapshot (f->a);
  g_assert_cmpstr (before, ==, after);
  file_after = test_read_bytes (f->path_a);
  copy_after = test_read_bytes (path);
  g_assert_true (g_bytes_equal (file_before, file_after));
  g_assert_true (g_bytes_equal (copy_before, copy_after));
  vault_merge_report_clear (&report);
}

static void
test_other_vault (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "other.json", NULL);
  g_autoptr(VaultStore) other = test_create (path, MASTER);

  test_add (other, "Someone else's", "", "x");
  test_save (other);
  assert_refused (f, path, VAULT_ERROR_OTHER_VAULT);
  vault_secret_key_delete (vault_store_get_vault_id (other), NULL, NULL);
}

static void
test_damaged_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  char *payload;

  test_add (f->b, "New", "", "x");
  test_save (f->b);
  bytes = test_read_bytes (f->path_b);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  /* One character of the sealed payload changed. */
  payload = strstr (text, "\"payload\" : \"") + strlen ("\"payload\" : \"") + 40;
  *payload = *payload == 'A' ? 'B' : 'A';
  g_assert_true (g_file_set_contents (f->path_b, text, -1, NULL));
  assert_refused (f, f->path_b, VAULT_ERROR_DAMAGED);

  /* Not JSON at all. */
  g_assert_true (g_file_set_contents (f->path_b, "{\"format\":\"com.example.Vault\",", -1, NULL));
  assert_refused (f, f->path_b, VAULT_ERROR_DAMAGED);
}

static void
test_newer_format_copy (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *from = g_strdup_printf ("\"version\" : %d,", VAULT_FORMAT_VERSION);
  g_autofree char *to = g_strdup_printf ("\"version\" : %d,", VAULT_FORMAT_VERSION + 1);

  test_save (f->b);
  bytes = test_read_bytes (f->path_b);
  text = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpuint (g_string_replace (text, from, to, 1), ==, 1);
  g_assert_true (g_file_set_contents (f->path_b, text->str, text->len, NULL));
  assert_refused (f, f->path_b, VAULT_ERROR_NEWER_FORMAT);
}

/* --- The store's own file ------------------------------------------------------- */

/* Another program saved the vault: the save is refused, the file merged,
 * and the save after it keeps both changes. */
static void
test_own_file_changed (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) other = test_open (f->path_a, MASTER);
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) reopened = NULL;
  VaultMergeReport report;

  test_add (other, "From the other program", "", "x");
  test_save (other);
  vault_clock_set_for_testing (T0 + 200);
  test_set_password (f->a, "Bank", "pw-bank-2");

  g_assert_false (vault_store_save (f->a, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK);
  g_clear_error (&error);
  report = merge (f->a, vault_store_get_path (f->a));
  g_assert_cmpuint (report.added, ==, 1);
  vault_merge_report_clear (&report);
  test_save (f->a);

  reopened = test_open (f->path_a, MASTER);
  test_assert_password (reopened, "From the other program", "x");
  test_assert_password (reopened, "Bank", "pw-bank-2");
}

/* --- Deletion records ------------------------------------------------------------- */

static void
test_deletions_kept (Fixture *f, gconstpointer data)
{
  VaultEntry *bank = vault_store_find_by_title (f->a, "Bank", NULL);
  g_autofree char *id = g_strdup (vault_entry_get_id (bank));
  g_autofree char *mail_id = g_strdup (vault_entry_get_id (vault_store_find_by_title (f->a, "Mail", NULL)));
  g_autoptr(VaultEntry) mail = NULL;
  g_autoptr(GError) error = NULL;
  gint64 time = 0;

  test_delete (f->a, "Bank");
  mail = g_object_ref (vault_store_find_by_title (f->a, "Mail", NULL));
  test_delete (f->a, "Mail");
  /* Undo forgets the deletion. */
  g_assert_true (vault_store_restore_entry (f->a, mail, &error));
  test_save (f->a);
  g_clear_object (&f->a);

  f->a = test_open (f->path_a, MASTER);
  g_assert_true (vault_deletions_lookup (f->a->deleted, id, &time));
  g_assert_cmpint (time, ==, T0 + 100);
  g_assert_false (vault_deletions_lookup (f->a->deleted, mail_id, &time));
  g_assert_cmpuint (vault_deletions_size (f->a->deleted), ==, 1);

  /* Three years on, the record is dropped at the next save. */
  vault_clock_set_for_testing (T0 + 100 + VAULT_DELETION_KEEP_SECONDS);
  test_save (f->a);
  g_assert_cmpuint (vault_deletions_size (f->a->deleted), ==, 1);
  vault_clock_set_for_testing (T0 + 101 + VAULT_DELETION_KEEP_SECONDS);
  test_save (f->a);
  g_clear_object (&f->a);
  f->a = test_open (f->path_a, MASTER);
  g_assert_cmpuint (vault_deletions_size (f->a->deleted), ==, 0);

  /* And a device that was away longer brings the entry back. */
  test_save (f->a);
  {
    VaultMergeReport report = merge (f->a, f->path_b);

    g_assert_cmpuint (report.added, ==, 1);
    vault_merge_report_clear (&report);
  }
}

/* Learnt by a merge, a deletion is passed on to the next device. */
static void
test_deletions_passed_on (Fixture *f, gconstpointer data)
{
  g_autofree char *path_c = g_build_filename (f->dir, "c.json", NULL);
  g_autoptr(VaultStore) c = NULL;
  VaultMergeReport report;

  test_copy_file (f->path_a, path_c);
  c = test_open (path_c, MASTER);
  test_delete (f->b, "Bank");
  test_save (f->b);
  report = merge (f->a, f->path_b);
  vault_merge_report_clear (&report);
  test_save (f->a);
  report = merge (c, f->path_a);
  g_assert_cmpuint (report.deleted, ==, 1);
  vault_merge_report_clear (&report);
}

/* --- Conflict copies --------------------------------------------------------------- */

static void
touch (const char *dir,
       const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, "{}", -1, NULL));
}

static void
test_conflict_names (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-merge-XXXXXX", NULL);
  g_autofree char *vault = g_build_filename (dir, "vault.json", NULL);
  g_autoptr(GPtrArray) found = NULL;
  const char *copies[] = {
    "vault (1).json",
    "vault (Kim's conflicted copy 2024-05-01).json",
    "vault (SFConflict kim@example.com 2024-05-01-10-10-10).json",
    "vault (conflicted copy 2024-05-01 101010).json",
    "vault-2.json",
    "vault.json (conflicted copy 2024-05-01 101010).bak",
    "vault.json.sync-conflict-20240501-101010-ABCDEFG.bak",
    "vault.sync-conflict-20240501-101010-ABCDEFG.json",
    "vault_conflict-20240501-101010.json",
  };
  const char *others[] = {
    "vault.json", "vault.json.bak", "vault.json.lock", ".vault.json.Ab12Cd", "vault.json.bak.1234abcd",
    "other.sync-conflict-20240501-101010-ABCDEFG.json", "vault (copy).json", "vault.sync-conflict.json",
    "vault (1).txt", "notes.json", "vault.json (1).bak", "vault.json.sync-conflict-20240501-101010-ABCDEFG.lock",
    "vault.sync-conflict-20240501-101010-ABCDEFG.bak",
  };

  for (guint i = 0; i < G_N_ELEMENTS (copies); i++)
    touch (dir, copies[i]);
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    touch (dir, others[i]);
  found = vault_conflict_copies_find (vault);
  g_assert_cmpuint (found->len, ==, G_N_ELEMENTS (copies));
  for (guint i = 0; i < found->len; i++)
    {
      g_autofree char *name = g_path_get_basename (found->pdata[i]);

      /* Sorted by name, as listed above. */
      g_assert_cmpstr (name, ==, copies[i]);
    }
  g_assert_true (vault_conflict_copy_is_generic (found->pdata[0]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[1]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[2]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[3]));
  g_assert_true (vault_conflict_copy_is_generic (found->pdata[4]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[5]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[6]));
  g_assert_false (vault_conflict_copy_is_generic (found->pdata[7]));
  test_rm_rf (dir);
}

static void
test_put_away (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-merge-XXXXXX", NULL);
  g_autofree char *copy = g_build_filename (dir, "vault.sync-conflict-20240501-101010-ABCDEFG.json", NULL);
  g_autofree char *expected_dir = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *moved_again = NULL;
  g_autofree char *moved_dir = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  /* main() set XDG_STATE_HOME to a folder of the test's own. */
  expected_dir = g_build_filename (g_get_user_state_dir (), "com.example.Vault", "merged", NULL);

  g_assert_true (g_file_set_contents (copy, "copy one", -1, NULL));
  moved = vault_conflict_copy_put_away (copy, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  moved_dir = g_path_get_dirname (moved);
  g_assert_cmpstr (moved_dir, ==, expected_dir);
  g_assert_true (g_str_has_suffix (moved, "-vault.sync-conflict-20240501-101010-ABCDEFG.json"));
  g_assert_true (g_file_get_contents (moved, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "copy one");

  /* A second copy of that name, the same second: kept beside it. */
  g_assert_true (g_file_set_contents (copy, "copy two", -1, NULL));
  moved_again = vault_conflict_copy_put_away (copy, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (moved, !=, moved_again);
  g_assert_true (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_unlink (moved);
  g_unlink (moved_again);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_autofree char *state = g_dir_make_tmp ("vault-merge-state-XXXXXX", NULL);
  int status;

  /* Before GLib first reads it: merged copies go to the test's own folder. */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/merge/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("rules/added-there", test_added_there);
  ADD ("rules/deleted-there", test_deleted_there);
  ADD ("rules/edit-after-delete", test_edit_after_delete);
  ADD ("rules/delete-after-edit", test_delete_after_edit);
  ADD ("rules/delete-same-second", test_delete_same_second);
  ADD ("rules/newer-wins", test_newer_wins);
  ADD ("rules/same-second", test_same_second);
  ADD ("rules/same-password", test_same_password);
  ADD ("rules/idempotent", test_idempotent);
  ADD ("rules/live-entries", test_live_entries);
  ADD ("rules/copy-lacks", test_copy_lacks);
  ADD ("rules/both-merge-then-settle", test_both_merge_then_settle);
  ADD ("header/newer-password", test_newer_header);
  ADD ("header/newer-async", test_newer_header_async);
  ADD ("refused/other-vault", test_other_vault);
  ADD ("refused/damaged", test_damaged_copy);
  ADD ("refused/newer-format", test_newer_format_copy);
  ADD ("own-file/changed-on-disk", test_own_file_changed);
  ADD ("deletions/kept-and-expired", test_deletions_kept);
  ADD ("deletions/passed-on", test_deletions_passed_on);
  g_test_add_func ("/vault/merge/conflicts/names", test_conflict_names);
  g_test_add_func ("/vault/merge/conflicts/put-away", test_put_away);

  status = g_test_run ();
  test_rm_rf (state);
  return status;
}
