/* vault-kit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Emergency Kit codes.
 *
 * A code is a kind letter (K: Secret Key, R: recovery key), the version digit
 * 1, the 256-bit key as 52 Crockford base32 digits, and two check digits: the
 * position-weighted sum of all digit values modulo the prime 1021. A single
 * wrong digit changes the sum by w·δ with 0 < w, |δ| < 1021, and two swapped
 * neighbours by their difference: neither can be 0 mod 1021, so both are
 * always caught. It is shown in groups of six: K1-XXXXXX-XXXXXX-...
 */
#include "config.h"

#include "vault-kit.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-crypto.h"
#include "vault-error.h"

#define KEY_DIGITS   52 /* ceil (256 / 5) */
#define CHECK_DIGITS 2
#define BODY_DIGITS  (2 + KEY_DIGITS + CHECK_DIGITS)
#define GROUP        6
#define CHECK_PRIME  1021

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static int
digit_value (char c)
{
  c = g_ascii_toupper (c);
  /* Crockford's rules for what people mistype. */
  if (c == 'O')
    c = '0';
  else if (c == 'I' || c == 'L')
    c = '1';

  for (int i = 0; i < 32; i++)
    if (alphabet[i] == c)
      return i;
  return -1;
}

static guint
check_value (const guint8 *digits,
             gsize         n)
{
  guint sum = 0;

  for (gsize i = 0; i < n; i++)
    sum = (sum + (guint) (i + 1) * digits[i]) % CHECK_PRIME;
  return sum;
}

static char
kind_letter (VaultKitKind kind)
{
  return kind == VAULT_KIT_SECRET_KEY ? 'K' : 'R';
}

VaultSecureBuf *
vault_kit_encode (VaultKitKind  kind,
                  const guint8 *key)
{
  g_autoptr(VaultSecureBuf) digits = vault_secure_buf_new (BODY_DIGITS);
  VaultSecureBuf *code;
  guint bits = 0, nbits = 0, check;
  gsize n = 0, out = 0;

  g_return_val_if_fail (key != NULL, NULL);

  digits->data[n++] = digit_value (kind_letter (kind));
  digits->data[n++] = 1;
  for (gsize i = 0; i < VAULT_KEY_SIZE; i++)
    {
      bits = (bits << 8) | key[i];
      nbits += 8;
      while (nbits >= 5)
        {
          digits->data[n++] = (bits >> (nbits - 5)) & 31;
          nbits -= 5;
        }
    }
  if (nbits > 0)
    digits->data[n++] = (bits << (5 - nbits)) & 31;
  g_assert (n == 2 + KEY_DIGITS);

  check = check_value (digits->data, n);
  digits->data[n++] = check / 32;
  digits->data[n++] = check % 32;

  /* "K1" then nine groups of six, each after a hyphen. */
  code = vault_secure_buf_new (2 + (BODY_DIGITS - 2) + (BODY_DIGITS - 2) / GROUP);
  for (gsize i = 0; i < BODY_DIGITS; i++)
    {
      if (i >= 2 && (i - 2) % GROUP == 0)
        code->data[out++] = '-';
      code->data[out++] = alphabet[digits->data[i]];
    }
  g_assert (out == code->len);
  bits = 0;

  return code;
}

VaultSecureBuf *
vault_kit_decode (VaultKitKind   kind,
                  const char    *code,
                  GError       **error)
{
  g_autoptr(VaultSecureBuf) digits = vault_secure_buf_new (BODY_DIGITS);
  g_autoptr(VaultSecureBuf) key = NULL;
  guint bits = 0, nbits = 0, check;
  gsize n = 0, k = 0;

  g_return_val_if_fail (code != NULL, NULL);

  for (const char *p = code; *p != '\0'; p++)
    {
      int v;

      if (*p == '-' || g_ascii_isspace (*p))
        continue;

      v = digit_value (*p);
      if (v < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE,
                       _("The code contains “%c”, which no Emergency Kit code has. "
                         "Codes use digits, letters and hyphens."),
                       g_ascii_isprint (*p) ? *p : '?');
          return NULL;
        }
      if (n == BODY_DIGITS)
        {
          n++;
          break;
        }
      digits->data[n++] = v;
    }

  if (n != BODY_DIGITS)
    {
      if (n < BODY_DIGITS)
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE,
                     _("The code is too short: it has %u characters, not counting hyphens, "
                       "and should have %u."), (guint) n, (guint) BODY_DIGITS);
      else
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE,
                     _("The code is too long: it should have %u characters, "
                       "not counting hyphens."), (guint) BODY_DIGITS);
      return NULL;
    }

  if (digits->data[0] != digit_value (kind_letter (kind)) || digits->data[1] != 1)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE,
                   kind == VAULT_KIT_SECRET_KEY
                   ? _("This is not a Secret Key: a Secret Key code starts with “K1-”.")
                   : _("This is not a recovery key: a recovery key code starts with “R1-”."));
      return NULL;
    }

  check = check_value (digits->data, 2 + KEY_DIGITS);
  if (digits->data[2 + KEY_DIGITS] != check / 32 || digits->data[3 + KEY_DIGITS] != check % 32)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE,
                           _("The code has a typing mistake. Check each group against "
                             "your Emergency Kit."));
      return NULL;
    }

  key = vault_secure_buf_new (VAULT_KEY_SIZE);
  for (gsize i = 2; i < 2 + KEY_DIGITS; i++)
    {
      bits = (bits << 5) | digits->data[i];
      nbits += 5;
      if (nbits >= 8)
        {
          if (k < VAULT_KEY_SIZE)
            key->data[k++] = (bits >> (nbits - 8)) & 0xff;
          nbits -= 8;
        }
    }
  bits = 0;

  return g_steal_pointer (&key);
}
