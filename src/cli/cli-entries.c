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
#include "cli-fields.h"
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
  char     *id;
  char     *match_username;
  gboolean  duplicate;
  gboolean  keep_password;
  CliExtras extras;
} EntryOptions;

/* In the window's order less its favourites-first: by the sort key the
 * entries already carry (case and accents folded, by code point, numbers
 * naturally), not by the locale's collation, which at 100,000 titles took
 * most of a second. Then by user name and id, so equal titles keep one order. */
static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  VaultEntry *ea = *(VaultEntry **) a;
  VaultEntry *eb = *(VaultEntry **) b;
  int result = vault_sort_key_compare (vault_entry_get_sort_key (ea),
                                       vault_entry_get_sort_key (eb));

  if (result == 0)
    result = strcmp (vault_entry_get_title (ea), vault_entry_get_title (eb));
  return result != 0 ? result : strcmp (vault_entry_get_id (ea), vault_entry_get_id (eb));
}

static void
entry_options_clear (EntryOptions *o)
{
  g_free (o->username);
  g_free (o->url);
  vault_secure_str_free (o->notes);
  g_strfreev (o->tags);
  g_free (o->id);
  g_free (o->match_username);
  cli_extras_clear (&o->extras);
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
  else if (o->keep_password && o->generate)
    cli_usage_error (_("--keep-password and --generate cannot be used together."));
  else
    return cli_extras_check (&o->extras);
  return FALSE;
}

/* Which entry a command means: --id ID exactly; else the entries titled
 * NAME, narrowed to those of user name USERNAME when given; else the entry
 * whose id is NAME. Several left is an error that lists them, with how to
 * pick one (username_option is the option that narrows for this command). */
static VaultEntry *
find_entry (VaultStore  *store,
            const char  *name,
            const char  *username,
            const char  *id,
            const char  *username_option,
            GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) choices = NULL;
  guint kept = 0;

  if (id != NULL)
    {
      VaultEntry *entry = vault_store_find_by_id (store, id);

      if (entry == NULL || (name != NULL && strcmp (vault_entry_get_title (entry), name) != 0 &&
                            strcmp (name, id) != 0))
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                       entry == NULL ? _("No entry has the id “%s”.")
                                     : _("The entry with the id “%s” has another title."), id);
          return NULL;
        }
      return entry;
    }

  found = vault_store_find_all_by_title (store, name);
  for (guint i = 0; i < found->len; i++)
    {
      VaultEntry *entry = found->pdata[i];

      if (username == NULL || strcmp (vault_entry_get_username (entry), username) == 0)
        found->pdata[kept++] = entry;
      else
        g_object_unref (entry);
    }
  found->len = kept;

  if (found->len == 1)
    return found->pdata[0]; /* the store's list keeps it alive */
  if (found->len == 0)
    {
      VaultEntry *entry = username == NULL ? vault_store_find_by_id (store, name) : NULL;

      if (entry != NULL)
        return entry;
      if (username != NULL)
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                     _("No entry called “%s” has the user name “%s”."), name, username);
      else
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                     _("No entry is called “%s”."), name);
      return NULL;
    }

  /* One line, as every error: the choices with what picks each. */
  g_ptr_array_sort (found, compare_entries);
  choices = g_string_new (NULL);
  g_string_printf (choices, _("%u entries are called “%s”. Choose one with %s or --id:"),
                   found->len, name, username_option);
  for (guint i = 0; i < found->len; i++)
    {
      const char *user = vault_entry_get_username (found->pdata[i]);

      g_string_append_c (choices, ' ');
      /* Translators: one of several entries of the same title: its user name
       * and its id, in a list of them. */
      g_string_append_printf (choices, _("%s (id %s)"),
                              *user != '\0' ? user : _("no user name"),
                              vault_entry_get_id (found->pdata[i]));
      g_string_append (choices, i + 1 < found->len ? "," : ".");
    }
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_AMBIGUOUS, choices->str);
  return NULL;
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
  GOptionEntry add_entries[] = {
    { "duplicate", 0, 0, G_OPTION_ARG_NONE, &o.duplicate,
      N_("Add it even if another entry has that title"), NULL },
    { NULL }
  };
  GOptionEntry update_entries[] = {
    { "id", 0, 0, G_OPTION_ARG_STRING, &o.id, N_("The entry with this id"), "ID" },
    { "match-username", 0, 0, G_OPTION_ARG_STRING, &o.match_username,
      N_("The entry of that title with this user name"), "U" },
    { "keep-password", 0, 0, G_OPTION_ARG_NONE, &o.keep_password,
      N_("Leave the password as it is (change only the given fields)"), NULL },
    { NULL }
  };
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { 0 };
  VaultEntry *entry = NULL;
  const char *name;
  int status;

  g_array_append_vals (all, entries, G_N_ELEMENTS (entries) - 1);
  cli_extras_add_options (&o.extras, all);
  if (adding)
    g_array_append_vals (all, add_entries, G_N_ELEMENTS (add_entries) - 1);
  else
    g_array_append_vals (all, update_entries, G_N_ELEMENTS (update_entries) - 1);
  if (!cli_parse_options ((GOptionEntry *) (gpointer) all->data,
                          adding ? N_("NAME") : N_("NAME | --id ID"),
                          &argc, &argv, adding ? 1 : 0, 1, &status))
    goto out;
  name = argc > 1 ? argv[1] : NULL;
  if (name == NULL && o.id == NULL)
    {
      status = cli_usage_error (_("Give the entry’s NAME or its --id."));
      goto out;
    }

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

      g_autoptr(GPtrArray) same = vault_store_find_all_by_title (store, name);

      if (same->len > 0 && !o.duplicate)
        {
          g_set_error (&error, VAULT_ERROR, VAULT_ERROR_EXISTS,
                       _("An entry called “%s” already exists; use “vault-cli update” "
                         "to change it, or “add --duplicate” to add another."), name);
          goto fail;
        }
      if (same->len > 0)
        {
          g_autofree char *warning = g_strdup_printf (_("Warning: another entry is already "
                                                        "called “%s”."), name);
          cli_fail (warning);
        }
    }
  else if ((entry = find_entry (store, name, o.match_username, o.id, "--match-username",
                                &error)) == NULL)
    goto fail;

  if (o.generate)
    password = cli_generate (o.length, o.words, VAULT_CHARS_ALL, &error);
  else if (!o.keep_password)
    password = cli_ask_secret (cli, _("Password for the entry: "), _("Repeat the password: "),
                               &error);
  if ((password == NULL && !o.keep_password) || !cli_extras_read (cli, &o.extras, &error) ||
      !cli_extras_apply (&o.extras, entry, &fields, &error))
    goto fail;

  fields.title = name;
  fields.username = o.username;
  fields.url = o.url;
  fields.notes = o.notes;
  fields.tags = (const char * const *) o.tags;
  fields.password = password != NULL ? vault_secure_buf_get_string (password) : NULL;
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
    printf (adding ? _("Added “%s”.\n") : _("Updated “%s”.\n"),
            adding ? name : vault_entry_get_title (entry));
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

/* NAME, or --id alone; --username narrows NAME. */
static gboolean
parse_which (int *argc, char ***argv, char **username, char **id, GOptionEntry *more,
             const char **name, int *status)
{
  GOptionEntry which[] = {
    { "username", 'u', 0, G_OPTION_ARG_STRING, username,
      N_("The entry of that title with this user name"), "U" },
    { "id", 0, 0, G_OPTION_ARG_STRING, id, N_("The entry with this id"), "ID" },
    { NULL }
  };
  g_autoptr(GArray) all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  g_array_append_vals (all, which, G_N_ELEMENTS (which) - 1);
  for (guint i = 0; more != NULL && more[i].long_name != NULL; i++)
    g_array_append_val (all, more[i]);
  if (!cli_parse_options ((GOptionEntry *) (gpointer) all->data, N_("NAME | --id ID"),
                          argc, argv, 0, 1, status))
    return FALSE;
  *name = *argc > 1 ? (*argv)[1] : NULL;
  if (*name == NULL && *id == NULL)
    {
      *status = cli_usage_error (_("Give the entry’s NAME or its --id."));
      return FALSE;
    }
  return TRUE;
}

int
cli_cmd_delete (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *username = NULL;
  g_autofree char *id = NULL;
  g_autofree char *title = NULL;
  const char *name;
  VaultEntry *entry;
  int status;

  if (!parse_which (&argc, &argv, &username, &id, NULL, &name, &status))
    return status;

  if ((store = cli_unlock (cli, &error)) == NULL ||
      (entry = find_entry (store, name, username, id, "--username", &error)) == NULL)
    return cli_fail_error (error);
  title = g_strdup (vault_entry_get_title (entry));
  if (!vault_store_delete_entry (store, entry, &error))
    return cli_fail_error (error);

  status = cli_save_or_fail (store);
  if (status == EXIT_OK)
    printf (_("Deleted “%s”.\n"), title);
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
  return cli_print_all_extras (store, entry);
}

/* The earlier passwords, oldest first, each as “TIME<tab>PASSWORD”: what a
 * merge or an edit kept (docs/SYNC.md, rules 4 and 5). */
static int
print_history (VaultStore *store,
               VaultEntry *entry)
{
  guint n = vault_entry_get_history_length (entry);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) old = vault_store_reveal_history (store, entry, i, &error);
      g_autofree char *when = NULL;

      if (old == NULL)
        return cli_fail_error (error);
      when = format_time (vault_entry_get_history_time (entry, i));
      printf ("%s\t", when);
      if (!cli_write_secret (old))
        return EXIT_FAILED;
    }
  return EXIT_OK;
}

int
cli_cmd_show (Cli *cli, int argc, char **argv)
{
  gboolean all = FALSE;
  gboolean history = FALSE;
  g_autofree char *field = NULL;
  GOptionEntry entries[] = {
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Print every field as “field: value”"), NULL },
    { "field", 'f', 0, G_OPTION_ARG_STRING, &field,
      N_("Print the value of the custom field of that label"), "LABEL" },
    { "history", 0, 0, G_OPTION_ARG_NONE, &history,
      N_("Print the earlier passwords, oldest first, each after its time and a tab"), NULL },
    { NULL }
  };
  g_autofree char *username = NULL;
  g_autofree char *id = NULL;
  const char *name;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *entry;
  int status;

  if (!parse_which (&argc, &argv, &username, &id, entries, &name, &status))
    return status;
  if ((all ? 1 : 0) + (field != NULL ? 1 : 0) + (history ? 1 : 0) > 1)
    return cli_usage_error (_("Use only one of --all, --field and --history."));

  if ((store = cli_unlock (cli, &error)) == NULL ||
      (entry = find_entry (store, name, username, id, "--username", &error)) == NULL)
    return cli_fail_error (error);
  if (field != NULL)
    return cli_print_field (store, entry, field);
  if (history)
    return print_history (store, entry);
  if ((password = vault_store_reveal (store, entry, VAULT_FIELD_PASSWORD, &error)) == NULL)
    return cli_fail_error (error);

  return all ? print_all_fields (store, entry, password) : cli_print_secret (password);
}

/* list is search for "": both print the matching titles, sorted; with
 * --ids each line is the entry's id, a tab, and its title. */
static int
print_matching_titles (Cli        *cli,
                       int         argc,
                       char      **argv,
                       gboolean    searching)
{
  gboolean ids = FALSE;
  GOptionEntry entries[] = {
    { "ids", 0, 0, G_OPTION_ARG_NONE, &ids, N_("Print each entry’s id, a tab, then its title"),
      NULL },
    { NULL }
  };
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  int status;

  if (!cli_parse_options (entries, searching ? N_("TERM") : "", &argc, &argv,
                          searching ? 1 : 0, searching ? 1 : 0, &status))
    return status;
  if ((store = cli_unlock (cli, &error)) == NULL)
    return cli_fail_error (error);

  found = vault_store_search (store, searching ? argv[1] : "");
  g_ptr_array_sort (found, compare_entries);
  for (guint i = 0; i < found->len; i++)
    {
      if (ids)
        printf ("%s\t", vault_entry_get_id (found->pdata[i]));
      printf ("%s\n", vault_entry_get_title (found->pdata[i]));
    }
  return EXIT_OK;
}

int
cli_cmd_list (Cli *cli, int argc, char **argv)
{
  return print_matching_titles (cli, argc, argv, FALSE);
}

int
cli_cmd_search (Cli *cli, int argc, char **argv)
{
  return print_matching_titles (cli, argc, argv, TRUE);
}

/* The current one-time code alone on stdout, for scripts. */
int
cli_cmd_totp (Cli *cli, int argc, char **argv)
{
  g_autofree char *username = NULL;
  g_autofree char *id = NULL;
  const char *name;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *entry;
  int status;

  if (!parse_which (&argc, &argv, &username, &id, NULL, &name, &status))
    return status;
  if ((store = cli_unlock (cli, &error)) == NULL ||
      (entry = find_entry (store, name, username, id, "--username", &error)) == NULL)
    return cli_fail_error (error);
  return cli_print_totp (store, entry);
}
