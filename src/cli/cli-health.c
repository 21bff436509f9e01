/* cli-health.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli health: the password health report, section by section, with
 * the entries' titles and never a password.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli.h"

static void
print_entry (const VaultHealthFinding *finding,
             const char               *indent,
             gboolean                  ids,
             const char               *detail)
{
  fputs (indent, stdout);
  if (ids)
    printf ("%s\t", finding->id);
  fputs (finding->title, stdout);
  if (detail != NULL)
    printf ("  (%s)", detail);
  putchar ('\n');
}

static const char *
strength_label (VaultStrength strength)
{
  return strength == VAULT_STRENGTH_VERY_WEAK ? _("Very weak") : _("Weak");
}

static char *
format_date (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (seconds);

  return time ? g_date_time_format (time, "%Y-%m-%d") : g_strdup ("?");
}

/* A section's heading, after a blank line but for the first. */
static void
print_heading (gboolean    first,
               const char *heading)
{
  if (!first)
    putchar ('\n');
  printf ("%s\n", heading);
}

static void
print_report (const VaultHealthReport *report,
              gboolean                 ids)
{
  GPtrArray *weak = report->findings[VAULT_HEALTH_WEAK];
  GPtrArray *reused = report->findings[VAULT_HEALTH_REUSED];
  GPtrArray *old = report->findings[VAULT_HEALTH_OLD];
  GPtrArray *none = report->findings[VAULT_HEALTH_NO_PASSWORD];
  GPtrArray *breached = report->findings[VAULT_HEALTH_BREACHED];
  g_autofree char *weak_heading = NULL;
  g_autofree char *reused_heading = NULL;
  g_autofree char *old_heading = NULL;
  g_autofree char *none_heading = NULL;

  /* Translators: a heading; %u is how many entries follow. */
  weak_heading = g_strdup_printf (_("Weak (%u)"), weak->len);
  print_heading (TRUE, weak_heading);
  for (guint i = 0; i < weak->len; i++)
    {
      const VaultHealthFinding *f = weak->pdata[i];
      print_entry (f, "  ", ids, strength_label (f->strength));
    }

  /* Translators: a heading; %u is how many entries share a password with another. */
  reused_heading = g_strdup_printf (_("Reused (%u)"), reused->len);
  print_heading (FALSE, reused_heading);
  for (guint i = 0; i < reused->len; i++)
    {
      const VaultHealthFinding *f = reused->pdata[i];

      if (i == 0 || f->group != ((VaultHealthFinding *) reused->pdata[i - 1])->group)
        {
          /* Translators: entries that share one password follow; %u counts from 1. */
          g_autofree char *group = g_strdup_printf (_("Same password, group %u"), f->group + 1);
          printf ("  %s\n", group);
        }
      print_entry (f, "    ", ids, NULL);
    }

  /* Translators: a heading; the first %u is a number of days, the second
   * how many entries follow. */
  old_heading = g_strdup_printf (ngettext ("Not changed for %u day (%u)",
                                           "Not changed for %u days (%u)", report->max_age_days),
                                 report->max_age_days, old->len);
  print_heading (FALSE, old_heading);
  for (guint i = 0; i < old->len; i++)
    {
      const VaultHealthFinding *f = old->pdata[i];
      g_autofree char *date = format_date (f->changed);
      /* Translators: when a password was last set, as 2024-03-31. */
      g_autofree char *detail = g_strdup_printf (_("since %s"), date);

      print_entry (f, "  ", ids, detail);
    }

  /* Translators: a heading; %u is how many entries follow. */
  none_heading = g_strdup_printf (_("No password (%u)"), none->len);
  print_heading (FALSE, none_heading);
  for (guint i = 0; i < none->len; i++)
    print_entry (none->pdata[i], "  ", ids, NULL);

  if (report->breach_checked)
    {
      /* Translators: a heading; %u is how many entries follow. */
      g_autofree char *heading = g_strdup_printf (_("In the breach list (%u)"), breached->len);

      print_heading (FALSE, heading);
      for (guint i = 0; i < breached->len; i++)
        {
          const VaultHealthFinding *f = breached->pdata[i];
          g_autofree char *count = g_strdup_printf ("%" G_GUINT64_FORMAT, f->breach_count);
          /* Translators: how often a password was seen in data breaches; %s is a number. */
          g_autofree char *detail = g_strdup_printf (ngettext ("seen %s time", "seen %s times",
                                                               (gulong) f->breach_count),
                                                     count);

          print_entry (f, "  ", ids, detail);
        }
    }

  if (vault_health_report_count (report) == 0)
    {
      putchar ('\n');
      printf ("%s\n", _("No problems found."));
    }
}

int
cli_cmd_health (Cli *cli, int argc, char **argv)
{
  int days = VAULT_HEALTH_DEFAULT_MAX_AGE_DAYS;
  g_autofree char *breach_file = NULL;
  gboolean ids = FALSE;
  GOptionEntry entries[] = {
    { "older-than", 0, 0, G_OPTION_ARG_INT, &days,
      N_("A password not changed for DAYS days is old (default 365)"), N_("DAYS") },
    { "breach-file", 0, 0, G_OPTION_ARG_FILENAME, &breach_file,
      N_("Look for the passwords in Have I Been Pwned’s SHA-1 list (ordered by hash), "
         "downloaded to FILE"), N_("FILE") },
    { "ids", 0, 0, G_OPTION_ARG_NONE, &ids, N_("Print each entry’s id, a tab, then its title"),
      NULL },
    { NULL }
  };
  VaultHealthOptions options = { 0 };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultHealthReport) report = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options (entries, "", &argc, &argv, 0, 0, &status))
    return status;
  if (days < 1 || days > VAULT_HEALTH_MAX_AGE_DAYS_LIMIT)
    {
      g_autofree char *message =
        g_strdup_printf (_("--older-than takes a number of days from 1 to %u."),
                         VAULT_HEALTH_MAX_AGE_DAYS_LIMIT);
      return cli_usage_error (message);
    }

  /* A list that cannot be used is said before the master password is asked. */
  if (breach_file != NULL)
    {
      g_autoptr(VaultBreachList) list = vault_breach_list_open (breach_file, &error);

      if (list == NULL)
        return cli_fail_error (error);
    }

  if ((store = cli_unlock (cli, &error)) == NULL)
    return cli_fail_error (error);

  options.max_age_days = (guint) days;
  options.breach_file = breach_file;
  report = vault_health_check (store, &options, NULL, NULL, NULL, &error);
  if (report == NULL)
    return cli_fail_error (error);
  if (report->breach_error != NULL)
    return cli_fail_error (report->breach_error);

  print_report (report, ids);
  return EXIT_OK;
}
