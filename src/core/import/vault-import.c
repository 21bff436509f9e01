/* vault-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one interface to every foreign format: telling a file's format from
 * its content, handing it to its reader, and what all readers share.
 */
#include "config.h"

#include "vault-import-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault-error.h"

static const struct {
  const char *id;
  const char *name;
} formats[VAULT_N_FORMATS] = {
  [VAULT_FORMAT_UNKNOWN]        = { "unknown",        N_("Unknown format") },
  [VAULT_FORMAT_KDBX]           = { "kdbx",           N_("KeePass database (KDBX)") },
  [VAULT_FORMAT_CSV_KEEPASSXC]  = { "keepassxc-csv",  N_("KeePassXC CSV export") },
  [VAULT_FORMAT_CSV_CHROME]     = { "chrome-csv",     N_("Chrome or Chromium passwords (CSV)") },
  [VAULT_FORMAT_CSV_FIREFOX]    = { "firefox-csv",    N_("Firefox passwords (CSV)") },
  [VAULT_FORMAT_CSV_1PASSWORD]  = { "1password-csv",  N_("1Password CSV export") },
  [VAULT_FORMAT_CSV_BITWARDEN]  = { "bitwarden-csv",  N_("Bitwarden CSV export") },
  [VAULT_FORMAT_CSV_OTHER]      = { "csv",            N_("CSV file") },
  [VAULT_FORMAT_BITWARDEN_JSON] = { "bitwarden-json", N_("Bitwarden JSON export") },
};

static const struct {
  const char *id;
  const char *name;
} columns[VAULT_N_COLUMNS] = {
  [VAULT_COLUMN_TITLE]    = { "title",    N_("Title") },
  [VAULT_COLUMN_USERNAME] = { "username", N_("Username") },
  [VAULT_COLUMN_PASSWORD] = { "password", N_("Password") },
  [VAULT_COLUMN_URL]      = { "url",      N_("Website") },
  [VAULT_COLUMN_NOTES]    = { "notes",    N_("Notes") },
  [VAULT_COLUMN_TAGS]     = { "tags",     N_("Tags") },
  [VAULT_COLUMN_OTP]      = { "otp",      N_("One-Time Code") },
};

const char *
vault_format_get_id (VaultFormat format)
{
  g_return_val_if_fail (format < VAULT_N_FORMATS, NULL);
  return formats[format].id;
}

const char *
vault_format_get_name (VaultFormat format)
{
  g_return_val_if_fail (format < VAULT_N_FORMATS, NULL);
  return _(formats[format].name);
}

VaultFormat
vault_format_from_id (const char *id)
{
  for (guint i = VAULT_FORMAT_UNKNOWN + 1; id != NULL && i < VAULT_N_FORMATS; i++)
    if (g_ascii_strcasecmp (id, formats[i].id) == 0)
      return i;
  return VAULT_FORMAT_UNKNOWN;
}

gboolean
vault_format_is_csv (VaultFormat format)
{
  return format >= VAULT_FORMAT_CSV_KEEPASSXC && format <= VAULT_FORMAT_CSV_OTHER;
}

const char *
vault_column_get_id (VaultColumn column)
{
  g_return_val_if_fail (column < VAULT_N_COLUMNS, NULL);
  return columns[column].id;
}

const char *
vault_column_get_name (VaultColumn column)
{
  g_return_val_if_fail (column < VAULT_N_COLUMNS, NULL);
  return _(columns[column].name);
}

/* --- Detecting and reading ------------------------------------------------- */

VaultFormat
vault_import_detect (const guint8  *data,
                     gsize          len,
                     GError       **error)
{
  VaultFormat format;

  g_return_val_if_fail (data != NULL || len == 0, VAULT_FORMAT_UNKNOWN);

  if (len == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                           _("The file is empty."));
      return VAULT_FORMAT_UNKNOWN;
    }
  if (vault_kdbx_detect (data, len))
    return VAULT_FORMAT_KDBX;
  if (vault_bitwarden_detect (data, len))
    return VAULT_FORMAT_BITWARDEN_JSON;
  format = vault_csv_detect (data, len);
  if (format != VAULT_FORMAT_UNKNOWN)
    return format;

  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                       _("This file is not one Vault can import. Vault reads KeePass "
                         "databases (KDBX), CSV exports of browsers and password "
                         "managers, and Bitwarden’s JSON export."));
  return VAULT_FORMAT_UNKNOWN;
}

VaultImport *
vault_import_read (VaultFormat                format,
                   const guint8              *data,
                   gsize                      len,
                   const VaultImportOptions  *options,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  static const VaultImportOptions no_options = { 0 };
  VaultImport *import = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (format < VAULT_N_FORMATS, NULL);

  if (options == NULL)
    options = &no_options;
  if (len > VAULT_IMPORT_MAX_SIZE)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The file is larger than %d MB, more than Vault imports at once."),
                   VAULT_IMPORT_MAX_SIZE / (1024 * 1024));
      return NULL;
    }
  if (format == VAULT_FORMAT_UNKNOWN)
    {
      format = vault_import_detect (data, len, error);
      if (format == VAULT_FORMAT_UNKNOWN)
        return NULL;
    }

  if (format == VAULT_FORMAT_KDBX)
    import = vault_kdbx_read (data, len, options, cancellable, error);
  else if (format == VAULT_FORMAT_BITWARDEN_JSON)
    import = vault_bitwarden_read (data, len, options, cancellable, error);
  else
    import = vault_csv_read (format, data, len, options, cancellable, error);

  if (import != NULL)
    {
      import->format = format;
      for (guint i = 0; i < import->entries->len; i++)
        vault_foreign_entry_fill_title (g_ptr_array_index (import->entries, i));
    }
  return import;
}

void
vault_import_report (const VaultImportOptions *options,
                     guint64                   done,
                     guint64                   total)
{
  /* A reader reads in one thread; the last step it told is kept there. */
  static _Thread_local guint64 last_step = G_MAXUINT64;
  guint64 step;

  if (options == NULL || options->progress == NULL || total == 0)
    return;
  /* Two hundred steps at most, each told once, however done grows. */
  step = MIN (done, total) * 200 / total;
  if (done == 0)
    last_step = G_MAXUINT64;
  if (step == last_step)
    return;
  last_step = step;
  options->progress ((double) step / 200.0, options->progress_data);
}

VaultSecureBuf *
vault_import_load_file (const char  *path,
                        GError     **error)
{
  g_autoptr(VaultSecureBuf) buf = NULL;
  g_autofree char *display = g_filename_display_name (path);
  struct stat st;
  gsize done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, VAULT_ERROR, errsv == ENOENT ? VAULT_ERROR_NO_VAULT : VAULT_ERROR_IO,
                   _("Could not open “%s”: %s"), display, g_strerror (errsv));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("“%s” is not a file."), display);
      close (fd);
      return NULL;
    }
  if (st.st_size > VAULT_IMPORT_MAX_SIZE)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The file is larger than %d MB, more than Vault imports at once."),
                   VAULT_IMPORT_MAX_SIZE / (1024 * 1024));
      close (fd);
      return NULL;
    }

  buf = vault_secure_buf_new (st.st_size);
  while (done < buf->len)
    {
      gssize n = read (fd, buf->data + done, buf->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int errsv = n < 0 ? errno : EIO;

          g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                       _("Could not read “%s”: %s"), display, g_strerror (errsv));
          close (fd);
          return NULL;
        }
      done += n;
    }
  close (fd);
  return g_steal_pointer (&buf);
}

/* --- What was read ------------------------------------------------------- */

VaultImport *
vault_import_new (VaultFormat format)
{
  VaultImport *import = g_new0 (VaultImport, 1);

  import->format = format;
  import->entries = g_ptr_array_new ();
  import->secrets = vault_secure_arena_new ();
  return import;
}

static void
foreign_entry_free (VaultForeignEntry *entry)
{
  g_free (entry->title);
  g_free (entry->username);
  g_free (entry->url);
  g_strfreev (entry->tags);
  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    g_free (((VaultForeignField *) g_ptr_array_index (entry->fields, i))->name);
  g_clear_pointer (&entry->fields, g_ptr_array_unref);
  g_clear_pointer (&entry->history, g_array_unref);
  g_free (entry->where);
  g_free (entry);
}

void
vault_import_free (VaultImport *import)
{
  if (import == NULL)
    return;
  for (guint i = 0; i < import->entries->len; i++)
    foreign_entry_free (g_ptr_array_index (import->entries, i));
  g_ptr_array_unref (import->entries);
  /* Wipes every secret the entries pointed to. */
  vault_secure_arena_free (import->secrets);
  g_free (import);
}

VaultForeignEntry *
vault_import_add_entry (VaultImport *import)
{
  VaultForeignEntry *entry = g_new0 (VaultForeignEntry, 1);

  g_return_val_if_fail (import != NULL, NULL);

  g_ptr_array_add (import->entries, entry);
  return entry;
}

char *
vault_import_keep_secret (VaultImport *import,
                          const char  *value,
                          gssize       len)
{
  g_return_val_if_fail (import != NULL, NULL);
  return vault_secure_arena_strndup (import->secrets, value, len);
}

void
vault_foreign_entry_add_field (VaultImport       *import,
                               VaultForeignEntry *entry,
                               const char        *name,
                               const char        *value,
                               gssize             len,
                               gboolean           protected)
{
  VaultForeignField *field;

  g_return_if_fail (import != NULL && entry != NULL && name != NULL);

  if (entry->fields == NULL)
    entry->fields = g_ptr_array_new_with_free_func (g_free);
  field = g_new0 (VaultForeignField, 1);
  field->name = g_strdup (name);
  field->value = vault_import_keep_secret (import, value != NULL ? value : "",
                                           value != NULL ? len : 0);
  field->protected = protected;
  g_ptr_array_add (entry->fields, field);
}

void
vault_foreign_entry_add_history (VaultImport       *import,
                                 VaultForeignEntry *entry,
                                 gint64             changed,
                                 const char        *password,
                                 gssize             len)
{
  VaultForeignHistory item;

  g_return_if_fail (import != NULL && entry != NULL);

  if (entry->history == NULL)
    entry->history = g_array_new (FALSE, FALSE, sizeof (VaultForeignHistory));
  if (entry->history->len >= VAULT_IMPORT_MAX_HISTORY)
    g_array_remove_index (entry->history, 0);
  item.changed = changed;
  item.password = vault_import_keep_secret (import, password != NULL ? password : "",
                                            password != NULL ? len : 0);
  g_array_append_val (entry->history, item);
}

static gboolean
is_empty (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* The host of a URL people write with or without a scheme. */
static char *
url_host (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_scheme = NULL;
  const char *host;

  if (url == NULL || strlen (url) > 4096)
    return NULL;
  if (strstr (url, "://") == NULL)
    url = with_scheme = g_strconcat ("https://", url, NULL);
  uri = g_uri_parse (url, G_URI_FLAGS_PARSE_RELAXED | G_URI_FLAGS_NON_DNS, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    return NULL;
  if (g_str_has_prefix (host, "www."))
    host += 4;
  return g_strdup (host);
}

void
vault_foreign_entry_fill_title (VaultForeignEntry *entry)
{
  g_return_if_fail (entry != NULL);

  if (!is_empty (entry->title))
    return;
  g_free (entry->title);
  entry->title = url_host (entry->url);
  if (entry->title == NULL && !is_empty (entry->username))
    entry->title = g_strdup (entry->username);
  if (entry->title == NULL)
    entry->title = g_strdup (_("Untitled"));
}

static void
take_line (GStrvBuilder *lines,
           char         *line)
{
  g_strv_builder_add (lines, line);
  g_free (line);
}

GStrv
vault_import_describe_skipped (const VaultImport *import)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();
  const guint *n;

  g_return_val_if_fail (import != NULL, NULL);

  n = import->skipped;
  if (n[VAULT_SKIP_RECYCLE_BIN] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u entry in the recycle bin was skipped.",
                   "%u entries in the recycle bin were skipped.", n[VAULT_SKIP_RECYCLE_BIN]),
      n[VAULT_SKIP_RECYCLE_BIN]));
  if (n[VAULT_SKIP_ATTACHMENT] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u attached file was not imported: Vault does not keep files.",
                   "%u attached files were not imported: Vault does not keep files.",
                   n[VAULT_SKIP_ATTACHMENT]),
      n[VAULT_SKIP_ATTACHMENT]));
  if (n[VAULT_SKIP_BROWSER_PAGE] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE,
                   "%u login to the browser’s own pages was skipped.",
                   "%u logins to the browser’s own pages were skipped.",
                   n[VAULT_SKIP_BROWSER_PAGE]),
      n[VAULT_SKIP_BROWSER_PAGE]));
  if (n[VAULT_SKIP_CARD] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u payment card was skipped: Vault keeps logins and notes.",
                   "%u payment cards were skipped: Vault keeps logins and notes.",
                   n[VAULT_SKIP_CARD]),
      n[VAULT_SKIP_CARD]));
  if (n[VAULT_SKIP_IDENTITY] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u identity was skipped: Vault keeps logins and notes.",
                   "%u identities were skipped: Vault keeps logins and notes.",
                   n[VAULT_SKIP_IDENTITY]),
      n[VAULT_SKIP_IDENTITY]));
  if (n[VAULT_SKIP_SSH_KEY] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u SSH key was skipped: Vault keeps logins and notes.",
                   "%u SSH keys were skipped: Vault keeps logins and notes.",
                   n[VAULT_SKIP_SSH_KEY]),
      n[VAULT_SKIP_SSH_KEY]));
  if (n[VAULT_SKIP_OTHER_KIND] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u item of a kind Vault does not know was skipped.",
                   "%u items of a kind Vault does not know were skipped.",
                   n[VAULT_SKIP_OTHER_KIND]),
      n[VAULT_SKIP_OTHER_KIND]));
  if (n[VAULT_SKIP_EMPTY] > 0)
    take_line (lines, g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u empty row was skipped.",
                   "%u empty rows were skipped.", n[VAULT_SKIP_EMPTY]),
      n[VAULT_SKIP_EMPTY]));
  return g_strv_builder_end (lines);
}

/* --- Writing an export ------------------------------------------------------ */

gboolean
vault_export_write_file (const char    *path,
                         const guint8  *data,
                         gsize          len,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  /* Written beside its name, flushed, then renamed: a full disk leaves the
   * old file, never half a new one. */
  if (!g_file_set_contents_full (path, (const char *) data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT |
                                 G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("Could not write “%s”: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
