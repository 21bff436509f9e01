/* vault-window-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry-list window's insides, shared by vault-window.c (the list and
 * the details) and vault-window-save.c (saving, and the file under it).
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
};

static inline VaultApplication *
vault_window_get_app (VaultWindow *self)
{
  return VAULT_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
}

void vault_window_on_file_changed       (VaultWindow *self);
void vault_window_save_again_activated  (GtkWidget   *widget,
                                         const char  *action,
                                         GVariant    *parameter);

G_END_DECLS
