/* vault-kdbx-payload.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The unpacked payload of a KDBX database read as it arrives: the KDBX 4
 * inner header (the stream's key; attachments passed over), then the XML,
 * checked as UTF-8 and fed to GMarkup with vault-kdbx-xml.c's callbacks.
 */
#include "config.h"

#include "vault-kdbx-payload.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

#define MAX_STREAM_KEY 1024

/* --- Feeding ------------------------------------------------------------------- */

VaultKdbxPayload *
vault_kdbx_payload_new (VaultImport     *import,
                        guint            major,
                        VaultKdbxStream *stream,
                        const guint8    *header_hash)
{
  VaultKdbxPayload *p = g_new0 (VaultKdbxPayload, 1);

  p->import = import;
  p->major = major;
  p->stream = stream;
  p->in_xml = major < 4;
  if (header_hash != NULL)
    {
      memcpy (p->header_hash, header_hash, 32);
      p->have_header_hash = TRUE;
    }
  p->context = g_markup_parse_context_new (&vault_kdbx_xml_parser, G_MARKUP_TREAT_CDATA_AS_TEXT,
                                           p, NULL);
  p->text = vault_secure_string_new (4096);
  p->value = vault_secure_string_new (4096);
  p->totp_seed = vault_secure_string_new (64);
  p->history_text = vault_secure_string_new (1024);
  p->history = g_array_new (FALSE, FALSE, sizeof (VaultKdbxHistoryItem));
  p->groups = g_array_new (FALSE, TRUE, sizeof (VaultKdbxGroup));
  g_array_set_clear_func (p->groups, vault_kdbx_group_clear);
  p->recycle_enabled = TRUE;
  return p;
}

void
vault_kdbx_payload_free (VaultKdbxPayload *p)
{
  if (p == NULL)
    return;
  g_markup_parse_context_free (p->context);
  vault_kdbx_stream_free (p->stream);
  vault_secure_buf_free (p->stream_key);
  vault_secure_string_free (p->text);
  vault_secure_string_free (p->value);
  vault_secure_string_free (p->totp_seed);
  vault_secure_string_free (p->history_text);
  g_array_unref (p->history);
  g_array_unref (p->groups);
  g_free (p->key);
  g_free (p->tags);
  g_free (p->totp_settings);
  g_free (p);
}

static gboolean
inner_header_damaged (GError **error)
{
  return vault_kdbx_damaged (error, _("The database is damaged: the header inside its "
                                      "contents cannot be read."));
}

/* A whole inner header field has been read. */
static gboolean
end_inner_field (VaultKdbxPayload  *p,
                 GError           **error)
{
  guint8 id = p->head[0];

  p->head_len = 0;
  if (id == VAULT_KDBX_INNER_STREAM_ID)
    p->have_stream_id = TRUE;
  else if (id == VAULT_KDBX_INNER_END)
    {
      if (!p->have_stream_id || p->stream_key == NULL)
        return inner_header_damaged (error);
      p->stream = vault_kdbx_stream_new (vault_kdbx_read_u32 (p->stream_id_bytes),
                                         p->stream_key->data, p->stream_key->len, error);
      if (p->stream == NULL)
        return FALSE;
      p->in_xml = TRUE;
    }
  return TRUE;
}

/* The KDBX 4 inner header, as it arrives: the stream's algorithm and key
 * are kept; binaries (attachments) are passed over, counted per entry. */
static gboolean
feed_inner_header (VaultKdbxPayload  *p,
                   const guint8     **data,
                   gsize             *len,
                   GError           **error)
{
  while (*len > 0 && !p->in_xml)
    {
      gsize n;

      if (p->head_len < sizeof p->head)
        {
          n = MIN (*len, sizeof p->head - p->head_len);
          memcpy (p->head + p->head_len, *data, n);
          p->head_len += n;
          *data += n;
          *len -= n;
          if (p->head_len < sizeof p->head)
            break;

          p->field_len = vault_kdbx_read_u32 (p->head + 1);
          p->field_done = 0;
          switch (p->head[0])
            {
            case VAULT_KDBX_INNER_STREAM_ID:
              if (p->field_len != 4)
                return inner_header_damaged (error);
              break;
            case VAULT_KDBX_INNER_STREAM_KEY:
              if (p->field_len == 0 || p->field_len > MAX_STREAM_KEY)
                return inner_header_damaged (error);
              g_clear_pointer (&p->stream_key, vault_secure_buf_free);
              p->stream_key = vault_secure_buf_new (p->field_len);
              break;
            case VAULT_KDBX_INNER_BINARY:
              if (p->field_len == 0)
                return inner_header_damaged (error);
              break;
            default:
              break;
            }
          if (p->field_len == 0 && !end_inner_field (p, error))
            return FALSE;
          continue;
        }

      n = MIN (*len, (gsize) (p->field_len - p->field_done));
      if (p->head[0] == VAULT_KDBX_INNER_STREAM_ID)
        memcpy (p->stream_id_bytes + p->field_done, *data, n);
      else if (p->head[0] == VAULT_KDBX_INNER_STREAM_KEY)
        memcpy (p->stream_key->data + p->field_done, *data, n);
      p->field_done += n;
      *data += n;
      *len -= n;
      if (p->field_done == p->field_len && !end_inner_field (p, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
markup_failed (VaultKdbxPayload  *p,
               GError            *local_error,
               GError           **error)
{
  if (local_error->domain == G_MARKUP_ERROR)
    {
      int line = 0, column = 0;

      /* GMarkup's own message may quote the document: only the line is told. */
      g_markup_parse_context_get_position (p->context, &line, &column);
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                   _("The database is damaged: its XML cannot be read (line %d)."), line);
      g_error_free (local_error);
    }
  else
    g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
parse_markup (VaultKdbxPayload  *p,
              const char        *text,
              gsize              len,
              GError           **error)
{
  GError *local_error = NULL;

  if (len > 0 && !g_markup_parse_context_parse (p->context, text, len, &local_error))
    return markup_failed (p, local_error, error);
  return TRUE;
}

/* The document must be UTF-8 without NUL, as XML is: checked here, piece by
 * piece, a character cut between two pieces kept for the next. GMarkup
 * checks too, but GLib 2.74 goes on parsing after refusing a CDATA
 * section, and sets a second error over the first. */
static gboolean
feed_markup (VaultKdbxPayload  *p,
             const char        *text,
             gsize              len,
             GError           **error)
{
  const char *end;

  while (p->carry_len > 0 && len > 0)
    {
      gunichar c;

      p->carry[p->carry_len++] = *text++;
      len--;
      c = g_utf8_get_char_validated (p->carry, p->carry_len);
      if (c == (gunichar) -1 || c == 0 || (c == (gunichar) -2 && p->carry_len >= 4))
        return vault_kdbx_damaged (error, _("The database is damaged: its XML is not valid "
                                            "UTF-8."));
      if (c != (gunichar) -2)
        {
          if (!parse_markup (p, p->carry, p->carry_len, error))
            return FALSE;
          p->carry_len = 0;
        }
    }
  if (len == 0)
    return TRUE;

  if (!g_utf8_validate_len (text, len, &end))
    {
      gsize rest = text + len - end;

      if (rest >= 4 || g_utf8_get_char_validated (end, rest) != (gunichar) -2)
        return vault_kdbx_damaged (error, _("The database is damaged: its XML is not valid "
                                            "UTF-8."));
      memcpy (p->carry, end, rest);
      p->carry_len = rest;
      len -= rest;
    }
  return parse_markup (p, text, len, error);
}

gboolean
vault_kdbx_payload_feed (const guint8  *data,
                         gsize          len,
                         gpointer       user_data,
                         GError       **error)
{
  static const guint8 bom[3] = { 0xEF, 0xBB, 0xBF };
  VaultKdbxPayload *p = user_data;

  if (len > VAULT_KDBX_MAX_PAYLOAD - p->total)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database unpacks to more than %d MB, more than Vault imports at "
                     "once."), (int) (VAULT_KDBX_MAX_PAYLOAD / (1024 * 1024)));
      return FALSE;
    }
  p->total += len;

  if (!p->in_xml && !feed_inner_header (p, &data, &len, error))
    return FALSE;
  /* A byte-order mark before the document, which GMarkup does not take. */
  while (len > 0 && p->bom_seen < sizeof bom && data[0] == bom[p->bom_seen])
    {
      p->bom_seen++;
      data++;
      len--;
    }
  if (len > 0)
    p->bom_seen = sizeof bom;
  return feed_markup (p, (const char *) data, len, error);
}

gboolean
vault_kdbx_payload_finish (VaultKdbxPayload  *p,
                           GError           **error)
{
  GError *local_error = NULL;

  if (!p->in_xml)
    return vault_kdbx_damaged (error, _("The database is damaged: its contents end inside their "
                                        "inner header. The file may be truncated."));
  if (!g_markup_parse_context_end_parse (p->context, &local_error))
    return markup_failed (p, local_error, error);
  if (!p->root_seen)
    return vault_kdbx_damaged (error, _("The database is damaged: it has no root group."));
  return TRUE;
}

VaultImport *
vault_kdbx_read_xml (const guint8  *data,
                     gsize          len,
                     guint          major,
                     const guint8  *stream_key,
                     gsize          stream_key_len,
                     GError       **error)
{
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_KDBX);
  g_autoptr(VaultKdbxPayload) payload = NULL;
  VaultKdbxStream *stream = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (major == 3 || major == 4, NULL);

  if (major == 3)
    {
      stream = vault_kdbx_stream_new (VAULT_KDBX_STREAM_SALSA20, stream_key, stream_key_len, error);
      if (stream == NULL)
        return NULL;
    }
  payload = vault_kdbx_payload_new (import, major, stream, NULL);
  /* In small pieces, as the unpacker hands them over. */
  for (gsize done = 0; done < len;)
    {
      gsize n = MIN (len - done, (gsize) 4093);

      if (!vault_kdbx_payload_feed (data + done, n, payload, error))
        return NULL;
      done += n;
    }
  if (!vault_kdbx_payload_finish (payload, error))
    return NULL;
  for (guint i = 0; i < import->entries->len; i++)
    vault_foreign_entry_fill_title (g_ptr_array_index (import->entries, i));
  return g_steal_pointer (&import);
}
