/* vault-totp.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time-based one-time codes: reading and writing their URIs, and the codes.
 */
#include "config.h"

#include "vault-totp.h"

#include <glib/gi18n-lib.h>

#include "vault-error.h"

struct _VaultTotp
{
  VaultSecureBuf     *secret;
  VaultTotpAlgorithm  algorithm;
  guint               digits;
  guint               period;
  gboolean            steam;
  char               *issuer;
  char               *account;
};

VaultTotp *
vault_totp_parse (const char  *text,
                  GError     **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED, "not yet");
  return NULL;
}

VaultTotp *
vault_totp_new (const guint8       *secret,
                gsize               len,
                VaultTotpAlgorithm  algorithm,
                guint               digits,
                guint               period,
                gboolean            steam)
{
  VaultTotp *totp = g_new0 (VaultTotp, 1);

  totp->secret = vault_secure_buf_new_from_data (secret, len);
  totp->algorithm = algorithm;
  totp->digits = steam ? VAULT_TOTP_STEAM_DIGITS : digits;
  totp->period = period;
  totp->steam = steam;
  totp->issuer = g_strdup ("");
  totp->account = g_strdup ("");
  return totp;
}

void
vault_totp_free (VaultTotp *totp)
{
  if (totp == NULL)
    return;
  vault_secure_buf_free (totp->secret);
  g_free (totp->issuer);
  g_free (totp->account);
  g_free (totp);
}

VaultTotpAlgorithm vault_totp_get_algorithm (const VaultTotp *totp) { return totp->algorithm; }
guint vault_totp_get_digits (const VaultTotp *totp) { return totp->digits; }
guint vault_totp_get_period (const VaultTotp *totp) { return totp->period; }
gboolean vault_totp_is_steam (const VaultTotp *totp) { return totp->steam; }
const char *vault_totp_get_issuer (const VaultTotp *totp) { return totp->issuer; }
const char *vault_totp_get_account (const VaultTotp *totp) { return totp->account; }

VaultSecureBuf *
vault_totp_to_uri (const VaultTotp *totp)
{
  return vault_secure_buf_new (0);
}

gboolean
vault_totp_generate (const VaultTotp *totp,
                     gint64           now,
                     char             code[VAULT_TOTP_CODE_SIZE],
                     GError         **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED, "not yet");
  return FALSE;
}

guint
vault_totp_get_remaining (const VaultTotp *totp,
                          gint64           now)
{
  return totp->period - (guint) (now % totp->period);
}
