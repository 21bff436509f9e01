/* fuzz-otpauth.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the one-time code reader: any text is refused or
 * read; what is read makes a code, writes back to a URI that reads to the
 * same settings and the same code.
 */
#include <string.h>

#include "fuzz-util.h"
#include "vault-totp.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(VaultTotp) totp = vault_totp_parse (text, NULL);
  g_autoptr(VaultTotp) again = NULL;
  g_autoptr(VaultSecureBuf) uri = NULL;
  g_autoptr(GError) error = NULL;
  char first[VAULT_TOTP_CODE_SIZE], second[VAULT_TOTP_CODE_SIZE];
  /* A time from the input's length: 0, the RFC's far future, and between. */
  gint64 now = (gint64) size * 123456789;
  guint remaining;

  if (totp == NULL)
    return 0;

  g_assert_true (vault_totp_generate (totp, now, first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (first), ==, vault_totp_get_digits (totp));
  remaining = vault_totp_get_remaining (totp, now);
  g_assert_cmpuint (remaining, >=, 1);
  g_assert_cmpuint (remaining, <=, vault_totp_get_period (totp));

  uri = vault_totp_to_uri (totp);
  again = vault_totp_parse (vault_secure_buf_get_string (uri), &error);
  g_assert_no_error (error);
  g_assert_nonnull (again);
  g_assert_true (vault_totp_generate (again, now, second, NULL));
  g_assert_cmpstr (first, ==, second);
  g_assert_cmpint (vault_totp_get_algorithm (totp), ==, vault_totp_get_algorithm (again));
  g_assert_cmpuint (vault_totp_get_digits (totp), ==, vault_totp_get_digits (again));
  g_assert_cmpuint (vault_totp_get_period (totp), ==, vault_totp_get_period (again));
  g_assert_cmpint (vault_totp_is_steam (totp), ==, vault_totp_is_steam (again));
  g_assert_cmpstr (vault_totp_get_issuer (totp), ==, vault_totp_get_issuer (again));
  g_assert_cmpstr (vault_totp_get_account (totp), ==, vault_totp_get_account (again));
  return 0;
}
