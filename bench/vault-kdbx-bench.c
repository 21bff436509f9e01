/* vault-kdbx-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KDBX import and export figures with the KDF left out (Argon2id at 64 KiB
 * and one pass): N entries like a person's (a group, a note, one in ten
 * with an old password) written once, then read RUNS times; the medians.
 *
 * Usage: vault-kdbx-bench N RUNS   -> N, read ms, write ms, file KiB
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "vault-import.h"

static VaultImport *
make_entries (guint n)
{
  VaultImport *import = vault_import_new (VAULT_FORMAT_UNKNOWN);
  GRand *rand = g_rand_new_with_seed (12);

  for (guint i = 0; i < n; i++)
    {
      VaultForeignEntry *entry = vault_import_add_entry (import);
      char password[64];

      entry->title = g_strdup_printf ("Site %u", i);
      entry->username = g_strdup_printf ("user%u@example.com", i);
      entry->url = g_strdup_printf ("https://login.site%u.example.com/", i);
      g_snprintf (password, sizeof password, "%08x-%08x", g_rand_int (rand), g_rand_int (rand));
      entry->password = vault_import_keep_secret (import, password, -1);
      entry->notes = vault_import_keep_secret (import, "Recovery codes are in the drawer.", -1);
      entry->tags = g_strdupv ((char *[]) { i % 3 == 0 ? "Work/Mail" : "Personal", NULL });
      entry->created = 1600000000 + i;
      entry->modified = 1700000000 + i;
      if (i % 10 == 0)
        vault_foreign_entry_add_history (import, entry, 1650000000, "an older password", -1);
    }
  g_rand_free (rand);
  return import;
}

int
main (int    argc,
      char **argv)
{
  VaultKdbxWriteOptions write = { .password = "benchmark", .argon2_memory_kib = 64,
                                  .argon2_passes = 1 };
  VaultImportOptions read = { .password = "benchmark" };
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(GBytes) file = NULL;
  double *read_ms, *write_ms;
  guint n, runs;

  if (argc != 3)
    {
      fprintf (stderr, "usage: vault-kdbx-bench N RUNS\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = MAX ((guint) atoi (argv[2]), 1);
  read_ms = g_new (double, runs);
  write_ms = g_new (double, runs);
  import = make_entries (n);

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultImport) back = NULL;
      double t = bench_now_ms ();

      g_clear_pointer (&file, g_bytes_unref);
      file = vault_export_kdbx (import, &write, NULL, &error);
      g_assert_no_error (error);
      write_ms[r] = bench_now_ms () - t;

      t = bench_now_ms ();
      back = vault_import_read (VAULT_FORMAT_KDBX, g_bytes_get_data (file, NULL),
                                g_bytes_get_size (file), &read, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->entries->len, ==, n);
      read_ms[r] = bench_now_ms () - t;
    }
  printf ("%u\t%.1f\t%.1f\t%" G_GSIZE_FORMAT "\n", n, bench_median (read_ms, runs),
          bench_median (write_ms, runs), g_bytes_get_size (file) / 1024);
  g_free (read_ms);
  g_free (write_ms);
  return 0;
}
