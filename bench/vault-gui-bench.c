/* vault-gui-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GUI figures under a real display (Xvfb in bench/run.sh), the KDF left
 * out: process start to the unlock window's first painted frame (the real
 * `vault` binary, spawned); unlock (open + building the list window) to the
 * first painted frame of the list; and one search keystroke to the next
 * painted frame, which shows the filtered list. Medians of RUNS runs.
 *
 * Usage: vault-gui-bench N RUNS WORKDIR VAULT-BINARY
 * Prints: N  start_ms  unlock_ms  keystroke_ms  keystroke_max_ms
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

static void
on_after_paint (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

/* Runs the main loop until the window paints a frame. */
static void
wait_for_frame (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gulong id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);

  painted = FALSE;
  gtk_widget_queue_draw (window);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
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
  double *start_ms, *unlock_ms, *key_ms;
  guint n, runs, n_keys = 0;
  double key_max = 0;

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
      g_assert_cmpuint (g_list_model_get_n_items (vault_window_get_visible_entries (VAULT_WINDOW (window))),
                        ==, n);

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          t = bench_now_ms ();
          vault_window_set_search (VAULT_WINDOW (window), keys[k]);
          wait_for_frame (window);
          key_ms[n_keys] = bench_now_ms () - t;
          key_max = MAX (key_max, key_ms[n_keys]);
          n_keys++;
        }

      vault_application_lock (app, FALSE);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  printf ("%u\t%.1f\t%.1f\t%.1f\t%.1f\n", n, bench_median (start_ms, runs),
          bench_median (unlock_ms, runs), bench_median (key_ms, n_keys), key_max);

  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (path);
  return 0;
}
