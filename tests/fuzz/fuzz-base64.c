/* fuzz-base64.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the strict base64 decoder: text that decodes is the
 * one encoding of its bytes, decoding in place agrees, and the input taken
 * as bytes encodes (at once or streamed in pieces) and decodes back.
 */
#include <string.h>

#include "fuzz-util.h"
#include "vault-base64.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_decode (const uint8_t *data,
              size_t         size)
{
  const char *text = (const char *) data;
  g_autofree guint8 *out = g_malloc (size / 4 * 3 + 1);
  g_autofree guint8 *in_place = g_memdup2 (data, size);
  g_autoptr(GBytes) bytes = vault_base64_decode_bytes (text, size);
  g_autofree char *encoded = NULL;
  gssize len = vault_base64_decode_strict (text, size, out);

  g_assert_cmpint (vault_base64_decode_strict ((const char *) in_place, size, in_place), ==, len);
  if (len < 0)
    {
      g_assert_null (bytes);
      return;
    }

  g_assert_cmpuint (VAULT_BASE64_ENCODED_LEN ((gsize) len), ==, size);
  encoded = vault_base64_encode_string (out, (gsize) len);
  g_assert_cmpmem (encoded, strlen (encoded), data, size);
  g_assert_cmpmem (in_place, (gsize) len, out, (gsize) len);
  g_assert_nonnull (bytes);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), out, (gsize) len);
}

static void
check_encode (const uint8_t *data,
              size_t         size)
{
  g_autofree char *whole = vault_base64_encode_string (data, size);
  g_autofree guint8 *back = g_malloc (size + 3);
  g_autoptr(GString) streamed = g_string_new (NULL);
  VaultBase64Stream stream = { { 0, }, 0 };
  gsize at = 0;

  g_assert_cmpuint (strlen (whole), ==, VAULT_BASE64_ENCODED_LEN (size));
  if (size > 0)
    {
      g_assert_cmpint (vault_base64_decode_strict (whole, strlen (whole), back), ==, (gssize) size);
      g_assert_cmpmem (back, size, data, size);
    }

  /* Pieces whose sizes the input itself chooses, so every carry state is met. */
  while (at < size)
    {
      gsize piece = MIN ((gsize) (data[at] % 8), size - at);

      vault_base64_stream_push (&stream, data + at, piece, streamed);
      at += piece;
      if (piece == 0)
        {
          vault_base64_stream_push (&stream, data + at, 1, streamed);
          at++;
        }
    }
  vault_base64_stream_finish (&stream, streamed);
  g_assert_cmpstr (streamed->str, ==, whole);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  check_decode (data, size);
  check_encode (data, size);
  return 0;
}
