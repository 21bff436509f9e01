/* vault-export-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export dialog: a KeePass database under a password of the person's
 * choice, or a CSV file behind a warning. The master password is asked
 * again and checked in a worker before a file chooser even opens; the file
 * is made (Argon2 for a database) and written in a worker too.
 */
#include "config.h"

#include "vault-export-dialog.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"
#include "vault-strength-bar.h"

struct _VaultExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton           *export_button;
  GtkStack            *export_stack;
  GtkSpinner          *spinner;
  GtkWidget           *form;
  GtkCheckButton      *kdbx_check;
  AdwPreferencesGroup *kdbx_group;
  AdwPasswordEntryRow *new_password_row;
  AdwPasswordEntryRow *repeat_row;
  AdwActionRow        *strength_row;
  GtkLevelBar         *strength_bar;
  GtkLabel            *mismatch_label;
  GtkWidget           *csv_warning;
  AdwPasswordEntryRow *master_row;
  GtkLabel            *master_error;
  GtkLabel            *status_label;

  /* Owned */
  VaultStore          *store;
  GCancellable        *cancellable;
  GtkNativeDialog     *chooser;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (VaultExportDialog, vault_export_dialog, ADW_TYPE_WINDOW)

static const char *
text_of (AdwPasswordEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
is_kdbx (VaultExportDialog *self)
{
  return gtk_check_button_get_active (self->kdbx_check);
}

static gboolean
is_disposed (VaultExportDialog *self)
{
  return self->form == NULL;
}

static void
clear_fields (VaultExportDialog *self)
{
  vault_secret_text_clear (GTK_EDITABLE (self->new_password_row));
  vault_secret_text_clear (GTK_EDITABLE (self->repeat_row));
  vault_secret_text_clear (GTK_EDITABLE (self->master_row));
}

/* The master password, and for a database a password typed twice alike. */
static gboolean
can_export (VaultExportDialog *self)
{
  if (*text_of (self->master_row) == '\0')
    return FALSE;
  if (!is_kdbx (self))
    return TRUE;
  return *text_of (self->new_password_row) != '\0' &&
         g_str_equal (text_of (self->new_password_row), text_of (self->repeat_row));
}

static void
show_status (VaultExportDialog *self,
             const char        *message)
{
  gtk_label_set_label (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

static void
on_input_changed (VaultExportDialog *self)
{
  const char *password = text_of (self->new_password_row);
  const char *repeat = text_of (self->repeat_row);
  gboolean kdbx = is_kdbx (self);
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);

  gtk_widget_set_visible (GTK_WIDGET (self->kdbx_group), kdbx);
  gtk_widget_set_visible (self->csv_warning, !kdbx);
  gtk_level_bar_set_value (self->strength_bar, *password ? report->strength + 1 : 0);
  adw_action_row_set_subtitle (self->strength_row, *password ? report->label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->mismatch_label),
                          *repeat != '\0' && !g_str_equal (password, repeat));
  show_status (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !self->busy && can_export (self));
}

static void
on_master_changed (VaultExportDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->master_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->master_row), "error");
  on_input_changed (self);
}

static void
set_busy (VaultExportDialog *self,
          gboolean           busy)
{
  self->busy = busy;
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_stack_set_visible_child_name (self->export_stack, busy ? "busy" : "label");
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), !busy && can_export (self));
}

static void
close_chooser (VaultExportDialog *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

/* --- Writing -------------------------------------------------------------------- */

typedef struct {
  VaultImport    *export;
  VaultSecureBuf *password;   /* the database's; NULL for CSV */
  char           *path;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *d = data;

  vault_import_free (d->export);
  vault_secure_buf_free (d->password);
  g_free (d->path);
  g_free (d);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *d = task_data;
  GError *error = NULL;
  gboolean written = FALSE;

  if (d->password != NULL)
    {
      VaultKdbxWriteOptions options = { 0 };
      g_autoptr(GBytes) bytes = NULL;

      options.password = vault_secure_buf_get_string (d->password);
      options.cipher = VAULT_KDBX_CIPHER_CHACHA20;
      bytes = vault_export_kdbx (d->export, &options, cancellable, &error);
      written = bytes != NULL &&
                !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
                vault_export_write_file (d->path, g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes), &error);
    }
  else
    {
      g_autoptr(VaultSecureBuf) csv = vault_export_csv (d->export, &error);

      written = csv != NULL &&
                !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
                vault_export_write_file (d->path, csv->data, csv->len, &error);
    }
  /* The secrets go as soon as they are written. */
  g_clear_pointer (&d->export, vault_import_free);
  g_clear_pointer (&d->password, vault_secure_buf_free);

  if (written)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(VaultExportDialog) self = user_data;
  g_autoptr(VaultWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "vault-n-entries"));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (is_disposed (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      show_status (self, error->message);
      return;
    }
  if (is_disposed (self))
    return;

  window = g_object_ref (VAULT_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (self))));
  clear_fields (self);
  gtk_window_destroy (GTK_WINDOW (self));
  message = g_strdup_printf (ngettext ("Exported %u entry", "Exported %u entries", n), n);
  vault_window_add_toast (window, vault_toast_new_plain (message));
}

static void
write_export (VaultExportDialog *self,
              GFile             *file)
{
  g_autoptr(GFile) vault = g_file_new_for_path (vault_store_get_path (self->store));
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  ExportData *d;
  char *path = g_file_get_path (file);

  if (path == NULL || g_file_equal (file, vault))
    {
      g_free (path);
      set_busy (self, FALSE);
      show_status (self, g_file_equal (file, vault)
                         ? _("An export cannot replace the vault itself. Choose another name.")
                         : _("Vault exports to files on this computer only."));
      return;
    }

  d = g_new0 (ExportData, 1);
  d->path = path;
  /* Revealing every entry is quick; the KDF and the writing are not. */
  d->export = vault_store_export (self->store, &error);
  if (d->export == NULL)
    {
      export_data_free (d);
      set_busy (self, FALSE);
      show_status (self, error->message);
      return;
    }
  if (is_kdbx (self))
    d->password = vault_secure_buf_new_from_string (text_of (self->new_password_row));

  task = g_task_new (NULL, self->cancellable, on_exported, g_object_ref (self));
  g_task_set_source_tag (task, write_export);
  g_object_set_data (G_OBJECT (task), "vault-n-entries",
                     GUINT_TO_POINTER (d->export->entries->len));
  g_task_set_task_data (task, d, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
on_file_chosen (GtkNativeDialog   *native,
                int                response,
                VaultExportDialog *self)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  write_export (self, file);
}

/* GTK's own chooser (and the portal's) asks before replacing a file. */
static void
choose_file (VaultExportDialog *self)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  gboolean kdbx = is_kdbx (self);

  close_chooser (self);
  native = gtk_file_chooser_native_new (_("Export Vault"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                     kdbx ? "Vault.kdbx" : "Vault.csv");
  gtk_file_filter_set_name (filter, kdbx ? _("KeePass databases") : _("CSV files"));
  gtk_file_filter_add_suffix (filter, kdbx ? "kdbx" : "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), self);
  if (VAULT_IS_APPLICATION (g_application_get_default ()))
    vault_application_track_native (VAULT_APPLICATION (g_application_get_default ()),
                                    GTK_NATIVE_DIALOG (native));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- The master password -------------------------------------------------------- */

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (vault_store_check_password_finish (VAULT_STORE (source), result, &error))
    {
      if (!is_disposed (self))
        choose_file (self);
      return;
    }
  if (is_disposed (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);
  if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
    {
      gtk_label_set_label (self->master_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->master_error), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->master_row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->master_row));
      gtk_editable_select_region (GTK_EDITABLE (self->master_row), 0, -1);
    }
  else
    show_status (self, error->message);
}

static void
on_export_clicked (VaultExportDialog *self)
{
  if (self->busy || !can_export (self))
    return;
  set_busy (self, TRUE);
  vault_store_check_password_async (self->store, text_of (self->master_row), self->cancellable,
                                    on_checked, g_object_ref (self));
}

/* Enter exports once the form is complete; before that it moves on to the
 * first field still to fill in. */
static void
on_entry_activated (VaultExportDialog *self)
{
  AdwPasswordEntryRow *rows[] = { self->new_password_row, self->repeat_row, self->master_row };

  if (can_export (self))
    {
      on_export_clicked (self);
      return;
    }
  for (guint i = is_kdbx (self) ? 0 : 2; i < G_N_ELEMENTS (rows); i++)
    if (*text_of (rows[i]) == '\0')
      {
        gtk_widget_grab_focus (GTK_WIDGET (rows[i]));
        return;
      }
}

/* --- GObject -------------------------------------------------------------------- */

static gboolean
vault_export_dialog_close_request (GtkWindow *window)
{
  VaultExportDialog *self = VAULT_EXPORT_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  clear_fields (self);
  return GTK_WINDOW_CLASS (vault_export_dialog_parent_class)->close_request (window);
}

static void
vault_export_dialog_dispose (GObject *object)
{
  VaultExportDialog *self = VAULT_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->form != NULL)
    clear_fields (self);
  close_chooser (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), VAULT_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (vault_export_dialog_parent_class)->dispose (object);
}

static void
vault_export_dialog_finalize (GObject *object)
{
  VaultExportDialog *self = VAULT_EXPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vault_export_dialog_parent_class)->finalize (object);
}

static void
vault_export_dialog_class_init (VaultExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vault_export_dialog_dispose;
  object_class->finalize = vault_export_dialog_finalize;
  window_class->close_request = vault_export_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, export_stack);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, form);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, kdbx_check);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, kdbx_group);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, strength_row);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, mismatch_label);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, csv_warning);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, master_row);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, master_error);
  gtk_widget_class_bind_template_child (widget_class, VaultExportDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_master_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_export_dialog_init (VaultExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* AdwPasswordEntryRow 1.2 gives its text a plain buffer. */
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->new_password_row));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->repeat_row));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->master_row));
  vault_strength_bar_init (self->strength_bar);
  self->cancellable = g_cancellable_new ();
  on_input_changed (self);
}

VaultExportDialog *
vault_export_dialog_new (VaultWindow *window,
                         VaultStore  *store)
{
  VaultExportDialog *self;

  g_return_val_if_fail (VAULT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (VAULT_IS_STORE (store), NULL);

  self = g_object_new (VAULT_TYPE_EXPORT_DIALOG,
                       "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)),
                       NULL);
  self->store = g_object_ref (store);
  gtk_widget_grab_focus (GTK_WIDGET (self->new_password_row));
  return self;
}

void
vault_export_dialog_activated (GtkWidget  *widget,
                               const char *action,
                               GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  VaultStore *store = app != NULL ? vault_application_get_store (VAULT_APPLICATION (app)) : NULL;

  if (store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (vault_export_dialog_new (VAULT_WINDOW (widget), store)));
}
