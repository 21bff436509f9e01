/* vault-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An open vault: creating and opening it, saving it, locking it. Its entries
 * are in vault-store-entries.c, its key slots in vault-store-slots.c, the
 * file itself in vault-file.c.
 */
#include "config.h"

#include "vault-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-clock.h"
#include "vault-error.h"
#include "vault-kit.h"
#include "vault-payload.h"
#include "vault-secret-key.h"
#include "vault-strength.h"

G_DEFINE_FINAL_TYPE (VaultStore, vault_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vault_store_finalize (GObject *object)
{
  VaultStore *self = VAULT_STORE (object);

  vault_store_lock (self);
  /* The model may outlive the store (a window's list holds it). */
  g_signal_handlers_disconnect_by_data (self->entries, self);
  g_free (self->path);
  g_clear_pointer (&self->header, vault_file_header_free);
  g_clear_pointer (&self->deleted, vault_deletions_free);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (vault_store_parent_class)->finalize (object);
}

static void
vault_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VaultStore *self = VAULT_STORE (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vault_store_class_init (VaultStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vault_store_finalize;
  object_class->get_property = vault_store_get_property;

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vault_store_init (VaultStore *self)
{
  self->entries = vault_entry_list_new ();
  g_signal_connect_swapped (self->entries, "items-changed", G_CALLBACK (vault_store_drop_search_index), self);
  self->header = g_new0 (VaultFileHeader, 1);
  self->deleted = vault_deletions_new ();
}

char *
vault_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "vault.json", NULL);
}


/* --- Keys ------------------------------------------------------------------- */

static void
set_vault_key (VaultStore     *self,
               VaultSecureBuf *vault_key)
{
  g_clear_pointer (&self->vault_key, vault_secure_buf_free);
  g_clear_pointer (&self->payload_key, vault_secure_buf_free);
  g_clear_pointer (&self->field_key, vault_secure_buf_free);

  self->vault_key = vault_key;
  self->payload_key = vault_keys_derive_subkey (vault_key, self->header->vault_id, VAULT_SUBKEY_PAYLOAD);
  self->field_key = vault_keys_derive_subkey (vault_key, self->header->vault_id, VAULT_SUBKEY_FIELDS);
}




/* The payload's plain text is the overview (titles, user names, addresses,
 * tags) and the still-sealed secrets, decrypted where it lies and wiped as
 * soon as it has been read. */
static gboolean
parse_payload (VaultStore *self,
               const char *plain,
               gsize       len,
               GError    **error)
{
  VaultDeletions *deleted = NULL;
  g_autoptr(GPtrArray) entries = vault_payload_read_full (plain, len, &deleted);

  if (entries == NULL)
    {
      vault_file_set_damaged (error);
      return FALSE;
    }
  vault_deletions_free (self->deleted);
  self->deleted = deleted;

  vault_entry_list_replace_all (self->entries, (VaultEntry **) entries->pdata, entries->len);
  /* The entries came with their search keys; the index for the first
   * search is made here too, off the main thread. */
  vault_store_build_search_index (self, (VaultEntry **) entries->pdata, entries->len);
  return TRUE;
}

/* --- Saving ------------------------------------------------------------------ */

/* Never write over a file this store did not read or write last. Checked
 * here, on the caller's thread, and again under the file's lock. */
static gboolean
check_can_save (VaultStore  *self,
                GError     **error)
{
  if (self->locked)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_LOCKED, _("The vault is locked."));
      return FALSE;
    }
  if (!vault_file_check_unchanged (self->path, &self->stamp, error))
    return FALSE;
  /* The header's MAC needs the Secret Key, which a recovery-key unlock
   * does not have until a new master password is set. */
  if (!vault_store_find_secret_key (self, NULL, error))
    return FALSE;
  /* Kept long enough for every device to have merged them (docs/SYNC.md). */
  vault_deletions_expire (self->deleted, vault_clock_now () - VAULT_DELETION_KEEP_SECONDS);
  return TRUE;
}

/* The Secret Key from the keyring, if the store has none yet. */
gboolean
vault_store_find_secret_key (VaultStore    *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  if (self->secret_key == NULL)
    self->secret_key = vault_secret_key_lookup (self->header->vault_id, cancellable, error);
  return self->secret_key != NULL;
}

gboolean
vault_store_save (VaultStore    *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(VaultFileBody) body = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);

  if (!check_can_save (self, error))
    return FALSE;

  body = vault_file_body_new (self->header, self->secret_key, self->payload_key);
  vault_file_body_set_entries (body, G_LIST_MODEL (self->entries));
  vault_file_body_set_deleted (body, self->deleted);
  return vault_file_write (self->path, body, &self->stamp, &self->stamp, error);
}

/* Reads and checks the file: a store holding its header (id, KDF, slots)
 * and no key yet, with the sealed payload to open it. */
static VaultStore *
load_file (const char  *path,
           GBytes     **payload,
           GError     **error)
{
  g_autoptr(VaultStore) self = g_object_new (VAULT_TYPE_STORE, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  self->path = g_strdup (path);
  contents = vault_file_read (path, &length, &self->stamp, error);
  if (contents == NULL)
    return NULL;
  vault_file_header_free (self->header);
  self->header = vault_file_parse (path, &contents, length, payload, error);
  if (self->header == NULL)
    return NULL;
  return g_steal_pointer (&self);
}

/* --- Creating and opening ------------------------------------------------------ */

VaultStore *
vault_store_create (const char    *path,
                    const char    *master_password,
                    guint          iterations,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(VaultStore) self = NULL;
  g_autoptr(VaultSecureBuf) muk = NULL;
  VaultFileHeader *h;
  VaultSecureBuf *vault_key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_EXISTS,
                   _("A vault already exists at “%s”."), path);
      return NULL;
    }
  if (*master_password == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The master password cannot be empty."));
      return NULL;
    }
  if (!vault_strength_acceptable_master (master_password, error))
    return NULL;

  self = g_object_new (VAULT_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  h = self->header;
  h->version = VAULT_FORMAT_VERSION;
  h->vault_id = vault_random_uuid ();
  h->created = vault_clock_now ();
  h->changed = h->created;
  h->iterations = iterations > 0 ? MIN (iterations, VAULT_MAX_ITERATIONS) : vault_kdf_calibrate ();
  vault_random_bytes (h->salt, sizeof h->salt);

  self->secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (self->secret_key->data, VAULT_KEY_SIZE);
  vault_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (vault_key->data, VAULT_KEY_SIZE);
  set_vault_key (self, vault_key);

  muk = vault_keys_derive_muk (master_password, h->salt, h->iterations, self->secret_key,
                               h->vault_id);
  h->password_slot = vault_keys_wrap (muk, self->vault_key, VAULT_SLOT_PASSWORD, h->vault_id);

  /* The key first: a vault whose Secret Key could not be kept would be lost. */
  if (!vault_secret_key_store (h->vault_id, self->secret_key->data, cancellable, error))
    return NULL;

  if (!vault_store_save (self, cancellable, error))
    {
      (void) vault_secret_key_delete (h->vault_id, NULL, NULL);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static VaultStore *
open_with_kek (VaultStore      *self,
               GBytes          *payload,
               VaultSecureBuf  *vault_key,
               GError         **error)
{
  const char *canonical = self->header->canonical;
  gsize len;
  guint8 *data;
  gboolean parsed;

  set_vault_key (self, vault_key);

  /* The payload's bytes are this open's own (read from the file for it),
   * so they are decrypted where they lie rather than copied. */
  data = (guint8 *) g_bytes_get_data (payload, &len);
  if (!vault_open_in_place (self->payload_key->data, data, len, canonical, strlen (canonical)))
    {
      /* The slot opened, so the key is right: the file itself is wrong. */
      vault_file_set_damaged (error);
      return NULL;
    }
  parsed = parse_payload (self, (const char *) data + VAULT_NONCE_SIZE,
                          len - VAULT_SEAL_OVERHEAD, error);
  vault_secure_wipe (data, len);
  if (!parsed)
    return NULL;

  return g_object_ref (self);
}

/* The header's MAC is checked before the KDF runs: a file whose KDF
 * settings or slots were changed costs no unlock time and is told apart
 * from a wrong password. A key typed from a kit that fails it is the wrong
 * key; the keyring's key failing it means the file changed, or the Secret
 * Key was replaced on another device. */
static VaultStore *
unlock_with_password (VaultStore           *self,
                      GBytes               *payload,
                      const char           *master_password,
                      const VaultSecureBuf *secret_key,
                      gboolean              from_keyring,
                      GCancellable         *cancellable,
                      GError              **error)
{
  VaultFileHeader *h = self->header;
  g_autoptr(VaultSecureBuf) muk = NULL;
  VaultSecureBuf *vault_key;

  if (!vault_file_header_check_mac (h, secret_key))
    {
      if (from_keyring)
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                             _("The vault file was changed, or its Secret Key was replaced on "
                               "another device: this device’s Secret Key does not match it. "
                               "Nothing was changed; restore the file from its backup (the "
                               "file ending in “.bak”), or restore the Secret Key from the "
                               "newest Emergency Kit."));
      else
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                             _("Wrong master password or Secret Key."));
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  muk = vault_keys_derive_muk (master_password, h->salt, h->iterations, secret_key, h->vault_id);
  vault_key = vault_keys_unwrap (muk, h->password_slot, VAULT_SLOT_PASSWORD, h->vault_id);
  if (vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("Wrong master password or Secret Key."));
      return NULL;
    }
  self->secret_key = vault_secure_buf_dup (secret_key);

  return open_with_kek (self, payload, vault_key, error);
}

VaultStore *
vault_store_open_with_secret_key (const char           *path,
                                  const char           *master_password,
                                  const VaultSecureBuf *secret_key,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  self = load_file (path, &payload, error);
  if (self == NULL)
    return NULL;
  return unlock_with_password (self, payload, master_password, secret_key, FALSE,
                               cancellable, error);
}

VaultStore *
vault_store_open (const char    *path,
                  const char    *master_password,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultStore) self = NULL;
  g_autoptr(VaultSecureBuf) secret_key = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);

  /* The file is read and its header checked first: a damaged or newer file
   * is reported as such before the keyring is ever asked. It is read once. */
  self = load_file (path, &payload, error);
  if (self == NULL)
    return NULL;

  secret_key = vault_secret_key_lookup (self->header->vault_id, cancellable, error);
  if (secret_key == NULL)
    return NULL;

  return unlock_with_password (self, payload, master_password, secret_key, TRUE,
                               cancellable, error);
}

VaultStore *
vault_store_open_with_recovery_code (const char    *path,
                                     const char    *recovery_code,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(VaultStore) self = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultSecureBuf) recovery_key = NULL;
  g_autoptr(VaultSecureBuf) kek = NULL;
  VaultSecureBuf *vault_key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (recovery_code != NULL, NULL);

  self = load_file (path, &payload, error);
  if (self == NULL)
    return NULL;

  if (self->header->recovery_slot == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_NO_RECOVERY_KEY,
                           _("This vault has no recovery key."));
      return NULL;
    }

  recovery_key = vault_kit_decode (VAULT_KIT_RECOVERY_KEY, recovery_code, error);
  if (recovery_key == NULL)
    return NULL;

  /* No KDF here: the recovery key is random, and the payload, sealed with
   * the header as authenticated data, checks the header afterwards. */
  kek = vault_keys_derive_subkey (recovery_key, self->header->vault_id, VAULT_SUBKEY_RECOVERY);
  vault_key = vault_keys_unwrap (kek, self->header->recovery_slot, VAULT_SLOT_RECOVERY,
                                 self->header->vault_id);
  if (vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("This recovery key does not open the vault."));
      return NULL;
    }

  return open_with_kek (self, payload, vault_key, error);
}

/* Opens the vault with a Secret Key typed from the Emergency Kit, and only
 * then stores the key in this device's keyring; returns the open vault. */
static VaultStore *
restore_and_open (const char    *path,
                  const char    *master_password,
                  const char    *code,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(VaultSecureBuf) secret_key = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  secret_key = vault_kit_decode (VAULT_KIT_SECRET_KEY, code, error);
  if (secret_key == NULL)
    return NULL;

  /* Only a key that opens the vault with this password is stored. */
  store = vault_store_open_with_secret_key (path, master_password, secret_key,
                                            cancellable, &local_error);
  if (store == NULL)
    {
      if (g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                             _("This Secret Key and master password do not open the vault. "
                               "Check both; nothing was stored."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!vault_secret_key_store (store->header->vault_id, secret_key->data, cancellable, error))
    return NULL;
  return g_steal_pointer (&store);
}

gboolean
vault_restore_secret_key (const char    *path,
                          const char    *master_password,
                          const char    *code,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(VaultStore) store = restore_and_open (path, master_password, code,
                                                  cancellable, error);

  return store != NULL;
}

/* --- Async wrappers: the KDF and file I/O off the main thread ---------------- */

typedef struct {
  char           *path;
  VaultSecureBuf *password;
  VaultSecureBuf *code;
  guint           iterations;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *d = data;

  g_free (d->path);
  vault_secure_buf_free (d->password);
  vault_secure_buf_free (d->code);
  g_free (d);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OpenData *d = task_data;
  GError *error = NULL;
  VaultStore *store;

  store = vault_store_create (d->path, vault_secure_buf_get_string (d->password), d->iterations,
                              cancellable, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
vault_store_create_async (const char          *path,
                          const char          *master_password,
                          guint                iterations,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *d = g_new0 (OpenData, 1);

  d->path = g_strdup (path);
  d->password = vault_secure_buf_new_from_string (master_password);
  d->iterations = iterations;
  g_task_set_source_tag (task, vault_store_create_async);
  g_task_set_task_data (task, d, open_data_free);
  g_task_run_in_thread (task, create_thread);
}

VaultStore *
vault_store_create_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *d = task_data;
  GError *error = NULL;
  VaultStore *store = NULL;
  const char *password = vault_secure_buf_get_string (d->password);

  if (d->code != NULL)
    store = restore_and_open (d->path, password, vault_secure_buf_get_string (d->code),
                              cancellable, &error);
  else
    store = vault_store_open (d->path, password, cancellable, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* With a secret_key_code, the code is checked against the vault and stored
 * in the keyring before the vault is opened. */
void
vault_store_open_async (const char          *path,
                        const char          *master_password,
                        const char          *secret_key_code,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *d = g_new0 (OpenData, 1);

  d->path = g_strdup (path);
  d->password = vault_secure_buf_new_from_string (master_password);
  if (secret_key_code != NULL)
    d->code = vault_secure_buf_new_from_string (secret_key_code);
  g_task_set_source_tag (task, vault_store_open_async);
  g_task_set_task_data (task, d, open_data_free);
  /* The KDF cannot stop half-way, but whoever asked need not wait for it:
   * a cancelled open returns at once and the worker's result is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_thread);
}

VaultStore *
vault_store_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char           *path;
  VaultFileBody  *body;
  VaultFileStamp  expected;
  VaultFileStamp  written;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *d = data;

  g_free (d->path);
  g_clear_pointer (&d->body, vault_file_body_free);
  g_free (d);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *d = task_data;
  GError *error = NULL;

  if (vault_file_write (d->path, d->body, &d->expected, &d->written, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VaultStore *self = g_task_get_source_object (outer);
  SaveData *d = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    {
      self->stamp = d->written;
      g_task_return_boolean (outer, TRUE);
    }
}

/* The payload's plain text is made here, on the caller's thread, from the
 * model as it is now; sealing, writing and fsync go to a worker. */
void
vault_store_save_async (VaultStore          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  SaveData *d;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_task_set_source_tag (task, vault_store_save_async);

  if (!check_can_save (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  d = g_new0 (SaveData, 1);
  d->path = g_strdup (self->path);
  d->expected = self->stamp;
  d->body = vault_file_body_new (self->header, self->secret_key, self->payload_key);
  vault_file_body_set_deleted (d->body, self->deleted);
  vault_file_body_take_plain (d->body, G_LIST_MODEL (self->entries), (gsize) self->stamp.size);
  inner = g_task_new (NULL, cancellable, save_done, g_steal_pointer (&task));
  g_task_set_task_data (inner, d, save_data_free);
  g_task_run_in_thread (inner, save_thread);
}

gboolean
vault_store_save_finish (VaultStore    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Whether the file on disk is still the one this store read or wrote last. */
gboolean
vault_store_is_file_current (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  return vault_file_stamp_matches (self->path, &self->stamp);
}

/* When the vault file was deleted or moved away under the open store, lets
 * the next save write it anew. A file that is there (even another one) is
 * never forgotten: it is not overwritten. */
gboolean
vault_store_forget_missing_file (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);

  if (g_file_test (self->path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return FALSE;
  memset (&self->stamp, 0, sizeof self->stamp);
  return TRUE;
}

/* --- Accessors and locking ------------------------------------------------------ */

const char *
vault_store_get_path (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return self->path;
}

const char *
vault_store_get_vault_id (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return self->header->vault_id;
}

guint
vault_store_get_iterations (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), 0);
  return self->header->iterations;
}

gboolean
vault_store_get_locked (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), TRUE);
  return self->locked;
}

GListModel *
vault_store_get_entries (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

void
vault_store_lock (VaultStore *self)
{
  g_return_if_fail (VAULT_IS_STORE (self));

  g_clear_pointer (&self->secret_key, vault_secure_buf_free);
  g_clear_pointer (&self->vault_key, vault_secure_buf_free);
  g_clear_pointer (&self->payload_key, vault_secure_buf_free);
  g_clear_pointer (&self->field_key, vault_secure_buf_free);
  if (self->entries != NULL)
    vault_entry_list_replace_all (self->entries, NULL, 0);
  vault_store_drop_search_index (self);
  g_clear_pointer (&self->deleted, vault_deletions_free);
  self->deleted = vault_deletions_new ();

  if (!self->locked)
    {
      self->locked = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
    }
}

gboolean
vault_store_check_unlocked (VaultStore  *self,
                            GError     **error)
{
  if (self->locked || self->vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_LOCKED, _("The vault is locked."));
      return FALSE;
    }
  return TRUE;
}

