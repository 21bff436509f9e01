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

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *values, guint n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static void
xml_string (GString *xml, const char *key, const char *value)
{
  g_autofree char *escaped = g_markup_escape_text (value, -1);

  g_string_append_printf (xml, "<String><Key>%s</Key><Value>%s</Value></String>", key, escaped);
}

/* The same synthetic vault every time: title, username, a 20-character
 * password, URL, a 100-character note, two tags. With xml, the entries are
 * also written as KeePass 2 XML. */
static void
fill_both (VaultStore *store, guint n, GString *xml)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  static const char *words[] = { "mail", "bank", "shop", "cloud", "forum", "news", "git",
                                 "photo", "music", "travel", "work", "home" };

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s %s %u", words[g_rand_int_range (rand, 0, 12)],
                                                words[g_rand_int_range (rand, 0, 12)], i);
      g_autofree char *user = g_strdup_printf ("user%u@example.com", i);
      g_autofree char *url = g_strdup_printf ("https://site%u.example.com/login", i);
      char password[21], note[101];
      const char *tags[] = { words[i % 12], words[(i / 12) % 12], NULL };
      VaultEntryFields f = { .title = title, .username = user, .url = url,
                             .password = password, .notes = note, .tags = tags };

      for (guint k = 0; k < 20; k++)
        password[k] = 'a' + g_rand_int_range (rand, 0, 26);
      password[20] = 0;
      for (guint k = 0; k < 100; k++)
        note[k] = 'a' + g_rand_int_range (rand, 0, 26);
      note[100] = 0;
      g_assert_nonnull (vault_store_add_entry (store, &f, NULL));
      if (xml != NULL)
        {
          guint8 uuid[16];
          g_autofree char *uuid64 = NULL;
          g_autofree char *tag_list = g_strjoin (";", tags[0], tags[1], NULL);

          for (guint k = 0; k < 16; k++)
            uuid[k] = (guint8) g_rand_int_range (rand, 0, 256);
          uuid64 = g_base64_encode (uuid, 16);
          g_string_append_printf (xml, "<Entry><UUID>%s</UUID><Tags>%s</Tags>", uuid64, tag_list);
          xml_string (xml, "Title", title);
          xml_string (xml, "UserName", user);
          xml_string (xml, "Password", password);
          xml_string (xml, "URL", url);
          xml_string (xml, "Notes", note);
          g_string_append (xml, "</Entry>\n");
        }
    }
}

static void
fill (VaultStore *store, guint n)
{
  fill_both (store, n, NULL);
}

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
  fill_both (store, n, xml);
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
  g_autoptr(VaultStore) store = NULL;
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

  /* One PBKDF2 iteration: these figures leave the KDF out on purpose. */
  store = vault_store_create (path, master, 1, NULL, &error);
  g_assert_no_error (error);
  fill (store, n);
  g_assert_true (vault_store_save (store, NULL, &error));
  vault_id = g_strdup (vault_store_get_vault_id (store));
  secret_key = vault_secret_key_lookup (vault_id, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

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

      t = now_ms ();
      opened = vault_store_open_with_secret_key (path, master, secret_key, NULL, &error);
      g_assert_no_error (error);
      /* Opening includes what the list needs: the search and sort keys. */
      for (guint i = 0; i < g_list_model_get_n_items (vault_store_get_entries (opened)); i++)
        {
          g_autoptr(VaultEntry) e = g_list_model_get_item (vault_store_get_entries (opened), i);
          vault_entry_get_search_key (e);
          vault_entry_get_sort_key (e);
        }
      open_ms[r] = now_ms () - t;

      t = now_ms ();
      found = vault_store_search (opened, "bank 7");
      search_ms[r] = now_ms () - t;
      matches = found->len;

      entry = vault_store_find_by_title (opened, "mail mail 0", NULL);
      if (entry == NULL)
        {
          g_autoptr(VaultEntry) first = g_list_model_get_item (vault_store_get_entries (opened), 0);
          entry = first;
        }
      g_assert_true (vault_store_update_entry (opened, entry, &change, NULL));
      t = now_ms ();
      g_assert_true (vault_store_save (opened, NULL, &error));
      save_ms[r] = now_ms () - t;
    }

  getrusage (RUSAGE_SELF, &usage);
  printf ("%u\t%.1f\t%.2f\t%.1f\t%.1f\t%u\n", n, median (open_ms, runs), median (search_ms, runs),
          median (save_ms, runs), usage.ru_maxrss / 1024.0, matches);

  vault_secret_key_delete (vault_id, NULL, NULL);
  g_unlink (path);
  return 0;
}
