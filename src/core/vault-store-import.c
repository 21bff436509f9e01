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

static void
append_indented (VaultSecureString *notes,
                 const char        *value)
{
  for (const char *p = value; *p != '\0'; p++)
    {
      vault_secure_string_append_c (notes, *p);
      if (*p == '\n')
        vault_secure_string_append (notes, "  ");
    }
}

/* The notes as Vault keeps them: the source's notes, then what entries
 * have no place for yet (one-time code setup, custom fields) under a
 * heading, a line each. Built in scratch, one buffer for a whole import,
 * so 100,000 entries do not lock 100,000 pages. */
static void
fold_notes (const VaultForeignEntry *foreign,
            VaultSecureString       *notes)
{
  gboolean has_otp = foreign->otp != NULL && *foreign->otp != '\0';
  guint n_fields = foreign->fields != NULL ? foreign->fields->len : 0;

  vault_secure_wipe (notes->str, notes->len);
  notes->len = 0;
  if (foreign->notes != NULL)
    vault_secure_string_append (notes, foreign->notes);
  if (!has_otp && n_fields == 0)
    return;

  if (notes->len > 0)
    vault_secure_string_append (notes, "\n\n");
  vault_secure_string_append (notes, _("Imported fields:"));
  if (has_otp)
    {
      vault_secure_string_append_c (notes, '\n');
      vault_secure_string_append (notes, _("One-time code"));
      vault_secure_string_append (notes, ": ");
      append_indented (notes, foreign->otp);
    }
  for (guint i = 0; i < n_fields; i++)
    {
      VaultForeignField *field = g_ptr_array_index (foreign->fields, i);

      vault_secure_string_append_c (notes, '\n');
      vault_secure_string_append (notes, field->name);
      vault_secure_string_append (notes, ": ");
      append_indented (notes, field->value);
    }
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
  for (guint i = 0; foreign->fields != NULL && i < foreign->fields->len; i++)
    {
      VaultForeignField *field = g_ptr_array_index (foreign->fields, i);

      if (!check_text (field->name, foreign, error) || !check_text (field->value, foreign, error))
        return FALSE;
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
            VaultSecureString       *notes,
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
  fold_notes (foreign, notes);
  data.sealed_notes = seal_text (self, pool, data.id, "notes", notes->str, notes->len);

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
  g_autoptr(VaultSecureString) notes = NULL;
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
  notes = vault_secure_string_new (4096);
  pool = g_new0 (RandomPool, 1);
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *foreign = g_ptr_array_index (import->entries, i);

      if (foreign->duplicate && duplicates == VAULT_DUPLICATES_SKIP)
        continue;
      g_ptr_array_add (added, make_entry (self, foreign, notes, pool, now));
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
