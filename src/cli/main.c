/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli: the vault engine from a terminal, for people and for scripts.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "vault-core.h"

enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct {
  char     *vault_path;
  gboolean  interactive;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

static void
fail (const char *message)
{
  fprintf (stderr, "vault-cli: %s\n", message);
}

static int
fail_error (GError *error)
{
  fail (error->message);
  return EXIT_FAILED;
}

static int
usage_error (const char *message)
{
  fprintf (stderr, "vault-cli: %s\n", message);
  fprintf (stderr, "%s\n", _("Try “vault-cli --help” for more information."));
  return EXIT_USAGE;
}

/* Writes a secret straight to the descriptor, past stdio's buffers. */
static gboolean
write_secret (const VaultSecureBuf *secret)
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

/* One line from standard input into a secure buffer, without stdio, so no
 * copy of the secret stays in a library buffer. */
static VaultSecureBuf *
read_line (GError **error)
{
  g_autoptr(VaultSecureBuf) buf = vault_secure_buf_new (4096);
  gsize len = 0;
  gboolean got_any = FALSE;

  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, _("Could not read input: %s"),
                       g_strerror (errno));
          return NULL;
        }
      if (n == 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      if (len == buf->len)
        {
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                               _("An input line is too long."));
          return NULL;
        }
      buf->data[len++] = (guint8) c;
    }

  if (!got_any)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("Expected another line on standard input."));
      return NULL;
    }
  if (len > 0 && buf->data[len - 1] == '\r')
    len--;

  {
    VaultSecureBuf *line = vault_secure_buf_new_from_data (buf->data, len);
    return line;
  }
}

static VaultSecureBuf *
prompt_hidden (const char  *prompt,
               GError     **error)
{
  struct termios old, quiet;
  gboolean restore = FALSE;
  VaultSecureBuf *line;

  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  if (tcgetattr (STDIN_FILENO, &old) == 0)
    {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
  line = read_line (error);
  if (restore)
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &old);
  return line;
}

/* A secret: at a terminal asked without echo (twice when it is new);
 * otherwise the next line of standard input. */
static VaultSecureBuf *
ask_secret (Cli         *cli,
            const char  *prompt,
            const char  *confirm_prompt,
            GError     **error)
{
  g_autoptr(VaultSecureBuf) first = NULL;
  g_autoptr(VaultSecureBuf) second = NULL;

  if (!cli->interactive)
    return read_line (error);

  first = prompt_hidden (prompt, error);
  if (first == NULL || confirm_prompt == NULL)
    return g_steal_pointer (&first);

  second = prompt_hidden (confirm_prompt, error);
  if (second == NULL)
    return NULL;
  if (!vault_secure_buf_equal (first, second))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The two entries do not match."));
      return NULL;
    }
  return g_steal_pointer (&first);
}

static VaultStore *
unlock (Cli     *cli,
        GError **error)
{
  g_autoptr(VaultSecureBuf) password = NULL;

  if (!g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT,
                   _("There is no vault at “%s”. Create one with “vault-cli init”."),
                   cli->vault_path);
      return NULL;
    }

  password = ask_secret (cli, _("Master password: "), NULL, error);
  if (password == NULL)
    return NULL;
  return vault_store_open (cli->vault_path, vault_secure_buf_get_string (password), NULL, error);
}

static gboolean
parse_options (GOptionEntry  *entries,
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
      *status = usage_error (error->message);
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

static int
save_or_fail (VaultStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!vault_store_save (store, NULL, &error))
    return fail_error (error);
  return EXIT_OK;
}

/* --- Commands ------------------------------------------------------------- */

static int
cmd_init (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;

  if (g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("A vault already exists at “%s”."),
                                                  cli->vault_path);
      fail (message);
      return EXIT_FAILED;
    }

  password = ask_secret (cli, _("New master password: "), _("Repeat the master password: "),
                         &error);
  if (password == NULL)
    return fail_error (error);

  store = vault_store_create (cli->vault_path, vault_secure_buf_get_string (password), 0,
                              NULL, &error);
  if (store == NULL)
    return fail_error (error);

  printf (_("Created the vault at %s.\n"), cli->vault_path);
  printf ("%s\n", _("Its Secret Key is in this device’s keyring. Save your Emergency Kit "
                    "now (“vault-cli secret-key”): without it the vault cannot be opened "
                    "on another device."));
  return EXIT_OK;
}

typedef struct {
  char     *username;
  char     *url;
  char     *notes;
  char    **tags;
  gboolean  generate;
  gboolean  favourite;
  gboolean  not_favourite;
  int       length;
  int       words;
} EntryOptions;

static void
entry_options_clear (EntryOptions *o)
{
  g_free (o->username);
  g_free (o->url);
  vault_secure_str_free (o->notes);
  g_strfreev (o->tags);
}

static int
add_or_update (Cli *cli, int argc, char **argv, gboolean adding)
{
  EntryOptions o = { 0 };
  GOptionEntry entries[] = {
    { "username", 'u', 0, G_OPTION_ARG_STRING, &o.username, N_("User name"), "U" },
    { "url", 0, 0, G_OPTION_ARG_STRING, &o.url, N_("Web address"), "URL" },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o.notes, N_("Notes (kept sealed)"), "TEXT" },
    { "tag", 't', 0, G_OPTION_ARG_STRING_ARRAY, &o.tags, N_("A tag (may be repeated)"), "TAG" },
    { "favourite", 0, 0, G_OPTION_ARG_NONE, &o.favourite, N_("Mark as a favourite"), NULL },
    { "not-favourite", 0, 0, G_OPTION_ARG_NONE, &o.not_favourite,
      N_("Unmark as a favourite"), NULL },
    { "generate", 'g', 0, G_OPTION_ARG_NONE, &o.generate,
      N_("Generate the password instead of reading it"), NULL },
    { "length", 0, 0, G_OPTION_ARG_INT, &o.length,
      N_("Length of a generated password (default 20)"), "N" },
    { "words", 0, 0, G_OPTION_ARG_INT, &o.words,
      N_("Generate a passphrase of N words instead"), "N" },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { 0 };
  VaultEntry *entry = NULL;
  const char *name;
  int status;

  if (!parse_options (entries, N_("NAME"), &argc, &argv, 1, 1, &status))
    goto out;
  name = argv[1];

  status = EXIT_USAGE;
  if (o.favourite && o.not_favourite)
    {
      usage_error (_("--favourite and --not-favourite cannot be used together."));
      goto out;
    }
  if ((o.length != 0 || o.words != 0) && !o.generate)
    {
      usage_error (_("--length and --words go with --generate."));
      goto out;
    }
  if (o.length != 0 && o.words != 0)
    {
      usage_error (_("--length and --words cannot be used together."));
      goto out;
    }

  status = EXIT_FAILED;
  store = unlock (cli, &error);
  if (store == NULL)
    goto fail;

  if (adding)
    {
      g_autoptr(GError) find_error = NULL;

      if (vault_store_find_by_title (store, name, &find_error) != NULL ||
          g_error_matches (find_error, VAULT_ERROR, VAULT_ERROR_AMBIGUOUS))
        {
          g_set_error (&error, VAULT_ERROR, VAULT_ERROR_EXISTS,
                       _("An entry called “%s” already exists; use “vault-cli update” "
                         "to change it."), name);
          goto fail;
        }
    }
  else if ((entry = vault_store_find_by_title (store, name, &error)) == NULL)
    goto fail;

  if (o.generate)
    {
      if (o.words > 0)
        password = vault_generate_passphrase (o.words, "-", &error);
      else
        password = vault_generate_password (o.length > 0 ? (guint) o.length
                                                         : VAULT_GENERATOR_DEFAULT_LENGTH,
                                            VAULT_CHARS_ALL, &error);
    }
  else
    password = ask_secret (cli, _("Password for the entry: "), _("Repeat the password: "),
                           &error);
  if (password == NULL)
    goto fail;

  fields.title = name;
  fields.username = o.username;
  fields.url = o.url;
  fields.notes = o.notes;
  fields.tags = (const char * const *) o.tags;
  fields.password = vault_secure_buf_get_string (password);
  fields.set_favourite = o.favourite || o.not_favourite;
  fields.favourite = o.favourite;

  if (adding)
    {
      if (vault_store_add_entry (store, &fields, &error) == NULL)
        goto fail;
    }
  else
    {
      fields.title = NULL;
      if (!vault_store_update_entry (store, entry, &fields, &error))
        goto fail;
    }

  status = save_or_fail (store);
  if (status == EXIT_OK)
    printf (adding ? _("Added “%s”.\n") : _("Updated “%s”.\n"), name);
  goto out;

fail:
  status = fail_error (error);
out:
  entry_options_clear (&o);
  return status;
}

static int
cmd_add (Cli *cli, int argc, char **argv)
{
  return add_or_update (cli, argc, argv, TRUE);
}

static int
cmd_update (Cli *cli, int argc, char **argv)
{
  return add_or_update (cli, argc, argv, FALSE);
}

static int
cmd_delete (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *entry;
  int status;

  if (!parse_options (entries, N_("NAME"), &argc, &argv, 1, 1, &status))
    return status;

  if ((store = unlock (cli, &error)) == NULL ||
      (entry = vault_store_find_by_title (store, argv[1], &error)) == NULL ||
      !vault_store_delete_entry (store, entry, &error))
    return fail_error (error);

  status = save_or_fail (store);
  if (status == EXIT_OK)
    printf (_("Deleted “%s”.\n"), argv[1]);
  return status;
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (seconds);

  return time ? g_date_time_format_iso8601 (time) : g_strdup ("?");
}

static int
cmd_show (Cli *cli, int argc, char **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Print every field as “field: value”"), NULL },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultSecureBuf) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  VaultEntry *entry;
  int status;

  if (!parse_options (entries, N_("NAME"), &argc, &argv, 1, 1, &status))
    return status;

  if ((store = unlock (cli, &error)) == NULL ||
      (entry = vault_store_find_by_title (store, argv[1], &error)) == NULL ||
      (password = vault_store_reveal (store, entry, VAULT_FIELD_PASSWORD, &error)) == NULL)
    return fail_error (error);

  if (!all)
    return write_secret (password) ? EXIT_OK : EXIT_FAILED;

  if ((notes = vault_store_reveal (store, entry, VAULT_FIELD_NOTES, &error)) == NULL)
    return fail_error (error);

  tags = g_strjoinv (", ", (char **) vault_entry_get_tags (entry));
  created = format_time (vault_entry_get_created (entry));
  modified = format_time (vault_entry_get_modified (entry));

  /* Field names are a stable, untranslated contract for scripts. */
  printf ("title: %s\n", vault_entry_get_title (entry));
  printf ("username: %s\n", vault_entry_get_username (entry));
  fputs ("password: ", stdout);
  if (!write_secret (password))
    return EXIT_FAILED;
  printf ("url: %s\n", vault_entry_get_url (entry));
  fputs ("notes: ", stdout);
  if (!write_secret (notes))
    return EXIT_FAILED;
  printf ("tags: %s\n", tags);
  printf ("favourite: %s\n", vault_entry_get_favourite (entry) ? "yes" : "no");
  printf ("created: %s\n", created);
  printf ("modified: %s\n", modified);
  printf ("history: %u\n", vault_entry_get_history_length (entry));
  return EXIT_OK;
}

/* In the window's order less its favourites-first: by the sort key the
 * entries already carry (case and accents folded, by code point), not by
 * the locale's collation, which at 100,000 titles took most of a second. */
static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  VaultEntry *ea = *(VaultEntry **) a;
  VaultEntry *eb = *(VaultEntry **) b;
  int result = strcmp (vault_entry_get_sort_key (ea), vault_entry_get_sort_key (eb));

  return result != 0 ? result : strcmp (vault_entry_get_title (ea), vault_entry_get_title (eb));
}

static void
print_titles (GPtrArray *entries)
{
  g_ptr_array_sort (entries, compare_titles);
  for (guint i = 0; i < entries->len; i++)
    printf ("%s\n", vault_entry_get_title (entries->pdata[i]));
}

static int
cmd_list (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;
  if ((store = unlock (cli, &error)) == NULL)
    return fail_error (error);

  all = vault_store_search (store, "");
  print_titles (all);
  return EXIT_OK;
}

static int
cmd_search (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int status;

  if (!parse_options (entries, N_("TERM"), &argc, &argv, 1, 1, &status))
    return status;
  if ((store = unlock (cli, &error)) == NULL)
    return fail_error (error);

  found = vault_store_search (store, argv[1]);
  print_titles (found);
  return EXIT_OK;
}

static int
cmd_passwd (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;

  if ((store = unlock (cli, &error)) == NULL ||
      (password = ask_secret (cli, _("New master password: "),
                              _("Repeat the new master password: "), &error)) == NULL ||
      !vault_store_change_password (store, vault_secure_buf_get_string (password), NULL, &error))
    return fail_error (error);

  printf ("%s\n", _("Changed the master password."));
  return EXIT_OK;
}

static int
cmd_secret_key (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;

  if ((store = unlock (cli, &error)) == NULL ||
      (code = vault_store_get_secret_key_code (store, &error)) == NULL)
    return fail_error (error);

  return write_secret (code) ? EXIT_OK : EXIT_FAILED;
}

static int
cmd_restore_secret_key (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;

  if (!g_file_test (cli->vault_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *message = g_strdup_printf (_("There is no vault at “%s”."),
                                                  cli->vault_path);
      fail (message);
      return EXIT_FAILED;
    }

  if ((password = ask_secret (cli, _("Master password: "), NULL, &error)) == NULL ||
      (code = ask_secret (cli, _("Secret Key from the Emergency Kit: "), NULL, &error)) == NULL ||
      !vault_restore_secret_key (cli->vault_path, vault_secure_buf_get_string (password),
                                 vault_secure_buf_get_string (code), NULL, &error))
    return fail_error (error);

  printf ("%s\n", _("Stored the Secret Key in this device’s keyring."));
  return EXIT_OK;
}

static int
cmd_recovery_key (Cli *cli, int argc, char **argv)
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

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;
  if ((store = unlock (cli, &error)) == NULL)
    return fail_error (error);

  if (remove)
    {
      if (!vault_store_remove_recovery_key (store, NULL, &error))
        return fail_error (error);
      printf ("%s\n", _("Removed the recovery key."));
      return EXIT_OK;
    }

  if ((code = vault_store_set_up_recovery_key (store, NULL, &error)) == NULL)
    return fail_error (error);
  return write_secret (code) ? EXIT_OK : EXIT_FAILED;
}

static int
cmd_recover (Cli *cli, int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;

  if ((code = ask_secret (cli, _("Recovery key: "), NULL, &error)) == NULL ||
      (store = vault_store_open_with_recovery_code (cli->vault_path,
                                                    vault_secure_buf_get_string (code),
                                                    NULL, &error)) == NULL ||
      (password = ask_secret (cli, _("New master password: "),
                              _("Repeat the new master password: "), &error)) == NULL ||
      !vault_store_change_password (store, vault_secure_buf_get_string (password), NULL, &error))
    return fail_error (error);

  printf ("%s\n", _("Set a new master password."));
  if (vault_store_secret_key_was_replaced (store))
    printf ("%s\n", _("This device had no Secret Key for the vault, so a new one was made. "
                      "Save a new Emergency Kit (“vault-cli secret-key”): the old one no "
                      "longer opens the vault."));
  return EXIT_OK;
}

static int
cmd_generate (Cli *cli, int argc, char **argv)
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

  if (!parse_options (entries, NULL, &argc, &argv, 0, 0, &status))
    return status;
  if (length != 0 && words != 0)
    return usage_error (_("--length and --words cannot be used together."));
  if (length < 0 || words < 0)
    return usage_error (_("--length and --words take a positive number."));

  if (words > 0)
    password = vault_generate_passphrase (words, "-", &error);
  else
    password = vault_generate_password (length > 0 ? (guint) length
                                                   : VAULT_GENERATOR_DEFAULT_LENGTH,
                                        no_symbols ? VAULT_CHARS_ALL & ~VAULT_CHARS_SYMBOLS
                                                   : VAULT_CHARS_ALL,
                                        &error);
  if (password == NULL)
    return fail_error (error);
  return write_secret (password) ? EXIT_OK : EXIT_FAILED;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} commands[] = {
  { "init", cmd_init, N_("Create the vault and its Secret Key in the keyring") },
  { "add", cmd_add, N_("Add an entry") },
  { "update", cmd_update, N_("Set a new password (and any given fields)") },
  { "delete", cmd_delete, N_("Remove an entry") },
  { "show", cmd_show, N_("Print the password; --all prints every field") },
  { "list", cmd_list, N_("Print the titles, one a line, sorted") },
  { "search", cmd_search, N_("Print the titles of matching entries") },
  { "passwd", cmd_passwd, N_("Change the master password") },
  { "secret-key", cmd_secret_key, N_("Print the Emergency Kit code") },
  { "restore-secret-key", cmd_restore_secret_key,
    N_("Store a Secret Key from an Emergency Kit in this device’s keyring") },
  { "recovery-key", cmd_recovery_key, N_("Set up a recovery key and print it (--remove)") },
  { "recover", cmd_recover, N_("Set a new master password with the recovery key") },
  { "generate", cmd_generate, N_("Print a new password") },
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
          return usage_error (message);
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

  status = -1;
  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    if (g_str_equal (argv[i], commands[c].name))
      {
        status = commands[c].func (&cli, argc - i, argv + i);
        break;
      }

  if (status < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[i]);
      status = usage_error (message);
    }

  fflush (stdout);
  g_free (cli.vault_path);
  return status;
}
