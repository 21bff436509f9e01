/* vault-import-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog: a file chosen, what it needs asked (a KeePass
 * database's password, which CSV column holds what), the file read in a
 * worker behind a progress bar, what will be added previewed, and then added
 * in one change and one save. Nothing is added before Import is pressed;
 * the file's bytes and every secret read from it go when the dialog closes,
 * by Cancel or by locking.
 */
#include "config.h"

#include "vault-import-dialog-private.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"

G_DEFINE_FINAL_TYPE (VaultImportDialog, vault_import_dialog, ADW_TYPE_WINDOW)

static void
on_progress (double   fraction,
             gpointer user_data)
{
  VaultReadProgress *progress = user_data;

  g_atomic_int_set (&progress->permille, 1 + (int) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

static gboolean
needs_details (VaultFormat format)
{
  return format == VAULT_FORMAT_KDBX || format == VAULT_FORMAT_CSV_OTHER;
}

static gboolean
is_disposed (VaultImportDialog *self)
{
  return self->stack == NULL;
}

/* A CSV file of an unknown layout needs at least one column to read. */
static gboolean
can_continue (VaultImportDialog *self)
{
  if (self->format != VAULT_FORMAT_CSV_OTHER)
    return TRUE;
  for (guint i = 0; i < self->column_rows->len; i++)
    if (adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, i)) > 0)
      return TRUE;
  return FALSE;
}

void
vault_import_dialog_update_action (VaultImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean sensitive = FALSE;

  if (g_str_equal (page, "details"))
    sensitive = can_continue (self);
  else if (g_str_equal (page, "preview"))
    sensitive = vault_import_dialog_count_to_add (self) > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), sensitive);
}

void
vault_import_dialog_show_page (VaultImportDialog *self,
                               const char        *page)
{
  gboolean details = g_str_equal (page, "details");
  gboolean preview = g_str_equal (page, "preview");

  gtk_stack_set_visible_child_name (self->stack, page);
  /* Past the first page, Back takes Cancel's place (Escape still cancels):
   * three buttons and a title do not fit a phone's width. */
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !details && !preview);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), details || preview);
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), details || preview);
  gtk_button_set_label (self->action_button, preview ? _("Import") : _("Continue"));
  vault_import_dialog_update_action (self);
}

static void
show_choose_error (VaultImportDialog *self,
                   const char        *message)
{
  gtk_label_set_label (self->choose_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_error), message != NULL);
  gtk_button_set_label (self->choose_button, message != NULL ? _("Choose Another File…")
                                                             : _("Choose File…"));
}

/* What is wrong with the file, under its name (errors opening it name it). */
static void
show_file_error (VaultImportDialog *self,
                 const GError      *error)
{
  g_autofree char *name = NULL;
  g_autofree char *display = NULL;
  g_autofree char *message = NULL;

  if (self->file == NULL || g_error_matches (error, VAULT_ERROR, VAULT_ERROR_IO) ||
      g_error_matches (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT))
    {
      show_choose_error (self, error->message);
      return;
    }
  name = g_file_get_basename (self->file);
  display = g_filename_display_name (name);
  /* Translators: %s is a file's name, then comes the reason. */
  message = g_strdup_printf (_("Vault cannot import “%s”. %s"), display, error->message);
  show_choose_error (self, message);
}

static void
show_details_error (VaultImportDialog *self,
                    const char        *message)
{
  gtk_label_set_label (self->details_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->details_error), message != NULL);
  if (message == NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->password_row), "error");
}

static void
stop_progress (VaultImportDialog *self)
{
  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->progress, g_atomic_rc_box_release);
}

/* Everything read from the file, and the file's bytes, wiped and dropped. */
void
vault_import_dialog_forget_file (VaultImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  stop_progress (self);
  g_clear_pointer (&self->import, vault_import_free);
  g_clear_pointer (&self->data, vault_secure_buf_free);
  if (self->preview != NULL)
    g_list_store_remove_all (self->preview);
  self->format = VAULT_FORMAT_UNKNOWN;
}

static void
clear_key_file (VaultImportDialog *self)
{
  g_clear_object (&self->key_file);
  adw_action_row_set_subtitle (self->key_file_row, _("None"));
  gtk_widget_set_visible (GTK_WIDGET (self->key_file_clear), FALSE);
}

static void
close_chooser (VaultImportDialog *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

/* A file chooser over the dialog; locking closes it like a window. */
static GtkFileChooserNative *
new_chooser (VaultImportDialog *self,
             const char        *title)
{
  GtkFileChooserNative *native;

  close_chooser (self);
  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (VAULT_IS_APPLICATION (g_application_get_default ()))
    vault_application_track_native (VAULT_APPLICATION (g_application_get_default ()),
                                    GTK_NATIVE_DIALOG (native));
  self->chooser = GTK_NATIVE_DIALOG (native);
  return native;
}

/* --- Reading -------------------------------------------------------------------- */

typedef struct {
  VaultSecureBuf    *data;
  VaultFormat        format;
  VaultSecureBuf    *password;      /* NULL: none */
  char              *key_file;      /* a path, or NULL */
  VaultCsvMapping    mapping;
  gboolean           has_mapping;
  VaultReadProgress *progress;
} ReadData;

static void
read_data_free (gpointer data)
{
  ReadData *d = data;

  vault_secure_buf_free (d->data);
  vault_secure_buf_free (d->password);
  g_free (d->key_file);
  g_atomic_rc_box_release (d->progress);
  g_free (d);
}

static void
free_secure_buf (gpointer buf)
{
  vault_secure_buf_free (buf);
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *d = task_data;
  VaultImportOptions options = { 0 };
  g_autoptr(GBytes) key_file = NULL;
  GError *error = NULL;
  VaultImport *import;

  if (d->key_file != NULL)
    {
      VaultSecureBuf *key = vault_import_load_file (d->key_file, &error);

      if (key == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      key_file = g_bytes_new_with_free_func (key->data, key->len, free_secure_buf, key);
    }

  options.password = d->password != NULL ? vault_secure_buf_get_string (d->password) : NULL;
  options.key_file = key_file;
  options.mapping = d->has_mapping ? &d->mapping : NULL;
  options.progress = on_progress;
  options.progress_data = d->progress;

  import = vault_import_read (d->format, d->data->data, d->data->len, &options, cancellable,
                              &error);
  if (import == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, import, (GDestroyNotify) vault_import_free);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (source);
  ReadData *d = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  VaultImport *import = g_task_propagate_pointer (G_TASK (result), &error);

  /* Closed meanwhile: what was read goes at once. */
  if (is_disposed (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&import, vault_import_free);
      return;
    }

  stop_progress (self);
  self->data = g_steal_pointer (&d->data);
  if (import == NULL)
    {
      if (!needs_details (self->format))
        {
          show_file_error (self, error);
          vault_import_dialog_show_page (self, "choose");
          return;
        }
      vault_import_dialog_show_page (self, "details");
      show_details_error (self, error->message);
      if (g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->password_row), "error");
          gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
          gtk_editable_select_region (GTK_EDITABLE (self->password_row), 0, -1);
        }
      return;
    }

  self->import = import;
  vault_import_dialog_show_preview (self);
}

static gboolean
update_progress (gpointer user_data)
{
  VaultImportDialog *self = user_data;
  int permille = g_atomic_int_get (&self->progress->permille);

  if (permille == 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, (permille - 1) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
start_read (VaultImportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  ReadData *d;

  g_return_if_fail (self->data != NULL);

  d = g_new0 (ReadData, 1);
  d->data = g_steal_pointer (&self->data);
  d->format = self->format;
  if (self->format == VAULT_FORMAT_KDBX)
    {
      const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

      /* With a key file and no password, as KeePassXC opens it. */
      if (*password != '\0' || self->key_file == NULL)
        d->password = vault_secure_buf_new_from_string (password);
      if (self->key_file != NULL)
        d->key_file = g_file_get_path (self->key_file);
    }
  if (self->format == VAULT_FORMAT_CSV_OTHER)
    {
      d->has_mapping = TRUE;
      for (guint c = 0; c < VAULT_N_COLUMNS; c++)
        d->mapping.column[c] =
          (int) adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, c)) - 1;
    }

  stop_progress (self);
  self->progress = g_atomic_rc_box_new0 (VaultReadProgress);
  d->progress = g_atomic_rc_box_acquire (self->progress);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->progress_id = g_timeout_add (100, update_progress, self);

  show_details_error (self, NULL);
  vault_import_dialog_show_page (self, "reading");

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_read, NULL);
  g_task_set_source_tag (task, start_read);
  g_task_set_task_data (task, d, read_data_free);
  g_task_run_in_thread (task, read_thread);
}

/* --- Details -------------------------------------------------------------------- */

static void
on_column_changed (VaultImportDialog *self)
{
  show_details_error (self, NULL);
  vault_import_dialog_update_action (self);
}

/* One row per field of an entry, listing the file's columns, set to
 * Vault's guess from their names. */
static void
fill_mapping (VaultImportDialog *self,
              GStrv              header)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  VaultCsvMapping guess;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->mapping_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
  if (header == NULL)
    return;

  /* Translators: a CSV column mapped to no field of an entry. */
  gtk_string_list_append (names, _("None"));
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *unnamed = NULL;

      if (*header[i] == '\0')
        /* Translators: a CSV column without a name in the file's first line. */
        unnamed = g_strdup_printf (_("Column %u"), i + 1);
      gtk_string_list_append (names, unnamed != NULL ? unnamed : header[i]);
    }

  vault_csv_guess_mapping ((const char * const *) header, &guess);
  for (guint c = 0; c < VAULT_N_COLUMNS; c++)
    {
      GtkWidget *row = adw_combo_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), vault_column_get_name (c));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), guess.column[c] + 1);
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_column_changed), self);
      adw_preferences_group_add (self->mapping_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
}

static void
show_details (VaultImportDialog *self,
              GStrv              header)
{
  gboolean kdbx = self->format == VAULT_FORMAT_KDBX;

  adw_action_row_set_subtitle (self->format_row, vault_format_get_name (self->format));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->format_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  vault_format_get_name (self->format), -1);
  gtk_widget_set_visible (GTK_WIDGET (self->kdbx_group), kdbx);
  gtk_widget_set_visible (GTK_WIDGET (self->mapping_group),
                          self->format == VAULT_FORMAT_CSV_OTHER);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  clear_key_file (self);
  fill_mapping (self, header);
  show_details_error (self, NULL);
  vault_import_dialog_show_page (self, "details");
  if (kdbx)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  else if (self->column_rows->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->column_rows, 0));
}

static void
on_password_changed (VaultImportDialog *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->details_error)))
    show_details_error (self, NULL);
}

static void
on_key_file_chosen (GtkNativeDialog   *native,
                    int                response,
                    VaultImportDialog *self)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) == NULL)
    return;
  g_set_object (&self->key_file, file);
  name = g_file_get_parse_name (file);
  adw_action_row_set_subtitle (self->key_file_row, name);
  gtk_widget_set_visible (GTK_WIDGET (self->key_file_clear), TRUE);
  show_details_error (self, NULL);
}

static void
on_key_file_clicked (VaultImportDialog *self)
{
  GtkFileChooserNative *native = new_chooser (self, _("Choose Key File"));

  g_signal_connect (native, "response", G_CALLBACK (on_key_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_key_file_clear (VaultImportDialog *self)
{
  clear_key_file (self);
  show_details_error (self, NULL);
}

/* --- Choosing and loading ------------------------------------------------------- */

typedef struct {
  VaultSecureBuf *data;
  VaultFormat     format;
  GStrv           header;
} Loaded;

static void
loaded_free (gpointer data)
{
  Loaded *l = data;

  vault_secure_buf_free (l->data);
  g_strfreev (l->header);
  g_free (l);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  Loaded *l = g_new0 (Loaded, 1);
  GError *error = NULL;

  l->data = vault_import_load_file (path, &error);
  if (l->data != NULL)
    l->format = vault_import_detect (l->data->data, l->data->len, &error);
  if (l->format == VAULT_FORMAT_CSV_OTHER)
    l->header = vault_csv_read_header (l->data->data, l->data->len, &error);

  if (l->format == VAULT_FORMAT_UNKNOWN ||
      (l->format == VAULT_FORMAT_CSV_OTHER && l->header == NULL))
    {
      loaded_free (l);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, l, loaded_free);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *name = NULL;

  if (is_disposed (self) || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_pointer (&l, loaded_free);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), TRUE);
  if (l == NULL)
    {
      show_file_error (self, error);
      return;
    }

  name = g_file_get_basename (self->file);
  {
    g_autofree char *display = g_filename_display_name (name);
    adw_window_title_set_subtitle (self->window_title, display);
  }
  show_choose_error (self, NULL);
  self->data = g_steal_pointer (&l->data);
  self->format = l->format;
  if (needs_details (self->format))
    show_details (self, l->header);
  else
    start_read (self);
  loaded_free (l);
}

static void
load_file (VaultImportDialog *self,
           GFile             *file)
{
  g_autoptr(GTask) task = NULL;
  char *path = g_file_get_path (file);

  vault_import_dialog_forget_file (self);
  adw_window_title_set_subtitle (self->window_title, NULL);
  if (path == NULL)
    {
      show_choose_error (self, _("Vault imports files on this computer only. Save the file "
                                 "here first."));
      return;
    }
  g_set_object (&self->file, file);
  gtk_widget_set_sensitive (GTK_WIDGET (self->choose_button), FALSE);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_loaded, NULL);
  g_task_set_source_tag (task, load_file);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, load_thread);
}

static void
on_file_chosen (GtkNativeDialog   *native,
                int                response,
                VaultImportDialog *self)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) != NULL)
    load_file (self, file);
}

static void
on_choose_clicked (VaultImportDialog *self)
{
  GtkFileChooserNative *native = new_chooser (self, _("Import Passwords"));
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Password exports"));
  gtk_file_filter_add_suffix (filter, "kdbx");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_mime_type (filter, "application/x-keepass2");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- Navigation ----------------------------------------------------------------- */

static void
on_action_clicked (VaultImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->action_button)))
    return;
  if (g_str_equal (page, "details"))
    start_read (self);
  else if (g_str_equal (page, "preview"))
    vault_import_dialog_import (self);
}

static void
on_back_clicked (VaultImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "preview") && needs_details (self->format))
    {
      g_clear_pointer (&self->import, vault_import_free);
      g_list_store_remove_all (self->preview);
      vault_import_dialog_show_page (self, "details");
      return;
    }
  vault_import_dialog_forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  adw_window_title_set_subtitle (self->window_title, NULL);
  show_choose_error (self, NULL);
  vault_import_dialog_show_page (self, "choose");
  gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

/* --- GObject -------------------------------------------------------------------- */

static gboolean
vault_import_dialog_close_request (GtkWindow *window)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (window);

  vault_import_dialog_forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  return GTK_WINDOW_CLASS (vault_import_dialog_parent_class)->close_request (window);
}

static void
vault_import_dialog_dispose (GObject *object)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (object);

  if (self->stack != NULL)
    {
      vault_import_dialog_forget_file (self);
      vault_secret_text_clear (GTK_EDITABLE (self->password_row));
    }
  close_chooser (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), VAULT_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (vault_import_dialog_parent_class)->dispose (object);
}

static void
vault_import_dialog_finalize (GObject *object)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->file);
  g_clear_object (&self->key_file);
  G_OBJECT_CLASS (vault_import_dialog_parent_class)->finalize (object);
}

static void
vault_import_dialog_class_init (VaultImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vault_import_dialog_dispose;
  object_class->finalize = vault_import_dialog_finalize;
  window_class->close_request = vault_import_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, action_button);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, choose_error);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, kdbx_group);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, key_file_row);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, key_file_clear);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, details_error);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, preview_title);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, preview_format);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, skip_check);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, skipped_group);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, skipped_list);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, entries_group);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, entries_list);
  gtk_widget_class_bind_template_child (widget_class, VaultImportDialog, import_error);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_action_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_key_file_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_key_file_clear);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_duplicates_toggled",
                                                G_CALLBACK (vault_import_dialog_duplicates_toggled));

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_import_dialog_init (VaultImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* AdwPasswordEntryRow 1.2 gives its text a plain buffer. */
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->password_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->format_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->key_file_row));
  vault_label_set_no_hyphens (self->choose_error);
  vault_label_set_no_hyphens (self->details_error);
  self->column_rows = g_ptr_array_new ();
  self->preview = vault_import_preview_model_new (self->entries_list);
}

VaultImportDialog *
vault_import_dialog_new (VaultWindow *window,
                         VaultStore  *store)
{
  VaultImportDialog *self;

  g_return_val_if_fail (VAULT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (VAULT_IS_STORE (store), NULL);

  self = g_object_new (VAULT_TYPE_IMPORT_DIALOG,
                       "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)),
                       NULL);
  self->store = g_object_ref (store);
  vault_import_dialog_show_page (self, "choose");
  gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
  return self;
}

void
vault_import_dialog_activated (GtkWidget  *widget,
                               const char *action,
                               GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  VaultStore *store = app != NULL ? vault_application_get_store (VAULT_APPLICATION (app)) : NULL;

  if (store == NULL)
    return;
  gtk_window_present (GTK_WINDOW (vault_import_dialog_new (VAULT_WINDOW (widget), store)));
}
