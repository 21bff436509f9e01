/* cli-entries.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli's commands on entries: add, update, delete, show, list and search.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli-input.h"

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

/* Usage errors that options alone show, before anything is asked. */
static gboolean
entry_options_check (const EntryOptions *o)
{
  if (o->favourite && o->not_favourite)
    cli_usage_error (_("--favourite and --not-favourite cannot be used together."));
  else if ((o->length != 0 || o->words != 0) && !o->generate)
    cli_usage_error (_("--length and --words go with --generate."));
  else if (o->length != 0 && o->words != 0)
    cli_usage_error (_("--length and --words cannot be used together."));
  else
    return TRUE;
  return FALSE;
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

  if (!cli_parse_options (entries, N_("NAME"), &argc, &argv, 1, 1, &status))
    goto out;
  name = argv[1];

  status = EXIT_USAGE;
  if (!entry_options_check (&o))
    goto out;

  status = EXIT_FAILED;
  store = cli_unlock (cli, &error);
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
    password = cli_generate (o.length, o.words, VAULT_CHARS_ALL, &error);
  else
    password = cli_ask_secret (cli, _("Password for the entry: "), _("Repeat the password: "),
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

  status = cli_save_or_fail (store);
  if (status == EXIT_OK)
    printf (adding ? _("Added “%s”.\n") : _("Updated “%s”.\n"), name);
  goto out;

fail:
  status = cli_fail_error (error);
out:
  entry_options_clear (&o);
  return status;
}

int
cli_cmd_add (Cli *cli, int argc, char **argv)
{
  return add_or_update (cli, argc, argv, TRUE);
}

int
cli_cmd_update (Cli *cli, int argc, char **argv)
{
  return add_or_update (cli, argc, argv, FALSE);
}

int
cli_cmd_delete (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *entry;
  int status;

  if ((store = cli_unlock (cli, &error)) == NULL ||
      (entry = vault_store_find_by_title (store, argv[1], &error)) == NULL ||
      !vault_store_delete_entry (store, entry, &error))
    return cli_fail_error (error);

  status = cli_save_or_fail (store);
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

/* Every field as “field: value”. Field names are a stable, untranslated
 * contract for scripts. */
static int
print_all_fields (VaultStore           *store,
                  VaultEntry           *entry,
                  const VaultSecureBuf *password)
{
  g_autoptr(VaultSecureBuf) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;

  if ((notes = vault_store_reveal (store, entry, VAULT_FIELD_NOTES, &error)) == NULL)
    return cli_fail_error (error);

  tags = g_strjoinv (", ", (char **) vault_entry_get_tags (entry));
  created = format_time (vault_entry_get_created (entry));
  modified = format_time (vault_entry_get_modified (entry));

  printf ("title: %s\n", vault_entry_get_title (entry));
  printf ("username: %s\n", vault_entry_get_username (entry));
  fputs ("password: ", stdout);
  if (!cli_write_secret (password))
    return EXIT_FAILED;
  printf ("url: %s\n", vault_entry_get_url (entry));
  fputs ("notes: ", stdout);
  if (!cli_write_secret (notes))
    return EXIT_FAILED;
  printf ("tags: %s\n", tags);
  printf ("favourite: %s\n", vault_entry_get_favourite (entry) ? "yes" : "no");
  printf ("created: %s\n", created);
  printf ("modified: %s\n", modified);
  printf ("history: %u\n", vault_entry_get_history_length (entry));
  return EXIT_OK;
}

int
cli_cmd_show (Cli *cli, int argc, char **argv)
{
  gboolean all = FALSE;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Print every field as “field: value”"), NULL },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *entry;
  int status;

  if (!cli_parse_options (entries, N_("NAME"), &argc, &argv, 1, 1, &status))
    return status;

  if ((store = cli_unlock (cli, &error)) == NULL ||
      (entry = vault_store_find_by_title (store, argv[1], &error)) == NULL ||
      (password = vault_store_reveal (store, entry, VAULT_FIELD_PASSWORD, &error)) == NULL)
    return cli_fail_error (error);

  return all ? print_all_fields (store, entry, password) : cli_print_secret (password);
}

/* In the window's order less its favourites-first: by the sort key the
 * entries already carry (case and accents folded, by code point, numbers
 * naturally), not by the locale's collation, which at 100,000 titles took
 * most of a second. */
static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  VaultEntry *ea = *(VaultEntry **) a;
  VaultEntry *eb = *(VaultEntry **) b;
  int result = vault_sort_key_compare (vault_entry_get_sort_key (ea),
                                       vault_entry_get_sort_key (eb));

  return result != 0 ? result : strcmp (vault_entry_get_title (ea), vault_entry_get_title (eb));
}

/* list is search for "": both print the matching titles, sorted. */
static int
print_matching_titles (Cli        *cli,
                       const char *term)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  if ((store = cli_unlock (cli, &error)) == NULL)
    return cli_fail_error (error);

  found = vault_store_search (store, term);
  g_ptr_array_sort (found, compare_titles);
  for (guint i = 0; i < found->len; i++)
    printf ("%s\n", vault_entry_get_title (found->pdata[i]));
  return EXIT_OK;
}

int
cli_cmd_list (Cli *cli, int argc, char **argv)
{
  return print_matching_titles (cli, "");
}

int
cli_cmd_search (Cli *cli, int argc, char **argv)
{
  return print_matching_titles (cli, argv[1]);
}
