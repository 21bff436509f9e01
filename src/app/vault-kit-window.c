/* vault-kit-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Emergency Kit window, and the save dialog it shares with the unlock
 * window. The codes are shown in selectable labels: they are there to be
 * copied onto paper, and a screen reader must be able to read them out.
 */
#include "config.h"

#include "vault-kit-window.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-kit-pdf.h"

struct _VaultKitWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkLabel        *secret_key_entry;
  GtkLabel        *recovery_label;
  GtkLabel        *recovery_entry;
  GtkLabel        *recovery_note;

  /* Owned */
  char            *vault_path;
};

G_DEFINE_FINAL_TYPE (VaultKitWindow, vault_kit_window, ADW_TYPE_WINDOW)

typedef struct {
  AdwToastOverlay *toasts;
  GtkWindow       *parent;
  char            *vault_path;
  VaultSecureBuf  *secret_key_code;
  VaultSecureBuf  *recovery_code;
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_clear_object (&d->toasts);
  g_clear_object (&d->parent);
  g_free (d->vault_path);
  vault_secure_buf_free (d->secret_key_code);
  vault_secure_buf_free (d->recovery_code);
  g_free (d);
}

static void
on_save_response (GtkNativeDialog *native,
                  int              response,
                  SaveData        *d)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      if (vault_kit_pdf_write (path, d->vault_path,
                               vault_secure_buf_get_string (d->secret_key_code),
                               d->recovery_code ? vault_secure_buf_get_string (d->recovery_code)
                                                : NULL,
                               &error))
        {
          if (d->toasts != NULL)
            adw_toast_overlay_add_toast (d->toasts,
                                         adw_toast_new (_("Emergency Kit saved. Print it, and "
                                                          "keep it safe.")));
        }
      else
        {
          AdwMessageDialog *dialog =
            ADW_MESSAGE_DIALOG (adw_message_dialog_new (d->parent,
                                                        _("Could Not Save the Emergency Kit"),
                                                        error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
    }

  save_data_free (d);
  g_object_unref (native);
}

void
vault_kit_save_dialog (GtkWindow       *parent,
                       AdwToastOverlay *toasts,
                       const char      *vault_path,
                       const char      *secret_key_code,
                       const char      *recovery_code)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  SaveData *d = g_new0 (SaveData, 1);

  d->toasts = toasts ? g_object_ref (toasts) : NULL;
  d->parent = parent ? g_object_ref (parent) : NULL;
  d->vault_path = g_strdup (vault_path);
  d->secret_key_code = vault_secure_buf_new_from_string (secret_key_code);
  d->recovery_code = recovery_code ? vault_secure_buf_new_from_string (recovery_code) : NULL;

  native = gtk_file_chooser_native_new (_("Save Emergency Kit"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Translators: the suggested file name of the Emergency Kit. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), _("Vault Emergency Kit.pdf"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (on_save_response), d);
  if (VAULT_IS_APPLICATION (g_application_get_default ()))
    vault_application_track_native (VAULT_APPLICATION (g_application_get_default ()),
                                    GTK_NATIVE_DIALOG (native));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_save_clicked (VaultKitWindow *self)
{
  const char *recovery = gtk_widget_get_visible (GTK_WIDGET (self->recovery_entry))
                         ? gtk_label_get_label (self->recovery_entry) : NULL;

  vault_kit_save_dialog (GTK_WINDOW (self), self->toast_overlay, self->vault_path,
                         gtk_label_get_label (self->secret_key_entry),
                         recovery);
}

static void
vault_kit_window_dispose (GObject *object)
{
  VaultKitWindow *self = VAULT_KIT_WINDOW (object);

  /* The codes go as the window closes, not whenever the last reference to
   * a label does; the freed text is wiped (see vault-heap-wipe.c). */
  if (self->secret_key_entry != NULL)
    gtk_label_set_label (self->secret_key_entry, "");
  if (self->recovery_entry != NULL)
    gtk_label_set_label (self->recovery_entry, "");
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_KIT_WINDOW);
  G_OBJECT_CLASS (vault_kit_window_parent_class)->dispose (object);
}

static void
vault_kit_window_finalize (GObject *object)
{
  VaultKitWindow *self = VAULT_KIT_WINDOW (object);

  g_free (self->vault_path);
  G_OBJECT_CLASS (vault_kit_window_parent_class)->finalize (object);
}

static void
vault_kit_window_class_init (VaultKitWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_kit_window_dispose;
  object_class->finalize = vault_kit_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-kit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, secret_key_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, recovery_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, recovery_note);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_kit_window_init (VaultKitWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VaultKitWindow *
vault_kit_window_new (GtkWindow            *parent,
                      const char           *vault_path,
                      const VaultSecureBuf *secret_key_code,
                      const VaultSecureBuf *recovery_code)
{
  VaultKitWindow *self = g_object_new (VAULT_TYPE_KIT_WINDOW, "transient-for", parent, NULL);

  self->vault_path = g_strdup (vault_path);
  gtk_label_set_label (self->secret_key_entry, vault_secure_buf_get_string (secret_key_code));
  if (recovery_code != NULL)
    {
      gtk_label_set_label (self->recovery_entry, vault_secure_buf_get_string (recovery_code));
      gtk_widget_set_visible (GTK_WIDGET (self->recovery_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->recovery_entry), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->recovery_note), TRUE);
    }
  return self;
}
