/* vault-gui-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GUI figures under a real display (Xvfb in bench/run.sh), the KDF left
 * out: process start to the unlock window's first painted frame (the real
 * `vault` binary, spawned); unlock (open + building the list window) to the
 * first painted frame of the list; one search keystroke to the next painted
 * frame, which shows the filtered list, and the main thread's work for it
 * (the keystroke's handling plus that frame's layout and paint, without
 * the wait for the frame clock's next tick); the work of each frame while
 * the list scrolls two rows a frame; and, with a real KDF, the longest gap
 * between the window's frames while the vault opens. Medians of RUNS runs.
 *
 * Usage: vault-gui-bench N RUNS WORKDIR VAULT-BINARY
 * Prints, tab-separated: N, start, unlock, keystroke to frame (median,
 * slowest), keystroke work (median, slowest), scrolling frame work
 * (median, slowest, frames over 16.7 ms / frames), KDF time, longest frame
 * gap during the KDF; times in ms.
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

#define FRAME_MS (1000.0 / 60)
#define SCROLL_FRAMES 120

static void on_opened (GObject *source, GAsyncResult *result, gpointer user_data);

static gboolean painted;
static double frame_began;
static double frame_work;

static void
on_before_paint (GdkFrameClock *clock,
                 gpointer       user_data)
{
  frame_began = bench_now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
  frame_work = bench_now_ms () - frame_began;
}

/* Runs the main loop until the window paints a frame; returns that frame's
 * work, from the frame clock's before-paint to its after-paint. */
static double
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong before = g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), NULL);
  gulong after = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, before);
  g_signal_handler_disconnect (clock, after);
  return frame_work;
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the list two rows a frame from the top for n frames, noting
 * each frame's work. */
static void
scroll (GtkWidget *window,
        double    *work,
        guint      n)
{
  GtkWidget *list = find_list_view (window);
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  GtkWidget *row = gtk_widget_get_first_child (list);
  double step = 2.0 * gtk_widget_get_height (row);

  gtk_adjustment_set_value (adjustment, 0);
  wait_for_frame (window);
  for (guint i = 0; i < n; i++)
    {
      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + step);
      work[i] = wait_for_frame (window);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

static double kdf_last_tick, kdf_longest_gap;

static gboolean
on_kdf_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  double now = bench_now_ms ();

  if (kdf_last_tick > 0)
    kdf_longest_gap = MAX (kdf_longest_gap, now - kdf_last_tick);
  kdf_last_tick = now;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

/* Opens a vault whose KDF is calibrated as for a person's vault (about
 * half a second) while a window animates, and returns the longest gap
 * between its frames; kdf_ms gets the time the open took. */
static double
time_kdf (GtkWidget  *window,
          const char *dir,
          double     *kdf_ms)
{
  g_autofree char *path = g_build_filename (dir, "kdf.json", NULL);
  g_autoptr(VaultStore) created = NULL;
  g_autoptr(VaultStore) opened = NULL;
  g_autoptr(GError) error = NULL;
  guint tick;
  double t;

  g_unlink (path);
  created = vault_store_create (path, MASTER, vault_kdf_calibrate (), NULL, &error);
  g_assert_no_error (error);
  bench_fill (created, 100, NULL);
  g_assert_true (vault_store_save (created, NULL, &error));

  kdf_last_tick = kdf_longest_gap = 0;
  tick = gtk_widget_add_tick_callback (window, on_kdf_tick, NULL, NULL);
  wait_for_frame (window);
  wait_for_frame (window);
  t = bench_now_ms ();
  vault_store_open_async (path, MASTER, NULL, NULL, on_opened, &opened);
  while (opened == NULL)
    g_main_context_iteration (NULL, TRUE);
  *kdf_ms = bench_now_ms () - t;
  wait_for_frame (window);
  gtk_widget_remove_tick_callback (window, tick);
  vault_secret_key_delete (vault_store_get_vault_id (created), NULL, NULL);
  g_unlink (path);
  return kdf_longest_gap;
}

/* Start-up: the parent notes the time, the app prints when it painted. */
static double
time_start (const char *binary, const char *data_home)
{
  const char *argv[] = { binary, NULL };
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 spawned, painted_at;
  int status;
  const char *line;

  env = g_environ_setenv (env, "VAULT_BENCH_FIRST_FRAME", "1", TRUE);
  env = g_environ_setenv (env, "XDG_DATA_HOME", data_home, TRUE);
  spawned = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      (line = strstr (out, "first-frame ")) == NULL)
    g_error ("could not time start-up: %s", error ? error->message : out);
  painted_at = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);
  return (painted_at - spawned) / 1000.0;
}

static void
on_opened (GObject *source, GAsyncResult *result, gpointer user_data)
{
  VaultStore **store = user_data;
  g_autoptr(GError) error = NULL;

  *store = vault_store_open_finish (result, &error);
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) created = NULL;
  g_autoptr(VaultApplication) app = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *vault_id = NULL;
  const char *keys[] = { "b", "ba", "ban", "bank", "bank 7", "bank", "mail" };
  double *start_ms, *unlock_ms, *key_ms, *work_ms, *scroll_ms;
  guint n, runs, n_keys = 0, n_scroll = 0, over = 0;
  double key_max = 0, work_max = 0, scroll_max = 0, kdf_ms = 0, kdf_gap = 0;

  if (argc != 5)
    {
      fprintf (stderr, "usage: vault-gui-bench N RUNS WORKDIR VAULT-BINARY\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = (guint) atoi (argv[2]);
  data_home = g_build_filename (argv[3], "gui-bench", NULL);
  dir = g_build_filename (data_home, "com.example.Vault", NULL);
  path = g_build_filename (dir, "vault.json", NULL);
  g_mkdir_with_parents (dir, 0700);
  g_unlink (path);

  /* One PBKDF2 iteration: the KDF is left out on purpose. */
  created = vault_store_create (path, MASTER, 1, NULL, &error);
  g_assert_no_error (error);
  bench_fill (created, n, NULL);
  g_assert_true (vault_store_save (created, NULL, &error));
  vault_id = g_strdup (vault_store_get_vault_id (created));
  g_clear_object (&created);

  /* Start-up first, before this process takes the application's name. */
  start_ms = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    start_ms[r] = time_start (argv[4], data_home);

  adw_init ();
  app = vault_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  vault_application_set_vault_path (app, path);

  unlock_ms = g_new (double, runs);
  key_ms = g_new (double, runs * G_N_ELEMENTS (keys));
  work_ms = g_new (double, runs * G_N_ELEMENTS (keys));
  scroll_ms = g_new (double, runs * SCROLL_FRAMES);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(VaultStore) store = NULL;
      GtkWidget *window = NULL;
      double t = bench_now_ms ();

      vault_store_open_async (path, MASTER, NULL, NULL, on_opened, &store);
      while (store == NULL)
        g_main_context_iteration (NULL, TRUE);
      vault_application_unlocked (app, store);
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
        if (VAULT_IS_WINDOW (l->data))
          window = l->data;
      g_assert_nonnull (window);
      wait_for_frame (window);
      unlock_ms[r] = bench_now_ms () - t;
      /* The first frame shows the first rows; the rest follow when idle. */
      while (g_list_model_get_n_items (vault_window_get_visible_entries (VAULT_WINDOW (window))) < n)
        g_main_context_iteration (NULL, TRUE);

      scroll (window, scroll_ms + n_scroll, SCROLL_FRAMES);
      for (guint i = n_scroll; i < n_scroll + SCROLL_FRAMES; i++)
        {
          scroll_max = MAX (scroll_max, scroll_ms[i]);
          over += scroll_ms[i] > FRAME_MS;
        }
      n_scroll += SCROLL_FRAMES;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          double handled, frame;

          t = bench_now_ms ();
          vault_window_set_search (VAULT_WINDOW (window), keys[k]);
          handled = bench_now_ms () - t;
          frame = wait_for_frame (window);
          key_ms[n_keys] = bench_now_ms () - t;
          work_ms[n_keys] = handled + frame;
          key_max = MAX (key_max, key_ms[n_keys]);
          work_max = MAX (work_max, work_ms[n_keys]);
          n_keys++;
        }

      if (r == 0)
        kdf_gap = time_kdf (window, dir, &kdf_ms);

      vault_application_lock (app, FALSE);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  printf ("%u\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%u/%u\t%.0f\t%.1f\n", n,
          bench_median (start_ms, runs), bench_median (unlock_ms, runs),
          bench_median (key_ms, n_keys), key_max, bench_median (work_ms, n_keys), work_max,
          bench_median (scroll_ms, n_scroll), scroll_max, over, n_scroll, kdf_ms, kdf_gap);

  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (path);
  return 0;
}
