/* vault-payload-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing the payload JSON as a stream of chunks, entry by entry, in the
 * form vault-payload.c reads (docs/FORMAT.md).
 */
#include "vault-payload.h"

#include <string.h>

#include "vault-base64.h"
#include "vault-deletions.h"
#include "vault-entry-private.h"
#include "vault-secure.h"

#define CHUNK_SIZE  (64 * 1024)

static void
put_literal (GString    *out,
             const char *text,
             gsize       len)
{
  g_string_append_len (out, text, (gssize) len);
}

#define PUT(out, literal) put_literal ((out), (literal), sizeof (literal) - 1)

static void
put_string (GString    *out,
            const char *text)
{
  const char *run = text;

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c != '"' && c != '\\' && c >= 0x20)
        continue;
      g_string_append_len (out, run, p - run);
      switch (c)
        {
        case '"': PUT (out, "\\\""); break;
        case '\\': PUT (out, "\\\\"); break;
        case '\n': PUT (out, "\\n"); break;
        case '\r': PUT (out, "\\r"); break;
        case '\t': PUT (out, "\\t"); break;
        case '\b': PUT (out, "\\b"); break;
        case '\f': PUT (out, "\\f"); break;
        default: g_string_append_printf (out, "\\u%04x", c); break;
        }
      run = p + 1;
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
put_int (GString *out,
         gint64   value)
{
  char digits[24];
  int i = sizeof digits;
  guint64 magnitude = value < 0 ? 0 - (guint64) value : (guint64) value;

  do
    {
      digits[--i] = (char) ('0' + magnitude % 10);
      magnitude /= 10;
    }
  while (magnitude > 0);
  if (value < 0)
    digits[--i] = '-';
  g_string_append_len (out, digits + i, (gssize) sizeof digits - i);
}

static void
put_sealed (GString      *out,
            const guint8 *data,
            gsize         len)
{
  gsize old_len;

  if (data == NULL || len == 0)
    {
      PUT (out, "null");
      return;
    }
  old_len = out->len;
  g_string_set_size (out, old_len + VAULT_BASE64_ENCODED_LEN (len) + 2);
  out->str[old_len] = '"';
  vault_base64_encode (data, len, out->str + old_len + 1);
  out->str[out->len - 1] = '"';
}

/* Only entries that have custom fields carry the member. */
static void
put_fields (GString *out,
            GArray  *fields)
{
  if (fields == NULL || fields->len == 0)
    return;
  PUT (out, ",\"fields\":[");
  for (guint k = 0; k < fields->len; k++)
    {
      const VaultEntryField *field = &g_array_index (fields, VaultEntryField, k);

      if (k > 0)
        g_string_append_c (out, ',');
      PUT (out, "{\"id\":");
      put_string (out, field->id);
      PUT (out, ",\"label\":");
      put_string (out, field->label);
      if (field->concealed)
        {
          PUT (out, ",\"concealed\":true,\"sealed\":");
          put_sealed (out, field->sealed != NULL ? g_bytes_get_data (field->sealed, NULL) : NULL,
                      field->sealed != NULL ? g_bytes_get_size (field->sealed) : 0);
        }
      else
        {
          PUT (out, ",\"concealed\":false,\"searchable\":");
          if (field->searchable)
            PUT (out, "true");
          else
            PUT (out, "false");
          PUT (out, ",\"value\":");
          put_string (out, field->value);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
put_entry (GString    *out,
           VaultEntry *entry)
{
  const char * const *tags = vault_entry_get_tags (entry);
  GArray *history = vault_entry_get_history (entry);
  const guint8 *sealed;
  gsize len;

  PUT (out, "{\"id\":");
  put_string (out, vault_entry_get_id (entry));
  PUT (out, ",\"title\":");
  put_string (out, vault_entry_get_title (entry));
  PUT (out, ",\"username\":");
  put_string (out, vault_entry_get_username (entry));
  PUT (out, ",\"url\":");
  put_string (out, vault_entry_get_url (entry));
  PUT (out, ",\"tags\":[");
  for (guint k = 0; tags[k] != NULL; k++)
    {
      if (k > 0)
        g_string_append_c (out, ',');
      put_string (out, tags[k]);
    }
  PUT (out, "],\"favourite\":");
  if (vault_entry_get_favourite (entry))
    PUT (out, "true");
  else
    PUT (out, "false");
  PUT (out, ",\"created\":");
  put_int (out, vault_entry_get_created (entry));
  PUT (out, ",\"modified\":");
  put_int (out, vault_entry_get_modified (entry));
  PUT (out, ",\"password\":");
  sealed = vault_entry_get_sealed_password (entry, &len);
  put_sealed (out, sealed, len);
  PUT (out, ",\"notes\":");
  sealed = vault_entry_get_sealed_notes (entry, &len);
  put_sealed (out, sealed, len);
  sealed = vault_entry_get_sealed_totp (entry, &len);
  if (sealed != NULL)
    {
      PUT (out, ",\"totp\":");
      put_sealed (out, sealed, len);
    }
  put_fields (out, vault_entry_get_fields (entry));
  PUT (out, ",\"history\":[");
  for (guint k = 0; history != NULL && k < history->len; k++)
    {
      VaultHistoryItem *item = &g_array_index (history, VaultHistoryItem, k);

      if (k > 0)
        g_string_append_c (out, ',');
      PUT (out, "{\"changed\":");
      put_int (out, item->changed);
      PUT (out, ",\"password\":");
      sealed = g_bytes_get_data (item->sealed, &len);
      put_sealed (out, sealed, len);
      g_string_append_c (out, '}');
    }
  PUT (out, "]}");
}

static void
put_deletion (const char *id,
              gint64      time,
              gpointer    user_data)
{
  GString *out = user_data;

  if (out->str[out->len - 1] != '[')
    g_string_append_c (out, ',');
  PUT (out, "{\"id\":");
  put_string (out, id);
  PUT (out, ",\"time\":");
  put_int (out, time);
  g_string_append_c (out, '}');
}

gboolean
vault_payload_write (GListModel        *model,
                     VaultPayloadSink   sink,
                     gpointer           user_data,
                     GError           **error)
{
  return vault_payload_write_full (model, NULL, sink, user_data, error);
}

gboolean
vault_payload_write_full (GListModel        *model,
                          VaultDeletions    *deleted,
                          VaultPayloadSink   sink,
                          gpointer           user_data,
                          GError           **error)
{
  g_autoptr(GString) pending = g_string_sized_new (CHUNK_SIZE + 4096);
  guint n = g_list_model_get_n_items (model);
  gboolean ok = TRUE;

  PUT (pending, "{\"entries\":[");
  for (guint i = 0; i < n && ok; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      if (i > 0)
        g_string_append_c (pending, ',');
      put_entry (pending, entry);
      if (pending->len >= CHUNK_SIZE)
        ok = sink (pending, FALSE, user_data, error);
    }
  if (ok)
    {
      PUT (pending, "],\"deleted\":[");
      /* A few thousand records at most in practice: written in one piece. */
      if (deleted != NULL)
        vault_deletions_foreach (deleted, put_deletion, pending);
      PUT (pending, "]}");
      ok = sink (pending, TRUE, user_data, error);
    }
  vault_secure_wipe (pending->str, pending->allocated_len);
  return ok;
}
