/* vault-kdbx-format.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the KDBX reader and writer share: the format's constants and bounds,
 * the composite key and KDFs, the payload ciphers, the HMAC block keys, the
 * inner random stream and gzip, each a thin wrapper over Nettle, libargon2
 * or GIO.
 */
#pragma once

#include "vault-import-private.h"

G_BEGIN_DECLS

#define VAULT_KDBX_SIG1            0x9AA2D903u
#define VAULT_KDBX_SIG2            0xB54BFB67u  /* KDBX 2 and later */
#define VAULT_KDBX_SIG2_PRERELEASE 0xB54BFB66u  /* KeePass 2 pre-releases */
#define VAULT_KDB_SIG2             0xB54BFB65u  /* KeePass 1 (.kdb) */

/* Outer header fields. */
enum {
  VAULT_KDBX_HEADER_END                  = 0,
  VAULT_KDBX_HEADER_COMMENT              = 1,
  VAULT_KDBX_HEADER_CIPHER_ID            = 2,
  VAULT_KDBX_HEADER_COMPRESSION          = 3,
  VAULT_KDBX_HEADER_MASTER_SEED          = 4,
  VAULT_KDBX_HEADER_TRANSFORM_SEED       = 5,   /* KDBX 3 */
  VAULT_KDBX_HEADER_TRANSFORM_ROUNDS     = 6,   /* KDBX 3 */
  VAULT_KDBX_HEADER_ENCRYPTION_IV        = 7,
  VAULT_KDBX_HEADER_PROTECTED_STREAM_KEY = 8,   /* KDBX 3 */
  VAULT_KDBX_HEADER_STREAM_START_BYTES   = 9,   /* KDBX 3 */
  VAULT_KDBX_HEADER_INNER_STREAM_ID      = 10,  /* KDBX 3 */
  VAULT_KDBX_HEADER_KDF_PARAMETERS       = 11,  /* KDBX 4 */
  VAULT_KDBX_HEADER_PUBLIC_CUSTOM_DATA   = 12,  /* KDBX 4 */
};

/* KDBX 4 inner header fields. */
enum {
  VAULT_KDBX_INNER_END       = 0,
  VAULT_KDBX_INNER_STREAM_ID = 1,
  VAULT_KDBX_INNER_STREAM_KEY = 2,
  VAULT_KDBX_INNER_BINARY    = 3,
};

/* Inner random stream algorithms. */
#define VAULT_KDBX_STREAM_SALSA20  2
#define VAULT_KDBX_STREAM_CHACHA20 3

/* Bounds on what a file may ask for, checked before anything is allocated
 * or run. KeePassXC itself writes far below them.
 *   - a header field: 1 MiB; the KDF dictionary: 64 entries;
 *   - a KDBX 4 HMAC block: 64 MiB (KeePass and KeePassXC write 1 MiB);
 *   - the unpacked payload (inner header and XML): 1 GiB, so a small file
 *     cannot unpack without end;
 *   - XML nesting: 128 elements deep;
 *   - AES-KDF: at most 2^31 - 1 rounds, as KeePassXC (about a minute here,
 *     and cancellable, since the rounds are counted in Vault's own loop);
 *   - Argon2: at most 1 GiB of memory, 64 lanes, and 2^26 KiB-passes of
 *     memory times iterations (1 GiB for 64 passes, 64 MiB for 1,024), some
 *     tens of seconds at worst: libargon2 cannot be stopped once started. */
#define VAULT_KDBX_MAX_HEADER_FIELD   (1024 * 1024)
#define VAULT_KDBX_MAX_DICT_ENTRIES   64
#define VAULT_KDBX_MAX_BLOCK          (64 * 1024 * 1024)
#define VAULT_KDBX_MAX_PAYLOAD        (G_GUINT64_CONSTANT (1) << 30)
#define VAULT_KDBX_MAX_DEPTH          128
#define VAULT_KDBX_MAX_AES_ROUNDS     G_MAXINT32
#define VAULT_KDBX_MAX_ARGON2_KIB     (1024 * 1024)
#define VAULT_KDBX_MAX_ARGON2_LANES   64
#define VAULT_KDBX_MAX_ARGON2_WORK    (G_GUINT64_CONSTANT (1) << 26)

/* Seconds from 0001-01-01 (KDBX 4 times) to the Unix epoch. */
#define VAULT_KDBX_EPOCH_OFFSET       G_GINT64_CONSTANT (62135596800)

extern const guint8 vault_kdbx_cipher_aes128[16];
extern const guint8 vault_kdbx_cipher_aes256[16];
extern const guint8 vault_kdbx_cipher_chacha20[16];
extern const guint8 vault_kdbx_cipher_twofish[16];
extern const guint8 vault_kdbx_kdf_aes_kdbx3[16];
extern const guint8 vault_kdbx_kdf_aes_kdbx4[16];
extern const guint8 vault_kdbx_kdf_argon2d[16];
extern const guint8 vault_kdbx_kdf_argon2id[16];

/* --- Key derivation (vault-kdbx-key.c) ------------------------------------ */

typedef enum {
  VAULT_KDBX_KDF_AES,
  VAULT_KDBX_KDF_ARGON2D,
  VAULT_KDBX_KDF_ARGON2ID,
} VaultKdbxKdfType;

typedef struct {
  VaultKdbxKdfType  type;
  guint8            seed[32];     /* the AES-KDF key, or the Argon2 salt */
  gsize             seed_len;
  guint64           rounds;       /* AES-KDF rounds, or Argon2 iterations */
  guint64           memory_kib;   /* Argon2 */
  guint32           lanes;        /* Argon2 */
  guint32           version;      /* Argon2: 0x10 or 0x13 */
  GBytes           *secret;       /* Argon2 K, or NULL */
  GBytes           *associated;   /* Argon2 A, or NULL */
} VaultKdbxKdf;

/* The composite key: SHA-256 of SHA-256 (password), if any, then the key
 * file's 32 bytes, if any, read as KeePassXC reads key files. */
VaultSecureBuf *vault_kdbx_composite_key (const char        *password,
                                          GBytes            *key_file,
                                          GError           **error);
/* A KDBX 4 KDF dictionary (a KeePass "variant dictionary"), checked
 * against the bounds above. */
gboolean        vault_kdbx_kdf_parse     (VaultKdbxKdf      *kdf,
                                          const guint8      *data,
                                          gsize              len,
                                          GError           **error);
/* The bounds alone, for a KDBX 3 AES-KDF read from its header fields. */
gboolean        vault_kdbx_kdf_check     (const VaultKdbxKdf *kdf,
                                          GError           **error);
GBytes         *vault_kdbx_kdf_write     (const VaultKdbxKdf *kdf);
/* Writes the 32-byte transformed key. */
gboolean        vault_kdbx_kdf_run       (const VaultKdbxKdf *kdf,
                                          const guint8       composite[32],
                                          guint8             out[32],
                                          GCancellable      *cancellable,
                                          GError           **error);
void            vault_kdbx_kdf_clear     (VaultKdbxKdf      *kdf);
/* Lowers the KDF bounds for the fuzzer, which must get past the KDF in
 * microseconds; 0 keeps a bound as it is. */
void            vault_kdbx_set_kdf_limits (guint64           max_aes_rounds,
                                           guint64           max_argon2_work);

/* --- Keys, ciphers, blocks (vault-kdbx-format.c) -------------------------- */

/* SHA-256 (master seed || transformed key): the payload cipher's key. */
void     vault_kdbx_cipher_key    (const guint8     master_seed[32],
                                   const guint8     transformed[32],
                                   guint8           out[32]);
/* SHA-512 (master seed || transformed key || 0x01): the HMAC base key. */
void     vault_kdbx_hmac_key      (const guint8     master_seed[32],
                                   const guint8     transformed[32],
                                   guint8           out[64]);
/* HMAC-SHA256 of a KDBX 4 block: key SHA-512 (index || base key), data
 * index || length || data, both little-endian; the header's index is
 * G_MAXUINT64 and its data the header alone. */
void     vault_kdbx_block_hmac    (const guint8     hmac_key[64],
                                   guint64          index,
                                   const guint8    *data,
                                   gsize            len,
                                   gboolean         header,
                                   guint8           out[32]);

/* The IV length of a payload cipher. */
gsize    vault_kdbx_iv_size       (VaultKdbxCipher  cipher);
/* Decrypts in place; for AES-CBC, takes off the PKCS#7 padding, and
 * returns FALSE when it is wrong (the length must be whole blocks). */
gboolean vault_kdbx_decrypt       (VaultKdbxCipher  cipher,
                                   const guint8     key[32],
                                   const guint8    *iv,
                                   guint8          *data,
                                   gsize           *len);
/* Encrypts in place: data needs room for len + 16 bytes (AES-CBC pads).
 * Returns the new length. */
gsize    vault_kdbx_encrypt       (VaultKdbxCipher  cipher,
                                   const guint8     key[32],
                                   const guint8    *iv,
                                   guint8          *data,
                                   gsize            len);

/* The inner random stream that hides protected values, consumed in order
 * across every value of the document. */
typedef struct _VaultKdbxStream VaultKdbxStream;

VaultKdbxStream *vault_kdbx_stream_new  (guint32          algorithm,
                                         const guint8    *key,
                                         gsize            key_len,
                                         GError         **error);
void             vault_kdbx_stream_xor  (VaultKdbxStream *stream,
                                         guint8          *data,
                                         gsize            len);
void             vault_kdbx_stream_skip (VaultKdbxStream *stream,
                                         guint64          len);
void             vault_kdbx_stream_free (VaultKdbxStream *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultKdbxStream, vault_kdbx_stream_free)

/* Called with each piece of unpacked data, in order. */
typedef gboolean (*VaultKdbxSink) (const guint8  *data,
                                   gsize          len,
                                   gpointer       user_data,
                                   GError       **error);

/* Unpacks gzip data piece by piece through a buffer in secure memory. */
gboolean         vault_kdbx_gunzip      (const guint8              *data,
                                         gsize                      len,
                                         VaultKdbxSink              sink,
                                         gpointer                   user_data,
                                         const VaultImportOptions  *options,
                                         GCancellable              *cancellable,
                                         GError                   **error);
/* Packs data as gzip; the result, still secret, stays in secure memory. */
VaultSecureBuf  *vault_kdbx_gzip        (const guint8              *data,
                                         gsize                      len);

/* Canonical Base64 (KeePassXC's test before it decodes a time or a key). */
gboolean         vault_kdbx_is_base64   (const char                *text,
                                         gsize                      len);

static inline guint32
vault_kdbx_read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint64
vault_kdbx_read_u64 (const guint8 *p)
{
  return (guint64) vault_kdbx_read_u32 (p) | ((guint64) vault_kdbx_read_u32 (p + 4) << 32);
}

static inline void
vault_kdbx_write_u32 (guint8  *p,
                      guint32  v)
{
  for (guint i = 0; i < 4; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

static inline void
vault_kdbx_write_u64 (guint8  *p,
                      guint64  v)
{
  for (guint i = 0; i < 8; i++)
    p[i] = (v >> (8 * i)) & 0xff;
}

/* --- The payload's XML (vault-kdbx-xml.c) --------------------------------- */

/* Reads the unpacked payload as it arrives: for KDBX 4 the inner header,
 * then the XML; for KDBX 3 the XML, its protected values under stream. */
typedef struct _VaultKdbxPayload VaultKdbxPayload;

VaultKdbxPayload *vault_kdbx_payload_new    (VaultImport       *import,
                                             guint              major,
                                             VaultKdbxStream   *stream,
                                             const guint8      *header_hash);
gboolean          vault_kdbx_payload_feed   (const guint8      *data,
                                             gsize              len,
                                             gpointer           payload,
                                             GError           **error);
gboolean          vault_kdbx_payload_finish (VaultKdbxPayload  *payload,
                                             GError           **error);
void              vault_kdbx_payload_free   (VaultKdbxPayload  *payload);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultKdbxPayload, vault_kdbx_payload_free)

G_END_DECLS
