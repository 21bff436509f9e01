/* vault-kit-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Emergency Kit window, and the save dialog it shares with the unlock
 * window. The codes are shown in selectable labels: they are there to be
 * copied onto paper, and a screen reader must be able to read them out.
 * A new recovery key is shown once, so its window stays open until the
 * person says they saved it (or saved the PDF).
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
  AdwStatusPage   *status_page;
  GtkLabel        *secret_key_label;
  GtkLabel        *secret_key_entry;
  GtkLabel        *recovery_label;
  GtkLabel        *recovery_entry;
  GtkButton       *save_button;
  GtkCheckButton  *saved_check;
  GtkButton       *close_button;

  /* Owned */
  char            *vault_path;
  gboolean         must_confirm;   /* a new recovery key, not yet saved */
};

G_DEFINE_FINAL_TYPE (VaultKitWindow, vault_kit_window, ADW_TYPE_WINDOW)

typedef struct {
  AdwToastOverlay *toasts;
  GtkWindow       *parent;
  char            *vault_path;
  VaultSecureBuf  *secret_key_code;
  VaultSecureBuf  *recovery_code;
  GObject         *owner;
  VaultKitSavedFunc saved;
} SaveData;

static void
save_data_free (SaveData *d)
{
  g_clear_object (&d->toasts);
  g_clear_object (&d->parent);
  g_clear_object (&d->owner);
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
          if (d->saved != NULL)
            d->saved (d->owner);
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
                       const char      *recovery_code,
                       VaultKitSavedFunc saved,
                       gpointer         owner)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  SaveData *d = g_new0 (SaveData, 1);

  d->toasts = toasts ? g_object_ref (toasts) : NULL;
  d->parent = parent ? g_object_ref (parent) : NULL;
  d->vault_path = g_strdup (vault_path);
  d->secret_key_code = vault_secure_buf_new_from_string (secret_key_code);
  d->recovery_code = recovery_code ? vault_secure_buf_new_from_string (recovery_code) : NULL;
  d->saved = saved;
  d->owner = owner ? g_object_ref (G_OBJECT (owner)) : NULL;

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

/* Groups stay whole: a line may break only after a hyphen (or a space), so
 * the code reads as it is typed, one group at a time. The text itself is
 * left alone, for copying and for screen readers. */
void
vault_kit_code_label_set (GtkLabel   *label,
                          const char *code)
{
  PangoAttrList *attrs;
  guint start = 0;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (code != NULL);

  attrs = pango_attr_list_new ();

  for (guint i = 0;; i++)
    {
      if (code[i] == '-' || code[i] == ' ' || code[i] == '\0')
        {
          /* The group and its hyphen: no break inside, nor before the hyphen. */
          guint end = code[i] == '\0' ? i : i + 1;

          if (end > start + 1)
            {
              PangoAttribute *attr = pango_attr_allow_breaks_new (FALSE);

              attr->start_index = start;
              attr->end_index = end;
              pango_attr_list_insert (attrs, attr);
            }
          start = i + 1;
          if (code[i] == '\0')
            break;
        }
    }
  gtk_label_set_label (label, code);
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static void
set_confirmed (VaultKitWindow *self)
{
  self->must_confirm = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->close_button), "suggested-action");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
}

static void
on_kit_saved (GObject *owner)
{
  VaultKitWindow *self = VAULT_KIT_WINDOW (owner);

  /* A saved PDF holds the recovery key: that is confirmation enough. The
   * window may have gone meanwhile (locking destroys it). */
  if (self->saved_check != NULL && gtk_widget_get_visible (GTK_WIDGET (self->saved_check)))
    gtk_check_button_set_active (self->saved_check, TRUE);
}

static void
on_save_clicked (VaultKitWindow *self)
{
  const char *recovery = gtk_widget_get_visible (GTK_WIDGET (self->recovery_entry))
                         ? gtk_label_get_label (self->recovery_entry) : NULL;

  vault_kit_save_dialog (GTK_WINDOW (self), self->toast_overlay, self->vault_path,
                         gtk_label_get_label (self->secret_key_entry),
                         recovery, on_kit_saved, self);
}

static void
on_saved_toggled (VaultKitWindow *self)
{
  if (gtk_check_button_get_active (self->saved_check))
    set_confirmed (self);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->saved_check)))
    {
      self->must_confirm = TRUE;
      gtk_widget_set_sensitive (GTK_WIDGET (self->close_button), FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->close_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
    }
}

static void
on_close_clicked (VaultKitWindow *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_anyway (AdwMessageDialog *dialog,
                 const char       *response,
                 VaultKitWindow   *self)
{
  if (g_str_equal (response, "close"))
    {
      self->must_confirm = FALSE;
      gtk_window_close (GTK_WINDOW (self));
    }
}

/* Escape, the window's close button: a recovery key nobody kept is lost. */
static gboolean
on_close_request (VaultKitWindow *self)
{
  AdwMessageDialog *dialog;

  if (!self->must_confirm)
    return FALSE;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Close Without Saving?"),
                                                       _("The recovery key is shown only now. "
                                                         "Without a copy, it cannot help you "
                                                         "if you forget your master password.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Back"),
                                    "close", _("Close _Anyway"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_anyway), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
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
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, secret_key_label);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, secret_key_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, recovery_label);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, recovery_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, save_button);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, saved_check);
  gtk_widget_class_bind_template_child (widget_class, VaultKitWindow, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_saved_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_close_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_close_request);
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
  vault_kit_code_label_set (self->secret_key_entry, vault_secure_buf_get_string (secret_key_code));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  /* Not the first selectable code: focused, it would be selected, and a
   * selection is offered to other programs as the primary clipboard. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->save_button));
  if (recovery_code != NULL)
    {
      /* The new key first, and little else, so it and Save fit on a phone
       * without scrolling; the saved kit also holds the Secret Key. */
      self->must_confirm = TRUE;
      gtk_window_set_title (GTK_WINDOW (self), _("Recovery Key"));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_page), "compact");
      adw_status_page_set_icon_name (self->status_page, NULL);
      adw_status_page_set_title (self->status_page, _("Save Your Recovery Key"));
      adw_status_page_set_description (self->status_page,
                                       _("It opens your vault without the master password. "
                                         "It is shown only now: save it with your Emergency "
                                         "Kit, which also holds your Secret Key."));
      vault_kit_code_label_set (self->recovery_entry, vault_secure_buf_get_string (recovery_code));
      gtk_widget_set_visible (GTK_WIDGET (self->secret_key_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->secret_key_entry), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->recovery_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->recovery_entry), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->saved_check), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->close_button), TRUE);
    }
  return self;
}
