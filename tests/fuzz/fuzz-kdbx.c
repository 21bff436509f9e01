/* fuzz-kdbx.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for KeePass databases, by the input's first byte:
 *   0  a whole KDBX file, opened with FUZZ_KDBX_PASSWORD. The KDF bounds
 *      are lowered so each input gets past the key in microseconds; the
 *      payload's HMACs stop most mutations there, which is why
 *   1  the unpacked payload of a KDBX 4 file (inner header, then XML) and
 *   2  the XML of a KDBX 3.1 file, its protected values under Salsa20 with
 *      FUZZ_KDBX_STREAM_KEY,
 * go straight to the layer behind the HMACs. Every input is refused with
 * one of the reader's errors, or read into entries that hold valid text.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz-util.h"
#include "vault-error.h"
#include "vault-import-private.h"
#include "vault-kdbx-format.h"

/* What the seeds of corpus/kdbx were made with (make-kdbx-seeds.py). */
#define FUZZ_KDBX_PASSWORD   "fuzz"
#define FUZZ_KDBX_STREAM_KEY "fuzz inner stream key, 32 bytes"

/* GLib ends a fatal warning with SIGTRAP, which libFuzzer does not catch:
 * SIGABRT instead, so that the input is kept. */
static GLogWriterOutput
abort_on_warning (GLogLevelFlags   level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_standard_streams (level, fields, n_fields, user_data);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    abort ();
  return written;
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  g_log_set_writer_func (abort_on_warning, NULL, NULL);
  /* At most 64 AES-KDF rounds; Argon2 at most 64 KiB-passes (8 KiB, 8 passes). */
  vault_kdbx_set_kdf_limits (64, 64);
  return 0;
}

static void
check_text (const char *text)
{
  if (text != NULL)
    g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
check_import (VaultImport *import,
              GError      *error)
{
  if (import == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (error->domain == VAULT_ERROR);
      g_assert_true (error->code == VAULT_ERROR_DAMAGED ||
                     error->code == VAULT_ERROR_WRONG_KEY ||
                     error->code == VAULT_ERROR_UNSUPPORTED ||
                     error->code == VAULT_ERROR_UNKNOWN_FORMAT);
      return;
    }
  g_assert_null (error);
  g_assert_cmpuint (import->entries->len, <=, VAULT_IMPORT_MAX_ENTRIES);
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *entry = g_ptr_array_index (import->entries, i);

      g_assert_nonnull (entry->title);
      check_text (entry->title);
      check_text (entry->username);
      check_text (entry->url);
      check_text (entry->password);
      check_text (entry->notes);
      check_text (entry->otp);
      g_assert_nonnull (entry->where);
      for (guint t = 0; entry->tags != NULL && entry->tags[t] != NULL; t++)
        {
          check_text (entry->tags[t]);
          g_assert_cmpstr (entry->tags[t], !=, "");
        }
      for (guint f = 0; entry->fields != NULL && f < entry->fields->len; f++)
        {
          VaultForeignField *field = g_ptr_array_index (entry->fields, f);

          check_text (field->name);
          check_text (field->value);
        }
      if (entry->history != NULL)
        {
          g_assert_cmpuint (entry->history->len, <=, VAULT_IMPORT_MAX_HISTORY);
          for (guint h = 0; h < entry->history->len; h++)
            check_text (g_array_index (entry->history, VaultForeignHistory, h).password);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const VaultImportOptions options = { .password = FUZZ_KDBX_PASSWORD };
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *copy = NULL;

  if (size < 1)
    return 0;
  /* Its own buffer, so a read past the end is seen. */
  copy = g_memdup2 (data + 1, size - 1);
  switch (data[0])
    {
    case 0:
      /* As the app reads it: titles filled in after. */
      import = vault_import_read (VAULT_FORMAT_KDBX, copy, size - 1, &options, NULL, &error);
      break;
    case 1:
      import = vault_kdbx_read_xml (copy, size - 1, 4, NULL, 0, &error);
      break;
    case 2:
      import = vault_kdbx_read_xml (copy, size - 1, 3, (const guint8 *) FUZZ_KDBX_STREAM_KEY,
                                    strlen (FUZZ_KDBX_STREAM_KEY), &error);
      break;
    default:
      return 0;
    }
  check_import (import, error);
  return 0;
}
