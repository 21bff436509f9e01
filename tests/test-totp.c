/* test-totp.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One-time codes: RFC 6238's own vectors for all three hashes, Steam Guard's
 * codes as the Steam app made them, oathtool at random secrets and times,
 * and the URIs and secrets people paste.
 */
#include <string.h>

#include "vault-core.h"
#include "test-util.h"

#define SEED_SHA1   "12345678901234567890"
#define SEED_SHA256 "12345678901234567890123456789012"
#define SEED_SHA512 "1234567890123456789012345678901234567890123456789012345678901234"

static char *
code_at (const VaultTotp *totp,
         gint64           now)
{
  g_autoptr(GError) error = NULL;
  char code[VAULT_TOTP_CODE_SIZE];

  g_assert_true (vault_totp_generate (totp, now, code, &error));
  g_assert_no_error (error);
  return g_strdup (code);
}

static VaultTotp *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  VaultTotp *totp = vault_totp_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (totp);
  return totp;
}

/* RFC 6238, Appendix B: 8 digits, a 30-second step, from T0 = 0. */
static void
test_rfc6238 (void)
{
  static const struct {
    gint64      time;
    const char *sha1, *sha256, *sha512;
  } vectors[] = {
    { 59LL,          "94287082", "46119246", "90693936" },
    { 1111111109LL,  "07081804", "68084774", "25091201" },
    { 1111111111LL,  "14050471", "67062674", "99943326" },
    { 1234567890LL,  "89005924", "91819424", "93441116" },
    { 2000000000LL,  "69279037", "90698825", "38618901" },
    { 20000000000LL, "65353130", "77737706", "47863826" },
  };
  g_autoptr(VaultTotp) sha1 = vault_totp_new ((const guint8 *) SEED_SHA1, 20,
                                              VAULT_TOTP_SHA1, 8, 30, FALSE);
  g_autoptr(VaultTotp) sha256 = vault_totp_new ((const guint8 *) SEED_SHA256, 32,
                                                VAULT_TOTP_SHA256, 8, 30, FALSE);
  g_autoptr(VaultTotp) sha512 = vault_totp_new ((const guint8 *) SEED_SHA512, 64,
                                                VAULT_TOTP_SHA512, 8, 30, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *a = code_at (sha1, vectors[i].time);
      g_autofree char *b = code_at (sha256, vectors[i].time);
      g_autofree char *c = code_at (sha512, vectors[i].time);

      g_assert_cmpstr (a, ==, vectors[i].sha1);
      g_assert_cmpstr (b, ==, vectors[i].sha256);
      g_assert_cmpstr (c, ==, vectors[i].sha512);
    }
}

/* The same vectors through the URIs a person would paste. */
static void
test_rfc6238_uri (void)
{
  g_autoptr(VaultTotp) sha1 =
    parse_ok ("otpauth://totp/RFC:sha1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8");
  g_autoptr(VaultTotp) sha256 =
    parse_ok ("otpauth://totp/RFC:sha256?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
              "GEZA&algorithm=SHA256&digits=8");
  g_autoptr(VaultTotp) sha512 =
    parse_ok ("otpauth://totp/RFC:sha512?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
              "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA%3D"
              "&algorithm=sha512&digits=8");
  g_autofree char *a = code_at (sha1, 1234567890);
  g_autofree char *b = code_at (sha256, 1234567890);
  g_autofree char *c = code_at (sha512, 1234567890);

  g_assert_cmpstr (a, ==, "89005924");
  g_assert_cmpstr (b, ==, "91819424");
  g_assert_cmpstr (c, ==, "93441116");
  g_assert_cmpint (vault_totp_get_algorithm (sha512), ==, VAULT_TOTP_SHA512);
  g_assert_cmpuint (vault_totp_get_digits (sha1), ==, 8);
}

/* KeePassXC's test values, made by the Steam mobile app with a throw-away
 * account, in both ways Steam secrets are written. */
static void
test_steam (void)
{
  const char *forms[] = {
    "otpauth://totp/test:test@example.com?secret=63BEDWCQZKTQWPESARIERL5DTTQFCJTK"
      "&issuer=Valve&algorithm=SHA1&digits=5&period=30&encoder=steam",
    "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(VaultTotp) totp = parse_ok (forms[i]);
      g_autofree char *a = code_at (totp, 1511200518);
      g_autofree char *b = code_at (totp, 1511200714);

      g_assert_true (vault_totp_is_steam (totp));
      g_assert_cmpuint (vault_totp_get_digits (totp), ==, 5);
      g_assert_cmpstr (a, ==, "FR8RV");
      g_assert_cmpstr (b, ==, "9P3VP");
    }
}

static char *
random_base32 (guint n_bytes)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  /* Whole bytes: 8 characters per 5 bytes. */
  guint n = n_bytes * 8 / 5;
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_c (text, alphabet[g_random_int_range (0, 32)]);
  return g_string_free (text, FALSE);
}

/* Debian's oathtool, at random secrets, settings and times. */
static void
test_oathtool (void)
{
  static const char * const modes[] = { "sha1", "sha256", "sha512" };
  static const char * const names[] = { "SHA1", "SHA256", "SHA512" };
  g_autofree char *oathtool = g_find_program_in_path ("oathtool");

  if (oathtool == NULL)
    {
      g_test_skip ("oathtool is not installed");
      return;
    }

  for (guint round = 0; round < 60; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *secret = random_base32 (5 * g_random_int_range (2, 13));
      guint algorithm = g_random_int_range (0, 3);
      guint digits = g_random_int_range (6, 9);
      guint period = round % 3 == 0 ? 30 : g_random_int_range (1, 121);
      gint64 now = g_random_int_range (0, G_MAXINT32) + (gint64) g_random_int_range (0, 3) *
                   G_MAXINT32;
      g_autofree char *uri = g_strdup_printf ("otpauth://totp/x?secret=%s&algorithm=%s"
                                              "&digits=%u&period=%u", secret, names[algorithm],
                                              digits, period);
      g_autofree char *mode = g_strdup_printf ("--totp=%s", modes[algorithm]);
      g_autofree char *digits_arg = g_strdup_printf ("--digits=%u", digits);
      g_autofree char *step = g_strdup_printf ("--time-step-size=%us", period);
      g_autofree char *at = g_strdup_printf ("--now=@%" G_GINT64_FORMAT, now);
      const char *argv[] = { oathtool, mode, "--base32", digits_arg, step, at, secret, NULL };
      g_autofree char *out = NULL;
      g_autofree char *code = NULL;
      g_autoptr(VaultTotp) totp = parse_ok (uri);
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                    NULL, &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      code = code_at (totp, now);
      g_assert_cmpstr (code, ==, g_strstrip (out));
    }
}

/* What people paste: spaces, lower case, padding, escapes in the label. */
static void
test_parse_forms (void)
{
  g_autoptr(VaultTotp) bare = parse_ok ("  jbsw y3dp ehpk 3pxp \n");
  g_autoptr(VaultTotp) upper = parse_ok ("JBSWY3DPEHPK3PXP");
  g_autoptr(VaultTotp) padded = parse_ok ("JBSWY3DPEHPK3PXP====");
  g_autoptr(VaultTotp) uri =
    parse_ok ("otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
              "&issuer=Example%20Co&period=60");
  g_autoptr(VaultTotp) label_issuer = parse_ok ("otpauth://totp/ACME:%20bob?secret=JBSWY3DPEHPK3PXP");
  g_autofree char *a = code_at (bare, 1700000000);
  g_autofree char *b = code_at (upper, 1700000000);
  g_autofree char *c = code_at (padded, 1700000000);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, ==, c);
  g_assert_cmpuint (vault_totp_get_digits (bare), ==, 6);
  g_assert_cmpuint (vault_totp_get_period (bare), ==, 30);
  g_assert_cmpint (vault_totp_get_algorithm (bare), ==, VAULT_TOTP_SHA1);
  g_assert_false (vault_totp_is_steam (bare));

  g_assert_cmpstr (vault_totp_get_issuer (uri), ==, "Example Co");
  g_assert_cmpstr (vault_totp_get_account (uri), ==, "alice@example.com");
  g_assert_cmpuint (vault_totp_get_period (uri), ==, 60);
  g_assert_cmpstr (vault_totp_get_issuer (label_issuer), ==, "ACME");
  g_assert_cmpstr (vault_totp_get_account (label_issuer), ==, "bob");
}

/* Written and read again, a secret keeps every setting. */
static void
test_uri_round_trip (void)
{
  const char *inputs[] = {
    "otpauth://totp/Example%20Co:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
      "&issuer=Example%20Co&algorithm=SHA512&digits=7&period=45",
    "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK",
    "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(VaultTotp) first = parse_ok (inputs[i]);
      g_autoptr(VaultSecureBuf) uri = vault_totp_to_uri (first);
      g_autoptr(VaultTotp) second = parse_ok (vault_secure_buf_get_string (uri));
      g_autofree char *a = code_at (first, 1234567890);
      g_autofree char *b = code_at (second, 1234567890);

      g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (uri), "otpauth://totp/"));
      /* No base32 padding before the next parameter. */
      g_assert_null (strstr (vault_secure_buf_get_string (uri), "=&"));
      g_assert_cmpstr (a, ==, b);
      g_assert_cmpint (vault_totp_get_algorithm (first), ==, vault_totp_get_algorithm (second));
      g_assert_cmpuint (vault_totp_get_digits (first), ==, vault_totp_get_digits (second));
      g_assert_cmpuint (vault_totp_get_period (first), ==, vault_totp_get_period (second));
      g_assert_cmpint (vault_totp_is_steam (first), ==, vault_totp_is_steam (second));
      g_assert_cmpstr (vault_totp_get_issuer (first), ==, vault_totp_get_issuer (second));
      g_assert_cmpstr (vault_totp_get_account (first), ==, vault_totp_get_account (second));
    }
}

static void
assert_refused (const char *text,
                int         code,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultTotp) totp = vault_totp_parse (text, &error);

  g_assert_null (totp);
  g_assert_error (error, VAULT_ERROR, code);
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
  /* A message never repeats the secret. */
  g_assert_null (strstr (error->message, "JBSWY3DP"));
}

static void
test_refused (void)
{
  g_autofree char *long_secret = g_strnfill (VAULT_TOTP_MAX_TEXT + 1, 'A');
  g_autofree char *big_secret = g_strnfill (VAULT_TOTP_MAX_SECRET * 8 / 5 + 8, 'A');

  assert_refused ("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=1", VAULT_ERROR_UNSUPPORTED,
                  "HOTP");
  assert_refused ("otpauth://totp/x?issuer=JBSWY3DP", VAULT_ERROR_INVALID_ARGUMENT, "no secret");
  assert_refused ("otpauth://totp/x?secret=JBSWY3DP1HPK3PXP", VAULT_ERROR_INVALID_ARGUMENT,
                  "base32");
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=9",
                  VAULT_ERROR_INVALID_ARGUMENT, "6 to 8");
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&digits=5",
                  VAULT_ERROR_INVALID_ARGUMENT, "6 to 8");
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=0",
                  VAULT_ERROR_INVALID_ARGUMENT, NULL);
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=86401",
                  VAULT_ERROR_INVALID_ARGUMENT, NULL);
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&algorithm=MD5",
                  VAULT_ERROR_INVALID_ARGUMENT, "SHA1");
  assert_refused ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&encoder=yandex",
                  VAULT_ERROR_INVALID_ARGUMENT, "encoder");
  assert_refused ("otpauth://totp/%zz?secret=JBSWY3DPEHPK3PXP", VAULT_ERROR_INVALID_ARGUMENT,
                  NULL);
  assert_refused ("https://example.com/?secret=JBSWY3DPEHPK3PXP", VAULT_ERROR_INVALID_ARGUMENT,
                  NULL);
  assert_refused ("", VAULT_ERROR_INVALID_ARGUMENT, "empty");
  assert_refused ("   ", VAULT_ERROR_INVALID_ARGUMENT, "empty");
  assert_refused ("ABC", VAULT_ERROR_INVALID_ARGUMENT, "whole bytes");
  assert_refused ("steam://", VAULT_ERROR_INVALID_ARGUMENT, "empty");
  assert_refused (long_secret, VAULT_ERROR_INVALID_ARGUMENT, NULL);
  assert_refused (big_secret, VAULT_ERROR_INVALID_ARGUMENT, NULL);
}

/* What the countdown shows: the seconds left, 1 to the period. */
static void
test_remaining (void)
{
  g_autoptr(VaultTotp) totp = parse_ok ("JBSWY3DPEHPK3PXP");
  g_autoptr(VaultTotp) minute = parse_ok ("otpauth://totp/x?secret=JBSWY3DPEHPK3PXP&period=60");
  g_autofree char *first = code_at (totp, 1699999980);
  g_autofree char *last = code_at (totp, 1700000009);
  g_autofree char *next = code_at (totp, 1700000010);

  g_assert_cmpuint (vault_totp_get_remaining (totp, 1699999980), ==, 30);
  g_assert_cmpuint (vault_totp_get_remaining (totp, 1700000000), ==, 10);
  g_assert_cmpuint (vault_totp_get_remaining (totp, 1700000009), ==, 1);
  g_assert_cmpuint (vault_totp_get_remaining (totp, 1700000010), ==, 30);
  g_assert_cmpuint (vault_totp_get_remaining (minute, 1700000040), ==, 60);
  g_assert_cmpuint (vault_totp_get_remaining (minute, 1700000059), ==, 41);
  /* 1699999980 to 1700000009 is one step; 1700000010 starts the next. */
  g_assert_cmpstr (first, ==, last);
  g_assert_cmpstr (last, !=, next);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/totp/rfc6238", test_rfc6238);
  g_test_add_func ("/vault/totp/rfc6238-uri", test_rfc6238_uri);
  g_test_add_func ("/vault/totp/steam", test_steam);
  g_test_add_func ("/vault/totp/oathtool", test_oathtool);
  g_test_add_func ("/vault/totp/parse-forms", test_parse_forms);
  g_test_add_func ("/vault/totp/uri-round-trip", test_uri_round_trip);
  g_test_add_func ("/vault/totp/refused", test_refused);
  g_test_add_func ("/vault/totp/remaining", test_remaining);
  return g_test_run ();
}
