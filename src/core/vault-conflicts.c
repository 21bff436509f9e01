/* vault-conflicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding the conflict copies sync engines leave beside the vault, by the
 * names they give them, and putting merged ones away in a device-local folder.
 */
#include "config.h"

#include "vault-merge.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "vault-error.h"

/* The vault's name split at its last dot: "vault" and ".json". */
static void
split_name (const char  *name,
            char       **stem,
            char       **ext)
{
  const char *dot = strrchr (name, '.');

  if (dot == NULL || dot == name)
    dot = name + strlen (name);
  *stem = g_strndup (name, (gsize) (dot - name));
  *ext = g_strdup (dot);
}

/* Syncthing, Nextcloud / ownCloud / Dropbox, Seafile, ownCloud's older form;
 * then the generic "(1)" and "-1" that file managers and some engines add. */
static GRegex *
conflict_regex (const char *vault_name,
                gboolean    generic)
{
  g_autofree char *stem = NULL;
  g_autofree char *ext = NULL;
  g_autofree char *s = NULL;
  g_autofree char *e = NULL;
  g_autofree char *pattern = NULL;

  split_name (vault_name, &stem, &ext);
  s = g_regex_escape_string (stem, -1);
  e = g_regex_escape_string (ext, -1);
  if (generic)
    pattern = g_strdup_printf ("^%s(?: \\(\\d{1,4}\\)|-\\d{1,4})%s$", s, e);
  else
    pattern = g_strdup_printf ("^%s(?:"
                               "\\.sync-conflict-\\d{8}-\\d{6}-[A-Za-z0-9]{1,64}"
                               "| \\([^()/]{0,200}conflicted copy[^()/]{0,200}\\)"
                               "| \\(SFConflict [^()/]{1,200}\\)"
                               "|_conflict-\\d{8}-\\d{6}"
                               ")%s$", s, e);
  return g_regex_new (pattern, G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
vault_conflict_copies_find (const char *vault_path)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir_path = NULL;
  g_autofree char *vault_name = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *backup_name = NULL;
  g_autoptr(GRegex) named = NULL;
  g_autoptr(GRegex) generic = NULL;
  g_autoptr(GRegex) backup = NULL;
  const char *name;

  g_return_val_if_fail (vault_path != NULL, found);

  dir_path = g_path_get_dirname (vault_path);
  vault_name = g_path_get_basename (vault_path);
  named = conflict_regex (vault_name, FALSE);
  generic = conflict_regex (vault_name, TRUE);
  /* NAME.bak travels too when the sync engine is not told to leave it
   * (docs/SYNC.md): two devices that saved while apart then leave a
   * conflict copy of it, "vault.json.sync-conflict-….bak", an older
   * version of this vault like any other. */
  backup_name = g_strconcat (vault_name, ".bak", NULL);
  backup = conflict_regex (backup_name, FALSE);
  dir = g_dir_open (dir_path, 0, NULL);
  if (dir == NULL || named == NULL || generic == NULL || backup == NULL)
    return found;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      struct stat st;

      if (!g_utf8_validate (name, -1, NULL) ||
          (!g_regex_match (named, name, 0, NULL) && !g_regex_match (generic, name, 0, NULL) &&
           !g_regex_match (backup, name, 0, NULL)))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      /* Only plain files: a link could point anywhere. */
      if (lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      g_ptr_array_add (found, g_steal_pointer (&path));
    }
  g_ptr_array_sort (found, compare_paths);
  return found;
}

/* "vault (1).json" or "vault-1.json": a name any copy may have, unlike the
 * sync engines' own; such a file is merged only if it is this vault. */
gboolean
vault_conflict_copy_is_generic (const char *copy_path)
{
  g_autofree char *name = NULL;
  g_autoptr(GRegex) regex = NULL;

  g_return_val_if_fail (copy_path != NULL, FALSE);

  name = g_path_get_basename (copy_path);
  regex = g_regex_new ("(?: \\(\\d{1,4}\\)|-\\d{1,4})(?:\\.[^.]*)?$", 0, 0, NULL);
  return g_regex_match (regex, name, 0, NULL) &&
         strstr (name, ".sync-conflict-") == NULL &&
         g_strstr_len (name, -1, "conflicted copy") == NULL;
}

static char *
merged_folder (void)
{
  return g_build_filename (g_get_user_state_dir (), APP_ID, "merged", NULL);
}

char *
vault_conflict_copy_put_away (const char  *copy_path,
                              GError     **error)
{
  g_autofree char *folder = merged_folder ();
  g_autofree char *name = g_path_get_basename (copy_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (copy_path != NULL, NULL);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, _("Could not make the folder “%s”: %s"),
                   folder, g_strerror (saved));
      return NULL;
    }
  for (guint i = 1; i < 1000; i++)
    {
      g_autofree char *base = i == 1 ? g_strdup_printf ("%s-%s", stamp, name)
                                     : g_strdup_printf ("%s-%u-%s", stamp, i, name);

      g_free (target);
      target = g_build_filename (folder, base, NULL);
      if (!g_file_test (target, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        break;
    }

  /* A rename when both are on one file system; else a copy, then removal. */
  source = g_file_new_for_path (copy_path);
  dest = g_file_new_for_path (target);
  if (!g_file_move (source, dest, G_FILE_COPY_NOFOLLOW_SYMLINKS, NULL, NULL, NULL,
                    &local_error))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, _("Could not move “%s” to “%s”: %s"),
                   copy_path, folder, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&target);
}
