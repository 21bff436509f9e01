/* test-app-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry-list window and another device's versions, in a real display
 * with the real keyring: the vault file replaced by a rename while the
 * window is open, a save that meets a file changed under it, and conflict
 * copies beside the vault, of this vault and of another.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-window.h"
#include "test-util.h"

#define MASTER "harbour quilt meadow"

typedef struct {
  char             *dir;
  char             *other_dir;
  char             *path;
  VaultApplication *app;
  VaultStore       *store;
  GPtrArray        *vault_ids;   /* Secret Keys to delete at the end */
} Fixture;

static VaultApplication *shared_app;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vault-app-sync-XXXXXX", NULL);
  f->other_dir = g_dir_make_tmp ("vault-app-sync-other-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->vault_ids = g_ptr_array_new_with_free_func (g_free);
  if (shared_app == NULL)
    {
      shared_app = vault_application_new ();
      g_application_set_flags (G_APPLICATION (shared_app), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, &error));
      g_assert_no_error (error);
    }
  f->app = shared_app;
  vault_application_lock (f->app, FALSE);
  vault_application_set_vault_path (f->app, f->path);
  f->store = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->vault_ids, g_strdup (vault_store_get_vault_id (f->store)));
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  GList *windows;

  vault_application_lock (f->app, FALSE);
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (f->app))) != NULL)
    gtk_window_destroy (windows->data);
  for (guint i = 0; i < f->vault_ids->len; i++)
    vault_secret_key_delete (f->vault_ids->pdata[i], NULL, NULL);
  g_ptr_array_unref (f->vault_ids);
  g_clear_object (&f->store);
  test_rm_rf (f->dir);
  test_rm_rf (f->other_dir);
  g_free (f->dir);
  g_free (f->other_dir);
  g_free (f->path);
}

static gboolean
spin_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  return done (data);
}

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static VaultEntry *
add (VaultStore *store, const char *title, const char *username)
{
  VaultEntryFields fields = { .title = title, .username = username, .password = "pw" };
  VaultEntry *entry = vault_store_add_entry (store, &fields, NULL);

  g_assert_nonnull (entry);
  return entry;
}

static void
set_fields (VaultStore *store, const char *title, const char *new_title, const char *username)
{
  VaultEntry *entry = vault_store_find_by_title (store, title, NULL);
  VaultEntryFields fields = { .title = new_title, .username = username };

  g_assert_nonnull (entry);
  g_assert_true (vault_store_update_entry (store, entry, &fields, NULL));
}

static void
save (VaultStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vault_store_save (store, NULL, &error));
  g_assert_no_error (error);
}

/* The vault as another device has it: a copy of the file, opened there. */
static VaultStore *
other_device (Fixture *f)
{
  g_autofree char *copy = g_build_filename (f->other_dir, "vault.json", NULL);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  VaultStore *store;

  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_unlink (copy);
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  store = vault_store_open (copy, MASTER, NULL, &error);
  g_assert_no_error (error);
  return store;
}

static void
set_password (VaultStore *store, const char *title, const char *password)
{
  VaultEntry *entry = vault_store_find_by_title (store, title, NULL);
  VaultEntryFields fields = { .password = password };

  g_assert_nonnull (entry);
  g_assert_true (vault_store_update_entry (store, entry, &fields, NULL));
}

/* The sync engine bringing a file: written beside, then renamed over. */
static char *
carry (const char *from, const char *to)
{
  g_autofree char *tmp = g_strconcat (to, ".syncing", NULL);
  char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (tmp, contents, length, NULL));
  g_assert_cmpint (g_rename (tmp, to), ==, 0);
  return contents;
}

/* What the file holds now, read as vault-cli would. */
static VaultStore *
read_back (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open (f->path, MASTER, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static GStrv
titles (GListModel *model)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      g_strv_builder_add (builder, vault_entry_get_title (entry));
    }
  return g_strv_builder_end (builder);
}

static gboolean
has_titles (GListModel *model, const char * const *expected)
{
  g_auto(GStrv) now = titles (model);

  return g_strv_equal ((const char * const *) now, expected);
}

static VaultWindow *
open_window (Fixture *f)
{
  vault_application_unlocked (f->app, f->store);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l; l = l->next)
    if (VAULT_IS_WINDOW (l->data))
      return l->data;
  g_assert_not_reached ();
}

typedef struct {
  VaultWindow        *window;
  const char * const *expected;
} ListWait;

static gboolean
list_shows (gpointer data)
{
  ListWait *wait = data;

  return has_titles (vault_window_get_visible_entries (wait->window), wait->expected);
}

/* What a person would see if a save failed: a message dialog. */
static gboolean
error_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return TRUE;
    }
  return FALSE;
}

/* --- The file replaced while the window is open --------------------------------- */

static void
test_file_replaced (Fixture *f, gconstpointer data)
{
  const char *before[] = { "Three", "Two", NULL };
  const char *after[] = { "A Two", "Ten", NULL };
  const char *everything[] = { "A Two", "One", "Ten", NULL };
  g_autoptr(VaultStore) other = NULL;
  g_autoptr(VaultStore) saved = NULL;
  g_autofree char *copy = g_build_filename (f->other_dir, "vault.json", NULL);
  VaultWindow *window;
  VaultEntry *two;
  ListWait wait;

  add (f->store, "One", "1");
  two = add (f->store, "Two", "2");
  add (f->store, "Three", "3");
  save (f->store);
  window = open_window (f);
  vault_window_set_search (window, "t");
  g_assert_true (has_titles (vault_window_get_visible_entries (window), before));
  vault_window_select_entry (window, two);

  /* Another device adds one entry, edits one (its new title moves it in
   * the list), deletes one. */
  other = other_device (f);
  add (other, "Ten", "10");
  set_fields (other, "Two", "A Two", "two-changed");
  g_assert_true (vault_store_delete_entry (other, vault_store_find_by_title (other, "Three",
                                                                             NULL), NULL));
  save (other);
  g_assert_cmpint (g_rename (copy, f->path), ==, 0);

  wait = (ListWait) { window, after };
  g_assert_true (spin_until (list_shows, &wait, 5000));
  /* The same entry stays selected, with its new values; the search stays. */
  g_assert_true (vault_window_get_selected (window) == two);
  g_assert_cmpstr (vault_entry_get_title (two), ==, "A Two");
  g_assert_cmpstr (vault_entry_get_username (two), ==, "two-changed");
  g_assert_false (vault_window_has_unsaved_changes (window));
  vault_window_set_search (window, "");
  g_assert_true (has_titles (vault_window_get_visible_entries (window), everything));

  /* Nothing here was missing from that version: the merge saved nothing. */
  g_assert_true (vault_store_is_file_current (f->store));
  saved = read_back (f);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (saved)), ==, 3);
}

/* --- A save that meets a changed file ------------------------------------------ */

static gboolean
saved_with_both (gpointer data)
{
  Fixture *f = data;
  g_autoptr(VaultStore) saved = NULL;
  VaultEntry *one;

  if (!vault_store_is_file_current (f->store))
    return FALSE;
  saved = read_back (f);
  one = vault_store_find_by_title (saved, "One", NULL);
  return vault_store_find_by_title (saved, "Other", NULL) != NULL && one != NULL &&
         g_str_equal (vault_entry_get_username (one), "one-here");
}

static void
test_save_meets_changed_file (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) other = NULL;
  g_autofree char *copy = g_build_filename (f->other_dir, "vault.json", NULL);
  VaultWindow *window;

  add (f->store, "One", "1");
  save (f->store);
  window = open_window (f);

  other = other_device (f);
  add (other, "Other", "o");
  save (other);
  g_assert_cmpint (g_rename (copy, f->path), ==, 0);

  /* Changed and saved here before the window noticed the new file: the
   * save is refused, the file merged, and saved again. */
  set_fields (f->store, "One", NULL, "one-here");
  vault_window_save (window);
  g_assert_true (spin_until (saved_with_both, f, 5000));
  g_assert_false (vault_window_has_unsaved_changes (window));
  g_assert_false (error_shown ());
  g_assert_nonnull (vault_store_find_by_title (f->store, "Other", NULL));
}

/* --- Conflict copies -------------------------------------------------------------- */

static gboolean
file_gone (gpointer data)
{
  return !g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_conflict_copy_on_unlock (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) other = NULL;
  g_autoptr(VaultStore) saved = NULL;
  g_autofree char *copy = g_build_filename (f->other_dir, "vault.json", NULL);
  g_autofree char *conflict = g_build_filename (
    f->dir, "vault.sync-conflict-20261123-101010-ABCDEF1.json", NULL);

  add (f->store, "Here", "h");
  save (f->store);
  other = other_device (f);
  add (other, "There", "t");
  add (other, "Yonder", "y");
  save (other);
  g_assert_cmpint (g_rename (copy, conflict), ==, 0);

  /* Unlocking merges it, saves, and puts it away. */
  open_window (f);
  g_assert_true (spin_until (file_gone, conflict, 5000));
  g_assert_nonnull (vault_store_find_by_title (f->store, "Yonder", NULL));
  saved = read_back (f);
  g_assert_nonnull (vault_store_find_by_title (saved, "There", NULL));
  g_assert_nonnull (vault_store_find_by_title (saved, "Yonder", NULL));
  g_assert_nonnull (vault_store_find_by_title (saved, "Here", NULL));
}

static void
test_conflict_copy_of_another_vault (Fixture *f, gconstpointer data)
{
  g_autofree char *stranger_path = g_build_filename (f->other_dir, "vault.json", NULL);
  g_autofree char *conflict = g_build_filename (
    f->dir, "vault.sync-conflict-20261123-101010-ZZZZZZZ.json", NULL);
  g_autoptr(VaultStore) stranger = NULL;
  g_autoptr(GError) error = NULL;
  VaultWindow *window;

  add (f->store, "Here", "h");
  save (f->store);
  window = open_window (f);

  stranger = vault_store_create (stranger_path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
  g_ptr_array_add (f->vault_ids, g_strdup (vault_store_get_vault_id (stranger)));
  add (stranger, "Stranger", "s");
  save (stranger);
  g_assert_cmpint (g_rename (stranger_path, conflict), ==, 0);

  /* Left where it is; nothing merged; the window goes on. */
  spin_for (2000);
  g_assert_true (g_file_test (conflict, G_FILE_TEST_EXISTS));
  g_assert_null (vault_store_find_by_title (f->store, "Stranger", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (vault_window_get_visible_entries (window)), ==, 1);
  g_assert_false (vault_window_has_unsaved_changes (window));
  g_assert_false (error_shown ());
}

static gboolean
store_current (gpointer data)
{
  return vault_store_is_file_current (data);
}

/* Both devices open merge the same conflict: each seals the losing password
 * anew. Each then gets the other's save; they must settle, not answer each
 * other's saves for ever (a sync engine makes a conflict of every two). */
static void
test_both_merge_the_same_conflict (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (f->other_dir, "vault.json", NULL);
  g_autofree char *sent = g_build_filename (f->other_dir, "sent.json", NULL);
  g_autofree char *conflict = g_build_filename (
    f->dir, "vault.sync-conflict-20261123-101010-BBBBBBB.json", NULL);
  gboolean settled = FALSE;
  guint rounds;

  add (f->store, "Mail", "m");
  save (f->store);
  other = other_device (f);
  set_password (f->store, "Mail", "pw-here");
  save (f->store);
  set_password (other, "Mail", "pw-there");
  save (other);

  /* The engine keeps this device's file and puts the other's beside it as
   * a conflict copy; the other device gets this one's file the same way. */
  g_free (carry (copy, conflict));
  g_free (carry (f->path, sent));
  open_window (f);
  g_assert_true (spin_until (file_gone, conflict, 5000));
  {
    VaultMergeReport report = { 0 };

    g_assert_true (vault_store_merge_file (other, sent, NULL, &report, NULL, &error));
    g_assert_no_error (error);
    vault_merge_report_clear (&report);
  }
  save (other);

  /* Each save goes to the other device, which merges it and saves only
   * if the file lacks something. */
  for (rounds = 1; rounds <= 4 && !settled; rounds++)
    {
      g_autofree char *put = carry (copy, f->path);
      g_autofree char *now = NULL;
      g_autoptr(VaultCopy) theirs = NULL;
      VaultMergeReport report = { 0 };

      spin_for (2500);
      g_assert_true (spin_until (store_current, f->store, 10000));
      g_assert_true (g_file_get_contents (f->path, &now, NULL, NULL));
      if (strcmp (now, put) == 0)
        {
          settled = TRUE;
          break;
        }
      g_free (carry (f->path, sent));
      theirs = vault_store_read_copy (other, sent, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (vault_store_merge_copy (other, theirs, &report, &error));
      vault_merge_report_clear (&report);
      if (!vault_store_copy_lacks_merged (other, theirs))
        {
          settled = TRUE;
          break;
        }
      save (other);
    }
  g_test_message ("settled after %u round(s)", rounds);
  g_assert_true (settled);
  g_assert_false (error_shown ());
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/vault/app/sync/file-replaced", Fixture, NULL, fixture_set_up,
              test_file_replaced, fixture_tear_down);
  g_test_add ("/vault/app/sync/save-meets-changed-file", Fixture, NULL, fixture_set_up,
              test_save_meets_changed_file, fixture_tear_down);
  g_test_add ("/vault/app/sync/conflict-copy-on-unlock", Fixture, NULL, fixture_set_up,
              test_conflict_copy_on_unlock, fixture_tear_down);
  g_test_add ("/vault/app/sync/conflict-copy-of-another-vault", Fixture, NULL, fixture_set_up,
              test_conflict_copy_of_another_vault, fixture_tear_down);
  g_test_add ("/vault/app/sync/both-merge-the-same-conflict", Fixture, NULL, fixture_set_up,
              test_both_merge_the_same_conflict, fixture_tear_down);

  return g_test_run ();
}
