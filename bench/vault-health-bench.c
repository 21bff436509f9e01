/* vault-health-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password health report at N entries, in process: the median of RUNS
 * reports without a breach list, and with a synthetic one of LINES lines
 * (HIBP's layout, sorted, in the page cache). The passwords are a mix: a
 * tenth weak (a word and digits), a tenth shared among 50 accounts, a fifth
 * passphrases, the rest random characters.
 *
 * Usage: vault-health-bench N RUNS WORKDIR [LINES]   (needs a keyring)
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "vault-core.h"
#include "bench-util.h"

static const char *words[] = { "mail", "bank", "shop", "cloud", "forum", "news", "git",
                               "photo", "music", "travel", "work", "home", "sunshine",
                               "dragon", "monkey", "football", "princess", "shadow" };

static char *
make_password (GRand *rand,
               guint  i)
{
  static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                              "0123456789!#$%&*+-=?@^_";
  GString *password;

  switch (i % 10)
    {
    case 0:
      return g_strdup_printf ("%s%u", words[g_rand_int_range (rand, 12, 18)],
                              g_rand_int_range (rand, 1, 2000));
    case 1:
      return g_strdup_printf ("Shared-Pass-%u!", g_rand_int_range (rand, 0, 50));
    case 2:
    case 3:
      return g_strdup_printf ("%s-%s-%s-%s-%u", words[g_rand_int_range (rand, 0, 18)],
                              words[g_rand_int_range (rand, 0, 18)],
                              words[g_rand_int_range (rand, 0, 18)],
                              words[g_rand_int_range (rand, 0, 18)],
                              g_rand_int_range (rand, 10, 99));
    default:
      password = g_string_new (NULL);
      for (guint k = 0; k < 20; k++)
        g_string_append_c (password, chars[g_rand_int_range (rand, 0, sizeof chars - 1)]);
      return g_string_free (password, FALSE);
    }
}

/* This thread's CPU time: on a shared machine, what the report itself cost. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int
compare_digests (const void *a, const void *b)
{
  return memcmp (a, b, 20);
}

/* LINES random digests and those of a few of the vault's weak passwords,
 * sorted, as "HEX:COUNT\r\n". */
static void
write_breach_list (const char *path, guint lines, GRand *rand)
{
  guint8 *digests = g_malloc ((gsize) lines * 20);
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  for (gsize i = 0; i < (gsize) lines * 20; i++)
    digests[i] = (guint8) g_rand_int_range (rand, 0, 256);
  /* Every word1..word99 of the weak kind is in it. */
  for (guint w = 12; w < 18 && lines > 600; w++)
    for (guint d = 1; d < 100; d++)
      {
        g_autofree char *password = g_strdup_printf ("%s%u", words[w], d);
        gsize len = 20;
        GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA1);

        g_checksum_update (sum, (const guchar *) password, -1);
        g_checksum_get_digest (sum, digests + (gsize) ((w - 12) * 100 + d) * 20, &len);
        g_checksum_free (sum);
      }
  qsort (digests, lines, 20, compare_digests);
  for (guint i = 0; i < lines; i++)
    {
      for (guint k = 0; k < 20; k++)
        fprintf (out, "%02X", digests[(gsize) i * 20 + k]);
      fprintf (out, ":%u\r\n", g_rand_int_range (rand, 1, 100000));
    }
  g_assert_cmpint (fclose (out), ==, 0);
  g_free (digests);
}

int
main (int argc, char **argv)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *breach = NULL;
  guint n, runs, lines;
  double *plain_ms, *breach_ms, *cpu;
  guint counts[VAULT_HEALTH_N_KINDS] = { 0 };

  if (argc != 4 && argc != 5)
    {
      fprintf (stderr, "usage: vault-health-bench N RUNS WORKDIR [LINES]\n");
      return 2;
    }
  n = (guint) atoi (argv[1]);
  runs = (guint) MAX (atoi (argv[2]), 1);
  lines = argc == 5 ? (guint) atoi (argv[4]) : 1000000;
  path = g_strdup_printf ("%s/health-bench-%u.json", argv[3], n);
  breach = g_strdup_printf ("%s/health-bench-pwned.txt", argv[3]);
  g_unlink (path);

  /* One PBKDF2 iteration: the report does not derive keys. */
  store = vault_store_create (path, "benchmark master passphrase", 1, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s %s %u", words[g_rand_int_range (rand, 0, 12)],
                                                words[g_rand_int_range (rand, 0, 12)], i);
      g_autofree char *password = make_password (rand, i);
      VaultEntryFields f = { .title = title, .password = password };

      g_assert_nonnull (vault_store_add_entry (store, &f, NULL));
    }
  write_breach_list (breach, lines, rand);

  plain_ms = g_new (double, runs);
  breach_ms = g_new (double, runs);
  cpu = g_new (double, runs);
  for (guint r = 0; r < runs; r++)
    {
      VaultHealthOptions plain = { 0 };
      VaultHealthOptions with_list = { .breach_file = breach };
      g_autoptr(VaultHealthReport) a = NULL;
      g_autoptr(VaultHealthReport) b = NULL;
      double t, c;

      t = bench_now_ms ();
      c = cpu_ms ();
      a = vault_health_check (store, &plain, NULL, NULL, NULL, &error);
      plain_ms[r] = bench_now_ms () - t;
      cpu[r] = cpu_ms () - c;
      g_assert_no_error (error);

      t = bench_now_ms ();
      b = vault_health_check (store, &with_list, NULL, NULL, NULL, &error);
      breach_ms[r] = bench_now_ms () - t;
      g_assert_no_error (error);
      g_assert_no_error (b->breach_error);
      for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
        counts[k] = b->findings[k]->len;
    }

  printf ("entries\treport (ms)\tits CPU time (ms)\twith %u-line breach list (ms)\tweak\treused\t"
          "old\tnone\tbreached\n", lines);
  printf ("%u\t%.0f\t%.0f\t%.0f\t%u\t%u\t%u\t%u\t%u\n", n, bench_median (plain_ms, runs),
          bench_median (cpu, runs), bench_median (breach_ms, runs),
          counts[VAULT_HEALTH_WEAK], counts[VAULT_HEALTH_REUSED],
          counts[VAULT_HEALTH_OLD], counts[VAULT_HEALTH_NO_PASSWORD],
          counts[VAULT_HEALTH_BREACHED]);

  vault_secret_key_delete (vault_store_get_vault_id (store), NULL, NULL);
  g_unlink (path);
  g_unlink (breach);
  g_free (plain_ms);
  g_free (breach_ms);
  g_free (cpu);
  return 0;
}
