/* test-kit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Emergency Kit codes: round trips, and every typing mistake the check
 * promises to catch.
 */
#include <string.h>

#include "vault-core.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
test_roundtrip (void)
{
  for (guint round = 0; round < 200; round++)
    {
      guint8 key[VAULT_KEY_SIZE];
      g_autoptr(VaultSecureBuf) code = NULL;
      g_autoptr(VaultSecureBuf) back = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) groups = NULL;

      if (round == 0)
        memset (key, 0, sizeof key);
      else if (round == 1)
        memset (key, 0xff, sizeof key);
      else
        vault_random_bytes (key, sizeof key);

      code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);
      g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (code), "K1-"));
      groups = g_strsplit (vault_secure_buf_get_string (code), "-", -1);
      g_assert_cmpuint (g_strv_length (groups), ==, 10);
      for (guint i = 1; groups[i]; i++)
        g_assert_cmpuint (strlen (groups[i]), ==, 6);

      back = vault_kit_decode (VAULT_KIT_SECRET_KEY, vault_secure_buf_get_string (code), &error);
      g_assert_no_error (error);
      g_assert_cmpmem (back->data, back->len, key, sizeof key);
    }
}

static void
test_forgiving_input (void)
{
  guint8 key[VAULT_KEY_SIZE];
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) typed = g_string_new (NULL);

  vault_random_bytes (key, sizeof key);
  code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);

  /* Lower case, spaces instead of hyphens, O for 0 and l for 1. */
  for (const char *p = vault_secure_buf_get_string (code); *p; p++)
    {
      char c = g_ascii_tolower (*p);

      if (c == '-')
        c = ' ';
      else if (c == '0')
        c = 'o';
      else if (c == '1')
        c = 'l';
      g_string_append_c (typed, c);
    }
  g_string_append (typed, "\n");

  back = vault_kit_decode (VAULT_KIT_SECRET_KEY, typed->str, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (back->data, back->len, key, sizeof key);
}

/* Every single wrong character, at every position, is refused. */
static void
test_catches_every_substitution (void)
{
  guint8 key[VAULT_KEY_SIZE];
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autofree char *plain = NULL;
  guint tried = 0;

  vault_random_bytes (key, sizeof key);
  code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);
  plain = g_strdup (vault_secure_buf_get_string (code));

  for (gsize i = 0; plain[i]; i++)
    {
      char original = plain[i];

      if (original == '-')
        continue;
      for (guint k = 0; k < 32; k++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VaultSecureBuf) back = NULL;

          if (alphabet[k] == original)
            continue;
          plain[i] = alphabet[k];
          back = vault_kit_decode (VAULT_KIT_SECRET_KEY, plain, &error);
          g_assert_null (back);
          g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE);
          tried++;
        }
      plain[i] = original;
    }
  g_assert_cmpuint (tried, ==, 56 * 31);
}

/* Every swap of two neighbouring characters that changes the code is refused. */
static void
test_catches_adjacent_swaps (void)
{
  for (guint round = 0; round < 20; round++)
    {
      guint8 key[VAULT_KEY_SIZE];
      g_autoptr(VaultSecureBuf) code = NULL;
      g_autoptr(GString) digits = g_string_new (NULL);

      vault_random_bytes (key, sizeof key);
      code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);
      for (const char *p = vault_secure_buf_get_string (code); *p; p++)
        if (*p != '-')
          g_string_append_c (digits, *p);

      for (gsize i = 0; i + 1 < digits->len; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(VaultSecureBuf) back = NULL;
          char t;

          if (digits->str[i] == digits->str[i + 1])
            continue;
          t = digits->str[i];
          digits->str[i] = digits->str[i + 1];
          digits->str[i + 1] = t;
          back = vault_kit_decode (VAULT_KIT_SECRET_KEY, digits->str, &error);
          g_assert_null (back);
          g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE);
          digits->str[i + 1] = digits->str[i];
          digits->str[i] = t;
        }
    }
}

static void
test_rejects_malformed (void)
{
  guint8 key[VAULT_KEY_SIZE] = { 1, 2, 3 };
  g_autoptr(VaultSecureBuf) code = vault_kit_encode (VAULT_KIT_SECRET_KEY, key);
  g_autoptr(VaultSecureBuf) recovery = vault_kit_encode (VAULT_KIT_RECOVERY_KEY, key);
  const char *text = vault_secure_buf_get_string (code);
  g_autofree char *shorter = g_strndup (text, strlen (text) - 1);
  g_autofree char *longer = g_strconcat (text, "7", NULL);
  g_autofree char *bad_char = g_strdup (text);
  const char *cases[] = { "", shorter, longer, bad_char,
                          vault_secure_buf_get_string (recovery) };

  bad_char[5] = 'U';
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) back = vault_kit_decode (VAULT_KIT_SECRET_KEY, cases[i], &error);

      g_assert_null (back);
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      /* The message never repeats the secret code back. */
      g_assert_null (strstr (error->message, text + 3));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/kit/roundtrip", test_roundtrip);
  g_test_add_func ("/vault/kit/forgiving-input", test_forgiving_input);
  g_test_add_func ("/vault/kit/catches/substitution", test_catches_every_substitution);
  g_test_add_func ("/vault/kit/catches/adjacent-swap", test_catches_adjacent_swaps);
  g_test_add_func ("/vault/kit/rejects-malformed", test_rejects_malformed);

  return g_test_run ();
}
