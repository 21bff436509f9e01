/* vault-secret-key.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Secret Key store: one binary item per vault in the Secret Service,
 * found by the vault's id under the schema com.example.Vault.SecretKey.
 */
#include "config.h"

#include "vault-secret-key.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "vault-crypto.h"
#include "vault-error.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    VAULT_SECRET_KEY_SCHEMA_NAME, SECRET_SCHEMA_NONE,
    {
      { "vault-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

/* libsecret reports the Secret Service's troubles as D-Bus, GIO or its own
 * errors; turn them into ones a person can act on. */
static void
translate_error (GError  *in,
                 GError **error)
{
  if (g_error_matches (in, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_KEYRING_DENIED,
                           _("The keyring did not allow access to the Secret Key: "
                             "the request was dismissed."));
    }
  else if (g_error_matches (in, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_KEYRING_LOCKED,
                           _("The keyring is locked. Unlock it (for example with "
                             "Passwords and Keys) and try again."));
    }
  else if (in->domain == G_DBUS_ERROR || in->domain == G_IO_ERROR ||
           in->domain == G_SPAWN_ERROR || in->domain == SECRET_ERROR)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_KEYRING_UNAVAILABLE,
                           _("No keyring is available: Vault keeps its Secret Key in the "
                             "desktop’s Secret Service (GNOME Keyring), which could not "
                             "be reached. Make sure it is installed and running."));
    }
  else
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_KEYRING_UNAVAILABLE,
                   _("The keyring failed: %s"), in->message);
    }
}

/* A locked default collection makes libsecret ask the keyring to prompt; with
 * no prompter (a headless session) or a dismissed prompt the call either
 * fails with CANCELLED or "succeeds" without storing. Check which. */
gboolean
vault_secret_key_store (const char    *vault_id,
                        const guint8  *key,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (vault_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  value = secret_value_new ((const char *) key, VAULT_KEY_SIZE, "application/octet-stream");
  /* Translators: the label of the keyring item; %s is the vault's id. */
  label = g_strdup_printf (_("Vault Secret Key (%s)"), vault_id);

  if (!secret_password_store_binary_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label,
                                          value, cancellable, &local_error,
                                          "vault-id", vault_id, NULL))
    {
      if (local_error == NULL)
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_KEYRING_DENIED,
                             _("The keyring did not store the Secret Key."));
      else
        translate_error (local_error, error);
      return FALSE;
    }

  return TRUE;
}

/* A lookup that needed an unlock prompt nobody answered (no prompter in the
 * session, or it was dismissed) returns nothing and no error, the same as a
 * missing item. Tell the two apart by searching without unlocking. */
static gboolean
item_is_locked (const char   *vault_id,
                GCancellable *cancellable)
{
  g_autoptr(GHashTable) attributes = NULL;
  GList *items;
  gboolean locked = FALSE;

  attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (attributes, (gpointer) "vault-id", (gpointer) vault_id);
  items = secret_service_search_sync (NULL, get_schema (), attributes, SECRET_SEARCH_ALL,
                                      cancellable, NULL);
  for (GList *l = items; l != NULL; l = l->next)
    locked |= secret_item_get_locked (l->data);
  g_list_free_full (items, g_object_unref);
  return locked;
}

VaultSecureBuf *
vault_secret_key_lookup (const char    *vault_id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (vault_id != NULL, NULL);

  value = secret_password_lookup_binary_sync (get_schema (), cancellable, &local_error,
                                              "vault-id", vault_id, NULL);
  if (local_error != NULL)
    {
      translate_error (local_error, error);
      return NULL;
    }
  if (value == NULL && item_is_locked (vault_id, cancellable))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_KEYRING_LOCKED,
                           _("The keyring that holds the Secret Key is locked. Unlock it "
                             "(for example with Passwords and Keys) and try again."));
      return NULL;
    }
  if (value == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY,
                           _("This device does not have the vault’s Secret Key. Enter "
                             "the Secret Key from your Emergency Kit to use the vault "
                             "here."));
      return NULL;
    }

  data = secret_value_get (value, &len);
  if (len != VAULT_KEY_SIZE)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY,
                           _("The Secret Key in the keyring is not valid. Restore it "
                             "from your Emergency Kit."));
      return NULL;
    }

  return vault_secure_buf_new_from_data (data, len);
}

gboolean
vault_secret_key_delete (const char    *vault_id,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (vault_id != NULL, FALSE);

  if (!secret_password_clear_sync (get_schema (), cancellable, &local_error,
                                   "vault-id", vault_id, NULL) && local_error != NULL)
    {
      translate_error (local_error, error);
      return FALSE;
    }
  return TRUE;
}
