/* vault-store-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What was read from another manager's file, added to the open vault all
 * at once or not at all; and the vault's entries handed out for an export.
 */
#include "config.h"

#include "vault-store-private.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "vault-entry-private.h"
#include "vault-error.h"

/* As the payload reader bounds them (vault-payload.c): an import must not
 * make a vault that cannot be opened again. */
#define MAX_ENTRIES  1000000
#define MAX_TAGS     64
#define FIELD_ID_BYTES 8

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* --- Duplicates -------------------------------------------------------------- */

static void
append_key_part (GString    *key,
                 const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text != NULL ? text : ""));
  g_autofree char *normal = g_utf8_normalize (trimmed, -1, G_NORMALIZE_NFC);

  g_string_append (key, normal != NULL ? normal : trimmed);
  g_string_append_c (key, '\n');
}

/* Two entries are the same login when title, username and URL are the
 * same text, spaces around them aside. */
static char *
duplicate_key (const char *title,
               const char *username,
               const char *url)
{
  GString *key = g_string_new (NULL);

  append_key_part (key, title);
  append_key_part (key, username);
  append_key_part (key, url);
  return g_string_free (key, FALSE);
}

guint
vault_store_mark_duplicates (VaultStore  *self,
                             VaultImport *import)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *entries;
  guint n, duplicates = 0;

  g_return_val_if_fail (VAULT_IS_STORE (self), 0);
  g_return_val_if_fail (import != NULL, 0);

  entries = vault_store_get_entries (self);
  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (entries, i);

      g_hash_table_add (seen, duplicate_key (vault_entry_get_title (entry),
                                             vault_entry_get_username (entry),
                                             vault_entry_get_url (entry)));
    }

  /* A file that has the same login twice brings it once. */
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *foreign = g_ptr_array_index (import->entries, i);
      char *key = duplicate_key (foreign->title, foreign->username, foreign->url);

      foreign->duplicate = !g_hash_table_add (seen, key);
      if (foreign->duplicate)
        duplicates++;
    }
  return duplicates;
}

/* --- Adding ------------------------------------------------------------------ */

/* Randomness for ids and nonces drawn 4 KiB at a time: one getrandom call
 * per hundred entries, not three per entry. */
typedef struct {
  guint8 bytes[4096];
  gsize  used;
} RandomPool;

static const guint8 *
random_take (RandomPool *pool,
             gsize       n)
{
  g_assert (n <= sizeof pool->bytes);
  if (pool->used + n > sizeof pool->bytes || pool->used == 0)
    {
      vault_random_bytes (pool->bytes, sizeof pool->bytes);
      pool->used = 0;
    }
  pool->used += n;
  return pool->bytes + pool->used - n;
}

static GBytes *
seal_text (VaultStore *self,
           RandomPool *pool,
           const char *id,
           const char *field,
           const char *value,
           gsize       len)
{
  g_autofree char *aad = NULL;

  if (value == NULL || len == 0)
    return NULL;
  aad = vault_store_field_aad (id, field);
  return vault_seal_with_nonce (self->field_key->data, random_take (pool, VAULT_NONCE_SIZE),
                                value, len, aad, strlen (aad));
}

static char *
hex_id (const guint8 *bytes)
{
  char *id = g_malloc (2 * FIELD_ID_BYTES + 1);

  for (guint i = 0; i < FIELD_ID_BYTES; i++)
    g_snprintf (id + 2 * i, 3, "%02x", bytes[i]);
  return id;
}

/* A label within the bound, cut at a character; a field without one is
 * named for what it is. */
static char *
bounded_label (const char *name)
{
  gsize len = strlen (name);

  if (len == 0)
    return g_strdup (_("Field"));
  if (len <= VAULT_MAX_FIELD_LABEL)
    return g_strdup (name);
  len = VAULT_MAX_FIELD_LABEL;
  while (len > 0 && ((guchar) name[len] & 0xc0) == 0x80)
    len--;
  return g_strndup (name, len);
}

static void
add_field (VaultStore     *self,
           RandomPool     *pool,
           VaultEntryData *data,
           const char     *label,
           const char     *value,
           gboolean        concealed)
{
  VaultEntryField field = { 0 };

  if (data->fields == NULL)
    data->fields = vault_fields_new ();
  /* Eight random bytes: ids are unique within an entry, and a repeat among
   * a thousand fields is a chance of one in 10^13. */
  do
    {
      g_free (field.id);
      field.id = hex_id (random_take (pool, FIELD_ID_BYTES));
      for (guint i = 0; field.id != NULL && i < data->fields->len; i++)
        if (strcmp (g_array_index (data->fields, VaultEntryField, i).id, field.id) == 0)
          g_clear_pointer (&field.id, g_free);
    }
  while (field.id == NULL);
  field.label = bounded_label (label);
  field.concealed = concealed;
  if (concealed)
    {
      g_autofree char *name = vault_store_custom_field_name (field.id);

      field.sealed = seal_text (self, pool, data->id, name, value, strlen (value));
    }
  else
    field.value = g_strdup (value);
  g_array_append_val (data->fields, field);
}

/* The one-time code as Vault keeps it, an otpauth:// URI; one that does not
 * read (a counter-based code, a format Vault does not know) is kept as a
 * concealed field instead, so nothing is lost. */
static void
add_otp (VaultStore              *self,
         RandomPool              *pool,
         VaultEntryData          *data,
         const VaultForeignEntry *foreign)
{
  g_autoptr(VaultTotp) totp = NULL;
  g_autoptr(VaultSecureBuf) uri = NULL;

  if (foreign->otp == NULL || *foreign->otp == '\0')
    return;
  totp = vault_totp_parse (foreign->otp, NULL);
  if (totp == NULL)
    {
      add_field (self, pool, data, _("One-time code"), foreign->otp, TRUE);
      return;
    }
  uri = vault_totp_to_uri (totp);
  data->sealed_totp = seal_text (self, pool, data->id, "totp",
                                 vault_secure_buf_get_string (uri), uri->len);
}

static gboolean
check_text (const char              *text,
            const VaultForeignEntry *foreign,
            GError                 **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
               _("The text of %s is not valid UTF-8."),
               foreign->where != NULL ? foreign->where : foreign->title);
  return FALSE;
}

/* The custom fields an entry will have: one more when its one-time code
 * does not read (add_otp). */
static guint
n_fields (const VaultForeignEntry *foreign)
{
  guint n = foreign->fields != NULL ? foreign->fields->len : 0;

  if (foreign->otp != NULL && *foreign->otp != '\0')
    {
      g_autoptr(VaultTotp) totp = vault_totp_parse (foreign->otp, NULL);

      if (totp == NULL)
        n++;
    }
  return n;
}

static gboolean
check_foreign (const VaultForeignEntry  *foreign,
               GError                  **error)
{
  if (foreign->title == NULL || *foreign->title == '\0')
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The entry at %s has no title."),
                   foreign->where != NULL ? foreign->where : "?");
      return FALSE;
    }
  if (!check_text (foreign->title, foreign, error) ||
      !check_text (foreign->username, foreign, error) ||
      !check_text (foreign->url, foreign, error) ||
      !check_text (foreign->password, foreign, error) ||
      !check_text (foreign->notes, foreign, error) ||
      !check_text (foreign->otp, foreign, error))
    return FALSE;
  for (guint i = 0; foreign->tags != NULL && foreign->tags[i] != NULL; i++)
    if (!check_text (foreign->tags[i], foreign, error))
      return FALSE;
  if (n_fields (foreign) > VAULT_MAX_FIELDS)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("%s has more than %d custom fields, more than an entry holds."),
                   foreign->where != NULL ? foreign->where : foreign->title, VAULT_MAX_FIELDS);
      return FALSE;
    }
  for (guint i = 0; foreign->fields != NULL && i < foreign->fields->len; i++)
    {
      VaultForeignField *field = g_ptr_array_index (foreign->fields, i);

      if (!check_text (field->name, foreign, error) || !check_text (field->value, foreign, error))
        return FALSE;
      if (strlen (field->value) > VAULT_MAX_FIELD_VALUE)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                       _("A field of %s is longer than %d MB."),
                       foreign->where != NULL ? foreign->where : foreign->title,
                       VAULT_MAX_FIELD_VALUE / (1024 * 1024));
          return FALSE;
        }
    }
  for (guint i = 0; foreign->history != NULL && i < foreign->history->len; i++)
    if (!check_text (g_array_index (foreign->history, VaultForeignHistory, i).password,
                     foreign, error))
      return FALSE;
  return TRUE;
}

static GStrv
bounded_tags (const VaultForeignEntry *foreign)
{
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; foreign->tags != NULL && foreign->tags[i] != NULL && n < MAX_TAGS; i++)
    {
      g_autofree char *tag = g_strstrip (g_strdup (foreign->tags[i]));
      gboolean again = FALSE;

      if (*tag == '\0')
        continue;
      for (guint j = 0; j < i && !again; j++)
        again = g_strcmp0 (foreign->tags[j], foreign->tags[i]) == 0;
      if (!again)
        {
          g_strv_builder_add (tags, tag);
          n++;
        }
    }
  return g_strv_builder_end (tags);
}

static VaultEntry *
make_entry (VaultStore              *self,
            const VaultForeignEntry *foreign,
            RandomPool              *pool,
            gint64                   now)
{
  VaultEntryData data = { 0 };
  VaultEntry *entry;

  data.id = vault_uuid_from_random (random_take (pool, 16));
  data.title = g_strdup (foreign->title);
  data.username = g_strdup (foreign->username != NULL ? foreign->username : "");
  data.url = g_strdup (foreign->url != NULL ? foreign->url : "");
  data.tags = bounded_tags (foreign);
  data.favourite = foreign->favourite;
  /* A time from the future or before 1970 is the source's mistake; the
   * entry says when it came in instead. */
  data.created = foreign->created > 0 && foreign->created <= now ? foreign->created : now;
  data.modified = foreign->modified > 0 && foreign->modified <= now ? foreign->modified
                                                                      : data.created;
  data.modified = MAX (data.modified, data.created);
  if (foreign->password != NULL)
    data.sealed_password = seal_text (self, pool, data.id, "password", foreign->password,
                                      strlen (foreign->password));
  if (foreign->notes != NULL)
    data.sealed_notes = seal_text (self, pool, data.id, "notes", foreign->notes,
                                   strlen (foreign->notes));
  /* Custom strings and fields keep their order; hidden ones stay hidden. */
  for (guint i = 0; foreign->fields != NULL && i < foreign->fields->len; i++)
    {
      const VaultForeignField *field = g_ptr_array_index (foreign->fields, i);

      add_field (self, pool, &data, field->name, field->value, field->protected);
    }
  add_otp (self, pool, &data, foreign);

  for (guint i = 0; foreign->history != NULL && i < foreign->history->len; i++)
    {
      const VaultForeignHistory *old = &g_array_index (foreign->history, VaultForeignHistory, i);
      VaultHistoryItem item;

      if (old->password == NULL || *old->password == '\0')
        continue;
      if (data.history == NULL)
        data.history = vault_history_new ();
      item.changed = old->changed > 0 && old->changed <= now ? old->changed : data.created;
      item.sealed = seal_text (self, pool, data.id, "history", old->password,
                               strlen (old->password));
      g_array_append_val (data.history, item);
    }

  entry = vault_entry_new_take (&data);
  vault_entry_data_clear (&data);
  return entry;
}

/* About what an entry adds to the vault file: its text, its sealed fields
 * in Base64, and the JSON around them. */
static guint64
file_size_of (VaultEntry *entry)
{
  guint64 size = 256;
  GArray *history = vault_entry_get_history (entry);
  gsize len;

  size += strlen (vault_entry_get_title (entry)) + strlen (vault_entry_get_username (entry)) +
          strlen (vault_entry_get_url (entry));
  for (const char * const *tag = vault_entry_get_tags (entry); *tag != NULL; tag++)
    size += strlen (*tag) + 4;
  vault_entry_get_sealed_password (entry, &len);
  size += len * 4 / 3 + 4;
  vault_entry_get_sealed_notes (entry, &len);
  size += len * 4 / 3 + 4;
  vault_entry_get_sealed_totp (entry, &len);
  size += len * 4 / 3 + 16;
  for (guint i = 0; i < vault_entry_get_n_fields (entry); i++)
    {
      GBytes *sealed = g_array_index (vault_entry_get_fields (entry), VaultEntryField, i).sealed;
      const char *value = vault_entry_get_field_value (entry, i);

      size += 96 + strlen (vault_entry_get_field_label (entry, i));
      size += value != NULL ? strlen (value) : 0;
      size += sealed != NULL ? g_bytes_get_size (sealed) * 4 / 3 : 0;
    }
  for (guint i = 0; history != NULL && i < history->len; i++)
    size += g_bytes_get_size (g_array_index (history, VaultHistoryItem, i).sealed) * 4 / 3 + 64;
  return size;
}

gboolean
vault_store_add_import (VaultStore       *self,
                        VaultImport      *import,
                        VaultDuplicates   duplicates,
                        guint            *n_added,
                        GError          **error)
{
  g_autoptr(GPtrArray) added = NULL;
  RandomPool *pool = NULL;
  guint n_existing;
  gint64 now = now_seconds ();

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (import != NULL, FALSE);

  if (n_added != NULL)
    *n_added = 0;
  if (!vault_store_check_unlocked (self, error))
    return FALSE;

  /* Every entry is checked before any is added: a bad one adds nothing. */
  for (guint i = 0; i < import->entries->len; i++)
    if (!check_foreign (g_ptr_array_index (import->entries, i), error))
      return FALSE;

  n_existing = g_list_model_get_n_items (vault_store_get_entries (self));
  if (import->entries->len > MAX_ENTRIES - MIN (n_existing, MAX_ENTRIES))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("A vault holds at most %u entries; this import would make %u."),
                   MAX_ENTRIES, n_existing + import->entries->len);
      return FALSE;
    }

  added = g_ptr_array_new_full (import->entries->len, g_object_unref);
  pool = g_new0 (RandomPool, 1);
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *foreign = g_ptr_array_index (import->entries, i);

      if (foreign->duplicate && duplicates == VAULT_DUPLICATES_SKIP)
        continue;
      g_ptr_array_add (added, make_entry (self, foreign, pool, now));
    }

  g_free (pool);

  /* The vault must open again: a file past the reader's bound would not
   * (VAULT_FILE_MAX_SIZE). */
  {
    guint64 size = 0;
    GStatBuf st;

    if (g_stat (self->path, &st) == 0)
      size = st.st_size;
    for (guint i = 0; i < added->len && size <= VAULT_FILE_MAX_SIZE; i++)
      size += file_size_of (g_ptr_array_index (added, i));
    if (size > VAULT_FILE_MAX_SIZE)
      {
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                     _("These entries would make the vault larger than %d MB, more than it "
                       "can hold. Import them in parts, or leave out large notes."),
                     VAULT_FILE_MAX_SIZE / (1024 * 1024));
        return FALSE;
      }
  }

  vault_store_drop_search_index (self);
  vault_entry_list_append_many (self->entries, (VaultEntry **) added->pdata, added->len);
  if (n_added != NULL)
    *n_added = added->len;
  return TRUE;
}

/* --- Exporting --------------------------------------------------------------- */

static char *
reveal_into (VaultStore        *self,
             VaultImport       *export,
             VaultSecureBuf    *secret)
{
  return secret->len > 0 ? vault_import_keep_secret (export, vault_secure_buf_get_string (secret),
                                                     secret->len)
                         : NULL;
}

VaultImport *
vault_store_export (VaultStore  *self,
                    GError     **error)
{
  g_autoptr(VaultImport) export = NULL;
  GListModel *entries;
  guint n;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;

  export = vault_import_new (VAULT_FORMAT_UNKNOWN);
  entries = vault_store_get_entries (self);
  n = g_list_model_get_n_items (entries);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (entries, i);
      g_autoptr(VaultSecureBuf) password = NULL;
      g_autoptr(VaultSecureBuf) notes = NULL;
      VaultForeignEntry *out = vault_import_add_entry (export);

      password = vault_store_reveal (self, entry, VAULT_FIELD_PASSWORD, error);
      if (password == NULL)
        return NULL;
      notes = vault_store_reveal (self, entry, VAULT_FIELD_NOTES, error);
      if (notes == NULL)
        return NULL;

      out->title = g_strdup (vault_entry_get_title (entry));
      out->username = g_strdup (vault_entry_get_username (entry));
      out->url = g_strdup (vault_entry_get_url (entry));
      out->tags = g_strdupv ((GStrv) vault_entry_get_tags (entry));
      out->favourite = vault_entry_get_favourite (entry);
      out->created = vault_entry_get_created (entry);
      out->modified = vault_entry_get_modified (entry);
      out->password = reveal_into (self, export, password);
      out->notes = reveal_into (self, export, notes);
      if (vault_entry_has_totp (entry))
        {
          g_autoptr(VaultSecureBuf) totp = vault_store_reveal_totp (self, entry, error);

          if (totp == NULL)
            return NULL;
          out->otp = reveal_into (self, export, totp);
        }
      for (guint k = 0; k < vault_entry_get_n_fields (entry); k++)
        {
          g_autoptr(VaultSecureBuf) value = vault_store_reveal_field (self, entry, k, error);

          if (value == NULL)
            return NULL;
          vault_foreign_entry_add_field (export, out, vault_entry_get_field_label (entry, k),
                                         vault_secure_buf_get_string (value), value->len,
                                         vault_entry_get_field_concealed (entry, k));
        }
      for (guint h = 0; h < vault_entry_get_history_length (entry); h++)
        {
          g_autoptr(VaultSecureBuf) old = vault_store_reveal_history (self, entry, h, error);

          if (old == NULL)
            return NULL;
          vault_foreign_entry_add_history (export, out, vault_entry_get_history_time (entry, h),
                                           vault_secure_buf_get_string (old), old->len);
        }
    }
  return g_steal_pointer (&export);
}
