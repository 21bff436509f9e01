/* vault-payload.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the payload JSON in one pass. A large vault's payload is tens of
 * megabytes; json-glib reads it a character at a time into a tree of nodes
 * and then copies every value out again, which took seconds and hundreds of
 * megabytes at 100,000 entries. This reader builds entries as it goes (and
 * vault-payload-write.c streams them out), so neither holds a second copy
 * of the vault. The header and the outer document still go through
 * json-glib; the tests check both directions against it.
 */
#include "vault-payload.h"

#include <string.h>

#include "vault-base64.h"
#include "vault-deletions.h"
#include "vault-entry-private.h"
#include "vault-secure.h"
#include "vault-store.h"

#define MAX_DEPTH   64
#define MAX_ENTRIES  VAULT_PAYLOAD_MAX_ENTRIES
#define MAX_TAGS     1000
#define MAX_HISTORY  VAULT_PAYLOAD_MAX_HISTORY
#define MAX_FIELD_ID 64

/* --- Reading ------------------------------------------------------------------- */

typedef struct {
  const char *p;
  const char *end;
  GString    *scratch; /* strings with escapes are decoded here */
} Reader;

static inline void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static inline gboolean
eat (Reader *r,
     char    c)
{
  skip_space (r);
  if (r->p < r->end && *r->p == c)
    {
      r->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
eat_word (Reader     *r,
          const char *word)
{
  gsize len = strlen (word);

  skip_space (r);
  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return FALSE;
  r->p += len;
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Reader  *r,
           gunichar *out)
{
  gunichar value = 0;

  if (r->end - r->p < 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_value (*r->p++);

      if (digit < 0)
        return FALSE;
      value = value << 4 | (gunichar) digit;
    }
  *out = value;
  return TRUE;
}

/* Reads a string. Without escapes *out points into the text itself, else
 * into r->scratch; either way it is valid UTF-8 without NUL, and good only
 * until the next string is read. */
static gboolean
read_string (Reader      *r,
             const char **out,
             gsize       *out_len)
{
  const char *start, *q;

  skip_space (r);
  if (r->p >= r->end || *r->p != '"')
    return FALSE;
  start = q = r->p + 1;
  while (q < r->end && *q != '"' && *q != '\\' && (guchar) *q >= 0x20)
    q++;
  if (q >= r->end || (guchar) *q < 0x20)
    return FALSE;

  if (*q == '"')
    {
      r->p = q + 1;
      *out = start;
      *out_len = (gsize) (q - start);
      return g_utf8_validate_len (start, *out_len, NULL);
    }

  g_string_truncate (r->scratch, 0);
  g_string_append_len (r->scratch, start, q - start);
  r->p = q;
  for (;;)
    {
      const char *run = r->p;
      gunichar c;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (r->scratch, run, r->p - run);
      if (r->p >= r->end || (guchar) *r->p < 0x20)
        return FALSE;
      if (*r->p++ == '"')
        break;
      if (r->p >= r->end)
        return FALSE;
      switch (*r->p++)
        {
        case '"': g_string_append_c (r->scratch, '"'); break;
        case '\\': g_string_append_c (r->scratch, '\\'); break;
        case '/': g_string_append_c (r->scratch, '/'); break;
        case 'b': g_string_append_c (r->scratch, '\b'); break;
        case 'f': g_string_append_c (r->scratch, '\f'); break;
        case 'n': g_string_append_c (r->scratch, '\n'); break;
        case 'r': g_string_append_c (r->scratch, '\r'); break;
        case 't': g_string_append_c (r->scratch, '\t'); break;
        case 'u':
          if (!read_hex4 (r, &c))
            return FALSE;
          if (c >= 0xd800 && c <= 0xdbff)
            {
              gunichar low;

              if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
                return FALSE;
              r->p += 2;
              if (!read_hex4 (r, &low) || low < 0xdc00 || low > 0xdfff)
                return FALSE;
              c = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            }
          else if ((c >= 0xdc00 && c <= 0xdfff) || c == 0)
            return FALSE;
          g_string_append_unichar (r->scratch, c);
          break;
        default:
          return FALSE;
        }
    }

  *out = r->scratch->str;
  *out_len = r->scratch->len;
  return g_utf8_validate_len (*out, *out_len, NULL);
}

static char *
read_string_dup (Reader *r)
{
  const char *text;
  gsize len;

  if (!read_string (r, &text, &len))
    return NULL;
  return g_strndup (text, len);
}

/* A whole number, as json-glib reads an int64: no fraction, no exponent. */
static gboolean
read_int (Reader *r,
          gint64 *out)
{
  gboolean negative;
  guint64 value = 0;
  const char *digits;

  skip_space (r);
  negative = r->p < r->end && *r->p == '-';
  if (negative)
    r->p++;
  digits = r->p;
  while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
    {
      guint digit = (guint) (*r->p++ - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
    }
  if (r->p == digits || (*digits == '0' && r->p - digits > 1))
    return FALSE;
  if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E'))
    return FALSE;
  if (value > (guint64) G_MAXINT64 + (negative ? 1 : 0))
    return FALSE;
  *out = negative ? (gint64) (0 - value) : (gint64) value;
  return TRUE;
}

static gboolean
read_number_any (Reader *r)
{
  const char *start;

  skip_space (r);
  start = r->p;
  if (r->p < r->end && *r->p == '-')
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p))
    return FALSE;
  if (*r->p == '0')
    r->p++;
  else
    while (r->p < r->end && g_ascii_isdigit (*r->p))
      r->p++;
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (r->p >= r->end || !g_ascii_isdigit (*r->p))
        return FALSE;
      while (r->p < r->end && g_ascii_isdigit (*r->p))
        r->p++;
    }
  return r->p > start;
}

/* Any value, for members a later version may add. */
static gboolean
skip_value (Reader *r,
            guint   depth)
{
  const char *text;
  gsize len;

  if (depth > MAX_DEPTH)
    return FALSE;
  skip_space (r);
  if (r->p >= r->end)
    return FALSE;
  switch (*r->p)
    {
    case '"':
      return read_string (r, &text, &len);
    case '{':
      r->p++;
      if (eat (r, '}'))
        return TRUE;
      do
        if (!read_string (r, &text, &len) || !eat (r, ':') || !skip_value (r, depth + 1))
          return FALSE;
      while (eat (r, ','));
      return eat (r, '}');
    case '[':
      r->p++;
      if (eat (r, ']'))
        return TRUE;
      do
        if (!skip_value (r, depth + 1))
          return FALSE;
      while (eat (r, ','));
      return eat (r, ']');
    case 't':
      return eat_word (r, "true");
    case 'f':
      return eat_word (r, "false");
    case 'n':
      return eat_word (r, "null");
    default:
      return read_number_any (r);
    }
}

static gboolean
read_bool (Reader   *r,
           gboolean *out)
{
  if (eat_word (r, "true"))
    *out = TRUE;
  else if (eat_word (r, "false"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

/* A sealed value: canonical base64, or null for none. */
static gboolean
read_sealed (Reader  *r,
             GBytes **out)
{
  const char *text;
  gsize len;

  g_clear_pointer (out, g_bytes_unref);
  if (eat_word (r, "null"))
    return TRUE;
  if (!read_string (r, &text, &len))
    return FALSE;
  *out = vault_base64_decode_bytes (text, len);
  return *out != NULL;
}

static GStrv
read_tags (Reader *r)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);

  if (!eat (r, '['))
    return NULL;
  if (!eat (r, ']'))
    {
      do
        {
          char *tag = read_string_dup (r);

          if (tag == NULL)
            return NULL;
          g_ptr_array_add (tags, tag);
          if (tags->len > MAX_TAGS)
            return NULL;
        }
      while (eat (r, ','));
      if (!eat (r, ']'))
        return NULL;
    }
  g_ptr_array_add (tags, NULL);
  g_ptr_array_set_free_func (tags, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

/* Member names are compared where they lie; escaped names (never written by
 * Vault) are decoded first, so they compare the same. */
static gboolean
read_name (Reader      *r,
           const char **name,
           gsize       *len)
{
  return read_string (r, name, len) && eat (r, ':');
}

#define NAME_IS(name, len, literal) \
  ((len) == sizeof (literal) - 1 && memcmp ((name), (literal), (len)) == 0)

static gboolean
read_history_item (Reader         *r,
                   VaultEntryData *data)
{
  g_autoptr(GBytes) sealed = NULL;
  gboolean has_changed = FALSE;
  gint64 changed = 0;
  VaultHistoryItem item;

  if (!eat (r, '{'))
    return FALSE;
  if (!eat (r, '}'))
    {
      do
        {
          const char *name;
          gsize len;

          if (!read_name (r, &name, &len))
            return FALSE;
          if (NAME_IS (name, len, "changed"))
            {
              if (!read_int (r, &changed))
                return FALSE;
              has_changed = TRUE;
            }
          else if (NAME_IS (name, len, "password"))
            {
              if (!read_sealed (r, &sealed))
                return FALSE;
            }
          else if (!skip_value (r, 2))
            return FALSE;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        return FALSE;
    }
  if (!has_changed || sealed == NULL)
    return FALSE;

  if (data->history == NULL)
    data->history = vault_history_new ();
  if (data->history->len >= MAX_HISTORY)
    return FALSE;
  item.changed = changed;
  item.sealed = g_steal_pointer (&sealed);
  g_array_append_val (data->history, item);
  return TRUE;
}

/* An array of an entry's items (history, fields), each read into data. */
static gboolean
read_items (Reader          *r,
            VaultEntryData  *data,
            gboolean       (*read_item) (Reader *, VaultEntryData *))
{
  if (!eat (r, '['))
    return FALSE;
  if (eat (r, ']'))
    return TRUE;
  do
    if (!read_item (r, data))
      return FALSE;
  while (eat (r, ','));
  return eat (r, ']');
}

static gboolean
read_history (Reader         *r,
              VaultEntryData *data)
{
  g_clear_pointer (&data->history, g_array_unref);
  return read_items (r, data, read_history_item);
}

/* A custom field: {"id", "label", "concealed", "searchable", and "value"
 * (plain) or "sealed" (concealed)}; docs/FORMAT.md. */
static gboolean
read_field (Reader         *r,
            VaultEntryData *data)
{
  VaultEntryField field = { 0 };
  gboolean has_concealed = FALSE, has_sealed = FALSE, ok = FALSE;

  if (!eat (r, '{'))
    return FALSE;
  if (!eat (r, '}'))
    {
      do
        {
          const char *name, *text;
          gsize len, text_len;

          if (!read_name (r, &name, &len))
            goto out;
          if (NAME_IS (name, len, "concealed"))
            {
              if (!read_bool (r, &field.concealed))
                goto out;
              has_concealed = TRUE;
            }
          else if (NAME_IS (name, len, "searchable"))
            {
              if (!read_bool (r, &field.searchable))
                goto out;
            }
          else if (NAME_IS (name, len, "sealed"))
            {
              if (!read_sealed (r, &field.sealed))
                goto out;
              has_sealed = TRUE;
            }
          else if (NAME_IS (name, len, "id") || NAME_IS (name, len, "label") ||
                   NAME_IS (name, len, "value"))
            {
              gsize max = NAME_IS (name, len, "id") ? MAX_FIELD_ID
                          : NAME_IS (name, len, "label") ? VAULT_MAX_FIELD_LABEL
                          : VAULT_MAX_FIELD_VALUE;
              char **target = NAME_IS (name, len, "id") ? &field.id
                              : NAME_IS (name, len, "label") ? &field.label : &field.value;

              if (!read_string (r, &text, &text_len) || text_len > max)
                goto out;
              g_free (*target);
              *target = g_strndup (text, text_len);
            }
          else if (!skip_value (r, 3))
            goto out;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        goto out;
    }

  /* A plain field has its text, a concealed one its sealed value (null
   * when empty), never both. */
  if (field.id == NULL || *field.id == '\0' || field.label == NULL || !has_concealed ||
      (field.concealed ? (!has_sealed || field.value != NULL)
                       : (has_sealed || field.value == NULL)))
    goto out;
  if (data->fields == NULL)
    data->fields = vault_fields_new ();
  if (data->fields->len >= VAULT_MAX_FIELDS)
    goto out;
  for (guint i = 0; i < data->fields->len; i++)
    if (strcmp (g_array_index (data->fields, VaultEntryField, i).id, field.id) == 0)
      goto out;
  if (field.concealed)
    field.searchable = FALSE;
  g_array_append_val (data->fields, field);
  return TRUE;

out:
  g_free (field.id);
  g_free (field.label);
  g_free (field.value);
  g_clear_pointer (&field.sealed, g_bytes_unref);
  return ok;
}

static gboolean
read_fields (Reader         *r,
             VaultEntryData *data)
{
  g_clear_pointer (&data->fields, g_array_unref);
  return read_items (r, data, read_field);
}

enum {
  HAS_CREATED   = 1 << 0,
  HAS_MODIFIED  = 1 << 1,
  HAS_FAVOURITE = 1 << 2,
};

static gboolean
read_member (Reader         *r,
             VaultEntryData *data,
             guint          *has)
{
  const char *name;
  gsize len;
  char **text = NULL;

  if (!read_name (r, &name, &len))
    return FALSE;

  /* The name is in r->scratch only if it had escapes; it is used up
   * before the value is read. */
  if (NAME_IS (name, len, "id"))
    text = &data->id;
  else if (NAME_IS (name, len, "title"))
    text = &data->title;
  else if (NAME_IS (name, len, "username"))
    text = &data->username;
  else if (NAME_IS (name, len, "url"))
    text = &data->url;
  else if (NAME_IS (name, len, "tags"))
    {
      g_strfreev (data->tags);
      return (data->tags = read_tags (r)) != NULL;
    }
  else if (NAME_IS (name, len, "favourite"))
    {
      *has |= HAS_FAVOURITE;
      return read_bool (r, &data->favourite);
    }
  else if (NAME_IS (name, len, "created"))
    {
      *has |= HAS_CREATED;
      return read_int (r, &data->created);
    }
  else if (NAME_IS (name, len, "modified"))
    {
      *has |= HAS_MODIFIED;
      return read_int (r, &data->modified);
    }
  else if (NAME_IS (name, len, "password"))
    return read_sealed (r, &data->sealed_password);
  else if (NAME_IS (name, len, "notes"))
    return read_sealed (r, &data->sealed_notes);
  else if (NAME_IS (name, len, "totp"))
    return read_sealed (r, &data->sealed_totp);
  else if (NAME_IS (name, len, "fields"))
    return read_fields (r, data);
  else if (NAME_IS (name, len, "history"))
    {
      /* Older writers may have left it out or null: no history. */
      if (eat_word (r, "null"))
        {
          g_clear_pointer (&data->history, g_array_unref);
          return TRUE;
        }
      return read_history (r, data);
    }
  else
    return skip_value (r, 2);

  g_free (*text);
  return (*text = read_string_dup (r)) != NULL;
}

static VaultEntry *
read_entry (Reader *r)
{
  VaultEntryData data = { NULL, };
  guint has = 0;
  VaultEntry *entry;

  if (!eat (r, '{'))
    return NULL;
  if (!eat (r, '}'))
    {
      do
        if (!read_member (r, &data, &has))
          goto fail;
      while (eat (r, ','));
      if (!eat (r, '}'))
        goto fail;
    }
  if (data.id == NULL || data.title == NULL || data.username == NULL || data.url == NULL ||
      data.tags == NULL || has != (HAS_CREATED | HAS_MODIFIED | HAS_FAVOURITE))
    goto fail;

  entry = vault_entry_new_take (&data);
  vault_entry_data_clear (&data);
  return entry;

fail:
  vault_entry_data_clear (&data);
  return NULL;
}

static gboolean
read_entries (Reader    *r,
              GPtrArray *entries)
{
  g_ptr_array_set_size (entries, 0);
  if (!eat (r, '['))
    return FALSE;
  if (eat (r, ']'))
    return TRUE;
  do
    {
      VaultEntry *entry = read_entry (r);

      if (entry == NULL)
        return FALSE;
      g_ptr_array_add (entries, entry);
      if (entries->len > MAX_ENTRIES)
        return FALSE;
    }
  while (eat (r, ','));
  return eat (r, ']');
}

/* {"id": "…", "time": 0}; unknown members are skipped, as in entries. */
static gboolean
read_deletion (Reader         *r,
               VaultDeletions *deleted)
{
  g_autofree char *id = NULL;
  gboolean has_time = FALSE;
  gint64 time = 0;

  if (!eat (r, '{'))
    return FALSE;
  if (!eat (r, '}'))
    {
      do
        {
          const char *name;
          gsize len;

          if (!read_name (r, &name, &len))
            return FALSE;
          if (NAME_IS (name, len, "id"))
            {
              g_free (id);
              if ((id = read_string_dup (r)) == NULL)
                return FALSE;
            }
          else if (NAME_IS (name, len, "time"))
            {
              if (!read_int (r, &time))
                return FALSE;
              has_time = TRUE;
            }
          else if (!skip_value (r, 3))
            return FALSE;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        return FALSE;
    }
  return has_time && vault_deletions_add (deleted, id, time);
}

static gboolean
read_deletions (Reader          *r,
                VaultDeletions **deleted)
{
  g_clear_pointer (deleted, vault_deletions_free);
  *deleted = vault_deletions_new ();
  if (!eat (r, '['))
    return FALSE;
  if (eat (r, ']'))
    return TRUE;
  do
    if (!read_deletion (r, *deleted) || vault_deletions_size (*deleted) > VAULT_DELETIONS_MAX)
      return FALSE;
  while (eat (r, ','));
  return eat (r, ']');
}

static gboolean
read_payload (Reader          *r,
              GPtrArray       *entries,
              VaultDeletions **deleted)
{
  gboolean has_entries = FALSE;

  if (!eat (r, '{'))
    return FALSE;
  if (!eat (r, '}'))
    {
      do
        {
          const char *name;
          gsize name_len;

          if (!read_name (r, &name, &name_len))
            return FALSE;
          if (NAME_IS (name, name_len, "entries"))
            {
              if (!read_entries (r, entries))
                return FALSE;
              has_entries = TRUE;
            }
          else if (NAME_IS (name, name_len, "deleted"))
            {
              if (!read_deletions (r, deleted))
                return FALSE;
            }
          else if (!skip_value (r, 1))
            return FALSE;
        }
      while (eat (r, ','));
      if (!eat (r, '}'))
        return FALSE;
    }
  skip_space (r);
  return r->p == r->end && has_entries;
}

GPtrArray *
vault_payload_read (const char *text,
                    gsize       len)
{
  return vault_payload_read_full (text, len, NULL);
}

GPtrArray *
vault_payload_read_full (const char      *text,
                         gsize            len,
                         VaultDeletions **deleted_out)
{
  g_autoptr(VaultDeletions) deleted = NULL;
  g_autoptr(GString) scratch = g_string_new (NULL);
  /* An entry takes about 500 bytes: a close guess saves regrowing. */
  g_autoptr(GPtrArray) entries = g_ptr_array_new_full ((guint) MIN (len / 400, MAX_ENTRIES),
                                                       g_object_unref);
  Reader r = { text, text + len, scratch };
  gboolean ok = read_payload (&r, entries, &deleted);

  /* Whether it read or not, no decoded text stays behind. */
  vault_secure_wipe (scratch->str, scratch->allocated_len);
  if (!ok)
    return NULL;
  if (deleted_out != NULL)
    *deleted_out = deleted != NULL ? g_steal_pointer (&deleted) : vault_deletions_new ();
  return g_steal_pointer (&entries);
}
