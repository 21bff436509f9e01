/* cli-keys.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli's commands for the vault's keys: init, passwd, secret-key,
 * restore-secret-key, recovery-key and recover.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli.h"
#include "cli-input.h"

/* Asks for a new master password twice and re-wraps the vault key under it. */
static gboolean
set_new_password (Cli         *cli,
                  VaultStore  *store,
                  GError     **error)
{
  g_autoptr(VaultSecureBuf) password = NULL;

  password = cli_ask_secret (cli, _("New master password: "),
                             _("Repeat the new master password: "), error);
  return password != NULL &&
         vault_store_change_password (store, vault_secure_buf_get_string (password), NULL, error);
}

int
cli_cmd_init (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("A vault already exists at “%s”."),
                                                  cli->vault_path);
      cli_fail (message);
      return EXIT_FAILED;
    }

  password = cli_ask_secret (cli, _("New master password: "), _("Repeat the master password: "),
                             &error);
  if (password == NULL)
    return cli_fail_error (error);

  store = vault_store_create (cli->vault_path, vault_secure_buf_get_string (password), 0,
                              NULL, &error);
  if (store == NULL)
    return cli_fail_error (error);

  printf (_("Created the vault at %s.\n"), cli->vault_path);
  printf ("%s\n", _("Its Secret Key is in this device’s keyring. Save your Emergency Kit "
                    "now (“vault-cli secret-key”): without it the vault cannot be opened "
                    "on another device."));
  return EXIT_OK;
}

int
cli_cmd_passwd (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = cli_unlock (cli, &error)) == NULL || !set_new_password (cli, store, &error))
    return cli_fail_error (error);

  printf ("%s\n", _("Changed the master password."));
  return EXIT_OK;
}

int
cli_cmd_secret_key (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;

  if ((store = cli_unlock (cli, &error)) == NULL ||
      (code = vault_store_get_secret_key_code (store, &error)) == NULL)
    return cli_fail_error (error);

  return cli_print_secret (code);
}

int
cli_cmd_restore_secret_key (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("There is no vault at “%s”."),
                                                  cli->vault_path);
      cli_fail (message);
      return EXIT_FAILED;
    }

  if ((password = cli_ask_secret (cli, _("Master password: "), NULL, &error)) == NULL ||
      (code = cli_ask_secret (cli, _("Secret Key from the Emergency Kit: "), NULL,
                              &error)) == NULL ||
      !vault_restore_secret_key (cli->vault_path, vault_secure_buf_get_string (password),
                                 vault_secure_buf_get_string (code), NULL, &error))
    return cli_fail_error (error);

  printf ("%s\n", _("Stored the Secret Key in this device’s keyring."));
  return EXIT_OK;
}

int
cli_cmd_recovery_key (Cli *cli, int argc, char **argv)
{
  gboolean remove = FALSE;
  GOptionEntry entries[] = {
    { "remove", 0, 0, G_OPTION_ARG_NONE, &remove, N_("Remove the recovery key"), NULL },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!cli_parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;
  if ((store = cli_unlock (cli, &error)) == NULL)
    return cli_fail_error (error);

  if (remove)
    {
      if (!vault_store_remove_recovery_key (store, NULL, &error))
        return cli_fail_error (error);
      printf ("%s\n", _("Removed the recovery key."));
      return EXIT_OK;
    }

  if ((code = vault_store_set_up_recovery_key (store, NULL, &error)) == NULL)
    return cli_fail_error (error);
  return cli_print_secret (code);
}

int
cli_cmd_recover (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;

  if ((code = cli_ask_secret (cli, _("Recovery key: "), NULL, &error)) == NULL ||
      (store = vault_store_open_with_recovery_code (cli->vault_path,
                                                    vault_secure_buf_get_string (code),
                                                    NULL, &error)) == NULL ||
      !set_new_password (cli, store, &error))
    return cli_fail_error (error);

  printf ("%s\n", _("Set a new master password."));
  if (vault_store_secret_key_was_replaced (store))
    printf ("%s\n", _("This device had no Secret Key for the vault, so a new one was made. "
                      "Save a new Emergency Kit (“vault-cli secret-key”): the old one no "
                      "longer opens the vault."));
  return EXIT_OK;
}
