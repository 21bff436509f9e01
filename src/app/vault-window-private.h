/* vault-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry-list window's insides, shared by vault-window.c (the list and
 * the details), vault-window-save.c (saving) and vault-window-sync.c (the
 * file changed under it by a sync tool, and its conflict copies).
 */
#pragma once

#include "vault-application.h"
#include "vault-core.h"
#include "vault-field-rows.h"
#include "vault-file-watch.h"
#include "vault-totp-row.h"
#include "vault-window.h"

G_BEGIN_DECLS

struct _VaultWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  GtkWidget       *empty_box;
  AdwLeaflet      *leaflet;
  GtkSearchEntry  *search_entry;
  GtkStack        *list_stack;
  GtkListView     *list_view;
  GtkStack        *detail_stack;
  GtkLabel        *detail_title;
  GtkImage        *detail_favourite;
  AdwActionRow    *username_row;
  AdwActionRow    *password_row;
  GtkEntry        *password_field;
  GtkToggleButton *reveal_button;
  VaultTotpRow    *totp_row;
  AdwActionRow    *url_row;
  AdwActionRow    *tags_row;
  AdwActionRow    *modified_row;
  VaultFieldRows  *field_rows;
  AdwPreferencesGroup *notes_group;
  GtkToggleButton *notes_button;
  GtkLabel        *notes_label;
  AdwPreferencesGroup *history_group;
  GtkListBox      *history_list;
  GtkButton       *unsaved_button;

  /* Owned */
  VaultStore         *store;
  VaultEntryView     *view;
  GtkSingleSelection *selection;
  VaultEntry         *shown;
  GCancellable       *cancellable;
  VaultFileWatch     *watch;
  AdwToast           *file_toast;    /* weak: what on_file_changed said */
  guint               saving;        /* saves under way */
  gboolean            unsaved;       /* the last save failed */
  gboolean            file_noticed;  /* the person was told the file changed */
  /* What Ctrl+L, Ctrl+Q or closing asked for, once "Save Again" succeeds. */
  gboolean            lock_after_save;
  gboolean            unlock_after_save;
  gboolean            quit_after_save;

  /* Merging what another device saved (vault-window-sync.c) */
  gboolean            reading;       /* a copy is being read in a worker */
  gboolean            file_again;    /* the file changed (again) while busy */
  gboolean            copies_again;  /* the folder changed while busy */
  gboolean            save_after_merge; /* a refused save waits for the merge */
  guint               merge_attempts;   /* refused saves merged in a row */
  guint               read_failures;    /* reads of the changed file that failed in a row */
  guint               retry_source;
  GPtrArray          *copy_queue;    /* char*: conflict copies still to read */
  GPtrArray          *merged_copies; /* char*: merged, put away after the next save */
  GHashTable         *left_copies;   /* conflict copies that could not be merged: told once */
  guint               copy_entries;  /* entries that came from the copies being merged */
  gboolean            copy_changed;  /* and whether anything here changed */
  /* While a merge changes the model, the list's signals are left alone and
   * the selection is put back after (vault_window_end_merge). */
  gboolean            merging;
  VaultEntry         *merge_shown;
  char               *merge_shown_state;
};

static inline VaultApplication *
vault_window_get_app (VaultWindow *self)
{
  return VAULT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

void vault_window_save_again_activated  (GtkWidget   *widget,
                                         const char  *action,
                                         GVariant    *parameter);
void vault_window_set_unsaved           (VaultWindow *self,
                                         gboolean     unsaved);
gboolean vault_window_file_is_missing   (VaultWindow *self);
void vault_window_show_save_error       (VaultWindow  *self,
                                         const GError *error);

/* vault-window.c: a merge changes entries in place; the selection, the
 * details and the search stay. */
void vault_window_begin_merge           (VaultWindow *self);
void vault_window_end_merge             (VaultWindow *self);

/* vault-window-sync.c */
void vault_window_sync_start            (VaultWindow *self);
void vault_window_sync_stop             (VaultWindow *self);
void vault_window_on_file_changed       (VaultWindow *self);
void vault_window_merge_before_save     (VaultWindow *self);
void vault_window_sync_saved            (VaultWindow *self);

G_END_DECLS
