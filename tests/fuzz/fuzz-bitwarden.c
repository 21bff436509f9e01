/* fuzz-bitwarden.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for Bitwarden's JSON export: any bytes are read as one
 * (after the same bounds as in the app) and either refused with an error of
 * the engine's or read into entries whose text is valid UTF-8, whose old
 * passwords are oldest first, and whose skipped items are counted.
 */
#include <string.h>

#include "fuzz-util.h"
#include "vault-error.h"
#include "vault-import.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
assert_text (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(VaultSecureBuf) csv = NULL;
  g_autoptr(GError) error = NULL;
  gboolean detected = vault_import_detect (data, size, NULL) == VAULT_FORMAT_BITWARDEN_JSON;

  import = vault_import_read (VAULT_FORMAT_BITWARDEN_JSON, data, size, NULL, NULL, &error);
  if (import == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == VAULT_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  /* Whatever reads as an export has an object with items at its root:
   * detection, which reads only the first key, may say no to some of
   * them, but not to one that starts as Bitwarden's do. */
  if (size > 10 && memcmp (data, "{\"items\":", 9) == 0)
    g_assert_true (detected);

  for (guint i = 0; i < import->entries->len; i++)
    {
      const VaultForeignEntry *e = g_ptr_array_index (import->entries, i);

      g_assert_nonnull (e->title);
      assert_text (e->title);
      assert_text (e->username);
      assert_text (e->url);
      assert_text (e->password);
      assert_text (e->notes);
      assert_text (e->otp);
      assert_text (e->where);
      for (guint t = 0; e->tags != NULL && e->tags[t] != NULL; t++)
        assert_text (e->tags[t]);
      for (guint f = 0; e->fields != NULL && f < e->fields->len; f++)
        {
          const VaultForeignField *field = g_ptr_array_index (e->fields, f);

          assert_text (field->name);
          assert_text (field->value);
        }
      for (guint h = 1; e->history != NULL && h < e->history->len; h++)
        g_assert_cmpint (g_array_index (e->history, VaultForeignHistory, h - 1).changed, <=,
                         g_array_index (e->history, VaultForeignHistory, h).changed);
    }

  /* And it can be written out again. */
  csv = vault_export_csv (import, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate ((const char *) csv->data, csv->len, NULL));
  return 0;
}
