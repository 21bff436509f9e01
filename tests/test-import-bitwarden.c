/* test-import-bitwarden.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bitwarden's JSON export: a sample written from its real layout read
 * field by field (websites, custom fields of each type, password history,
 * folders and collections), the kinds Vault skips counted, and every bad
 * input refused with a clear error.
 */
#include <string.h>

#include "vault-core.h"
#include "vault-import.h"
#include "test-util.h"

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
read_text (const char *text,
           gssize      len)
{
  g_autoptr(GError) error = NULL;
  VaultImport *import;

  if (len < 0)
    len = strlen (text);
  import = vault_import_read (VAULT_FORMAT_BITWARDEN_JSON, (const guint8 *) text, len, NULL,
                              NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static char *
read_error (const char *text,
            gssize      len,
            int         code)
{
  g_autoptr(GError) error = NULL;
  VaultImport *import;

  if (len < 0)
    len = strlen (text);
  import = vault_import_read (VAULT_FORMAT_BITWARDEN_JSON, (const guint8 *) text, len, NULL,
                              NULL, &error);
  g_assert_null (import);
  g_assert_error (error, VAULT_ERROR, code);
  return g_strdup (error->message);
}

static gint64
utc (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time);
}

static const VaultForeignEntry *
entry_at (const VaultImport *import,
          guint              index)
{
  g_assert_cmpuint (index, <, import->entries->len);
  return g_ptr_array_index (import->entries, index);
}

static void
check_field (const VaultForeignEntry *e,
             guint                    index,
             const char              *name,
             const char              *value,
             gboolean                 protected)
{
  const VaultForeignField *f;

  g_assert_nonnull (e->fields);
  g_assert_cmpuint (index, <, e->fields->len);
  f = g_ptr_array_index (e->fields, index);
  g_assert_cmpstr (f->name, ==, name);
  g_assert_cmpstr (f->value, ==, value);
  g_assert_cmpint (f->protected, ==, protected);
}

static void
test_detect (void)
{
  static const char * const yes[] = {
    "{\"encrypted\": false, \"folders\": [], \"items\": []}",
    "\xef\xbb\xbf  \n{\n  \"items\": []\n}",
    "{\"collections\": [], \"items\": []}",
    "{\"encrypted\": true, \"passwordProtected\": true}",
  };
  static const char * const no[] = {
    "{\"name\": \"x\"}",
    "[{\"encrypted\": false}]",
    "encrypted,items\n1,2\n",
    "{",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    g_assert_cmpint (vault_import_detect ((const guint8 *) yes[i], strlen (yes[i]), NULL), ==,
                     VAULT_FORMAT_BITWARDEN_JSON);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    g_assert_cmpint (vault_import_detect ((const guint8 *) no[i], strlen (no[i]), NULL), !=,
                     VAULT_FORMAT_BITWARDEN_JSON);
}

static void
test_sample (void)
{
  g_autoptr(GBytes) bytes = load ("bitwarden.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = NULL;
  const VaultForeignEntry *e;
  const VaultForeignHistory *h;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  import = vault_import_read (VAULT_FORMAT_UNKNOWN, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (import->format, ==, VAULT_FORMAT_BITWARDEN_JSON);
  g_assert_cmpuint (import->entries->len, ==, 3);

  /* A login with everything. */
  e = entry_at (import, 0);
  g_assert_cmpstr (e->title, ==, "AIB");
  g_assert_cmpstr (e->username, ==, "dpbx@fner.ws");
  g_assert_cmpstr (e->password, ==, "ws5T@;_UB\"[Q|P!8");
  g_assert_cmpstr (e->url, ==, "https://onlinebanking.aib.ie");
  g_assert_cmpstr (e->notes, ==, "Main account\nopened 2019\n\nOther websites:\n"
                                 "https://aib.ie\nandroidapp://ie.aib.mobilebanking");
  g_assert_cmpstr (e->otp, ==, "otpauth://totp/AIB:dpbx?secret=JBSWY3DPEHPK3PXP&issuer=AIB");
  g_assert_nonnull (e->tags);
  g_assert_cmpstr (e->tags[0], ==, "Bank");
  g_assert_null (e->tags[1]);
  g_assert_true (e->favourite);
  g_assert_cmpint (e->created, ==, utc ("2023-01-15T08:30:00Z"));
  g_assert_cmpint (e->modified, ==, utc ("2024-01-31T10:00:00Z"));
  g_assert_cmpstr (e->where, ==, "item 1 “AIB”");
  /* Text, hidden and boolean fields; the linked one only points at the
   * username, which the entry has. */
  g_assert_cmpuint (e->fields->len, ==, 3);
  check_field (e, 0, "PIN", "4629", TRUE);
  check_field (e, 1, "Branch", "Dublin, O'Connell St", FALSE);
  check_field (e, 2, "Business", "true", FALSE);
  /* Old passwords, oldest first (Bitwarden lists the newest first). */
  g_assert_nonnull (e->history);
  g_assert_cmpuint (e->history->len, ==, 2);
  h = &g_array_index (e->history, VaultForeignHistory, 0);
  g_assert_cmpstr (h->password, ==, "first-old-pass");
  g_assert_cmpint (h->changed, ==, utc ("2023-05-01T10:00:00Z"));
  h = &g_array_index (e->history, VaultForeignHistory, 1);
  g_assert_cmpstr (h->password, ==, "second-old \"pass\"");
  g_assert_cmpint (h->changed, ==, utc ("2023-11-20T09:15:00Z"));
  g_assert_cmpuint (e->attachments, ==, 0);

  /* Korean, in a nested folder. */
  e = entry_at (import, 1);
  g_assert_cmpstr (e->title, ==, "네이버");
  g_assert_cmpstr (e->username, ==, "홍길동");
  g_assert_cmpstr (e->password, ==, "비밀번호123");
  g_assert_cmpstr (e->url, ==, "https://nid.naver.com");
  g_assert_null (e->notes);
  g_assert_null (e->otp);
  g_assert_cmpstr (e->tags[0], ==, "Social/Korea");
  g_assert_null (e->tags[1]);
  g_assert_false (e->favourite);
  g_assert_cmpint (e->created, ==, utc ("2024-02-01T12:00:00Z"));
  g_assert_null (e->fields);
  g_assert_null (e->history);
  g_assert_cmpstr (e->where, ==, "item 2 “네이버”");

  /* A secure note. */
  e = entry_at (import, 2);
  g_assert_cmpstr (e->title, ==, "Wi-Fi");
  g_assert_null (e->username);
  g_assert_null (e->password);
  g_assert_null (e->url);
  g_assert_cmpstr (e->notes, ==, "SSID: home\npass: hunter2");
  g_assert_null (e->tags);
  g_assert_cmpint (e->modified, ==, utc ("2024-03-01T08:00:00Z"));
  g_assert_cmpstr (e->where, ==, "item 3 “Wi-Fi”");

  /* The card, the identity and the SSH key, counted. */
  g_assert_cmpuint (import->skipped[VAULT_SKIP_CARD], ==, 1);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_IDENTITY], ==, 1);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_SSH_KEY], ==, 1);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_OTHER_KIND], ==, 0);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_EMPTY], ==, 0);
}

static void
test_encrypted (void)
{
  g_autoptr(GBytes) bytes = load ("bitwarden-encrypted.json");
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *message = read_error (data, len, VAULT_ERROR_UNSUPPORTED);

  g_assert_cmpstr (message, ==, "This Bitwarden export is encrypted. In Bitwarden, export your "
                                "vault again as “.json” without a password, import that file, "
                                "then delete it.");
  g_free (message);
  /* An export restricted to the account is encrypted too. */
  message = read_error ("{\"encrypted\": true, \"encKeyValidation_DO_NOT_EDIT\": \"2.x|y|z\","
                        " \"folders\": [], \"items\": [{\"type\": 1, \"name\": \"2.a|b|c\"}]}",
                        -1, VAULT_ERROR_UNSUPPORTED);
  g_assert_true (g_str_has_prefix (message, "This Bitwarden export is encrypted."));
}

/* An organization's export: collections instead of folders. */
static void
test_collections (void)
{
  g_autoptr(VaultImport) import = read_text (
    "{\"encrypted\": false,"
    " \"collections\": [{\"id\": \"c1\", \"organizationId\": \"o\", \"name\": \"Team/Ops\"},"
    "                   {\"id\": \"c2\", \"organizationId\": \"o\", \"name\": \"Shared\"}],"
    " \"items\": [{\"type\": 1, \"name\": \"Router\", \"collectionIds\": [\"c1\", \"c2\", \"c9\"],"
    "              \"login\": {\"username\": \"admin\", \"password\": \"r0uter\","
    "                         \"uris\": [{\"uri\": \"http://192.168.1.1\"}]}}]}", -1);
  const VaultForeignEntry *e = entry_at (import, 0);

  g_assert_cmpstr (e->title, ==, "Router");
  g_assert_cmpstr (e->username, ==, "admin");
  g_assert_cmpstr (e->password, ==, "r0uter");
  g_assert_cmpstr (e->url, ==, "http://192.168.1.1");
  g_assert_cmpuint (g_strv_length (e->tags), ==, 2);
  g_assert_cmpstr (e->tags[0], ==, "Team/Ops");
  g_assert_cmpstr (e->tags[1], ==, "Shared");
  g_assert_cmpint (e->created, ==, 0);
}

/* Unknown kinds, trash, and an item with no name or website. */
static void
test_odd_items (void)
{
  g_autoptr(VaultImport) import = read_text (
    "{\"items\": ["
    " {\"type\": 9, \"name\": \"From the future\"},"
    " {\"name\": \"No type\"},"
    " {\"type\": 1, \"name\": \"Deleted\", \"deletedDate\": \"2024-01-01T00:00:00.000Z\"},"
    " {\"type\": 1, \"name\": null, \"login\": {\"username\": \"only-user\", \"uris\": null},"
    "  \"fields\": [{\"name\": null, \"value\": \"v\", \"type\": 0}, \"junk\"],"
    "  \"passwordHistory\": [{\"lastUsedDate\": null, \"password\": \"b\"},"
    "                        {\"lastUsedDate\": null, \"password\": \"a\"}, {}]}"
    "]}", -1);
  const VaultForeignEntry *e;

  g_assert_cmpuint (import->entries->len, ==, 1);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_OTHER_KIND], ==, 2);
  g_assert_cmpuint (import->skipped[VAULT_SKIP_RECYCLE_BIN], ==, 1);
  e = entry_at (import, 0);
  g_assert_cmpstr (e->title, ==, "only-user");   /* filled from the username */
  g_assert_cmpstr (e->where, ==, "item 4");
  check_field (e, 0, "", "v", FALSE);
  /* Same (unknown) time: the later in Bitwarden's list is the older. */
  g_assert_cmpstr (g_array_index (e->history, VaultForeignHistory, 0).password, ==, "a");
  g_assert_cmpstr (g_array_index (e->history, VaultForeignHistory, 1).password, ==, "b");
}

static void
test_errors (void)
{
  g_autofree char *message = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"items\": ");

  /* Cut short. */
  message = read_error ("{\n  \"encrypted\": false,\n  \"items\": [\n    {\"type\": 1,", -1,
                        VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "Line 4 of this Bitwarden export is not valid JSON.");
  g_free (message);
  /* A bare word, which json-glib would quote: it could be a password. */
  message = read_error ("{\"items\": [{\"login\": {\"password\": hunter2}}]}", -1,
                        VAULT_ERROR_DAMAGED);
  g_assert_null (strstr (message, "hunter2"));
  g_assert_true (g_str_has_suffix (message, "is not valid JSON."));
  g_free (message);

  message = read_error ("{\"items\": [{\"name\": \"caf\xe9\"}]}", -1, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "Line 1 is not valid UTF-8 text.");
  g_free (message);

  message = read_error ("{\"encrypted\": false, \"folders\": []}", -1, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "This Bitwarden export has no list of items.");
  g_free (message);
  message = read_error ("[]", -1, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "This Bitwarden export has no list of items.");
  g_free (message);

  message = read_error ("{\"items\": [{\"type\": 2, \"name\": \"ok\"}, 42]}", -1,
                        VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "Item 2 of this Bitwarden export is not an item.");
  g_free (message);

  /* Nesting json-glib would recurse into without end. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  message = read_error (deep->str, deep->len, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==,
                   "This Bitwarden export nests more than 16 levels deep: Bitwarden does not "
                   "write that.");
  g_free (message);

  /* The same nesting, hidden from the count behind a quote in a comment
   * (json-glib takes comments; JSON has none). */
  g_string_assign (deep, "{\"items\": /* \" */ ");
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, ']');
  g_string_append (deep, " /* \" */}");
  message = read_error (deep->str, deep->len, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "This Bitwarden export is not valid JSON.");
  g_free (message);
  message = read_error ("{'items': []}", -1, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "This Bitwarden export is not valid JSON.");
  g_free (message);

  message = read_error ("  \n", -1, VAULT_ERROR_DAMAGED);
  g_assert_cmpstr (message, ==, "This Bitwarden export has no list of items.");
}

static void
test_value_bound (void)
{
  g_autoptr(GString) text = g_string_new ("{\"items\": [{\"type\": 1, \"name\": \"x\", "
                                          "\"login\": {\"password\": \"");
  g_autofree char *message = NULL;

  for (guint i = 0; i <= VAULT_IMPORT_MAX_FIELD; i++)
    g_string_append_c (text, 'a');
  g_string_append (text, "\"}}]}");
  message = read_error (text->str, text->len, VAULT_ERROR_UNSUPPORTED);
  g_assert_cmpstr (message, ==, "Item 1 has a value longer than 1 MB, more than Vault keeps in "
                                "one field.");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/import/bitwarden/detect", test_detect);
  g_test_add_func ("/vault/import/bitwarden/sample", test_sample);
  g_test_add_func ("/vault/import/bitwarden/encrypted", test_encrypted);
  g_test_add_func ("/vault/import/bitwarden/collections", test_collections);
  g_test_add_func ("/vault/import/bitwarden/odd-items", test_odd_items);
  g_test_add_func ("/vault/import/bitwarden/errors", test_errors);
  g_test_add_func ("/vault/import/bitwarden/value-bound", test_value_bound);

  return g_test_run ();
}
