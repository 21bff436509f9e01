/* cli-transfer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli's commands that move entries in from another password manager
 * (import) and out to one (export).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli-input.h"

/* "title=Name": a VaultColumn, and the CSV column named (or numbered from
 * 1) after the sign. */
static gboolean
parse_map (char              **maps,
           const char * const *header,
           VaultCsvMapping    *mapping,
           GError            **error)
{
  guint n_header = g_strv_length ((GStrv) header);

  for (guint c = 0; c < VAULT_N_COLUMNS; c++)
    mapping->column[c] = -1;

  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');
      g_autofree char *field = eq ? g_strndup (maps[i], eq - maps[i]) : NULL;
      int column = -1, target = -1;
      guint64 number;

      for (guint c = 0; field != NULL && c < VAULT_N_COLUMNS; c++)
        if (g_ascii_strcasecmp (field, vault_column_get_id (c)) == 0)
          target = c;
      if (target < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not FIELD=COLUMN with FIELD one of title, username, "
                         "password, url, notes, tags, otp."), maps[i]);
          return FALSE;
        }
      for (guint h = 0; h < n_header && column < 0; h++)
        if (g_utf8_collate (header[h], eq + 1) == 0)
          column = h;
      if (column < 0 && g_ascii_string_to_unsigned (eq + 1, 10, 1, n_header, &number, NULL))
        column = (int) number - 1;
      if (column < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                       _("The file has no column “%s”."), eq + 1);
          return FALSE;
        }
      mapping->column[target] = column;
    }
  return TRUE;
}

/* A word for a shell: quoted only when it has to be. */
static char *
shell_word (const char *word)
{
  for (const char *p = word; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("_-./=:@%+,", *p) == NULL)
      return g_shell_quote (word);
  return *word != '\0' ? g_strdup (word) : g_shell_quote (word);
}

/* What a person runs to confirm the columns Vault guessed. */
static void
print_guessed_map (Cli                *cli,
                   const char         *path,
                   const char * const *header)
{
  g_autofree char *default_vault = vault_store_default_path ();
  VaultCsvMapping guess;
  g_autofree char *file = shell_word (path);
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_assign (line, "vault-cli");
  if (g_strcmp0 (cli->vault_path, default_vault) != 0)
    {
      g_autofree char *vault = shell_word (cli->vault_path);
      g_string_append_printf (line, " --vault %s", vault);
    }
  g_string_append_printf (line, " import %s", file);
  vault_csv_guess_mapping (header, &guess);
  fprintf (stderr, "%s\n", _("Its columns are:"));
  for (guint h = 0; header[h] != NULL; h++)
    fprintf (stderr, "  %u. %s\n", h + 1, header[h]);
  for (guint c = 0; c < VAULT_N_COLUMNS; c++)
    if (guess.column[c] >= 0)
      {
        g_autofree char *quoted = shell_word (header[guess.column[c]]);
        g_string_append_printf (line, " --map %s=%s", vault_column_get_id (c), quoted);
      }
  fprintf (stderr, "%s\n  %s\n", _("Check how they map to an entry, then run:"), line->str);
}

static void
print_summary (VaultImport *import,
               guint        duplicates,
               gboolean     add_duplicates)
{
  g_auto(GStrv) skipped = vault_import_describe_skipped (import);
  guint n = import->entries->len;

  printf (g_dngettext (GETTEXT_PACKAGE, "Read %u entry from the %s.\n",
                       "Read %u entries from the %s.\n", n),
          n, vault_format_get_name (import->format));
  if (duplicates > 0 && add_duplicates)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u has the title, username and website of an entry already in the "
                         "vault: it is added beside it.\n",
                         "%u have the title, username and website of entries already in the "
                         "vault: they are added beside them.\n", duplicates),
            duplicates);
  else if (duplicates > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%u has the title, username and website of an entry already in the "
                         "vault: it is skipped (--duplicates add adds it).\n",
                         "%u have the title, username and website of entries already in the "
                         "vault: they are skipped (--duplicates add adds them).\n", duplicates),
            duplicates);
  for (guint i = 0; skipped[i] != NULL; i++)
    printf ("%s\n", skipped[i]);
}

int
cli_cmd_import (Cli *cli, int argc, char **argv)
{
  g_autofree char *format_id = NULL;
  g_autofree char *key_file_path = NULL;
  g_autofree char *duplicates_arg = NULL;
  g_auto(GStrv) maps = NULL;
  gboolean dry_run = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_id,
      N_("The file’s format, when not the one detected: kdbx, keepassxc-csv, chrome-csv, "
         "firefox-csv, 1password-csv, bitwarden-csv, bitwarden-json, csv"), "F" },
    { "key-file", 'k', 0, G_OPTION_ARG_FILENAME, &key_file_path,
      N_("The KeePass database’s key file"), "K" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Read the file and say what would be added, without adding it"), NULL },
    { "duplicates", 0, 0, G_OPTION_ARG_STRING, &duplicates_arg,
      N_("Entries like ones in the vault: skip (the default) or add"), "skip|add" },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("For other CSV files: which column holds a field, e.g. title=Name (repeat it)"),
      "FIELD=COLUMN" },
    { NULL }
  };
  g_autoptr(VaultSecureBuf) data = NULL;
  g_autoptr(VaultSecureBuf) kdbx_password = NULL;
  g_autoptr(GBytes) key_file = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = NULL;
  VaultImportOptions options = { 0 };
  VaultCsvMapping mapping;
  VaultFormat format = VAULT_FORMAT_UNKNOWN;
  gboolean add_duplicates = FALSE;
  guint duplicates, added = 0;
  int status;

  if (!cli_parse_options (entries, _("FILE"), &argc, &argv, 1, 1, &status))
    return status;

  if (duplicates_arg != NULL && g_str_equal (duplicates_arg, "add"))
    add_duplicates = TRUE;
  else if (duplicates_arg != NULL && !g_str_equal (duplicates_arg, "skip"))
    return cli_usage_error (_("--duplicates takes “skip” or “add”."));
  if (format_id != NULL && (format = vault_format_from_id (format_id)) == VAULT_FORMAT_UNKNOWN)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown format “%s”."), format_id);
      return cli_usage_error (message);
    }

  /* The file first: a file Vault cannot read costs nobody a password. */
  data = vault_import_load_file (argv[1], &error);
  if (data == NULL)
    return cli_fail_error (error);
  if (format == VAULT_FORMAT_UNKNOWN &&
      (format = vault_import_detect (data->data, data->len, &error)) == VAULT_FORMAT_UNKNOWN)
    return cli_fail_error (error);

  if (format == VAULT_FORMAT_CSV_OTHER)
    {
      header = vault_csv_read_header (data->data, data->len, &error);
      if (header == NULL)
        return cli_fail_error (error);
      if (maps == NULL)
        {
          cli_fail (_("Vault does not know this CSV file’s layout."));
          print_guessed_map (cli, argv[1], (const char * const *) header);
          return EXIT_FAILED;
        }
      if (!parse_map (maps, (const char * const *) header, &mapping, &error))
        return cli_fail_error (error);
      options.mapping = &mapping;
    }
  else if (maps != NULL)
    return cli_usage_error (_("--map is for CSV files of a layout Vault does not know."));

  if (key_file_path != NULL)
    {
      g_autoptr(VaultSecureBuf) key = NULL;

      if (format != VAULT_FORMAT_KDBX)
        return cli_usage_error (_("--key-file is for KeePass databases."));
      key = vault_import_load_file (key_file_path, &error);
      if (key == NULL)
        return cli_fail_error (error);
      /* A key file is a credential: its bytes stay in secure memory. */
      key_file = g_bytes_new_with_free_func (key->data, key->len,
                                             (GDestroyNotify) vault_secure_buf_free,
                                             key);
      key = NULL;
    }

  store = cli_unlock (cli, &error);
  if (store == NULL)
    return cli_fail_error (error);

  if (format == VAULT_FORMAT_KDBX)
    {
      kdbx_password = cli_ask_secret (cli, _("Password of the KeePass database: "), NULL, &error);
      if (kdbx_password == NULL)
        return cli_fail_error (error);
      /* With a key file, no password is how KeePassXC opens it too. */
      if (kdbx_password->len > 0 || key_file == NULL)
        options.password = vault_secure_buf_get_string (kdbx_password);
      options.key_file = key_file;
    }

  import = vault_import_read (format, data->data, data->len, &options, NULL, &error);
  g_clear_pointer (&data, vault_secure_buf_free);
  if (import == NULL)
    return cli_fail_error (error);

  duplicates = vault_store_mark_duplicates (store, import);
  print_summary (import, duplicates, add_duplicates);
  if (dry_run)
    {
      printf ("%s\n", _("Nothing was added: this was a dry run."));
      return EXIT_OK;
    }

  if (!vault_store_add_import (store, import,
                               add_duplicates ? VAULT_DUPLICATES_ADD : VAULT_DUPLICATES_SKIP,
                               &added, &error))
    return cli_fail_error (error);
  if (added > 0 && (status = cli_save_or_fail (store)) != EXIT_OK)
    return status;

  printf (g_dngettext (GETTEXT_PACKAGE, "Added %u entry to the vault.\n",
                       "Added %u entries to the vault.\n", added), added);
  if (format != VAULT_FORMAT_KDBX)
    printf ("%s\n", _("The file you imported is not encrypted: delete it once you no longer "
                      "need it."));
  return EXIT_OK;
}

int
cli_cmd_export (Cli *cli, int argc, char **argv)
{
  g_autofree char *format_id = NULL;
  g_autofree char *cipher_id = NULL;
  gboolean force = FALSE;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_id,
      N_("kdbx (a KeePass database, encrypted) or csv (KeePassXC’s layout, not encrypted)"),
      "kdbx|csv" },
    { "cipher", 0, 0, G_OPTION_ARG_STRING, &cipher_id,
      N_("The KeePass database’s cipher: chacha20 (the default) or aes256"), "C" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Replace FILE if it exists"), NULL },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultImport) export = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  gboolean kdbx;
  const char *path;
  int status;

  if (!cli_parse_options (entries, _("FILE"), &argc, &argv, 1, 1, &status))
    return status;
  if (format_id == NULL || (!g_str_equal (format_id, "kdbx") && !g_str_equal (format_id, "csv")))
    return cli_usage_error (_("Say which format to write: --format kdbx or --format csv."));
  kdbx = g_str_equal (format_id, "kdbx");
  if (cipher_id != NULL && (!kdbx || (!g_str_equal (cipher_id, "chacha20") &&
                                      !g_str_equal (cipher_id, "aes256"))))
    return cli_usage_error (_("--cipher is chacha20 or aes256, for --format kdbx."));
  path = argv[1];

  if (!force && g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” exists. Choose another name, or "
                                                    "add --force to replace it."), path);
      cli_fail (message);
      return EXIT_FAILED;
    }
  {
    g_autoptr(GFile) target = g_file_new_for_commandline_arg (path);
    g_autoptr(GFile) vault = g_file_new_for_path (cli->vault_path);

    if (g_file_equal (target, vault))
      {
        cli_fail (_("An export cannot replace the vault itself."));
        return EXIT_FAILED;
      }
  }

  /* The master password, asked again for every export: whoever has the
   * unlocked session at hand does not get a plaintext copy by it alone. */
  store = cli_unlock (cli, &error);
  if (store == NULL)
    return cli_fail_error (error);
  export = vault_store_export (store, &error);
  if (export == NULL)
    return cli_fail_error (error);

  if (kdbx)
    {
      VaultKdbxWriteOptions options = { 0 };
      g_autoptr(GBytes) bytes = NULL;

      password = cli_ask_secret (cli, _("Password for the KeePass database: "),
                                 _("Repeat the password: "), &error);
      if (password == NULL)
        return cli_fail_error (error);
      if (password->len == 0)
        {
          cli_fail (_("The KeePass database needs a password."));
          return EXIT_FAILED;
        }
      options.password = vault_secure_buf_get_string (password);
      options.cipher = cipher_id != NULL && g_str_equal (cipher_id, "aes256")
                       ? VAULT_KDBX_CIPHER_AES256 : VAULT_KDBX_CIPHER_CHACHA20;
      bytes = vault_export_kdbx (export, &options, NULL, &error);
      if (bytes == NULL ||
          !vault_export_write_file (path, g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes), &error))
        return cli_fail_error (error);
    }
  else
    {
      g_autoptr(VaultSecureBuf) csv = vault_export_csv (export, &error);

      if (csv == NULL || !vault_export_write_file (path, csv->data, csv->len, &error))
        return cli_fail_error (error);
    }

  printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u entry to %s.\n",
                       "Exported %u entries to %s.\n", export->entries->len),
          export->entries->len, path);
  if (!kdbx)
    fprintf (stderr, "%s\n", _("The CSV file is not encrypted: anyone who can read it can read "
                               "every password. Delete it as soon as you have used it."));
  return EXIT_OK;
}
