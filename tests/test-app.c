/* test-app.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Widget-level tests of the app's controllers, in a real display and with
 * the real keyring: the clipboard helper, the entry list's model, and which
 * page the unlock window shows.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vault-application.h"
#include "vault-clipboard.h"
#include "vault-core.h"
#include "vault-kit-pdf.h"
#include "vault-unlock-window.h"
#include "vault-window.h"
#include "test-util.h"

#define MASTER "violet anchor tundra"

static void
spin_until (gboolean (*done) (gpointer), gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static char *
read_clipboard_text (GdkClipboard *clipboard)
{
  GdkContentProvider *content = gdk_clipboard_get_content (clipboard);
  GValue value = G_VALUE_INIT;
  char *text = NULL;

  if (content == NULL)
    return NULL;
  g_value_init (&value, G_TYPE_STRING);
  if (gdk_content_provider_get_value (content, &value, NULL))
    text = g_value_dup_string (&value);
  g_value_unset (&value);
  return text;
}

static gboolean
clipboard_empty (gpointer data)
{
  return gdk_clipboard_get_content (data) == NULL;
}

/* --- Clipboard -------------------------------------------------------------- */

static void
test_clipboard_secret (void)
{
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autoptr(VaultClipboard) helper = vault_clipboard_new ();
  g_autoptr(VaultSecureBuf) secret = vault_secure_buf_new_from_string ("s3cret-pass");
  GdkContentFormats *formats;

  vault_clipboard_copy_secret (helper, clipboard, secret, 1);
  formats = gdk_clipboard_get_formats (clipboard);
  g_assert_true (gdk_content_formats_contain_mime_type (formats, VAULT_PASSWORD_HINT_MIME));
  g_assert_true (gdk_content_formats_contain_mime_type (formats, "text/plain;charset=utf-8"));
  g_assert_true (vault_clipboard_holds_secret (helper));

  /* Cleared after the delay, since it still holds the secret. */
  spin_until (clipboard_empty, clipboard, 5000);
  g_assert_null (gdk_clipboard_get_content (clipboard));
  g_assert_false (vault_clipboard_holds_secret (helper));
}

static void
test_clipboard_leaves_later_copies (void)
{
  GdkClipboard *clipboard = gdk_display_get_clipboard (gdk_display_get_default ());
  g_autoptr(VaultClipboard) helper = vault_clipboard_new ();
  g_autoptr(VaultSecureBuf) secret = vault_secure_buf_new_from_string ("s3cret-pass");
  g_autofree char *text = NULL;
  gint64 end;

  vault_clipboard_copy_secret (helper, clipboard, secret, 1);
  /* The person copies something else: it is theirs, and stays. */
  gdk_clipboard_set_text (clipboard, "a shopping list");
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);

  text = read_clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, "a shopping list");
  vault_clipboard_clear (helper);
  g_clear_pointer (&text, g_free);
  text = read_clipboard_text (clipboard);
  g_assert_cmpstr (text, ==, "a shopping list");
}

/* --- The entry list ------------------------------------------------------------ */

typedef struct {
  char             *dir;
  char             *path;
  VaultApplication *app;
  VaultStore       *store;
} AppFixture;

/* One application for the whole run, as in a real session: registered and
 * started up, without a main loop of its own. */
static VaultApplication *shared_app;

static void
app_fixture_set_up (AppFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vault-app-test-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
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
}

static void
app_fixture_tear_down (AppFixture *f, gconstpointer data)
{
  GList *windows;

  vault_application_lock (f->app, FALSE);
  while ((windows = gtk_application_get_windows (GTK_APPLICATION (f->app))) != NULL)
    gtk_window_destroy (windows->data);
  vault_secret_key_delete (vault_store_get_vault_id (f->store), NULL, NULL);
  g_clear_object (&f->store);
  f->app = NULL;
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
add (VaultStore *store, const char *title, const char *username, gboolean favourite)
{
  VaultEntryFields fields = { .title = title, .username = username, .password = "pw",
                              .set_favourite = TRUE, .favourite = favourite };

  g_assert_nonnull (vault_store_add_entry (store, &fields, NULL));
}

static GStrv
visible_titles (VaultWindow *window)
{
  GListModel *model = vault_window_get_visible_entries (window);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      g_strv_builder_add (builder, vault_entry_get_title (entry));
    }
  return g_strv_builder_end (builder);
}

static void
test_window_list (AppFixture *f, gconstpointer data)
{
  VaultWindow *window;
  g_auto(GStrv) all = NULL;
  g_auto(GStrv) found = NULL;
  g_auto(GStrv) korean = NULL;
  const char *expected_all[] = { "zeta", "Alpha", "beta", "Émile", NULL };
  const char *expected_found[] = { "Alpha", NULL };
  const char *expected_korean[] = { "한국은행", NULL };

  window = vault_window_new (f->app, f->store);
  g_assert_cmpstr (vault_window_get_list_page (window), ==, "empty");

  add (f->store, "beta", "b", FALSE);
  add (f->store, "Alpha", "alice@example.com", FALSE);
  add (f->store, "zeta", "z", TRUE);
  add (f->store, "Émile", "e", FALSE);
  g_assert_cmpstr (vault_window_get_list_page (window), ==, "list");

  /* Favourites first, then by title as people sort, not by bytes. */
  all = visible_titles (window);
  g_assert_cmpstrv (all, expected_all);

  vault_window_set_search (window, "ALICE");
  found = visible_titles (window);
  g_assert_cmpstrv (found, expected_found);

  vault_window_set_search (window, "nothing matches this");
  g_assert_cmpstr (vault_window_get_list_page (window), ==, "no-results");

  add (f->store, "한국은행", "kim", FALSE);
  {
    g_autofree char *jamo = g_utf8_normalize ("은행", -1, G_NORMALIZE_NFD);
    vault_window_set_search (window, jamo);
  }
  korean = visible_titles (window);
  g_assert_cmpstrv (korean, expected_korean);

  vault_window_set_search (window, "");
  g_assert_cmpuint (g_list_model_get_n_items (vault_window_get_visible_entries (window)), ==, 5);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_selection_follows (AppFixture *f, gconstpointer data)
{
  VaultWindow *window = vault_window_new (f->app, f->store);
  VaultEntry *entry;

  add (f->store, "One", "1", FALSE);
  add (f->store, "Two", "2", FALSE);
  entry = vault_store_find_by_title (f->store, "Two", NULL);
  vault_window_select_entry (window, entry);
  g_assert_true (vault_window_get_selected (window) == entry);

  /* Deleted elsewhere: the details do not keep showing it. */
  g_assert_true (vault_store_delete_entry (f->store, entry, NULL));
  g_assert_null (vault_window_get_selected (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unlock_window_pages (AppFixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "none.json", NULL);
  VaultUnlockWindow *window;

  /* A vault on disk: the unlock page. */
  window = vault_unlock_window_new (f->app);
  g_assert_cmpstr (vault_unlock_window_get_page (window), ==, "unlock");
  gtk_window_destroy (GTK_WINDOW (window));

  /* No vault yet: the create page, and nothing written by looking. */
  vault_application_set_vault_path (f->app, missing);
  window = vault_unlock_window_new (f->app);
  g_assert_cmpstr (vault_unlock_window_get_page (window), ==, "create");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_lock_wipes_and_closes (AppFixture *f, gconstpointer data)
{
  VaultStore *store = g_object_ref (f->store);

  add (store, "Site", "u", FALSE);
  vault_application_unlocked (f->app, store);
  g_assert_true (vault_application_get_store (f->app) == store);

  vault_application_lock (f->app, TRUE);
  /* The store is wiped, its window gone, and the unlock window is back. */
  g_assert_true (vault_store_get_locked (store));
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (store)), ==, 0);
  g_assert_null (vault_application_get_store (f->app));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (f->app)); l; l = l->next)
    g_assert_true (VAULT_IS_UNLOCK_WINDOW (l->data));
  g_assert_nonnull (gtk_application_get_windows (GTK_APPLICATION (f->app)));
  g_object_unref (store);
}

/* The Emergency Kit PDF holds the codes, as text a person can print and
 * read back, and no master password. */
static void
test_kit_pdf (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-app-test-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "kit.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "kit.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  guint8 key[32];
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) recovery = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, txt, NULL };
  gsize len;
  int status;

  vault_random_bytes (key, sizeof key);
  code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);
  vault_random_bytes (key, sizeof key);
  recovery = vault_kit_encode (VAULT_KIT_RECOVERY_KEY, key);

  g_assert_true (vault_kit_pdf_write (pdf, "/home/kim/vault.json",
                                      vault_secure_buf_get_string (code),
                                      vault_secure_buf_get_string (recovery), &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (txt, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "Vault Emergency Kit"));
  g_assert_nonnull (strstr (text, vault_secure_buf_get_string (code)));
  g_assert_nonnull (strstr (text, vault_secure_buf_get_string (recovery)));
  g_assert_nonnull (strstr (text, "Master password"));

  /* A folder that cannot be written: a clear error, not a crash. */
  g_assert_false (vault_kit_pdf_write ("/nonexistent/dir/kit.pdf", NULL,
                                       vault_secure_buf_get_string (code), NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_IO);
  test_rm_rf (dir);
}

/* The kit holds the Secret Key and the recovery key: only its owner may
 * read it, whatever the umask, and an old world-readable file at that path
 * is replaced by a new private one, never written in place. */
static void
test_kit_pdf_private (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-app-test-XXXXXX", NULL);
  g_autofree char *pdf = g_build_filename (dir, "kit.pdf", NULL);
  g_autofree char *old = g_build_filename (dir, "old-kit.pdf", NULL);
  g_autofree char *old_contents = NULL;
  guint8 key[32];
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  struct stat st;
  mode_t saved_umask = umask (0);
  guint files = 0;

  vault_random_bytes (key, sizeof key);
  code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);

  /* New file, with a umask that would let anyone read it. */
  g_assert_true (vault_kit_pdf_write (pdf, NULL, vault_secure_buf_get_string (code), NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);

  /* An existing 0644 file, with a second name that keeps its inode. */
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_true (g_file_set_contents_full (old, "old kit", -1, G_FILE_SET_CONTENTS_NONE, 0644,
                                           NULL));
  g_assert_cmpint (link (old, pdf), ==, 0);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);

  g_assert_true (vault_kit_pdf_write (pdf, NULL, vault_secure_buf_get_string (code), NULL,
                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (pdf, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0600);
  g_assert_cmpint (st.st_nlink, ==, 1);
  /* The readable inode never received the new page. */
  g_assert_true (g_file_get_contents (old, &old_contents, NULL, NULL));
  g_assert_cmpstr (old_contents, ==, "old kit");
  g_assert_cmpint (g_stat (old, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);

  /* No temporary file is left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    files++;
  g_assert_cmpuint (files, ==, 2);

  umask (saved_umask);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/vault/app/clipboard/secret-clears", test_clipboard_secret);
  g_test_add_func ("/vault/app/clipboard/leaves-later-copies", test_clipboard_leaves_later_copies);
  g_test_add ("/vault/app/window/list", AppFixture, NULL, app_fixture_set_up, test_window_list,
              app_fixture_tear_down);
  g_test_add ("/vault/app/window/selection-follows", AppFixture, NULL, app_fixture_set_up,
              test_window_selection_follows, app_fixture_tear_down);
  g_test_add ("/vault/app/unlock-window/pages", AppFixture, NULL, app_fixture_set_up,
              test_unlock_window_pages, app_fixture_tear_down);
  g_test_add_func ("/vault/app/emergency-kit/pdf", test_kit_pdf);
  g_test_add_func ("/vault/app/emergency-kit/pdf-private", test_kit_pdf_private);
  g_test_add ("/vault/app/lock", AppFixture, NULL, app_fixture_set_up,
              test_lock_wipes_and_closes, app_fixture_tear_down);

  return g_test_run ();
}
