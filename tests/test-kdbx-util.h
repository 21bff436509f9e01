/* test-kdbx-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the KDBX tests share: running keepassxc-cli, reading a database,
 * and comparing every entry with what keepassxc-cli shows of it.
 */
#pragma once

#include <gio/gio.h>
#include <string.h>

#include "test-util.h"
#include "vault-crypto.h"
#include "vault-error.h"
#include "vault-import-private.h"
#include "vault-kdbx-format.h"

#define PASSWORD "correct horse 말 battery"

/* --- keepassxc-cli ---------------------------------------------------------- */

/* Each test program makes it in main and removes it after. */
static char *tmpdir;

static inline gboolean
have_keepassxc (void)
{
  g_autofree char *path = g_find_program_in_path ("keepassxc-cli");

  if (path == NULL)
    {
      g_test_skip ("keepassxc-cli is not installed (Debian package keepassxc)");
      return FALSE;
    }
  return TRUE;
}

/* Runs keepassxc-cli with args, input on stdin; its output, or NULL when
 * it failed (stderr in *err). */
static inline char *
kpx_run (const char  *input,
         char       **err,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *errors = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "keepassxc-cli");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &errors, &error);
  g_assert_no_error (error);
  if (err != NULL)
    *err = g_strdup (errors);
  if (!g_subprocess_get_successful (process))
    return NULL;
  return g_steal_pointer (&out);
}

#define kpx(input, ...) kpx_ok (kpx_run (input, NULL, __VA_ARGS__, NULL), #__VA_ARGS__)

static inline char *
kpx_ok (char       *out,
        const char *what)
{
  if (out == NULL)
    g_error ("keepassxc-cli %s failed", what);
  return out;
}

static inline char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static inline GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static inline void
write_bytes (const char   *path,
             const void   *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static inline VaultImport *
read_kdbx (GBytes      *file,
           const char  *password,
           GBytes      *key_file,
           GError     **error)
{
  VaultImportOptions options = { 0 };

  options.password = password;
  options.key_file = key_file;
  return vault_import_read (VAULT_FORMAT_UNKNOWN, g_bytes_get_data (file, NULL),
                            g_bytes_get_size (file), &options, NULL, error);
}

static inline VaultImport *
read_ok (GBytes     *file,
         const char *password,
         GBytes     *key_file)
{
  g_autoptr(GError) error = NULL;
  VaultImport *import = read_kdbx (file, password, key_file, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  g_assert_cmpint (import->format, ==, VAULT_FORMAT_KDBX);
  return import;
}

static inline void
read_fails (GBytes     *file,
            const char *password,
            GBytes     *key_file,
            int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = read_kdbx (file, password, key_file, &error);

  g_assert_null (import);
  g_assert_error (error, VAULT_ERROR, code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* No secret in a message. */
  if (password != NULL)
    g_assert_null (strstr (error->message, password));
}

static inline VaultForeignEntry *
find (VaultImport *import,
      const char  *title)
{
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *entry = g_ptr_array_index (import->entries, i);

      if (g_strcmp0 (entry->title, title) == 0)
        return entry;
    }
  g_error ("no entry “%s”", title);
  return NULL;
}

static inline const char *
nonnull (const char *text)
{
  return text != NULL ? text : "";
}

static inline const char *
field (VaultForeignEntry *entry,
       const char        *name,
       gboolean          *protected)
{
  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    {
      VaultForeignField *f = g_ptr_array_index (entry->fields, i);

      if (strcmp (f->name, name) == 0)
        {
          if (protected != NULL)
            *protected = f->protected;
          return f->value;
        }
    }
  return NULL;
}

/* The entry's path in keepassxc-cli's listing: a line ending in its title,
 * its group being one of its tags. */
static inline char *
kpx_path (VaultForeignEntry  *entry,
          char              **lines)
{
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *slash = strrchr (lines[i], '/');
      g_autofree char *group = slash != NULL ? g_strndup (lines[i], slash - lines[i]) : NULL;

      if (strcmp (slash != NULL ? slash + 1 : lines[i], entry->title) != 0)
        continue;
      if (group != NULL)
        g_assert_true (entry->tags != NULL &&
                       g_strv_contains ((const char * const *) entry->tags, group));
      return g_strdup (lines[i]);
    }
  g_error ("keepassxc-cli does not list “%s”", entry->title);
  return NULL;
}

/* Every entry's standard fields, as keepassxc-cli shows them. */
static inline void
assert_like_keepassxc (VaultImport *import,
                       const char  *db,
                       const char  *password,
                       const char  *key_file)
{
  g_autofree char *input = g_strconcat (password != NULL ? password : "", "\n", NULL);
  g_autofree char *listing = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_entries = 0;

  if (key_file != NULL && password != NULL)
    listing = kpx (input, "ls", "-q", "-R", "-f", "-k", key_file, db);
  else if (key_file != NULL)
    listing = kpx (input, "ls", "-q", "-R", "-f", "--no-password", "-k", key_file, db);
  else
    listing = kpx (input, "ls", "-q", "-R", "-f", db);

  /* The same entries: every listed one that is not a group or in the bin. */
  lines = g_strsplit (listing, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0' && !g_str_has_suffix (lines[i], "/") &&
        !g_str_has_suffix (lines[i], "[empty]") && !g_str_has_prefix (lines[i], "Recycle Bin/"))
      n_entries++;
  g_assert_cmpuint (import->entries->len, ==, n_entries);

  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *entry = g_ptr_array_index (import->entries, i);
      g_autofree char *path = kpx_path (entry, lines);
      g_autofree char *shown = NULL;
      g_autofree char *expected = NULL;

      if (key_file != NULL && password != NULL)
        shown = kpx (input, "show", "-q", "-s", "-k", key_file, "-a", "Title", "-a", "UserName",
                     "-a", "Password", "-a", "URL", "-a", "Notes", db, path);
      else if (key_file != NULL)
        shown = kpx (input, "show", "-q", "-s", "--no-password", "-k", key_file, "-a", "Title",
                     "-a", "UserName", "-a", "Password", "-a", "URL", "-a", "Notes", db, path);
      else
        shown = kpx (input, "show", "-q", "-s", "-a", "Title", "-a", "UserName", "-a",
                     "Password", "-a", "URL", "-a", "Notes", db, path);
      expected = g_strdup_printf ("%s\n%s\n%s\n%s\n%s\n", entry->title, nonnull (entry->username),
                                  nonnull (entry->password), nonnull (entry->url),
                                  nonnull (entry->notes));
      g_assert_cmpstr (shown, ==, expected);
      g_assert_nonnull (entry->where);
    }
}

static inline void
assert_history (VaultForeignEntry  *entry,
                const char * const *passwords)
{
  guint n = g_strv_length ((GStrv) passwords);

  g_assert_nonnull (entry->history);
  g_assert_cmpuint (entry->history->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      VaultForeignHistory *item = &g_array_index (entry->history, VaultForeignHistory, i);

      g_assert_cmpstr (item->password, ==, passwords[i]);
      g_assert_cmpint (item->changed, >, 0);
      if (i > 0)
        g_assert_cmpint (item->changed, >=,
                         g_array_index (entry->history, VaultForeignHistory, i - 1).changed);
    }
}

static inline guint
file_major (GBytes *file)
{
  const guint8 *data = g_bytes_get_data (file, NULL);

  return data[10] | (data[11] << 8);
}

/* A KDBX 3.1 database as keepassxc-cli makes one, with groups, Korean
 * text, a password changed twice and an entry after that history. */
static inline char *
make_keepassxc_db (const char *name)
{
  g_autofree char *db = tmp_path (name);
  const char *pw = PASSWORD "\n";

  g_unlink (db);
  g_free (kpx (PASSWORD "\n" PASSWORD "\n", "db-create", "-q", "-p", db));
  g_free (kpx (pw, "mkdir", "-q", db, "Work"));
  g_free (kpx (pw, "mkdir", "-q", db, "Work/Mail"));
  g_free (kpx (PASSWORD "\n비밀번호 한글\n", "add", "-q", "-u", "김철수", "--url",
               "https://은행.example", "--notes", "메모\n둘째 줄", "-p", db, "은행"));
  g_free (kpx (PASSWORD "\nsecret-1\n", "add", "-q", "-u", "alice", "--url",
               "https://mail.example.com", "--notes", "line 1\nline 2 <&> \"q\"", "-p", db,
               "Work/Mail/Webmail"));
  g_free (kpx (PASSWORD "\nsecret-2\n", "edit", "-q", "-p", db, "Work/Mail/Webmail"));
  g_free (kpx (PASSWORD "\nsecret-3\n", "edit", "-q", "-p", db, "Work/Mail/Webmail"));
  g_free (kpx (PASSWORD "\nafter history\n", "add", "-q", "-u", "bob", "-p", db,
               "Work/Mail/Second"));
  g_free (kpx (pw, "add", "-q", "-u", "nobody", db, "Work/No password"));
  return g_steal_pointer (&db);
}

