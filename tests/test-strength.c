/* test-strength.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Strength ratings and the advice that explains them.
 */
#include "vault-core.h"

static void
test_ratings (void)
{
  struct { const char *password; VaultStrength at_most; VaultStrength at_least; } cases[] = {
    { "", VAULT_STRENGTH_VERY_WEAK, VAULT_STRENGTH_VERY_WEAK },
    { "password", VAULT_STRENGTH_VERY_WEAK, VAULT_STRENGTH_VERY_WEAK },
    { "qwertyuiop", VAULT_STRENGTH_VERY_WEAK, VAULT_STRENGTH_VERY_WEAK },
    { "123456789", VAULT_STRENGTH_VERY_WEAK, VAULT_STRENGTH_VERY_WEAK },
    { "correct horse battery staple", VAULT_STRENGTH_STRONG, VAULT_STRENGTH_GOOD },
    { "xK9#mQ2$vL8@", VAULT_STRENGTH_STRONG, VAULT_STRENGTH_GOOD },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(VaultStrengthReport) r = vault_strength_check (cases[i].password);

      g_test_message ("%s: %.1f bits, %s", cases[i].password, r->bits, r->label);
      g_assert_cmpint (r->strength, <=, cases[i].at_most);
      g_assert_cmpint (r->strength, >=, cases[i].at_least);
      g_assert_nonnull (r->label);
      /* Anything short of good says why. */
      g_assert_true ((r->strength < VAULT_STRENGTH_GOOD) == (r->advice != NULL));
    }
}

static void
test_advice_names_the_pattern (void)
{
  g_autoptr(VaultStrengthReport) words = vault_strength_check ("sunshine");
  g_autoptr(VaultStrengthReport) years = vault_strength_check ("19871988");

  g_assert_nonnull (g_strstr_len (words->advice, -1, "words"));
  g_assert_nonnull (years->advice);
}

static void
test_master_policy (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vault_strength_acceptable_master ("letmein", &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  /* The refusal explains itself and never repeats the password. */
  g_assert_null (g_strstr_len (error->message, -1, "letmein"));
  g_clear_error (&error);
  g_assert_true (vault_strength_acceptable_master ("violet anchor tundra", &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/strength/ratings", test_ratings);
  g_test_add_func ("/vault/strength/advice", test_advice_names_the_pattern);
  g_test_add_func ("/vault/strength/master-policy", test_master_policy);

  return g_test_run ();
}
