/* vault-merge-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In-process figures for merging (docs/SYNC.md), with the KDF left out: two
 * versions of one vault of N entries that differ in about 1,000 (edits on
 * each side, some of the same entries, adds and deletes on each side, an
 * edit against a delete), then reading the other version
 * (vault_store_read_copy: read, decrypt, parse) and merging it
 * (vault_store_merge_copy) into the open one. Each figure is the median of
 * the given number of runs, every run on a freshly opened vault.
 *
 * Usage: vault-merge-bench N RUNS WORKDIR   (needs a keyring, as the app does)
 * Prints: N, read_copy ms, merge ms, open ms, entries added/updated/deleted.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "vault-core.h"
#include "bench-util.h"

static const char *master = "benchmark master passphrase";

static VaultEntry *
nth (VaultStore *store,
     guint       i)
{
  g_autoptr(VaultEntry) entry = g_list_model_get_item (vault_store_get_entries (store), i);

  return entry; /* the list keeps it */
}

static void
edit (VaultStore *store,
      guint       i,
      const char *side)
{
  g_autofree char *password = g_strdup_printf ("%s-changed-%u", side, i);
  g_autofree char *user = g_strdup_printf ("%s-user%u@example.com", side, i);
  VaultEntryFields fields = { .password = password, .username = user };

  g_assert_true (vault_store_update_entry (store, nth (store, i), &fields, NULL));
}

static void
add (VaultStore *store,
     guint       i,
     const char *side)
{
  g_autofree char *title = g_strdup_printf ("%s new %u", side, i);
  VaultEntryFields fields = { .title = title, .password = "new-password" };

  g_assert_nonnull (vault_store_add_entry (store, &fields, NULL));
}

/* Deletes the entries first..last-1 counted in the list as it was. */
static void
delete_range (VaultStore *store,
              guint       first,
              guint       last)
{
  for (guint i = last; i-- > first;)
    g_assert_true (vault_store_delete_entry (store, nth (store, i), NULL));
}

static VaultStore *
open_store (const char           *path,
            const VaultSecureBuf *secret_key)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open_with_secret_key (path, master, secret_key, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &data, &len, NULL));
  g_assert_true (g_file_set_contents (to, data, (gssize) len, NULL));
}

int
main (int argc, char **argv)
{
  g_autofree char *base = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) secret_key = NULL;
  g_autofree char *vault_id = NULL;
  g_autoptr(GError) error = NULL;
  double *read_ms, *merge_ms, *open_ms;
  VaultMergeReport last = { 0, };
  guint n, runs, q;

  if (argc != 4)
    {
      fprintf (stderr, "usage: vault-merge-bench N RUNS WORKDIR\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = (guint) atoi (argv[2]);
  q = n / 360; /* 277 at 100,000 entries: 997 entries differ */
  g_assert_cmpuint (q, >=, 10);
  base = g_strdup_printf ("%s/merge-%u.json", argv[3], n);
  path_a = g_strdup_printf ("%s/merge-%u-a.json", argv[3], n);
  path_b = g_strdup_printf ("%s/merge-%u-b.json", argv[3], n);
  g_unlink (base);

  /* One PBKDF2 iteration: these figures leave the KDF out on purpose. */
  store = vault_store_create (base, master, 1, NULL, &error);
  g_assert_no_error (error);
  bench_fill (store, n, NULL);
  g_assert_true (vault_store_save (store, NULL, &error));
  vault_id = g_strdup (vault_store_get_vault_id (store));
  secret_key = vault_secret_key_lookup (vault_id, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* Device A: q edits, q/2 deletes, q/2 adds. Device B a little later: q
   * edits, the first q/5 of them on entries A edited too, the next q/5 on
   * entries A deleted; q/2 deletes; q/2 adds. 3.6q entries differ. */
  copy_file (base, path_a);
  copy_file (base, path_b);
  {
    g_autoptr(VaultStore) a = open_store (path_a, secret_key);
    g_autoptr(VaultStore) b = open_store (path_b, secret_key);

    for (guint i = 0; i < q; i++)
      edit (a, i, "a");
    delete_range (a, q, q + q / 2);
    for (guint i = 0; i < q / 2; i++)
      add (a, i, "a");
    for (guint i = 0; i < q; i++)
      edit (b, i < q / 5 ? i : i < 2 * q / 5 ? q + i : 2 * q + i, "b");
    delete_range (b, 4 * q, 4 * q + q / 2);
    for (guint i = 0; i < q / 2; i++)
      add (b, i, "b");
    g_assert_true (vault_store_save (a, NULL, &error));
    g_assert_true (vault_store_save (b, NULL, &error));
  }

  read_ms = g_new (double, runs);
  merge_ms = g_new (double, runs);
  open_ms = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(VaultStore) opened = NULL;
      g_autoptr(VaultCopy) copy = NULL;
      VaultMergeReport report = { 0, };
      double t;

      copy_file (path_a, base);
      t = bench_now_ms ();
      opened = open_store (base, secret_key);
      open_ms[r] = bench_now_ms () - t;

      t = bench_now_ms ();
      copy = vault_store_read_copy (opened, path_b, NULL, NULL, &error);
      read_ms[r] = bench_now_ms () - t;
      g_assert_no_error (error);

      t = bench_now_ms ();
      g_assert_true (vault_store_merge_copy (opened, copy, &report, &error));
      merge_ms[r] = bench_now_ms () - t;
      g_assert_no_error (error);

      vault_merge_report_clear (&last);
      last = report;
    }

  printf ("%u\t%.1f\t%.1f\t%.1f\t%u\t%u\t%u\n", n, bench_median (read_ms, runs),
          bench_median (merge_ms, runs), bench_median (open_ms, runs),
          last.added, last.updated, last.deleted);
  vault_merge_report_clear (&last);

  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (base);
  g_unlink (path_a);
  g_unlink (path_b);
  g_free (read_ms);
  g_free (merge_ms);
  g_free (open_ms);
  return 0;
}
