/* vault-kdbx-format.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The KDBX pieces below the XML: the payload ciphers (Nettle's AES-256-CBC
 * and ChaCha20), the HMAC block keys, the inner random stream (Salsa20 or
 * ChaCha20) and gzip (GIO's zlib converters).
 */
#include "config.h"

#include "vault-kdbx-format.h"

#include <glib/gi18n-lib.h>
#include <nettle/aes.h>
#include <nettle/cbc.h>
#include <nettle/chacha.h>
#include <nettle/hmac.h>
#include <nettle/memxor.h>
#include <nettle/salsa20.h>
#include <nettle/sha2.h>
#include <string.h>

#include "vault-error.h"

/* UUIDs in RFC 4122 byte order, as the header holds them. */
const guint8 vault_kdbx_cipher_aes128[16] = {
  0x61, 0xab, 0x05, 0xa1, 0x94, 0x64, 0x41, 0xc3, 0x8d, 0x74, 0x3a, 0x56, 0x3d, 0xf8, 0xdd, 0x35 };
const guint8 vault_kdbx_cipher_aes256[16] = {
  0x31, 0xc1, 0xf2, 0xe6, 0xbf, 0x71, 0x43, 0x50, 0xbe, 0x58, 0x05, 0x21, 0x6a, 0xfc, 0x5a, 0xff };
const guint8 vault_kdbx_cipher_chacha20[16] = {
  0xd6, 0x03, 0x8a, 0x2b, 0x8b, 0x6f, 0x4c, 0xb5, 0xa5, 0x24, 0x33, 0x9a, 0x31, 0xdb, 0xb5, 0x9a };
const guint8 vault_kdbx_cipher_twofish[16] = {
  0xad, 0x68, 0xf2, 0x9f, 0x57, 0x6f, 0x4b, 0xb9, 0xa3, 0x6a, 0xd4, 0x7a, 0xf9, 0x65, 0x34, 0x6c };
const guint8 vault_kdbx_kdf_aes_kdbx3[16] = {
  0xc9, 0xd9, 0xf3, 0x9a, 0x62, 0x8a, 0x44, 0x60, 0xbf, 0x74, 0x0d, 0x08, 0xc1, 0x8a, 0x4f, 0xea };
const guint8 vault_kdbx_kdf_aes_kdbx4[16] = {
  0x7c, 0x02, 0xbb, 0x82, 0x79, 0xa7, 0x4a, 0xc0, 0x92, 0x7d, 0x11, 0x4a, 0x00, 0x64, 0x82, 0x38 };
const guint8 vault_kdbx_kdf_argon2d[16] = {
  0xef, 0x63, 0x6d, 0xdf, 0x8c, 0x29, 0x44, 0x4b, 0x91, 0xf7, 0xa9, 0xa4, 0x03, 0xe3, 0x0a, 0x0c };
const guint8 vault_kdbx_kdf_argon2id[16] = {
  0x9e, 0x29, 0x8b, 0x19, 0x56, 0xdb, 0x47, 0x73, 0xb2, 0x3d, 0xfc, 0x3e, 0xc6, 0xf0, 0xa1, 0xe6 };

/* --- Keys ------------------------------------------------------------------ */

void
vault_kdbx_cipher_key (const guint8 master_seed[32],
                       const guint8 transformed[32],
                       guint8       out[32])
{
  struct sha256_ctx ctx;

  sha256_init (&ctx);
  sha256_update (&ctx, 32, master_seed);
  sha256_update (&ctx, 32, transformed);
  sha256_digest (&ctx, 32, out);
  vault_secure_wipe (&ctx, sizeof ctx);
}

void
vault_kdbx_hmac_key (const guint8 master_seed[32],
                     const guint8 transformed[32],
                     guint8       out[64])
{
  static const guint8 one = 0x01;
  struct sha512_ctx ctx;

  sha512_init (&ctx);
  sha512_update (&ctx, 32, master_seed);
  sha512_update (&ctx, 32, transformed);
  sha512_update (&ctx, 1, &one);
  sha512_digest (&ctx, 64, out);
  vault_secure_wipe (&ctx, sizeof ctx);
}

void
vault_kdbx_block_hmac (const guint8  hmac_key[64],
                       guint64       index,
                       const guint8 *data,
                       gsize         len,
                       gboolean      header,
                       guint8        out[32])
{
  struct sha512_ctx sha;
  struct hmac_sha256_ctx hmac;
  guint8 prefix[12];
  guint8 key[64];

  vault_kdbx_write_u64 (prefix, index);
  vault_kdbx_write_u32 (prefix + 8, (guint32) len);

  sha512_init (&sha);
  sha512_update (&sha, 8, prefix);
  sha512_update (&sha, 64, hmac_key);
  sha512_digest (&sha, 64, key);

  hmac_sha256_set_key (&hmac, sizeof key, key);
  /* The header's MAC covers the header bytes alone; a block's, its index
   * and length first. */
  if (!header)
    hmac_sha256_update (&hmac, sizeof prefix, prefix);
  hmac_sha256_update (&hmac, len, data);
  hmac_sha256_digest (&hmac, 32, out);

  vault_secure_wipe (key, sizeof key);
  vault_secure_wipe (&sha, sizeof sha);
  vault_secure_wipe (&hmac, sizeof hmac);
}

/* --- Payload ciphers ------------------------------------------------------- */

gsize
vault_kdbx_iv_size (VaultKdbxCipher cipher)
{
  return cipher == VAULT_KDBX_CIPHER_AES256 ? AES_BLOCK_SIZE : CHACHA_NONCE96_SIZE;
}

gboolean
vault_kdbx_decrypt (VaultKdbxCipher  cipher,
                    const guint8     key[32],
                    const guint8    *iv,
                    guint8          *data,
                    gsize           *len)
{
  if (cipher == VAULT_KDBX_CIPHER_AES256)
    {
      g_autoptr(VaultSecureBuf) ctx = vault_secure_buf_new (sizeof (struct aes256_ctx));
      guint8 chain[AES_BLOCK_SIZE];
      guint pad;

      if (*len == 0 || *len % AES_BLOCK_SIZE != 0)
        return FALSE;
      memcpy (chain, iv, AES_BLOCK_SIZE);
      aes256_set_decrypt_key ((struct aes256_ctx *) ctx->data, key);
      cbc_decrypt (ctx->data, (nettle_cipher_func *) aes256_decrypt, AES_BLOCK_SIZE, chain,
                   *len, data, data);

      pad = data[*len - 1];
      if (pad == 0 || pad > AES_BLOCK_SIZE)
        return FALSE;
      for (guint i = 1; i <= pad; i++)
        if (data[*len - i] != pad)
          return FALSE;
      *len -= pad;
      return TRUE;
    }
  else
    {
      g_autoptr(VaultSecureBuf) ctx = vault_secure_buf_new (sizeof (struct chacha_ctx));

      chacha_set_key ((struct chacha_ctx *) ctx->data, key);
      chacha_set_nonce96 ((struct chacha_ctx *) ctx->data, iv);
      chacha_crypt32 ((struct chacha_ctx *) ctx->data, *len, data, data);
      return TRUE;
    }
}

gsize
vault_kdbx_encrypt (VaultKdbxCipher  cipher,
                    const guint8     key[32],
                    const guint8    *iv,
                    guint8          *data,
                    gsize            len)
{
  if (cipher == VAULT_KDBX_CIPHER_AES256)
    {
      g_autoptr(VaultSecureBuf) ctx = vault_secure_buf_new (sizeof (struct aes256_ctx));
      guint8 chain[AES_BLOCK_SIZE];
      guint pad = AES_BLOCK_SIZE - len % AES_BLOCK_SIZE;

      memset (data + len, pad, pad);
      len += pad;
      memcpy (chain, iv, AES_BLOCK_SIZE);
      aes256_set_encrypt_key ((struct aes256_ctx *) ctx->data, key);
      cbc_encrypt (ctx->data, (nettle_cipher_func *) aes256_encrypt, AES_BLOCK_SIZE, chain,
                   len, data, data);
      return len;
    }
  else
    {
      g_autoptr(VaultSecureBuf) ctx = vault_secure_buf_new (sizeof (struct chacha_ctx));

      chacha_set_key ((struct chacha_ctx *) ctx->data, key);
      chacha_set_nonce96 ((struct chacha_ctx *) ctx->data, iv);
      chacha_crypt32 ((struct chacha_ctx *) ctx->data, len, data, data);
      return len;
    }
}

/* --- The inner random stream ------------------------------------------------ */

#define STREAM_BLOCK 64

struct _VaultKdbxStream
{
  VaultSecureBuf *memory;   /* holds this struct, so the keys are locked and wiped */
  guint32         algorithm;
  union {
    struct salsa20_ctx salsa20;
    struct chacha_ctx  chacha;
  } ctx;
  guint8          block[STREAM_BLOCK];
  guint           used;     /* of block */
};

VaultKdbxStream *
vault_kdbx_stream_new (guint32        algorithm,
                       const guint8  *key,
                       gsize          key_len,
                       GError       **error)
{
  static const guint8 salsa20_nonce[SALSA20_NONCE_SIZE] = {
    0xE8, 0x30, 0x09, 0x4B, 0x97, 0x20, 0x5D, 0x2A };
  VaultSecureBuf *memory;
  VaultKdbxStream *stream;

  if (algorithm != VAULT_KDBX_STREAM_SALSA20 && algorithm != VAULT_KDBX_STREAM_CHACHA20)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database hides its protected values with a method Vault does not "
                     "know (%u). Save it again in KeePassXC, then import it."), algorithm);
      return NULL;
    }
  if (key_len == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                           _("The database is damaged: the key of its protected values is "
                             "missing."));
      return NULL;
    }

  memory = vault_secure_buf_new (sizeof (VaultKdbxStream));
  stream = (VaultKdbxStream *) memory->data;
  stream->memory = memory;
  stream->algorithm = algorithm;
  stream->used = STREAM_BLOCK;

  if (algorithm == VAULT_KDBX_STREAM_SALSA20)
    {
      guint8 hash[SHA256_DIGEST_SIZE];
      struct sha256_ctx sha;

      sha256_init (&sha);
      sha256_update (&sha, key_len, key);
      sha256_digest (&sha, sizeof hash, hash);
      salsa20_256_set_key (&stream->ctx.salsa20, hash);
      salsa20_set_nonce (&stream->ctx.salsa20, salsa20_nonce);
      vault_secure_wipe (hash, sizeof hash);
    }
  else
    {
      guint8 hash[SHA512_DIGEST_SIZE];
      struct sha512_ctx sha;

      sha512_init (&sha);
      sha512_update (&sha, key_len, key);
      sha512_digest (&sha, sizeof hash, hash);
      chacha_set_key (&stream->ctx.chacha, hash);
      chacha_set_nonce96 (&stream->ctx.chacha, hash + CHACHA_KEY_SIZE);
      vault_secure_wipe (hash, sizeof hash);
    }
  return stream;
}

/* Nettle's stream ciphers drop what is left of a block between calls, so
 * the keystream is taken a whole block at a time and handed out from here. */
static void
stream_refill (VaultKdbxStream *stream)
{
  memset (stream->block, 0, STREAM_BLOCK);
  if (stream->algorithm == VAULT_KDBX_STREAM_SALSA20)
    salsa20_crypt (&stream->ctx.salsa20, STREAM_BLOCK, stream->block, stream->block);
  else
    chacha_crypt32 (&stream->ctx.chacha, STREAM_BLOCK, stream->block, stream->block);
  stream->used = 0;
}

void
vault_kdbx_stream_xor (VaultKdbxStream *stream,
                       guint8          *data,
                       gsize            len)
{
  while (len > 0)
    {
      gsize n;

      if (stream->used == STREAM_BLOCK)
        stream_refill (stream);
      n = MIN (len, (gsize) (STREAM_BLOCK - stream->used));
      memxor (data, stream->block + stream->used, n);
      stream->used += n;
      data += n;
      len -= n;
    }
}

void
vault_kdbx_stream_skip (VaultKdbxStream *stream,
                        guint64          len)
{
  while (len > 0)
    {
      guint64 n;

      if (stream->used == STREAM_BLOCK)
        stream_refill (stream);
      n = MIN (len, (guint64) (STREAM_BLOCK - stream->used));
      stream->used += n;
      len -= n;
    }
}

void
vault_kdbx_stream_free (VaultKdbxStream *stream)
{
  if (stream != NULL)
    vault_secure_buf_free (stream->memory);
}

gboolean
vault_kdbx_is_base64 (const char *text,
                      gsize       len)
{
  gsize pad = 0;

  if (len % 4 != 0)
    return FALSE;
  if (len > 0 && text[len - 1] == '=')
    pad = len > 1 && text[len - 2] == '=' ? 2 : 1;
  for (gsize i = 0; i < len - pad; i++)
    if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
      return FALSE;
  return TRUE;
}

/* --- gzip --------------------------------------------------------------------- */

#define GZIP_CHUNK (256 * 1024)

gboolean
vault_kdbx_gunzip (const guint8              *data,
                   gsize                      len,
                   VaultKdbxSink              sink,
                   gpointer                   user_data,
                   const VaultImportOptions  *options,
                   GCancellable              *cancellable,
                   GError                   **error)
{
  g_autoptr(GZlibDecompressor) converter = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(VaultSecureBuf) out = vault_secure_buf_new (GZIP_CHUNK);
  gsize done = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      GConverterResult result;
      gsize read = 0, written = 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      result = g_converter_convert (G_CONVERTER (converter), data + done, len - done,
                                    out->data, out->len, G_CONVERTER_INPUT_AT_END,
                                    &read, &written, &local_error);
      if (result == G_CONVERTER_ERROR ||
          (result != G_CONVERTER_FINISHED && read == 0 && written == 0))
        {
          /* zlib's own words may quote the data: they are not shown. */
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                                 _("The database is damaged: its compressed contents end too "
                                   "soon. The file may be truncated."));
          else
            g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                                 _("The database is damaged: its compressed contents cannot be "
                                   "unpacked."));
          return FALSE;
        }
      done += read;
      if (written > 0 && !sink (out->data, written, user_data, error))
        return FALSE;
      vault_import_report (options, done, len);
      if (result == G_CONVERTER_FINISHED)
        return TRUE;
    }
}

VaultSecureBuf *
vault_kdbx_gzip (const guint8 *data,
                 gsize         len)
{
  g_autoptr(GZlibCompressor) converter = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(VaultSecureBuf) out = vault_secure_buf_new (GZIP_CHUNK);
  g_autoptr(VaultSecureString) packed = vault_secure_string_new (len / 4 + 64);
  gsize done = 0;

  for (;;)
    {
      GConverterResult result;
      gsize read = 0, written = 0;

      result = g_converter_convert (G_CONVERTER (converter), data + done, len - done,
                                    out->data, out->len, G_CONVERTER_INPUT_AT_END,
                                    &read, &written, NULL);
      /* Compressing bytes in memory fails only when memory does. */
      if (result == G_CONVERTER_ERROR)
        g_error ("Could not compress a KDBX payload");
      done += read;
      vault_secure_string_append_len (packed, (const char *) out->data, written);
      if (result == G_CONVERTER_FINISHED)
        break;
    }
  return vault_secure_string_free_to_buf (g_steal_pointer (&packed));
}
