/* cli-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli's one-time codes and custom fields: the totp command, and the
 * --totp and --*field options of add and update.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli-fields.h"
#include "cli-input.h"

void
cli_extras_add_options (CliExtras *x,
                        GArray    *entries)
{
  GOptionEntry more[] = {
    { "totp", 0, 0, G_OPTION_ARG_STRING, &x->totp,
      N_("One-time code secret: an otpauth:// link or a base32 secret; “-” reads it from "
         "standard input (keeps it out of the process list)"), "URI|-" },
    { "remove-totp", 0, 0, G_OPTION_ARG_NONE, &x->remove_totp,
      N_("Remove the one-time code secret"), NULL },
    { "field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &x->plain,
      N_("A custom field shown as it is (may be repeated)"), "LABEL=VALUE" },
    { "searchable-field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &x->searchable,
      N_("A custom field shown as it is and found by search (may be repeated)"),
      "LABEL=VALUE" },
    { "concealed-field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &x->concealed,
      N_("A concealed custom field, its value read from standard input (may be repeated)"),
      "LABEL" },
    { "remove-field", 0, 0, G_OPTION_ARG_STRING_ARRAY, &x->remove,
      N_("Remove the custom field of that label (may be repeated)"), "LABEL" },
  };

  g_array_append_vals (entries, more, G_N_ELEMENTS (more));
}

static gboolean
check_pairs (char **pairs)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');

      if (equals == NULL || equals == pairs[i])
        {
          g_autofree char *message =
            g_strdup_printf (_("“%s” is not LABEL=VALUE."), pairs[i]);

          cli_usage_error (message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
cli_extras_check (const CliExtras *x)
{
  if (x->totp != NULL && x->remove_totp)
    {
      cli_usage_error (_("--totp and --remove-totp cannot be used together."));
      return FALSE;
    }
  for (guint i = 0; x->concealed != NULL && x->concealed[i] != NULL; i++)
    if (*x->concealed[i] == '\0')
      {
        cli_usage_error (_("--concealed-field needs a LABEL."));
        return FALSE;
      }
  return check_pairs (x->plain) && check_pairs (x->searchable);
}

/* After the entry's password: the secret when --totp is “-”, then each
 * concealed field's value, in the order given. */
gboolean
cli_extras_read (Cli        *cli,
                 CliExtras  *x,
                 GError    **error)
{
  if (g_strcmp0 (x->totp, "-") == 0)
    {
      x->totp_secret = cli_ask_secret (cli, _("One-time code secret or otpauth:// link: "),
                                       NULL, error);
      if (x->totp_secret == NULL)
        return FALSE;
    }
  x->values = g_ptr_array_new_with_free_func ((GDestroyNotify) vault_secure_buf_free);
  for (guint i = 0; x->concealed != NULL && x->concealed[i] != NULL; i++)
    {
      g_autofree char *prompt = g_strdup_printf (_("Value of “%s”: "), x->concealed[i]);
      VaultSecureBuf *value = cli_ask_secret (cli, prompt, NULL, error);

      if (value == NULL)
        return FALSE;
      g_ptr_array_add (x->values, value);
    }
  return TRUE;
}

static int
find_spec (GArray     *specs,
           const char *label)
{
  for (guint i = 0; i < specs->len; i++)
    if (strcmp (g_array_index (specs, VaultFieldSpec, i).label, label) == 0)
      return (int) i;
  return -1;
}

/* A field of that label takes the new value and kind in its place; a new
 * label goes last. */
static void
set_spec (GArray     *specs,
          const char *label,
          const char *value,
          gboolean    concealed,
          gboolean    searchable)
{
  int at = find_spec (specs, label);
  VaultFieldSpec spec = { NULL, label, value, concealed, searchable };

  if (at < 0)
    g_array_append_val (specs, spec);
  else
    {
      spec.id = g_array_index (specs, VaultFieldSpec, at).id;
      g_array_index (specs, VaultFieldSpec, at) = spec;
    }
}

static void
set_pairs (CliExtras *x,
           char     **pairs,
           gboolean   searchable)
{
  for (guint i = 0; pairs != NULL && pairs[i] != NULL; i++)
    {
      char *equals = strchr (pairs[i], '=');
      char *label = g_strndup (pairs[i], equals - pairs[i]);

      g_ptr_array_add (x->strings, label);
      set_spec (x->specs, label, equals + 1, FALSE, searchable);
    }
}

/* The entry's fields (none when adding) with the options applied, into
 * fields; x keeps what fields points to. */
gboolean
cli_extras_apply (CliExtras         *x,
                  VaultEntry        *entry,
                  VaultEntryFields  *fields,
                  GError           **error)
{
  if (x->totp_secret != NULL)
    fields->totp = vault_secure_buf_get_string (x->totp_secret);
  else if (x->totp != NULL)
    fields->totp = x->totp;
  else if (x->remove_totp)
    fields->totp = "";

  if (x->plain == NULL && x->searchable == NULL && x->concealed == NULL && x->remove == NULL)
    return TRUE;

  x->specs = g_array_new (FALSE, TRUE, sizeof (VaultFieldSpec));
  x->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; entry != NULL && i < vault_entry_get_n_fields (entry); i++)
    {
      VaultFieldSpec kept = {
        vault_entry_get_field_id (entry, i), vault_entry_get_field_label (entry, i), NULL,
        vault_entry_get_field_concealed (entry, i), vault_entry_get_field_searchable (entry, i),
      };

      g_array_append_val (x->specs, kept);
    }

  for (guint i = 0; x->remove != NULL && x->remove[i] != NULL; i++)
    {
      int at = find_spec (x->specs, x->remove[i]);

      if (at < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                       _("There is no field “%s” to remove."), x->remove[i]);
          return FALSE;
        }
      g_array_remove_index (x->specs, at);
    }
  set_pairs (x, x->plain, FALSE);
  set_pairs (x, x->searchable, TRUE);
  for (guint i = 0; x->concealed != NULL && x->concealed[i] != NULL; i++)
    set_spec (x->specs, x->concealed[i],
              vault_secure_buf_get_string (g_ptr_array_index (x->values, i)), TRUE, FALSE);

  fields->custom_fields = (const VaultFieldSpec *) (gpointer) x->specs->data;
  fields->n_custom_fields = x->specs->len;
  fields->set_custom_fields = TRUE;
  return TRUE;
}

void
cli_extras_clear (CliExtras *x)
{
  vault_secure_str_free (x->totp);
  g_strfreev (x->plain);
  g_strfreev (x->searchable);
  g_strfreev (x->concealed);
  g_strfreev (x->remove);
  g_clear_pointer (&x->totp_secret, vault_secure_buf_free);
  g_clear_pointer (&x->values, g_ptr_array_unref);
  g_clear_pointer (&x->specs, g_array_unref);
  g_clear_pointer (&x->strings, g_ptr_array_unref);
}

/* --- totp ---------------------------------------------------------------------- */

int
cli_print_totp (VaultStore *store,
                VaultEntry *entry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;

  code = vault_store_get_totp_code (store, entry, g_get_real_time () / G_USEC_PER_SEC, NULL,
                                    NULL, &error);
  if (code == NULL)
    return cli_fail_error (error);
  return cli_print_secret (code);
}

/* show --field LABEL: that field's value alone. */
int
cli_print_field (VaultStore *store,
                 VaultEntry *entry,
                 const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) value = NULL;
  int at = vault_entry_find_field (entry, label);

  if (at < 0)
    {
      g_set_error (&error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND, _("“%s” has no field “%s”."),
                   vault_entry_get_title (entry), label);
      return cli_fail_error (error);
    }
  if ((value = vault_store_reveal_field (store, entry, (guint) at, &error)) == NULL)
    return cli_fail_error (error);
  return cli_print_secret (value);
}

/* show --all: "totp: URI" and a "field[LABEL]: value" line for each custom
 * field, concealed ones opened as the password is. */
int
cli_print_all_extras (VaultStore *store,
                      VaultEntry *entry)
{
  g_autoptr(GError) error = NULL;

  if (vault_entry_has_totp (entry))
    {
      g_autoptr(VaultSecureBuf) uri = vault_store_reveal_totp (store, entry, &error);

      if (uri == NULL)
        return cli_fail_error (error);
      fputs ("totp: ", stdout);
      if (!cli_write_secret (uri))
        return EXIT_FAILED;
    }
  for (guint i = 0; i < vault_entry_get_n_fields (entry); i++)
    {
      g_autoptr(VaultSecureBuf) value = vault_store_reveal_field (store, entry, i, &error);

      if (value == NULL)
        return cli_fail_error (error);
      printf ("field[%s]: ", vault_entry_get_field_label (entry, i));
      if (!cli_write_secret (value))
        return EXIT_FAILED;
    }
  return EXIT_OK;
}
