/* vault-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process figures for the engine, with the KDF left out: open (read,
 * decrypt, parse, build the model), one search keystroke over all entries,
 * save after one change, and peak RSS. Each figure is the median of the
 * given number of runs over the same deterministic vault.
 *
 * Usage: vault-bench N RUNS WORKDIR   (needs a keyring, as the app does)
 *        vault-bench --generate N VAULT XML
 *   makes a real vault (calibrated KDF, Secret Key in the keyring) with the
 *   same N entries, and the same entries as KeePass 2 XML for keepassxc-cli.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "vault-core.h"
#include "bench-util.h"

static int
generate (guint n, const char *vault_path, const char *xml_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GString) xml = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                         "<KeePassFile><Meta><Generator>vault-bench</Generator>"
                                         "</Meta><Root><Group>"
                                         "<UUID>AAAAAAAAAAAAAAAAAAAAAA==</UUID><Name>Root</Name>\n");

  g_unlink (vault_path);
  /* A real vault: the KDF calibrated as for a person's. */
  store = vault_store_create (vault_path, "benchmark master passphrase", 0, NULL, &error);
  g_assert_no_error (error);
  bench_fill (store, n, xml);
  g_assert_true (vault_store_save (store, NULL, &error));
  g_string_append (xml, "</Group></Root></KeePassFile>\n");
  g_assert_true (g_file_set_contents (xml_path, xml->str, xml->len, &error));
  printf ("%u\n", vault_store_get_iterations (store));
  return 0;
}

int
main (int argc, char **argv)
{
  guint n, runs;
  g_autofree char *path = NULL;
  g_autoptr(VaultSecureBuf) secret_key = NULL;
  g_autofree char *vault_id = NULL;
  g_autoptr(GError) error = NULL;
  double *open_ms, *search_ms, *save_ms;
  struct rusage usage;
  guint matches = 0;
  const char *master = "benchmark master passphrase";

  if (argc == 5 && g_str_equal (argv[1], "--generate"))
    return generate ((guint) atoi (argv[2]), argv[3], argv[4]);

  if (argc != 4)
    {
      fprintf (stderr, "usage: vault-bench N RUNS WORKDIR\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = (guint) atoi (argv[2]);
  path = g_strdup_printf ("%s/bench-%u.json", argv[3], n);
  g_unlink (path);

  secret_key = bench_make_vault (path, master, n, &vault_id);

  open_ms = g_new (double, runs);
  search_ms = g_new (double, runs);
  save_ms = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(VaultStore) opened = NULL;
      g_autoptr(GPtrArray) found = NULL;
      VaultEntry *entry;
      VaultEntryFields change = { .username = "changed@example.com" };
      double t;

      t = bench_now_ms ();
      opened = vault_store_open_with_secret_key (path, master, secret_key, NULL, &error);
      g_assert_no_error (error);
      /* Opening includes what the list needs, the search and sort keys; the
       * store makes them while opening, and this keeps them counted if not. */
      for (guint i = 0; i < g_list_model_get_n_items (vault_store_get_entries (opened)); i++)
        {
          g_autoptr(VaultEntry) e = g_list_model_get_item (vault_store_get_entries (opened), i);
          vault_entry_get_search_key (e);
          vault_entry_get_sort_key (e);
        }
      open_ms[r] = bench_now_ms () - t;

      t = bench_now_ms ();
      found = vault_store_search (opened, "bank 7");
      search_ms[r] = bench_now_ms () - t;
      matches = found->len;

      entry = vault_store_find_by_title (opened, "mail mail 0", NULL);
      if (entry == NULL)
        {
          g_autoptr(VaultEntry) first = g_list_model_get_item (vault_store_get_entries (opened), 0);
          entry = first;
        }
      g_assert_true (vault_store_update_entry (opened, entry, &change, NULL));
      t = bench_now_ms ();
      g_assert_true (vault_store_save (opened, NULL, &error));
      save_ms[r] = bench_now_ms () - t;
    }

  getrusage (RUSAGE_SELF, &usage);
  printf ("%u\t%.1f\t%.2f\t%.1f\t%.1f\t%u\n", n, bench_median (open_ms, runs), bench_median (search_ms, runs),
          bench_median (save_ms, runs), usage.ru_maxrss / 1024.0, matches);

  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (path);
  return 0;
}
