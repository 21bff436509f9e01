/* test-import-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import and export: samples written from KeePassXC's, Chrome's,
 * Firefox's, 1Password's and Bitwarden's layouts and a spreadsheet's, read
 * field by field; every error a person can meet; and the export against
 * what the real keepassxc-cli writes.
 */
#include <string.h>

#include "vault-core.h"
#include "vault-import.h"
#include "test-util.h"

/* --- Helpers --------------------------------------------------------------- */

static GBytes *
load (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static VaultImport *
read_bytes (VaultFormat            format,
            GBytes                *bytes,
            const VaultCsvMapping *mapping)
{
  VaultImportOptions options = { .mapping = mapping };
  g_autoptr(GError) error = NULL;
  VaultImport *import;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  import = vault_import_read (format, data, len, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static VaultImport *
read_sample (const char *name,
             VaultFormat expected)
{
  g_autoptr(GBytes) bytes = load (name);
  VaultImport *import = read_bytes (VAULT_FORMAT_UNKNOWN, bytes, NULL);

  g_assert_cmpint (import->format, ==, expected);
  return import;
}

/* The error reading text gives, which must be in domain and code. */
static char *
read_error (VaultFormat            format,
            const char            *text,
            gssize                 len,
            const VaultCsvMapping *mapping,
            int                    code)
{
  VaultImportOptions options = { .mapping = mapping };
  g_autoptr(GError) error = NULL;
  VaultImport *import;

  if (len < 0)
    len = strlen (text);
  import = vault_import_read (format, (const guint8 *) text, len, &options, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, VAULT_ERROR, code);
  return g_strdup (error->message);
}

typedef struct {
  const char *title;
  const char *username;
  const char *url;
  const char *password;
  const char *notes;
  const char *otp;
  const char *tags;       /* joined with "|", NULL for none */
  gboolean    favourite;
  gint64      created;
  gint64      modified;
  const char *where;
  guint       fields;
} Expect;

static void
check_entry (const VaultImport *import,
             guint              index,
             const Expect      *x)
{
  const VaultForeignEntry *e;
  g_autofree char *tags = NULL;

  g_assert_cmpuint (index, <, import->entries->len);
  e = g_ptr_array_index (import->entries, index);
  tags = e->tags != NULL ? g_strjoinv ("|", e->tags) : NULL;

  g_assert_cmpstr (e->title, ==, x->title);
  g_assert_cmpstr (e->username, ==, x->username);
  g_assert_cmpstr (e->url, ==, x->url);
  g_assert_cmpstr (e->password, ==, x->password);
  g_assert_cmpstr (e->notes, ==, x->notes);
  g_assert_cmpstr (e->otp, ==, x->otp);
  g_assert_cmpstr (tags, ==, x->tags);
  g_assert_cmpint (e->favourite, ==, x->favourite);
  g_assert_cmpint (e->created, ==, x->created);
  g_assert_cmpint (e->modified, ==, x->modified);
  g_assert_cmpstr (e->where, ==, x->where);
  g_assert_cmpuint (e->fields != NULL ? e->fields->len : 0, ==, x->fields);
  g_assert_null (e->history);
}

static void
check_field (const VaultImport *import,
             guint              index,
             guint              field,
             const char        *name,
             const char        *value,
             gboolean           protected)
{
  const VaultForeignEntry *e = g_ptr_array_index (import->entries, index);
  const VaultForeignField *f;

  g_assert_nonnull (e->fields);
  g_assert_cmpuint (field, <, e->fields->len);
  f = g_ptr_array_index (e->fields, field);
  g_assert_cmpstr (f->name, ==, name);
  g_assert_cmpstr (f->value, ==, value);
  g_assert_cmpint (f->protected, ==, protected);
}

static void
check_skipped (const VaultImport *import,
               VaultSkip          kind,
               guint              n)
{
  for (guint i = 0; i < VAULT_N_SKIPS; i++)
    g_assert_cmpuint (import->skipped[i], ==, i == kind ? n : 0);
}

/* 2024-01-31T10:00:00Z */
#define JAN31 G_GINT64_CONSTANT (1706695200)

/* --- Detection ------------------------------------------------------------- */

static void
test_detect (void)
{
  static const struct {
    const char  *file;
    VaultFormat  format;
  } samples[] = {
    { "chrome.csv",               VAULT_FORMAT_CSV_CHROME },
    { "firefox.csv",              VAULT_FORMAT_CSV_FIREFOX },
    { "1password.csv",            VAULT_FORMAT_CSV_1PASSWORD },
    { "keepassxc.csv",            VAULT_FORMAT_CSV_KEEPASSXC },
    { "bitwarden.csv",            VAULT_FORMAT_CSV_BITWARDEN },
    { "other.csv",                VAULT_FORMAT_CSV_OTHER },
    { "bitwarden.json",           VAULT_FORMAT_BITWARDEN_JSON },
    { "bitwarden-encrypted.json", VAULT_FORMAT_BITWARDEN_JSON },
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GBytes) bytes = load (samples[i].file);
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (bytes, &len);

      g_test_message ("%s", samples[i].file);
      g_assert_cmpint (vault_import_detect (data, len, &error), ==, samples[i].format);
      g_assert_no_error (error);
    }
}

/* Order and case do not matter where exports differ; older KeePassXC
 * wrote six columns; Chrome added note later. */
static void
test_detect_variants (void)
{
  static const struct {
    const char  *text;
    VaultFormat  format;
  } headers[] = {
    { "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\"\n",
      VAULT_FORMAT_CSV_KEEPASSXC },
    { "name,url,username,password\n", VAULT_FORMAT_CSV_CHROME },
    { "URL,Name,Password,Username,Note\r\n", VAULT_FORMAT_CSV_CHROME },
    { "url,username,password,httpRealm,formActionOrigin,guid,timeCreated,timeLastUsed,"
      "timePasswordChanged", VAULT_FORMAT_CSV_FIREFOX },
    { "collections,type,name,notes,fields,reprompt,login_uri,login_username,"
      "login_password,login_totp\n", VAULT_FORMAT_CSV_BITWARDEN },
    /* Safari's: no Favorite or Archived, so not 1Password's. */
    { "Title,URL,Username,Password,Notes,OTPAuth\n", VAULT_FORMAT_CSV_OTHER },
    { "a,b\n1,2\n", VAULT_FORMAT_CSV_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("header %u", i);
      g_assert_cmpint (vault_import_detect ((const guint8 *) headers[i].text,
                                            strlen (headers[i].text), &error),
                       ==, headers[i].format);
      g_assert_no_error (error);
    }
}

static void
test_detect_not_csv (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d,
                                'I', 'H', 'D', 'R', ',', ',', ',' };
  static const guint8 nul[] = { 'a', ',', 'b', 0, ',', 'c', '\n' };
  static const char * const texts[] = {
    "Just a line of text.\nAnd another.\n",     /* one column */
    "one,\n",                                   /* one named column */
    "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",            /* no comma */
    "title,\xff\xfeuser\n",                     /* not UTF-8 */
    "a\"b,c\n",                                 /* a quote out of place */
    "{\"name\": \"x\", \"value\": 1}\n",        /* JSON, not Bitwarden's */
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *long_line = NULL;

  g_assert_cmpint (vault_import_detect (png, sizeof png, &error), ==, VAULT_FORMAT_UNKNOWN);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "not one Vault can import"));
  g_clear_error (&error);
  g_assert_cmpint (vault_import_detect (nul, sizeof nul, &error), ==, VAULT_FORMAT_UNKNOWN);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_test_message ("text %u", i);
      g_assert_cmpint (vault_import_detect ((const guint8 *) texts[i], strlen (texts[i]),
                                            &error), ==, VAULT_FORMAT_UNKNOWN);
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
      g_clear_error (&error);
    }

  /* A first line that does not end within what detection reads. */
  long_line = g_strnfill (200 * 1024, 'x');
  long_line[10] = ',';
  g_assert_cmpint (vault_import_detect ((const guint8 *) long_line, strlen (long_line), &error),
                   ==, VAULT_FORMAT_UNKNOWN);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  g_assert_cmpint (vault_import_detect ((const guint8 *) "", 0, &error), ==,
                   VAULT_FORMAT_UNKNOWN);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (error->message, ==, "The file is empty.");
}

/* --- Each layout, field by field ------------------------------------------- */

static void
test_chrome (void)
{
  g_autoptr(VaultImport) import = read_sample ("chrome.csv", VAULT_FORMAT_CSV_CHROME);

  g_assert_cmpuint (import->entries->len, ==, 4);
  check_entry (import, 0, &(Expect) {
    .title = "네이버", .username = "kim.minsu", .url = "https://nid.naver.com/nidlogin.login",
    .password = "비밀번호123", .where = "line 2" });
  check_entry (import, 1, &(Expect) {
    .title = "Acme, Inc.", .username = "bob \"the builder\"",
    .url = "https://acme.example.com/login", .password = "p,w \"x\"", .where = "line 3" });
  /* Spaces around an unquoted value are the value's. */
  check_entry (import, 2, &(Expect) {
    .title = "GitHub", .username = "octocat", .url = "https://github.com/session",
    .password = "  spaced pw  ", .notes = "two\nlines, with \"quotes\"", .where = "line 4" });
  /* No name: the title is the website's host. */
  check_entry (import, 3, &(Expect) {
    .title = "example.org", .username = "alice", .url = "https://www.example.org/login",
    .password = "pw4", .where = "line 6" });
  check_skipped (import, VAULT_SKIP_EMPTY, 1);
}

static void
test_firefox (void)
{
  g_autoptr(VaultImport) import = read_sample ("firefox.csv", VAULT_FORMAT_CSV_FIREFOX);

  g_assert_cmpuint (import->entries->len, ==, 3);
  check_entry (import, 0, &(Expect) {
    .title = "accounts.example.com", .username = "alice@example.com",
    .url = "https://accounts.example.com", .password = "s3cr3t,\"quoted\"",
    .created = JAN31, .modified = JAN31 + 2 * 86400, .where = "line 2" });
  /* httpRealm names an HTTP login's realm: kept as a field. */
  check_entry (import, 1, &(Expect) {
    .title = "intranet.example.com", .username = "kim", .url = "https://intranet.example.com",
    .password = "비밀번호123", .created = 1600000000, .modified = 1650000000,
    .where = "line 4", .fields = 1 });
  check_field (import, 1, 0, "httpRealm", "Intranet Realm", FALSE);
  /* A line break inside a value is the file's: CR LF here. */
  check_entry (import, 2, &(Expect) {
    .title = "naver.com", .username = "홍길동", .url = "https://www.naver.com",
    .password = "multi\r\nline", .created = JAN31, .where = "line 5" });
  check_skipped (import, VAULT_SKIP_BROWSER_PAGE, 1);
}

static void
test_1password (void)
{
  g_autoptr(VaultImport) import = read_sample ("1password.csv", VAULT_FORMAT_CSV_1PASSWORD);

  g_assert_cmpuint (import->entries->len, ==, 4);
  check_entry (import, 0, &(Expect) {
    .title = "네이버", .username = "minsu", .url = "https://www.naver.com",
    .password = "비밀번호123", .notes = "메모 \"인용\", 쉼표", .tags = "개인|쇼핑",
    .favourite = TRUE, .where = "line 2" });
  check_entry (import, 1, &(Expect) {
    .title = "GitHub", .username = "octocat", .url = "https://github.com",
    .password = "ghp-pass",
    .otp = "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub",
    .tags = "work|dev", .where = "line 3" });
  /* Archived in 1Password: kept, and tagged so. */
  check_entry (import, 2, &(Expect) {
    .title = "Old forum", .username = "kz", .url = "https://forum.example.org",
    .password = "old-pass", .notes = "line 1\nline 2", .tags = "Archived", .where = "line 4" });
  check_entry (import, 3, &(Expect) {
    .title = "Secure note", .notes = "just a note", .tags = "Work/Projects",
    .where = "line 6" });
  check_skipped (import, 0, 0);
}

static void
test_keepassxc (void)
{
  g_autoptr(VaultImport) import = read_sample ("keepassxc.csv", VAULT_FORMAT_CSV_KEEPASSXC);

  g_assert_cmpuint (import->entries->len, ==, 3);
  /* The root group is no tag; a group below it is, as a path. */
  check_entry (import, 0, &(Expect) {
    .title = "Top", .username = "bob", .password = "secret",
    .created = JAN31 - 86400 - 3600, .modified = JAN31, .where = "line 2" });
  check_entry (import, 1, &(Expect) {
    .title = "네이버", .username = "사용자", .url = "https://naver.com",
    .password = "비밀번호\"12,3", .notes = "line1\nline \"two\", x",
    .otp = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", .tags = "Work/Mail",
    .created = JAN31, .modified = JAN31 + 86400 + 2 * 3600 + 30 * 60, .where = "line 3" });
  check_entry (import, 2, &(Expect) {
    .title = "No times", .username = "u", .password = "p", .tags = "Work", .where = "line 5" });
  check_skipped (import, 0, 0);
}

static void
test_bitwarden_csv (void)
{
  g_autoptr(VaultImport) import = read_sample ("bitwarden.csv", VAULT_FORMAT_CSV_BITWARDEN);

  g_assert_cmpuint (import->entries->len, ==, 3);
  /* Websites beyond the first go to the notes; "name: value" lines are
   * fields. */
  check_entry (import, 0, &(Expect) {
    .title = "aib", .username = "dpbx@fner.ws", .url = "https://onlinebanking.aib.ie",
    .password = "ws5T@;_UB,[Q|P!8", .notes = "Other websites:\nhttps://aib.ie",
    .otp = "JBSWY3DPEHPK3PXP", .tags = "Bank", .favourite = TRUE, .where = "line 2",
    .fields = 2 });
  check_field (import, 0, 0, "pin", "462916", FALSE);
  check_field (import, 0, 1, "oldpin", "489019", FALSE);
  check_entry (import, 1, &(Expect) {
    .title = "네이버", .username = "홍길동", .url = "https://nid.naver.com",
    .password = "비밀번호123", .notes = "메모, 한국어", .tags = "Social/Korea",
    .where = "line 4" });
  check_entry (import, 2, &(Expect) {
    .title = "Wi-Fi", .notes = "SSID: home\npass: hunter2", .where = "line 5" });
  check_skipped (import, VAULT_SKIP_OTHER_KIND, 1);
}

static void
test_other (void)
{
  g_autoptr(GBytes) bytes = load ("other.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = NULL;
  g_auto(GStrv) header = NULL;
  VaultCsvMapping mapping;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  g_autofree char *message = NULL;

  header = vault_csv_read_header (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (header), ==, 8);
  g_assert_cmpstr (header[0], ==, "Site");   /* the BOM is not part of it */
  g_assert_cmpstr (header[7], ==, "Zusatz");

  vault_csv_guess_mapping ((const char * const *) header, &mapping);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_TITLE], ==, 0);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_URL], ==, 1);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_USERNAME], ==, 2);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_PASSWORD], ==, 3);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_NOTES], ==, 4);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_TAGS], ==, 5);
  g_assert_cmpint (mapping.column[VAULT_COLUMN_OTP], ==, -1);

  /* Without a mapping, nothing is read. */
  message = read_error (VAULT_FORMAT_CSV_OTHER, (const char *) data, len, NULL,
                        VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (message, ==, "Choose which column holds what before importing this CSV file.");

  import = read_bytes (VAULT_FORMAT_CSV_OTHER, bytes, &mapping);
  g_assert_cmpuint (import->entries->len, ==, 2);
  /* Columns not mapped are fields when they hold something; one whose
   * name says "PIN" is kept hidden. */
  check_entry (import, 0, &(Expect) {
    .title = "Bank", .username = "max", .url = "https://bank.example.de",
    .password = "Geh\"eim,1", .notes = "Konto", .tags = "Finanzen", .where = "line 2",
    .fields = 1 });
  check_field (import, 0, 0, "PIN", "1234", TRUE);
  check_entry (import, 1, &(Expect) {
    .title = "네이버", .username = "minsu", .url = "https://naver.com", .password = "비밀번호123",
    .where = "line 3", .fields = 1 });
  check_field (import, 1, 0, "Zusatz", "Zusatz\r\nzwei Zeilen", FALSE);
  check_skipped (import, 0, 0);
}

static void
test_other_mapping_bounds (void)
{
  const char *text = "a,b\n1,2\n";
  VaultCsvMapping mapping = { { -1, -1, -1, -1, -1, -1, -1 } };
  g_autofree char *message = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(VaultImport) import = NULL;

  mapping.column[VAULT_COLUMN_PASSWORD] = 2;
  message = read_error (VAULT_FORMAT_CSV_OTHER, text, -1, &mapping,
                        VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (message, ==,
                   "The file has 2 columns: there is no column 3 to read the Password from.");

  /* One column may give two parts. */
  mapping.column[VAULT_COLUMN_PASSWORD] = 1;
  mapping.column[VAULT_COLUMN_TITLE] = 1;
  import = read_bytes (VAULT_FORMAT_CSV_OTHER, bytes, &mapping);
  check_entry (import, 0, &(Expect) {
    .title = "2", .password = "2", .where = "line 2", .fields = 1 });
  check_field (import, 0, 0, "a", "1", FALSE);
}

static void
test_guess_mapping (void)
{
  static const struct {
    const char *header[8];
    int         columns[VAULT_N_COLUMNS];  /* title, username, password, url, notes, tags, otp */
  } cases[] = {
    { { "Nom", "Identifiant", "Mot de passe", "Site web", "Remarques", "Dossier", NULL },
      { 0, 1, 2, 3, 4, 5, -1 } },
    { { "제목", "아이디", "비밀번호", "주소", "메모", "폴더", "OTP", NULL },
      { 0, 1, 2, 3, 4, 5, 6 } },
    /* "username" is preferred to "email", each column is used once. */
    { { "E-mail", "User Name", "PASSWORD", "login_uri", "name", "2FA", NULL },
      { 4, 1, 2, 3, -1, -1, 5 } },
    { { "account", "login", "pwd", "URL", "extra", "grouping", "totp", NULL },
      { 0, 1, 2, 3, 4, 5, 6 } },
    { { "x", "y", NULL }, { -1, -1, -1, -1, -1, -1, -1 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      VaultCsvMapping mapping;

      vault_csv_guess_mapping (cases[i].header, &mapping);
      for (guint c = 0; c < VAULT_N_COLUMNS; c++)
        {
          g_test_message ("case %u, %s", i, vault_column_get_id (c));
          g_assert_cmpint (mapping.column[c], ==, cases[i].columns[c]);
        }
    }
}

/* --- Line endings and bounds ------------------------------------------------ */

static void
test_line_endings (void)
{
  static const char * const texts[] = {
    "name,url,username,password\nA,https://a.example,u,\"p\nq\"\nB,https://b.example,v,w\n",
    "name,url,username,password\r\nA,https://a.example,u,\"p\nq\"\r\nB,https://b.example,v,w",
    "name,url,username,password\rA,https://a.example,u,\"p\nq\"\rB,https://b.example,v,w\r",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr(VaultImport) import = read_bytes (VAULT_FORMAT_CSV_CHROME, bytes, NULL);

      /* A trailing line break is not a row; a missing one loses none. */
      g_assert_cmpuint (import->entries->len, ==, 2);
      check_entry (import, 0, &(Expect) {
        .title = "A", .username = "u", .url = "https://a.example", .password = "p\nq",
        .where = "line 2" });
      check_entry (import, 1, &(Expect) {
        .title = "B", .username = "v", .url = "https://b.example", .password = "w",
        .where = "line 4" });
    }
}

static void
test_error_columns (void)
{
  /* The row at fault starts on line 5: the row before spans two lines, a
   * blank line follows it. */
  const char *text = "name,url,username,password\n"
                     "A,https://a.example,u,\"two\nlines\"\n"
                     "\n"
                     "B,https://b.example,v\n";
  g_autofree char *message = read_error (VAULT_FORMAT_UNKNOWN, text, -1, NULL,
                                         VAULT_ERROR_DAMAGED);

  g_assert_cmpstr (message, ==, "Line 5 has 3 columns; the header has 4.");
  g_free (message);
  message = read_error (VAULT_FORMAT_CSV_CHROME, "name,url,username,password\nA,b,c,d,e\n", -1,
                        NULL, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "Line 2 has 5 columns; the header has 4.");
}

static void
test_error_utf8 (void)
{
  static const char with_nul[] = "name,url,username,password\r\n\r\na,b,c,\0d\n";
  const char *text = "name,url,username,password\n"
                     "A,https://a.example,u,p\n"
                     "B,https://b.example,v,caf\xe9\n";
  g_autofree char *message = read_error (VAULT_FORMAT_CSV_CHROME, text, -1, NULL,
                                         VAULT_ERROR_DAMAGED);

  g_assert_cmpstr (message, ==, "Line 3 is not valid UTF-8 text.");
  g_free (message);
  /* A NUL byte is no text either. */
  message = read_error (VAULT_FORMAT_CSV_CHROME, with_nul, sizeof with_nul - 1, NULL,
                        VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "Line 3 is not valid UTF-8 text.");
}

static void
test_error_quotes (void)
{
  g_autofree char *message = NULL;

  /* Cut short inside a quoted value. */
  message = read_error (VAULT_FORMAT_CSV_CHROME,
                        "name,url,username,password\nA,b,c,d\nB,b,c,\"never\nclosed\n", -1, NULL,
                        VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==,
                   "Line 3 opens a quote that is never closed: the file may be cut short.");
  g_free (message);
  /* A quote in the middle of an unquoted value, or after a quoted one:
   * where the value ends is a guess, and a password is not guessed. */
  message = read_error (VAULT_FORMAT_CSV_CHROME,
                        "name,url,username,password\nA,b,c,d\nB,b,c,pa\"ss\n", -1, NULL,
                        VAULT_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (message, "Line 3 is not valid CSV: a quote is misplaced."));
  g_free (message);
  message = read_error (VAULT_FORMAT_CSV_CHROME,
                        "name,url,username,password\n\"A\"x,b,c,d\n", -1, NULL,
                        VAULT_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (message, "Line 2 is not valid CSV"));
}

static void
test_error_empty (void)
{
  g_autofree char *message = NULL;

  message = read_error (VAULT_FORMAT_CSV_CHROME, "", 0, NULL, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (message, ==, "The file is empty.");
  g_free (message);
  message = read_error (VAULT_FORMAT_CSV_CHROME, "\xef\xbb\xbf\n\n", -1, NULL,
                        VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (message, ==, "The file is empty.");
  g_free (message);
  message = read_error (VAULT_FORMAT_UNKNOWN, "", 0, NULL, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_cmpstr (message, ==, "The file is empty.");
}

static void
test_error_binary (void)
{
  guint8 data[4096];
  g_autofree char *message = NULL;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7919 + (i >> 3));
  message = read_error (VAULT_FORMAT_UNKNOWN, (const char *) data, sizeof data, NULL,
                        VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (message, "not one Vault can import"));
}

static void
test_error_layout (void)
{
  g_autoptr(GBytes) bytes = load ("chrome.csv");
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *message = read_error (VAULT_FORMAT_CSV_FIREFOX, data, len, NULL,
                                         VAULT_ERROR_UNKNOWN_FORMAT);

  g_assert_cmpstr (message, ==, "This file’s columns are not those of a Firefox passwords (CSV).");
}

static void
test_bounds (void)
{
  g_autoptr(GString) text = g_string_new ("name,url,username,password\nA,b,c,");
  g_autofree char *message = NULL;
  GString *wide = g_string_new (NULL);

  /* A value one byte over the bound, quoted and not, ended and not. */
  g_string_append_c (text, '"');
  for (guint i = 0; i <= VAULT_IMPORT_MAX_FIELD; i++)
    g_string_append_c (text, "ab\n,"[i % 4]);
  message = read_error (VAULT_FORMAT_CSV_CHROME, text->str, text->len, NULL,
                        VAULT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (message, ==,
                   "Line 2 has a value longer than 1 MB, more than Vault keeps in one field.");
  g_free (message);
  g_string_append (text, "\"\n");
  message = read_error (VAULT_FORMAT_CSV_CHROME, text->str, text->len, NULL,
                        VAULT_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (message, "Line 2 has a value longer than 1 MB"));
  g_free (message);

  /* More columns than any export has. */
  for (guint i = 0; i < 300; i++)
    g_string_append_printf (wide, "c%u,", i);
  g_string_append (wide, "last\n");
  message = read_error (VAULT_FORMAT_UNKNOWN, wide->str, wide->len, NULL,
                        VAULT_ERROR_UNKNOWN_FORMAT);
  g_free (message);
  message = read_error (VAULT_FORMAT_CSV_OTHER, wide->str, wide->len, NULL,
                        VAULT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (message, ==, "The first line has more than 256 columns, more than Vault reads.");
  g_string_free (wide, TRUE);
}

typedef struct {
  guint  calls;
  double last;
} Progress;

static void
on_progress (double   fraction,
             gpointer data)
{
  Progress *p = data;

  g_assert_cmpfloat (fraction, >=, p->last);
  p->last = fraction;
  p->calls++;
}

static void
test_progress_and_cancel (void)
{
  g_autoptr(GString) text = g_string_new ("name,url,username,password\n");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = NULL;
  Progress progress = { 0 };
  VaultImportOptions options = { .progress = on_progress, .progress_data = &progress };

  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (text, "Entry %u,https://%u.example,user%u,pass%u\n", i, i, i, i);

  import = vault_import_read (VAULT_FORMAT_CSV_CHROME, (const guint8 *) text->str, text->len,
                              &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->entries->len, ==, 20000);
  check_entry (import, 19999, &(Expect) {
    .title = "Entry 19999", .username = "user19999", .url = "https://19999.example",
    .password = "pass19999", .where = "line 20001" });
  g_assert_cmpuint (progress.calls, >, 2);
  g_assert_cmpfloat (progress.last, ==, 1.0);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&import, vault_import_free);
  import = vault_import_read (VAULT_FORMAT_CSV_CHROME, (const guint8 *) text->str, text->len,
                              &options, cancellable, &error);
  g_assert_null (import);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* --- Export ---------------------------------------------------------------- */

static VaultForeignEntry *
add (VaultImport *import,
     const char  *title,
     const char  *username,
     const char  *password,
     const char  *url,
     const char  *notes,
     const char  *tag)
{
  VaultForeignEntry *entry = vault_import_add_entry (import);

  entry->title = g_strdup (title);
  entry->username = g_strdup (username);
  entry->password = vault_import_keep_secret (import, password, -1);
  entry->url = g_strdup (url);
  entry->notes = vault_import_keep_secret (import, notes, -1);
  if (tag != NULL)
    entry->tags = g_strsplit (tag, "\x01", -1);
  return entry;
}

static const char keepassxc_header[] =
  "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\","
  "\"Last Modified\",\"Created\"\n";

static void
test_export_round_trip (void)
{
  g_autoptr(VaultImport) out = vault_import_new (VAULT_FORMAT_CSV_KEEPASSXC);
  g_autoptr(VaultImport) back = NULL;
  g_autoptr(VaultSecureBuf) csv = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  VaultForeignEntry *e;

  e = add (out, "네이버", "홍길동", "비밀번호\"123,", "https://naver.com",
           "메모\n\"둘째\" 줄, 쉼표", "Social/Korea");
  e->otp = vault_import_keep_secret (out, "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", -1);
  e->created = JAN31;
  e->modified = JAN31 + 61;
  add (out, "Top", "bob", "  spaces  ", NULL, NULL, NULL);
  add (out, "\"Quoted\", title", "a,b", "p\r\nq", "https://example.com/?a=1&b=2",
       "line\r\nbreaks", "Work");

  csv = vault_export_csv (out, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix ((const char *) csv->data, keepassxc_header));
  g_assert_nonnull (strstr ((const char *) csv->data,
                            "\"Root/Social/Korea\",\"네이버\",\"홍길동\",\"비밀번호\"\"123,\","
                            "\"https://naver.com\",\"메모\n\"\"둘째\"\" 줄, 쉼표\","
                            "\"otpauth://totp/x?secret=JBSWY3DPEHPK3PXP\",\"0\","
                            "\"2024-01-31T10:01:01Z\",\"2024-01-31T10:00:00Z\"\n"));
  g_assert_nonnull (strstr ((const char *) csv->data,
                            "\"Root\",\"Top\",\"bob\",\"  spaces  \","
                            "\"\",\"\",\"\",\"0\",\"\",\"\"\n"));

  bytes = g_bytes_new (csv->data, csv->len);
  g_assert_cmpint (vault_import_detect (csv->data, csv->len, NULL), ==,
                   VAULT_FORMAT_CSV_KEEPASSXC);
  back = read_bytes (VAULT_FORMAT_CSV_KEEPASSXC, bytes, NULL);
  g_assert_cmpuint (back->entries->len, ==, 3);
  check_entry (back, 0, &(Expect) {
    .title = "네이버", .username = "홍길동", .url = "https://naver.com",
    .password = "비밀번호\"123,", .notes = "메모\n\"둘째\" 줄, 쉼표",
    .otp = "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP", .tags = "Social/Korea",
    .created = JAN31, .modified = JAN31 + 61, .where = "line 2" });
  check_entry (back, 1, &(Expect) {
    .title = "Top", .username = "bob", .password = "  spaces  ", .where = "line 4" });
  check_entry (back, 2, &(Expect) {
    .title = "\"Quoted\", title", .username = "a,b", .url = "https://example.com/?a=1&b=2",
    .password = "p\r\nq", .notes = "line\r\nbreaks", .tags = "Work", .where = "line 5" });
}

static char *
run_keepassxc (const char  *dir,
               const char  *input,
               GError     **error,
               ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  const char *arg;

  g_ptr_array_add (argv, (char *) "keepassxc-cli");
  va_start (args, error);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* English messages and the root group's English name, UTF-8 arguments;
   * KeePassXC's settings kept out of the person's home. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "QT_QPA_PLATFORM", "offscreen", TRUE);
  g_subprocess_launcher_set_cwd (launcher, dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (process == NULL)
    return NULL;
  if (!g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, error))
    return NULL;
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "keepassxc-cli %s failed: %s",
                   (const char *) argv->pdata[1], err);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Times differ, and the root group's name ("Passwords" from keepassxc-cli,
 * "Root" from Vault): the rest must be the same bytes. */
static char *
comparable (const char *csv)
{
  g_autoptr(GRegex) times = g_regex_new ("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"", 0, 0,
                                         NULL);
  g_autoptr(GRegex) roots = g_regex_new ("(^|\n)\"(Passwords|Root)(/|\")", G_REGEX_MULTILINE, 0,
                                         NULL);
  g_autofree char *no_times = g_regex_replace_literal (times, csv, -1, 0, "\"TIME\"", 0, NULL);

  return g_regex_replace (roots, no_times, -1, 0, "\\1\"ROOT\\3", 0, NULL);
}

static void
test_export_matches_keepassxc (void)
{
  static const struct {
    const char *group;   /* NULL: the root */
    const char *title;
    const char *username;
    const char *password;
    const char *url;
    const char *notes;
  } entries[] = {
    { NULL, "Top", "bob", "secret", NULL, NULL },
    { NULL, "\"Quoted\", title", "a,b", "p\"w,1", "https://example.com/?a=1&b=2",
      "multi\nline \"note\", here" },
    { "Work", "GitHub", "octocat", "  spaced  ", "https://github.com", NULL },
    { "Work/Mail", "네이버", "사용자", "비밀번호123", "https://naver.com", "메모\n둘째 줄" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("keepassxc-cli");
  g_autofree char *dir = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *ours_text = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(VaultImport) out = vault_import_new (VAULT_FORMAT_CSV_KEEPASSXC);
  g_autoptr(VaultImport) read_back = NULL;
  g_autoptr(VaultSecureBuf) ours = NULL;
  g_autoptr(GBytes) bytes = NULL;
  VaultForeignEntry *e;
  char *result;

  if (program == NULL)
    {
      g_test_skip ("keepassxc-cli is not installed (Debian package keepassxc)");
      return;
    }

  dir = g_dir_make_tmp ("vault-csv-XXXXXX", &error);
  g_assert_no_error (error);
  result = run_keepassxc (dir, "pw\npw\n", &error, "db-create", "-q", "-p", "-t", "100",
                          "t.kdbx", NULL);
  g_assert_no_error (error);
  g_free (result);
  result = run_keepassxc (dir, "pw\n", &error, "mkdir", "-q", "t.kdbx", "Work", NULL);
  g_assert_no_error (error);
  g_free (result);
  result = run_keepassxc (dir, "pw\n", &error, "mkdir", "-q", "t.kdbx", "Work/Mail", NULL);
  g_assert_no_error (error);
  g_free (result);

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *path = entries[i].group != NULL ?
                              g_strdup_printf ("%s/%s", entries[i].group, entries[i].title) :
                              g_strdup (entries[i].title);
      g_autofree char *input = g_strdup_printf ("pw\n%s\n", entries[i].password);

      result = run_keepassxc (dir, input, &error, "add", "-q", "-u", entries[i].username,
                              "--url", entries[i].url != NULL ? entries[i].url : "",
                              "--notes", entries[i].notes != NULL ? entries[i].notes : "",
                              "-p", "t.kdbx", path, NULL);
      g_assert_no_error (error);
      g_free (result);

      e = add (out, entries[i].title, entries[i].username, entries[i].password, entries[i].url,
               entries[i].notes, entries[i].group);
      e->created = JAN31;
      e->modified = JAN31 + i;
    }

  theirs = run_keepassxc (dir, "pw\n", &error, "export", "-q", "-f", "csv", "t.kdbx", NULL);
  g_assert_no_error (error);
  ours = vault_export_csv (out, &error);
  g_assert_no_error (error);
  ours_text = g_strndup ((const char *) ours->data, ours->len);

  g_assert_true (g_str_has_prefix (theirs, keepassxc_header));
  a = comparable (theirs);
  b = comparable (ours_text);
  g_assert_cmpstr (b, ==, a);

  /* And what keepassxc-cli wrote reads as the same entries. */
  bytes = g_bytes_new (theirs, strlen (theirs));
  read_back = read_bytes (VAULT_FORMAT_UNKNOWN, bytes, NULL);
  g_assert_cmpint (read_back->format, ==, VAULT_FORMAT_CSV_KEEPASSXC);
  g_assert_cmpuint (read_back->entries->len, ==, G_N_ELEMENTS (entries));
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      e = g_ptr_array_index (read_back->entries, i);
      g_assert_cmpstr (e->title, ==, entries[i].title);
      g_assert_cmpstr (e->username, ==, entries[i].username);
      g_assert_cmpstr (e->password, ==, entries[i].password);
      g_assert_cmpstr (e->url, ==, entries[i].url);
      g_assert_cmpstr (e->notes, ==, entries[i].notes);
      g_assert_cmpstr (e->tags != NULL ? e->tags[0] : NULL, ==, entries[i].group);
      g_assert_cmpint (e->created, >, JAN31);
      g_assert_cmpint (e->modified, >=, e->created);
    }
  test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/import/csv/detect/samples", test_detect);
  g_test_add_func ("/vault/import/csv/detect/variants", test_detect_variants);
  g_test_add_func ("/vault/import/csv/detect/not-csv", test_detect_not_csv);
  g_test_add_func ("/vault/import/csv/chrome", test_chrome);
  g_test_add_func ("/vault/import/csv/firefox", test_firefox);
  g_test_add_func ("/vault/import/csv/1password", test_1password);
  g_test_add_func ("/vault/import/csv/keepassxc", test_keepassxc);
  g_test_add_func ("/vault/import/csv/bitwarden", test_bitwarden_csv);
  g_test_add_func ("/vault/import/csv/other", test_other);
  g_test_add_func ("/vault/import/csv/other-mapping-bounds", test_other_mapping_bounds);
  g_test_add_func ("/vault/import/csv/guess-mapping", test_guess_mapping);
  g_test_add_func ("/vault/import/csv/line-endings", test_line_endings);
  g_test_add_func ("/vault/import/csv/error/columns", test_error_columns);
  g_test_add_func ("/vault/import/csv/error/utf8", test_error_utf8);
  g_test_add_func ("/vault/import/csv/error/quotes", test_error_quotes);
  g_test_add_func ("/vault/import/csv/error/empty", test_error_empty);
  g_test_add_func ("/vault/import/csv/error/binary", test_error_binary);
  g_test_add_func ("/vault/import/csv/error/layout", test_error_layout);
  g_test_add_func ("/vault/import/csv/error/bounds", test_bounds);
  g_test_add_func ("/vault/import/csv/progress-and-cancel", test_progress_and_cancel);
  g_test_add_func ("/vault/export/csv/round-trip", test_export_round_trip);
  g_test_add_func ("/vault/export/csv/matches-keepassxc", test_export_matches_keepassxc);

  return g_test_run ();
}
