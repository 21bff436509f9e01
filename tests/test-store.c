/* test-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault file and its keys, against the real GNOME Keyring of the test
 * session: creating, opening, tampering, saving and failing to save.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <libsecret/secret.h>

#include "vault-core.h"
#include "vault-entry-private.h"
#include "test-util.h"

#define MASTER   "correct horse battery staple"
#define SECRET   "Tr0ub4dor&3-unique-secret"
#define NOTE     "my-private-note-7731"

typedef struct {
  char       *dir;
  char       *path;
  VaultStore *store;
} Fixture;

static VaultStore *
create_store (const char *path,
              const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_create (path, password, TEST_ITERATIONS, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static VaultEntry *
add (VaultStore *store,
     const char *title,
     const char *username,
     const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = title, .username = username, .password = password };
  VaultEntry *entry = vault_store_add_entry (store, &fields, &error);

  g_assert_no_error (error);
  return entry;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = create_store (f->path, MASTER);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_store_clear (&f->store, &f->dir, &f->path);
}

static VaultStore *
reopen (Fixture    *f,
        const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open (f->path, password, NULL, &error);

  g_assert_no_error (error);
  return store;
}

static GBytes *
read_bytes (const char *path)
{
  char *data;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_bytes_new_take (data, len);
}

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
}

/* --- Creating and opening ------------------------------------------------- */

static void
test_create_open (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultSecureBuf) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) second = NULL;
  GStatBuf st;

  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (g_uuid_string_is_valid (vault_store_get_vault_id (f->store)));

  /* The Secret Key is in the real keyring, under the vault's id. */
  key = vault_secret_key_lookup (vault_store_get_vault_id (f->store), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (key->len, ==, VAULT_KEY_SIZE);

  again = reopen (f, MASTER);
  g_assert_cmpstr (vault_store_get_vault_id (again), ==, vault_store_get_vault_id (f->store));
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (again)), ==, 0);

  /* Creating over an existing vault is refused and changes nothing. */
  second = vault_store_create (f->path, "other", TEST_ITERATIONS, NULL, &error);
  g_assert_null (second);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_EXISTS);
}

static void
test_calibrated_floor (void)
{
  guint iterations = vault_kdf_calibrate ();

  g_test_message ("calibrated %u iterations", iterations);
  g_assert_cmpuint (iterations, >=, VAULT_MIN_ITERATIONS);
  g_assert_cmpuint (iterations % 10000, ==, 0);
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = vault_store_open (f->path, "correct horse battery stapler",
                                                  NULL, &error);
  g_autoptr(VaultSecureBuf) other_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(GBytes) before = read_bytes (f->path);
  g_autoptr(GBytes) after = NULL;

  g_assert_null (store);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* The right password with another device's Secret Key does not open it. */
  vault_random_bytes (other_key->data, VAULT_KEY_SIZE);
  store = vault_store_open_with_secret_key (f->path, MASTER, other_key, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);

  after = read_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_password_normalised (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "vault.json", NULL);
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultStore) reopened = NULL;
  g_autoptr(GError) error = NULL;

  /* "Å" precomposed (U+00C5) at creation, then A + combining ring (U+030A)
   * and a fullwidth digit at unlock: NFKD makes them the same password. */
  store = create_store (path, "p\xc3\x85ss-1");
  reopened = vault_store_open (path, "pA\xcc\x8ass-\xef\xbc\x91", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reopened);

  vault_secret_key_delete (vault_store_get_vault_id (store), NULL, NULL);
  test_rm_rf (dir);
}

/* --- Entries ----------------------------------------------------------------- */

static void
test_entries_persist (Fixture *f, gconstpointer data)
{
  const char *tags[] = { "work", "dev", NULL };
  VaultEntryFields fields = {
    .title = "GitHub", .username = "octo", .url = "https://github.com",
    .password = SECRET, .notes = NOTE, .tags = tags, .set_favourite = TRUE, .favourite = TRUE,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultSecureBuf) notes = NULL;
  VaultEntry *entry;

  entry = vault_store_add_entry (f->store, &fields, &error);
  g_assert_no_error (error);
  add (f->store, "Mail", "me@example.com", "mail-pass");
  g_assert_true (vault_store_save (f->store, NULL, &error));

  again = reopen (f, MASTER);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (again)), ==, 2);
  entry = vault_store_find_by_title (again, "GitHub", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_entry_get_username (entry), ==, "octo");
  g_assert_cmpstr (vault_entry_get_url (entry), ==, "https://github.com");
  g_assert_cmpstrv (vault_entry_get_tags (entry), tags);
  g_assert_true (vault_entry_get_favourite (entry));
  g_assert_cmpint (vault_entry_get_created (entry), >, 0);
  g_assert_true (g_uuid_string_is_valid (vault_entry_get_id (entry)));

  password = vault_store_reveal (again, entry, VAULT_FIELD_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_secure_buf_get_string (password), ==, SECRET);
  notes = vault_store_reveal (again, entry, VAULT_FIELD_NOTES, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (notes), ==, NOTE);

  g_assert_null (vault_store_find_by_title (again, "Nope", &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND);
}

static void
test_update_history_delete (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add (f->store, "Bank", "kim", "first-pass");
  VaultEntryFields change = { .password = "second-pass", .username = "kim2" };
  VaultEntryFields same = { .password = "second-pass" };
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultSecureBuf) old = NULL;
  g_autoptr(VaultSecureBuf) now = NULL;

  g_assert_true (vault_store_update_entry (f->store, entry, &change, &error));
  /* Setting the same password again adds nothing to history. */
  g_assert_true (vault_store_update_entry (f->store, entry, &same, &error));
  g_assert_true (vault_store_save (f->store, NULL, &error));

  again = reopen (f, MASTER);
  entry = vault_store_find_by_title (again, "Bank", NULL);
  g_assert_cmpstr (vault_entry_get_username (entry), ==, "kim2");
  g_assert_cmpuint (vault_entry_get_history_length (entry), ==, 1);
  old = vault_store_reveal_history (again, entry, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_secure_buf_get_string (old), ==, "first-pass");
  now = vault_store_reveal (again, entry, VAULT_FIELD_PASSWORD, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (now), ==, "second-pass");

  g_assert_true (vault_store_delete_entry (again, entry, &error));
  g_assert_true (vault_store_save (again, NULL, &error));
  g_clear_object (&again);
  g_clear_object (&f->store);
  f->store = reopen (f, MASTER);
  g_assert_null (vault_store_find_by_title (f->store, "Bank", NULL));
}

static void
test_entry_validation (Fixture *f, gconstpointer data)
{
  VaultEntryFields blank = { .title = "  \t", .password = "x" };
  VaultEntryFields bad_utf8 = { .title = "ok", .username = "\xff\xfe" };
  g_autoptr(GError) error = NULL;

  g_assert_null (vault_store_add_entry (f->store, &blank, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (vault_store_add_entry (f->store, &bad_utf8, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
}

/* --- Search -------------------------------------------------------------------- */

static guint
count_matches (VaultStore *store,
               const char *query)
{
  g_autoptr(GPtrArray) found = vault_store_search (store, query);

  return found->len;
}

static void
test_search (Fixture *f, gconstpointer data)
{
  const char *tags[] = { "Finance", NULL };
  VaultEntryFields bank = { .title = "한국은행", .username = "kim", .url = "https://bok.or.kr",
                            .password = SECRET, .notes = NOTE, .tags = tags };
  g_autofree char *nfd_title = NULL;
  g_autofree char *nfd_partial = NULL;

  g_assert_nonnull (vault_store_add_entry (f->store, &bank, NULL));
  add (f->store, "GitHub", "Octo.Cat@Example.com", "gh");
  add (f->store, "Straße", "", "x");

  /* Korean typed precomposed (NFC) or as conjoining jamo (NFD). */
  g_assert_cmpuint (count_matches (f->store, "한국"), ==, 1);
  nfd_title = g_utf8_normalize ("은행", -1, G_NORMALIZE_NFD);
  g_assert_cmpuint (count_matches (f->store, nfd_title), ==, 1);
  /* A syllable still being composed ("하" on the way to "한") matches. */
  nfd_partial = g_utf8_normalize ("하", -1, G_NORMALIZE_NFC);
  g_assert_cmpuint (count_matches (f->store, nfd_partial), ==, 1);

  /* Case-insensitive over title, username, URL and tags. */
  g_assert_cmpuint (count_matches (f->store, "github"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "octo.cat@EXAMPLE"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "BOK.OR"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "finance"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "STRASSE"), ==, 1);

  /* Every term must match. */
  g_assert_cmpuint (count_matches (f->store, "kim finance"), ==, 1);
  g_assert_cmpuint (count_matches (f->store, "kim github"), ==, 0);
  g_assert_cmpuint (count_matches (f->store, "   "), ==, 3);

  /* Secrets are never searched. */
  g_assert_cmpuint (count_matches (f->store, "unique-secret"), ==, 0);
  g_assert_cmpuint (count_matches (f->store, NOTE), ==, 0);
}

/* --- What the file holds ---------------------------------------------------------- */

static gboolean
contains (GBytes     *haystack,
          const void *needle,
          gsize       len)
{
  gsize hlen;
  const guint8 *h = g_bytes_get_data (haystack, &hlen);

  return len > 0 && memmem (h, hlen, needle, len) != NULL;
}

/* The secret in plain text, hex, UTF-16, and base64 at each of the three
 * byte alignments it could have inside a longer encoded run. */
static void
assert_not_in_file (GBytes     *file,
                    const char *secret)
{
  gsize len = strlen (secret);
  g_autofree char *hex = test_to_hex ((const guint8 *) secret, len);
  g_autofree char *upper_hex = g_ascii_strup (hex, -1);
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (secret, -1, NULL, NULL, NULL);

  g_assert_false (contains (file, secret, len));
  g_assert_false (contains (file, hex, strlen (hex)));
  g_assert_false (contains (file, upper_hex, strlen (upper_hex)));
  g_assert_false (contains (file, utf16, len * 2));

  for (guint shift = 0; shift < 3; shift++)
    {
      g_autofree char *padded = g_strdup_printf ("%.*s%s", shift, "xx", secret);
      g_autofree char *b64 = g_base64_encode ((const guchar *) padded, strlen (padded));
      /* Skip the group holding the padding bytes, and the last, partial one. */
      gsize start = shift > 0 ? 4 : 0;
      gsize usable = strlen (b64) - start - 4;

      g_assert_false (contains (file, b64 + start, MIN (usable, 12)));
    }
}

static void
test_no_secret_in_file (Fixture *f, gconstpointer data)
{
  VaultEntryFields fields = { .title = "Site", .password = SECRET, .notes = NOTE };
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) backup = NULL;
  g_autofree char *backup_path = g_strconcat (f->path, ".bak", NULL);
  VaultEntry *entry;

  entry = vault_store_add_entry (f->store, &fields, NULL);
  g_assert_true (vault_store_save (f->store, NULL, NULL));
  {
    VaultEntryFields change = { .password = "another-secret-pass-99" };
    g_assert_true (vault_store_update_entry (f->store, entry, &change, NULL));
  }
  g_assert_true (vault_store_save (f->store, NULL, NULL));

  file = read_bytes (f->path);
  backup = read_bytes (backup_path);
  for (guint i = 0; i < 2; i++)
    {
      GBytes *b = i == 0 ? file : backup;

      assert_not_in_file (b, SECRET);   /* now only in the history */
      assert_not_in_file (b, NOTE);
      assert_not_in_file (b, MASTER);
      assert_not_in_file (b, "another-secret-pass-99");
    }
}

static GBytes *
sealed_password (VaultEntry *entry)
{
  gsize len;
  const guint8 *data = vault_entry_get_sealed_password (entry, &len);

  return g_bytes_new (data, len);
}

static void
test_sealed_field_tamper (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add (f->store, "Site", "", SECRET);
  g_autoptr(GBytes) sealed = sealed_password (entry);
  g_autoptr(GByteArray) copy = g_byte_array_new ();
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) value = NULL;
  VaultEntry *other = add (f->store, "Other", "", "other");

  /* A byte changed inside a sealed field is caught when it is opened... */
  g_byte_array_append (copy, g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
  copy->data[VAULT_NONCE_SIZE + 2] ^= 1;
  tampered = g_bytes_new (copy->data, copy->len);
  vault_entry_set_sealed_password (entry, tampered);
  value = vault_store_reveal (f->store, entry, VAULT_FIELD_PASSWORD, &error);
  g_assert_null (value);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_clear_error (&error);

  /* ...and so is a sealed field moved to another entry. */
  vault_entry_set_sealed_password (other, sealed);
  value = vault_store_reveal (f->store, other, VAULT_FIELD_PASSWORD, &error);
  g_assert_null (value);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* Byte ranges of the header object and the payload string in the file. */
static void
find_regions (const char *text,
              gsize      *header_start,
              gsize      *header_end,
              gsize      *payload_start,
              gsize      *payload_end)
{
  const char *h = strstr (text, "\"header\"");
  const char *c = strstr (text, "\"header_sha256\"");
  const char *p = strstr (text, "\"payload\"");

  g_assert_nonnull (h);
  g_assert_nonnull (c);
  g_assert_nonnull (p);
  *header_start = strchr (h + 8, '{') - text;
  *header_end = c - text;
  *payload_start = strchr (p + 9, '"') - text + 1;
  *payload_end = strchr (text + *payload_start, '"') - text;
}

static void
test_tamper_every_byte (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) original = NULL;
  gsize len, hs, he, ps, pe;
  const char *text;
  guint damaged = 0, other = 0;

  add (f->store, "Site", "user", SECRET);
  g_assert_true (vault_store_save (f->store, NULL, NULL));
  original = read_bytes (f->path);
  text = g_bytes_get_data (original, &len);
  find_regions (text, &hs, &he, &ps, &pe);

  for (gsize i = 0; i < len; i++)
    {
      g_autoptr(GByteArray) copy = g_byte_array_new ();
      g_autoptr(GBytes) tampered = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultStore) store = NULL;

      g_byte_array_append (copy, (const guint8 *) text, len);
      copy->data[i] ^= 0x01;
      tampered = g_bytes_new (copy->data, copy->len);
      write_bytes (f->path, tampered);

      store = vault_store_open (f->path, MASTER, NULL, &error);
      if (store != NULL)
        g_error ("A vault with byte %" G_GSIZE_FORMAT " ('%c') changed still opened", i, text[i]);

      /* Never taken for a wrong password, never written to. */
      g_assert_false (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY));
      if ((i >= hs && i < he) || (i >= ps && i < pe))
        g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
      else
        g_assert_true (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_DAMAGED) ||
                       g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT) ||
                       g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT));
      if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_DAMAGED))
        damaged++;
      else
        other++;

      after = read_bytes (f->path);
      g_assert_true (g_bytes_equal (after, tampered));
    }
  g_test_message ("%" G_GSIZE_FORMAT " bytes flipped: %u damaged, %u other", len, damaged, other);
  g_assert_cmpuint (damaged + other, ==, len);

  /* The untouched file still opens. */
  write_bytes (f->path, original);
  g_clear_object (&f->store);
  f->store = reopen (f, MASTER);
}

static void
test_newer_format (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) original = read_bytes (f->path);
  g_autofree char *text = g_strndup (g_bytes_get_data (original, NULL),
                                     g_bytes_get_size (original));
  g_autoptr(GString) newer = g_string_new (text);
  g_autoptr(GBytes) newer_bytes = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autofree char *current = g_strdup_printf ("\"version\" : %d,", VAULT_FORMAT_VERSION);
  g_autofree char *next = g_strdup_printf ("\"version\" : %d,", VAULT_FORMAT_VERSION + 1);

  g_assert_cmpuint (g_string_replace (newer, current, next, 1), ==, 1);
  newer_bytes = g_bytes_new (newer->str, newer->len);
  write_bytes (f->path, newer_bytes);

  store = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT);
  after = read_bytes (f->path);
  g_assert_true (g_bytes_equal (after, newer_bytes));
}

static void
test_not_a_vault (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "vault.json", NULL);
  const char *contents[] = { "", "hello", "{\"format\": \"org.other\"}", "[1, 2]",
                             "\x89PNG\r\n\x1a\n" };

  for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultStore) store = NULL;

      g_assert_true (g_file_set_contents (path, contents[i], -1, NULL));
      store = vault_store_open (path, MASTER, NULL, &error);
      g_assert_null (store);
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);

    g_assert_null (vault_store_open (missing, MASTER, NULL, &error));
    g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT);
  }
  test_rm_rf (dir);
}

/* --- Keys ----------------------------------------------------------------------- */

static void
test_change_password (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add (f->store, "Site", "u", SECRET);
  g_autoptr(GBytes) sealed_before = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) old = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;

  g_assert_true (vault_store_save (f->store, NULL, &error));
  sealed_before = sealed_password (entry);

  g_assert_true (vault_store_change_password (f->store, "new master 2", NULL, &error));
  g_assert_no_error (error);

  old = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_null (old);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);

  again = reopen (f, "new master 2");
  entry = vault_store_find_by_title (again, "Site", NULL);
  /* Re-wrapped, not re-encrypted: the sealed secret is byte for byte the same. */
  {
    g_autoptr(GBytes) sealed_after = sealed_password (entry);
    g_assert_true (g_bytes_equal (sealed_after, sealed_before));
  }
  password = vault_store_reveal (again, entry, VAULT_FIELD_PASSWORD, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (password), ==, SECRET);
}

static void
test_recovery_key (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) other_code = NULL;
  g_autoptr(VaultStore) recovered = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(GError) error = NULL;
  guint8 random_key[VAULT_KEY_SIZE];

  add (f->store, "Site", "u", SECRET);
  g_assert_false (vault_store_has_recovery_key (f->store));
  code = vault_store_set_up_recovery_key (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (code), "R1-"));
  g_assert_true (vault_store_has_recovery_key (f->store));

  /* A well-formed code for another key does not open it. */
  vault_random_bytes (random_key, sizeof random_key);
  other_code = vault_kit_encode (VAULT_KIT_RECOVERY_KEY, random_key);
  g_assert_null (vault_store_open_with_recovery_code (f->path,
                                                      vault_secure_buf_get_string (other_code),
                                                      NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* The master password forgotten: the recovery key opens, a new one is set. */
  recovered = vault_store_open_with_recovery_code (f->path, vault_secure_buf_get_string (code),
                                                   NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault_store_find_by_title (recovered, "Site", NULL));
  g_assert_true (vault_store_change_password (recovered, "brand new", NULL, &error));
  g_assert_false (vault_store_secret_key_was_replaced (recovered));
  again = reopen (f, "brand new");

  /* Removed, it opens nothing. */
  g_assert_true (vault_store_remove_recovery_key (again, NULL, &error));
  g_clear_object (&recovered);
  recovered = vault_store_open_with_recovery_code (f->path, vault_secure_buf_get_string (code),
                                                   NULL, &error);
  g_assert_null (recovered);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NO_RECOVERY_KEY);
}

static void
test_restore_secret_key (Fixture *f, gconstpointer data)
{
  const char *id = vault_store_get_vault_id (f->store);
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *schema = NULL;
  GList *items;

  code = vault_store_get_secret_key_code (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (code), "K1-"));

  /* A new device: the keyring has no Secret Key for this vault. */
  g_assert_true (vault_secret_key_delete (id, NULL, &error));
  store = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY);
  g_clear_error (&error);

  /* A wrong password with the right code stores nothing. */
  g_assert_false (vault_restore_secret_key (f->path, "wrong", vault_secure_buf_get_string (code),
                                            NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);
  g_assert_null (vault_secret_key_lookup (id, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY);
  g_clear_error (&error);

  g_assert_true (vault_restore_secret_key (f->path, MASTER, vault_secure_buf_get_string (code),
                                           NULL, &error));
  g_assert_no_error (error);
  store = reopen (f, MASTER);

  /* Restoring twice leaves one item, found by the schema. */
  g_assert_true (vault_restore_secret_key (f->path, MASTER, vault_secure_buf_get_string (code),
                                           NULL, &error));
  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "vault-id", (gpointer) id);
  items = secret_service_search_sync (NULL, NULL, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  schema = secret_item_get_schema_name (items->data);
  g_assert_cmpstr (schema, ==, VAULT_SECRET_KEY_SCHEMA_NAME);
  g_list_free_full (items, g_object_unref);
}

static void
test_keyring_unavailable (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "vault.json", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultStore) store = NULL;

      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
      store = vault_store_create (path, MASTER, TEST_ITERATIONS, NULL, &error);
      g_assert_null (store);
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_KEYRING_UNAVAILABLE);
      /* Nothing is written when the key cannot be kept. */
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      test_rm_rf (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* --- Saving ---------------------------------------------------------------------- */

static void
test_backup (Fixture *f, gconstpointer data)
{
  g_autofree char *backup = g_strconcat (f->path, ".bak", NULL);
  g_autoptr(VaultStore) previous = NULL;
  g_autoptr(GError) error = NULL;

  add (f->store, "One", "", "1");
  g_assert_true (vault_store_save (f->store, NULL, &error));
  add (f->store, "Two", "", "2");
  g_assert_true (vault_store_save (f->store, NULL, &error));

  previous = vault_store_open (backup, MASTER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (previous)), ==, 1);
}

static void
test_save_fails_cleanly (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      struct rlimit limit = { 512, 512 };
      g_autoptr(GBytes) before = NULL;
      g_autoptr(GBytes) after = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultStore) again = NULL;
      g_autoptr(GDir) dir = NULL;
      const char *name;
      guint files = 0;

      add (f->store, "Site", "u", SECRET);
      g_assert_true (vault_store_save (f->store, NULL, &error));
      before = read_bytes (f->path);

      /* A file size limit: write(2) fails with EFBIG part-way, as on a
       * full disk, without needing privileges to fill one. */
      for (guint i = 0; i < 20; i++)
        {
          g_autofree char *title = g_strdup_printf ("Entry %u", i);
          add (f->store, title, "someone@example.com", SECRET);
        }
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (vault_store_save (f->store, NULL, &error));
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_IO);
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));

      /* The previous vault is intact and still opens; no temporary file is left. */
      after = read_bytes (f->path);
      g_assert_true (g_bytes_equal (before, after));
      again = reopen (f, MASTER);
      g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (again)), ==, 1);
      dir = g_dir_open (f->dir, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_assert_false (g_str_has_prefix (name, ".vault.json."));
          files++;
        }
      g_assert_cmpuint (files, ==, 3); /* vault.json, vault.json.bak and the writers' lock */
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_changed_on_disk (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultStore) other = reopen (f, MASTER);
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(GError) error = NULL;

  add (other, "From other", "", "1");
  g_assert_true (vault_store_save (other, NULL, &error));

  /* The first store never saw that change: saving would lose it. */
  add (f->store, "From first", "", "2");
  g_assert_false (vault_store_save (f->store, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK);

  again = reopen (f, MASTER);
  g_assert_nonnull (vault_store_find_by_title (again, "From other", NULL));
  g_assert_null (vault_store_find_by_title (again, "From first", NULL));
}

static void
test_lock_wipes (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add (f->store, "Site", "u", SECRET);
  g_autoptr(VaultEntry) held = g_object_ref (entry);
  g_autoptr(GError) error = NULL;

  vault_store_lock (f->store);
  g_assert_true (vault_store_get_locked (f->store));
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->store)), ==, 0);
  g_assert_null (vault_store_reveal (f->store, held, VAULT_FIELD_PASSWORD, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (vault_store_save (f->store, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_LOCKED);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_change_password_async (Fixture *f, gconstpointer data)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultStore) old = NULL;

  add (f->store, "Site", "u", SECRET);
  /* A wrong current password changes nothing. */
  vault_store_change_password_async (f->store, "not the password", "async new master", NULL,
                                     on_async_done, &result);
  g_assert_false (vault_store_change_password_finish (f->store, wait_result (&result), &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);
  g_clear_object (&result);

  vault_store_change_password_async (f->store, MASTER, "async new master", NULL,
                                     on_async_done, &result);
  g_assert_true (vault_store_change_password_finish (f->store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  again = reopen (f, "async new master");
  g_assert_nonnull (vault_store_find_by_title (again, "Site", NULL));
  old = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);

  /* Refused before any work: too weak. */
  vault_store_change_password_async (again, NULL, "qwerty", NULL, on_async_done, &result);
  g_assert_false (vault_store_change_password_finish (again, wait_result (&result), &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_clear_object (&result);
}

/* Asking for the master password again (before an export) checks it
 * against the open vault and changes nothing. */
static void
test_check_password_async (Fixture *f, gconstpointer data)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = read_bytes (f->path);
  g_autoptr(GBytes) after = NULL;

  vault_store_check_password_async (f->store, "not the password", NULL, on_async_done, &result);
  g_assert_false (vault_store_check_password_finish (f->store, wait_result (&result), &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
  g_clear_error (&error);
  g_clear_object (&result);

  vault_store_check_password_async (f->store, MASTER, NULL, on_async_done, &result);
  g_assert_true (vault_store_check_password_finish (f->store, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  after = read_bytes (f->path);
  g_assert_true (g_bytes_equal (before, after));

  vault_store_lock (f->store);
  vault_store_check_password_async (f->store, MASTER, NULL, on_async_done, &result);
  g_assert_false (vault_store_check_password_finish (f->store, wait_result (&result), &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_LOCKED);
  g_clear_object (&result);
}

static void
test_change_password_async_save_fails (Fixture *f, gconstpointer data)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) other = reopen (f, MASTER);
  g_autoptr(VaultStore) again = NULL;

  /* Another program saves first: the change is refused and undone, so the
   * open vault and the file still agree on the password. */
  add (other, "Elsewhere", "", "x");
  g_assert_true (vault_store_save (other, NULL, NULL));
  vault_store_change_password_async (f->store, MASTER, "async new master", NULL,
                                     on_async_done, &result);
  g_assert_false (vault_store_change_password_finish (f->store, wait_result (&result), &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK);
  g_clear_object (&result);
  again = reopen (f, MASTER);
}

static void
test_recovery_async (Fixture *f, gconstpointer data)
{
  GAsyncResult *result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) removed = NULL;
  g_autoptr(VaultStore) recovered = NULL;

  vault_store_set_recovery_async (f->store, TRUE, NULL, on_async_done, &result);
  code = vault_store_set_recovery_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (code), "R1-"));
  g_clear_object (&result);

  recovered = vault_store_open_with_recovery_code (f->path, vault_secure_buf_get_string (code),
                                                   NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&recovered);

  vault_store_set_recovery_async (f->store, FALSE, NULL, on_async_done, &result);
  removed = vault_store_set_recovery_finish (f->store, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->len, ==, 0);
  g_clear_object (&result);
  g_assert_false (vault_store_has_recovery_key (f->store));
  recovered = vault_store_open_with_recovery_code (f->path, vault_secure_buf_get_string (code),
                                                   NULL, &error);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NO_RECOVERY_KEY);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VaultStore **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = vault_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_open_async (Fixture *f, gconstpointer data)
{
  VaultStore *store = NULL;

  vault_store_open_async (f->path, MASTER, NULL, NULL, on_opened, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (vault_store_get_vault_id (store), ==, vault_store_get_vault_id (f->store));
  g_object_unref (store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/store/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("create-open", test_create_open);
  g_test_add_func ("/vault/store/kdf/calibrated-floor", test_calibrated_floor);
  ADD ("wrong-password", test_wrong_password);
  g_test_add_func ("/vault/store/password-normalised", test_password_normalised);
  ADD ("entries/persist", test_entries_persist);
  ADD ("entries/update-history-delete", test_update_history_delete);
  ADD ("entries/validation", test_entry_validation);
  ADD ("search", test_search);
  ADD ("format/no-secret-in-file", test_no_secret_in_file);
  ADD ("format/tamper/sealed-field", test_sealed_field_tamper);
  ADD ("format/tamper/every-byte", test_tamper_every_byte);
  ADD ("format/newer", test_newer_format);
  g_test_add_func ("/vault/store/format/not-a-vault", test_not_a_vault);
  ADD ("keys/change-password", test_change_password);
  ADD ("keys/recovery-key", test_recovery_key);
  ADD ("keys/change-password-async", test_change_password_async);
  ADD ("keys/check-password-async", test_check_password_async);
  ADD ("keys/change-password-async/save-fails", test_change_password_async_save_fails);
  ADD ("keys/recovery-key-async", test_recovery_async);
  ADD ("keys/restore-secret-key", test_restore_secret_key);
  g_test_add_func ("/vault/store/keys/keyring-unavailable", test_keyring_unavailable);
  ADD ("save/backup", test_backup);
  ADD ("save/fails-cleanly", test_save_fails_cleanly);
  ADD ("save/changed-on-disk", test_changed_on_disk);
  ADD ("lock", test_lock_wipes);
  ADD ("open-async", test_open_async);

  return g_test_run ();
}
