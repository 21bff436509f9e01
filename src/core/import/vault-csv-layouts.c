/* vault-csv-layouts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV layouts other managers and browsers export, told apart by their
 * header, and a mapping guessed from the column names of any other CSV.
 */
#include "config.h"

#include "vault-csv-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

typedef struct {
  const char *name;      /* lower case, as the layout writes it */
  guint32     role;
  gboolean    required;  /* part of what tells the layout apart */
} LayoutColumn;

typedef struct {
  VaultFormat  format;
  LayoutColumn columns[12];
} Layout;

/* Most specific first: Bitwarden's and Firefox's headers hold Chrome's
 * columns under other names, KeePassXC's hold 1Password's first four. */
static const Layout layouts[] = {
  /* folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,
   * login_password,login_totp; an organization's export has collections
   * instead of folder. */
  { VAULT_FORMAT_CSV_BITWARDEN, {
    { "type",           VAULT_CSV_ROLE_KIND,         TRUE },
    { "name",           VAULT_CSV_ROLE_TITLE,        TRUE },
    { "login_uri",      VAULT_CSV_ROLE_URL_LIST,     TRUE },
    { "login_username", VAULT_CSV_ROLE_USERNAME,     TRUE },
    { "login_password", VAULT_CSV_ROLE_PASSWORD,     TRUE },
    { "folder",         VAULT_CSV_ROLE_TAG,          FALSE },
    { "collections",    VAULT_CSV_ROLE_TAG_LIST,     FALSE },
    { "favorite",       VAULT_CSV_ROLE_FAVOURITE,    FALSE },
    { "notes",          VAULT_CSV_ROLE_NOTES,        FALSE },
    { "fields",         VAULT_CSV_ROLE_NAMED_VALUES, FALSE },
    { "login_totp",     VAULT_CSV_ROLE_OTP,          FALSE },
    { "reprompt",       VAULT_CSV_ROLE_IGNORE,       FALSE },
  } },
  /* url,username,password,httpRealm,formActionOrigin,guid,timeCreated,
   * timeLastUsed,timePasswordChanged. httpRealm names a site's HTTP
   * login and is kept as a field. */
  { VAULT_FORMAT_CSV_FIREFOX, {
    { "url",                 VAULT_CSV_ROLE_URL,         TRUE },
    { "username",            VAULT_CSV_ROLE_USERNAME,    TRUE },
    { "password",            VAULT_CSV_ROLE_PASSWORD,    TRUE },
    { "httprealm",           VAULT_CSV_ROLE_FIELD,       TRUE },
    { "formactionorigin",    VAULT_CSV_ROLE_IGNORE,      TRUE },
    { "guid",                VAULT_CSV_ROLE_IGNORE,      FALSE },
    { "timecreated",         VAULT_CSV_ROLE_CREATED_MS,  FALSE },
    { "timelastused",        VAULT_CSV_ROLE_IGNORE,      FALSE },
    { "timepasswordchanged", VAULT_CSV_ROLE_MODIFIED_MS, FALSE },
  } },
  /* Group,Title,Username,Password,URL,Notes, and since 2.7 TOTP,Icon,
   * Last Modified,Created. */
  { VAULT_FORMAT_CSV_KEEPASSXC, {
    { "group",         VAULT_CSV_ROLE_GROUP,        TRUE },
    { "title",         VAULT_CSV_ROLE_TITLE,        TRUE },
    { "username",      VAULT_CSV_ROLE_USERNAME,     TRUE },
    { "password",      VAULT_CSV_ROLE_PASSWORD,     TRUE },
    { "url",           VAULT_CSV_ROLE_URL,          TRUE },
    { "notes",         VAULT_CSV_ROLE_NOTES,        TRUE },
    { "totp",          VAULT_CSV_ROLE_OTP,          FALSE },
    { "icon",          VAULT_CSV_ROLE_IGNORE,       FALSE },
    { "last modified", VAULT_CSV_ROLE_MODIFIED_ISO, FALSE },
    { "created",       VAULT_CSV_ROLE_CREATED_ISO,  FALSE },
  } },
  /* Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes.
   * Safari's Title,URL,Username,Password,Notes,OTPAuth lacks Favorite and
   * Archived: it is read as another CSV, whose guessed mapping fits it. */
  { VAULT_FORMAT_CSV_1PASSWORD, {
    { "title",    VAULT_CSV_ROLE_TITLE,     TRUE },
    { "url",      VAULT_CSV_ROLE_URL,       TRUE },
    { "username", VAULT_CSV_ROLE_USERNAME,  TRUE },
    { "password", VAULT_CSV_ROLE_PASSWORD,  TRUE },
    { "otpauth",  VAULT_CSV_ROLE_OTP,       TRUE },
    { "favorite", VAULT_CSV_ROLE_FAVOURITE, TRUE },
    { "archived", VAULT_CSV_ROLE_ARCHIVED,  TRUE },
    { "tags",     VAULT_CSV_ROLE_TAG_LIST,  FALSE },
    { "notes",    VAULT_CSV_ROLE_NOTES,     FALSE },
  } },
  /* name,url,username,password, and in newer versions note. */
  { VAULT_FORMAT_CSV_CHROME, {
    { "name",     VAULT_CSV_ROLE_TITLE,    TRUE },
    { "url",      VAULT_CSV_ROLE_URL,      TRUE },
    { "username", VAULT_CSV_ROLE_USERNAME, TRUE },
    { "password", VAULT_CSV_ROLE_PASSWORD, TRUE },
    { "note",     VAULT_CSV_ROLE_NOTES,    FALSE },
  } },
};

static const Layout *
find_layout (VaultFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (layouts[i].format == format)
      return &layouts[i];
  return NULL;
}

/* A column name as layouts are written: ASCII lower case, no spaces around. */
static char *
layout_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  return g_strdup (g_strstrip (lower));
}

/* The first column of header with that layout name, or -1. */
static int
find_column (char       **names,
             const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], name) == 0)
      return i;
  return -1;
}

static char **
layout_names (const char * const *header)
{
  guint n = g_strv_length ((char **) header);
  char **names = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = layout_name (header[i]);
  return names;
}

static gboolean
has_required (const Layout  *layout,
              char         **names)
{
  for (guint i = 0; i < G_N_ELEMENTS (layout->columns) && layout->columns[i].name != NULL; i++)
    if (layout->columns[i].required && find_column (names, layout->columns[i].name) < 0)
      return FALSE;
  return TRUE;
}

VaultFormat
vault_csv_layout_detect (const char * const *header)
{
  g_auto(GStrv) names = layout_names (header);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (has_required (&layouts[i], names))
      return layouts[i].format;
  return VAULT_FORMAT_CSV_OTHER;
}

gboolean
vault_csv_layout_init (VaultCsvLayout         *layout,
                       VaultFormat             format,
                       const char * const     *header,
                       const VaultCsvMapping  *mapping,
                       GError                **error)
{
  guint n = g_strv_length ((char **) header);

  g_assert (n <= VAULT_CSV_MAX_COLUMNS);

  memset (layout, 0, sizeof *layout);
  layout->format = format;
  layout->n_columns = n;
  layout->names = g_strdupv ((char **) header);

  if (format == VAULT_FORMAT_CSV_OTHER)
    {
      if (mapping == NULL)
        {
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                               _("Choose which column holds what before importing this "
                                 "CSV file."));
          return FALSE;
        }
      for (guint c = 0; c < VAULT_N_COLUMNS; c++)
        {
          static const guint32 roles[VAULT_N_COLUMNS] = {
            [VAULT_COLUMN_TITLE]    = VAULT_CSV_ROLE_TITLE,
            [VAULT_COLUMN_USERNAME] = VAULT_CSV_ROLE_USERNAME,
            [VAULT_COLUMN_PASSWORD] = VAULT_CSV_ROLE_PASSWORD,
            [VAULT_COLUMN_URL]      = VAULT_CSV_ROLE_URL,
            [VAULT_COLUMN_NOTES]    = VAULT_CSV_ROLE_NOTES,
            [VAULT_COLUMN_TAGS]     = VAULT_CSV_ROLE_TAG,
            [VAULT_COLUMN_OTP]      = VAULT_CSV_ROLE_OTP,
          };
          int column = mapping->column[c];

          if (column < 0)
            continue;
          if ((guint) column >= n)
            {
              g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The file has %u columns: there is no column %d to read "
                             "the %s from."), n, column + 1, vault_column_get_name (c));
              return FALSE;
            }
          layout->roles[column] |= roles[c];
        }
      for (guint i = 0; i < n; i++)
        if (layout->roles[i] == 0)
          layout->roles[i] = VAULT_CSV_ROLE_FIELD;
      return TRUE;
    }
  else
    {
      const Layout *known = find_layout (format);
      g_auto(GStrv) names = layout_names (header);

      g_return_val_if_fail (known != NULL, FALSE);

      if (!has_required (known, names))
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                       _("This file’s columns are not those of a %s."),
                       vault_format_get_name (format));
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        layout->roles[i] = VAULT_CSV_ROLE_FIELD;
      /* Each known column once, at its first place; a second column of the
       * same name is kept as a field. */
      for (guint k = 0; k < G_N_ELEMENTS (known->columns) && known->columns[k].name; k++)
        {
          int column = find_column (names, known->columns[k].name);

          if (column >= 0)
            layout->roles[column] = known->columns[k].role;
        }
      return TRUE;
    }
}

void
vault_csv_layout_clear (VaultCsvLayout *layout)
{
  g_clear_pointer (&layout->names, g_strfreev);
}

/* --- Guessing a mapping ----------------------------------------------------- */

/* Column names people and other programs use, in the form normalize()
 * gives: case-folded, without spaces, '_', '-' or '.'. Earlier names win
 * over later ones: "username" over "email". */
static const char * const title_names[] = {
  "title", "name", "account", "accountname", "site", "sitename", "entry", "service",
  "label", "titel", "titre", "nom", "título", "titulo", "제목", "이름", "사이트", NULL
};
static const char * const username_names[] = {
  "username", "user", "login", "loginname", "userid", "benutzername", "benutzer",
  "identifiant", "nomdutilisateur", "utilisateur", "usuario", "nombredeusuario",
  "아이디", "사용자", "사용자이름", "사용자명", "email", "emailaddress", "mail", "이메일", NULL
};
static const char * const password_names[] = {
  "password", "pass", "pwd", "passwd", "passwort", "kennwort", "motdepasse",
  "contraseña", "contrasena", "senha", "비밀번호", "암호", "패스워드", NULL
};
static const char * const url_names[] = {
  "url", "website", "uri", "link", "address", "loginuri", "webaddress", "hostname",
  "webseite", "internetadresse", "siteweb", "sitioweb", "주소", "웹사이트", "사이트주소", NULL
};
static const char * const notes_names[] = {
  "notes", "note", "comment", "comments", "extra", "description", "notizen", "notiz",
  "kommentar", "bemerkung", "bemerkungen", "remarques", "remarque", "notas", "메모", "비고",
  "설명", NULL
};
static const char * const tags_names[] = {
  "tags", "tag", "folder", "group", "grouping", "category", "ordner", "gruppe",
  "kategorie", "dossier", "groupe", "catégorie", "carpeta", "grupo", "categoría",
  "태그", "폴더", "그룹", "분류", NULL
};
static const char * const otp_names[] = {
  "otp", "totp", "2fa", "onetime", "onetimepassword", "onetimecode", "otpauth",
  "otpsecret", "totpsecret", "mfa", "authenticator", "일회용비밀번호", "otp코드", NULL
};

static const char * const *const column_names[VAULT_N_COLUMNS] = {
  [VAULT_COLUMN_TITLE]    = title_names,
  [VAULT_COLUMN_USERNAME] = username_names,
  [VAULT_COLUMN_PASSWORD] = password_names,
  [VAULT_COLUMN_URL]      = url_names,
  [VAULT_COLUMN_NOTES]    = notes_names,
  [VAULT_COLUMN_TAGS]     = tags_names,
  [VAULT_COLUMN_OTP]      = otp_names,
};

static char *
normalize (const char *name)
{
  g_autofree char *folded = NULL;
  GString *out;

  if (!g_utf8_validate (name, -1, NULL))
    return g_strdup ("");
  folded = g_utf8_casefold (name, -1);
  out = g_string_sized_new (strlen (folded));
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '_' || c == '-' || c == '.')
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

void
vault_csv_guess_mapping (const char * const *header,
                         VaultCsvMapping    *mapping)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree gboolean *used = NULL;

  g_return_if_fail (header != NULL);
  g_return_if_fail (mapping != NULL);

  for (guint i = 0; header[i] != NULL && i < VAULT_CSV_MAX_COLUMNS; i++)
    g_ptr_array_add (names, normalize (header[i]));
  used = g_new0 (gboolean, names->len + 1);

  for (guint c = 0; c < VAULT_N_COLUMNS; c++)
    {
      mapping->column[c] = -1;
      for (guint s = 0; mapping->column[c] < 0 && column_names[c][s] != NULL; s++)
        for (guint i = 0; i < names->len; i++)
          if (!used[i] && strcmp (g_ptr_array_index (names, i), column_names[c][s]) == 0)
            {
              mapping->column[c] = i;
              used[i] = TRUE;
              break;
            }
    }
}
