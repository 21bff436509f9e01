/* vault-unlock-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creates a vault (with a strength meter and the Emergency Kit after),
 * unlocks one, restores a missing Secret Key from its code, or says what is
 * wrong with the keyring. The KDF runs in a worker thread; a spinner shows.
 */
#include "config.h"

#include "vault-unlock-window.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-window-size.h"
#include "vault-core.h"
#include "vault-kit-window.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"
#include "vault-strength-bar.h"

struct _VaultUnlockWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkStack       *stack;
  GtkPasswordEntry *create_password;
  GtkPasswordEntry *create_confirm;
  GtkLevelBar    *strength_bar;
  GtkLabel       *strength_label;
  GtkLabel       *create_error;
  GtkButton      *create_button;
  AdwStatusPage  *unlock_page;
  GtkLabel       *unsaved_warning;
  GtkLabel       *backup_error;
  GtkButton      *backup_restore_button;
  GtkPasswordEntry *unlock_password;
  GtkLabel       *unlock_error;
  GtkButton      *unlock_button;
  GtkEntry       *restore_code;
  GtkLabel       *restore_status;
  GtkPasswordEntry *restore_password;
  GtkLabel       *restore_error;
  GtkButton      *restore_button;
  AdwStatusPage  *keyring_page;
  GtkLabel       *kit_code;
  GtkButton      *kit_save;
  GtkButton      *kit_continue;
  AdwStatusPage  *busy_page;
  GtkSpinner     *spinner;
  GtkButton      *busy_cancel;

  /* Owned */
  GCancellable   *cancellable;
  VaultStore     *created;        /* kept while the kit is shown */
  char           *return_page;    /* where to go back to after "busy" */
};

G_DEFINE_FINAL_TYPE (VaultUnlockWindow, vault_unlock_window, ADW_TYPE_APPLICATION_WINDOW)

static VaultApplication *
get_app (VaultUnlockWindow *self)
{
  return VAULT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

/* Said on the unlock page when Vault locked by itself and its last save
 * failed. */
void
vault_unlock_window_show_unsaved (VaultUnlockWindow *self)
{
  g_return_if_fail (VAULT_IS_UNLOCK_WINDOW (self));
  gtk_widget_set_visible (GTK_WIDGET (self->unsaved_warning), TRUE);
}

const char *
vault_unlock_window_get_page (VaultUnlockWindow *self)
{
  g_return_val_if_fail (VAULT_IS_UNLOCK_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

static void
show_page (VaultUnlockWindow *self,
           const char        *page)
{
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->stack, page);

  if (g_str_equal (page, "create"))
    gtk_widget_grab_focus (GTK_WIDGET (self->create_password));
  else if (g_str_equal (page, "unlock"))
    gtk_widget_grab_focus (GTK_WIDGET (self->unlock_password));
  else if (g_str_equal (page, "restore"))
    gtk_widget_grab_focus (GTK_WIDGET (self->restore_code));
  else if (g_str_equal (page, "backup"))
    gtk_widget_grab_focus (GTK_WIDGET (self->backup_restore_button));
  else if (g_str_equal (page, "kit"))
    {
      /* Saving the kit is the obvious next step: Enter does it. */
      gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->kit_save));
      gtk_widget_grab_focus (GTK_WIDGET (self->kit_save));
      /* Nothing selected: a selection would be offered as the primary clipboard. */
      gtk_label_select_region (self->kit_code, 0, 0);
    }
}

/* Creating a vault cannot be stopped half-way (its Secret Key may already
 * be in the keyring); unlocking and restoring can. */
static void
show_busy (VaultUnlockWindow *self,
           const char        *title,
           gboolean           can_cancel)
{
  g_free (self->return_page);
  self->return_page = g_strdup (gtk_stack_get_visible_child_name (self->stack));
  adw_status_page_set_title (self->busy_page, title);
  gtk_widget_set_visible (GTK_WIDGET (self->busy_cancel), can_cancel);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  gtk_spinner_start (self->spinner);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
clear_secret (GtkEditable *editable)
{
  vault_secret_text_clear (editable);
}

static gboolean
has_backup (const char *path)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);

  return g_file_test (backup, G_FILE_TEST_IS_REGULAR);
}

/* The right page for the vault as it is on disk now. */
static void
choose_start_page (VaultUnlockWindow *self)
{
  const char *path = vault_application_get_vault_path (get_app (self));
  g_autofree char *default_path = vault_store_default_path ();
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *description = NULL;

  /* Name the file only when it is not the usual one. */
  if (g_str_equal (path, default_path))
    description = g_strdup (_("Enter your master password to unlock."));
  else
    /* Translators: %s is the path of the vault file. */
    description = g_strdup_printf (_("Enter the master password of %s."), display);
  /* A path is text: “a&b” is a folder name, not markup. */
  vault_status_page_set_description_plain (self->unlock_page, description);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    show_page (self, "unlock");
  else if (has_backup (path))
    show_page (self, "backup");
  else
    show_page (self, "create");
}

/* --- Backup ------------------------------------------------------------------ */

/* Copied back, not moved: the backup stays as it was. */
static void
on_backup_restore_clicked (VaultUnlockWindow *self)
{
  const char *path = vault_application_get_vault_path (get_app (self));
  g_autofree char *backup_path = g_strconcat (path, ".bak", NULL);
  g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  if (!g_file_copy (backup, file, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
    {
      g_autofree char *message =
        /* Translators: %s is an error message. */
        g_strdup_printf (_("The backup could not be restored: %s"), error->message);

      show_error (self->backup_error, message);
      return;
    }
  show_error (self->backup_error, NULL);
  choose_start_page (self);
  adw_toast_overlay_add_toast (self->toast_overlay,
                               adw_toast_new (_("Backup restored. Unlock it with its master "
                                                "password.")));
}

static void
on_backup_create_clicked (VaultUnlockWindow *self)
{
  show_page (self, "create");
}

/* Errors that are about the keyring, not about what was typed. */
static gboolean
show_keyring_error (VaultUnlockWindow *self,
                    const GError      *error)
{
  if (!g_error_matches (error, VAULT_ERROR, VAULT_ERROR_KEYRING_UNAVAILABLE) &&
      !g_error_matches (error, VAULT_ERROR, VAULT_ERROR_KEYRING_LOCKED) &&
      !g_error_matches (error, VAULT_ERROR, VAULT_ERROR_KEYRING_DENIED))
    return FALSE;

  adw_status_page_set_title (self->keyring_page,
                             g_error_matches (error, VAULT_ERROR, VAULT_ERROR_KEYRING_UNAVAILABLE)
                             ? _("No Keyring Available") : _("Keyring Locked"));
  vault_status_page_set_description_plain (self->keyring_page, error->message);
  show_page (self, "keyring");
  return TRUE;
}

/* --- Create --------------------------------------------------------------- */

static void
on_create_changed (VaultUnlockWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->create_password));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->create_confirm));
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);
  g_autofree char *text = NULL;

  gtk_level_bar_set_value (self->strength_bar, *password ? report->strength + 1 : 0);
  if (*password == '\0')
    text = g_strdup (_("Use a few unusual words, or a long phrase you will remember."));
  else if (report->advice != NULL)
    /* Translators: "Weak. It is short…": a strength, then advice. */
    text = g_strdup_printf (_("%s. %s"), report->label, report->advice);
  else
    text = g_strdup (report->label);
  gtk_label_set_label (self->strength_label, text);

  /* Said while the confirmation is typed, once it can no longer match. */
  if (*confirm != '\0' && !g_str_has_prefix (password, confirm))
    {
      show_error (self->create_error, _("The passwords do not match."));
      gtk_widget_add_css_class (GTK_WIDGET (self->create_confirm), "error");
    }
  else
    {
      show_error (self->create_error, NULL);
      gtk_widget_remove_css_class (GTK_WIDGET (self->create_confirm), "error");
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            report->strength > VAULT_STRENGTH_VERY_WEAK && *confirm != '\0');
}

static void
on_create_next (VaultUnlockWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->create_confirm));
}

static void
on_created (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultUnlockWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;

  self->created = vault_store_create_finish (result, &error);
  if (self->created == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
          show_keyring_error (self, error))
        return;
      show_page (self, "create");
      show_error (self->create_error, error->message);
      return;
    }

  clear_secret (GTK_EDITABLE (self->create_password));
  clear_secret (GTK_EDITABLE (self->create_confirm));

  /* The Emergency Kit before anything else. */
  code = vault_store_get_secret_key_code (self->created, &error);
  if (code == NULL)
    {
      vault_application_unlocked (get_app (self), self->created);
      return;
    }
  vault_kit_code_label_set (self->kit_code, vault_secure_buf_get_string (code));
  show_page (self, "kit");
}

static void
on_create_clicked (VaultUnlockWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->create_password));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (self->create_confirm));
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;
  if (!g_str_equal (password, confirm))
    {
      show_error (self->create_error, _("The passwords do not match."));
      gtk_widget_grab_focus (GTK_WIDGET (self->create_confirm));
      return;
    }
  if (!vault_strength_acceptable_master (password, &error))
    {
      show_error (self->create_error, error->message);
      return;
    }

  show_busy (self, _("Creating Your Vault…"), FALSE);
  vault_store_create_async (vault_application_get_vault_path (get_app (self)), password, 0,
                            self->cancellable, on_created, g_object_ref (self));
}

/* Once the kit is saved, Continue becomes the next step. */
static void
on_kit_saved (GObject *owner)
{
  VaultUnlockWindow *self = VAULT_UNLOCK_WINDOW (owner);

  if (self->kit_save == NULL)  /* the window went while the chooser was open */
    return;
  gtk_widget_remove_css_class (GTK_WIDGET (self->kit_save), "suggested-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->kit_continue), "suggested-action");
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->kit_continue));
  gtk_widget_grab_focus (GTK_WIDGET (self->kit_continue));
}

static void
on_kit_save_clicked (VaultUnlockWindow *self)
{
  vault_kit_save_dialog (GTK_WINDOW (self), self->toast_overlay,
                         vault_application_get_vault_path (get_app (self)),
                         gtk_label_get_label (self->kit_code), NULL, on_kit_saved, self);
}

static void
on_kit_continue_clicked (VaultUnlockWindow *self)
{
  g_autoptr(VaultStore) store = g_steal_pointer (&self->created);

  gtk_label_set_label (self->kit_code, "");
  if (store != NULL)
    vault_application_unlocked (get_app (self), store);
}

/* --- Unlock ----------------------------------------------------------------- */

static void
on_unlock_changed (VaultUnlockWindow *self)
{
  show_error (self->unlock_error, NULL);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(VaultUnlockWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = vault_store_open_finish (result, &error);
  const char *back = self->return_page ? self->return_page : "unlock";
  gboolean restoring = g_str_equal (back, "restore");

  if (store != NULL)
    {
      clear_secret (GTK_EDITABLE (self->unlock_password));
      clear_secret (GTK_EDITABLE (self->restore_password));
      clear_secret (GTK_EDITABLE (self->restore_code));
      vault_application_unlocked (get_app (self), store);
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      show_keyring_error (self, error))
    return;

  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY))
    {
      /* Carry the password over: the person typed it already. */
      vault_secret_text_set (GTK_EDITABLE (self->restore_password),
                             gtk_editable_get_text (GTK_EDITABLE (self->unlock_password)));
      clear_secret (GTK_EDITABLE (self->unlock_password));
      show_page (self, "restore");
      return;
    }

  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT))
    {
      choose_start_page (self);
      return;
    }

  show_page (self, back);
  if (restoring)
    {
      show_error (self->restore_error, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->restore_password));
      gtk_editable_select_region (GTK_EDITABLE (self->restore_password), 0, -1);
    }
  else
    {
      show_error (self->unlock_error,
                  g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY)
                  ? _("Wrong master password. Try again.") : error->message);
      /* Selected, so the next try replaces it. */
      gtk_editable_select_region (GTK_EDITABLE (self->unlock_password), 0, -1);
    }
}

static void
on_unlock_clicked (VaultUnlockWindow *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->unlock_password));

  if (*password == '\0')
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->unlock_password));
      return;
    }
  show_busy (self, _("Unlocking…"), TRUE);
  vault_store_open_async (vault_application_get_vault_path (get_app (self)), password, NULL,
                          self->cancellable, on_opened, g_object_ref (self));
}

/* --- Restore ------------------------------------------------------------------ */

static void
on_restore_changed (VaultUnlockWindow *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->restore_code));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->restore_password));
  g_autoptr(VaultSecureBuf) key = NULL;
  g_autoptr(GError) error = NULL;

  show_error (self->restore_error, NULL);
  if (*code == '\0')
    {
      gtk_label_set_label (self->restore_status, _("The code has nine groups of six characters "
                                                   "after “K1-”."));
      gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), FALSE);
      return;
    }

  /* Checked as typed: the check characters catch a mistyped character. */
  key = vault_kit_decode (VAULT_KIT_SECRET_KEY, code, &error);
  gtk_label_set_label (self->restore_status, key != NULL ? _("The code is complete and correct.")
                                                         : error->message);
  gtk_widget_set_sensitive (GTK_WIDGET (self->restore_button), key != NULL && *password != '\0');
}

static void
on_restore_clicked (VaultUnlockWindow *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->restore_code));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->restore_password));

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->restore_button)))
    return;
  show_busy (self, _("Restoring the Secret Key…"), TRUE);
  vault_store_open_async (vault_application_get_vault_path (get_app (self)), password, code,
                          self->cancellable, on_opened, g_object_ref (self));
}

static void
on_retry_clicked (VaultUnlockWindow *self)
{
  choose_start_page (self);
}

/* --- GObject -------------------------------------------------------------------- */

/* The worker's KDF runs on, but its result is dropped (see
 * vault_store_open_async); the next try gets a fresh cancellable. */
static void
on_busy_cancel_clicked (VaultUnlockWindow *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  show_page (self, self->return_page ? self->return_page : "unlock");
}

static void
vault_unlock_window_dispose (GObject *object)
{
  VaultUnlockWindow *self = VAULT_UNLOCK_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->created != NULL)
    vault_store_lock (self->created);
  g_clear_object (&self->created);
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_UNLOCK_WINDOW);

  G_OBJECT_CLASS (vault_unlock_window_parent_class)->dispose (object);
}

static void
vault_unlock_window_finalize (GObject *object)
{
  VaultUnlockWindow *self = VAULT_UNLOCK_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_free (self->return_page);

  G_OBJECT_CLASS (vault_unlock_window_parent_class)->finalize (object);
}

static void
vault_unlock_window_class_init (VaultUnlockWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_unlock_window_dispose;
  object_class->finalize = vault_unlock_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-unlock-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, create_password);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, create_confirm);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, strength_label);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, create_error);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, create_button);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, unlock_page);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, unsaved_warning);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, backup_error);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, backup_restore_button);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, unlock_password);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, unlock_error);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, unlock_button);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, restore_code);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, restore_status);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, restore_password);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, restore_error);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, restore_button);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, keyring_page);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, kit_code);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, kit_save);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, kit_continue);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, VaultUnlockWindow, busy_cancel);

  gtk_widget_class_bind_template_callback (widget_class, on_create_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_create_next);
  gtk_widget_class_bind_template_callback (widget_class, on_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kit_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_kit_continue_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_backup_create_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_restore_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_busy_cancel_clicked);
}

static void
vault_unlock_window_init (VaultUnlockWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  /* The typed code lives in GTK's secure memory. */
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->restore_code));
  gtk_entry_set_visibility (self->restore_code, TRUE);

  vault_strength_bar_init (self->strength_bar);
}

VaultUnlockWindow *
vault_unlock_window_new (VaultApplication *app)
{
  VaultUnlockWindow *self = g_object_new (VAULT_TYPE_UNLOCK_WINDOW, "application", app, NULL);
  GSettings *settings = vault_application_get_settings (app);

  /* The entry list's size: unlocking does not make the window jump. */
  vault_window_size_follow (GTK_WINDOW (self), settings);

  choose_start_page (self);
  on_restore_changed (self);
  return self;
}
