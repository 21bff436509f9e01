/* vault-password-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Change Master Password: the current password, the new one twice and its
 * strength. The dialog stays open while the KDF runs in a worker (a spinner
 * in the Change button), shows a wrong current password under that field,
 * and Enter submits from any field.
 */
#include "config.h"

#include "vault-password-dialog.h"

#include <glib/gi18n.h>

#include "vault-core.h"
#include "vault-secret-text.h"

struct _VaultPasswordDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton           *cancel_button;
  GtkButton           *change_button;
  GtkStack            *change_stack;
  GtkSpinner          *spinner;
  GtkWidget           *form;
  AdwPasswordEntryRow *current_row;
  GtkLabel            *current_error;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *confirm_row;
  GtkLabel            *status;

  /* Owned */
  VaultStore          *store;
  GCancellable        *cancellable;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (VaultPasswordDialog, vault_password_dialog, ADW_TYPE_WINDOW)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
clear_fields (VaultPasswordDialog *self)
{
  vault_secret_text_clear (GTK_EDITABLE (self->current_row));
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  vault_secret_text_clear (GTK_EDITABLE (self->confirm_row));
}

/* Everything filled in, the new password not very weak, both the same. */
static gboolean
can_change (VaultPasswordDialog *self)
{
  const char *password = text_of (self->password_row);
  g_autoptr(VaultStrengthReport) report = NULL;

  if (*text_of (self->current_row) == '\0' || *password == '\0' ||
      !g_str_equal (password, text_of (self->confirm_row)))
    return FALSE;
  report = vault_strength_check (password);
  return report->strength > VAULT_STRENGTH_VERY_WEAK;
}

static void
on_input_changed (VaultPasswordDialog *self)
{
  const char *password = text_of (self->password_row);
  const char *confirm = text_of (self->confirm_row);
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);
  g_autofree char *text = NULL;

  if (*confirm != '\0' && !g_str_equal (password, confirm))
    text = g_strdup (_("The passwords do not match."));
  else if (*password == '\0')
    text = g_strdup ("");
  else if (report->advice != NULL)
    text = g_strdup_printf (_("%s. %s"), report->label, report->advice);
  else
    text = g_strdup (report->label);
  gtk_label_set_label (self->status, text);

  gtk_widget_set_visible (GTK_WIDGET (self->current_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->current_row), "error");
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), !self->busy && can_change (self));
}

static void
set_busy (VaultPasswordDialog *self,
          gboolean             busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), !busy);
  gtk_stack_set_visible_child_name (self->change_stack, busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), !busy && can_change (self));
}

static void
on_changed (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultPasswordDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  gboolean changed = vault_store_change_password_finish (VAULT_STORE (source), result, &error);

  /* Closed meanwhile (the vault was locked): nothing is left to show. */
  if (self->current_row == NULL)
    return;
  if (changed)
    {
      self->busy = FALSE;
      g_signal_emit (self, signals[CHANGED], 0);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
    {
      gtk_label_set_label (self->current_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->current_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->current_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
      gtk_editable_select_region (GTK_EDITABLE (self->current_row), 0, -1);
      gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
    }
  else
    {
      gtk_label_set_label (self->status, error->message);
    }
}

static void
on_change_clicked (VaultPasswordDialog *self)
{
  if (self->busy || !can_change (self))
    return;
  set_busy (self, TRUE);
  vault_store_change_password_async (self->store, text_of (self->current_row),
                                     text_of (self->password_row), self->cancellable,
                                     on_changed, g_object_ref (self));
}

/* Enter submits once the form is complete; before that it moves on to the
 * first field still to fill in. */
static void
on_entry_activated (VaultPasswordDialog *self)
{
  AdwPasswordEntryRow *rows[] = { self->current_row, self->password_row, self->confirm_row };

  if (can_change (self))
    {
      on_change_clicked (self);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    if (*text_of (rows[i]) == '\0')
      {
        gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
        return;
      }
}

/* Escape and the window's close button are Cancel, but not while the KDF
 * runs: that takes a second or two and is not worth a half-changed state. */
static gboolean
vault_password_dialog_close_request (GtkWindow *window)
{
  VaultPasswordDialog *self = VAULT_PASSWORD_DIALOG (window);

  if (self->busy)
    return TRUE;
  clear_fields (self);
  return GTK_WINDOW_CLASS (vault_password_dialog_parent_class)->close_request (window);
}

static void
vault_password_dialog_dispose (GObject *object)
{
  VaultPasswordDialog *self = VAULT_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->current_row != NULL)
    clear_fields (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), VAULT_TYPE_PASSWORD_DIALOG);
  G_OBJECT_CLASS (vault_password_dialog_parent_class)->dispose (object);
}

static void
vault_password_dialog_finalize (GObject *object)
{
  VaultPasswordDialog *self = VAULT_PASSWORD_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vault_password_dialog_parent_class)->finalize (object);
}

static void
vault_password_dialog_class_init (VaultPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vault_password_dialog_dispose;
  object_class->finalize = vault_password_dialog_finalize;
  window_class->close_request = vault_password_dialog_close_request;

  /**
   * VaultPasswordDialog::changed:
   *
   * The master password was changed and the vault saved; the dialog closes.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, change_button);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, change_stack);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, form);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, current_error);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, VaultPasswordDialog, status);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_change_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_password_dialog_init (VaultPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* AdwPasswordEntryRow 1.2 gives its text a plain buffer. */
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->current_row));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->password_row));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->confirm_row));
  self->cancellable = g_cancellable_new ();
}

VaultPasswordDialog *
vault_password_dialog_new (GtkWindow  *parent,
                           VaultStore *store)
{
  VaultPasswordDialog *self;

  g_return_val_if_fail (VAULT_IS_STORE (store), NULL);

  self = g_object_new (VAULT_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);
  gtk_widget_grab_focus (GTK_WIDGET (self->current_row));
  return self;
}
