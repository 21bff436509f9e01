/* test-crypto.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known-answer tests for the crypto service, against published vectors.
 */
#include <linux/capability.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "vault-core.h"
#include "test-util.h"

static void
check_hex (const guint8 *data,
           gsize         len,
           const char   *expected)
{
  g_autofree char *hex = test_to_hex (data, len);

  g_assert_cmpstr (hex, ==, expected);
}

/* RFC 7914, section 11: PBKDF2-HMAC-SHA256 test vectors. */
static void
test_pbkdf2_rfc7914 (void)
{
  guint8 out[64];

  vault_pbkdf2_sha256 ((const guint8 *) "passwd", 6, (const guint8 *) "salt", 4, 1,
                       out, sizeof out);
  check_hex (out, sizeof out,
             "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
             "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");

  vault_pbkdf2_sha256 ((const guint8 *) "Password", 8, (const guint8 *) "NaCl", 4, 80000,
                       out, sizeof out);
  check_hex (out, sizeof out,
             "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
             "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

/* RFC 5869, appendix A: test cases 1 and 3 (the latter without salt). */
static void
test_hkdf_rfc5869 (void)
{
  g_autoptr(GByteArray) ikm = test_hex ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
  g_autoptr(GByteArray) salt = test_hex ("000102030405060708090a0b0c");
  g_autoptr(GByteArray) info = test_hex ("f0f1f2f3f4f5f6f7f8f9");
  guint8 okm[42];

  vault_hkdf_sha256 (ikm->data, ikm->len, salt->data, salt->len, info->data, info->len,
                     okm, sizeof okm);
  check_hex (okm, sizeof okm,
             "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
             "34007208d5b887185865");

  vault_hkdf_sha256 (ikm->data, ikm->len, NULL, 0, NULL, 0, okm, sizeof okm);
  check_hex (okm, sizeof okm,
             "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
             "9d201395faa4b61a96c8");
}

typedef struct {
  const char *key, *iv, *plain, *aad, *cipher, *tag;
} GcmCase;

/* "The Galois/Counter Mode of Operation (GCM)", McGrew and Viega, test cases
 * 13 to 16: the AES-256 cases with a 96-bit IV. */
static const GcmCase gcm_cases[] = {
  { "0000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000000000000", "", "", "", "530f8afbc74536b9a963b4f1c4cb738b" },
  { "0000000000000000000000000000000000000000000000000000000000000000",
    "000000000000000000000000", "00000000000000000000000000000000", "",
    "cea7403d4d606b6e074ec5d3baf39d18", "d0d1c8a799996bf0265b98b5d48ab919" },
  { "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    "cafebabefacedbaddecaf888",
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
    "",
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
    "b094dac5d93471bdec1a502270e3cc6c" },
  { "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    "cafebabefacedbaddecaf888",
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    "feedfacedeadbeeffeedfacedeadbeefabaddad2",
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
    "76fc6ece0f4e1768cddf8853bb2d551b" },
};

static void
test_gcm_spec (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (gcm_cases); i++)
    {
      const GcmCase *c = &gcm_cases[i];
      g_autoptr(GByteArray) key = test_hex (c->key);
      g_autoptr(GByteArray) iv = test_hex (c->iv);
      g_autoptr(GByteArray) plain = test_hex (c->plain);
      g_autoptr(GByteArray) aad = test_hex (c->aad);
      g_autoptr(GByteArray) expected = test_hex (c->cipher);
      g_autoptr(GByteArray) tag = test_hex (c->tag);
      g_autofree guint8 *cipher = g_malloc0 (plain->len + 1);
      g_autofree guint8 *back = g_malloc0 (plain->len + 1);
      guint8 out_tag[VAULT_TAG_SIZE];

      g_test_message ("GCM test case %u", 13 + i);
      vault_aes_gcm_encrypt (key->data, iv->data, iv->len, aad->data, aad->len,
                             plain->data, plain->len, cipher, out_tag);
      g_assert_cmpmem (cipher, plain->len, expected->data, expected->len);
      g_assert_cmpmem (out_tag, sizeof out_tag, tag->data, tag->len);

      g_assert_true (vault_aes_gcm_decrypt (key->data, iv->data, iv->len, aad->data, aad->len,
                                            cipher, plain->len, out_tag, back));
      g_assert_cmpmem (back, plain->len, plain->data, plain->len);

      /* Any changed tag bit must be refused, and nothing decrypted kept. */
      out_tag[i % VAULT_TAG_SIZE] ^= 1;
      g_assert_false (vault_aes_gcm_decrypt (key->data, iv->data, iv->len, aad->data, aad->len,
                                             cipher, plain->len, out_tag, back));
      for (guint k = 0; k < plain->len; k++)
        g_assert_cmpuint (back[k], ==, 0);
    }
}

static void
test_seal_roundtrip (void)
{
  guint8 key[VAULT_KEY_SIZE];
  const char *aad = "entry-id\npassword";
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;
  g_autoptr(VaultSecureBuf) plain = NULL;
  g_autoptr(GByteArray) tampered = NULL;
  gsize len;
  const guint8 *data;

  vault_random_bytes (key, sizeof key);
  a = vault_seal (key, "hunter2", 7, aad, strlen (aad));
  b = vault_seal (key, "hunter2", 7, aad, strlen (aad));
  /* A fresh nonce every time: the same secret never seals the same way. */
  g_assert_false (g_bytes_equal (a, b));
  g_assert_cmpuint (g_bytes_get_size (a), ==, 7 + VAULT_SEAL_OVERHEAD);

  data = g_bytes_get_data (a, &len);
  plain = vault_open (key, data, len, aad, strlen (aad));
  g_assert_nonnull (plain);
  g_assert_cmpstr (vault_secure_buf_get_string (plain), ==, "hunter2");

  /* Another field's authenticated data does not open it. */
  g_assert_null (vault_open (key, data, len, "entry-id\nnotes", 14));

  for (gsize i = 0; i < len; i++)
    {
      tampered = g_byte_array_new ();
      g_byte_array_append (tampered, data, len);
      tampered->data[i] ^= 0x80;
      g_assert_null (vault_open (key, tampered->data, len, aad, strlen (aad)));
      g_clear_pointer (&tampered, g_byte_array_unref);
    }
}

static void
test_secure_buf (void)
{
  g_autoptr(VaultSecureBuf) a = vault_secure_buf_new_from_string ("secret");
  g_autoptr(VaultSecureBuf) b = vault_secure_buf_dup (a);
  g_autoptr(VaultSecureBuf) c = vault_secure_buf_new_from_string ("secreT");

  g_assert_cmpuint (a->len, ==, 6);
  g_assert_cmpint (a->data[6], ==, 0);
  g_assert_true (vault_secure_buf_equal (a, b));
  g_assert_false (vault_secure_buf_equal (a, c));
}

/* Takes away this process's right to lock memory: no RLIMIT_MEMLOCK, and
 * no CAP_IPC_LOCK (which root has, and which ignores the limit). */
static void
forbid_mlock (void)
{
  struct rlimit none = { 0, 0 };
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct caps[_LINUX_CAPABILITY_U32S_3];

  g_assert_cmpint (setrlimit (RLIMIT_MEMLOCK, &none), ==, 0);
  g_assert_cmpint (syscall (SYS_capget, &header, caps), ==, 0);
  caps[CAP_TO_INDEX (CAP_IPC_LOCK)].effective &= ~CAP_TO_MASK (CAP_IPC_LOCK);
  g_assert_cmpint (syscall (SYS_capset, &header, caps), ==, 0);
}

/* When mlock fails, a person is told once per process, and not what the
 * buffers hold. */
static void
test_secure_buf_mlock_warning (void)
{
#if defined(__SANITIZE_ADDRESS__)
  /* ASan intercepts mlock and makes it a no-op that succeeds (its shadow
   * memory must not be locked), so no limit can make it fail. */
  g_test_skip ("mlock is a no-op under AddressSanitizer");
  return;
#endif

  if (g_test_subprocess ())
    {
      if (g_str_equal (g_getenv ("VAULT_TEST_MLOCK"), "forbidden"))
        forbid_mlock ();
      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(VaultSecureBuf) buf = vault_secure_buf_new_from_string ("hunter2-secret");

          g_assert_cmpstr (vault_secure_buf_get_string (buf), ==, "hunter2-secret");
        }
      return;
    }

  g_setenv ("VAULT_TEST_MLOCK", "forbidden", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Could not keep secrets out of swap*ulimit -l*LimitMEMLOCK*");
  g_test_trap_assert_stderr_unmatched ("*out of swap*out of swap*");
  g_test_trap_assert_stderr_unmatched ("*hunter2*");

  /* With the usual limit, a few small buffers lock and nothing is said. */
  g_setenv ("VAULT_TEST_MLOCK", "allowed", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr_unmatched ("*out of swap*");
  g_unsetenv ("VAULT_TEST_MLOCK");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/crypto/pbkdf2/rfc7914", test_pbkdf2_rfc7914);
  g_test_add_func ("/vault/crypto/hkdf/rfc5869", test_hkdf_rfc5869);
  g_test_add_func ("/vault/crypto/gcm/spec", test_gcm_spec);
  g_test_add_func ("/vault/crypto/seal/roundtrip", test_seal_roundtrip);
  g_test_add_func ("/vault/crypto/secure-buf", test_secure_buf);
  g_test_add_func ("/vault/crypto/secure-buf/mlock-warning", test_secure_buf_mlock_warning);

  return g_test_run ();
}
