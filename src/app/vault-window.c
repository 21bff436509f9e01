/* vault-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry-list window. The list is a GtkListView over the store's model,
 * filtered by the search and sorted favourites first, then by title; only
 * the visible rows are ever built, so it stays smooth at 100,000 entries.
 * A secret is opened only when it is shown or copied.
 */
#include "config.h"

#include "vault-window.h"
#include "vault-window-private.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-window-size.h"
#include "vault-core.h"
#include "vault-entry-dialog.h"
#include "vault-entry-row.h"
#include "vault-export-dialog.h"
#include "vault-health-window.h"
#include "vault-import-dialog.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"

G_DEFINE_FINAL_TYPE (VaultWindow, vault_window, ADW_TYPE_APPLICATION_WINDOW)

void
vault_window_add_toast (VaultWindow *self,
                        AdwToast    *toast)
{
  /* Told after a worker finished, the window may have gone (locked). */
  if (self->toast_overlay == NULL)
    {
      g_object_unref (toast);
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

VaultEntry *
vault_window_get_selected (VaultWindow *self)
{
  g_return_val_if_fail (VAULT_IS_WINDOW (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

GListModel *
vault_window_get_visible_entries (VaultWindow *self)
{
  g_return_val_if_fail (VAULT_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

const char *
vault_window_get_list_page (VaultWindow *self)
{
  g_return_val_if_fail (VAULT_IS_WINDOW (self), NULL);
  if (gtk_widget_get_visible (self->empty_box))
    return "empty";
  return gtk_stack_get_visible_child_name (self->list_stack);
}

/* --- Details ------------------------------------------------------------------ */

static void
hide_secrets (VaultWindow *self)
{
  gtk_toggle_button_set_active (self->reveal_button, FALSE);
  gtk_toggle_button_set_active (self->notes_button, FALSE);
  vault_secret_text_clear (GTK_EDITABLE (self->password_field));
  gtk_label_set_label (self->notes_label, "");
}

static char *
format_time (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (seconds);

  /* Translators: a date and time, see g_date_time_format(). */
  return time ? g_date_time_format (time, _("%-d %B %Y, %H:%M")) : g_strdup ("");
}

static void copy_secret (VaultWindow *self, VaultEntry *entry, int history_index);

static void
on_history_copy (GtkButton   *button,
                 VaultWindow *self)
{
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "history-index"));

  if (self->shown != NULL)
    copy_secret (self, self->shown, index);
}

static void
show_history (VaultWindow *self,
              VaultEntry  *entry)
{
  guint n = vault_entry_get_history_length (entry);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))) != NULL)
    gtk_list_box_remove (self->history_list, child);

  gtk_widget_set_visible (GTK_WIDGET (self->history_group), n > 0);
  for (guint i = n; i-- > 0;)
    {
      g_autofree char *when = format_time (vault_entry_get_history_time (entry, i));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

      vault_row_set_plain (ADW_PREFERENCES_ROW (row));
      /* Translators: a password that was replaced on this date. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Replaced"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      when, -1);
      gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (copy, "flat");
      gtk_widget_set_tooltip_text (copy, _("Copy Old Password"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Copy Old Password"), -1);
      g_object_set_data (G_OBJECT (copy), "history-index", GINT_TO_POINTER ((int) i));
      g_signal_connect (copy, "clicked", G_CALLBACK (on_history_copy), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
      gtk_list_box_append (self->history_list, row);
    }
}

static void
update_actions (VaultWindow *self)
{
  VaultEntry *entry = self->shown;
  gboolean has = entry != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-entry", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-entry", has);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-password",
                                 has && vault_entry_has_password (entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-username",
                                 has && *vault_entry_get_username (entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.copy-url",
                                 has && *vault_entry_get_url (entry));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-url",
                                 has && *vault_entry_get_url (entry));
}

/* AdwActionRow 1.2 keeps its subtitle from screen readers: say it as the
 * row's description. */
static void
set_row (AdwActionRow *row,
         const char   *value)
{
  adw_action_row_set_subtitle (row, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  value, -1);
  gtk_widget_set_visible (GTK_WIDGET (row), *value != '\0');
}

/* An empty password is said in words, with nothing to reveal or copy. */
static void
show_password_row (VaultWindow *self,
                   VaultEntry  *entry)
{
  gboolean has = vault_entry_has_password (entry);
  const char *value = has ? "" : _("No password");

  adw_action_row_set_subtitle (self->password_row, value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
  gtk_widget_set_visible (GTK_WIDGET (self->password_field), has);
  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), has);
}

static void
show_entry (VaultWindow *self,
            VaultEntry  *entry)
{
  g_autofree char *tags = NULL;
  g_autofree char *modified = NULL;

  hide_secrets (self);
  g_set_object (&self->shown, entry);
  update_actions (self);
  vault_totp_row_set_entry (self->totp_row, self->store, entry);
  vault_field_rows_set_entry (self->field_rows, self->store, entry);

  if (entry == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  tags = g_strjoinv (", ", (char **) vault_entry_get_tags (entry));
  modified = format_time (vault_entry_get_modified (entry));

  gtk_label_set_label (self->detail_title, vault_entry_get_title (entry));
  gtk_widget_set_visible (GTK_WIDGET (self->detail_favourite), vault_entry_get_favourite (entry));
  set_row (self->username_row, vault_entry_get_username (entry));
  set_row (self->url_row, vault_entry_get_url (entry));
  set_row (self->tags_row, tags);
  set_row (self->modified_row, modified);
  show_password_row (self, entry);
  gtk_widget_set_visible (GTK_WIDGET (self->notes_group), vault_entry_has_notes (entry));
  show_history (self, entry);

  gtk_stack_set_visible_child_name (self->detail_stack, "entry");
}

static void
on_selection_changed (VaultWindow *self)
{
  /* A merge moves entries about; vault_window_end_merge puts it right. */
  if (self->merging)
    return;
  show_entry (self, gtk_single_selection_get_selected_item (self->selection));
}

static void
on_reveal_toggled (VaultWindow *self)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;
  gboolean reveal = gtk_toggle_button_get_active (self->reveal_button);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button),
                               reveal ? _("Hide Password") : _("Show Password"));
  gtk_button_set_icon_name (GTK_BUTTON (self->reveal_button),
                            reveal ? "view-conceal-symbolic" : "view-reveal-symbolic");
  if (!reveal || self->shown == NULL)
    {
      /* Hidden before it is cleared: GtkText keeps an undo history of the
       * text it shows, deleted text included. */
      gtk_entry_set_visibility (self->password_field, FALSE);
      vault_secret_text_clear (GTK_EDITABLE (self->password_field));
      return;
    }

  password = vault_store_reveal (self->store, self->shown, VAULT_FIELD_PASSWORD, &error);
  if (password == NULL)
    {
      vault_window_add_toast (self, vault_toast_new_plain (error->message));
      gtk_toggle_button_set_active (self->reveal_button, FALSE);
      return;
    }
  /* The field's buffer is GTK's secure password buffer. */
  vault_secret_text_set (GTK_EDITABLE (self->password_field),
                         vault_secure_buf_get_string (password));
  gtk_entry_set_visibility (self->password_field, TRUE);
}

static void
on_notes_toggled (VaultWindow *self)
{
  g_autoptr(VaultSecureBuf) notes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean show = gtk_toggle_button_get_active (self->notes_button);

  gtk_button_set_label (GTK_BUTTON (self->notes_button), show ? _("Hide") : _("Show"));
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), show);
  if (!show || self->shown == NULL)
    {
      gtk_label_set_label (self->notes_label, "");
      return;
    }

  notes = vault_store_reveal (self->store, self->shown, VAULT_FIELD_NOTES, &error);
  if (notes == NULL)
    {
      vault_window_add_toast (self, vault_toast_new_plain (error->message));
      gtk_toggle_button_set_active (self->notes_button, FALSE);
      return;
    }
  gtk_label_set_label (self->notes_label, vault_secure_buf_get_string (notes));
}

/* --- Copying ------------------------------------------------------------------- */

static void
copy_secret (VaultWindow *self,
             VaultEntry  *entry,
             int          history_index)
{
  VaultApplication *app = vault_window_get_app (self);
  guint delay = g_settings_get_uint (vault_application_get_settings (app),
                                     "clipboard-clear-delay");
  g_autoptr(VaultSecureBuf) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (history_index < 0)
    secret = vault_store_reveal (self->store, entry, VAULT_FIELD_PASSWORD, &error);
  else
    secret = vault_store_reveal_history (self->store, entry, history_index, &error);
  if (secret == NULL)
    {
      vault_window_add_toast (self, vault_toast_new_plain (error->message));
      return;
    }
  /* An empty password is not copied: the clipboard keeps what it had. */
  if (secret->len == 0)
    {
      message = history_index < 0
        /* Translators: %s is an entry's title. */
        ? g_strdup_printf (_("“%s” has no password"), vault_entry_get_title (entry))
        : g_strdup (_("That old password was empty"));
      vault_window_add_toast (self, vault_toast_new_plain (message));
      return;
    }

  vault_clipboard_copy_secret (vault_application_get_clipboard (app),
                               gtk_widget_get_clipboard (GTK_WIDGET (self)), secret, delay);

  if (history_index < 0)
    /* Translators: %s is an entry's title. */
    message = g_strdup_printf (ngettext ("Password of “%s” copied. The clipboard will be "
                                         "cleared in %u second.",
                                         "Password of “%s” copied. The clipboard will be "
                                         "cleared in %u seconds.", delay),
                               vault_entry_get_title (entry), delay);
  else
    /* Translators: %s is an entry's title. */
    message = g_strdup_printf (ngettext ("Old password of “%s” copied. The clipboard will "
                                         "be cleared in %u second.",
                                         "Old password of “%s” copied. The clipboard will "
                                         "be cleared in %u seconds.", delay),
                               vault_entry_get_title (entry), delay);
  toast = vault_toast_new_plain (message);
  adw_toast_set_timeout (toast, 3);
  vault_window_add_toast (self, toast);
}

static void
copy_password_activated (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);

  if (self->shown != NULL)
    copy_secret (self, self->shown, -1);
}

static void
copy_plain (VaultWindow *self,
            const char  *text,
            const char  *message)
{
  AdwToast *toast = vault_toast_new_plain (message);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  adw_toast_set_timeout (toast, 2);
  vault_window_add_toast (self, toast);
}

static void
copy_username_activated (GtkWidget  *widget,
                         const char *action,
                         GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);
  g_autofree char *message = NULL;

  if (self->shown == NULL || *vault_entry_get_username (self->shown) == '\0')
    return;
  /* Translators: %s is an entry's title. */
  message = g_strdup_printf (_("Username of “%s” copied"), vault_entry_get_title (self->shown));
  copy_plain (self, vault_entry_get_username (self->shown), message);
}

static void
copy_url_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);
  g_autofree char *message = NULL;

  if (self->shown == NULL || *vault_entry_get_url (self->shown) == '\0')
    return;
  /* Translators: %s is an entry's title. */
  message = g_strdup_printf (_("Address of “%s” copied"), vault_entry_get_title (self->shown));
  copy_plain (self, vault_entry_get_url (self->shown), message);
}

static void
open_url_activated (GtkWidget  *widget,
                    const char *action,
                    GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);
  const char *url;
  g_autofree char *uri = NULL;

  if (self->shown == NULL || *(url = vault_entry_get_url (self->shown)) == '\0')
    return;
  uri = g_uri_peek_scheme (url) ? g_strdup (url) : g_strconcat ("https://", url, NULL);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

/* --- Adding, editing, deleting -------------------------------------------------- */

static void
on_entry_saved (VaultWindow *self,
                VaultEntry  *entry)
{
  vault_window_save (self);
  vault_window_select_entry (self, entry);
  show_entry (self, entry);
}

static void
present_dialog (VaultWindow *self,
                VaultEntry  *entry)
{
  VaultEntryDialog *dialog = vault_entry_dialog_new (GTK_WINDOW (self), self->store, entry);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_entry_saved), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_entry_activated (GtkWidget  *widget,
                     const char *action,
                     GVariant   *parameter)
{
  present_dialog (VAULT_WINDOW (widget), NULL);
}

static void
edit_entry_activated (GtkWidget  *widget,
                      const char *action,
                      GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);

  if (self->shown != NULL)
    present_dialog (self, self->shown);
}

static void
on_undo_delete (AdwToast    *toast,
                VaultWindow *self)
{
  VaultEntry *entry = g_object_get_data (G_OBJECT (toast), "entry");
  g_autoptr(GError) error = NULL;

  if (!vault_store_restore_entry (self->store, entry, &error))
    {
      vault_window_add_toast (self, vault_toast_new_plain (error->message));
      return;
    }
  vault_window_save (self);
  vault_window_select_entry (self, entry);
}

static void
delete_entry_activated (GtkWidget  *widget,
                        const char *action,
                        GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);
  g_autoptr(VaultEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  if (self->shown == NULL)
    return;

  entry = g_object_ref (self->shown);
  if (!vault_store_delete_entry (self->store, entry, &error))
    {
      vault_window_add_toast (self, vault_toast_new_plain (error->message));
      return;
    }
  vault_window_save (self);

  /* Translators: %s is an entry's title. */
  message = g_strdup_printf (_("“%s” deleted"), vault_entry_get_title (entry));
  toast = vault_toast_new_plain (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_delete), self, 0);
  vault_window_add_toast (self, toast);
}

static void
search_activated (GtkWidget  *widget,
                  const char *action,
                  GVariant   *parameter)
{
  VaultWindow *self = VAULT_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* --- Search and list -------------------------------------------------------------- */

/* An empty vault shows one empty state over the whole window, with no
 * search to type into; otherwise the list, or "no results". */
static void
update_list_page (VaultWindow *self)
{
  gboolean empty = g_list_model_get_n_items (vault_store_get_entries (self->store)) == 0;
  gboolean was_empty = gtk_widget_get_visible (self->empty_box);

  /* The page not shown is hidden, not only covered: GTK 4.8 would still
   * present a covered page's buttons to screen readers. */
  gtk_widget_set_visible (self->empty_box, empty);
  gtk_widget_set_visible (GTK_WIDGET (self->leaflet), !empty);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0
                                    ? "no-results" : "list");
  if (was_empty && !empty)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void on_search_changed (VaultWindow *self);

/* Fills the search entry and filters at once, without the entry's typing
 * delay. */
void
vault_window_set_search (VaultWindow *self,
                         const char  *text)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  on_search_changed (self);
}

static void
on_search_changed (VaultWindow *self)
{
  vault_entry_view_set_search (self->view,
                               gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_search_activate (VaultWindow *self)
{
  /* Enter picks the first match, as in the Activities search, also when
   * typed faster than the entry's search delay. */
  on_search_changed (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
    }
}

/* Moves the keyboard focus to a row of the list, selecting it. */
static void
focus_row (VaultWindow *self,
           guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  /* GtkListView 4.8 tracks the item it scrolls to only while the focus is
   * within the list; moving the focus in then lands on that item. */
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

/* The list is one Tab stop: the arrows move within it, Tab leaves it for
 * the details and Shift+Tab for the search. */
static gboolean
on_list_key_pressed (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     VaultWindow           *self)
{
  if (keyval == GDK_KEY_ISO_Left_Tab ||
      (keyval == GDK_KEY_Tab && (state & GDK_SHIFT_MASK)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return GDK_EVENT_STOP;
    }
  if (keyval == GDK_KEY_Tab || keyval == GDK_KEY_KP_Tab)
    {
      if (!adw_leaflet_get_folded (self->leaflet))
        gtk_widget_child_focus (GTK_WIDGET (self->detail_stack), GTK_DIR_TAB_FORWARD);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* Down in the search moves into the results. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       VaultWindow           *self)
{
  guint selected;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return GDK_EVENT_PROPAGATE;

  on_search_changed (self);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return GDK_EVENT_PROPAGATE;
  selected = gtk_single_selection_get_selected (self->selection);
  focus_row (self, selected == GTK_INVALID_LIST_POSITION ? 0 : selected);
  return GDK_EVENT_STOP;
}

static void
on_search_stop (VaultWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_list_activate (VaultWindow *self,
                  guint        position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_back_clicked (VaultWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
vault_window_select_entry (VaultWindow *self,
                           VaultEntry  *entry)
{
  GListModel *model = G_LIST_MODEL (self->selection);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) item = g_list_model_get_item (model, i);

      if (item == entry)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item",
                                      "u", i);
          return;
        }
    }
}

/* Shows an entry wherever the list stands: a search that hides it is
 * cleared, and at 360 px the details come forward (Password Health). */
void
vault_window_show_entry (VaultWindow *self,
                         VaultEntry  *entry)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));
  g_return_if_fail (VAULT_IS_ENTRY (entry));

  vault_window_select_entry (self, entry);
  if (gtk_single_selection_get_selected_item (self->selection) != entry)
    {
      vault_window_set_search (self, "");
      vault_window_select_entry (self, entry);
    }
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_window_present (GTK_WINDOW (self));
}

/* The details follow changes made to the shown entry elsewhere. */
static void
on_items_changed (VaultWindow *self)
{
  if (self->merging)
    return;
  update_list_page (self);
  if (self->shown != NULL &&
      gtk_single_selection_get_selected_item (self->selection) != self->shown)
    on_selection_changed (self);
}

/* What the details show of an entry, to tell whether a merge changed it. */
static char *
shown_state (VaultEntry *entry)
{
  g_autofree char *tags = g_strjoinv ("\x1f", (char **) vault_entry_get_tags (entry));

  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%u\x1f%d%d%d\x1f%s\x1f%s\x1f%s\x1f%s",
                          vault_entry_get_modified (entry),
                          vault_entry_get_history_length (entry),
                          vault_entry_get_favourite (entry), vault_entry_has_password (entry),
                          vault_entry_has_notes (entry), vault_entry_get_title (entry),
                          vault_entry_get_username (entry), vault_entry_get_url (entry), tags);
}

void
vault_window_begin_merge (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->merging = TRUE;
  g_set_object (&self->merge_shown, self->shown);
  g_clear_pointer (&self->merge_shown_state, g_free);
  if (self->shown != NULL)
    self->merge_shown_state = shown_state (self->shown);
}

/* The entry that was selected stays selected, and its details show what
 * the merge made of it; revealed secrets are hidden again only if it
 * changed. One that the merge deleted, or that no longer matches the
 * search, leaves the details empty, as a deletion here does. */
void
vault_window_end_merge (VaultWindow *self)
{
  g_autoptr(VaultEntry) entry = g_steal_pointer (&self->merge_shown);
  g_autofree char *before = g_steal_pointer (&self->merge_shown_state);
  g_autofree char *after = NULL;

  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->merging = FALSE;
  update_list_page (self);
  if (entry == NULL)
    {
      on_selection_changed (self);
      return;
    }
  if (gtk_single_selection_get_selected_item (self->selection) != entry &&
      vault_store_find_by_id (self->store, vault_entry_get_id (entry)) == entry)
    vault_window_select_entry (self, entry);
  if (gtk_single_selection_get_selected_item (self->selection) != entry)
    on_selection_changed (self);
  else if (g_strcmp0 (before, (after = shown_state (entry))) != 0 || self->shown != entry)
    show_entry (self, entry);
}

/* --- GObject ------------------------------------------------------------------------ */

static gboolean
vault_window_close_request (GtkWindow *window)
{
  VaultWindow *self = VAULT_WINDOW (window);

  /* Closing the list locks: nothing stays unlocked without a window. */
  vault_application_request_lock (vault_window_get_app (self), FALSE, FALSE);
  return GDK_EVENT_STOP;
}

static void
vault_window_dispose (GObject *object)
{
  VaultWindow *self = VAULT_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_WINDOW);
  vault_window_sync_stop (self);
  g_clear_weak_pointer (&self->file_toast);
  g_clear_object (&self->merge_shown);
  g_clear_pointer (&self->merge_shown_state, g_free);
  g_clear_object (&self->shown);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (vault_window_parent_class)->dispose (object);
}

static void
vault_window_finalize (GObject *object)
{
  VaultWindow *self = VAULT_WINDOW (object);

  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (vault_window_parent_class)->finalize (object);
}

static void
vault_window_class_init (VaultWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = vault_window_dispose;
  object_class->finalize = vault_window_finalize;
  window_class->close_request = vault_window_close_request;

  g_type_ensure (VAULT_TYPE_ENTRY);
  g_type_ensure (VAULT_TYPE_TOTP_ROW);
  g_type_ensure (VAULT_TYPE_FIELD_ROWS);

  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/Vault/ui/vault-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, empty_box);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, detail_favourite);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, username_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, password_field);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, reveal_button);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, totp_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, tags_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, modified_row);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, field_rows);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, notes_group);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, notes_button);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, notes_label);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, history_group);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, history_list);
  gtk_widget_class_bind_template_child (widget_class, VaultWindow, unsaved_button);

  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_reveal_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_notes_toggled);

  gtk_widget_class_install_action (widget_class, "win.add-entry", NULL, add_entry_activated);
  gtk_widget_class_install_action (widget_class, "win.edit-entry", NULL, edit_entry_activated);
  gtk_widget_class_install_action (widget_class, "win.delete-entry", NULL,
                                   delete_entry_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-password", NULL,
                                   copy_password_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-username", NULL,
                                   copy_username_activated);
  gtk_widget_class_install_action (widget_class, "win.copy-url", NULL, copy_url_activated);
  gtk_widget_class_install_action (widget_class, "win.open-url", NULL, open_url_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.import", NULL,
                                   vault_import_dialog_activated);
  gtk_widget_class_install_action (widget_class, "win.export", NULL,
                                   vault_export_dialog_activated);
  gtk_widget_class_install_action (widget_class, "win.health", NULL,
                                   vault_health_window_activated);

  /* Keys for the selected entry, as in KeePassXC. They bubble up from the
   * focused widget: in the search field, Ctrl+C and Delete edit the text. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy-password", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0,
                                       "win.delete-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0,
                                       "win.delete-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_install_action (widget_class, "win.save-again", NULL,
                                   vault_window_save_again_activated);
}

static void
vault_window_init (VaultWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = vault_entry_row_factory_new ();
  GtkEventController *key;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->password_field));
  gtk_entry_set_placeholder_text (self->password_field, "●●●●●●●●●●");
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->username_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->password_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->url_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->tags_row));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->modified_row));
  vault_label_set_no_hyphens (self->detail_title);
  vault_label_set_no_hyphens (self->notes_label);

  gtk_list_view_set_factory (self->list_view, factory);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_search_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), key);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_list_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), key);
}

VaultWindow *
vault_window_new (VaultApplication *app,
                  VaultStore       *store)
{
  VaultWindow *self = g_object_new (VAULT_TYPE_WINDOW, "application", app, NULL);
  GSettings *settings = vault_application_get_settings (app);

  self->store = g_object_ref (store);
  /* Favourites first, then by title, filtered by the search as it is typed. */
  self->view = vault_entry_view_new (vault_store_get_entries (store));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->view)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed",
                            G_CALLBACK (on_items_changed), self);

  vault_window_size_follow (GTK_WINDOW (self), settings);

  update_list_page (self);
  show_entry (self, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* Conflict copies left while the vault was locked are merged now. */
  vault_window_sync_start (self);
  return self;
}
