/* vault-csv-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CSV row made into an entry, by the part each of its columns plays:
 * group paths and tag lists into tags, times into seconds, Bitwarden's
 * extra websites into the notes and its "name: value" lines into fields.
 */
#include "config.h"

#include "vault-csv-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

/* The cell's text for a field that is not secret: taken from the cell the
 * first time, copied after. */
static char *
take_text (VaultCsvCell *cell)
{
  if (cell->value == NULL)
    return NULL;
  if (!cell->owned)
    return g_strndup (cell->value, cell->len);
  cell->owned = FALSE;  /* taken: a second taker copies it */
  return cell->value;
}

static gboolean
is_true (const VaultCsvCell *cell)
{
  g_autofree char *text = NULL;

  if (cell->value == NULL || cell->len > 8)
    return FALSE;
  text = g_strstrip (g_strndup (cell->value, cell->len));
  return strcmp (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
         g_ascii_strcasecmp (text, "yes") == 0;
}

/* Seconds since the epoch from ISO 8601 ("2024-01-31T10:00:00Z", UTC when
 * no zone is given), or 0. */
static gint64
parse_iso (const VaultCsvCell *cell)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (cell->value == NULL || cell->len > 64)
    return 0;
  text = g_strstrip (g_strndup (cell->value, cell->len));
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  return time != NULL ? MAX (g_date_time_to_unix (time), 0) : 0;
}

/* Seconds from Firefox's milliseconds since the epoch, or 0. */
static gint64
parse_ms (const VaultCsvCell *cell)
{
  g_autofree char *text = NULL;
  guint64 ms;

  if (cell->value == NULL || cell->len > 20)
    return 0;
  text = g_strstrip (g_strndup (cell->value, cell->len));
  /* Up to the year 9999. */
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_GUINT64_CONSTANT (253402300799999), &ms, NULL))
    return 0;
  return (gint64) (ms / 1000);
}

static void
add_tag (GPtrArray  *tags,
         const char *text,
         gsize       len)
{
  g_autofree char *tag = g_strstrip (g_strndup (text, len));

  if (*tag == '\0')
    return;
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_steal_pointer (&tag));
}

/* "a;b", "a, b": 1Password separates tags with either, Bitwarden its
 * collections with commas. */
static void
add_tag_list (GPtrArray          *tags,
              const VaultCsvCell *cell)
{
  const char *p = cell->value, *end = cell->value + cell->len;

  while (p < end)
    {
      const char *q = p;

      while (q < end && *q != ';' && *q != ',')
        q++;
      add_tag (tags, p, q - p);
      p = q + 1;
    }
}

/* KeePassXC writes the root group's name first ("Root", "Passwords"...):
 * "Root/Work/Mail" is the tag "Work/Mail", "Root" no tag. */
static void
add_group (GPtrArray          *tags,
           const VaultCsvCell *cell)
{
  const char *slash = memchr (cell->value, '/', cell->len);

  if (slash != NULL)
    add_tag (tags, slash + 1, cell->value + cell->len - (slash + 1));
}

/* Bitwarden's "name: value" lines, one a field; a line without ": " goes
 * on with the value above it, which had a line break. */
static void
add_named_values (VaultImport        *import,
                  VaultForeignEntry  *entry,
                  const VaultCsvCell *cell)
{
  const char *p = cell->value, *end = cell->value + cell->len;
  const char *name = NULL, *value = NULL, *value_end = NULL;
  gsize name_len = 0;

  while (p < end)
    {
      const char *eol = memchr (p, '\n', end - p);
      const char *colon;

      if (eol == NULL)
        eol = end;
      colon = g_strstr_len (p, eol - p, ": ");
      if (colon != NULL || name == NULL)
        {
          if (name != NULL)
            {
              g_autofree char *n = g_strndup (name, name_len);

              vault_foreign_entry_add_field (import, entry, n, value, value_end - value, FALSE);
            }
          name = p;
          name_len = colon != NULL ? (gsize) (colon - p) : (gsize) (eol - p);
          value = colon != NULL ? colon + 2 : eol;
        }
      value_end = eol;
      p = eol + 1;
    }
  if (name != NULL && (name_len > 0 || value_end > value))
    {
      g_autofree char *n = g_strndup (name, name_len);

      vault_foreign_entry_add_field (import, entry, n, value, value_end - value, FALSE);
    }
}

/* A column's name as a field: its header, or "Column 3" when empty. */
static char *
field_name (const VaultCsvLayout *layout,
            guint                 column)
{
  g_autofree char *name = g_strstrip (g_strdup (layout->names[column]));

  if (*name == '\0')
    return g_strdup_printf (_("Column %u"), column + 1);
  return g_steal_pointer (&name);
}

/* Unknown columns whose name says they hold a secret are kept hidden. */
static gboolean
looks_secret (const char *name)
{
  static const char * const words[] = { "pass", "secret", "pin", "key", "token", NULL };
  g_autofree char *lower = g_utf8_strdown (name, -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (lower, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
row_is_empty (const VaultCsvLayout *layout,
              const VaultCsvCell   *cells)
{
  for (guint i = 0; i < layout->n_columns; i++)
    if (cells[i].value != NULL)
      return FALSE;
  return TRUE;
}

/* Whether a row is one Vault skips, and why. */
static gboolean
skip_row (VaultImport          *import,
          const VaultCsvLayout *layout,
          const VaultCsvCell   *cells)
{
  if (row_is_empty (layout, cells))
    {
      import->skipped[VAULT_SKIP_EMPTY]++;
      return TRUE;
    }
  for (guint i = 0; i < layout->n_columns; i++)
    {
      const VaultCsvCell *cell = &cells[i];

      /* Firefox's own logins, to its sync account. */
      if (layout->format == VAULT_FORMAT_CSV_FIREFOX && (layout->roles[i] & VAULT_CSV_ROLE_URL) &&
          cell->value != NULL && g_str_has_prefix (cell->value, "chrome://"))
        {
          import->skipped[VAULT_SKIP_BROWSER_PAGE]++;
          return TRUE;
        }
      /* Bitwarden writes its logins and notes; anything else is new. */
      if ((layout->roles[i] & VAULT_CSV_ROLE_KIND) &&
          (cell->value == NULL ||
           (strcmp (cell->value, "login") != 0 && strcmp (cell->value, "note") != 0)))
        {
          import->skipped[VAULT_SKIP_OTHER_KIND]++;
          return TRUE;
        }
    }
  return FALSE;
}

/* Notes, then the websites beyond the first under a heading. */
static char *
notes_with_websites (VaultImport  *import,
                     const char   *notes,
                     GPtrArray    *websites)
{
  g_autoptr(VaultSecureString) text = vault_secure_string_new (256);

  if (notes != NULL && *notes != '\0')
    {
      vault_secure_string_append (text, notes);
      vault_secure_string_append (text, "\n\n");
    }
  vault_secure_string_append (text, _("Other websites:"));
  for (guint i = 0; i < websites->len; i++)
    {
      vault_secure_string_append_c (text, '\n');
      vault_secure_string_append (text, g_ptr_array_index (websites, i));
    }
  return vault_import_keep_secret (import, text->str, text->len);
}

gboolean
vault_csv_row_add (VaultImport           *import,
                   const VaultCsvLayout  *layout,
                   VaultCsvCell          *cells,
                   guint                  line,
                   GError               **error)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) websites = g_ptr_array_new_with_free_func (g_free);
  VaultForeignEntry *entry;

  if (skip_row (import, layout, cells))
    return TRUE;
  if (import->entries->len >= VAULT_IMPORT_MAX_ENTRIES)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The file has more than %u entries, more than Vault imports at once."),
                   VAULT_IMPORT_MAX_ENTRIES);
      return FALSE;
    }

  entry = vault_import_add_entry (import);
  entry->where = g_strdup_printf (_("line %u"), line);

  for (guint i = 0; i < layout->n_columns; i++)
    {
      VaultCsvCell *cell = &cells[i];
      guint32 roles = layout->roles[i];

      if (cell->value == NULL || (roles & VAULT_CSV_ROLE_IGNORE))
        continue;

      /* Secret cells are already in the import's secure memory. */
      if (roles & VAULT_CSV_ROLE_PASSWORD)
        entry->password = cell->value;
      if (roles & VAULT_CSV_ROLE_NOTES)
        entry->notes = cell->value;
      if (roles & VAULT_CSV_ROLE_OTP)
        entry->otp = cell->value;
      if (roles & VAULT_CSV_ROLE_NAMED_VALUES)
        add_named_values (import, entry, cell);
      if (roles & VAULT_CSV_ROLE_FIELD)
        {
          g_autofree char *name = field_name (layout, i);

          vault_foreign_entry_add_field (import, entry, name, cell->value, cell->len,
                                         looks_secret (name));
        }

      if (roles & VAULT_CSV_ROLE_TITLE)
        {
          g_free (entry->title);
          entry->title = take_text (cell);
        }
      if (roles & VAULT_CSV_ROLE_USERNAME)
        {
          g_free (entry->username);
          entry->username = take_text (cell);
        }
      if (roles & VAULT_CSV_ROLE_URL)
        {
          g_free (entry->url);
          entry->url = take_text (cell);
        }
      if (roles & VAULT_CSV_ROLE_URL_LIST)
        {
          g_auto(GStrv) uris = g_strsplit (cell->value, ",", -1);

          for (guint u = 0; uris[u] != NULL; u++)
            {
              g_strstrip (uris[u]);
              if (*uris[u] == '\0')
                continue;
              if (entry->url == NULL)
                entry->url = g_strdup (uris[u]);
              else
                g_ptr_array_add (websites, g_strdup (uris[u]));
            }
        }
      if (roles & VAULT_CSV_ROLE_TAG)
        add_tag (tags, cell->value, cell->len);
      if (roles & VAULT_CSV_ROLE_TAG_LIST)
        add_tag_list (tags, cell);
      if (roles & VAULT_CSV_ROLE_GROUP)
        add_group (tags, cell);
      if (roles & VAULT_CSV_ROLE_FAVOURITE)
        entry->favourite = is_true (cell);
      /* 1Password's archive is kept out of sight there; here it is a tag,
       * so the entries are found and can be put back or deleted. The word
       * is data, as a tag the person made would be: not translated. */
      if ((roles & VAULT_CSV_ROLE_ARCHIVED) && is_true (cell))
        add_tag (tags, "Archived", strlen ("Archived"));
      if (roles & VAULT_CSV_ROLE_CREATED_ISO)
        entry->created = parse_iso (cell);
      if (roles & VAULT_CSV_ROLE_MODIFIED_ISO)
        entry->modified = parse_iso (cell);
      if (roles & VAULT_CSV_ROLE_CREATED_MS)
        entry->created = parse_ms (cell);
      if (roles & VAULT_CSV_ROLE_MODIFIED_MS)
        entry->modified = parse_ms (cell);
    }

  if (websites->len > 0)
    entry->notes = notes_with_websites (import, entry->notes, websites);
  if (tags->len > 0)
    {
      g_ptr_array_add (tags, NULL);
      entry->tags = (GStrv) g_ptr_array_steal (tags, NULL);
    }
  return TRUE;
}
