/* vault-kdbx-xml.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The XML document of a KDBX database read into entries, element by element
 * from GMarkup: groups become tags, the recycle bin is left out, protected
 * values are opened in document order with the inner random stream.
 */
#include "config.h"

#include "vault-kdbx-payload.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

/* The text of one value may be this long: a field's bound, in Base64. */
#define MAX_TEXT (VAULT_IMPORT_MAX_FIELD / 3 * 4 + 8)

gboolean
vault_kdbx_damaged (GError     **error,
                    const char  *message)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED, message);
  return FALSE;
}

static void
string_clear (VaultSecureString *string)
{
  string->len = 0;
  string->str[0] = '\0';
}

void
vault_kdbx_group_clear (gpointer data)
{
  VaultKdbxGroup *group = data;

  g_free (group->name);
  g_free (group->path);
}

/* --- Where an entry is, for messages ------------------------------------------ */

static const char *
group_path (VaultKdbxPayload *p)
{
  VaultKdbxGroup *group = &g_array_index (p->groups, VaultKdbxGroup, p->groups->len - 1);

  /* The root group's own name is no part of the path, as in KeePassXC. */
  if (group->path == NULL)
    {
      GString *path = g_string_new (NULL);

      for (guint i = 1; i < p->groups->len; i++)
        {
          const char *name = g_array_index (p->groups, VaultKdbxGroup, i).name;

          if (name == NULL || *name == '\0')
            continue;
          if (path->len > 0)
            g_string_append_c (path, '/');
          g_string_append (path, name);
        }
      group->path = g_string_free (path, FALSE);
    }
  return group->path;
}

static char *
describe_entry (VaultKdbxPayload *p,
                const char       *title)
{
  const char *path = group_path (p);
  g_autofree char *shown = NULL;

  if (title != NULL && *title != '\0')
    {
      /* A title is at most a line of a message. */
      if (strlen (title) > 64)
        title = shown = g_utf8_substring (title, 0, MIN (g_utf8_strlen (title, -1), 64));
      if (*path != '\0')
        return g_strdup_printf (_("entry “%s” in group %s"), title, path);
      return g_strdup_printf (_("entry “%s”"), title);
    }
  if (*path != '\0')
    return g_strdup_printf (_("entry %u in group %s"), p->n_entries, path);
  return g_strdup_printf (_("entry %u"), p->n_entries);
}

/* --- Values -------------------------------------------------------------------- */

/* KDBX 4 writes Base64 of the seconds since 0001-01-01; KDBX 3, ISO 8601. */
static gint64
parse_time (const char *text,
            gsize       len)
{
  while (len > 0 && g_ascii_isspace (*text))
    text++, len--;
  while (len > 0 && g_ascii_isspace (text[len - 1]))
    len--;
  if (len == 0 || len > 64)
    return 0;

  if (vault_kdbx_is_base64 (text, len))
    {
      char copy[65];
      guint8 bytes[8] = { 0 };
      gsize n = 0;
      guint64 seconds;

      memcpy (copy, text, len);
      copy[len] = '\0';
      g_base64_decode_inplace (copy, &n);
      memcpy (bytes, copy, MIN (n, 8));
      seconds = vault_kdbx_read_u64 (bytes);
      if (seconds > G_MAXINT64 || (gint64) seconds < VAULT_KDBX_EPOCH_OFFSET)
        return 0;
      return (gint64) seconds - VAULT_KDBX_EPOCH_OFFSET;
    }
  else
    {
      g_autofree char *copy = g_strndup (text, len);
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (copy, utc);
      gint64 seconds = time != NULL ? g_date_time_to_unix (time) : 0;

      return MAX (seconds, 0);
    }
}

static gboolean
parse_bool (const char *text)
{
  return g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0;
}

/* The 16 bytes of a Base64 UUID; FALSE when it is not one. */
static gboolean
parse_uuid (const char *text,
            gsize       len,
            guint8      out[16])
{
  char copy[25];
  gsize n = 0;

  if (len != 24 || !vault_kdbx_is_base64 (text, len))
    return FALSE;
  memcpy (copy, text, len);
  copy[len] = '\0';
  g_base64_decode_inplace (copy, &n);
  if (n != 16)
    return FALSE;
  memcpy (out, copy, 16);
  return TRUE;
}

static void
append_escaped (VaultSecureString *out,
                const char        *text,
                gsize              len)
{
  static const char hex[] = "0123456789ABCDEF";

  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (g_ascii_isalnum (c) || c == '-' || c == '.' || c == '_' || c == '~')
        vault_secure_string_append_c (out, c);
      else
        {
          vault_secure_string_append_c (out, '%');
          vault_secure_string_append_c (out, hex[c >> 4]);
          vault_secure_string_append_c (out, hex[c & 15]);
        }
    }
}

/* KeePassXC's older TOTP pair, "TOTP Seed" and "TOTP Settings" ("30;6",
 * "30;S" for Steam), as the otp field: the seed alone when the settings
 * are the usual ones, else an otpauth:// URI. */
static char *
legacy_otp (VaultKdbxPayload *p)
{
  g_autoptr(VaultSecureString) uri = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 period = 30, digits = 6;
  gboolean steam = FALSE;

  if (p->totp_settings != NULL)
    parts = g_strsplit (p->totp_settings, ";", 3);
  if (parts != NULL && parts[0] != NULL && parts[1] != NULL)
    {
      steam = strcmp (parts[1], "S") == 0;
      if (!g_ascii_string_to_unsigned (parts[0], 10, 1, 3600, &period, NULL) ||
          (!steam && !g_ascii_string_to_unsigned (parts[1], 10, 1, 10, &digits, NULL)))
        period = 30, digits = 6, steam = FALSE;
    }
  if (period == 30 && digits == 6 && !steam)
    return vault_import_keep_secret (p->import, p->totp_seed->str, p->totp_seed->len);

  uri = vault_secure_string_new (128);
  vault_secure_string_append (uri, "otpauth://totp/?secret=");
  append_escaped (uri, p->totp_seed->str, p->totp_seed->len);
  if (steam)
    vault_secure_string_append (uri, "&encoder=steam&digits=5");
  else
    {
      char number[32];

      g_snprintf (number, sizeof number, "&digits=%" G_GUINT64_FORMAT, digits);
      vault_secure_string_append (uri, number);
    }
  {
    char number[32];

    g_snprintf (number, sizeof number, "&period=%" G_GUINT64_FORMAT, period);
    vault_secure_string_append (uri, number);
  }
  return vault_import_keep_secret (p->import, uri->str, uri->len);
}

/* --- Entries --------------------------------------------------------------- */

static gboolean
begin_entry (VaultKdbxPayload  *p,
             GError           **error)
{
  VaultKdbxGroup *group = &g_array_index (p->groups, VaultKdbxGroup, p->groups->len - 1);

  if (p->n_entries >= VAULT_IMPORT_MAX_ENTRIES)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database holds more than %d entries, more than Vault imports at "
                     "once."), VAULT_IMPORT_MAX_ENTRIES);
      return FALSE;
    }
  p->n_entries++;
  p->in_entry = TRUE;
  if (group->recycled)
    {
      p->entry = NULL;
      p->import->skipped[VAULT_SKIP_RECYCLE_BIN]++;
    }
  else
    p->entry = vault_import_add_entry (p->import);
  g_clear_pointer (&p->tags, g_free);
  g_clear_pointer (&p->totp_settings, g_free);
  string_clear (p->totp_seed);
  string_clear (p->history_text);
  g_array_set_size (p->history, 0);
  return TRUE;
}

static gboolean
same_password (VaultKdbxPayload  *p,
               const VaultKdbxHistoryItem *a,
               const char        *password,
               gsize              len)
{
  return a->len == len && memcmp (p->history_text->str + a->offset, password, len) == 0;
}

/* A version of the entry from its <History>: only its password is kept,
 * and only when it changed in the next version. */
static void
end_history_entry (VaultKdbxPayload *p)
{
  VaultKdbxHistoryItem *last;

  if (p->entry == NULL)
    return;
  last = p->history->len > 0
         ? &g_array_index (p->history, VaultKdbxHistoryItem, p->history->len - 1) : NULL;
  p->item.first = p->item.changed;
  if (last != NULL && same_password (p, last, p->history_text->str + p->item.offset, p->item.len))
    {
      p->item.first = last->first;
      *last = p->item;
    }
  else
    g_array_append_val (p->history, p->item);
  /* One more than kept, so the last can still be dropped below. */
  if (p->history->len > VAULT_IMPORT_MAX_HISTORY + 1)
    g_array_remove_index (p->history, 0);
}

static void
add_tag (GPtrArray  *tags,
         const char *tag,
         gsize       len)
{
  g_autofree char *copy = g_strstrip (g_strndup (tag, len));

  if (*copy == '\0')
    return;
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), copy) == 0)
      return;
  g_ptr_array_add (tags, g_steal_pointer (&copy));
}

static gboolean
end_entry (VaultKdbxPayload  *p,
           GError           **error)
{
  VaultForeignEntry *entry = p->entry;
  g_autoptr(GPtrArray) tags = NULL;
  const char *path;
  const char *password;
  guint n;

  p->in_entry = FALSE;
  p->entry = NULL;
  if (entry == NULL)
    return TRUE;

  path = group_path (p);
  if (strlen (path) > VAULT_IMPORT_MAX_FIELD)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database has groups nested too deeply for Vault (at entry %u)."),
                   p->n_entries);
      return FALSE;
    }

  /* The group path first: it is the group the entry goes back to. */
  tags = g_ptr_array_new_with_free_func (g_free);
  add_tag (tags, path, strlen (path));
  for (const char *t = p->tags; t != NULL && *t != '\0';)
    {
      gsize len = strcspn (t, ";,");

      add_tag (tags, t, len);
      t += len;
      if (*t != '\0')
        t++;
    }
  if (tags->len > 0)
    {
      g_ptr_array_add (tags, NULL);
      entry->tags = (GStrv) g_ptr_array_steal (tags, NULL);
    }

  if (entry->otp == NULL && p->totp_seed->len > 0)
    entry->otp = legacy_otp (p);

  password = entry->password != NULL ? entry->password : "";
  n = p->history->len;
  if (n > 0 && same_password (p, &g_array_index (p->history, VaultKdbxHistoryItem, n - 1), password,
                              strlen (password)))
    n--;
  /* Vault's history says when each password was replaced (docs/FORMAT.md):
   * when the first version with the next password was written, or the
   * entry itself when that is the current one. A version's own time is only
   * when it was last edited, however long its password stayed after. */
  for (guint i = n > VAULT_IMPORT_MAX_HISTORY ? n - VAULT_IMPORT_MAX_HISTORY : 0; i < n; i++)
    {
      VaultKdbxHistoryItem *item = &g_array_index (p->history, VaultKdbxHistoryItem, i);
      gint64 replaced = i + 1 < p->history->len
                        ? g_array_index (p->history, VaultKdbxHistoryItem, i + 1).first
                        : entry->modified;

      vault_foreign_entry_add_history (p->import, entry, replaced > 0 ? replaced : item->changed,
                                       p->history_text->str + item->offset, item->len);
    }

  entry->where = describe_entry (p, entry->title);
  return TRUE;
}

static char *
text_or_null (VaultSecureString *value)
{
  return value->len > 0 ? g_strndup (value->str, value->len) : NULL;
}

static void
set_secret (VaultKdbxPayload  *p,
            char             **field)
{
  /* Set twice, the first copy stays in the arena until it is freed. */
  *field = p->value->len > 0 ? vault_import_keep_secret (p->import, p->value->str, p->value->len)
                             : NULL;
}

static void
end_string (VaultKdbxPayload *p)
{
  VaultForeignEntry *entry = p->entry;
  const char *key = p->key;

  if (key == NULL || !p->value_set)
    return;

  if (p->in_history)
    {
      if (strcmp (key, "Password") == 0)
        {
          /* One entry's old passwords, bounded: past 16 MiB of them (a
           * thousand of 16 KiB each) the rest come in empty, and an empty
           * old password is not kept. */
          if (p->history_text->len + p->value->len > 16 * 1024 * 1024)
            {
              p->item.offset = 0;
              p->item.len = 0;
              return;
            }
          p->item.offset = p->history_text->len;
          p->item.len = p->value->len;
          vault_secure_string_append_len (p->history_text, p->value->str, p->value->len);
        }
      return;
    }
  if (entry == NULL)
    return;

  if (strcmp (key, "Title") == 0)
    {
      g_free (entry->title);
      entry->title = text_or_null (p->value);
    }
  else if (strcmp (key, "UserName") == 0)
    {
      g_free (entry->username);
      entry->username = text_or_null (p->value);
    }
  else if (strcmp (key, "URL") == 0)
    {
      g_free (entry->url);
      entry->url = text_or_null (p->value);
    }
  else if (strcmp (key, "Password") == 0)
    set_secret (p, &entry->password);
  else if (strcmp (key, "Notes") == 0)
    set_secret (p, &entry->notes);
  else if (strcmp (key, "otp") == 0)
    set_secret (p, &entry->otp);
  else if (strcmp (key, "TOTP Seed") == 0)
    {
      string_clear (p->totp_seed);
      vault_secure_string_append_len (p->totp_seed, p->value->str, p->value->len);
    }
  else if (strcmp (key, "TOTP Settings") == 0)
    {
      g_free (p->totp_settings);
      p->totp_settings = g_strndup (p->value->str, p->value->len);
    }
  else
    vault_foreign_entry_add_field (p->import, entry, key, p->value->str, p->value->len,
                                   p->value_secret);
}

/* --- GMarkup -------------------------------------------------------------------- */

static VaultKdbxElement
element_kind (VaultKdbxPayload *p,
              VaultKdbxElement           parent,
              const char       *name)
{
  switch (parent)
    {
    case EL_FILE:
      if (strcmp (name, "Meta") == 0)
        return EL_META;
      if (strcmp (name, "Root") == 0)
        return EL_ROOT;
      break;
    case EL_META:
      if (strcmp (name, "HeaderHash") == 0)
        return EL_HEADER_HASH;
      if (strcmp (name, "RecycleBinEnabled") == 0)
        return EL_RECYCLE_ENABLED;
      if (strcmp (name, "RecycleBinUUID") == 0)
        return EL_RECYCLE_UUID;
      break;
    case EL_ROOT:
      if (strcmp (name, "Group") == 0)
        return EL_GROUP;
      break;
    case EL_GROUP:
      if (strcmp (name, "Entry") == 0)
        return EL_ENTRY;
      if (strcmp (name, "Group") == 0)
        return EL_GROUP;
      if (strcmp (name, "UUID") == 0)
        return EL_GROUP_UUID;
      if (strcmp (name, "Name") == 0)
        return EL_GROUP_NAME;
      break;
    case EL_ENTRY:
      if (strcmp (name, "String") == 0)
        return EL_STRING;
      if (strcmp (name, "Times") == 0)
        return EL_TIMES;
      if (strcmp (name, "Binary") == 0)
        return EL_BINARY;
      if (strcmp (name, "Tags") == 0)
        return EL_TAGS;
      /* A history entry's own history is no part of the entry. */
      if (strcmp (name, "History") == 0 && !p->in_history)
        return EL_HISTORY;
      break;
    case EL_TIMES:
      if (strcmp (name, "CreationTime") == 0)
        return EL_CREATED;
      if (strcmp (name, "LastModificationTime") == 0)
        return EL_MODIFIED;
      break;
    case EL_STRING:
      if (strcmp (name, "Key") == 0)
        return EL_KEY;
      if (strcmp (name, "Value") == 0)
        return EL_VALUE;
      break;
    case EL_HISTORY:
      if (strcmp (name, "Entry") == 0)
        return EL_ENTRY;
      break;
    default:
      break;
    }
  return EL_OTHER;
}

static gboolean
is_kept (VaultKdbxElement element)
{
  switch (element)
    {
    case EL_HEADER_HASH:
    case EL_RECYCLE_ENABLED:
    case EL_RECYCLE_UUID:
    case EL_GROUP_UUID:
    case EL_GROUP_NAME:
    case EL_TAGS:
    case EL_CREATED:
    case EL_MODIFIED:
    case EL_KEY:
    case EL_VALUE:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  VaultKdbxPayload *p = user_data;
  VaultKdbxElement element;
  guint8 flags = 0;

  if (p->depth == 0)
    {
      if (strcmp (name, "KeePassFile") != 0)
        {
          vault_kdbx_damaged (error, _("The database is damaged: its contents are not a KeePass "
                            "document."));
          return;
        }
      element = EL_FILE;
    }
  else if (p->depth >= VAULT_KDBX_MAX_DEPTH)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database’s XML is nested more than %d elements deep, more than "
                     "Vault reads."), VAULT_KDBX_MAX_DEPTH);
      return;
    }
  else
    element = element_kind (p, p->stack[p->depth - 1], name);

  for (guint i = 0; attribute_names[i] != NULL; i++)
    {
      if (strcmp (attribute_names[i], "Protected") == 0 && parse_bool (attribute_values[i]))
        flags |= FLAG_PROTECTED;
      else if (strcmp (attribute_names[i], "ProtectInMemory") == 0 &&
               parse_bool (attribute_values[i]))
        flags |= FLAG_PROTECT_IN_MEMORY;
    }

  switch (element)
    {
    case EL_GROUP:
      {
        VaultKdbxGroup group = { 0 };

        if (p->stack[p->depth - 1] == EL_ROOT && p->root_seen)
          {
            vault_kdbx_damaged (error, _("The database is damaged: it has more than one root "
                                         "group."));
            return;
          }
        if (p->groups->len > 0)
          group.recycled = g_array_index (p->groups, VaultKdbxGroup, p->groups->len - 1).recycled;
        g_array_append_val (p->groups, group);
      }
      break;
    case EL_ENTRY:
      if (p->stack[p->depth - 1] == EL_HISTORY)
        {
          p->in_history = TRUE;
          memset (&p->item, 0, sizeof p->item);
        }
      else if (!begin_entry (p, error))
        return;
      break;
    case EL_STRING:
      g_clear_pointer (&p->key, g_free);
      p->value_set = FALSE;
      break;
    default:
      break;
    }

  p->stack[p->depth] = element;
  p->flags[p->depth] = flags;
  p->depth++;
  p->collecting = is_kept (element);
  p->counting = !p->collecting && (flags & FLAG_PROTECTED);
  p->base64_chars = 0;
  string_clear (p->text);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  VaultKdbxPayload *p = user_data;

  if (p->collecting)
    {
      if (len > MAX_TEXT - p->text->len)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("The database holds a value longer than %d KB (near entry %u), more "
                         "than Vault imports."), VAULT_IMPORT_MAX_FIELD / 1024, p->n_entries);
          return;
        }
      vault_secure_string_append_len (p->text, text, len);
    }
  else if (p->counting)
    {
      for (gsize i = 0; i < len; i++)
        if (g_ascii_isalnum (text[i]) || text[i] == '+' || text[i] == '/')
          p->base64_chars++;
    }
}

/* Opens a protected value in place: Base64, then XOR with the stream. */
static gboolean
open_protected (VaultKdbxPayload  *p,
                GError           **error)
{
  gsize n = 0;

  if (p->stream == NULL)
    return vault_kdbx_damaged (error, _("The database is damaged: it has protected values but "
                                        "no key for them."));
  /* GLib's decoder wants two characters at least: one holds no byte. */
  if (p->text->len > 1)
    g_base64_decode_inplace (p->text->str, &n);
  p->text->len = n;
  vault_kdbx_stream_xor (p->stream, (guint8 *) p->text->str, n);
  p->text->str[n] = '\0';
  return TRUE;
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  VaultKdbxPayload *p = user_data;
  VaultKdbxElement element = p->stack[p->depth - 1];
  guint8 flags = p->flags[p->depth - 1];
  VaultSecureString *text = p->text;

  p->depth--;
  if (p->counting && p->base64_chars > 0)
    {
      if (p->stream == NULL)
        {
          open_protected (p, error);
          return;
        }
      vault_kdbx_stream_skip (p->stream, p->base64_chars * 3 / 4);
    }
  else if (p->collecting && (flags & FLAG_PROTECTED) && text->len > 0 &&
           !open_protected (p, error))
    return;
  p->collecting = p->counting = FALSE;

  switch (element)
    {
    case EL_HEADER_HASH:
      {
        guint8 hash[48];
        gsize n = 0;

        if (!p->have_header_hash)
          break;
        if (text->len == 44 && vault_kdbx_is_base64 (text->str, text->len))
          {
            g_base64_decode_inplace (text->str, &n);
            memcpy (hash, text->str, MIN (n, sizeof hash));
          }
        if (n != 32 || memcmp (hash, p->header_hash, 32) != 0)
          vault_kdbx_damaged (error, _("The database is damaged: its header does not match "
                                       "the checksum in its contents."));
      }
      break;
    case EL_RECYCLE_ENABLED:
      p->recycle_enabled = parse_bool (text->str);
      break;
    case EL_RECYCLE_UUID:
      p->have_recycle_uuid = parse_uuid (text->str, text->len, p->recycle_uuid);
      break;
    case EL_GROUP_UUID:
      {
        VaultKdbxGroup *group = &g_array_index (p->groups, VaultKdbxGroup, p->groups->len - 1);
        guint8 uuid[16];

        if (p->recycle_enabled && p->have_recycle_uuid &&
            parse_uuid (text->str, text->len, uuid) && memcmp (uuid, p->recycle_uuid, 16) == 0)
          group->recycled = TRUE;
      }
      break;
    case EL_GROUP_NAME:
      {
        VaultKdbxGroup *group = &g_array_index (p->groups, VaultKdbxGroup, p->groups->len - 1);

        g_free (group->name);
        group->name = g_strndup (text->str, text->len);
        g_clear_pointer (&group->path, g_free);
      }
      break;
    case EL_GROUP:
      g_array_set_size (p->groups, p->groups->len - 1);
      if (p->groups->len == 0)
        p->root_seen = TRUE;
      break;
    case EL_TAGS:
      if (p->in_entry && !p->in_history)
        {
          g_free (p->tags);
          p->tags = g_strndup (text->str, text->len);
        }
      break;
    case EL_CREATED:
    case EL_MODIFIED:
      if (p->in_history)
        {
          if (element == EL_MODIFIED)
            p->item.changed = parse_time (text->str, text->len);
        }
      else if (p->entry != NULL)
        {
          if (element == EL_CREATED)
            p->entry->created = parse_time (text->str, text->len);
          else
            p->entry->modified = parse_time (text->str, text->len);
        }
      break;
    case EL_KEY:
      g_free (p->key);
      p->key = g_strndup (text->str, text->len);
      break;
    case EL_VALUE:
      if ((flags & FLAG_PROTECTED) && !g_utf8_validate_len (text->str, text->len, NULL))
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The database is damaged: a protected value of entry %u is not "
                         "text."), p->n_entries);
          return;
        }
      /* The value stays while the next element's text is read. */
      p->text = p->value;
      p->value = text;
      p->value_set = TRUE;
      p->value_secret = (flags & (FLAG_PROTECTED | FLAG_PROTECT_IN_MEMORY)) != 0;
      break;
    case EL_STRING:
      if (p->in_entry)
        end_string (p);
      break;
    case EL_BINARY:
      if (p->entry != NULL && !p->in_history)
        {
          p->entry->attachments++;
          p->import->skipped[VAULT_SKIP_ATTACHMENT]++;
        }
      break;
    case EL_ENTRY:
      if (p->in_history)
        {
          end_history_entry (p);
          p->in_history = FALSE;
        }
      else
        end_entry (p, error);
      break;
    default:
      break;
    }
}

const GMarkupParser vault_kdbx_xml_parser = { xml_start, xml_end, xml_text, NULL, NULL };
