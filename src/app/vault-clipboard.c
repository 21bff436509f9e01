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

#include <glib/gi18n.h>

/* --- The content ----------------------------------------------------------- */

/* Serves the secret straight from a locked buffer of its own, which is wiped
 * the moment the clipboard is cleared, whoever still holds a reference to
 * the content (GDK keeps one while it answers a paste). */
#define VAULT_TYPE_SECRET_CONTENT (vault_secret_content_get_type ())
G_DECLARE_FINAL_TYPE (VaultSecretContent, vault_secret_content, VAULT, SECRET_CONTENT,
                      GdkContentProvider)

struct _VaultSecretContent
{
  GdkContentProvider parent_instance;

  /* Owned */
  VaultSecureBuf *secret;   /* NULL once wiped */
};

G_DEFINE_FINAL_TYPE (VaultSecretContent, vault_secret_content, GDK_TYPE_CONTENT_PROVIDER)

static void
vault_secret_content_wipe (VaultSecretContent *self)
{
  g_clear_pointer (&self->secret, vault_secure_buf_free);
}

static void
vault_secret_content_finalize (GObject *object)
{
  vault_secret_content_wipe (VAULT_SECRET_CONTENT (object));
  G_OBJECT_CLASS (vault_secret_content_parent_class)->finalize (object);
}

static GdkContentFormats *
vault_secret_content_ref_formats (GdkContentProvider *provider)
{
  GdkContentFormatsBuilder *builder = gdk_content_formats_builder_new ();

  gdk_content_formats_builder_add_mime_type (builder, "text/plain;charset=utf-8");
  gdk_content_formats_builder_add_mime_type (builder, "text/plain");
  gdk_content_formats_builder_add_mime_type (builder, VAULT_PASSWORD_HINT_MIME);
  return gdk_content_formats_builder_free_to_formats (builder);
}

/* Nothing for a clipboard manager to keep when the app quits. */
static GdkContentFormats *
vault_secret_content_ref_storable_formats (GdkContentProvider *provider)
{
  return gdk_content_formats_new (NULL, 0);
}

static void
on_written (GObject      *stream,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (g_output_stream_write_all_finish (G_OUTPUT_STREAM (stream), result, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
vault_secret_content_write_mime_type_async (GdkContentProvider  *provider,
                                            const char          *mime_type,
                                            GOutputStream       *stream,
                                            int                  io_priority,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  VaultSecretContent *self = VAULT_SECRET_CONTENT (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  VaultSecureBuf *data;

  g_task_set_priority (task, io_priority);
  g_task_set_source_tag (task, vault_secret_content_write_mime_type_async);

  if (g_str_equal (mime_type, VAULT_PASSWORD_HINT_MIME))
    data = vault_secure_buf_new_from_string ("secret");
  else if (self->secret != NULL && (g_str_equal (mime_type, "text/plain;charset=utf-8") ||
                                    g_str_equal (mime_type, "text/plain")))
    /* The write may outlast a clear (it can run in a thread): it reads
     * from a locked copy of its own, wiped when the write is done. */
    data = vault_secure_buf_dup (self->secret);
  else
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The copied password is no longer on the clipboard."));
      return;
    }

  g_task_set_task_data (task, data, (GDestroyNotify) vault_secure_buf_free);
  g_output_stream_write_all_async (stream, data->data, data->len, io_priority, cancellable,
                                   on_written, g_steal_pointer (&task));
}

static gboolean
vault_secret_content_write_mime_type_finish (GdkContentProvider  *provider,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
vault_secret_content_class_init (VaultSecretContentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GdkContentProviderClass *provider_class = GDK_CONTENT_PROVIDER_CLASS (klass);

  object_class->finalize = vault_secret_content_finalize;
  provider_class->ref_formats = vault_secret_content_ref_formats;
  provider_class->ref_storable_formats = vault_secret_content_ref_storable_formats;
  provider_class->write_mime_type_async = vault_secret_content_write_mime_type_async;
  provider_class->write_mime_type_finish = vault_secret_content_write_mime_type_finish;
}

static void
vault_secret_content_init (VaultSecretContent *self)
{
}

/* --- The clipboard helper ------------------------------------------------- */

struct _VaultClipboard
{
  GObject parent_instance;

  /* Owned */
  VaultSecretContent *content;
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

  return self->clipboard != NULL && self->content != NULL &&
         gdk_clipboard_get_content (self->clipboard) == GDK_CONTENT_PROVIDER (self->content);
}

/* Clears the clipboard only if it still holds what Vault put there:
 * whatever the person copied since is theirs. The secret is wiped either
 * way. */
void
vault_clipboard_clear (VaultClipboard *self)
{
  g_return_if_fail (VAULT_IS_CLIPBOARD (self));

  g_clear_handle_id (&self->clear_source, g_source_remove);
  if (vault_clipboard_holds_secret (self))
    gdk_clipboard_set_content (self->clipboard, NULL);
  if (self->content != NULL)
    vault_secret_content_wipe (self->content);
  g_clear_object (&self->content);
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
  g_return_if_fail (VAULT_IS_CLIPBOARD (self));
  g_return_if_fail (GDK_IS_CLIPBOARD (clipboard));
  g_return_if_fail (secret != NULL);

  vault_clipboard_clear (self);

  self->content = g_object_new (VAULT_TYPE_SECRET_CONTENT, NULL);
  self->content->secret = vault_secure_buf_dup (secret);
  self->clipboard = g_object_ref (clipboard);
  gdk_clipboard_set_content (clipboard, GDK_CONTENT_PROVIDER (self->content));

  self->clear_source = g_timeout_add_seconds (MAX (clear_after_seconds, 1), clear_timeout, self);
}
