/* test-kdbx-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vault's KDBX 4 export (Argon2id; ChaCha20 or AES-256): opened by the real
 * keepassxc-cli, every field, group and old password where KeePassXC shows
 * it, and read back by Vault the same; progress and cancelling.
 */
#define _GNU_SOURCE  /* memmem */

#include "test-kdbx-util.h"

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
  gboolean protected = FALSE;

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

  g_test_add_func ("/vault/import/kdbx/export/chacha20", test_export_chacha20);
  g_test_add_func ("/vault/import/kdbx/export/aes", test_export_aes);
  g_test_add_func ("/vault/import/kdbx/export/refused", test_export_refused);
  g_test_add_func ("/vault/import/kdbx/progress-cancel", test_progress_cancel);

  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
