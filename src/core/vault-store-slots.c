/* vault-store-slots.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key slots of an open vault: changing the master password, setting up
 * or removing the recovery key, and the Secret Key behind them.
 */
#include "config.h"

#include "vault-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-clock.h"
#include "vault-error.h"
#include "vault-kit.h"
#include "vault-secret-key.h"
#include "vault-strength.h"

static gboolean
ensure_secret_key (VaultStore    *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (vault_store_find_secret_key (self, cancellable, &local_error))
    return TRUE;

  if (!g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Opened with the recovery key on a device without the Secret Key: the
   * password slot is about to be rewritten anyway, so make a new one. */
  self->secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (self->secret_key->data, VAULT_KEY_SIZE);
  self->secret_key_replaced = TRUE;
  return TRUE;
}

static gboolean
check_new_password (VaultStore  *self,
                    const char  *new_password,
                    GError     **error)
{
  if (!vault_store_check_unlocked (self, error))
    return FALSE;
  if (*new_password == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The master password cannot be empty."));
      return FALSE;
    }
  return vault_strength_acceptable_master (new_password, error);
}

/* A key-slot change waiting to be saved, and what to put back if it is not. */
typedef struct {
  VaultSecureBuf *current_password;
  VaultSecureBuf *password;
  VaultSecureBuf *secret_key;
  char           *vault_id;
  guint8          salt[VAULT_SALT_SIZE];
  guint           iterations;
  guint8          old_salt[VAULT_SALT_SIZE];
  guint           old_iterations;
  gint64          old_changed;
  GBytes         *old_password_slot;
  GBytes         *old_recovery_slot;
  VaultSecureBuf *recovery_code;
} SlotChange;

static void
slot_change_free (gpointer data)
{
  SlotChange *c = data;

  vault_secure_buf_free (c->current_password);
  vault_secure_buf_free (c->password);
  vault_secure_buf_free (c->secret_key);
  vault_secure_buf_free (c->recovery_code);
  g_free (c->vault_id);
  g_clear_pointer (&c->old_password_slot, g_bytes_unref);
  g_clear_pointer (&c->old_recovery_slot, g_bytes_unref);
  g_free (c);
}

static void
slot_change_revert (VaultStore *self,
                    SlotChange *c)
{
  memcpy (self->header->salt, c->old_salt, sizeof c->old_salt);
  self->header->iterations = c->old_iterations;
  self->header->changed = c->old_changed;
  g_clear_pointer (&self->header->password_slot, g_bytes_unref);
  self->header->password_slot = g_steal_pointer (&c->old_password_slot);
  g_clear_pointer (&self->header->recovery_slot, g_bytes_unref);
  self->header->recovery_slot = g_steal_pointer (&c->old_recovery_slot);
}

static SlotChange *
slot_change_begin (VaultStore *self)
{
  SlotChange *c = g_new0 (SlotChange, 1);

  memcpy (c->old_salt, self->header->salt, sizeof c->old_salt);
  c->old_iterations = self->header->iterations;
  c->old_changed = self->header->changed;
  c->old_password_slot = self->header->password_slot ? g_bytes_ref (self->header->password_slot) : NULL;
  c->old_recovery_slot = self->header->recovery_slot ? g_bytes_ref (self->header->recovery_slot) : NULL;
  return c;
}

/* The password slot from a new salt and MUK: the vault key is re-wrapped,
 * never replaced. A Secret Key made just now for this vault is kept in the
 * keyring first. The caller saves, or reverts with slot_change_revert. */
static gboolean
put_password_slot (VaultStore           *self,
                   const guint8         *salt,
                   guint                 iterations,
                   const VaultSecureBuf *muk,
                   GCancellable         *cancellable,
                   GError              **error)
{
  memcpy (self->header->salt, salt, VAULT_SALT_SIZE);
  self->header->iterations = iterations;
  self->header->changed = vault_clock_now ();
  g_clear_pointer (&self->header->password_slot, g_bytes_unref);
  self->header->password_slot = vault_keys_wrap (muk, self->vault_key, VAULT_SLOT_PASSWORD, self->header->vault_id);

  return !self->secret_key_replaced ||
         vault_secret_key_store (self->header->vault_id, self->secret_key->data, cancellable, error);
}

/* A new recovery slot under a new random recovery key, whose code is
 * returned; or, without enable, no recovery slot and NULL. */
static VaultSecureBuf *
put_recovery_slot (VaultStore *self,
                   gboolean    enable)
{
  g_autoptr(VaultSecureBuf) recovery_key = NULL;
  g_autoptr(VaultSecureBuf) kek = NULL;

  g_clear_pointer (&self->header->recovery_slot, g_bytes_unref);
  self->header->changed = vault_clock_now ();
  if (!enable)
    return NULL;

  recovery_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (recovery_key->data, VAULT_KEY_SIZE);
  kek = vault_keys_derive_subkey (recovery_key, self->header->vault_id, VAULT_SUBKEY_RECOVERY);
  self->header->recovery_slot = vault_keys_wrap (kek, self->vault_key, VAULT_SLOT_RECOVERY, self->header->vault_id);
  return vault_kit_encode (VAULT_KIT_RECOVERY_KEY, recovery_key->data);
}

gboolean
vault_store_change_password (VaultStore    *self,
                             const char    *new_password,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(VaultSecureBuf) muk = NULL;
  guint8 salt[VAULT_SALT_SIZE];
  SlotChange *change;
  guint iterations;
  gboolean ok;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_password != NULL, FALSE);

  if (!check_new_password (self, new_password, error) ||
      !ensure_secret_key (self, cancellable, error))
    return FALSE;

  vault_random_bytes (salt, sizeof salt);
  iterations = MAX (self->header->iterations, VAULT_MIN_ITERATIONS);
  muk = vault_keys_derive_muk (new_password, salt, iterations, self->secret_key, self->header->vault_id);

  change = slot_change_begin (self);
  ok = put_password_slot (self, salt, iterations, muk, cancellable, error) &&
       vault_store_save (self, cancellable, error);
  if (!ok)
    slot_change_revert (self, change);
  slot_change_free (change);
  return ok;
}

static void
slot_change_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VaultStore *self = VAULT_STORE (source);
  SlotChange *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vault_store_save_finish (self, result, &error))
    {
      slot_change_revert (self, c);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
change_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlotChange *c = task_data;

  /* Someone at an unlocked session must not lock its owner out: the
   * current password has to open the current slot first. */
  if (c->current_password != NULL)
    {
      g_autoptr(VaultSecureBuf) old_muk = NULL;
      g_autoptr(VaultSecureBuf) opened = NULL;

      old_muk = vault_keys_derive_muk (vault_secure_buf_get_string (c->current_password), c->old_salt,
                            c->old_iterations, c->secret_key, c->vault_id);
      opened = vault_keys_unwrap (old_muk, c->old_password_slot, VAULT_SLOT_PASSWORD, c->vault_id);
      if (opened == NULL)
        {
          g_task_return_new_error (task, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                                   _("The current master password is not right."));
          return;
        }
    }

  g_task_return_pointer (task,
                         vault_keys_derive_muk (vault_secure_buf_get_string (c->password), c->salt,
                                     c->iterations, c->secret_key, c->vault_id),
                         (GDestroyNotify) vault_secure_buf_free);
}

static void
change_derived (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VaultStore *self = g_task_get_source_object (outer);
  SlotChange *c = g_task_get_task_data (outer);
  g_autoptr(VaultSecureBuf) muk = NULL;
  GError *error = NULL;

  muk = g_task_propagate_pointer (G_TASK (result), &error);
  if (muk == NULL || !vault_store_check_unlocked (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  if (!put_password_slot (self, c->salt, c->iterations, muk, NULL, &error))
    {
      slot_change_revert (self, c);
      g_task_return_error (outer, error);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (outer);

    vault_store_save_async (self, cancellable, slot_change_saved, g_steal_pointer (&outer));
  }
}

/* The KDF runs in a worker with copies of what it needs; the new slot is put
 * in on the caller's thread and written by an async save. If the save fails,
 * the old slot is put back: the file and the open vault still agree. With a
 * current_password, nothing changes unless it is the right one. */
void
vault_store_change_password_async (VaultStore          *self,
                                   const char          *current_password,
                                   const char          *new_password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  SlotChange *c;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_return_if_fail (new_password != NULL);
  g_task_set_source_tag (task, vault_store_change_password_async);

  if (!check_new_password (self, new_password, &error) ||
      !ensure_secret_key (self, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  c = slot_change_begin (self);
  if (current_password != NULL)
    c->current_password = vault_secure_buf_new_from_string (current_password);
  c->password = vault_secure_buf_new_from_string (new_password);
  c->secret_key = vault_secure_buf_dup (self->secret_key);
  c->vault_id = g_strdup (self->header->vault_id);
  c->iterations = MAX (self->header->iterations, VAULT_MIN_ITERATIONS);
  vault_random_bytes (c->salt, sizeof c->salt);
  g_task_set_task_data (task, c, slot_change_free);

  inner = g_task_new (NULL, cancellable, change_derived, g_steal_pointer (&task));
  g_task_set_task_data (inner, c, NULL);
  g_task_run_in_thread (inner, change_thread);
}

gboolean
vault_store_change_password_finish (VaultStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* What checking the master password needs, copied for the worker. */
typedef struct {
  VaultSecureBuf *password;
  VaultSecureBuf *secret_key;
  char           *vault_id;
  guint8          salt[VAULT_SALT_SIZE];
  guint           iterations;
  GBytes         *password_slot;
} PasswordCheck;

static void
password_check_free (gpointer data)
{
  PasswordCheck *c = data;

  vault_secure_buf_free (c->password);
  vault_secure_buf_free (c->secret_key);
  g_free (c->vault_id);
  g_clear_pointer (&c->password_slot, g_bytes_unref);
  g_free (c);
}

static void
check_password_thread (GTask        *task,
                       gpointer      source,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  PasswordCheck *c = task_data;
  g_autoptr(VaultSecureBuf) muk = NULL;
  g_autoptr(VaultSecureBuf) opened = NULL;

  muk = vault_keys_derive_muk (vault_secure_buf_get_string (c->password), c->salt,
                               c->iterations, c->secret_key, c->vault_id);
  opened = vault_keys_unwrap (muk, c->password_slot, VAULT_SLOT_PASSWORD, c->vault_id);
  if (opened == NULL)
    g_task_return_new_error (task, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                             _("That is not the master password."));
  else
    g_task_return_boolean (task, TRUE);
}

/* Whether password is the master password of the open vault, found as an
 * unlock finds it (the KDF in a worker) but against the slot in memory:
 * nothing is read or written. For asking again before a sensitive step
 * (an export): whoever has the unlocked session at hand is not enough. */
void
vault_store_check_password_async (VaultStore          *self,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  PasswordCheck *c;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_return_if_fail (password != NULL);
  g_task_set_source_tag (task, vault_store_check_password_async);

  if (!vault_store_check_unlocked (self, &error) ||
      !vault_store_find_secret_key (self, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  c = g_new0 (PasswordCheck, 1);
  c->password = vault_secure_buf_new_from_string (password);
  c->secret_key = vault_secure_buf_dup (self->secret_key);
  c->vault_id = g_strdup (self->header->vault_id);
  memcpy (c->salt, self->header->salt, sizeof c->salt);
  c->iterations = self->header->iterations;
  c->password_slot = g_bytes_ref (self->header->password_slot);
  g_task_set_task_data (task, c, password_check_free);
  g_task_run_in_thread (task, check_password_thread);
}

gboolean
vault_store_check_password_finish (VaultStore    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* With enable, adds a new recovery slot, else removes it; then saves off
 * the main thread. The finish function returns the new recovery code, or an
 * empty buffer after a removal; a failed save puts the old slot back. */
void
vault_store_set_recovery_async (VaultStore          *self,
                                gboolean             enable,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  SlotChange *c;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_task_set_source_tag (task, vault_store_set_recovery_async);

  if (!vault_store_check_unlocked (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  c = slot_change_begin (self);
  g_task_set_task_data (task, c, slot_change_free);
  c->recovery_code = put_recovery_slot (self, enable);
  vault_store_save_async (self, cancellable, slot_change_saved, g_steal_pointer (&task));
}

VaultSecureBuf *
vault_store_set_recovery_finish (VaultStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  SlotChange *c;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  c = g_task_get_task_data (G_TASK (result));
  /* Removing returns an empty buffer: success, and no code to show. */
  return c->recovery_code ? g_steal_pointer (&c->recovery_code) : vault_secure_buf_new (0);
}

gboolean
vault_store_secret_key_was_replaced (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  return self->secret_key_replaced;
}

VaultSecureBuf *
vault_store_get_secret_key_code (VaultStore  *self,
                                 GError     **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;
  if (!vault_store_find_secret_key (self, NULL, error))
    return NULL;
  return vault_kit_encode (VAULT_KIT_SECRET_KEY, self->secret_key->data);
}

gboolean
vault_store_has_recovery_key (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  return self->header->recovery_slot != NULL;
}

/* Sets up (enable) or removes the recovery slot and saves; on failure the
 * old slot comes back. The new code goes to code after a set-up. */
static gboolean
set_recovery (VaultStore      *self,
              gboolean         enable,
              VaultSecureBuf **code,
              GCancellable    *cancellable,
              GError         **error)
{
  SlotChange *change = slot_change_begin (self);
  g_autoptr(VaultSecureBuf) new_code = put_recovery_slot (self, enable);
  gboolean ok = vault_store_save (self, cancellable, error);

  if (!ok)
    slot_change_revert (self, change);
  else if (code != NULL)
    *code = g_steal_pointer (&new_code);
  slot_change_free (change);
  return ok;
}

VaultSecureBuf *
vault_store_set_up_recovery_key (VaultStore    *self,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  VaultSecureBuf *code = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);

  if (!vault_store_check_unlocked (self, error) || !set_recovery (self, TRUE, &code, cancellable, error))
    return NULL;
  return code;
}

gboolean
vault_store_remove_recovery_key (VaultStore    *self,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);

  if (!vault_store_check_unlocked (self, error))
    return FALSE;
  if (self->header->recovery_slot == NULL)
    return TRUE;
  return set_recovery (self, FALSE, NULL, cancellable, error);
}
