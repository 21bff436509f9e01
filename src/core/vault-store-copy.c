/* vault-store-copy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading another version of the open vault (a sync engine's copy) with the
 * open vault's keys, without touching its entries, so it can run in a worker.
 * Merging it is in vault-store-merge.c.
 */
#include "config.h"

#include "vault-merge-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-entry-private.h"
#include "vault-error.h"
#include "vault-payload.h"
#include "vault-store-private.h"

/* What reading a copy needs of the store, copied on the caller's thread. */
typedef struct {
  char            *path;
  VaultSecureBuf  *password;     /* NULL: no proof asked */
  VaultFileHeader *header;
  VaultSecureBuf  *vault_key;
  VaultSecureBuf  *payload_key;
  VaultSecureBuf  *secret_key;   /* NULL after a recovery-key unlock */
} CopyKeys;

static void
copy_keys_free (gpointer data)
{
  CopyKeys *k = data;

  g_free (k->path);
  vault_secure_buf_free (k->password);
  vault_file_header_free (k->header);
  vault_secure_buf_free (k->vault_key);
  vault_secure_buf_free (k->payload_key);
  vault_secure_buf_free (k->secret_key);
  g_free (k);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CopyKeys, copy_keys_free)

static CopyKeys *
copy_keys_new (VaultStore  *self,
               const char  *path,
               const char  *password,
               GError     **error)
{
  CopyKeys *k;

  if (!vault_store_check_unlocked (self, error))
    return NULL;
  k = g_new0 (CopyKeys, 1);
  k->path = g_strdup (path);
  if (password != NULL)
    k->password = vault_secure_buf_new_from_string (password);
  k->header = vault_file_header_copy (self->header);
  k->vault_key = vault_secure_buf_dup (self->vault_key);
  k->payload_key = vault_secure_buf_dup (self->payload_key);
  if (self->secret_key != NULL)
    k->secret_key = vault_secure_buf_dup (self->secret_key);
  return k;
}

void
vault_copy_free (VaultCopy *copy)
{
  if (copy == NULL)
    return;
  g_free (copy->path);
  vault_file_header_free (copy->header);
  g_clear_pointer (&copy->by_id, g_hash_table_unref);
  g_clear_pointer (&copy->entries, g_ptr_array_unref);
  vault_deletions_free (copy->deleted);
  g_free (copy);
}

gboolean
vault_copy_header_differs (VaultCopy *copy)
{
  g_return_val_if_fail (copy != NULL, FALSE);
  return copy->header_differs;
}

const char *
vault_copy_get_path (VaultCopy *copy)
{
  g_return_val_if_fail (copy != NULL, NULL);
  return copy->path;
}

gboolean
vault_merge_header_wins (const VaultFileHeader *a,
                         const VaultFileHeader *b)
{
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;

  if (a->changed != b->changed)
    return a->changed > b->changed;
  text_a = vault_file_header_to_canonical (a);
  text_b = vault_file_header_to_canonical (b);
  return strcmp (text_a, text_b) > 0;
}

gboolean
vault_merge_entry_wins (VaultEntry *a,
                        VaultEntry *b)
{
  gint64 ma = vault_entry_get_modified (a), mb = vault_entry_get_modified (b);

  if (ma != mb)
    return ma > mb;
  return vault_entry_compare_content (a, b) > 0;
}

static void
set_copy_damaged (GError     **error,
                  const char  *path)
{
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
               _("“%s” is damaged or was changed. It was not merged."), path);
}

/* Errors of reading and parsing name the copy: the vault's own messages
 * (“restore it from its backup”) are about the vault, not about a copy. */
static void
name_copy_in_error (GError     **error,
                    GError      *local_error,
                    const char  *path)
{
  if (g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_DAMAGED))
    set_copy_damaged (error, path);
  else if (g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT))
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT,
                 _("“%s” was saved by a newer version of Vault. Update Vault to merge it; "
                   "it was not merged."), path);
  else if (g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT) ||
           g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_NO_VAULT) ||
           g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_IO))
    g_propagate_error (error, g_error_copy (local_error));
  else
    g_propagate_prefixed_error (error, g_error_copy (local_error), "“%s”: ", path);
}

/* A copy whose key material differs and would become this vault's: the
 * password given must open its password slot, and to this vault's key. */
static gboolean
check_password (CopyKeys         *k,
                VaultFileHeader  *h,
                GCancellable     *cancellable,
                GError          **error)
{
  g_autoptr(VaultSecureBuf) muk = NULL;
  g_autoptr(VaultSecureBuf) opened = NULL;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  muk = vault_keys_derive_muk (vault_secure_buf_get_string (k->password), h->salt,
                               h->iterations, k->secret_key, h->vault_id);
  opened = vault_keys_unwrap (muk, h->password_slot, VAULT_SLOT_PASSWORD, h->vault_id);
  if (opened == NULL || !vault_secure_buf_equal (opened, k->vault_key))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                   _("This master password does not open “%s”, whose master password "
                     "was changed on another device."), k->path);
      return FALSE;
    }
  return TRUE;
}

/* One entry per id: should a file hold two, the one a merge would keep. */
static GHashTable *
index_entries (GPtrArray *entries)
{
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < entries->len; i++)
    {
      VaultEntry *entry = entries->pdata[i];
      const char *id = vault_entry_get_id (entry);
      guint other = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, id));

      if (other == 0 || vault_merge_entry_wins (entry, entries->pdata[other - 1]))
        g_hash_table_insert (by_id, (gpointer) id, GUINT_TO_POINTER (i + 1));
    }
  return by_id;
}

static VaultCopy *
read_copy (CopyKeys      *k,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(VaultCopy) copy = g_new0 (VaultCopy, 1);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  VaultFileHeader *h;
  const char *canonical;
  guint8 *data;
  gsize length, len;

  copy->path = g_strdup (k->path);
  if ((contents = vault_file_read (k->path, &length, &copy->stamp, &local_error)) == NULL ||
      (copy->header = vault_file_parse (k->path, &contents, length, &payload,
                                        &local_error)) == NULL)
    {
      name_copy_in_error (error, local_error, k->path);
      return NULL;
    }
  h = copy->header;

  /* Nothing of another vault is decrypted, nor taken. */
  if (g_strcmp0 (h->vault_id, k->header->vault_id) != 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_OTHER_VAULT,
                   _("“%s” belongs to another vault. It was not merged."), k->path);
      return NULL;
    }
  /* Without the Secret Key (a recovery-key unlock) the payload below
   * still authenticates the header. */
  if (k->secret_key != NULL && !vault_file_header_check_mac (h, k->secret_key))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                   _("“%s” does not match this device’s Secret Key: it was changed, or saved "
                     "after the Secret Key was replaced on another device (restore the "
                     "Secret Key from the newest Emergency Kit). It was not merged."),
                   k->path);
      return NULL;
    }
  copy->header_differs = !vault_file_header_same_keys (h, k->header);
  if (copy->header_differs && k->password != NULL && k->secret_key != NULL &&
      vault_merge_header_wins (h, k->header) && !check_password (k, h, cancellable, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  /* The same vault key under any password: its payload opens with this
   * store's payload key, with its own header as authenticated data. */
  canonical = h->canonical;
  data = (guint8 *) g_bytes_get_data (payload, &len);
  if (!vault_open_in_place (k->payload_key->data, data, len, canonical, strlen (canonical)))
    {
      set_copy_damaged (error, k->path);
      return NULL;
    }
  copy->entries = vault_payload_read_full ((const char *) data + VAULT_NONCE_SIZE,
                                           len - VAULT_SEAL_OVERHEAD, &copy->deleted);
  vault_secure_wipe (data, len);
  if (copy->entries == NULL)
    {
      set_copy_damaged (error, k->path);
      return NULL;
    }
  copy->by_id = index_entries (copy->entries);
  return g_steal_pointer (&copy);
}

VaultCopy *
vault_store_read_copy (VaultStore    *self,
                       const char    *path,
                       const char    *other_password,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CopyKeys) keys = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  keys = copy_keys_new (self, path, other_password, error);
  if (keys == NULL)
    return NULL;
  return read_copy (keys, cancellable, error);
}

static void
read_copy_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  VaultCopy *copy = read_copy (task_data, cancellable, &error);

  if (copy == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, copy, (GDestroyNotify) vault_copy_free);
}

/* The store's keys are copied here, on the caller's thread; the worker
 * touches nothing of the store. No password is checked (the copy's header,
 * if newer, is taken as the Secret Key's MAC and the payload prove it). */
void
vault_store_read_copy_async (VaultStore          *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  CopyKeys *keys;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_return_if_fail (path != NULL);
  g_task_set_source_tag (task, vault_store_read_copy_async);

  keys = copy_keys_new (self, path, NULL, &error);
  if (keys == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, keys, copy_keys_free);
  g_task_run_in_thread (task, read_copy_thread);
}

VaultCopy *
vault_store_read_copy_finish (VaultStore    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
