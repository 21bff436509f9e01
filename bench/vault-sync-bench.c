/* vault-sync-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How soon the open window shows another device's changes, under a real
 * display (Xvfb in bench/run.sh), the KDF left out: the vault file of N
 * entries is replaced by a rename, as a sync tool does, with a version in
 * which CHANGES entries differ (a third added, a third edited, a third
 * deleted); timed from the rename to the list holding the change (noticed,
 * read in a worker, merged), and to the next painted frame, which shows it.
 * Also the longest gap between the window's frames meanwhile (the merge runs
 * on the main thread). Medians of RUNS runs.
 *
 * Usage: vault-sync-bench N RUNS WORKDIR CHANGES
 * Prints, tab-separated: N, CHANGES, rename to merged (median, slowest),
 * rename to painted (median, slowest), longest frame gap (median,
 * slowest), and for scale the time vault_store_open takes to open the
 * other version (median); times in ms.
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "vault-application.h"
#include "vault-core.h"
#include "vault-window.h"

#define MASTER "benchmark master passphrase"

static gboolean painted;
static double last_tick, longest_gap;

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong after = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, after);
}

/* The window redraws every frame; a merge on the main thread shows as a gap. */
static gboolean
on_tick (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  double now = bench_now_ms ();

  if (last_tick > 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VaultStore **store = user_data;
  g_autoptr(GError) error = NULL;

  *store = vault_store_open_finish (result, &error);
  g_assert_no_error (error);
}

/* Set once the entry the other version added is in the store. */
static const char *awaited;
static gboolean arrived;

static void
on_entries_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  for (guint i = position; i < position + added && awaited != NULL; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      if (g_str_equal (vault_entry_get_title (entry), awaited))
        arrived = TRUE;
    }
}

static VaultEntry *
nth (VaultStore *store, guint i)
{
  return g_list_model_get_item (vault_store_get_entries (store), i);
}

/* Another device's version of the file: its copy opened, changed, saved;
 * returns the path of that copy and the title of the entry it added. */
static char *
make_other_version (const char *path,
                    const char *other_dir,
                    guint       run,
                    guint       changes,
                    char      **added_title,
                    double     *open_ms)
{
  double t;
  char *copy = g_build_filename (other_dir, "vault.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(VaultStore) other = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  guint n, third = MAX (changes / 3, 1);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_unlink (copy);
  g_assert_true (g_file_set_contents (copy, contents, length, NULL));
  t = bench_now_ms ();
  other = vault_store_open (copy, MASTER, NULL, &error);
  *open_ms = bench_now_ms () - t;
  g_assert_no_error (error);
  n = g_list_model_get_n_items (vault_store_get_entries (other));

  for (guint i = 0; i < third; i++)
    {
      g_autofree char *title = g_strdup_printf ("added %u %u", run, i);
      VaultEntryFields fields = { .title = title, .username = "new", .password = "pw" };

      g_assert_nonnull (vault_store_add_entry (other, &fields, NULL));
      if (i == 0)
        *added_title = g_strdup (title);
    }
  for (guint i = 0; i < third; i++)
    {
      g_autoptr(VaultEntry) entry = nth (other, (run * 7919 + i * 13) % n);
      g_autofree char *user = g_strdup_printf ("edited%u@example.com", run);
      VaultEntryFields fields = { .username = user };

      g_assert_true (vault_store_update_entry (other, entry, &fields, NULL));
    }
  for (guint i = 0; i < third && n > 2 * third; i++)
    {
      g_autoptr(VaultEntry) entry = nth (other, n - 1 - i);

      g_assert_true (vault_store_delete_entry (other, entry, NULL));
    }
  g_assert_true (vault_store_save (other, NULL, &error));
  return copy;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) created = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *vault_id = NULL;
  GtkWidget *window = NULL;
  double *merged_ms, *painted_ms, *gap_ms, *open_ms;
  guint n, runs, changes;

  if (argc != 5)
    {
      fprintf (stderr, "usage: vault-sync-bench N RUNS WORKDIR CHANGES\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = (guint) atoi (argv[2]);
  changes = (guint) atoi (argv[4]);
  dir = g_build_filename (argv[3], "sync-bench", NULL);
  other_dir = g_build_filename (argv[3], "sync-bench-other", NULL);
  path = g_build_filename (dir, "vault.json", NULL);
  g_mkdir_with_parents (dir, 0700);
  g_mkdir_with_parents (other_dir, 0700);
  g_unlink (path);

  /* One PBKDF2 iteration: the KDF is left out on purpose. */
  created = vault_store_create (path, MASTER, 1, NULL, &error);
  g_assert_no_error (error);
  bench_fill (created, n, NULL);
  g_assert_true (vault_store_save (created, NULL, &error));
  vault_id = g_strdup (vault_store_get_vault_id (created));
  g_clear_object (&created);
  /* The other device's edits are newer by the clock's second. */
  g_usleep (G_USEC_PER_SEC);

  adw_init ();
  app = vault_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  vault_application_set_vault_path (app, path);

  vault_store_open_async (path, MASTER, NULL, NULL, on_opened, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  vault_application_unlocked (app, store);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (VAULT_IS_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  wait_for_frame (window);
  while (g_list_model_get_n_items (vault_window_get_visible_entries (VAULT_WINDOW (window))) < n)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (vault_store_get_entries (store), "items-changed",
                    G_CALLBACK (on_entries_changed), NULL);

  merged_ms = g_new (double, runs);
  painted_ms = g_new (double, runs);
  gap_ms = g_new (double, runs);
  open_ms = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      g_autofree char *added = NULL;
      g_autofree char *copy = make_other_version (path, other_dir, r, changes, &added,
                                                  &open_ms[r]);
      guint tick;
      double t;

      /* Settled: no event of the last run left. */
      for (guint i = 0; i < 50; i++)
        {
          g_usleep (10000);
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
      g_assert_true (vault_store_is_file_current (store));

      last_tick = longest_gap = 0;
      tick = gtk_widget_add_tick_callback (window, on_tick, NULL, NULL);
      wait_for_frame (window);
      awaited = added;
      arrived = FALSE;
      t = bench_now_ms ();
      g_assert_cmpint (g_rename (copy, path), ==, 0);
      while (!arrived)
        g_main_context_iteration (NULL, TRUE);
      awaited = NULL;
      merged_ms[r] = bench_now_ms () - t;
      wait_for_frame (window);
      painted_ms[r] = bench_now_ms () - t;
      gtk_widget_remove_tick_callback (window, tick);
      gap_ms[r] = longest_gap;
    }

  {
    /* bench_median sorts: the slowest is then the last. */
    double merged = bench_median (merged_ms, runs);
    double painted_median = bench_median (painted_ms, runs);
    double gap = bench_median (gap_ms, runs);
    double open = bench_median (open_ms, runs);

    printf ("%u\t%u\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\t%.0f\n", n, changes,
            merged, merged_ms[runs - 1], painted_median, painted_ms[runs - 1],
            gap, gap_ms[runs - 1], open);
  }

  vault_application_lock (app, FALSE);
  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (path);
  return 0;
}
