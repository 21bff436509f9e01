/* test-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers the engine's tests share.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

#include "vault-core.h"

/* Engine tests may use a low PBKDF2 count so hundreds of unlocks stay fast;
 * every vault a person creates is calibrated and at least 650,000. */
#define TEST_ITERATIONS 1000

static inline GByteArray *
test_hex (const char *hex)
{
  GByteArray *out = g_byte_array_new ();

  for (const char *p = hex; p[0] && p[1]; p += 2)
    {
      guint8 b = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (out, &b, 1);
    }
  return out;
}

static inline char *
test_to_hex (const guint8 *data,
             gsize         len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static inline void
test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The end of a test's vault: its Secret Key out of the keyring, the store
 * closed, its folder gone; clears *store, *dir and *path. */
static inline void
test_store_clear (VaultStore **store,
                  char       **dir,
                  char       **path)
{
  if (*store != NULL && vault_store_get_vault_id (*store) != NULL)
    vault_secret_key_delete (vault_store_get_vault_id (*store), NULL, NULL);
  g_clear_object (store);
  test_rm_rf (*dir);
  g_clear_pointer (dir, g_free);
  g_clear_pointer (path, g_free);
}
