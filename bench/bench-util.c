/* bench-util.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the engine and GUI benchmarks share: the synthetic vault, medians
 * and the clock.
 */
#include "bench-util.h"

#include <stdlib.h>

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
bench_median (double *values, guint n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
bench_now_ms (void)
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
void
bench_fill (VaultStore *store, guint n, GString *xml)
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


VaultSecureBuf *
bench_make_vault (const char *path,
                  const char *master,
                  guint       n,
                  char      **vault_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = vault_store_create (path, master, 1, NULL, &error);
  VaultSecureBuf *secret_key;

  g_assert_no_error (error);
  bench_fill (store, n, NULL);
  g_assert_true (vault_store_save (store, NULL, &error));
  *vault_id = g_strdup (vault_store_get_vault_id (store));
  secret_key = vault_secret_key_lookup (*vault_id, NULL, &error);
  g_assert_no_error (error);
  return secret_key;
}
