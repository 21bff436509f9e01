/* vault-window-save.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving from the entry-list window: a failed save is remembered (the Not
 * Saved button, Save Again), locking or quitting with unsaved changes asks
 * first, and a save refused because another program changed the file
 * merges that version first (vault-window-sync.c), then saves again.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vault-plain-text.h"
#include "vault-window-private.h"

/* Refused saves merged in a row before the person is asked: the file keeps
 * changing under the app. */
#define MAX_MERGE_ATTEMPTS 3

void
vault_window_set_unsaved (VaultWindow *self,
                          gboolean     unsaved)
{
  self->unsaved = unsaved;
  gtk_widget_set_visible (GTK_WIDGET (self->unsaved_button), unsaved);
}

/* A change waiting for the other version to be merged is not saved yet. */
gboolean
vault_window_has_unsaved_changes (VaultWindow *self)
{
  g_return_val_if_fail (VAULT_IS_WINDOW (self), FALSE);
  return self->unsaved || self->save_after_merge;
}

static void
lock_as_asked (VaultWindow *self)
{
  vault_application_lock_soon (vault_window_get_app (self), self->unlock_after_save, self->quit_after_save);
}

gboolean
vault_window_file_is_missing (VaultWindow *self)
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
 * the file keeps its last good state, and the window says how to go on.
 * CHANGED_ON_DISK comes here only once merging the other version failed
 * (merge_error says why) or the file kept changing. */
static void
show_error (VaultWindow  *self,
            const GError *error,
            const GError *merge_error)
{
  AdwMessageDialog *dialog;
  g_autofree char *display = g_filename_display_name (vault_store_get_path (self->store));

  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK) &&
      vault_window_file_is_missing (self))
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
      g_autofree char *body =
        /* Translators: %s says why, e.g. “The file “…” is damaged or was changed.” */
        g_strdup_printf (_("Another program saved the vault file, and Vault could not merge "
                           "its version with yours: %s So as not to overwrite it, your last "
                           "change was not saved."),
                         merge_error != NULL ? merge_error->message
                         : _("It changed again each time Vault merged it."));

      dialog = ADW_MESSAGE_DIALOG (
        adw_message_dialog_new (GTK_WINDOW (self),
                                _("The Vault Was Changed by Another Program"), body));
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

void
vault_window_show_save_error (VaultWindow  *self,
                              const GError *merge_error)
{
  g_autoptr(GError) refused = g_error_new_literal (VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK, "");

  g_return_if_fail (VAULT_IS_WINDOW (self));

  vault_window_set_unsaved (self, TRUE);
  show_error (self, refused, merge_error);
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
      vault_window_set_unsaved (self, FALSE);
      self->file_noticed = FALSE;
      if (self->file_toast != NULL)
        adw_toast_dismiss (self->file_toast);
      vault_window_sync_saved (self);
      if (lock)
        lock_as_asked (self);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Another device's version came first: merge it, then save again, so no
   * save overwrites a version it has not merged. */
  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK) &&
      !vault_window_file_is_missing (self) && self->merge_attempts < MAX_MERGE_ATTEMPTS &&
      self->store != NULL && !vault_store_get_locked (self->store))
    {
      g_debug ("Save refused: %s; merging the file first", error->message);
      self->merge_attempts++;
      self->lock_after_save = lock;
      vault_window_merge_before_save (self);
      return;
    }

  self->merge_attempts = 0;
  vault_window_set_unsaved (self, TRUE);
  show_error (self, error, NULL);
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
  self->merge_attempts = 0;
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
