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

#include "vault-import-dialog.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"

/* Rows of the preview: enough to recognise the file, cheap at any size. */
#define PREVIEW_MAX 200

/* --- Preview items -------------------------------------------------------------- */

#define VAULT_TYPE_PREVIEW_ITEM (vault_preview_item_get_type ())
G_DECLARE_FINAL_TYPE (VaultPreviewItem, vault_preview_item, VAULT, PREVIEW_ITEM, GObject)

/* A title and username to be added: no secret. */
struct _VaultPreviewItem
{
  GObject  parent_instance;
  char    *title;
  char    *username;
};

G_DEFINE_FINAL_TYPE (VaultPreviewItem, vault_preview_item, G_TYPE_OBJECT)

static void
vault_preview_item_finalize (GObject *object)
{
  VaultPreviewItem *self = VAULT_PREVIEW_ITEM (object);

  g_free (self->title);
  g_free (self->username);
  G_OBJECT_CLASS (vault_preview_item_parent_class)->finalize (object);
}

static void
vault_preview_item_class_init (VaultPreviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = vault_preview_item_finalize;
}

static void
vault_preview_item_init (VaultPreviewItem *self)
{
}

static GtkWidget *
create_preview_row (gpointer item,
                    gpointer user_data)
{
  VaultPreviewItem *preview = item;
  GtkWidget *row = adw_action_row_new ();

  /* Titles and names from a file are text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), preview->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), preview->username);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  preview->username, -1);
  return row;
}

/* --- Progress ------------------------------------------------------------------- */

/* What the reading worker has done, in thousandths plus one (0: nothing
 * said yet), shared between the worker and the dialog's timer. */
typedef struct {
  int permille;
} Progress;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_atomic_int_set (&progress->permille, 1 + (int) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

/* --- The dialog ----------------------------------------------------------------- */

struct _VaultImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *back_button;
  GtkButton           *action_button;
  GtkStack            *stack;
  GtkLabel            *choose_error;
  GtkButton           *choose_button;
  AdwActionRow        *format_row;
  AdwPreferencesGroup *kdbx_group;
  AdwPasswordEntryRow *password_row;
  AdwActionRow        *key_file_row;
  GtkButton           *key_file_clear;
  AdwPreferencesGroup *mapping_group;
  GtkLabel            *details_error;
  GtkProgressBar      *progress_bar;
  GtkLabel            *preview_title;
  GtkLabel            *preview_format;
  AdwPreferencesGroup *duplicates_group;
  GtkCheckButton      *skip_check;
  AdwPreferencesGroup *skipped_group;
  GtkListBox          *skipped_list;
  AdwPreferencesGroup *entries_group;
  GtkListBox          *entries_list;
  GtkLabel            *import_error;

  /* Owned */
  VaultWindow         *window;
  VaultStore          *store;
  GCancellable        *cancellable;   /* the load or the read under way */
  GtkNativeDialog     *chooser;       /* the file or key-file chooser shown */
  GFile               *file;
  VaultSecureBuf      *data;          /* the file's bytes; a reading worker holds them */
  VaultFormat          format;
  GPtrArray           *column_rows;   /* an AdwComboRow per VaultColumn */
  GFile               *key_file;
  VaultImport         *import;        /* what was read, until it is added */
  guint                duplicates;
  GListStore          *preview;       /* of VaultPreviewItem */
  Progress            *progress;
  guint                progress_id;
};

G_DEFINE_FINAL_TYPE (VaultImportDialog, vault_import_dialog, ADW_TYPE_WINDOW)

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

static guint
count_to_add (VaultImportDialog *self)
{
  if (self->import == NULL)
    return 0;
  if (gtk_check_button_get_active (self->skip_check))
    return self->import->entries->len - self->duplicates;
  return self->import->entries->len;
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

static void
update_action (VaultImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean sensitive = FALSE;

  if (g_str_equal (page, "details"))
    sensitive = can_continue (self);
  else if (g_str_equal (page, "preview"))
    sensitive = count_to_add (self) > 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->action_button), sensitive);
}

static void
show_page (VaultImportDialog *self,
           const char        *page)
{
  gboolean details = g_str_equal (page, "details");
  gboolean preview = g_str_equal (page, "preview");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), details || preview);
  gtk_widget_set_visible (GTK_WIDGET (self->action_button), details || preview);
  gtk_button_set_label (self->action_button, preview ? _("Import") : _("Continue"));
  update_action (self);
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
static void
forget_file (VaultImportDialog *self)
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

/* --- Preview -------------------------------------------------------------------- */

static void
update_preview (VaultImportDialog *self)
{
  gboolean skip = gtk_check_button_get_active (self->skip_check);
  guint total = self->import->entries->len;
  guint n = count_to_add (self);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;

  if (n > 0)
    title = g_strdup_printf (ngettext ("%u entry will be added", "%u entries will be added", n),
                             n);
  else
    title = g_strdup (total > 0 ? _("Nothing New to Add") : _("No Entries in This File"));
  gtk_label_set_label (self->preview_title, title);

  for (guint i = 0; i < total && items->len < PREVIEW_MAX; i++)
    {
      VaultForeignEntry *entry = g_ptr_array_index (self->import->entries, i);
      VaultPreviewItem *item;

      if (skip && entry->duplicate)
        continue;
      item = g_object_new (VAULT_TYPE_PREVIEW_ITEM, NULL);
      item->title = g_strdup (entry->title);
      item->username = g_strdup (entry->username != NULL ? entry->username : "");
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->preview, 0, g_list_model_get_n_items (G_LIST_MODEL (self->preview)),
                       items->pdata, items->len);

  gtk_widget_set_visible (GTK_WIDGET (self->entries_group), n > 0);
  if (n > PREVIEW_MAX)
    {
      g_autofree char *description =
        g_strdup_printf (ngettext ("The first %u of %u entry", "The first %u of %u entries", n),
                         PREVIEW_MAX, n);
      adw_preferences_group_set_description (self->entries_group, description);
    }
  else
    adw_preferences_group_set_description (self->entries_group, NULL);
  update_action (self);
}

static void
on_duplicates_toggled (VaultImportDialog *self)
{
  if (self->import != NULL)
    update_preview (self);
}

static void
show_preview (VaultImportDialog *self)
{
  g_auto(GStrv) skipped = vault_import_describe_skipped (self->import);
  g_autofree char *description = NULL;
  GtkWidget *child;

  self->duplicates = vault_store_mark_duplicates (self->store, self->import);
  gtk_check_button_set_active (self->skip_check, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), self->duplicates > 0);
  description = g_strdup_printf (ngettext ("%u looks like an entry already in your vault (same "
                                           "title, username and website).",
                                           "%u look like entries already in your vault (same "
                                           "title, username and website).", self->duplicates),
                                 self->duplicates);
  adw_preferences_group_set_description (self->duplicates_group, description);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->skipped_list))) != NULL)
    gtk_list_box_remove (self->skipped_list, child);
  for (guint i = 0; skipped[i] != NULL; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), skipped[i]);
      gtk_list_box_append (self->skipped_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_group), skipped[0] != NULL);

  gtk_label_set_label (self->preview_format, vault_format_get_name (self->import->format));
  gtk_widget_set_visible (GTK_WIDGET (self->import_error), FALSE);
  update_preview (self);
  show_page (self, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->action_button));
}

/* --- Reading -------------------------------------------------------------------- */

typedef struct {
  VaultSecureBuf  *data;
  VaultFormat      format;
  VaultSecureBuf  *password;      /* NULL: none */
  char            *key_file;      /* a path, or NULL */
  VaultCsvMapping  mapping;
  gboolean         has_mapping;
  Progress        *progress;
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
          show_choose_error (self, error->message);
          show_page (self, "choose");
          return;
        }
      show_page (self, "details");
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
  show_preview (self);
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
  self->progress = g_atomic_rc_box_new0 (Progress);
  d->progress = g_atomic_rc_box_acquire (self->progress);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  self->progress_id = g_timeout_add (100, update_progress, self);

  show_details_error (self, NULL);
  show_page (self, "reading");

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
  update_action (self);
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
  show_page (self, "details");
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
      show_choose_error (self, error->message);
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

  forget_file (self);
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

/* --- Importing ------------------------------------------------------------------ */

static void
on_deleted (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultWindow) window = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *message = NULL;

  if (!g_file_delete_finish (G_FILE (source), result, &error))
    {
      AdwMessageDialog *dialog;

      if (!gtk_widget_get_visible (GTK_WIDGET (window)))
        return;
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                           _("Could Not Delete the File"),
                                                           error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  /* Translators: %s is the name of the file that was imported. */
  message = g_strdup_printf (_("“%s” deleted"), display);
  vault_window_add_toast (window, vault_toast_new_plain (message));
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response)
{
  GtkWindow *window = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  GFile *file = g_object_get_data (G_OBJECT (dialog), "vault-file");

  /* Deleted, not moved to the trash: the trash would keep the plaintext. */
  if (g_str_equal (response, "delete"))
    g_file_delete_async (file, G_PRIORITY_DEFAULT, NULL, on_deleted, g_object_ref (window));
}

/* A file that is not encrypted should not outlive the import: asked once. */
static void
ask_to_delete (VaultWindow *window,
               GFile       *file)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* Translators: %s is the name of the file that was imported. */
  body = g_strdup_printf (_("“%s” is not encrypted: anyone who can read it can read your "
                            "passwords. They are safe in your vault now."), display);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (window),
                                                       _("Delete the Exported File?"), body));
  adw_message_dialog_add_responses (dialog, "keep", _("_Keep File"),
                                    "delete", _("_Delete File"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (dialog, "keep");
  g_object_set_data_full (G_OBJECT (dialog), "vault-file", g_object_ref (file), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_now (VaultImportDialog *self)
{
  g_autoptr(VaultWindow) window = g_object_ref (self->window);
  g_autoptr(GFile) file = g_object_ref (self->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean plaintext = self->format != VAULT_FORMAT_KDBX;
  VaultDuplicates duplicates = gtk_check_button_get_active (self->skip_check)
                               ? VAULT_DUPLICATES_SKIP : VAULT_DUPLICATES_ADD;
  guint added = 0;

  if (count_to_add (self) == 0)
    return;
  /* All or nothing: on an error the vault is as it was. */
  if (!vault_store_add_import (self->store, self->import, duplicates, &added, &error))
    {
      gtk_label_set_label (self->import_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->import_error), TRUE);
      return;
    }
  forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  if (added > 0)
    vault_window_save (window);
  gtk_window_destroy (GTK_WINDOW (self));

  message = g_strdup_printf (ngettext ("Imported %u entry", "Imported %u entries", added), added);
  vault_window_add_toast (window, vault_toast_new_plain (message));
  if (plaintext)
    ask_to_delete (window, file);
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
    import_now (self);
}

static void
on_back_clicked (VaultImportDialog *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_str_equal (page, "preview") && needs_details (self->format))
    {
      g_clear_pointer (&self->import, vault_import_free);
      g_list_store_remove_all (self->preview);
      show_page (self, "details");
      return;
    }
  forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  adw_window_title_set_subtitle (self->window_title, NULL);
  show_choose_error (self, NULL);
  show_page (self, "choose");
  gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

/* --- GObject -------------------------------------------------------------------- */

static gboolean
vault_import_dialog_close_request (GtkWindow *window)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (window);

  forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  return GTK_WINDOW_CLASS (vault_import_dialog_parent_class)->close_request (window);
}

static void
vault_import_dialog_dispose (GObject *object)
{
  VaultImportDialog *self = VAULT_IMPORT_DIALOG (object);

  if (self->stack != NULL)
    {
      forget_file (self);
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

  g_clear_object (&self->window);
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
  gtk_widget_class_bind_template_callback (widget_class, on_duplicates_toggled);

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
  self->preview = g_list_store_new (VAULT_TYPE_PREVIEW_ITEM);
  gtk_list_box_bind_model (self->entries_list, G_LIST_MODEL (self->preview),
                           create_preview_row, NULL, NULL);
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
  self->window = g_object_ref (window);
  self->store = g_object_ref (store);
  show_page (self, "choose");
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
