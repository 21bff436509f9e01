/* vault-export-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries written as CSV in KeePassXC's layout, byte for byte as
 * KeePassXC 2.7 exports it, built in secure memory.
 */
#include "config.h"

#include "vault-import-private.h"

#include <string.h>

/* KeePassXC's CsvExporter: every value quoted, quotes doubled, LF after
 * every row, the group path from the root, times in ISO 8601 UTC. Its own
 * CSV import drops a first group named "Root", so that is the root's name
 * here whatever it was called where the entries came from. Fields and
 * history have no column: a KDBX export keeps them. */
static const char header[] =
  "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\","
  "\"Last Modified\",\"Created\"\n";

static void
append_value (VaultSecureString *out,
              const char        *value,
              gboolean           first)
{
  const char *p = value != NULL ? value : "";

  if (!first)
    vault_secure_string_append_c (out, ',');
  vault_secure_string_append_c (out, '"');
  for (const char *quote; (quote = strchr (p, '"')) != NULL; p = quote + 1)
    {
      /* Up to and with the quote, then the quote again. */
      vault_secure_string_append_len (out, p, quote + 1 - p);
      vault_secure_string_append_c (out, '"');
    }
  vault_secure_string_append (out, p);
  vault_secure_string_append_c (out, '"');
}

/* As Qt's ISODate writes a UTC time: "2024-01-31T10:00:00Z"; empty when
 * unknown. */
static void
append_time (VaultSecureString *out,
             gint64             seconds)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (seconds > 0)
    time = g_date_time_new_from_unix_utc (seconds);
  if (time != NULL)
    text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ");
  append_value (out, text, FALSE);
}

VaultSecureBuf *
vault_export_csv (const VaultImport  *entries,
                  GError            **error)
{
  g_autoptr(VaultSecureString) out = NULL;

  g_return_val_if_fail (entries != NULL, NULL);

  out = vault_secure_string_new (4096 + entries->entries->len * 256);
  vault_secure_string_append (out, header);
  for (guint i = 0; i < entries->entries->len; i++)
    {
      const VaultForeignEntry *entry = g_ptr_array_index (entries->entries, i);
      g_autofree char *group = NULL;

      if (entry->tags != NULL && entry->tags[0] != NULL && *entry->tags[0] != '\0')
        group = g_strconcat ("Root/", entry->tags[0], NULL);
      append_value (out, group != NULL ? group : "Root", TRUE);
      append_value (out, entry->title, FALSE);
      append_value (out, entry->username, FALSE);
      append_value (out, entry->password, FALSE);
      append_value (out, entry->url, FALSE);
      append_value (out, entry->notes, FALSE);
      append_value (out, entry->otp, FALSE);
      append_value (out, "0", FALSE);
      append_time (out, entry->modified);
      append_time (out, entry->created);
      vault_secure_string_append_c (out, '\n');
    }
  return vault_secure_string_free_to_buf (g_steal_pointer (&out));
}
