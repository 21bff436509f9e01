/* vault-totp.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time-based one-time codes (RFC 6238): a secret and its settings read from
 * an otpauth:// URI, a steam:// URI or a bare base32 secret, written back as
 * an otpauth:// URI, and the code for a moment in time.
 */
#pragma once

#include <glib.h>

#include "vault-secure.h"

G_BEGIN_DECLS

/* Bounds on what is read, checked before anything is decoded. */
#define VAULT_TOTP_MAX_TEXT        4096  /* a whole URI or secret, in bytes */
#define VAULT_TOTP_MAX_SECRET      256   /* decoded secret, in bytes */
#define VAULT_TOTP_MIN_DIGITS      6
#define VAULT_TOTP_MAX_DIGITS      8
#define VAULT_TOTP_STEAM_DIGITS    5
#define VAULT_TOTP_MIN_PERIOD      1
#define VAULT_TOTP_MAX_PERIOD      86400
#define VAULT_TOTP_DEFAULT_PERIOD  30
/* A code's length and its NUL. */
#define VAULT_TOTP_CODE_SIZE       (VAULT_TOTP_MAX_DIGITS + 1)

typedef enum {
  VAULT_TOTP_SHA1,
  VAULT_TOTP_SHA256,
  VAULT_TOTP_SHA512,
} VaultTotpAlgorithm;

/* A secret (in secure memory) with its settings. */
typedef struct _VaultTotp VaultTotp;

/* Reads "otpauth://totp/LABEL?secret=…&issuer=…&algorithm=…&digits=…
 * &period=…" (encoder=steam for Steam Guard), "steam://SECRET", or a bare
 * base32 secret (spaces, dashes and lower case allowed). A counter-based
 * otpauth://hotp/ URI is refused with VAULT_ERROR_UNSUPPORTED; anything
 * else that does not read with VAULT_ERROR_INVALID_ARGUMENT. Messages never
 * hold the secret. */
VaultTotp          *vault_totp_parse          (const char          *text,
                                               GError             **error);
/* A secret of len bytes with its settings; digits is ignored for Steam. */
VaultTotp          *vault_totp_new            (const guint8        *secret,
                                               gsize                len,
                                               VaultTotpAlgorithm   algorithm,
                                               guint                digits,
                                               guint                period,
                                               gboolean             steam);
void                vault_totp_free           (VaultTotp           *totp);

VaultTotpAlgorithm  vault_totp_get_algorithm  (const VaultTotp     *totp);
/* 6 to 8, or 5 for Steam. */
guint               vault_totp_get_digits     (const VaultTotp     *totp);
/* Seconds, VAULT_TOTP_MIN_PERIOD to VAULT_TOTP_MAX_PERIOD. */
guint               vault_totp_get_period     (const VaultTotp     *totp);
gboolean            vault_totp_is_steam       (const VaultTotp     *totp);
/* The URI's issuer and account name, "" when it names none. */
const char         *vault_totp_get_issuer     (const VaultTotp     *totp);
const char         *vault_totp_get_account    (const VaultTotp     *totp);

/* The otpauth:// URI of a secret and its settings, in secure memory:
 * "otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=…&algorithm=…
 * &digits=…&period=…", with "&encoder=steam" for Steam. */
VaultSecureBuf     *vault_totp_to_uri         (const VaultTotp     *totp);

/* The code at now (Unix seconds) into code, NUL-terminated; now before
 * 1970 is refused. */
gboolean            vault_totp_generate       (const VaultTotp     *totp,
                                               gint64               now,
                                               char                 code[VAULT_TOTP_CODE_SIZE],
                                               GError             **error);
/* Seconds left until the code of now changes, 1 to the period. */
guint               vault_totp_get_remaining  (const VaultTotp     *totp,
                                               gint64               now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultTotp, vault_totp_free)

G_END_DECLS
