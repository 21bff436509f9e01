/* vault-base64.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Base64 as the vault file needs it: canonical only on input, and fast on
 * both sides, since the payload of a large vault is tens of megabytes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VAULT_BASE64_ENCODED_LEN(n) ((((n) + 2) / 3) * 4)

/* Writes VAULT_BASE64_ENCODED_LEN (len) characters (no NUL) to out. */
void     vault_base64_encode        (const guint8 *data,
                                     gsize         len,
                                     char         *out);
char    *vault_base64_encode_string (const guint8 *data,
                                     gsize         len);

/* Decodes the canonical encoding only: standard alphabet, padded, unused
 * bits zero, nothing else. out may be text itself (decoding in place);
 * otherwise it needs room for text_len / 4 * 3 bytes. Returns the decoded
 * length, or -1 when text is not canonical base64. */
gssize   vault_base64_decode_strict (const char   *text,
                                     gsize         text_len,
                                     guint8       *out);
GBytes  *vault_base64_decode_bytes  (const char   *text,
                                     gsize         text_len);

/* Encodes a stream given in pieces of any length. */
typedef struct {
  guint8 carry[3];
  guint  n_carry;
} VaultBase64Stream;

/* Appends the encoding of data to out, keeping up to two bytes for later. */
void     vault_base64_stream_push   (VaultBase64Stream *stream,
                                     const guint8      *data,
                                     gsize              len,
                                     GString           *out);
void     vault_base64_stream_finish (VaultBase64Stream *stream,
                                     GString           *out);

G_END_DECLS
