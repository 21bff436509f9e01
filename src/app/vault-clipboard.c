/* vault-clipboard.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one place a secret leaves Vault on purpose. The content offers the
 * text and the x-kde-passwordManagerHint "secret" that clipboard managers
 * read as "do not keep in history". GTK 4.8 lists that target but cannot
 * hand out its bytes (it only serves "type/subtype" names), so managers that
 * look for the target see it, and those that read its value do not.
 */
#include "vault-clipboard.h"

struct _VaultClipboard
{
  GObject parent_instance;

  /* Owned */
  GdkContentProvider *provider;
  GdkClipboard       *clipboard;
  guint               clear_source;
};

G_DEFINE_FINAL_TYPE (VaultClipboard, vault_clipboard, G_TYPE_OBJECT)

static void
vault_clipboard_dispose (GObject *object)
{
  VaultClipboard *self = VAULT_CLIPBOARD (object);

  vault_clipboard_clear (self);
  G_OBJECT_CLASS (vault_clipboard_parent_class)->dispose (object);
}

static void
vault_clipboard_class_init (VaultClipboardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_clipboard_dispose;
}

static void
vault_clipboard_init (VaultClipboard *self)
{
}

VaultClipboard *
vault_clipboard_new (void)
{
  return g_object_new (VAULT_TYPE_CLIPBOARD, NULL);
}

gboolean
vault_clipboard_holds_secret (VaultClipboard *self)
{
  g_return_val_if_fail (VAULT_IS_CLIPBOARD (self), FALSE);

  return self->clipboard != NULL && self->provider != NULL &&
         gdk_clipboard_get_content (self->clipboard) == self->provider;
}

/* Clears the clipboard only if it still holds what Vault put there:
 * whatever the person copied since is theirs. */
void
vault_clipboard_clear (VaultClipboard *self)
{
  g_return_if_fail (VAULT_IS_CLIPBOARD (self));

  g_clear_handle_id (&self->clear_source, g_source_remove);
  if (vault_clipboard_holds_secret (self))
    gdk_clipboard_set_content (self->clipboard, NULL);
  g_clear_object (&self->provider);
  g_clear_object (&self->clipboard);
}

static gboolean
clear_timeout (gpointer user_data)
{
  VaultClipboard *self = user_data;

  self->clear_source = 0;
  vault_clipboard_clear (self);
  return G_SOURCE_REMOVE;
}

void
vault_clipboard_copy_secret (VaultClipboard       *self,
                             GdkClipboard         *clipboard,
                             const VaultSecureBuf *secret,
                             guint                 clear_after_seconds)
{
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GBytes) hint = NULL;
  GdkContentProvider *providers[3];

  g_return_if_fail (VAULT_IS_CLIPBOARD (self));
  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (secret != NULL);

  vault_clipboard_clear (self);

  /* Kept in a locked buffer of its own, wiped when the clipboard lets go of
   * it; other programs that paste it get their own copy. */
  {
    VaultSecureBuf *copy = vault_secure_buf_dup (secret);

    text = g_bytes_new_with_free_func (copy->data, copy->len,
                                       (GDestroyNotify) vault_secure_buf_free, copy);
  }
  hint = g_bytes_new_static ("secret", 6);
  providers[0] = gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", text);
  providers[1] = gdk_content_provider_new_for_bytes ("text/plain", text);
  providers[2] = gdk_content_provider_new_for_bytes (VAULT_PASSWORD_HINT_MIME, hint);

  self->provider = gdk_content_provider_new_union (providers, G_N_ELEMENTS (providers));
  self->clipboard = g_object_ref (clipboard);
  gdk_clipboard_set_content (clipboard, self->provider);

  self->clear_source = g_timeout_add_seconds (MAX (clear_after_seconds, 1), clear_timeout, self);
}
