/* vault-base64.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Table-driven base64. GLib's codec goes one character at a time through a
 * state machine and accepts non-canonical input; the vault reads and writes
 * tens of megabytes of it and must refuse any text that is not the one
 * encoding of its bytes.
 */
#include "vault-base64.h"

#include <string.h>

static const char alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* 0..63 for the alphabet, 0xff for everything else (including '='). */
static const guint8 values[256] = {
#define X 0xff
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, 62, X, X, X, 63,
  52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, X, X, X,
  X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
  15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, X,
  X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
  41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
  X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
#undef X
};

void
vault_base64_encode (const guint8 *data,
                     gsize         len,
                     char         *out)
{
  gsize i = 0;

  for (; i + 3 <= len; i += 3)
    {
      guint32 v = (guint32) data[i] << 16 | (guint32) data[i + 1] << 8 | data[i + 2];

      *out++ = alphabet[v >> 18];
      *out++ = alphabet[(v >> 12) & 63];
      *out++ = alphabet[(v >> 6) & 63];
      *out++ = alphabet[v & 63];
    }
  if (len - i == 1)
    {
      guint32 v = (guint32) data[i] << 16;

      *out++ = alphabet[v >> 18];
      *out++ = alphabet[(v >> 12) & 63];
      *out++ = '=';
      *out++ = '=';
    }
  else if (len - i == 2)
    {
      guint32 v = (guint32) data[i] << 16 | (guint32) data[i + 1] << 8;

      *out++ = alphabet[v >> 18];
      *out++ = alphabet[(v >> 12) & 63];
      *out++ = alphabet[(v >> 6) & 63];
      *out++ = '=';
    }
}

char *
vault_base64_encode_string (const guint8 *data,
                            gsize         len)
{
  gsize out_len = VAULT_BASE64_ENCODED_LEN (len);
  char *out = g_malloc (out_len + 1);

  vault_base64_encode (data, len, out);
  out[out_len] = '\0';
  return out;
}

gssize
vault_base64_decode_strict (const char *text,
                            gsize       text_len,
                            guint8     *out)
{
  const guint8 *in = (const guint8 *) text;
  gsize full, o = 0, pad;
  guint8 a, b, c, d;

  if (text_len == 0 || text_len % 4 != 0)
    return -1;

  pad = in[text_len - 1] != '=' ? 0 : in[text_len - 2] != '=' ? 1 : 2;
  full = text_len / 4 - (pad > 0);

  /* Reading four characters before writing three keeps in-place decoding
   * safe: the output never overtakes the input. */
  for (gsize g = 0; g < full; g++)
    {
      a = values[in[4 * g]];
      b = values[in[4 * g + 1]];
      c = values[in[4 * g + 2]];
      d = values[in[4 * g + 3]];
      if ((a | b | c | d) & 0xc0)
        return -1;
      out[o++] = (guint8) (a << 2 | b >> 4);
      out[o++] = (guint8) (b << 4 | c >> 2);
      out[o++] = (guint8) (c << 6 | d);
    }

  if (pad > 0)
    {
      const guint8 *last = in + text_len - 4;

      a = values[last[0]];
      b = values[last[1]];
      c = pad == 1 ? values[last[2]] : 0;
      if ((a | b | c) & 0xc0)
        return -1;
      /* The bits the padding leaves unused must be zero. */
      if (pad == 2 && (b & 0x0f) != 0)
        return -1;
      if (pad == 1 && (c & 0x03) != 0)
        return -1;
      out[o++] = (guint8) (a << 2 | b >> 4);
      if (pad == 1)
        out[o++] = (guint8) (b << 4 | c >> 2);
    }
  return (gssize) o;
}

GBytes *
vault_base64_decode_bytes (const char *text,
                           gsize       text_len)
{
  guint8 *out = g_malloc (text_len / 4 * 3 + 1);
  gssize len = vault_base64_decode_strict (text, text_len, out);

  if (len < 0)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, (gsize) len);
}

void
vault_base64_stream_push (VaultBase64Stream *stream,
                          const guint8      *data,
                          gsize              len,
                          GString           *out)
{
  gsize whole, old_len;

  /* Complete a group left over from the last piece first. */
  if (stream->n_carry > 0)
    {
      while (stream->n_carry < 3 && len > 0)
        {
          stream->carry[stream->n_carry++] = *data++;
          len--;
        }
      if (stream->n_carry < 3)
        return;
      old_len = out->len;
      g_string_set_size (out, old_len + 4);
      vault_base64_encode (stream->carry, 3, out->str + old_len);
      stream->n_carry = 0;
    }

  whole = len - len % 3;
  old_len = out->len;
  g_string_set_size (out, old_len + whole / 3 * 4);
  vault_base64_encode (data, whole, out->str + old_len);
  for (gsize i = whole; i < len; i++)
    stream->carry[stream->n_carry++] = data[i];
}

void
vault_base64_stream_finish (VaultBase64Stream *stream,
                            GString           *out)
{
  gsize old_len = out->len;

  if (stream->n_carry == 0)
    return;
  g_string_set_size (out, old_len + 4);
  vault_base64_encode (stream->carry, stream->n_carry, out->str + old_len);
  stream->n_carry = 0;
}
