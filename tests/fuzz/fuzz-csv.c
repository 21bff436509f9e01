/* fuzz-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for CSV import: any bytes are detected and read as
 * vault_import_read() reads them (another CSV through the mapping guessed
 * from its header), then read again as another layout and with every
 * column mapped, to reach every part a column can play. Whatever is read
 * is valid UTF-8, and exported as KeePassXC's CSV it reads back the same.
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

static void
check_import (const VaultImport *import)
{
  for (guint i = 0; i < import->entries->len; i++)
    {
      const VaultForeignEntry *e = g_ptr_array_index (import->entries, i);

      g_assert_nonnull (e->title);
      g_assert_nonnull (e->where);
      assert_text (e->title);
      assert_text (e->username);
      assert_text (e->url);
      assert_text (e->password);
      assert_text (e->notes);
      assert_text (e->otp);
      for (guint t = 0; e->tags != NULL && e->tags[t] != NULL; t++)
        {
          assert_text (e->tags[t]);
          g_assert_cmpstr (e->tags[t], !=, "");
        }
      for (guint f = 0; e->fields != NULL && f < e->fields->len; f++)
        {
          const VaultForeignField *field = g_ptr_array_index (e->fields, f);

          assert_text (field->name);
          assert_text (field->value);
        }
      g_assert_cmpint (e->created, >=, 0);
      g_assert_cmpint (e->modified, >=, 0);
    }
}

static void
check_error (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == VAULT_ERROR);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* KeePassXC's CSV holds title, username, password, website, notes, the
 * one-time code, the first tag and the times: each comes back. */
static void
check_round_trip (const VaultImport *import)
{
  g_autoptr(VaultSecureBuf) csv = NULL;
  g_autoptr(VaultImport) back = NULL;
  g_autoptr(GError) error = NULL;

  csv = vault_export_csv (import, &error);
  g_assert_no_error (error);
  back = vault_import_read (VAULT_FORMAT_CSV_KEEPASSXC, csv->data, csv->len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->entries->len, ==, import->entries->len);
  for (guint i = 0; i < import->entries->len; i++)
    {
      const VaultForeignEntry *a = g_ptr_array_index (import->entries, i);
      const VaultForeignEntry *b = g_ptr_array_index (back->entries, i);

      g_assert_cmpstr (b->title, ==, a->title);
      g_assert_cmpstr (or_empty (b->username), ==, or_empty (a->username));
      g_assert_cmpstr (or_empty (b->password), ==, or_empty (a->password));
      g_assert_cmpstr (or_empty (b->url), ==, or_empty (a->url));
      g_assert_cmpstr (or_empty (b->notes), ==, or_empty (a->notes));
      g_assert_cmpstr (or_empty (b->otp), ==, or_empty (a->otp));
      g_assert_cmpstr (b->tags != NULL ? b->tags[0] : NULL, ==,
                       a->tags != NULL ? a->tags[0] : NULL);
      g_assert_cmpint (b->created, ==, a->created);
      g_assert_cmpint (b->modified, ==, a->modified);
    }
}

static void
read_as (VaultFormat            format,
         const uint8_t         *data,
         size_t                 size,
         const VaultCsvMapping *mapping,
         gboolean               round_trip)
{
  VaultImportOptions options = { .mapping = mapping };
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(GError) error = NULL;

  import = vault_import_read (format, data, size, &options, NULL, &error);
  if (import == NULL)
    {
      check_error (error);
      return;
    }
  g_assert_no_error (error);
  check_import (import);
  if (round_trip)
    check_round_trip (import);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) header = NULL;
  VaultCsvMapping guessed, every;
  VaultFormat format, forced;
  guint n;

  format = vault_import_detect (data, size, &error);
  if (format == VAULT_FORMAT_UNKNOWN)
    g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  header = vault_csv_read_header (data, size, &error);
  if (header == NULL)
    {
      check_error (error);
      /* No header, no CSV: a detected format said otherwise. */
      g_assert_false (vault_format_is_csv (format));
      n = 0;
    }
  else
    n = g_strv_length (header);
  g_clear_error (&error);

  /* As a person would: the detected format, another CSV through the
   * mapping guessed from its header. KDBX has its own harness. */
  if (header != NULL)
    vault_csv_guess_mapping ((const char * const *) header, &guessed);
  if (vault_format_is_csv (format) || format == VAULT_FORMAT_BITWARDEN_JSON)
    read_as (format, data, size, header != NULL ? &guessed : NULL, TRUE);

  /* Another layout forced on it, and every column mapped to some part:
   * one of each an input, chosen by its size, as each read costs an
   * import's secure memory. */
  forced = VAULT_FORMAT_CSV_KEEPASSXC +
           size % (VAULT_FORMAT_CSV_OTHER - VAULT_FORMAT_CSV_KEEPASSXC);
  if (forced != format)
    read_as (forced, data, size, NULL, FALSE);
  for (guint c = 0; c < VAULT_N_COLUMNS; c++)
    every.column[c] = n > 0 ? (int) ((c + size) % n) : -1;
  read_as (VAULT_FORMAT_CSV_OTHER, data, size, &every, FALSE);
  return 0;
}
