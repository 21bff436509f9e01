/* cli-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Other versions of the vault in vault-cli: the merge command, the conflict
 * copies every command merges after unlocking, and a save that merges what
 * another program saved meanwhile (docs/SYNC.md).
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cli.h"
#include "cli-input.h"

/* A save that meets a file saved meanwhile by another program merges it
 * and tries again; a few times, should that program keep saving. */
#define SAVE_ATTEMPTS 5

static guint
report_total (const VaultMergeReport *report)
{
  return report->added + report->updated + report->deleted;
}

static void
warn (const char *message)
{
  fprintf (stderr, _("vault-cli: warning: %s\n"), message);
}

gboolean
cli_save (VaultStore  *store,
          GError     **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      VaultMergeReport report = { 0, };

      if (vault_store_save (store, NULL, &local_error))
        return TRUE;
      if (attempt == SAVE_ATTEMPTS ||
          !g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!vault_store_merge_file (store, vault_store_get_path (store), NULL, &report, NULL,
                                   error))
        return FALSE;
      if (report_total (&report) > 0)
        fprintf (stderr,
                 ngettext ("Another program saved the vault meanwhile; merged %u entry from it.\n",
                           "Another program saved the vault meanwhile; merged %u entries from it.\n",
                           report_total (&report)),
                 report_total (&report));
      vault_merge_report_clear (&report);
    }
}

static void
say_header_changed (void)
{
  fprintf (stderr, "%s\n",
           _("The master password of this vault is now the one set on another device."));
}

/* Reads and merges one conflict copy; FALSE (with a warning, when one is
 * due) when it was not merged. */
static gboolean
merge_copy (VaultStore       *store,
            const char       *path,
            VaultMergeReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultCopy) copy = vault_store_read_copy (store, path, NULL, NULL, &error);

  if (copy != NULL && vault_store_merge_copy (store, copy, report, &error))
    return TRUE;
  /* "vault (1).json" is any file's name: when it is not this vault it is
   * none of Vault's business. */
  if (!vault_conflict_copy_is_generic (path) ||
      !(g_error_matches (error, VAULT_ERROR, VAULT_ERROR_OTHER_VAULT) ||
        g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT)))
    warn (error->message);
  return FALSE;
}

void
cli_merge_conflict_copies (Cli        *cli,
                           VaultStore *store)
{
  g_autoptr(GPtrArray) copies = vault_conflict_copies_find (vault_store_get_path (store));
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GError) error = NULL;
  gboolean header_changed = FALSE;

  for (guint i = 0; i < copies->len; i++)
    {
      VaultMergeReport report = { 0, };
      guint total;

      if (merge_copy (store, copies->pdata[i], &report))
        {
          total = report_total (&report);
          g_ptr_array_add (merged, g_strdup (copies->pdata[i]));
          g_array_append_val (counts, total);
          header_changed = header_changed || report.header_changed;
        }
      vault_merge_report_clear (&report);
    }
  if (merged->len == 0)
    return;

  /* Put away only once what they held is saved. */
  if (!cli_save (store, &error))
    {
      warn (error->message);
      return;
    }
  for (guint i = 0; i < merged->len; i++)
    {
      g_autoptr(GError) move_error = NULL;
      g_autofree char *name = g_path_get_basename (merged->pdata[i]);
      g_autofree char *moved = vault_conflict_copy_put_away (merged->pdata[i], &move_error);
      g_autofree char *folder = NULL;
      guint n = g_array_index (counts, guint, i);

      if (moved == NULL)
        {
          warn (move_error->message);
          continue;
        }
      folder = g_path_get_dirname (moved);
      fprintf (stderr,
               ngettext ("Merged %u entry from %s (moved to %s/).\n",
                         "Merged %u entries from %s (moved to %s/).\n", n),
               n, name, folder);
    }
  if (header_changed)
    say_header_changed ();
}

static VaultCopy *
read_other (Cli            *cli,
            VaultStore     *store,
            const char     *path,
            VaultSecureBuf *password,
            GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(VaultSecureBuf) other_password = NULL;
  g_autofree char *prompt = NULL;
  VaultCopy *copy;

  copy = vault_store_read_copy (store, path, vault_secure_buf_get_string (password), NULL,
                                &local_error);
  if (copy != NULL)
    return copy;
  if (!g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Its master password was changed on the other device: ask for that one. */
  prompt = g_strdup_printf (_("Master password of %s: "), path);
  other_password = cli_ask_secret (cli, prompt, NULL, error);
  if (other_password == NULL)
    return NULL;
  return vault_store_read_copy (store, path, vault_secure_buf_get_string (other_password),
                                NULL, error);
}

static void
print_titles (const char *what,
              GPtrArray  *titles)
{
  for (guint i = 0; i < titles->len; i++)
    printf ("%s %s\n", what, (const char *) titles->pdata[i]);
}

int
cli_cmd_merge (Cli *cli, int argc, char **argv)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultCopy) copy = NULL;
  g_autoptr(GError) error = NULL;
  VaultMergeReport report = { 0, };
  const char *path = argv[1];
  int status;

  if ((store = cli_unlock_with_password (cli, &password, &error)) == NULL ||
      (copy = read_other (cli, store, path, password, &error)) == NULL ||
      !vault_store_merge_copy (store, copy, &report, &error))
    return cli_fail_error (error);

  /* Untranslated words, one change a line, for scripts. */
  print_titles ("added", report.added_titles);
  print_titles ("updated", report.updated_titles);
  print_titles ("deleted", report.deleted_titles);
  status = EXIT_OK;
  if (report.changed && !cli_save (store, &error))
    status = cli_fail_error (error);
  else
    {
      printf (_("Merged %s: %u added, %u updated, %u deleted.\n"), path, report.added,
              report.updated, report.deleted);
      if (report.header_changed)
        printf (_("The master password is now the one of %s.\n"), path);
    }
  vault_merge_report_clear (&report);
  return status;
}
