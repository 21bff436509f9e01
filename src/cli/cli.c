/* cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers every vault-cli command uses: errors, options, unlocking, saving, secret output.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "cli-input.h"

void
cli_fail (const char *message)
{
  fprintf (stderr, "vault-cli: %s\n", message);
}

int
cli_fail_error (GError *error)
{
  cli_fail (error->message);
  return EXIT_FAILED;
}

int
cli_usage_error (const char *message)
{
  fprintf (stderr, "vault-cli: %s\n", message);
  fprintf (stderr, "%s\n", _("Try “vault-cli --help” for more information."));
  return EXIT_USAGE;
}

/* Writes a secret straight to the descriptor, past stdio's buffers. */
gboolean
cli_write_secret (const VaultSecureBuf *secret)
{
  const guint8 *p = secret->data;
  gsize left = secret->len;

  fflush (stdout);
  while (left > 0)
    {
      ssize_t n = write (STDOUT_FILENO, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      left -= (gsize) n;
    }
  return write (STDOUT_FILENO, "\n", 1) == 1;
}

int
cli_print_secret (const VaultSecureBuf *secret)
{
  return cli_write_secret (secret) ? EXIT_OK : EXIT_FAILED;
}

/* Opens the vault with the master password it asks for (kept in *password
 * when that is not NULL), then merges the conflict copies beside it. */
VaultStore *
cli_unlock_with_password (Cli             *cli,
                          VaultSecureBuf **password_out,
                          GError         **error)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  VaultStore *store;

  if (!g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT,
                   _("There is no vault at “%s”. Create one with “vault-cli init”."),
                   cli->vault_path);
      return NULL;
    }

  password = cli_ask_secret (cli, _("Master password: "), NULL, error);
  if (password == NULL)
    return NULL;
  store = vault_store_open (cli->vault_path, vault_secure_buf_get_string (password), NULL, error);
  if (store == NULL)
    return NULL;
  cli_merge_conflict_copies (cli, store);
  if (password_out != NULL)
    *password_out = g_steal_pointer (&password);
  return store;
}

VaultStore *
cli_unlock (Cli     *cli,
            GError **error)
{
  return cli_unlock_with_password (cli, NULL, error);
}

gboolean
cli_parse_options (GOptionEntry  *entries,
                   const char    *parameter,
                   int           *argc,
                   char        ***argv,
                   int            min_args,
                   int            max_args,
                   int           *status)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_help_enabled (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *status = cli_usage_error (error->message);
      return FALSE;
    }
  /* (*argv)[0] is the command's name. */
  if (*argc - 1 < min_args || *argc - 1 > max_args)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      fprintf (stderr, "%s", help);
      *status = EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

int
cli_save_or_fail (VaultStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!cli_save (store, &error))
    return cli_fail_error (error);
  return EXIT_OK;
}

/* A passphrase of WORDS words when WORDS is positive, otherwise a password
 * of LENGTH characters (the default length when it is not positive). */
VaultSecureBuf *
cli_generate (int                length,
              int                words,
              VaultCharClasses   classes,
              GError           **error)
{
  if (words > 0)
    return vault_generate_passphrase ((guint) words, "-", error);
  return vault_generate_password (length > 0 ? (guint) length : VAULT_GENERATOR_DEFAULT_LENGTH,
                                  classes, error);
}
