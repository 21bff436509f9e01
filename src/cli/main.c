/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli: the vault engine from a terminal, for people and for scripts.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Commands with options of their own parse them (OWN_OPTIONS); for the
 * others the table gives their arguments, checked before they run. */
#define OWN_OPTIONS -1

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *parameter;
  int          nargs;
  const char  *summary;
} commands[] = {
  { "init", cli_cmd_init, NULL, 0, N_("Create the vault and its Secret Key in the keyring") },
  { "add", cli_cmd_add, NULL, OWN_OPTIONS, N_("Add an entry") },
  { "update", cli_cmd_update, NULL, OWN_OPTIONS,
    N_("Set a new password (or --keep-password) and any given fields") },
  { "delete", cli_cmd_delete, NULL, OWN_OPTIONS, N_("Remove an entry") },
  { "show", cli_cmd_show, NULL, OWN_OPTIONS, N_("Print the password; --all prints every field") },
  { "totp", cli_cmd_totp, NULL, OWN_OPTIONS, N_("Print the entry’s current one-time code") },
  { "list", cli_cmd_list, NULL, OWN_OPTIONS, N_("Print the titles, one a line, sorted") },
  { "search", cli_cmd_search, NULL, OWN_OPTIONS, N_("Print the titles of matching entries") },
  { "passwd", cli_cmd_passwd, NULL, 0, N_("Change the master password") },
  { "secret-key", cli_cmd_secret_key, NULL, 0, N_("Print the Emergency Kit code") },
  { "restore-secret-key", cli_cmd_restore_secret_key, NULL, 0,
    N_("Store a Secret Key from an Emergency Kit in this device’s keyring") },
  { "recovery-key", cli_cmd_recovery_key, NULL, OWN_OPTIONS,
    N_("Set up a recovery key and print it (--remove)") },
  { "recover", cli_cmd_recover, NULL, 0, N_("Set a new master password with the recovery key") },
  { "generate", cli_cmd_generate, NULL, OWN_OPTIONS, N_("Print a new password") },
  { "import", cli_cmd_import, NULL, OWN_OPTIONS,
    N_("Add the entries of a KeePass database or a CSV or Bitwarden export") },
  { "export", cli_cmd_export, NULL, OWN_OPTIONS,
    N_("Write every entry to a KeePass database or a CSV file") },
  { "merge", cli_cmd_merge, N_("OTHER_FILE"), 1,
    N_("Merge another copy of this vault into it (a sync conflict copy, a backup)") },
};

static void
print_help (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: vault-cli [--vault FILE] COMMAND [ARGS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-20s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  %-20s %s\n", "--vault FILE",
           _("The vault file (default: $XDG_DATA_HOME/com.example.Vault/vault.json)"));
  fprintf (out, "  %-20s %s\n", "--version", _("Print the version"));
  fprintf (out, "\n%s\n", _("Passwords are asked for at a terminal; otherwise they are read "
                            "from standard input, one a line: the master password first."));
}

static int
run_command (Cli *cli, int argc, char **argv)
{
  g_autofree char *message = NULL;

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[0], commands[c].name))
      {
        GOptionEntry no_options[] = { { NULL } };
        int status;

        if (commands[c].nargs != OWN_OPTIONS &&
            !cli_parse_options (no_options, commands[c].parameter, &argc, &argv,
                                commands[c].nargs, commands[c].nargs, &status))
          return status;
        return commands[c].func (cli, argc, argv);
      }

  message = g_strdup_printf (_("Unknown command “%s”."), argv[0]);
  return cli_usage_error (message);
}

int
main (int    argc,
      char **argv)
{
  Cli cli = { 0 };
  int i, status;

  vault_harden_process ();
  /* A full disk or a file size limit must be a clean error, not a signal. */
  signal (SIGXFSZ, SIG_IGN);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--vault") && i + 1 < argc)
        {
          g_free (cli.vault_path);
          cli.vault_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (argv[i], "--vault="))
        {
          g_free (cli.vault_path);
          cli.vault_path = g_strdup (argv[i] + strlen ("--vault="));
        }
      else if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        {
          print_help (stdout);
          return EXIT_OK;
        }
      else if (g_str_equal (argv[i], "--version"))
        {
          printf ("vault-cli %s\n", PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (argv[i][0] == '-')
        {
          g_autofree char *message = g_strdup_printf (_("Unknown option “%s”."), argv[i]);
          return cli_usage_error (message);
        }
      else
        break;
    }

  if (i >= argc)
    {
      print_help (stderr);
      return EXIT_USAGE;
    }

  if (cli.vault_path == NULL || *cli.vault_path == '\0')
    {
      g_free (cli.vault_path);
      cli.vault_path = vault_store_default_path ();
    }
  cli.interactive = isatty (STDIN_FILENO);

  status = run_command (&cli, argc - i, argv + i);

  fflush (stdout);
  g_free (cli.vault_path);
  return status;
}
