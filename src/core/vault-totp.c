/* vault-totp.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time-based one-time codes: reading and writing their URIs (GLib's GUri),
 * base32 and the codes themselves (liboath), and Steam Guard's variant
 * (Nettle's HMAC-SHA1 with RFC 4226's truncation, in Steam's alphabet).
 *
 * GUri and liboath copy what they parse into ordinary heap memory; the
 * copies this file owns are wiped, and the app wipes every block it frees
 * (vault-heap-wipe.c), so a secret outlives no call here.
 */
#include "config.h"

#include "vault-totp.h"

#include <glib/gi18n-lib.h>
#include <liboath/oath.h>
#include <nettle/hmac.h>
#include <string.h>

#include "vault-error.h"
#include "vault-secure-arena.h"

/* Key URI parameters other than the secret are short; a longer one is not
 * one of them. */
#define MAX_LABEL  1024

static const char steam_alphabet[] = "23456789BCDFGHJKMNPQRTVWXY";

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

static void
ensure_oath (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* Once, before liboath's other calls. A crypto back end that does not
       * start shows as an error from oath_totp_generate2. */
      oath_init ();
      g_once_init_leave (&done, 1);
    }
}

VaultTotp *
vault_totp_new (const guint8       *secret,
                gsize               len,
                VaultTotpAlgorithm  algorithm,
                guint               digits,
                guint               period,
                gboolean            steam)
{
  VaultTotp *totp;

  g_return_val_if_fail (secret != NULL && len > 0 && len <= VAULT_TOTP_MAX_SECRET, NULL);
  g_return_val_if_fail (algorithm <= VAULT_TOTP_SHA512, NULL);
  g_return_val_if_fail (steam || (digits >= VAULT_TOTP_MIN_DIGITS &&
                                  digits <= VAULT_TOTP_MAX_DIGITS), NULL);
  g_return_val_if_fail (period >= VAULT_TOTP_MIN_PERIOD && period <= VAULT_TOTP_MAX_PERIOD,
                        NULL);

  totp = g_new0 (VaultTotp, 1);
  totp->secret = vault_secure_buf_new_from_data (secret, len);
  totp->algorithm = steam ? VAULT_TOTP_SHA1 : algorithm;
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

/* --- Reading --------------------------------------------------------------------- */

static gboolean
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT, message);
  return FALSE;
}

/* A base32 secret as people copy it (spaces, dashes, lower case, padding)
 * decoded into secure memory. */
static VaultSecureBuf *
decode_secret (const char  *text,
               gsize        len,
               GError     **error)
{
  g_autoptr(VaultSecureBuf) clean = vault_secure_buf_new (len);
  char *decoded = NULL;
  size_t decoded_len = 0;
  gsize n = 0;
  VaultSecureBuf *secret = NULL;
  int rc;

  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_toupper (text[i]);

      if (c == ' ' || c == '-' || c == '\t')
        continue;
      if (c == '=')
        {
          /* Padding only at the end. */
          for (gsize j = i; j < len; j++)
            if (text[j] != '=')
              {
                fail (error, _("The one-time code secret is not valid base32: "
                               "only letters A to Z and digits 2 to 7."));
                return NULL;
              }
          break;
        }
      if (!((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')))
        {
          fail (error, _("The one-time code secret is not valid base32: "
                         "only letters A to Z and digits 2 to 7."));
          return NULL;
        }
      clean->data[n++] = (guint8) c;
    }
  if (n == 0)
    {
      fail (error, _("The one-time code secret is empty."));
      return NULL;
    }
  if (n * 5 / 8 > VAULT_TOTP_MAX_SECRET)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The one-time code secret is longer than %d bytes, more than Vault "
                     "keeps."), VAULT_TOTP_MAX_SECRET);
      return NULL;
    }

  ensure_oath ();
  rc = oath_base32_decode ((const char *) clean->data, n, &decoded, &decoded_len);
  if (rc == OATH_OK && decoded_len > 0)
    secret = vault_secure_buf_new_from_data (decoded, decoded_len);
  if (decoded != NULL)
    {
      vault_secure_wipe (decoded, decoded_len);
      free (decoded);
    }
  if (secret == NULL)
    fail (error, _("The one-time code secret is not valid base32: its length does not "
                   "make whole bytes."));
  return secret;
}

static gboolean
parse_number (const char  *text,
              guint        min,
              guint        max,
              guint       *out)
{
  guint64 value;

  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, min, max, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

static gboolean
parse_algorithm (const char          *text,
                 VaultTotpAlgorithm  *out)
{
  if (text == NULL)
    return TRUE;
  if (g_ascii_strcasecmp (text, "SHA1") == 0)
    *out = VAULT_TOTP_SHA1;
  else if (g_ascii_strcasecmp (text, "SHA256") == 0)
    *out = VAULT_TOTP_SHA256;
  else if (g_ascii_strcasecmp (text, "SHA512") == 0)
    *out = VAULT_TOTP_SHA512;
  else
    return FALSE;
  return TRUE;
}

static void
wipe_string (char *text)
{
  if (text != NULL)
    vault_secure_wipe (text, strlen (text));
}

static void
wipe_params (GHashTable *params)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    wipe_string (value);
}

static void
wipe_params_unref (GHashTable *params)
{
  wipe_params (params);
  g_hash_table_unref (params);
}

/* Parameters whose values are wiped before they are freed. */
typedef GHashTable WipedParams;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WipedParams, wipe_params_unref)

/* "otpauth://totp/Issuer:account?secret=…&…", the Key URI format. */
static VaultTotp *
parse_otpauth (const char  *text,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(WipedParams) params = NULL;
  g_autoptr(VaultSecureBuf) secret = NULL;
  g_autofree char *label = NULL;
  const char *host, *path, *query, *value, *colon;
  VaultTotpAlgorithm algorithm = VAULT_TOTP_SHA1;
  guint digits = 6, period = VAULT_TOTP_DEFAULT_PERIOD;
  gboolean steam = FALSE;
  VaultTotp *totp;

  /* The path stays encoded: GUri would remove "/../" from a decoded one,
   * which an escaped "%2F" in the label may make. */
  uri = g_uri_parse (text, G_URI_FLAGS_ENCODED_QUERY | G_URI_FLAGS_ENCODED_PATH |
                     G_URI_FLAGS_NON_DNS, NULL);
  if (uri == NULL)
    {
      fail (error, _("The one-time code link is not a valid otpauth:// address."));
      return NULL;
    }
  query = g_uri_get_query (uri);
  host = g_uri_get_host (uri);
  if (host != NULL && g_ascii_strcasecmp (host, "hotp") == 0)
    {
      wipe_string ((char *) query);
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("This is a counter-based code (HOTP); Vault keeps only "
                             "time-based one-time codes (TOTP)."));
      return NULL;
    }
  if (host == NULL || g_ascii_strcasecmp (host, "totp") != 0 || query == NULL)
    {
      wipe_string ((char *) query);
      fail (error, _("The one-time code link is not a valid otpauth://totp/ address."));
      return NULL;
    }

  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_CASE_INSENSITIVE, NULL);
  /* GUri's own copy of the query holds the secret. */
  wipe_string ((char *) query);
  if (params == NULL)
    {
      fail (error, _("The one-time code link is not a valid otpauth:// address."));
      return NULL;
    }

  value = g_hash_table_lookup (params, "secret");
  if (value == NULL)
    {
      fail (error, _("The one-time code link has no secret."));
      return NULL;
    }
  if ((secret = decode_secret (value, strlen (value), error)) == NULL)
    return NULL;

  value = g_hash_table_lookup (params, "encoder");
  steam = value != NULL && g_ascii_strcasecmp (value, "steam") == 0;
  if (value != NULL && !steam)
    {
      fail (error, _("The one-time code link asks for an encoder Vault does not know."));
      return NULL;
    }
  if (!parse_algorithm (g_hash_table_lookup (params, "algorithm"), &algorithm))
    {
      fail (error, _("The one-time code link asks for an algorithm other than SHA1, SHA256 "
                     "or SHA512."));
      return NULL;
    }
  /* Steam's codes are five characters whatever digits says. */
  if (!steam && !parse_number (g_hash_table_lookup (params, "digits"), VAULT_TOTP_MIN_DIGITS,
                               VAULT_TOTP_MAX_DIGITS, &digits))
    {
      fail (error, _("A one-time code has 6 to 8 digits."));
      return NULL;
    }
  if (!parse_number (g_hash_table_lookup (params, "period"), VAULT_TOTP_MIN_PERIOD,
                     VAULT_TOTP_MAX_PERIOD, &period))
    {
      fail (error, _("A one-time code’s period is 1 second to 1 day."));
      return NULL;
    }

  totp = vault_totp_new (secret->data, secret->len, algorithm, digits, period, steam);

  /* The label is "Issuer:account" or "account". An issuer parameter wins,
   * and then only its own prefix is taken off the label. */
  path = g_uri_get_path (uri);
  label = g_uri_unescape_string (path[0] == '/' ? path + 1 : path, NULL);
  value = g_hash_table_lookup (params, "issuer");
  if (value != NULL && *value == '\0')
    value = NULL;
  if (label == NULL || strlen (label) > MAX_LABEL || (value != NULL && strlen (value) > MAX_LABEL) ||
      !g_utf8_validate (label, -1, NULL) || (value != NULL && !g_utf8_validate (value, -1, NULL)))
    {
      vault_totp_free (totp);
      fail (error, _("The one-time code link’s name is too long or not valid text."));
      return NULL;
    }
  g_free (totp->issuer);
  g_free (totp->account);
  colon = strchr (label, ':');
  if (value != NULL)
    {
      gsize len = strlen (value);

      totp->issuer = g_strdup (value);
      if (strncmp (label, value, len) == 0 && label[len] == ':')
        totp->account = g_strdup (label + len + 1);
      else
        totp->account = g_strdup (label);
    }
  else if (colon != NULL)
    {
      totp->issuer = g_strndup (label, colon - label);
      totp->account = g_strdup (colon + 1);
    }
  else
    {
      totp->issuer = g_strdup ("");
      totp->account = g_strdup (label);
    }
  g_strstrip (totp->account);
  return totp;
}

VaultTotp *
vault_totp_parse (const char  *text,
                  GError     **error)
{
  g_autoptr(VaultSecureBuf) secret = NULL;
  gsize len;
  VaultTotp *totp;

  g_return_val_if_fail (text != NULL, NULL);

  len = strnlen (text, VAULT_TOTP_MAX_TEXT + 1);
  if (len > VAULT_TOTP_MAX_TEXT)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The one-time code secret is longer than %d characters, more than Vault "
                     "keeps."), VAULT_TOTP_MAX_TEXT);
      return NULL;
    }
  if (!g_utf8_validate (text, len, NULL))
    {
      fail (error, _("The one-time code secret is not valid text."));
      return NULL;
    }
  while (len > 0 && g_ascii_isspace (*text))
    text++, len--;
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;

  if (len >= 10 && g_ascii_strncasecmp (text, "otpauth://", 10) == 0)
    {
      g_autoptr(VaultSecureBuf) copy = vault_secure_buf_new_from_data (text, len);

      return parse_otpauth (vault_secure_buf_get_string (copy), error);
    }
  if (len >= 8 && g_ascii_strncasecmp (text, "steam://", 8) == 0)
    {
      secret = decode_secret (text + 8, len - 8, error);
      return secret != NULL ? vault_totp_new (secret->data, secret->len, VAULT_TOTP_SHA1,
                                              VAULT_TOTP_STEAM_DIGITS,
                                              VAULT_TOTP_DEFAULT_PERIOD, TRUE)
                            : NULL;
    }
  if (memchr (text, ':', len) != NULL)
    {
      fail (error, _("Vault reads one-time codes from otpauth:// or steam:// links, or a "
                     "base32 secret."));
      return NULL;
    }

  secret = decode_secret (text, len, error);
  if (secret == NULL)
    return NULL;
  totp = vault_totp_new (secret->data, secret->len, VAULT_TOTP_SHA1, 6,
                         VAULT_TOTP_DEFAULT_PERIOD, FALSE);
  return totp;
}

/* --- Settings ---------------------------------------------------------------------- */

VaultTotpAlgorithm
vault_totp_get_algorithm (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, VAULT_TOTP_SHA1);
  return totp->algorithm;
}

guint
vault_totp_get_digits (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, 0);
  return totp->digits;
}

guint
vault_totp_get_period (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, VAULT_TOTP_DEFAULT_PERIOD);
  return totp->period;
}

gboolean
vault_totp_is_steam (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, FALSE);
  return totp->steam;
}

const char *
vault_totp_get_issuer (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, NULL);
  return totp->issuer;
}

const char *
vault_totp_get_account (const VaultTotp *totp)
{
  g_return_val_if_fail (totp != NULL, NULL);
  return totp->account;
}

/* --- Writing ----------------------------------------------------------------------- */

static const char *
algorithm_name (VaultTotpAlgorithm algorithm)
{
  switch (algorithm)
    {
    case VAULT_TOTP_SHA256:
      return "SHA256";
    case VAULT_TOTP_SHA512:
      return "SHA512";
    case VAULT_TOTP_SHA1:
    default:
      return "SHA1";
    }
}

VaultSecureBuf *
vault_totp_to_uri (const VaultTotp *totp)
{
  g_autoptr(VaultSecureString) uri = NULL;
  g_autofree char *issuer = NULL;
  g_autofree char *account = NULL;
  g_autofree char *issuer_param = NULL;
  g_autofree char *tail = NULL;
  char *encoded = NULL;
  size_t encoded_len = 0;

  g_return_val_if_fail (totp != NULL, NULL);

  ensure_oath ();
  if (oath_base32_encode ((const char *) totp->secret->data, totp->secret->len,
                          &encoded, &encoded_len) != OATH_OK)
    g_error ("Could not write a one-time code secret in base32");

  issuer = g_uri_escape_string (totp->issuer, NULL, FALSE);
  account = g_uri_escape_string (totp->account, "@", FALSE);
  uri = vault_secure_string_new (128 + encoded_len + 2 * strlen (issuer) + strlen (account));
  vault_secure_string_append (uri, "otpauth://totp/");
  /* An account with a colon and no issuer gets an empty prefix, so that
   * the colon is not read as the issuer's end. */
  if (*totp->issuer != '\0' || strchr (totp->account, ':') != NULL)
    {
      vault_secure_string_append (uri, issuer);
      vault_secure_string_append_c (uri, ':');
    }
  /* A label of "." or ".." alone would be a dot segment of the path. */
  if (*totp->issuer == '\0' && (strcmp (account, ".") == 0 || strcmp (account, "..") == 0))
    vault_secure_string_append (uri, account[1] != '\0' ? "%2E%2E" : "%2E");
  else
    vault_secure_string_append (uri, account);
  vault_secure_string_append (uri, "?secret=");
  /* Without base32's padding, as the Key URI format writes it. */
  while (encoded_len > 0 && encoded[encoded_len - 1] == '=')
    encoded_len--;
  vault_secure_string_append_len (uri, encoded, encoded_len);
  vault_secure_wipe (encoded, encoded_len);
  free (encoded);

  if (*totp->issuer != '\0')
    issuer_param = g_strconcat ("&issuer=", issuer, NULL);
  tail = g_strdup_printf ("%s&algorithm=%s&digits=%u&period=%u%s",
                          issuer_param != NULL ? issuer_param : "",
                          algorithm_name (totp->algorithm), totp->digits, totp->period,
                          totp->steam ? "&encoder=steam" : "");
  vault_secure_string_append (uri, tail);
  return vault_secure_string_free_to_buf (g_steal_pointer (&uri));
}

/* --- Codes ------------------------------------------------------------------------- */

/* RFC 4226's dynamic truncation of HMAC-SHA1 (time step), in Steam's
 * alphabet of 26 characters, least significant first. */
static void
steam_code (const VaultTotp *totp,
            guint64          step,
            char             code[VAULT_TOTP_CODE_SIZE])
{
  struct hmac_sha1_ctx ctx;
  guint8 counter[8], digest[SHA1_DIGEST_SIZE];
  guint32 value;
  guint offset;

  for (int i = 7; i >= 0; i--, step >>= 8)
    counter[i] = (guint8) (step & 0xff);
  hmac_sha1_set_key (&ctx, totp->secret->len, totp->secret->data);
  hmac_sha1_update (&ctx, sizeof counter, counter);
  hmac_sha1_digest (&ctx, sizeof digest, digest);

  offset = digest[SHA1_DIGEST_SIZE - 1] & 0x0f;
  value = ((guint32) (digest[offset] & 0x7f) << 24) | ((guint32) digest[offset + 1] << 16) |
          ((guint32) digest[offset + 2] << 8) | digest[offset + 3];
  for (guint i = 0; i < VAULT_TOTP_STEAM_DIGITS; i++)
    {
      code[i] = steam_alphabet[value % (sizeof steam_alphabet - 1)];
      value /= sizeof steam_alphabet - 1;
    }
  code[VAULT_TOTP_STEAM_DIGITS] = '\0';

  vault_secure_wipe (&ctx, sizeof ctx);
  vault_secure_wipe (digest, sizeof digest);
}

gboolean
vault_totp_generate (const VaultTotp *totp,
                     gint64           now,
                     char             code[VAULT_TOTP_CODE_SIZE],
                     GError         **error)
{
  int flags = 0;
  int rc;

  g_return_val_if_fail (totp != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  memset (code, 0, VAULT_TOTP_CODE_SIZE);
  if (now < 0)
    return fail (error, _("A one-time code needs a time after 1970."));

  if (totp->steam)
    {
      steam_code (totp, (guint64) now / totp->period, code);
      return TRUE;
    }

  if (totp->algorithm == VAULT_TOTP_SHA256)
    flags = OATH_TOTP_HMAC_SHA256;
  else if (totp->algorithm == VAULT_TOTP_SHA512)
    flags = OATH_TOTP_HMAC_SHA512;
  ensure_oath ();
  rc = oath_totp_generate2 ((const char *) totp->secret->data, totp->secret->len, (time_t) now,
                            totp->period, OATH_TOTP_DEFAULT_START_TIME, totp->digits, flags,
                            code);
  if (rc != OATH_OK)
    {
      memset (code, 0, VAULT_TOTP_CODE_SIZE);
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_FAILED,
                   _("Could not make the one-time code: %s"), oath_strerror (rc));
      return FALSE;
    }
  return TRUE;
}

guint
vault_totp_get_remaining (const VaultTotp *totp,
                          gint64           now)
{
  g_return_val_if_fail (totp != NULL, 0);

  if (now < 0)
    return totp->period;
  return totp->period - (guint) (now % totp->period);
}
