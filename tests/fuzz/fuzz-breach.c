/* fuzz-breach.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for breach lists (Have I Been Pwned's SHA-1 file): any
 * file is refused with a clear error, or every digest on its lines is found
 * with its count and digests not on them are not.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz-util.h"
#include "vault-breach-list.h"
#include "vault-error.h"

static char *path;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  /* The list is read from a file, as the person's download is. */
  path = g_strdup_printf ("%s/fuzz-breach-%d.txt", g_get_tmp_dir (), (int) getpid ());
  return 0;
}

static gboolean
parse_digest (const char *line,
              guint8      digest[VAULT_SHA1_SIZE])
{
  for (guint i = 0; i < VAULT_SHA1_SIZE; i++)
    {
      int high = g_ascii_xdigit_value (line[2 * i]);
      int low = high < 0 ? -1 : g_ascii_xdigit_value (line[2 * i + 1]);

      if (low < 0)
        return FALSE;
      digest[i] = (guint8) (high << 4 | low);
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VaultBreachList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint8 digest[VAULT_SHA1_SIZE];
  guint64 count;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
  list = vault_breach_list_open (path, &error);
  g_unlink (path);
  if (list == NULL)
    {
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);

  /* Opened: every line's digest is there, found whatever the order of the
   * lookups (in the file's order here, each resuming after the last). */
  text = g_strndup ((const char *) data, size);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strlen (lines[i]) >= 2 * VAULT_SHA1_SIZE && parse_digest (lines[i], digest))
      {
        g_assert_true (vault_breach_list_lookup (list, digest, &count, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (count, >, 0);
      }

  /* And digests made from the input's bytes, found or not, never fail. */
  for (gsize k = 0; k + VAULT_SHA1_SIZE <= size && k < 64 * VAULT_SHA1_SIZE; k += VAULT_SHA1_SIZE)
    {
      g_assert_true (vault_breach_list_lookup (list, data + k, &count, &error));
      g_assert_no_error (error);
    }
  memset (digest, 0xff, sizeof digest);
  g_assert_true (vault_breach_list_lookup (list, digest, &count, &error));
  g_assert_no_error (error);
  return 0;
}
