/* vault-crypto.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nettle behind the engine's crypto service.
 */
#include "vault-crypto.h"

#include <string.h>
#include <nettle/gcm.h>
#include <nettle/hkdf.h>
#include <nettle/hmac.h>
#include <nettle/memops.h>
#include <nettle/pbkdf2.h>
#include <nettle/sha2.h>

void
vault_pbkdf2_sha256 (const guint8 *password,
                     gsize         password_len,
                     const guint8 *salt,
                     gsize         salt_len,
                     guint         iterations,
                     guint8       *out,
                     gsize         out_len)
{
  g_return_if_fail (iterations > 0);

  pbkdf2_hmac_sha256 (password_len, password, iterations, salt_len, salt, out_len, out);
}

void
vault_hkdf_sha256 (const guint8 *ikm,
                   gsize         ikm_len,
                   const guint8 *salt,
                   gsize         salt_len,
                   const guint8 *info,
                   gsize         info_len,
                   guint8       *out,
                   gsize         out_len)
{
  struct hmac_sha256_ctx ctx;
  guint8 prk[SHA256_DIGEST_SIZE];
  static const guint8 zero_salt[SHA256_DIGEST_SIZE] = { 0 };

  g_return_if_fail (out_len <= 255 * SHA256_DIGEST_SIZE);

  /* RFC 5869: no salt means a string of HashLen zeros. */
  if (salt_len == 0)
    {
      salt = zero_salt;
      salt_len = sizeof zero_salt;
    }

  hmac_sha256_set_key (&ctx, salt_len, salt);
  hkdf_extract (&ctx, (nettle_hash_update_func *) hmac_sha256_update,
                (nettle_hash_digest_func *) hmac_sha256_digest,
                SHA256_DIGEST_SIZE, ikm_len, ikm, prk);

  hmac_sha256_set_key (&ctx, sizeof prk, prk);
  hkdf_expand (&ctx, (nettle_hash_update_func *) hmac_sha256_update,
               (nettle_hash_digest_func *) hmac_sha256_digest,
               SHA256_DIGEST_SIZE, info_len, info, out_len, out);

  vault_secure_wipe (prk, sizeof prk);
  vault_secure_wipe (&ctx, sizeof ctx);
}

void
vault_sha256 (gconstpointer data,
              gsize         len,
              guint8        out[32])
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  sha256_update (&ctx, len, data);
  sha256_digest (&ctx, SHA256_DIGEST_SIZE, out);
}

void
vault_hmac_sha256 (const guint8 *key,
                   gsize         key_len,
                   gconstpointer data,
                   gsize         len,
                   guint8        out[32])
{
  struct hmac_sha256_ctx ctx;

  hmac_sha256_set_key (&ctx, key_len, key);
  hmac_sha256_update (&ctx, len, data);
  hmac_sha256_digest (&ctx, SHA256_DIGEST_SIZE, out);
  vault_secure_wipe (&ctx, sizeof ctx);
}

gboolean
vault_memeq_secure (gconstpointer a,
                    gconstpointer b,
                    gsize         len)
{
  return memeql_sec (a, b, len) != 0;
}

void
vault_aes_gcm_encrypt (const guint8 *key,
                       const guint8 *nonce,
                       gsize         nonce_len,
                       const guint8 *aad,
                       gsize         aad_len,
                       const guint8 *plain,
                       gsize         len,
                       guint8       *cipher,
                       guint8        tag[VAULT_TAG_SIZE])
{
  struct gcm_aes256_ctx ctx;

  gcm_aes256_set_key (&ctx, key);
  gcm_aes256_set_iv (&ctx, nonce_len, nonce);
  if (aad_len > 0)
    gcm_aes256_update (&ctx, aad_len, aad);
  gcm_aes256_encrypt (&ctx, len, cipher, plain);
  gcm_aes256_digest (&ctx, VAULT_TAG_SIZE, tag);
  vault_secure_wipe (&ctx, sizeof ctx);
}

gboolean
vault_aes_gcm_decrypt (const guint8 *key,
                       const guint8 *nonce,
                       gsize         nonce_len,
                       const guint8 *aad,
                       gsize         aad_len,
                       const guint8 *cipher,
                       gsize         len,
                       const guint8  tag[VAULT_TAG_SIZE],
                       guint8       *plain)
{
  struct gcm_aes256_ctx ctx;
  guint8 computed[VAULT_TAG_SIZE];
  gboolean ok;

  gcm_aes256_set_key (&ctx, key);
  gcm_aes256_set_iv (&ctx, nonce_len, nonce);
  if (aad_len > 0)
    gcm_aes256_update (&ctx, aad_len, aad);
  gcm_aes256_decrypt (&ctx, len, plain, cipher);
  gcm_aes256_digest (&ctx, VAULT_TAG_SIZE, computed);
  vault_secure_wipe (&ctx, sizeof ctx);

  ok = memeql_sec (computed, tag, VAULT_TAG_SIZE);
  if (!ok)
    vault_secure_wipe (plain, len);
  return ok;
}

GBytes *
vault_seal (const guint8  *key,
            gconstpointer  plain,
            gsize          len,
            gconstpointer  aad,
            gsize          aad_len)
{
  guint8 nonce[VAULT_NONCE_SIZE];

  vault_random_bytes (nonce, VAULT_NONCE_SIZE);
  return vault_seal_with_nonce (key, nonce, plain, len, aad, aad_len);
}

GBytes *
vault_seal_with_nonce (const guint8  *key,
                       const guint8  *nonce,
                       gconstpointer  plain,
                       gsize          len,
                       gconstpointer  aad,
                       gsize          aad_len)
{
  guint8 *out = g_malloc (len + VAULT_SEAL_OVERHEAD);

  memcpy (out, nonce, VAULT_NONCE_SIZE);
  vault_aes_gcm_encrypt (key, out, VAULT_NONCE_SIZE, aad, aad_len, plain, len,
                         out + VAULT_NONCE_SIZE, out + VAULT_NONCE_SIZE + len);
  return g_bytes_new_take (out, len + VAULT_SEAL_OVERHEAD);
}

VaultSecureBuf *
vault_open (const guint8  *key,
            gconstpointer  sealed,
            gsize          sealed_len,
            gconstpointer  aad,
            gsize          aad_len)
{
  const guint8 *s = sealed;
  g_autoptr(VaultSecureBuf) plain = NULL;
  gsize len;

  if (sealed_len < VAULT_SEAL_OVERHEAD)
    return NULL;

  len = sealed_len - VAULT_SEAL_OVERHEAD;
  plain = vault_secure_buf_new (len);
  if (!vault_aes_gcm_decrypt (key, s, VAULT_NONCE_SIZE, aad, aad_len,
                              s + VAULT_NONCE_SIZE, len, s + VAULT_NONCE_SIZE + len,
                              plain->data))
    return NULL;

  return g_steal_pointer (&plain);
}

gboolean
vault_open_in_place (const guint8  *key,
                     guint8        *sealed,
                     gsize          sealed_len,
                     gconstpointer  aad,
                     gsize          aad_len)
{
  gsize len;

  if (sealed_len < VAULT_SEAL_OVERHEAD)
    return FALSE;
  len = sealed_len - VAULT_SEAL_OVERHEAD;
  /* Nettle's GCM decrypts in place (CTR mode over the same buffer). */
  return vault_aes_gcm_decrypt (key, sealed, VAULT_NONCE_SIZE, aad, aad_len,
                                sealed + VAULT_NONCE_SIZE, len,
                                sealed + VAULT_NONCE_SIZE + len,
                                sealed + VAULT_NONCE_SIZE);
}

struct _VaultSealStream
{
  struct gcm_aes256_ctx ctx;
};

VaultSealStream *
vault_seal_stream_new (const guint8  *key,
                       gconstpointer  aad,
                       gsize          aad_len,
                       guint8         nonce[VAULT_NONCE_SIZE])
{
  VaultSealStream *stream = g_new0 (VaultSealStream, 1);

  vault_random_bytes (nonce, VAULT_NONCE_SIZE);
  gcm_aes256_set_key (&stream->ctx, key);
  gcm_aes256_set_iv (&stream->ctx, VAULT_NONCE_SIZE, nonce);
  if (aad_len > 0)
    gcm_aes256_update (&stream->ctx, aad_len, aad);
  return stream;
}

void
vault_seal_stream_encrypt (VaultSealStream *stream,
                           guint8          *data,
                           gsize            len)
{
  gcm_aes256_encrypt (&stream->ctx, len, data, data);
}

void
vault_seal_stream_finish (VaultSealStream *stream,
                          guint8           tag[VAULT_TAG_SIZE])
{
  gcm_aes256_digest (&stream->ctx, VAULT_TAG_SIZE, tag);
}

void
vault_seal_stream_free (VaultSealStream *stream)
{
  if (stream == NULL)
    return;
  vault_secure_wipe (stream, sizeof *stream);
  g_free (stream);
}
