/* vault-kdbx-read.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KeePass databases (KDBX 3.1 and 4) read into entries: the outer header,
 * the key, then the payload checked (HMAC blocks or hashed blocks),
 * decrypted and unpacked into vault-kdbx-xml.c, in the order KeePassXC
 * reads them so that a wrong key and a damaged file are told apart alike.
 */
#include "config.h"

#include "vault-kdbx-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-crypto.h"
#include "vault-error.h"

typedef struct {
  guint               major;
  guint               minor;
  gsize               len;            /* of the header, up to its end field */
  gboolean            have_cipher;
  VaultKdbxCipher     cipher;
  gboolean            compressed;
  const guint8       *master_seed;
  const guint8       *iv;
  gsize               iv_len;
  gboolean            have_kdf;
  VaultKdbxKdf        kdf;
  /* KDBX 3 */
  const guint8       *transform_seed;
  gboolean            have_rounds;
  guint64             rounds;
  const guint8       *stream_key;
  gsize               stream_key_len;
  const guint8       *start_bytes;
  guint32             stream_id;
} Header;

gboolean
vault_kdbx_detect (const guint8 *data,
                   gsize         len)
{
  guint32 sig2;

  if (len < 8 || vault_kdbx_read_u32 (data) != VAULT_KDBX_SIG1)
    return FALSE;
  sig2 = vault_kdbx_read_u32 (data + 4);
  return sig2 == VAULT_KDBX_SIG2 || sig2 == VAULT_KDBX_SIG2_PRERELEASE || sig2 == VAULT_KDB_SIG2;
}

static gboolean
damaged (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED, message);
  return FALSE;
}

static gboolean
truncated (GError **error)
{
  return damaged (error, _("The database is damaged: it ends too soon. The file may be "
                           "truncated."));
}

static gboolean
bad_field (GError **error,
           guint    id)
{
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
               _("The database is damaged: field %u of its header is not valid."), id);
  return FALSE;
}

static gboolean
wrong_key (GError **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                       _("The password or key file is wrong."));
  return FALSE;
}

static gboolean
set_cipher (Header        *h,
            const guint8  *uuid,
            gsize          len,
            GError       **error)
{
  if (len != 16)
    return bad_field (error, VAULT_KDBX_HEADER_CIPHER_ID);
  if (memcmp (uuid, vault_kdbx_cipher_aes256, 16) == 0)
    h->cipher = VAULT_KDBX_CIPHER_AES256;
  else if (memcmp (uuid, vault_kdbx_cipher_chacha20, 16) == 0)
    h->cipher = VAULT_KDBX_CIPHER_CHACHA20;
  else if (memcmp (uuid, vault_kdbx_cipher_twofish, 16) == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("The database is encrypted with Twofish, which Vault does not "
                             "read. Change the cipher in KeePassXC under Database Settings > "
                             "Security (AES-256 or ChaCha20), save, then import it."));
      return FALSE;
    }
  else
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("The database is encrypted with a cipher Vault does not know. "
                             "Change the cipher in KeePassXC under Database Settings > "
                             "Security (AES-256 or ChaCha20), save, then import it."));
      return FALSE;
    }
  h->have_cipher = TRUE;
  return TRUE;
}

static gboolean
read_field (Header        *h,
            guint          id,
            const guint8  *value,
            gsize          len,
            GError       **error)
{
  gboolean kdbx4 = h->major >= 4;

  switch (id)
    {
    case VAULT_KDBX_HEADER_CIPHER_ID:
      return set_cipher (h, value, len, error);
    case VAULT_KDBX_HEADER_COMPRESSION:
      if (len != 4)
        return bad_field (error, id);
      if (vault_kdbx_read_u32 (value) > 1)
        {
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                               _("The database is compressed in a way Vault does not know."));
          return FALSE;
        }
      h->compressed = vault_kdbx_read_u32 (value) == 1;
      return TRUE;
    case VAULT_KDBX_HEADER_MASTER_SEED:
      if (len != 32)
        return bad_field (error, id);
      h->master_seed = value;
      return TRUE;
    case VAULT_KDBX_HEADER_ENCRYPTION_IV:
      h->iv = value;
      h->iv_len = len;
      return TRUE;
    case VAULT_KDBX_HEADER_KDF_PARAMETERS:
      if (!kdbx4)
        return TRUE;
      vault_kdbx_kdf_clear (&h->kdf);
      if (!vault_kdbx_kdf_parse (&h->kdf, value, len, error))
        return FALSE;
      h->have_kdf = TRUE;
      return TRUE;
    case VAULT_KDBX_HEADER_TRANSFORM_SEED:
    case VAULT_KDBX_HEADER_TRANSFORM_ROUNDS:
    case VAULT_KDBX_HEADER_PROTECTED_STREAM_KEY:
    case VAULT_KDBX_HEADER_STREAM_START_BYTES:
    case VAULT_KDBX_HEADER_INNER_STREAM_ID:
      /* KDBX 3 fields in a KDBX 4 header: KeePassXC refuses them too. */
      if (kdbx4)
        return bad_field (error, id);
      break;
    default:
      /* Comments, public custom data and fields of later versions. */
      return TRUE;
    }

  switch (id)
    {
    case VAULT_KDBX_HEADER_TRANSFORM_SEED:
      if (len != 32)
        return bad_field (error, id);
      h->transform_seed = value;
      break;
    case VAULT_KDBX_HEADER_TRANSFORM_ROUNDS:
      if (len != 8)
        return bad_field (error, id);
      h->rounds = vault_kdbx_read_u64 (value);
      h->have_rounds = TRUE;
      break;
    case VAULT_KDBX_HEADER_PROTECTED_STREAM_KEY:
      if (len == 0)
        return bad_field (error, id);
      h->stream_key = value;
      h->stream_key_len = len;
      break;
    case VAULT_KDBX_HEADER_STREAM_START_BYTES:
      if (len != 32)
        return bad_field (error, id);
      h->start_bytes = value;
      break;
    case VAULT_KDBX_HEADER_INNER_STREAM_ID:
      if (len != 4)
        return bad_field (error, id);
      h->stream_id = vault_kdbx_read_u32 (value);
      break;
    default:
      break;
    }
  return TRUE;
}

static gboolean
read_header (const guint8  *data,
             gsize          len,
             Header        *h,
             GError       **error)
{
  guint32 version;
  gsize pos = 12;
  gsize size_len;

  if (len < 12)
    return truncated (error);
  version = vault_kdbx_read_u32 (data + 8);
  h->major = version >> 16;
  h->minor = version & 0xffff;
  if (h->major != 3 && h->major != 4)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("This KeePass database is in format %u.%u, which Vault does not read. "
                     "Vault reads KDBX 3.1 and 4: open it in KeePassXC, save it again, then "
                     "import it."), h->major, h->minor);
      return FALSE;
    }
  h->compressed = TRUE;   /* KeePassXC's default, when the field is missing */
  h->stream_id = VAULT_KDBX_STREAM_SALSA20;
  size_len = h->major >= 4 ? 4 : 2;

  for (;;)
    {
      guint id;
      gsize field_len;

      if (len - pos < 1 + size_len)
        return truncated (error);
      id = data[pos];
      field_len = size_len == 4 ? vault_kdbx_read_u32 (data + pos + 1)
                                : (gsize) (data[pos + 1] | (data[pos + 2] << 8));
      pos += 1 + size_len;
      if (field_len > VAULT_KDBX_MAX_HEADER_FIELD)
        return bad_field (error, id);
      if (field_len > len - pos)
        return truncated (error);
      if (id == VAULT_KDBX_HEADER_END)
        {
          pos += field_len;
          break;
        }
      if (!read_field (h, id, data + pos, field_len, error))
        return FALSE;
      pos += field_len;
    }
  h->len = pos;

  if (!h->have_cipher || h->master_seed == NULL || h->iv == NULL)
    return damaged (error, _("The database is damaged: its header is incomplete."));
  if (h->iv_len != vault_kdbx_iv_size (h->cipher))
    return bad_field (error, VAULT_KDBX_HEADER_ENCRYPTION_IV);

  if (h->major >= 4)
    {
      if (!h->have_kdf)
        return damaged (error, _("The database is damaged: its header is incomplete."));
      return TRUE;
    }
  if (h->transform_seed == NULL || !h->have_rounds || h->stream_key == NULL ||
      h->start_bytes == NULL)
    return damaged (error, _("The database is damaged: its header is incomplete."));
  h->kdf.type = VAULT_KDBX_KDF_AES;
  memcpy (h->kdf.seed, h->transform_seed, 32);
  h->kdf.seed_len = 32;
  h->kdf.rounds = h->rounds;
  h->have_kdf = TRUE;
  return vault_kdbx_kdf_check (&h->kdf, error);
}

/* The transformed key, from the options' password and key file. */
static VaultSecureBuf *
transform_key (const Header              *h,
               const VaultImportOptions  *options,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(VaultSecureBuf) composite = NULL;
  g_autoptr(VaultSecureBuf) transformed = vault_secure_buf_new (32);

  composite = vault_kdbx_composite_key (options->password, options->key_file, error);
  if (composite == NULL)
    return NULL;
  if (!vault_kdbx_kdf_run (&h->kdf, composite->data, transformed->data, cancellable, error))
    return NULL;
  return g_steal_pointer (&transformed);
}

#define FEED_CHUNK (256 * 1024)

/* The decrypted payload, unpacked when it is compressed, into payload. */
static gboolean
feed_payload (VaultKdbxPayload          *payload,
              const Header              *h,
              const guint8              *data,
              gsize                      len,
              const VaultImportOptions  *options,
              GCancellable              *cancellable,
              GError                   **error)
{
  /* A new count: the progress goes by the bytes of the payload. */
  vault_import_report (options, 0, len);
  if (h->compressed)
    {
      if (!vault_kdbx_gunzip (data, len, vault_kdbx_payload_feed, payload, options,
                              cancellable, error))
        return FALSE;
    }
  else
    for (gsize done = 0; done < len;)
      {
        gsize n = MIN (len - done, (gsize) FEED_CHUNK);

        if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
            !vault_kdbx_payload_feed (data + done, n, payload, error))
          return FALSE;
        done += n;
        vault_import_report (options, done, len);
      }
  return vault_kdbx_payload_finish (payload, error);
}

/* KDBX 4: header, its SHA-256 and HMAC, then HMAC-SHA256 blocks. */
static gboolean
read_kdbx4 (VaultImport               *import,
            const Header              *h,
            const guint8              *data,
            gsize                      len,
            const VaultImportOptions  *options,
            GCancellable              *cancellable,
            GError                   **error)
{
  g_autoptr(VaultSecureBuf) transformed = NULL;
  g_autoptr(VaultSecureBuf) keys = NULL;   /* cipher key (32), then HMAC key (64) */
  g_autoptr(VaultSecureBuf) plain = NULL;
  g_autoptr(VaultKdbxPayload) payload = NULL;
  guint8 hash[32], mac[32];
  gsize pos = h->len + 64;
  gsize total = 0, plain_len = 0;
  guint n_blocks = 0;

  if (len - h->len < 64)
    return truncated (error);
  vault_sha256 (data, h->len, hash);
  if (memcmp (hash, data + h->len, 32) != 0)
    return damaged (error, _("The database is damaged: its header does not match its "
                             "checksum."));

  /* The blocks' framing, before the KDF runs: a truncated file is told at once. */
  for (;;)
    {
      guint32 size;

      if (len - pos < 36)
        return truncated (error);
      size = vault_kdbx_read_u32 (data + pos + 32);
      pos += 36;
      if (size > VAULT_KDBX_MAX_BLOCK)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The database is damaged: block %u of its contents is too large."),
                       n_blocks);
          return FALSE;
        }
      if (size > len - pos)
        return truncated (error);
      pos += size;
      total += size;
      n_blocks++;
      if (size == 0)
        break;
    }

  transformed = transform_key (h, options, cancellable, error);
  if (transformed == NULL)
    return FALSE;
  keys = vault_secure_buf_new (32 + 64);
  vault_kdbx_cipher_key (h->master_seed, transformed->data, keys->data);
  vault_kdbx_hmac_key (h->master_seed, transformed->data, keys->data + 32);

  /* The header's HMAC is the only check the key can fail: KeePassXC's. */
  vault_kdbx_block_hmac (keys->data + 32, G_MAXUINT64, data, h->len, TRUE, mac);
  if (!vault_memeq_secure (mac, data + h->len + 32, 32))
    return wrong_key (error);

  plain = vault_secure_buf_new (total);
  pos = h->len + 64;
  for (guint i = 0; i < n_blocks; i++)
    {
      guint32 size = vault_kdbx_read_u32 (data + pos + 32);

      vault_kdbx_block_hmac (keys->data + 32, i, data + pos + 36, size, FALSE, mac);
      if (!vault_memeq_secure (mac, data + pos, 32))
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The database is damaged: block %u of its contents failed its "
                         "integrity check (HMAC)."), i);
          return FALSE;
        }
      memcpy (plain->data + plain_len, data + pos + 36, size);
      plain_len += size;
      pos += 36 + size;
    }

  if (!vault_kdbx_decrypt (h->cipher, keys->data, h->iv, plain->data, &plain_len))
    return damaged (error, _("The database is damaged: its contents cannot be decrypted."));

  payload = vault_kdbx_payload_new (import, 4, NULL, NULL);
  return feed_payload (payload, h, plain->data, plain_len, options, cancellable, error);
}

/* KDBX 3: header, then one encrypted stream: start bytes, hashed blocks. */
static gboolean
read_kdbx3 (VaultImport               *import,
            const Header              *h,
            const guint8              *data,
            gsize                      len,
            const VaultImportOptions  *options,
            GCancellable              *cancellable,
            GError                   **error)
{
  g_autoptr(VaultSecureBuf) transformed = NULL;
  g_autoptr(VaultSecureBuf) key = NULL;
  g_autoptr(VaultSecureBuf) plain = NULL;
  g_autoptr(VaultKdbxPayload) payload = NULL;
  VaultKdbxStream *stream;
  gsize cipher_len = len - h->len;
  gsize plain_len = cipher_len;
  gsize pos = 32, out = 0;
  guint8 digest[32], header_hash[32];
  gboolean padded;

  if (cipher_len < 32 ||
      (h->cipher == VAULT_KDBX_CIPHER_AES256 && cipher_len % 16 != 0))
    return truncated (error);

  transformed = transform_key (h, options, cancellable, error);
  if (transformed == NULL)
    return FALSE;
  key = vault_secure_buf_new (32);
  vault_kdbx_cipher_key (h->master_seed, transformed->data, key->data);

  plain = vault_secure_buf_new_from_data (data + h->len, cipher_len);
  padded = vault_kdbx_decrypt (h->cipher, key->data, h->iv, plain->data, &plain_len);
  /* The start bytes are the only check the key can fail: KeePassXC's. */
  if (!vault_memeq_secure (plain->data, h->start_bytes, 32))
    return wrong_key (error);
  if (!padded || plain_len < 32)
    return damaged (error, _("The database is damaged: its contents cannot be decrypted."));

  /* Hashed blocks (index, SHA-256, size, data), joined in place. */
  for (guint32 index = 0;; index++)
    {
      guint32 size;

      if (plain_len - pos < 40)
        return truncated (error);
      if (vault_kdbx_read_u32 (plain->data + pos) != index)
        return damaged (error, _("The database is damaged: its blocks are out of order."));
      size = vault_kdbx_read_u32 (plain->data + pos + 36);
      if (size == 0)
        {
          static const guint8 zero[32] = { 0 };

          if (memcmp (plain->data + pos + 4, zero, 32) != 0)
            return damaged (error, _("The database is damaged: its last block is not "
                                     "valid."));
          break;
        }
      if (size > plain_len - pos - 40)
        return truncated (error);
      vault_sha256 (plain->data + pos + 40, size, digest);
      if (memcmp (digest, plain->data + pos + 4, 32) != 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The database is damaged: block %u of its contents does not match "
                         "its checksum."), index);
          return FALSE;
        }
      memmove (plain->data + out, plain->data + pos + 40, size);
      out += size;
      pos += 40 + size;
    }

  stream = vault_kdbx_stream_new (h->stream_id, h->stream_key, h->stream_key_len, error);
  if (stream == NULL)
    return FALSE;
  vault_sha256 (data, h->len, header_hash);
  payload = vault_kdbx_payload_new (import, 3, stream, header_hash);
  return feed_payload (payload, h, plain->data, out, options, cancellable, error);
}

VaultImport *
vault_kdbx_read (const guint8              *data,
                 gsize                      len,
                 const VaultImportOptions  *options,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  static const guint8 signature[8] = { 0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5 };
  static const VaultImportOptions no_options = { 0 };
  g_autoptr(VaultImport) import = NULL;
  Header h = { 0 };
  gboolean ok;
  guint32 sig2;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (options == NULL)
    options = &no_options;
  if (!vault_kdbx_detect (data, len))
    {
      if (len > 0 && len < 8 && memcmp (data, signature, len) == 0)
        truncated (error);
      else
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                             _("This file is not a KeePass database."));
      return NULL;
    }
  sig2 = vault_kdbx_read_u32 (data + 4);
  if (sig2 == VAULT_KDB_SIG2)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("This is a KeePass 1 database (.kdb), which Vault does not read. "
                             "Open it in KeePassXC, save it as a KDBX database, then import "
                             "that file."));
      return NULL;
    }
  if (sig2 == VAULT_KDBX_SIG2_PRERELEASE)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("This database was written by a pre-release of KeePass 2, which "
                             "Vault does not read. Open it in KeePass, save it again, then "
                             "import it."));
      return NULL;
    }

  if (!read_header (data, len, &h, error))
    {
      vault_kdbx_kdf_clear (&h.kdf);
      return NULL;
    }
  import = vault_import_new (VAULT_FORMAT_KDBX);
  if (h.major >= 4)
    ok = read_kdbx4 (import, &h, data, len, options, cancellable, error);
  else
    ok = read_kdbx3 (import, &h, data, len, options, cancellable, error);
  vault_kdbx_kdf_clear (&h.kdf);
  return ok ? g_steal_pointer (&import) : NULL;
}
