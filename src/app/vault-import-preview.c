/* vault-import-preview.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog's last page: how many entries will be added, which
 * look like ones already in the vault and what happens to them, what was
 * left out and why, and the first titles. Then the import itself, in one
 * change and one save, and the offer to delete a plaintext file.
 */
#include "config.h"

#include "vault-import-dialog-private.h"

#include <glib/gi18n.h>

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

GListStore *
vault_import_preview_model_new (GtkListBox *list)
{
  GListStore *model = g_list_store_new (VAULT_TYPE_PREVIEW_ITEM);

  gtk_list_box_bind_model (list, G_LIST_MODEL (model), create_preview_row, NULL, NULL);
  return model;
}

guint
vault_import_dialog_count_to_add (VaultImportDialog *self)
{
  if (self->import == NULL)
    return 0;
  if (gtk_check_button_get_active (self->skip_check))
    return self->import->entries->len - self->duplicates;
  return self->import->entries->len;
}

/* --- Preview -------------------------------------------------------------------- */

static void
update_preview (VaultImportDialog *self)
{
  gboolean skip = gtk_check_button_get_active (self->skip_check);
  guint total = self->import->entries->len;
  guint n = vault_import_dialog_count_to_add (self);
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
  vault_import_dialog_update_action (self);
}

void
vault_import_dialog_duplicates_toggled (VaultImportDialog *self)
{
  if (self->import != NULL)
    update_preview (self);
}

void
vault_import_dialog_show_preview (VaultImportDialog *self)
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
  vault_import_dialog_show_page (self, "preview");
  gtk_widget_grab_focus (GTK_WIDGET (self->action_button));
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
  message = g_strdup_printf (_("File “%s” deleted"), display);
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

void
vault_import_dialog_import (VaultImportDialog *self)
{
  g_autoptr(VaultWindow) window =
    g_object_ref (VAULT_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (self))));
  g_autoptr(GFile) file = g_object_ref (self->file);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean plaintext = self->format != VAULT_FORMAT_KDBX;
  VaultDuplicates duplicates = gtk_check_button_get_active (self->skip_check)
                               ? VAULT_DUPLICATES_SKIP : VAULT_DUPLICATES_ADD;
  guint added = 0;

  if (vault_import_dialog_count_to_add (self) == 0)
    return;
  /* All or nothing: on an error the vault is as it was. */
  if (!vault_store_add_import (self->store, self->import, duplicates, &added, &error))
    {
      gtk_label_set_label (self->import_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->import_error), TRUE);
      return;
    }
  vault_import_dialog_forget_file (self);
  vault_secret_text_clear (GTK_EDITABLE (self->password_row));
  if (added > 0)
    vault_window_save (window);
  gtk_window_destroy (GTK_WINDOW (self));

  message = g_strdup_printf (ngettext ("Imported %u entry", "Imported %u entries", added), added);
  vault_window_add_toast (window, vault_toast_new_plain (message));
  if (plaintext)
    ask_to_delete (window, file);
}
