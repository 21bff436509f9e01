/* vault-secure-arena.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Many secrets in a few locked chunks, and text that grows in locked memory.
 */
#include "config.h"

#include "vault-secure-arena.h"

#include <string.h>

/* Chunks double from 64 KiB to 1 MiB: a small import locks a little, and
 * 100,000 imported entries take a few dozen chunks, so a few dozen mlock
 * calls, not one per secret. */
#define FIRST_CHUNK_SIZE (64 * 1024)
#define CHUNK_SIZE (1024 * 1024)

struct _VaultSecureArena
{
  GPtrArray *chunks;  /* of VaultSecureBuf */
  gsize      used;    /* in the last chunk */
};

VaultSecureArena *
vault_secure_arena_new (void)
{
  VaultSecureArena *arena = g_new0 (VaultSecureArena, 1);

  arena->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) vault_secure_buf_free);
  return arena;
}

char *
vault_secure_arena_strndup (VaultSecureArena *arena,
                            const char       *str,
                            gssize            len)
{
  VaultSecureBuf *chunk = NULL;
  gsize need;
  char *copy;

  g_return_val_if_fail (arena != NULL, NULL);

  if (str == NULL)
    return NULL;
  if (len < 0)
    len = strlen (str);
  need = (gsize) len + 1;

  if (arena->chunks->len > 0)
    chunk = g_ptr_array_index (arena->chunks, arena->chunks->len - 1);

  /* A big secret gets a chunk of its own, put before the last chunk so
   * that chunk's free space is not lost. */
  if (need > CHUNK_SIZE / 4)
    {
      VaultSecureBuf *own = vault_secure_buf_new_from_data (str, len);

      if (chunk != NULL)
        g_ptr_array_insert (arena->chunks, arena->chunks->len - 1, own);
      else
        {
          g_ptr_array_add (arena->chunks, own);
          arena->used = own->len + 1;  /* full */
        }
      return (char *) own->data;
    }

  if (chunk == NULL || chunk->len < arena->used + need)
    {
      gsize size = arena->chunks->len < 4 ? FIRST_CHUNK_SIZE << arena->chunks->len : CHUNK_SIZE;

      chunk = vault_secure_buf_new (MAX (size, need));
      g_ptr_array_add (arena->chunks, chunk);
      arena->used = 0;
    }

  copy = (char *) chunk->data + arena->used;
  memcpy (copy, str, len);
  copy[len] = '\0';
  arena->used += need;
  return copy;
}

void
vault_secure_arena_free (VaultSecureArena *arena)
{
  if (arena == NULL)
    return;
  g_ptr_array_unref (arena->chunks);
  g_free (arena);
}

/* --- Growing text --------------------------------------------------------- */

VaultSecureString *
vault_secure_string_new (gsize reserve)
{
  VaultSecureString *string = g_new0 (VaultSecureString, 1);

  string->buf = vault_secure_buf_new (MAX (reserve, 64));
  string->str = (char *) string->buf->data;
  return string;
}

static void
reserve (VaultSecureString *string,
         gsize              more)
{
  VaultSecureBuf *bigger;
  gsize size;

  if (more > G_MAXSIZE / 2 - string->len)
    g_error ("A secure string of %" G_GSIZE_FORMAT " bytes is too large", string->len);
  if (string->len + more < string->buf->len)
    return;

  size = string->buf->len;
  while (size <= string->len + more)
    size *= 2;
  bigger = vault_secure_buf_new (size);
  memcpy (bigger->data, string->str, string->len);
  vault_secure_buf_free (string->buf);
  string->buf = bigger;
  string->str = (char *) bigger->data;
}

void
vault_secure_string_append_len (VaultSecureString *string,
                                const char        *data,
                                gsize              len)
{
  g_return_if_fail (string != NULL);

  reserve (string, len);
  memcpy (string->str + string->len, data, len);
  string->len += len;
  string->str[string->len] = '\0';
}

void
vault_secure_string_append (VaultSecureString *string,
                            const char        *str)
{
  vault_secure_string_append_len (string, str, strlen (str));
}

void
vault_secure_string_append_c (VaultSecureString *string,
                              char               c)
{
  vault_secure_string_append_len (string, &c, 1);
}

VaultSecureBuf *
vault_secure_string_free_to_buf (VaultSecureString *string)
{
  VaultSecureBuf *buf;

  g_return_val_if_fail (string != NULL, NULL);

  buf = vault_secure_buf_new_from_data (string->str, string->len);
  vault_secure_string_free (string);
  return buf;
}

void
vault_secure_string_free (VaultSecureString *string)
{
  if (string == NULL)
    return;
  vault_secure_buf_free (string->buf);
  g_free (string);
}
