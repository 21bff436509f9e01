/* vault-crypto.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's crypto service: thin, checked wrappers over Nettle's PBKDF2,
 * HKDF, SHA-256 and AES-256-GCM. Nothing here is written by hand.
 */
#pragma once

#include <glib.h>

#include "vault-secure.h"

G_BEGIN_DECLS

#define VAULT_KEY_SIZE       32
#define VAULT_SALT_SIZE      16
#define VAULT_NONCE_SIZE     12
#define VAULT_TAG_SIZE       16
#define VAULT_SEAL_OVERHEAD  (VAULT_NONCE_SIZE + VAULT_TAG_SIZE)

void      vault_pbkdf2_sha256     (const guint8 *password,
                                   gsize         password_len,
                                   const guint8 *salt,
                                   gsize         salt_len,
                                   guint         iterations,
                                   guint8       *out,
                                   gsize         out_len);

void      vault_hkdf_sha256       (const guint8 *ikm,
                                   gsize         ikm_len,
                                   const guint8 *salt,
                                   gsize         salt_len,
                                   const guint8 *info,
                                   gsize         info_len,
                                   guint8       *out,
                                   gsize         out_len);

void      vault_sha256            (gconstpointer data,
                                   gsize         len,
                                   guint8        out[32]);

void      vault_hmac_sha256       (const guint8 *key,
                                   gsize         key_len,
                                   gconstpointer data,
                                   gsize         len,
                                   guint8        out[32]);

/* Compares two buffers in time that does not depend on where they differ. */
gboolean  vault_memeq_secure      (gconstpointer a,
                                   gconstpointer b,
                                   gsize         len);

/* AES-256-GCM with an explicit nonce (for known-answer tests and the seal). */
void      vault_aes_gcm_encrypt   (const guint8 *key,
                                   const guint8 *nonce,
                                   gsize         nonce_len,
                                   const guint8 *aad,
                                   gsize         aad_len,
                                   const guint8 *plain,
                                   gsize         len,
                                   guint8       *cipher,
                                   guint8        tag[VAULT_TAG_SIZE]);
gboolean  vault_aes_gcm_decrypt   (const guint8 *key,
                                   const guint8 *nonce,
                                   gsize         nonce_len,
                                   const guint8 *aad,
                                   gsize         aad_len,
                                   const guint8 *cipher,
                                   gsize         len,
                                   const guint8  tag[VAULT_TAG_SIZE],
                                   guint8       *plain);

/* nonce || ciphertext || tag, with a fresh random nonce every time. */
GBytes         *vault_seal (const guint8  *key,
                            gconstpointer  plain,
                            gsize          len,
                            gconstpointer  aad,
                            gsize          aad_len);
/* vault_seal with a nonce the caller drew from vault_random_bytes, many at
 * once for a batch (an import seals 100,000 fields): never use one twice. */
GBytes         *vault_seal_with_nonce (const guint8  *key,
                                       const guint8  *nonce,
                                       gconstpointer  plain,
                                       gsize          len,
                                       gconstpointer  aad,
                                       gsize          aad_len);
VaultSecureBuf *vault_open (const guint8  *key,
                            gconstpointer  sealed,
                            gsize          sealed_len,
                            gconstpointer  aad,
                            gsize          aad_len);

/* Opens nonce || ciphertext || tag where it lies: on success the plain text
 * is at sealed + VAULT_NONCE_SIZE, sealed_len - VAULT_SEAL_OVERHEAD bytes;
 * on failure the buffer is wiped. For the payload, whose plain text is the
 * overview (its secrets stay sealed) and too large to copy. */
gboolean  vault_open_in_place (const guint8  *key,
                               guint8        *sealed,
                               gsize          sealed_len,
                               gconstpointer  aad,
                               gsize          aad_len);

/* Sealing a stream in pieces: the nonce comes first, the tag last. Every
 * piece but the last must be a multiple of VAULT_GCM_BLOCK_SIZE bytes. */
#define VAULT_GCM_BLOCK_SIZE 16
typedef struct _VaultSealStream VaultSealStream;

VaultSealStream *vault_seal_stream_new     (const guint8    *key,
                                            gconstpointer    aad,
                                            gsize            aad_len,
                                            guint8           nonce[VAULT_NONCE_SIZE]);
void             vault_seal_stream_encrypt (VaultSealStream *stream,
                                            guint8          *data,
                                            gsize            len);
void             vault_seal_stream_finish  (VaultSealStream *stream,
                                            guint8           tag[VAULT_TAG_SIZE]);
void             vault_seal_stream_free    (VaultSealStream *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultSealStream, vault_seal_stream_free)

G_END_DECLS
