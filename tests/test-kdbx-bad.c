/* test-kdbx-bad.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KeePass databases that must be refused, each with the error a person can
 * act on: a wrong password or key file, a changed byte, a file cut short
 * anywhere, and versions, ciphers and KDF costs Vault does not read.
 */
#define _GNU_SOURCE  /* memmem */

#include "test-kdbx-util.h"

#define SAMPLE_PASSWORD "vault test 비밀"

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

      g_test_message ("KDBX %u cut at %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT,
                      major, cuts[i], len);
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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("vault-kdbx-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/vault/import/kdbx/bad/kdbx3", test_bad_kdbx3);
  g_test_add_func ("/vault/import/kdbx/bad/kdbx4", test_bad_kdbx4);
  g_test_add_func ("/vault/import/kdbx/bad/unsupported", test_unsupported);

  status = g_test_run ();
  test_rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
