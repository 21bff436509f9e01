/* test-store-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import added to an open vault: duplicates found, every field sealed
 * and kept across a save, all entries or none, and the entries handed out
 * again for an export.
 */
#include <string.h>

#include "vault-core.h"
#include "test-util.h"

#define MASTER "correct horse battery staple"

typedef struct {
  char       *dir;
  char       *path;
  VaultStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_store_clear (&f->store, &f->dir, &f->path);
}

static VaultForeignEntry *
foreign (VaultImport *import,
         const char  *title,
         const char  *username,
         const char  *url,
         const char  *password)
{
  VaultForeignEntry *entry = vault_import_add_entry (import);

  entry->title = g_strdup (title);
  entry->username = g_strdup (username);
  entry->url = g_strdup (url);
  entry->password = vault_import_keep_secret (import, password, -1);
  entry->where = g_strdup_printf ("line %u", import->entries->len);
  return entry;
}

static char *
reveal (VaultStore       *store,
        VaultEntry       *entry,
        VaultSecretField  field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) secret = vault_store_reveal (store, entry, field, &error);

  g_assert_no_error (error);
  return g_strdup (vault_secure_buf_get_string (secret));
}

static VaultEntry *
only (VaultStore *store,
      const char *title)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *entry = vault_store_find_by_title (store, title, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static void
test_fields_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_KDBX);
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "Work/Mail", "중요", NULL };
  VaultForeignEntry *mail = foreign (import, "네이버 메일", "kim@example.com",
                                     "https://mail.naver.com", "비밀번호123");
  g_autofree char *password = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *old = NULL;
  VaultEntry *entry;
  guint added = 0;

  mail->tags = g_strdupv ((GStrv) tags);
  mail->notes = vault_import_keep_secret (import, "Line one\nLine two", -1);
  mail->otp = vault_import_keep_secret (import, "otpauth://totp/Naver?secret=JBSWY3DPEHPK3PXP", -1);
  mail->favourite = TRUE;
  mail->created = 1600000000;
  mail->modified = 1650000000;
  vault_foreign_entry_add_field (import, mail, "PIN", "4321", -1, TRUE);
  vault_foreign_entry_add_field (import, mail, "Recovery", "first\nsecond", -1, FALSE);
  vault_foreign_entry_add_history (import, mail, 1610000000, "old-password-1", -1);
  vault_foreign_entry_add_history (import, mail, 1620000000, "old-password-2", -1);

  g_assert_cmpuint (vault_store_mark_duplicates (f->store, import), ==, 0);
  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_SKIP, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 1);
  g_assert_true (vault_store_save (f->store, NULL, &error));
  g_assert_no_error (error);

  /* Everything is there after the vault is read again. */
  again = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_no_error (error);
  entry = only (again, "네이버 메일");
  g_assert_cmpstr (vault_entry_get_username (entry), ==, "kim@example.com");
  g_assert_cmpstr (vault_entry_get_url (entry), ==, "https://mail.naver.com");
  g_assert_cmpstrv (vault_entry_get_tags (entry), tags);
  g_assert_true (vault_entry_get_favourite (entry));
  g_assert_cmpint (vault_entry_get_created (entry), ==, 1600000000);
  g_assert_cmpint (vault_entry_get_modified (entry), ==, 1650000000);
  password = reveal (again, entry, VAULT_FIELD_PASSWORD);
  g_assert_cmpstr (password, ==, "비밀번호123");
  /* The notes are the source's notes alone; custom strings are custom
   * fields in their order, protected ones concealed; the one-time code is
   * the entry's own. */
  notes = reveal (again, entry, VAULT_FIELD_NOTES);
  g_assert_cmpstr (notes, ==, "Line one\nLine two");
  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, 2);
  g_assert_cmpstr (vault_entry_get_field_label (entry, 0), ==, "PIN");
  g_assert_true (vault_entry_get_field_concealed (entry, 0));
  g_assert_null (vault_entry_get_field_value (entry, 0));
  g_assert_cmpstr (vault_entry_get_field_label (entry, 1), ==, "Recovery");
  g_assert_false (vault_entry_get_field_concealed (entry, 1));
  g_assert_false (vault_entry_get_field_searchable (entry, 1));
  g_assert_cmpstr (vault_entry_get_field_value (entry, 1), ==, "first\nsecond");
  {
    g_autoptr(VaultSecureBuf) pin = vault_store_reveal_field (again, entry, 0, &error);
    g_autoptr(VaultSecureBuf) code = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (vault_secure_buf_get_string (pin), ==, "4321");
    g_assert_true (vault_entry_has_totp (entry));
    /* JBSWY3DPEHPK3PXP at 1700000000, as oathtool gives it. */
    code = vault_store_get_totp_code (again, entry, 1700000000, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (vault_secure_buf_get_string (code), ==, "324550");
  }
  g_assert_cmpuint (vault_entry_get_history_length (entry), ==, 2);
  g_assert_cmpint (vault_entry_get_history_time (entry, 0), ==, 1610000000);
  {
    g_autoptr(VaultSecureBuf) first = vault_store_reveal_history (again, entry, 0, &error);
    g_autoptr(VaultSecureBuf) second = vault_store_reveal_history (again, entry, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (vault_secure_buf_get_string (first), ==, "old-password-1");
    g_assert_cmpstr (vault_secure_buf_get_string (second), ==, "old-password-2");
  }
  /* No secret is left in the file as text. */
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (f->path, &text, NULL, NULL));
    g_assert_null (strstr (text, "old-password-1"));
    g_assert_null (strstr (text, "4321"));
    g_assert_null (strstr (text, "JBSWY3DPEHPK3PXP"));
  }
}

/* A one-time code Vault cannot use (here a counter-based one) is kept as
 * a concealed field rather than dropped; an entry with more fields than a
 * vault holds is refused whole. */
static void
test_odd_fields (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_BITWARDEN_JSON);
  g_autoptr(VaultImport) many = vault_import_new (VAULT_FORMAT_BITWARDEN_JSON);
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) kept = NULL;
  g_autofree char *long_name = g_strnfill (VAULT_MAX_FIELD_LABEL + 10, 'n');
  VaultForeignEntry *hotp = foreign (import, "Old token", "me", NULL, "pw");
  VaultForeignEntry *crowded = foreign (many, "Crowded", "me", NULL, "pw");
  VaultEntry *entry;

  hotp->otp = vault_import_keep_secret (import, "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP"
                                        "&counter=3", -1);
  vault_foreign_entry_add_field (import, hotp, "", "nameless", -1, FALSE);
  vault_foreign_entry_add_field (import, hotp, long_name, "long", -1, FALSE);
  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, NULL, &error));
  g_assert_no_error (error);
  entry = only (f->store, "Old token");
  g_assert_false (vault_entry_has_totp (entry));
  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, 3);
  g_assert_cmpstr (vault_entry_get_field_label (entry, 0), ==, "Field");
  g_assert_cmpuint (strlen (vault_entry_get_field_label (entry, 1)), ==, VAULT_MAX_FIELD_LABEL);
  g_assert_cmpstr (vault_entry_get_field_label (entry, 2), ==, "One-time code");
  g_assert_true (vault_entry_get_field_concealed (entry, 2));
  kept = vault_store_reveal_field (f->store, entry, 2, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (kept), ==,
                   "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=3");

  for (guint i = 0; i <= VAULT_MAX_FIELDS; i++)
    vault_foreign_entry_add_field (many, crowded, "f", "v", -1, FALSE);
  g_assert_false (vault_store_add_import (f->store, many, VAULT_DUPLICATES_ADD, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_null (vault_store_find_by_title (f->store, "Crowded", NULL));
}

static void
test_duplicates (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_CSV_CHROME);
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = "GitHub", .username = "octo",
                              .url = "https://github.com", .password = "here" };
  g_autoptr(GPtrArray) githubs = NULL;
  guint added = 0;

  g_assert_nonnull (vault_store_add_entry (f->store, &fields, &error));
  g_assert_no_error (error);

  foreign (import, "GitHub", "octo", "https://github.com", "imported");      /* as here */
  foreign (import, " GitHub ", "octo", "https://github.com", "spaces");     /* as here */
  foreign (import, "GitHub", "other", "https://github.com", "new user");    /* new */
  foreign (import, "GitLab", "octo", "https://gitlab.com", "a");            /* new */
  foreign (import, "GitLab", "octo", "https://gitlab.com", "b");            /* twice in the file */

  g_assert_cmpuint (vault_store_mark_duplicates (f->store, import), ==, 3);
  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_SKIP, &added, &error));
  g_assert_cmpuint (added, ==, 2);
  githubs = vault_store_find_all_by_title (f->store, "GitHub");
  g_assert_cmpuint (githubs->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->store)), ==, 3);

  /* Added beside: all five come in. */
  g_assert_cmpuint (vault_store_mark_duplicates (f->store, import), ==, 5);
  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, &added, &error));
  g_assert_cmpuint (added, ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->store)), ==, 8);
}

/* One bad entry anywhere, and nothing is added. */
static void
test_all_or_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_CSV_OTHER);
  g_autoptr(GError) error = NULL;
  VaultForeignEntry *bad;
  guint added = 7;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *title = g_strdup_printf ("Site %u", i);
      foreign (import, title, "me", NULL, "pw");
    }
  bad = g_ptr_array_index (import->entries, 99);
  g_free (bad->username);
  bad->username = g_strdup ("\xff\xfe");

  g_assert_false (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, &added, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "line 100"));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->store)), ==, 0);
}

/* What the source gets wrong (no title, a time in the future) is mended;
 * a locked vault takes nothing. */
static void
test_mended (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_CSV_FIREFOX);
  g_autoptr(GError) error = NULL;
  VaultForeignEntry *entry = vault_import_add_entry (import);
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  VaultEntry *added;

  entry->url = g_strdup ("https://www.example.org/login");
  entry->created = G_MAXINT64 / 2;
  vault_foreign_entry_fill_title (entry);
  g_assert_cmpstr (entry->title, ==, "example.org");

  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, NULL, &error));
  added = only (f->store, "example.org");
  g_assert_cmpint (vault_entry_get_created (added), >=, before);
  g_assert_false (vault_entry_has_password (added));

  vault_store_lock (f->store);
  g_assert_false (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_LOCKED);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) export = NULL;
  const char *tags[] = { "Work", NULL };
  const VaultFieldSpec specs[] = {
    { .label = "PIN", .value = "4711", .concealed = TRUE },
    { .label = "Branch", .value = "Seoul", .searchable = TRUE },
  };
  VaultEntryFields fields = { .title = "Bank", .username = "me", .url = "https://bank.example",
                              .password = "first", .notes = "PIN below", .tags = tags,
                              .set_favourite = TRUE, .favourite = TRUE,
                              .totp = "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
                              .custom_fields = specs, .n_custom_fields = 2,
                              .set_custom_fields = TRUE };
  VaultEntryFields change = { .password = "second" };
  VaultForeignEntry *out;
  VaultEntry *entry;

  entry = vault_store_add_entry (f->store, &fields, &error);
  g_assert_no_error (error);
  g_assert_true (vault_store_update_entry (f->store, entry, &change, &error));
  g_assert_nonnull (vault_store_add_entry (f->store, &(VaultEntryFields) { .title = "Empty" },
                                           &error));

  export = vault_store_export (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (export->entries->len, ==, 2);
  out = g_ptr_array_index (export->entries, 0);
  g_assert_cmpstr (out->title, ==, "Bank");
  g_assert_cmpstr (out->username, ==, "me");
  g_assert_cmpstr (out->url, ==, "https://bank.example");
  g_assert_cmpstr (out->password, ==, "second");
  g_assert_cmpstr (out->notes, ==, "PIN below");
  g_assert_cmpstrv (out->tags, tags);
  g_assert_true (out->favourite);
  g_assert_cmpuint (out->history->len, ==, 1);
  g_assert_cmpstr (g_array_index (out->history, VaultForeignHistory, 0).password, ==, "first");
  g_assert_cmpstr (out->otp, ==, "otpauth://totp/?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK"
                                 "&algorithm=SHA1&digits=5&period=30&encoder=steam");
  g_assert_cmpuint (out->fields->len, ==, 2);
  g_assert_cmpstr (((VaultForeignField *) out->fields->pdata[0])->name, ==, "PIN");
  g_assert_cmpstr (((VaultForeignField *) out->fields->pdata[0])->value, ==, "4711");
  g_assert_true (((VaultForeignField *) out->fields->pdata[0])->protected);
  g_assert_cmpstr (((VaultForeignField *) out->fields->pdata[1])->value, ==, "Seoul");
  g_assert_false (((VaultForeignField *) out->fields->pdata[1])->protected);
  out = g_ptr_array_index (export->entries, 1);
  g_assert_null (out->password);
  g_assert_null (out->notes);
  g_assert_null (out->otp);
  g_assert_null (out->fields);

  vault_store_lock (f->store);
  g_assert_null (vault_store_export (f->store, &error));
  g_assert_nonnull (error);
}

/* An import that would make a vault too large to open again is refused
 * whole, before anything is added. */
static void
test_too_large (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_CSV_OTHER);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_strnfill (1024 * 1024 - 1, 'n');
  guint added = 7;

  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *title = g_strdup_printf ("Big %u", i);
      foreign (import, title, "me", NULL, "pw")->notes = vault_import_keep_secret (import, big, -1);
    }
  g_assert_false (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, &added, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "larger than 256 MB"));
  g_assert_cmpuint (added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (vault_store_get_entries (f->store)), ==, 0);
}

/* 100,000 secrets do not take 100,000 locked pages. */
static void
test_arena (void)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_CSV_OTHER);
  g_autofree char *big = g_strnfill (600 * 1024, 'x');
  char *small, *large;

  for (guint i = 0; i < 100000; i++)
    {
      char value[32];

      g_snprintf (value, sizeof value, "password-%u", i);
      small = vault_import_keep_secret (import, value, -1);
      g_assert_cmpstr (small, ==, value);
    }
  large = vault_import_keep_secret (import, big, -1);
  small = vault_import_keep_secret (import, "after", 5);
  g_assert_cmpuint (strlen (large), ==, 600 * 1024);
  g_assert_cmpstr (small, ==, "after");
  g_assert_null (vault_import_keep_secret (import, NULL, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/store-import/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fields-kept", test_fields_kept);
  ADD ("odd-fields", test_odd_fields);
  ADD ("duplicates", test_duplicates);
  ADD ("all-or-nothing", test_all_or_nothing);
  ADD ("mended", test_mended);
  ADD ("export", test_export);
  ADD ("too-large", test_too_large);
#undef ADD
  g_test_add_func ("/vault/store-import/arena", test_arena);

  return g_test_run ();
}
