/* vault-strength.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Password strength from zxcvbn's estimate of the guesses needed, in bits,
 * with advice drawn from the patterns it found (words, keyboard walks,
 * sequences, repeats, dates).
 */
#include "config.h"

#include "vault-strength.h"

#include <glib/gi18n-lib.h>
#include <zxcvbn.h>

#include "vault-error.h"

/* Bits of guessing entropy at which each level starts. Under 20 bits is
 * about a million guesses: found within days even at half a second each. */
static const double thresholds[] = { 0, 20, 33, 50, 70 };

VaultStrengthReport *
vault_strength_check (const char *password)
{
  VaultStrengthReport *report = g_new0 (VaultStrengthReport, 1);
  ZxcMatch_t *info = NULL;
  gboolean dictionary = FALSE, spatial = FALSE, sequence = FALSE, repeats = FALSE;
  gboolean date = FALSE;
  guint length;

  g_return_val_if_fail (password != NULL, report);

  length = g_utf8_strlen (password, -1);
  report->bits = *password ? ZxcvbnMatch (password, NULL, &info) : 0;

  for (ZxcMatch_t *m = info; m != NULL; m = m->Next)
    switch (m->Type & ~MULTIPLE_MATCH)
      {
      case DICTIONARY_MATCH:
      case DICT_LEET_MATCH:
      case USER_MATCH:
      case USER_LEET_MATCH:
        dictionary = TRUE;
        break;
      case SPATIAL_MATCH:
        spatial = TRUE;
        break;
      case SEQUENCE_MATCH:
        sequence = TRUE;
        break;
      case REPEATS_MATCH:
        repeats = TRUE;
        break;
      case DATE_MATCH:
      case YEAR_MATCH:
        date = TRUE;
        break;
      default:
        break;
      }
  ZxcvbnFreeInfo (info);

  report->strength = VAULT_STRENGTH_VERY_WEAK;
  for (guint i = 0; i < G_N_ELEMENTS (thresholds); i++)
    if (report->bits >= thresholds[i])
      report->strength = (VaultStrength) i;

  switch (report->strength)
    {
    case VAULT_STRENGTH_VERY_WEAK:
      report->label = g_strdup (_("Very weak"));
      break;
    case VAULT_STRENGTH_WEAK:
      report->label = g_strdup (_("Weak"));
      break;
    case VAULT_STRENGTH_FAIR:
      report->label = g_strdup (_("Fair"));
      break;
    case VAULT_STRENGTH_GOOD:
      report->label = g_strdup (_("Good"));
      break;
    case VAULT_STRENGTH_STRONG:
    default:
      report->label = g_strdup (_("Strong"));
      break;
    }

  if (report->strength >= VAULT_STRENGTH_GOOD)
    return report;

  if (*password == '\0')
    report->advice = g_strdup (_("Enter a password."));
  else if (dictionary)
    report->advice = g_strdup (_("It is built on common words or names, which are guessed "
                                 "first. Add more unusual words."));
  else if (spatial)
    report->advice = g_strdup (_("Keyboard patterns such as “qwerty” are easy to guess."));
  else if (sequence)
    report->advice = g_strdup (_("Sequences such as “abc” or “1234” are easy to guess."));
  else if (repeats)
    report->advice = g_strdup (_("Repeated characters add little. Use more varied text."));
  else if (date)
    report->advice = g_strdup (_("Dates and years are easy to guess."));
  else if (length < 12)
    report->advice = g_strdup (_("It is short. A longer password, or a few random words, "
                                 "is much harder to guess."));
  else
    report->advice = g_strdup (_("Add another word or a few more characters."));

  return report;
}

void
vault_strength_report_free (VaultStrengthReport *report)
{
  if (report == NULL)
    return;
  g_free (report->label);
  g_free (report->advice);
  g_free (report);
}

/* The one rule for master passwords, shared by the app and vault-cli. */
gboolean
vault_strength_acceptable_master (const char  *password,
                                  GError     **error)
{
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);

  if (report->strength > VAULT_STRENGTH_VERY_WEAK)
    return TRUE;

  g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
               _("This master password is too easy to guess. %s"), report->advice);
  return FALSE;
}
