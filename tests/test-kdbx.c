/* test-kdbx.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KeePass databases read field by field against what keepassxc-cli shows:
 * files made by the real keepassxc-cli (KDBX 3.1 and 4.1, AES-KDF, key
 * files of every kind, history, attributes, the recycle bin, attachments),
 * by pykeepass (Argon2d, Argon2id, ChaCha20), and the XML layer's bounds.
 */
#define _GNU_SOURCE  /* memmem */

#include "test-kdbx-util.h"

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
  /* Each password with the time it was replaced: the first version with the
   * next one (pw-2 in 2021-09, pw-now in 2022-01), not its own last edit. */
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 0).changed, ==, 1630731967);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 1).changed, ==, 1641272767);

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
      g_free (kpx (PASSWORD "\n" PASSWORD "\n", "db-create", "-q", "-p", "--set-key-file", key,
                   db));
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
  g_autofree char *cli = NULL;
  VaultForeignEntry *entry;
  gboolean protected = FALSE;

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
  /* pyk-pass-1 replaced in 2021, pyk-pass-2 in 2022 (by the entry itself). */
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 0).changed, ==, 1609556645);
  g_assert_cmpint (g_array_index (entry->history, VaultForeignHistory, 1).changed, ==, 1641092645);
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

  /* The samples are read without keepassxc-cli, and compared when it is there. */
  cli = g_find_program_in_path ("keepassxc-cli");
  if (cli != NULL)
    assert_like_keepassxc (import, path, SAMPLE_PASSWORD, NULL);
  read_fails (file, "guessed 1", NULL, VAULT_ERROR_WRONG_KEY);
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

/* Every protected value takes its share of the stream in document order,
 * those Vault does not keep too (a binary, custom data, an old version):
 * the values after them open right only if the stream stayed in step. */
static char *
hide (VaultKdbxStream *stream,
      const char      *value)
{
  g_autofree guint8 *bytes = (guint8 *) g_strdup (value);

  vault_kdbx_stream_xor (stream, bytes, strlen (value));
  return g_base64_encode (bytes, strlen (value));
}

static void
test_xml_protected_order (void)
{
  g_autoptr(VaultKdbxStream) stream = vault_kdbx_stream_new (VAULT_KDBX_STREAM_CHACHA20,
                                                             inner_key, 64, NULL);
  g_autofree char *binary = hide (stream, "a protected attachment");
  g_autofree char *first = hide (stream, "first password");
  g_autofree char *custom = hide (stream, "custom data");
  g_autofree char *old = hide (stream, "old password");
  g_autofree char *second = hide (stream, "second password");
  g_autofree char *xml = g_strdup_printf (
    "<KeePassFile><Meta><Binaries><Binary ID=\"0\" Protected=\"True\">%s</Binary></Binaries>"
    "</Meta><Root><Group><Name>Root</Name>"
    "<Entry><String><Key>Title</Key><Value>One</Value></String>"
    "<String><Key>Password</Key><Value Protected=\"True\">%s</Value></String>"
    "<String><Key>Empty</Key><Value Protected=\"True\"></Value></String>"
    "<CustomData><Item><Key>k</Key><Value Protected=\"True\">%s</Value></Item></CustomData>"
    "<History><Entry><String><Key>Password</Key><Value Protected=\"True\">%s</Value>"
    "</String></Entry></History></Entry>"
    "<Entry><String><Key>Title</Key><Value>Two</Value></String>"
    "<String><Key>Password</Key><Value Protected=\"True\">%s</Value></String></Entry>"
    "</Group></Root></KeePassFile>", binary, first, custom, old, second);
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = read_xml (xml, &error);
  VaultForeignEntry *entry;

  g_assert_no_error (error);
  entry = find (import, "One");
  g_assert_cmpstr (entry->password, ==, "first password");
  g_assert_cmpstr (field (entry, "Empty", NULL), ==, "");
  g_assert_cmpstr (g_array_index (entry->history, VaultForeignHistory, 0).password, ==,
                   "old password");
  g_assert_cmpstr (find (import, "Two")->password, ==, "second password");
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
  g_test_add_func ("/vault/import/kdbx/xml", test_xml_bounds);
  g_test_add_func ("/vault/import/kdbx/xml/protected-order", test_xml_protected_order);

  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
