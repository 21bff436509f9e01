/* vault-store-entries.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entries of an open vault: finding, searching, adding, changing,
 * deleting them, and opening their sealed secrets.
 */
#include "config.h"

#include "vault-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-entry-private.h"
#include "vault-clock.h"
#include "vault-error.h"
#include "vault-search.h"

/* --- Sealed entry fields --------------------------------------------------- */

/* What a sealed field is bound to: its entry's id and its own name, so a
 * sealed value cannot be moved to another entry or field. */
char *
vault_store_field_aad (const char *id,
                       const char *field)
{
  return g_strdup_printf ("%s\n%s", id, field);
}

GBytes *
vault_store_seal_field (VaultStore *self,
                        VaultEntry *entry,
                        const char *field,
                        const char *value)
{
  g_autofree char *aad = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  aad = vault_store_field_aad (vault_entry_get_id (entry), field);
  return vault_seal (self->field_key->data, value, strlen (value), aad, strlen (aad));
}

VaultSecureBuf *
vault_store_open_field (VaultStore    *self,
                        VaultEntry    *entry,
                        const char    *field,
                        const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  g_autofree char *aad = NULL;
  VaultSecureBuf *plain;

  if (data == NULL || len == 0)
    return vault_secure_buf_new (0);

  aad = vault_store_field_aad (vault_entry_get_id (entry), field);
  plain = vault_open (self->field_key->data, data, len, aad, strlen (aad));
  if (plain == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("The %s of “%s” is damaged or was changed."),
                 field, vault_entry_get_title (entry));
  return plain;
}

/* --- The file ---------------------------------------------------------------- */

/* --- Entries ----------------------------------------------------------------- */

/* Every entry of that title, titles compared as text, not as bytes (NFC
 * on both sides), in the store's order. The entries' search keys, made
 * once, start with the title normalised further: only a title whose key
 * starts the same can be equal, so the entry dialog can ask at every
 * keystroke, even at 100,000 entries of Hangul titles. */
GPtrArray *
vault_store_find_all_by_title (VaultStore *self,
                               const char *title)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *wanted = NULL;
  g_autofree char *key = NULL;
  gsize key_len;
  guint n = g_list_model_get_n_items (model);

  g_return_val_if_fail (VAULT_IS_STORE (self), found);
  g_return_val_if_fail (title != NULL, found);

  wanted = g_utf8_normalize (title, -1, G_NORMALIZE_NFC);
  key = vault_search_normalize (title);
  key_len = strlen (key);
  for (guint i = 0; wanted != NULL && i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      const char *candidate_key = vault_entry_get_search_key (entry);
      const char *candidate;
      gboolean same;

      if (strncmp (candidate_key, key, key_len) != 0 ||
          (candidate_key[key_len] != '\n' && candidate_key[key_len] != '\0'))
        continue;
      candidate = vault_entry_get_title (entry);
      same = strcmp (candidate, wanted) == 0;

      if (!same && !g_str_is_ascii (candidate))
        {
          g_autofree char *nfc = g_utf8_normalize (candidate, -1, G_NORMALIZE_NFC);
          same = g_strcmp0 (nfc, wanted) == 0;
        }
      if (same)
        g_ptr_array_add (found, g_steal_pointer (&entry));
    }
  return found;
}

VaultEntry *
vault_store_find_by_title (VaultStore  *self,
                           const char  *title,
                           GError     **error)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  found = vault_store_find_all_by_title (self, title);
  if (found->len > 1)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_AMBIGUOUS,
                   _("Several entries are called “%s”."), title);
      return NULL;
    }
  if (found->len == 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                   _("No entry is called “%s”."), title);
      return NULL;
    }
  /* The store's list keeps the entry alive. */
  return found->pdata[0];
}

VaultEntry *
vault_store_find_by_id (VaultStore *self,
                        const char *id)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (vault_entry_get_id (entry), id) == 0)
        return entry;
    }
  return NULL;
}

void
vault_store_drop_search_index (VaultStore *self)
{
  g_clear_pointer (&self->index_text, g_free);
  g_clear_pointer (&self->index_offsets, g_array_unref);
}

void
vault_store_build_search_index (VaultStore  *self,
                                VaultEntry **entries,
                                guint        n)
{
  gsize size = 0;
  char *p;

  vault_store_drop_search_index (self);
  for (guint i = 0; i < n; i++)
    size += strlen (vault_entry_get_search_key (entries[i])) + 1;

  self->index_text = g_malloc (MAX (size, 1));
  vault_prefault (self->index_text, size);
  self->index_offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  p = self->index_text;
  for (guint i = 0; i < n; i++)
    {
      const char *key = vault_entry_get_search_key (entries[i]);
      gsize len = strlen (key) + 1;
      guint32 offset = (guint32) (p - self->index_text);

      g_array_append_val (self->index_offsets, offset);
      memcpy (p, key, len);
      p += len;
    }
}

static void
ensure_search_index (VaultStore *self)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  g_autoptr(GPtrArray) entries = NULL;
  guint n = g_list_model_get_n_items (model);

  if (self->index_text != NULL)
    return;
  entries = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, g_list_model_get_item (model, i));
  vault_store_build_search_index (self, (VaultEntry **) entries->pdata, n);
}

GPtrArray *
vault_store_search (VaultStore *self,
                    const char *query_text)
{
  g_autoptr(VaultSearchQuery) query = vault_search_query_new (query_text);
  GListModel *model = G_LIST_MODEL (self->entries);
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);
  const guint32 *offsets;
  guint n;

  ensure_search_index (self);
  offsets = (const guint32 *) (gpointer) self->index_offsets->data;
  n = self->index_offsets->len;
  for (guint i = 0; i < n; i++)
    if (vault_search_query_matches_key (query, self->index_text + offsets[i]))
      g_ptr_array_add (results, g_list_model_get_item (model, i));
  return results;
}

static gboolean
valid_text (const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The text is not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_fields (const VaultEntryFields  *fields,
              gboolean                 adding,
              GError                 **error)
{
  if ((adding || fields->title != NULL) &&
      (fields->title == NULL || !g_utf8_validate (fields->title, -1, NULL) ||
       is_blank (fields->title)))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("An entry needs a title."));
      return FALSE;
    }
  if (!valid_text (fields->title, error) || !valid_text (fields->username, error) ||
      !valid_text (fields->url, error) || !valid_text (fields->password, error) ||
      !valid_text (fields->notes, error))
    return FALSE;
  for (guint i = 0; fields->tags != NULL && fields->tags[i] != NULL; i++)
    if (!valid_text (fields->tags[i], error))
      return FALSE;
  return TRUE;
}

static void
apply_fields (VaultStore             *self,
              VaultEntry             *entry,
              const VaultEntryFields *fields)
{
  /* The overview may change, and with it the entry's search key. */
  vault_store_drop_search_index (self);
  if (fields->title != NULL)
    vault_entry_set_title (entry, fields->title);
  if (fields->username != NULL)
    vault_entry_set_username (entry, fields->username);
  if (fields->url != NULL)
    vault_entry_set_url (entry, fields->url);
  if (fields->tags != NULL)
    vault_entry_set_tags (entry, fields->tags);
  if (fields->set_favourite)
    vault_entry_set_favourite (entry, fields->favourite);
  if (fields->notes != NULL)
    {
      g_autoptr(GBytes) sealed = vault_store_seal_field (self, entry, "notes", fields->notes);
      vault_entry_set_sealed_notes (entry, sealed);
    }
}

VaultEntry *
vault_store_add_entry (VaultStore              *self,
                       const VaultEntryFields  *fields,
                       GError                 **error)
{
  g_autoptr(VaultEntry) entry = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (!vault_store_check_unlocked (self, error) || !check_fields (fields, TRUE, error) ||
      !vault_store_check_extras (self, NULL, fields, error))
    return NULL;

  id = vault_random_uuid ();
  entry = vault_entry_new (id, vault_clock_now ());
  apply_fields (self, entry, fields);
  vault_store_apply_extras (self, entry, fields);
  if (fields->password != NULL)
    {
      g_autoptr(GBytes) sealed = vault_store_seal_field (self, entry, "password",
                                                         fields->password);
      vault_entry_set_sealed_password (entry, sealed);
    }

  vault_entry_list_append (self->entries, entry);
  return entry;
}

gboolean
vault_store_update_entry (VaultStore              *self,
                          VaultEntry              *entry,
                          const VaultEntryFields  *fields,
                          GError                 **error)
{
  guint position;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!vault_store_check_unlocked (self, error) || !check_fields (fields, FALSE, error) ||
      !vault_store_check_extras (self, entry, fields, error))
    return FALSE;

  if (fields->password != NULL)
    {
      g_autoptr(VaultSecureBuf) old = NULL;
      gboolean changed = TRUE;

      old = vault_store_reveal (self, entry, VAULT_FIELD_PASSWORD, error);
      if (old == NULL)
        return FALSE;
      changed = strcmp (vault_secure_buf_get_string (old), fields->password) != 0;

      if (changed)
        {
          g_autoptr(GBytes) sealed = vault_store_seal_field (self, entry, "password",
                                                             fields->password);

          /* The replaced password goes to history, sealed under its own field name. */
          if (old->len > 0)
            {
              g_autoptr(GBytes) previous =
                vault_store_seal_field (self, entry, "history", vault_secure_buf_get_string (old));
              vault_entry_add_history (entry, vault_clock_now (), previous);
            }
          vault_entry_set_sealed_password (entry, sealed);
        }
    }

  apply_fields (self, entry, fields);
  vault_store_apply_extras (self, entry, fields);
  /* Later than the version it changes even when this device's clock is
   * behind the one that wrote it: a merge takes the newer (docs/SYNC.md). */
  vault_entry_set_modified (entry, MAX (vault_clock_now (),
                                        vault_entry_get_modified (entry) + 1));
  if (vault_entry_list_find (self->entries, entry, &position))
    vault_entry_list_changed (self->entries, position);
  return TRUE;
}

/* Puts back an entry deleted a moment ago (Undo), as it was, and forgets
 * that it was deleted. */
gboolean
vault_store_restore_entry (VaultStore  *self,
                           VaultEntry  *entry,
                           GError     **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);

  if (!vault_store_check_unlocked (self, error))
    return FALSE;
  if (!vault_entry_list_find (self->entries, entry, NULL))
    vault_entry_list_append (self->entries, entry);
  vault_deletions_remove (self->deleted, vault_entry_get_id (entry));
  return TRUE;
}

gboolean
vault_store_delete_entry (VaultStore  *self,
                          VaultEntry  *entry,
                          GError     **error)
{
  guint position;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);

  if (!vault_store_check_unlocked (self, error))
    return FALSE;
  if (!vault_entry_list_find (self->entries, entry, &position))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                   _("No entry is called “%s”."), vault_entry_get_title (entry));
      return FALSE;
    }
  /* Recorded for merges; never earlier than the entry's last change, or a
   * device whose clock is ahead would bring it back. */
  vault_deletions_add (self->deleted, vault_entry_get_id (entry),
                       MAX (vault_clock_now (), vault_entry_get_modified (entry)));
  vault_entry_list_remove (self->entries, position);
  return TRUE;
}

VaultSecureBuf *
vault_store_reveal (VaultStore        *self,
                    VaultEntry        *entry,
                    VaultSecretField   field,
                    GError           **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;

  if (field == VAULT_FIELD_PASSWORD)
    data = vault_entry_get_sealed_password (entry, &len);
  else
    data = vault_entry_get_sealed_notes (entry, &len);
  return vault_store_open_field (self, entry,
                                 field == VAULT_FIELD_PASSWORD ? "password" : "notes",
                                 data, len, error);
}

VaultSecureBuf *
vault_store_reveal_history (VaultStore  *self,
                            VaultEntry  *entry,
                            guint        index,
                            GError     **error)
{
  GArray *history;
  GBytes *sealed;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;
  history = vault_entry_get_history (entry);
  g_return_val_if_fail (history != NULL && index < history->len, NULL);

  sealed = g_array_index (history, VaultHistoryItem, index).sealed;
  return vault_store_open_field (self, entry, "history", g_bytes_get_data (sealed, NULL),
                                 g_bytes_get_size (sealed), error);
}

/* --- Master password, Secret Key, recovery key ------------------------------ */
