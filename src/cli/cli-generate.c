/* cli-generate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli generate: a new password or passphrase, without a vault.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cli.h"

int
cli_cmd_generate (Cli *cli, int argc, char **argv)
{
  int length = 0, words = 0;
  gboolean no_symbols = FALSE;
  GOptionEntry entries[] = {
    { "length", 'l', 0, G_OPTION_ARG_INT, &length, N_("Number of characters (default 20)"), "N" },
    { "words", 'w', 0, G_OPTION_ARG_INT, &words, N_("A passphrase of N words instead"), "N" },
    { "no-symbols", 0, 0, G_OPTION_ARG_NONE, &no_symbols, N_("Letters and digits only"), NULL },
    { NULL }
  };
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;
  if (length != 0 && words != 0)
    return cli_usage_error (_("--length and --words cannot be used together."));
  if (length < 0 || words < 0)
    return cli_usage_error (_("--length and --words take a positive number."));

  password = cli_generate (length, words,
                           no_symbols ? VAULT_CHARS_ALL & ~VAULT_CHARS_SYMBOLS : VAULT_CHARS_ALL,
                           &error);
  if (password == NULL)
    return cli_fail_error (error);
  return cli_print_secret (password);
}
