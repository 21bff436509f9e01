/* test-generator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The generator: lengths, classes, word lists, and no bias in the draws.
 */
#include <math.h>
#include <string.h>

#include "vault-core.h"

static void
test_uniform_no_bias (void)
{
  /* 3 does not divide 2^32: a modulo draw would favour 0. With 300,000
   * draws each count is 100,000 ± 258 (one standard deviation); a chi-square
   * over the bins with 2 degrees of freedom past 40 has p < 2e-9. */
  guint counts[3] = { 0 };
  double chi = 0;

  for (guint i = 0; i < 300000; i++)
    counts[vault_random_uniform (3)]++;
  for (guint i = 0; i < 3; i++)
    chi += pow ((double) counts[i] - 100000.0, 2) / 100000.0;
  g_test_message ("chi-square %.2f for %u %u %u", chi, counts[0], counts[1], counts[2]);
  g_assert_cmpfloat (chi, <, 40.0);

  for (guint i = 0; i < 1000; i++)
    g_assert_cmpuint (vault_random_uniform (1), ==, 0);
}

static void
test_password_classes (void)
{
  for (guint length = 4; length <= 64; length += 3)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) pw = vault_generate_password (length, VAULT_CHARS_ALL, &error);
      gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE;

      g_assert_no_error (error);
      g_assert_cmpuint (pw->len, ==, length);
      g_assert_cmpuint (strlen (vault_secure_buf_get_string (pw)), ==, length);
      for (guint i = 0; i < length; i++)
        {
          char c = pw->data[i];

          lower |= g_ascii_islower (c);
          upper |= g_ascii_isupper (c);
          digit |= g_ascii_isdigit (c);
          symbol |= g_ascii_ispunct (c);
          g_assert_true (g_ascii_isgraph (c));
        }
      g_assert_true (lower && upper && digit && symbol);
    }

  {
    g_autoptr(VaultSecureBuf) pw = vault_generate_password (32, VAULT_CHARS_DIGITS, NULL);

    for (guint i = 0; i < pw->len; i++)
      g_assert_true (g_ascii_isdigit (pw->data[i]));
  }
}

static void
test_password_distribution (void)
{
  /* Over many lower-case passwords every letter turns up near 1/26 of the
   * time: 26,000 letters, expected 1,000 each, 25 degrees of freedom;
   * chi-square past 120 has p < 1e-13. */
  guint counts[26] = { 0 };
  double chi = 0;

  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(VaultSecureBuf) pw = vault_generate_password (26, VAULT_CHARS_LOWER, NULL);

      for (guint k = 0; k < pw->len; k++)
        counts[pw->data[k] - 'a']++;
    }
  for (guint i = 0; i < 26; i++)
    chi += pow ((double) counts[i] - 1000.0, 2) / 1000.0;
  g_test_message ("chi-square %.2f", chi);
  g_assert_cmpfloat (chi, <, 120.0);
}

static void
test_password_bounds (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (vault_generate_password (3, VAULT_CHARS_ALL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vault_generate_password (257, VAULT_CHARS_ALL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vault_generate_password (20, 0, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vault_generate_passphrase (2, "-", &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
}

static void
test_passphrase (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The shipped EFF large list: 7,776 words, 12.9 bits each. */
  g_assert_cmpuint (vault_generator_word_count (), ==, 7776);

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) phrase = vault_generate_passphrase (6, "-", &error);
      g_auto(GStrv) words = NULL;

      g_assert_no_error (error);
      words = g_strsplit (vault_secure_buf_get_string (phrase), "-", -1);
      /* A few EFF words contain a hyphen ("t-shirt"), so count at least 6. */
      g_assert_cmpuint (g_strv_length (words), >=, 6);
      for (guint k = 0; words[k]; k++)
        {
          g_assert_cmpuint (strlen (words[k]), >, 0);
          g_hash_table_add (seen, g_strdup (words[k]));
        }
    }
  /* 1,200 draws from 7,776 words give over 1,000 distinct ones. */
  g_assert_cmpuint (g_hash_table_size (seen), >, 1000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/generator/uniform", test_uniform_no_bias);
  g_test_add_func ("/vault/generator/password/classes", test_password_classes);
  g_test_add_func ("/vault/generator/password/distribution", test_password_distribution);
  g_test_add_func ("/vault/generator/password/bounds", test_password_bounds);
  g_test_add_func ("/vault/generator/passphrase", test_passphrase);

  return g_test_run ();
}
