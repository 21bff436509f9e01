/* vault-import-dialog-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog's insides, shared by vault-import-dialog.c (choosing,
 * the file's details, reading) and vault-import-preview.c (what will be
 * added, and adding it).
 */
#pragma once

#include "vault-core.h"
#include "vault-import-dialog.h"

G_BEGIN_DECLS

/* What the reading worker has done, in thousandths plus one (0: nothing
 * said yet), shared between the worker and the dialog's timer. */
typedef struct {
  int permille;
} VaultReadProgress;

struct _VaultImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle      *window_title;
  GtkButton           *cancel_button;
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
  VaultReadProgress   *progress;
  guint                progress_id;
};

/* vault-import-dialog.c */
void        vault_import_dialog_show_page     (VaultImportDialog *self,
                                               const char        *page);
void        vault_import_dialog_update_action (VaultImportDialog *self);
void        vault_import_dialog_forget_file   (VaultImportDialog *self);

/* vault-import-preview.c */
GListStore *vault_import_preview_model_new    (GtkListBox        *list);
guint       vault_import_dialog_count_to_add  (VaultImportDialog *self);
void        vault_import_dialog_show_preview  (VaultImportDialog *self);
void        vault_import_dialog_duplicates_toggled (VaultImportDialog *self);
void        vault_import_dialog_import        (VaultImportDialog *self);

G_END_DECLS
