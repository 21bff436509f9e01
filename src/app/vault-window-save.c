/* vault-window-save.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving from the entry-list window: a failed save is remembered (the Not
 * Saved button, Save Again), locking or quitting with unsaved changes asks
 * first, and the vault file deleted or replaced under the app is noticed.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vault-plain-text.h"
#include "vault-window-private.h"

static void
set_unsaved (VaultWindow *self,
             gboolean     unsaved)
{
  self->unsaved = unsaved;
  gtk_widget_set_visible (GTK_WIDGET (self->unsaved_button), unsaved);
}

gboolean
vault_window_has_unsaved_changes (VaultWindow *self)
{
  g_return_val_if_fail (VAULT_IS_WINDOW (self), FALSE);
  return self->unsaved;
}

static void
lock_as_asked (VaultWindow *self)
{
  vault_application_lock_soon (vault_window_get_app (self), self->unlock_after_save, self->quit_after_save);
}

static gboolean
file_is_missing (VaultWindow *self)
{
  return !g_file_test (vault_store_get_path (self->store),
                       G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK);
}

static void
on_save_error_response (AdwMessageDialog *dialog,
                        const char       *response,
                        VaultWindow      *self)
{
  if (g_str_equal (response, "save"))
    vault_window_save_again (self);
  else if (g_str_equal (response, "reopen"))
    vault_application_lock_soon (vault_window_get_app (self), TRUE, FALSE);
}

/* A save that was refused or failed: the change stays in the open vault,
 * the file keeps its last good state, and the window says how to go on. */
static void
show_save_error (VaultWindow  *self,
                 const GError *error)
{
  AdwMessageDialog *dialog;
  g_autofree char *display = g_filename_display_name (vault_store_get_path (self->store));

  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK) && file_is_missing (self))
    {
      g_autofree char *body =
        /* Translators: %s is the path of the vault file. */
        g_strdup_printf (_("Another program deleted or moved the vault file “%s”. Your vault "
                           "is still open here: save it again to write it back."), display);

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Vault File Is Gone"), body));
      adw_message_dialog_add_responses (dialog, "close", _("_Close"),
                                        "save", _("_Save Again"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
    }
  else if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK))
    {
      dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self),
                                _("The Vault Was Changed by Another Program"),
                                _("Another program saved the vault after you opened it. So "
                                  "as not to overwrite its version, your last change was not "
                                  "saved. Lock and unlock the vault to see the other version, "
                                  "then make your change again.")));
      adw_message_dialog_add_responses (dialog, "close", _("_Close"),
                                        "reopen", _("_Lock and Reopen"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "reopen", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "reopen");
    }
  else
    {
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("Could Not Save the Vault"),
                                                           error->message));
      adw_message_dialog_add_responses (dialog, "close", _("_Close"),
                                        "save", _("_Save Again"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "save");
    }
  adw_message_dialog_set_close_response (dialog, "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_error_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(VaultWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean lock = self->lock_after_save;

  self->saving--;
  self->lock_after_save = FALSE;
  if (vault_store_save_finish (VAULT_STORE (source), result, &error))
    {
      set_unsaved (self, FALSE);
      self->file_noticed = FALSE;
      if (self->file_toast != NULL)
        adw_toast_dismiss (self->file_toast);
      if (lock)
        lock_as_asked (self);
      else
        vault_window_on_file_changed (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_unsaved (self, TRUE);
  show_save_error (self, error);
}

void
vault_window_save (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->saving++;
  vault_store_save_async (self->store, self->cancellable, on_saved, g_object_ref (self));
}

/* "Save Again": after a failed save, or when the file was deleted or moved
 * away under the app, which then writes it back. */
void
vault_window_save_again (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  vault_store_forget_missing_file (self->store);
  vault_window_save (self);
}

void
vault_window_save_again_activated (GtkWidget  *widget,
                                   const char *action,
                                   GVariant   *parameter)
{
  vault_window_save_again (VAULT_WINDOW (widget));
}

static void
on_ask_response (AdwMessageDialog *dialog,
                 const char       *response,
                 VaultWindow      *self)
{
  if (g_str_equal (response, "save"))
    {
      self->lock_after_save = TRUE;
      vault_window_save_again (self);
    }
  else if (g_str_equal (response, "discard"))
    lock_as_asked (self);
}

/* Unsaved changes are never thrown away without asking. */
void
vault_window_ask_before_lock (VaultWindow *self,
                              gboolean     show_unlock,
                              gboolean     quit)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->unlock_after_save = show_unlock;
  self->quit_after_save = quit;
  dialog = ADW_MESSAGE_DIALOG (
    adw_message_dialog_new (GTK_WINDOW (self), _("Save Your Changes?"),
                            _("Your last changes could not be saved to the vault file. "
                              "If you lock Vault now, they are lost.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "discard", show_unlock ? _("_Lock Anyway")
                                                           : _("_Quit Anyway"),
                                    "save", _("_Save Again"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_ask_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The vault file was deleted, moved away or replaced by another program
 * (a sync tool, vault-cli): say so once. Merging the other version is for
 * later; until then the engine refuses to save over it. */
void
vault_window_on_file_changed (VaultWindow *self)
{
  AdwToast *toast;

  if (self->saving > 0 || self->store == NULL || vault_store_get_locked (self->store))
    return;
  if (vault_store_is_file_current (self->store))
    {
      self->file_noticed = FALSE;
      return;
    }
  if (self->file_noticed)
    return;
  self->file_noticed = TRUE;

  if (file_is_missing (self))
    {
      set_unsaved (self, TRUE);
      toast = adw_toast_new (_("The vault file was deleted by another program"));
      adw_toast_set_button_label (toast, _("_Save Again"));
      adw_toast_set_action_name (toast, "win.save-again");
    }
  else
    {
      toast = adw_toast_new (_("The vault was changed by another program"));
      adw_toast_set_button_label (toast, _("_Reopen"));
      adw_toast_set_action_name (toast, "app.lock");
    }
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  g_set_weak_pointer (&self->file_toast, toast);
  vault_window_add_toast (self, toast);
}
