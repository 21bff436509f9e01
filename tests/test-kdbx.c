/* test-kdbx.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KeePass databases in and out: files made by the real keepassxc-cli (KDBX
 * 3.1 and 4, AES-KDF, key files, history, attributes, the recycle bin,
 * attachments) and by pykeepass (Argon2d, Argon2id, ChaCha20) read field by
 * field against what keepassxc-cli shows; every kind of bad file; and
 * Vault's own KDBX 4 export opened by keepassxc-cli and read back.
 */
#define _GNU_SOURCE  /* memmem */
#include <gio/gio.h>
#include <string.h>

#include "test-util.h"
#include "vault-crypto.h"
#include "vault-error.h"
#include "vault-import-private.h"
#include "vault-kdbx-format.h"

#define PASSWORD "correct horse 말 battery"

/* --- keepassxc-cli ---------------------------------------------------------- */

static char *tmpdir;

static gboolean
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
static char *
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

static char *
kpx_ok (char       *out,
        const char *what)
{
  if (out == NULL)
    g_error ("keepassxc-cli %s failed", what);
  return out;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char   *path,
             const void   *data,
             gsize         len)
{
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

static VaultImport *
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

static VaultImport *
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

static void
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

static VaultForeignEntry *
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

static const char *
nonnull (const char *text)
{
  return text != NULL ? text : "";
}

static const char *
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
static char *
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
static void
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

static void
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

static guint
file_major (GBytes *file)
{
  const guint8 *data = g_bytes_get_data (file, NULL);

  return data[10] | (data[11] << 8);
}

/* A KDBX 3.1 database as keepassxc-cli makes one, with groups, Korean
 * text, a password changed twice and an entry after that history. */
static char *
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

static void
assert_keepassxc_entries (VaultImport *import)
{
  static const char * const webmail_history[] = { "secret-1", "secret-2", NULL };
  VaultForeignEntry *entry;

  entry = find (import, "은행");
  g_assert_cmpstr (entry->username, ==, "김철수");
  g_assert_cmpstr (entry->password, ==, "비밀번호 한글");
  g_assert_cmpstr (entry->url, ==, "https://은행.example");
  g_assert_cmpstr (entry->notes, ==, "메모\n둘째 줄");
  g_assert_null (entry->tags);
  g_assert_null (entry->history);
  g_assert_cmpint (entry->created, >, 1600000000);
  g_assert_cmpint (entry->modified, >=, entry->created);
  g_assert_cmpstr (entry->where, ==, "entry “은행”");

  entry = find (import, "Webmail");
  g_assert_cmpstr (entry->username, ==, "alice");
  g_assert_cmpstr (entry->password, ==, "secret-3");
  g_assert_cmpstr (entry->notes, ==, "line 1\nline 2 <&> \"q\"");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work/Mail", NULL }));
  assert_history (entry, webmail_history);
  g_assert_cmpstr (entry->where, ==, "entry “Webmail” in group Work/Mail");
  g_assert_false (entry->favourite);

  /* Read after Webmail's protected history: the stream stayed in step. */
  entry = find (import, "Second");
  g_assert_cmpstr (entry->password, ==, "after history");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work/Mail", NULL }));

  entry = find (import, "No password");
  g_assert_true (entry->password == NULL || *entry->password == '\0');
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work", NULL }));
}

static void
test_keepassxc_kdbx3 (void)
{
  g_autofree char *db = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(VaultImport) import = NULL;

  if (!have_keepassxc ())
    return;
  db = make_keepassxc_db ("kdbx3.kdbx");
  file = read_bytes (db);
  g_assert_cmpuint (file_major (file), ==, 3);
  g_assert_true (vault_kdbx_detect (g_bytes_get_data (file, NULL), g_bytes_get_size (file)));

  import = read_ok (file, PASSWORD, NULL);
  g_assert_cmpuint (import->entries->len, ==, 4);
  assert_keepassxc_entries (import);
  assert_like_keepassxc (import, db, PASSWORD, NULL);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_RECYCLE_BIN], ==, 0);
}

/* keepassxc-cli writes KDBX 4.1 (AES-KDF) once an entry is in the recycle
 * bin; attachments are counted, not read. */
static void
test_keepassxc_kdbx4 (void)
{
  g_autofree char *db = NULL;
  g_autofree char *attachment = tmp_path ("attachment.txt");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(VaultImport) import = NULL;
  const guint8 *data;
  VaultForeignEntry *entry;

  if (!have_keepassxc ())
    return;
  db = make_keepassxc_db ("kdbx4.kdbx");
  g_free (kpx (PASSWORD "\nbinned\n", "add", "-q", "-p", db, "To the bin"));
  g_free (kpx (PASSWORD "\n", "rm", "-q", db, "To the bin"));
  write_bytes (attachment, "not imported\n", 13);
  g_free (kpx (PASSWORD "\n", "attachment-import", "-q", db, "Work/Mail/Second", "notes.txt",
               attachment));

  file = read_bytes (db);
  data = g_bytes_get_data (file, NULL);
  g_assert_cmpuint (file_major (file), ==, 4);
  /* Its KDF dictionary names AES-KDF. */
  g_assert_nonnull (memmem (data, 200, vault_kdbx_kdf_aes_kdbx3, 16));

  import = read_ok (file, PASSWORD, NULL);
  g_assert_cmpuint (import->entries->len, ==, 4);
  assert_keepassxc_entries (import);
  assert_like_keepassxc (import, db, PASSWORD, NULL);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_RECYCLE_BIN], ==, 1);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_ATTACHMENT], ==, 1);
  entry = find (import, "Second");
  g_assert_cmpuint (entry->attachments, ==, 1);
  g_assert_cmpuint (find (import, "Webmail")->attachments, ==, 0);
}

/* Custom attributes, KeePass tags, the otp field and KeePassXC's legacy
 * TOTP pair, history of repeated passwords and the recycle bin, through
 * keepassxc-cli's own import of its XML. */
static const char attributes_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  "<KeePassFile><Meta><Generator>test</Generator>"
  "<RecycleBinEnabled>True</RecycleBinEnabled>"
  "<RecycleBinUUID>AAECAwQFBgcICQoLDA0ODw==</RecycleBinUUID></Meta>"
  "<Root><Group><UUID>EBESExQVFhcYGRobHB0eHw==</UUID><Name>Root</Name>"
  "<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID><Tags>shopping;은행</Tags>"
  "<Times><CreationTime>2021-03-04T05:06:07Z</CreationTime>"
  "<LastModificationTime>2022-03-04T05:06:07Z</LastModificationTime></Times>"
  "<String><Key>Title</Key><Value>카드</Value></String>"
  "<String><Key>UserName</Key><Value>kim</Value></String>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">pw-now</Value></String>"
  "<String><Key>URL</Key><Value>https://card.example.com</Value></String>"
  "<String><Key>Notes</Key><Value>a &amp; b</Value></String>"
  "<String><Key>PIN</Key><Value ProtectInMemory=\"True\">1234</Value></String>"
  "<String><Key>계좌 번호</Key><Value>12-34-56</Value></String>"
  "<String><Key>otp</Key><Value ProtectInMemory=\"True\">"
  "otpauth://totp/card?secret=JBSWY3DPEHPK3PXP&amp;period=30</Value></String>"
  "<History>"
  "<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>"
  "<Times><LastModificationTime>2021-03-04T05:06:07Z</LastModificationTime></Times>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">pw-1</Value></String></Entry>"
  "<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>"
  "<Times><LastModificationTime>2021-06-04T05:06:07Z</LastModificationTime></Times>"
  "<String><Key>Title</Key><Value>old title</Value></String>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">pw-1</Value></String></Entry>"
  "<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>"
  "<Times><LastModificationTime>2021-09-04T05:06:07Z</LastModificationTime></Times>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">pw-2</Value></String></Entry>"
  "<Entry><UUID>ICEiIyQlJicoKSorLC0uLw==</UUID>"
  "<Times><LastModificationTime>2022-01-04T05:06:07Z</LastModificationTime></Times>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">pw-now</Value></String></Entry>"
  "</History></Entry>"
  "<Group><UUID>MDEyMzQ1Njc4OTo7PD0+Pw==</UUID><Name>Legacy</Name>"
  "<Entry><UUID>QEFCQ0RFRkdISUpLTE1OTw==</UUID>"
  "<String><Key>Title</Key><Value>Old TOTP</Value></String>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">x</Value></String>"
  "<String><Key>TOTP Seed</Key><Value ProtectInMemory=\"True\">JBSWY3DPEHPK3PXP</Value></String>"
  "<String><Key>TOTP Settings</Key><Value>60;8</Value></String></Entry>"
  "<Entry><UUID>QUFCQ0RFRkdISUpLTE1OTw==</UUID>"
  "<String><Key>Title</Key><Value>Usual TOTP</Value></String>"
  "<String><Key>TOTP Seed</Key><Value ProtectInMemory=\"True\">GEZDGNBV</Value></String>"
  "<String><Key>TOTP Settings</Key><Value>30;6</Value></String></Entry></Group>"
  "<Group><UUID>AAECAwQFBgcICQoLDA0ODw==</UUID><Name>Recycle Bin</Name>"
  "<Entry><UUID>UFFSU1RVVldYWVpbXF1eXw==</UUID>"
  "<String><Key>Title</Key><Value>Deleted</Value></String>"
  "<String><Key>Password</Key><Value ProtectInMemory=\"True\">gone</Value></String></Entry>"
  "</Group></Group></Root></KeePassFile>\n";

static void
test_keepassxc_attributes (void)
{
  static const char * const history[] = { "pw-1", "pw-2", NULL };
  g_autofree char *xml = tmp_path ("attributes.xml");
  g_autofree char *db = tmp_path ("attributes.kdbx");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(VaultImport) import = NULL;
  g_autofree char *shown = NULL;
  VaultForeignEntry *entry;
  gboolean protected = FALSE;

  if (!have_keepassxc ())
    return;
  write_bytes (xml, attributes_xml, strlen (attributes_xml));
  g_unlink (db);
  g_free (kpx (PASSWORD "\n" PASSWORD "\n", "import", "-q", "-p", xml, db));
  file = read_bytes (db);
  import = read_ok (file, PASSWORD, NULL);

  g_assert_cmpuint (import->entries->len, ==, 3);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_RECYCLE_BIN], ==, 1);
  assert_like_keepassxc (import, db, PASSWORD, NULL);

  entry = find (import, "카드");
  shown = kpx (PASSWORD "\n", "show", "-q", "-s", "-a", "PIN", "-a", "계좌 번호", "-a", "otp",
               db, "카드");
  g_assert_cmpstr (shown, ==, "1234\n12-34-56\n"
                   "otpauth://totp/card?secret=JBSWY3DPEHPK3PXP&period=30\n");
  g_assert_cmpstr (field (entry, "PIN", &protected), ==, "1234");
  g_assert_true (protected);
  g_assert_cmpstr (field (entry, "계좌 번호", &protected), ==, "12-34-56");
  g_assert_false (protected);
  g_assert_cmpuint (entry->fields->len, ==, 2);
  g_assert_cmpstr (entry->otp, ==, "otpauth://totp/card?secret=JBSWY3DPEHPK3PXP&period=30");
  /* KeePassXC keeps the tags sorted; entries in the root group have no group tag. */
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "shopping", "은행", NULL }));
  g_assert_cmpint (entry->created, ==, 1614834367);   /* 2021-03-04T05:06:07Z */
  g_assert_cmpint (entry->modified, ==, 1646370367);  /* 2022-03-04T05:06:07Z */
  /* pw-1 twice is one change, and the last version's password is the current one. */
  assert_history (entry, history);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 0).changed, ==, 1622783167);

  entry = find (import, "Old TOTP");
  g_assert_cmpstr (entry->otp, ==,
                   "otpauth://totp/?secret=JBSWY3DPEHPK3PXP&digits=8&period=60");
  g_assert_null (entry->fields);
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Legacy", NULL }));
  entry = find (import, "Usual TOTP");
  g_assert_cmpstr (entry->otp, ==, "GEZDGNBV");
}

/* Key files of every kind KeePassXC reads, with and without a password. */
static void
check_key_file (const char *name,
                GBytes     *contents,
                gboolean    with_password)
{
  g_autofree char *db = tmp_path ("keyed.kdbx");
  g_autofree char *key = tmp_path (name);
  g_autofree char *other_key = tmp_path ("other.key");
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) key_bytes = NULL;
  g_autoptr(GBytes) other = NULL;
  g_autoptr(VaultImport) import = NULL;
  const char *password = with_password ? PASSWORD : NULL;

  g_unlink (db);
  if (contents != NULL)
    write_bytes (key, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents));
  else
    g_unlink (key);   /* keepassxc-cli makes it */
  if (with_password)
    {
      g_free (kpx (PASSWORD "\n" PASSWORD "\n", "db-create", "-q", "-p", "--set-key-file", key, db));
      g_free (kpx (PASSWORD "\nkeyed secret\n", "add", "-q", "-k", key, "-u", "k", "-p", db,
                   "Keyed"));
    }
  else
    {
      g_free (kpx ("", "db-create", "-q", "--set-key-file", key, db));
      g_free (kpx ("keyed secret\n", "add", "-q", "--no-password", "-k", key, "-u", "k", "-p", db,
                   "Keyed"));
    }

  file = read_bytes (db);
  key_bytes = read_bytes (key);
  import = read_ok (file, password, key_bytes);
  g_assert_cmpuint (import->entries->len, ==, 1);
  g_assert_cmpstr (find (import, "Keyed")->password, ==, "keyed secret");
  assert_like_keepassxc (import, db, password, key);

  other = g_bytes_new_static ("another key file\n", 17);
  read_fails (file, password, other, VAULT_ERROR_WRONG_KEY);
  if (with_password)
    {
      read_fails (file, password, NULL, VAULT_ERROR_WRONG_KEY);
      read_fails (file, "guessed 1", key_bytes, VAULT_ERROR_WRONG_KEY);
    }
  else
    read_fails (file, PASSWORD, key_bytes, VAULT_ERROR_WRONG_KEY);
  g_unlink (key);
}

static void
test_keepassxc_key_files (void)
{
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) hex = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) xml1 = NULL;
  guint8 random[32];
  g_autofree char *hex_text = NULL;
  g_autofree char *base64 = NULL;
  g_autofree char *xml1_text = NULL;

  if (!have_keepassxc ())
    return;

  /* Made by keepassxc-cli: 128 random bytes (hashed), and XML 2.0. */
  check_key_file ("made.key", NULL, TRUE);
  check_key_file ("made.keyx", NULL, TRUE);
  check_key_file ("made-only.key", NULL, FALSE);

  vault_random_bytes (random, sizeof random);
  raw = g_bytes_new (random, sizeof random);
  check_key_file ("raw.key", raw, TRUE);
  hex_text = test_to_hex (random, sizeof random);
  hex = g_bytes_new (hex_text, 64);
  check_key_file ("hex.key", hex, FALSE);
  text = g_bytes_new_static ("any file at all, hashed\n", 24);
  check_key_file ("text.key", text, TRUE);
  base64 = g_base64_encode (random, sizeof random);
  xml1_text = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<KeyFile>\n"
                               "  <Meta><Version>1.00</Version></Meta>\n"
                               "  <Key><Data>%s</Data></Key>\n</KeyFile>\n", base64);
  xml1 = g_bytes_new (xml1_text, strlen (xml1_text));
  check_key_file ("v1.key", xml1, TRUE);
}

/* An XML 2.0 key file whose checksum does not match is refused. */
static void
test_key_file_checksum (void)
{
  static const char key[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<KeyFile><Meta><Version>2.0</Version></Meta>"
    "<Key><Data Hash=\"00000000\">210BE46F B6F70269 D3BDFF65 F368A37B\n"
    "B5884F73 66C946D9 6E692E5A E3138AF6</Data></Key></KeyFile>\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (key, strlen (key));
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) composite = vault_kdbx_composite_key (NULL, bytes, &error);

  g_assert_null (composite);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_assert_nonnull (strstr (error->message, "checksum"));
}

/* --- pykeepass samples: Argon2d, Argon2id, ChaCha20 ------------------------ */

#define SAMPLE_PASSWORD "vault test 비밀"

static void
check_pykeepass_sample (gconstpointer data)
{
  static const char * const history[] = { "pyk-pass-1", "pyk-pass-2", NULL };
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import", data, NULL);
  g_autoptr(GBytes) file = read_bytes (path);
  g_autoptr(VaultImport) import = read_ok (file, SAMPLE_PASSWORD, NULL);
  VaultForeignEntry *entry;
  gboolean protected;

  g_assert_cmpuint (file_major (file), ==, 4);
  g_assert_cmpuint (import->entries->len, ==, 3);

  entry = find (import, "Webmail");
  g_assert_cmpstr (entry->username, ==, "alice");
  g_assert_cmpstr (entry->password, ==, "pyk-pass-3");
  g_assert_cmpstr (entry->url, ==, "https://mail.example.com");
  g_assert_cmpstr (entry->notes, ==, "first line\nsecond line");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work/Mail", NULL }));
  g_assert_cmpint (entry->created, ==, 1577934245);   /* 2020-01-02T03:04:05Z */
  g_assert_cmpint (entry->modified, ==, 1641092645);  /* 2022-01-02T03:04:05Z */
  assert_history (entry, history);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 0).changed, ==, 1577934245);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 1).changed, ==, 1609556645);
  g_assert_cmpstr (field (entry, "PIN", &protected), ==, "4321");
  g_assert_true (protected);
  g_assert_cmpstr (field (entry, "Plain", &protected), ==, "visible");
  g_assert_false (protected);

  entry = find (import, "한국어 항목");
  g_assert_cmpstr (entry->username, ==, "사용자");
  g_assert_cmpstr (entry->password, ==, "비밀 암호");
  g_assert_cmpstr (entry->notes, ==, "메모 <&> \"따옴표\"");
  g_assert_null (entry->tags);

  entry = find (import, "Home");
  g_assert_cmpstr (entry->password, ==, "home-pass");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Personal", "home", "x", NULL }));

  if (g_find_program_in_path ("keepassxc-cli") != NULL)
    assert_like_keepassxc (import, path, SAMPLE_PASSWORD, NULL);
  read_fails (file, "guessed 1", NULL, VAULT_ERROR_WRONG_KEY);
}

/* --- Bad files ------------------------------------------------------------- */

static GBytes *
keepassxc_file (guint major)
{
  g_autofree char *db = make_keepassxc_db (major == 3 ? "bad3.kdbx" : "bad4.kdbx");

  if (major == 4)
    {
      g_free (kpx (PASSWORD "\nx\n", "add", "-q", "-p", db, "Binned"));
      g_free (kpx (PASSWORD "\n", "rm", "-q", db, "Binned"));
    }
  return read_bytes (db);
}

/* The header's length: up to its end field. */
static gsize
header_length (GBytes *file)
{
  const guint8 *data = g_bytes_get_data (file, NULL);
  guint size_len = file_major (file) >= 4 ? 4 : 2;
  gsize pos = 12;

  for (;;)
    {
      guint8 id = data[pos];
      gsize len = size_len == 4 ? vault_kdbx_read_u32 (data + pos + 1)
                                : (gsize) (data[pos + 1] | (data[pos + 2] << 8));

      pos += 1 + size_len + len;
      if (id == 0)
        return pos;
    }
}

static GBytes *
changed_copy (GBytes *file,
              gsize   offset,
              guint8  xor)
{
  g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (file, NULL), g_bytes_get_size (file));

  copy[offset] ^= xor;
  return g_bytes_new_take (g_steal_pointer (&copy), g_bytes_get_size (file));
}

/* A KDBX 4 file whose header was changed, its SHA-256 made right again. */
static GBytes *
reseal_header (GByteArray *data,
               gsize       header_len)
{
  vault_sha256 (data->data, header_len, data->data + header_len);
  return g_byte_array_free_to_bytes (data);
}

static void
check_bad_files (guint major)
{
  g_autoptr(GBytes) file = keepassxc_file (major);
  gsize len = g_bytes_get_size (file);
  gsize header = header_length (file);
  const gsize cuts[] = { 4, 10, 13, 40, header - 1, header, header + 20, header + 70,
                         (header + len) / 2, len - 17, len - 1 };

  /* The file is right as it is. */
  g_autoptr(VaultImport) good = read_ok (file, PASSWORD, NULL);

  read_fails (file, "guessed 2", NULL, VAULT_ERROR_WRONG_KEY);
  read_fails (file, NULL, NULL, VAULT_ERROR_WRONG_KEY);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new_from_bytes (file, 0, cuts[i]);
      g_autoptr(GError) error = NULL;
      VaultImportOptions options = { .password = PASSWORD };
      g_autoptr(VaultImport) import = NULL;

      g_test_message ("KDBX %u cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, major, cuts[i], len);
      import = vault_kdbx_read (g_bytes_get_data (cut, NULL), cuts[i], &options, NULL, &error);
      g_assert_null (import);
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
    }

  /* A byte changed in the middle of the payload, and in its last block. */
  {
    g_autoptr(GBytes) flipped = changed_copy (file, (header + len) / 2, 0x01);
    g_autoptr(GBytes) flipped_end = changed_copy (file, len - 40, 0x80);

    read_fails (flipped, PASSWORD, NULL, VAULT_ERROR_DAMAGED);
    read_fails (flipped_end, PASSWORD, NULL, VAULT_ERROR_DAMAGED);
  }
  if (major == 4)
    {
      /* KDBX 4: the header is checked by its SHA-256 before the key runs. */
      g_autoptr(GBytes) flipped = changed_copy (file, 60, 0x01);   /* the master seed */
      g_autoptr(GBytes) sha = changed_copy (file, header + 3, 0x01);
      g_autoptr(GBytes) mac = changed_copy (file, header + 40, 0x01);

      read_fails (flipped, PASSWORD, NULL, VAULT_ERROR_DAMAGED);
      read_fails (sha, PASSWORD, NULL, VAULT_ERROR_DAMAGED);
      /* A header MAC that does not match is a wrong key, as in KeePassXC. */
      read_fails (mac, PASSWORD, NULL, VAULT_ERROR_WRONG_KEY);
    }
}

static void
test_bad_kdbx3 (void)
{
  if (have_keepassxc ())
    check_bad_files (3);
}

static void
test_bad_kdbx4 (void)
{
  if (have_keepassxc ())
    check_bad_files (4);
}

/* Versions, ciphers and KDFs Vault does not read say so before any work. */
static void
test_unsupported (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "import",
                                                 "pykeepass-argon2d.kdbx", NULL);
  g_autoptr(GBytes) file = read_bytes (path);
  const guint8 *data = g_bytes_get_data (file, NULL);
  gsize len = g_bytes_get_size (file);
  gsize header = header_length (file);
  g_autoptr(GError) error = NULL;
  VaultImportOptions options = { .password = SAMPLE_PASSWORD };
  g_autoptr(VaultImport) import = NULL;
  guint8 kdb[124] = { 0x03, 0xd9, 0xa2, 0x9a, 0x65, 0xfb, 0x4b, 0xb5 };
  GByteArray *copy;
  guint8 *p;

  /* KeePass 1: recognised, and sent to KeePassXC. */
  g_assert_true (vault_kdbx_detect (kdb, sizeof kdb));
  g_assert_cmpint (vault_import_detect (kdb, sizeof kdb, NULL), ==, VAULT_FORMAT_KDBX);
  import = vault_kdbx_read (kdb, sizeof kdb, &options, NULL, &error);
  g_assert_null (import);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "KeePassXC"));
  g_clear_error (&error);

  /* Not KeePass at all. */
  g_assert_false (vault_kdbx_detect ((const guint8 *) "Title,Username\n", 15));
  g_assert_false (vault_kdbx_detect (data, 7));

  /* Format versions 2 and 5. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GBytes) old = changed_copy (file, 10, 4 ^ (i == 0 ? 2 : 5));

      read_fails (old, SAMPLE_PASSWORD, NULL, VAULT_ERROR_UNSUPPORTED);
    }

  /* Twofish, and an unknown cipher. */
  copy = g_byte_array_new ();
  g_byte_array_append (copy, data, len);
  p = memmem (copy->data, header, vault_kdbx_cipher_aes256, 16);
  g_assert_nonnull (p);
  memcpy (p, vault_kdbx_cipher_twofish, 16);
  {
    g_autoptr(GBytes) twofish = reseal_header (copy, header);

    import = read_kdbx (twofish, SAMPLE_PASSWORD, NULL, &error);
    g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "Twofish"));
    g_assert_nonnull (strstr (error->message, "Database Settings > Security"));
    g_clear_error (&error);
  }
  copy = g_byte_array_new ();
  g_byte_array_append (copy, data, len);
  memcpy (memmem (copy->data, header, vault_kdbx_cipher_aes256, 16), vault_kdbx_cipher_aes128, 16);
  {
    g_autoptr(GBytes) aes128 = reseal_header (copy, header);

    read_fails (aes128, SAMPLE_PASSWORD, NULL, VAULT_ERROR_UNSUPPORTED);
  }

  /* An unknown KDF, and Argon2 asking for 2 GiB, 100 lanes or a million passes. */
  copy = g_byte_array_new ();
  g_byte_array_append (copy, data, len);
  p = memmem (copy->data, header, vault_kdbx_kdf_argon2d, 16);
  g_assert_nonnull (p);
  p[3] ^= 0xff;
  {
    g_autoptr(GBytes) unknown = reseal_header (copy, header);

    read_fails (unknown, SAMPLE_PASSWORD, NULL, VAULT_ERROR_UNSUPPORTED);
  }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "M", "P", "I" };
      guint64 values[] = { G_GUINT64_CONSTANT (2) << 30, 100, 1000000 };
      g_autoptr(GBytes) costly = NULL;
      gint64 start;

      copy = g_byte_array_new ();
      g_byte_array_append (copy, data, len);
      /* Type, name length 1, the name, value length, the value. */
      p = memmem (copy->data, header, (guint8[]) { 1, 0, 0, 0, names[i][0] }, 5);
      g_assert_nonnull (p);
      if (p[5] == 8)
        vault_kdbx_write_u64 (p + 9, values[i]);
      else
        vault_kdbx_write_u32 (p + 9, values[i]);
      costly = reseal_header (copy, header);
      start = g_get_monotonic_time ();
      read_fails (costly, SAMPLE_PASSWORD, NULL, VAULT_ERROR_UNSUPPORTED);
      g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC / 2);
    }
}

/* --- The XML layer ----------------------------------------------------------- */

static const guint8 inner_key[64] = { 1, 2, 3, 4, 5, 6, 7, 8 };

/* A KDBX 4 payload: the inner header (ChaCha20 with inner_key), then xml. */
static GBytes *
kdbx4_payload (const char *xml)
{
  GByteArray *out = g_byte_array_new ();
  guint8 field[9] = { VAULT_KDBX_INNER_STREAM_ID, 4, 0, 0, 0, VAULT_KDBX_STREAM_CHACHA20 };

  g_byte_array_append (out, field, 9);
  field[0] = VAULT_KDBX_INNER_STREAM_KEY;
  field[1] = 64;
  g_byte_array_append (out, field, 5);
  g_byte_array_append (out, inner_key, 64);
  /* An attachment, passed over. */
  field[0] = VAULT_KDBX_INNER_BINARY;
  field[1] = 4;
  g_byte_array_append (out, field, 5);
  g_byte_array_append (out, (const guint8 *) "\001abc", 4);
  field[0] = VAULT_KDBX_INNER_END;
  field[1] = 0;
  g_byte_array_append (out, field, 5);
  g_byte_array_append (out, (const guint8 *) xml, strlen (xml));
  return g_byte_array_free_to_bytes (out);
}

static VaultImport *
read_xml (const char  *xml,
          GError     **error)
{
  g_autoptr(GBytes) payload = kdbx4_payload (xml);

  return vault_kdbx_read_xml (g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), 4,
                              NULL, 0, error);
}

static void
test_xml_bounds (void)
{
  g_autoptr(GString) deep = g_string_new ("<KeePassFile><Root><Group><Name>r</Name>");
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = NULL;

  /* Groups nested deeper than the reader goes. */
  for (guint i = 0; i < VAULT_KDBX_MAX_DEPTH; i++)
    g_string_append (deep, "<Group><Name>g</Name>");
  import = read_xml (deep->str, &error);
  g_assert_null (import);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Not XML, no root group, an unfinished document. */
  import = read_xml ("<KeePassFile><Root><Group></Entry>", &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_clear_error (&error);
  import = read_xml ("<KeePassFile><Meta/></KeePassFile>", &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_clear_error (&error);
  import = read_xml ("<KeePassFile><Root><Group><Entry>", &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_clear_error (&error);
  import = read_xml ("<html/>", &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_clear_error (&error);

  /* A protected value that does not open to text. */
  {
    g_autoptr(VaultKdbxStream) stream = vault_kdbx_stream_new (VAULT_KDBX_STREAM_CHACHA20,
                                                               inner_key, 64, NULL);
    guint8 bad[2] = { 0xFF, 0xFE };
    g_autofree char *base64 = NULL;
    g_autofree char *xml = NULL;

    vault_kdbx_stream_xor (stream, bad, 2);
    base64 = g_base64_encode (bad, 2);
    xml = g_strdup_printf ("<KeePassFile><Root><Group><Entry><String><Key>Password</Key>"
                           "<Value Protected=\"True\">%s</Value></String></Entry></Group></Root>"
                           "</KeePassFile>", base64);
    import = read_xml (xml, &error);
    g_assert_null (import);
    g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* A value over the bound. */
  {
    g_autoptr(GString) big = g_string_new ("<KeePassFile><Root><Group><Entry><String>"
                                           "<Key>Notes</Key><Value>");

    for (guint i = 0; i < VAULT_IMPORT_MAX_FIELD / 8 * 2; i++)
      g_string_append (big, "12345678");
    g_string_append (big, "</Value></String></Entry></Group></Root></KeePassFile>");
    import = read_xml (big->str, &error);
    g_assert_null (import);
    g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED);
    g_clear_error (&error);
  }

  /* What is read: a BOM, CDATA, a comment, an entry without a title. */
  import = read_xml ("\xEF\xBB\xBF<?xml version=\"1.0\"?><!-- c --><KeePassFile><Root><Group>"
                     "<Name>Root</Name><Group><Name>A &amp; B</Name><Entry><String><Key>Notes"
                     "</Key><Value><![CDATA[<raw>]]> &amp; more</Value></String><String><Key>URL"
                     "</Key><Value>https://www.example.org/x</Value></String><Binary><Key>f"
                     "</Key><Value Ref=\"0\"/></Binary></Entry></Group></Group></Root>"
                     "</KeePassFile>", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->entries->len, ==, 1);
  {
    VaultForeignEntry *entry = g_ptr_array_index (import->entries, 0);

    g_assert_cmpstr (entry->notes, ==, "<raw> & more");
    g_assert_cmpstr (entry->title, ==, "example.org");
    g_assert_cmpstrv (entry->tags, ((const char * const[]) { "A & B", NULL }));
    g_assert_cmpuint (entry->attachments, ==, 1);
    g_assert_cmpuint (import->skipped[VAULT_SKIP_ATTACHMENT], ==, 1);
    g_assert_cmpstr (entry->where, ==, "entry 1 in group A & B");
  }
}

/* --- Export ---------------------------------------------------------------- */

static VaultImport *
make_export (void)
{
  VaultImport *import = vault_import_new (VAULT_FORMAT_UNKNOWN);
  VaultForeignEntry *entry;

  entry = vault_import_add_entry (import);
  entry->title = g_strdup ("한국 은행 <&>");
  entry->username = g_strdup ("홍길동");
  entry->url = g_strdup ("https://bank.example.kr/login?a=1&b=2");
  entry->password = vault_import_keep_secret (import, "비밀 \"번호\" <1>", -1);
  entry->notes = vault_import_keep_secret (import, "첫 줄\n둘째 줄\ttab & \"quotes\"", -1);
  entry->otp = vault_import_keep_secret (import, "otpauth://totp/bank?secret=JBSWY3DPEHPK3PXP", -1);
  entry->tags = g_strdupv ((char *[]) { "Work/Mail", "extra", "두번째", NULL });
  entry->created = 1600000000;
  entry->modified = 1700000000;
  vault_foreign_entry_add_field (import, entry, "PIN", "9876", -1, TRUE);
  vault_foreign_entry_add_field (import, entry, "메모 필드", "보이는 값", -1, FALSE);
  vault_foreign_entry_add_field (import, entry, "Title", "clashes with a standard name", -1, FALSE);
  vault_foreign_entry_add_history (import, entry, 1650000000, "oldest password", -1);
  vault_foreign_entry_add_history (import, entry, 1660000000, "older password", -1);

  entry = vault_import_add_entry (import);
  entry->title = g_strdup ("No password");
  entry->username = g_strdup ("empty");
  entry->created = 1500000000;
  entry->modified = 1500000000;

  entry = vault_import_add_entry (import);
  entry->title = g_strdup ("Second in Work");
  entry->password = vault_import_keep_secret (import, "second", -1);
  entry->tags = g_strdupv ((char *[]) { "Work", NULL });

  entry = vault_import_add_entry (import);
  entry->title = g_strdup ("Same group again");
  entry->password = vault_import_keep_secret (import, "third", -1);
  entry->tags = g_strdupv ((char *[]) { " Work / Mail ", NULL });
  return import;
}

static void
assert_export_read_back (VaultImport *back)
{
  static const char * const history[] = { "oldest password", "older password", NULL };
  VaultForeignEntry *entry;
  gboolean protected;

  g_assert_cmpuint (back->entries->len, ==, 4);
  entry = find (back, "한국 은행 <&>");
  g_assert_cmpstr (entry->username, ==, "홍길동");
  g_assert_cmpstr (entry->url, ==, "https://bank.example.kr/login?a=1&b=2");
  g_assert_cmpstr (entry->password, ==, "비밀 \"번호\" <1>");
  g_assert_cmpstr (entry->notes, ==, "첫 줄\n둘째 줄\ttab & \"quotes\"");
  g_assert_cmpstr (entry->otp, ==, "otpauth://totp/bank?secret=JBSWY3DPEHPK3PXP");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work/Mail", "extra", "두번째", NULL }));
  g_assert_cmpint (entry->created, ==, 1600000000);
  g_assert_cmpint (entry->modified, ==, 1700000000);
  assert_history (entry, history);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 0).changed, ==, 1650000000);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 1).changed, ==, 1660000000);
  g_assert_cmpstr (field (entry, "PIN", &protected), ==, "9876");
  g_assert_true (protected);
  g_assert_cmpstr (field (entry, "메모 필드", &protected), ==, "보이는 값");
  g_assert_false (protected);
  g_assert_cmpstr (field (entry, "Title (2)", NULL), ==, "clashes with a standard name");

  entry = find (back, "No password");
  g_assert_null (entry->password);
  g_assert_null (entry->tags);
  g_assert_cmpint (entry->created, ==, 1500000000);
  entry = find (back, "Second in Work");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work", NULL }));
  entry = find (back, "Same group again");
  g_assert_cmpstrv (entry->tags, ((const char * const[]) { "Work/Mail", NULL }));
}

static void
check_export (VaultKdbxCipher cipher)
{
  g_autoptr(VaultImport) import = make_export ();
  VaultKdbxWriteOptions options = { .password = PASSWORD, .cipher = cipher,
                                    .argon2_memory_kib = 256, .argon2_passes = 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = vault_export_kdbx (import, &options, NULL, &error);
  g_autoptr(VaultImport) back = NULL;
  g_autofree char *db = tmp_path (cipher == VAULT_KDBX_CIPHER_AES256 ? "export-aes.kdbx"
                                                                    : "export-chacha.kdbx");

  g_assert_no_error (error);
  g_assert_nonnull (file);
  g_assert_cmpuint (file_major (file), ==, 4);
  g_assert_nonnull (memmem (g_bytes_get_data (file, NULL), 300, vault_kdbx_kdf_argon2id, 16));

  back = read_ok (file, PASSWORD, NULL);
  assert_export_read_back (back);
  read_fails (file, "not it", NULL, VAULT_ERROR_WRONG_KEY);

  if (!have_keepassxc ())
    return;
  g_assert_true (vault_export_write_file (db, g_bytes_get_data (file, NULL),
                                          g_bytes_get_size (file), &error));
  g_assert_no_error (error);
  {
    g_autofree char *info = kpx (PASSWORD "\n", "db-info", "-q", db);
    g_autofree char *listing = kpx (PASSWORD "\n", "ls", "-q", "-R", "-f", db);
    g_autofree char *shown = kpx (PASSWORD "\n", "show", "-q", "-s", "-a", "otp", "-a", "PIN",
                                  "-a", "메모 필드", "-a", "Title (2)", db,
                                  "Work/Mail/한국 은행 <&>");
    g_autofree char *xml = kpx (PASSWORD "\n", "export", "-q", db);

    g_assert_nonnull (strstr (info, cipher == VAULT_KDBX_CIPHER_AES256 ? "AES 256-bit"
                                                                       : "ChaCha20 256-bit"));
    g_assert_nonnull (strstr (info, "Argon2id"));
    g_assert_nonnull (strstr (listing, "Work/Mail/한국 은행 <&>\n"));
    g_assert_nonnull (strstr (listing, "Work/Mail/Same group again\n"));
    g_assert_nonnull (strstr (listing, "Work/Second in Work\n"));
    g_assert_nonnull (strstr (listing, "No password\n"));
    g_assert_cmpstr (shown, ==, "otpauth://totp/bank?secret=JBSWY3DPEHPK3PXP\n9876\n보이는 값\n"
                                "clashes with a standard name\n");
    /* KeePassXC reads the history too: the old passwords, and its tags. */
    g_assert_nonnull (strstr (xml, ">oldest password</Value>"));
    g_assert_nonnull (strstr (xml, ">older password</Value>"));
    g_assert_nonnull (strstr (xml, "<Tags>extra,두번째</Tags>"));
    assert_like_keepassxc (back, db, PASSWORD, NULL);
  }
}

static void
test_export_chacha20 (void)
{
  check_export (VAULT_KDBX_CIPHER_CHACHA20);
}

static void
test_export_aes (void)
{
  check_export (VAULT_KDBX_CIPHER_AES256);
}

static void
test_export_refused (void)
{
  g_autoptr(VaultImport) import = make_export ();
  VaultKdbxWriteOptions options = { .password = "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = vault_export_kdbx (import, &options, NULL, &error);

  g_assert_null (file);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  options.password = PASSWORD;
  options.argon2_memory_kib = 4;
  file = vault_export_kdbx (import, &options, NULL, &error);
  g_assert_null (file);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
}

/* Progress is told, and a cancelled read stops. */
static void
report (double   fraction,
        gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_progress_cancel (void)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_UNKNOWN);
  VaultKdbxWriteOptions write = { .password = PASSWORD, .argon2_memory_kib = 64,
                                  .argon2_passes = 1 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(VaultImport) back = NULL;
  VaultImportOptions options = { .password = PASSWORD, .progress = report };
  double last = 0;

  for (guint i = 0; i < 5000; i++)
    {
      VaultForeignEntry *entry = vault_import_add_entry (import);
      char password[32];

      entry->title = g_strdup_printf ("Entry %u", i);
      g_snprintf (password, sizeof password, "random %08x", g_random_int ());
      entry->password = vault_import_keep_secret (import, password, -1);
    }
  file = vault_export_kdbx (import, &write, NULL, &error);
  g_assert_no_error (error);

  options.progress_data = &last;
  back = vault_kdbx_read (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &options, NULL,
                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->entries->len, ==, 5000);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpstr (((VaultForeignEntry *) g_ptr_array_index (back->entries, 4999))->password, ==,
                   ((VaultForeignEntry *) g_ptr_array_index (import->entries, 4999))->password);

  g_cancellable_cancel (cancellable);
  g_clear_pointer (&back, vault_import_free);
  back = vault_kdbx_read (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &options,
                          cancellable, &error);
  g_assert_null (back);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_pointer (&file, g_bytes_unref);
  file = vault_export_kdbx (import, &write, cancellable, &error);
  g_assert_null (file);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("vault-kdbx-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/vault/import/kdbx/keepassxc/kdbx3", test_keepassxc_kdbx3);
  g_test_add_func ("/vault/import/kdbx/keepassxc/kdbx4", test_keepassxc_kdbx4);
  g_test_add_func ("/vault/import/kdbx/keepassxc/attributes", test_keepassxc_attributes);
  g_test_add_func ("/vault/import/kdbx/keepassxc/key-files", test_keepassxc_key_files);
  g_test_add_func ("/vault/import/kdbx/key-file/checksum", test_key_file_checksum);
  g_test_add_data_func ("/vault/import/kdbx/pykeepass/argon2d", "pykeepass-argon2d.kdbx",
                        check_pykeepass_sample);
  g_test_add_data_func ("/vault/import/kdbx/pykeepass/argon2id-chacha20",
                        "pykeepass-chacha20.kdbx", check_pykeepass_sample);
  g_test_add_func ("/vault/import/kdbx/bad/kdbx3", test_bad_kdbx3);
  g_test_add_func ("/vault/import/kdbx/bad/kdbx4", test_bad_kdbx4);
  g_test_add_func ("/vault/import/kdbx/bad/unsupported", test_unsupported);
  g_test_add_func ("/vault/import/kdbx/xml", test_xml_bounds);
  g_test_add_func ("/vault/import/kdbx/export/chacha20", test_export_chacha20);
  g_test_add_func ("/vault/import/kdbx/export/aes", test_export_aes);
  g_test_add_func ("/vault/import/kdbx/export/refused", test_export_refused);
  g_test_add_func ("/vault/import/kdbx/progress-cancel", test_progress_cancel);

  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
