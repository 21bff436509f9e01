/* vault-window-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Another device's changes in the open window: when a sync tool replaces
 * the vault file, or leaves a conflict copy beside it, the other version is
 * read in a worker and merged on the main thread (docs/SYNC.md); the list
 * changes in place and a toast says so. One copy is read at a time, and
 * never while a save is under way: a merge then would be missing from the
 * file that save writes.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "vault-plain-text.h"
#include "vault-window-private.h"

/* A changed file that does not open may still be being written: it is read
 * again after this long, a few times, before the person is told. */
#define RETRY_MS 1000
#define MAX_READ_FAILURES 3
/* Toasts that take longer to read, or say something to remember. */
#define LONG_TOAST_SECONDS 10

static void continue_work (VaultWindow *self);

static gboolean
can_sync (VaultWindow *self)
{
  return self->store != NULL && !vault_store_get_locked (self->store);
}

static gboolean
is_busy (VaultWindow *self)
{
  return self->reading || self->saving > 0;
}

/* --- Telling the person -------------------------------------------------------- */

/* A toast whose words wrap onto further lines in a narrow window instead of
 * being cut short: libadwaita 1.2 ellipsizes a toast's title, and does not
 * narrow a longer one to the window. So the label is told how wide it may
 * be, from the window's width when the toast is made. */
static AdwToast *
toast_new (VaultWindow *self,
           const char  *text,
           gboolean     with_button)
{
  AdwToast *toast = adw_toast_new ("");
  GtkWidget *label = gtk_label_new (text);
  g_autoptr(PangoLayout) layout = NULL;
  /* The toast's margins and padding, its close button, its own button. */
  int room = gtk_widget_get_width (GTK_WIDGET (self)) - 110 - (with_button ? 110 : 0);
  int width, chars = MAX (g_utf8_strlen (text, -1), 1);

  gtk_widget_add_css_class (label, "heading");
  layout = gtk_widget_create_pango_layout (label, text);
  pango_layout_get_pixel_size (layout, &width, NULL);
  /* Wrapped only when it does not fit: a wrapping label asks for less than
   * its width even where there is room. */
  if (width > room && room > 0)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), MAX (chars * room / width, 10));
    }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  vault_label_set_no_hyphens (GTK_LABEL (label));
  adw_toast_set_custom_title (toast, label);
  return toast;
}

static void
on_details_clicked (AdwToast    *toast,
                    VaultWindow *self)
{
  AdwMessageDialog *dialog;
  const char *body = g_object_get_data (G_OBJECT (toast), "details");

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       g_object_get_data (G_OBJECT (toast),
                                                                          "heading"),
                                                       body));
  adw_message_dialog_add_responses (dialog, "close", _("_Close"), NULL);
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Once for each version that could not be merged; it stays where it is. */
static void
tell_not_merged (VaultWindow  *self,
                 const char   *path,
                 const GError *error)
{
  gboolean own = g_strcmp0 (path, vault_store_get_path (self->store)) == 0;
  /* Short enough for one or two lines at 360 px: the details name the file. */
  const char *title = own ? _("Could not merge the vault file") : _("Could not merge a copy");
  g_autofree char *details = NULL;
  AdwToast *toast;

  if (own)
    /* Translators: %s says why (it names the file). */
    details = g_strdup_printf (_("%s Your vault stays open here as it was, and Vault does not "
                                 "save over that version."), error->message);
  else
    /* Translators: %s says why (it names the file). */
    details = g_strdup_printf (_("%s Vault leaves it where it is, and your vault stays as it "
                                 "was."), error->message);
  /* Not a toast that waits to be dismissed: it would hold back every toast
   * after it (the window's own, "Password copied"). */
  toast = toast_new (self, title, TRUE);
  adw_toast_set_button_label (toast, _("_Details"));
  adw_toast_set_timeout (toast, LONG_TOAST_SECONDS);
  g_object_set_data_full (G_OBJECT (toast), "details", g_steal_pointer (&details), g_free);
  g_object_set_data (G_OBJECT (toast), "heading",
                     (gpointer) (own ? _("Could Not Merge the Vault File")
                                     : _("Could Not Merge a Copy")));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_details_clicked), self, 0);
  vault_window_add_toast (self, toast);
}

static void
tell_header_changed (VaultWindow *self,
                     gboolean     had_recovery_key)
{
  AdwToast *toast;

  if (had_recovery_key != vault_store_has_recovery_key (self->store))
    toast = toast_new (self, had_recovery_key
                                   ? _("The recovery key was removed on another device")
                                   : _("A recovery key was set up on another device"), FALSE);
  else
    /* The next unlock needs the new one. */
    toast = toast_new (self, _("The master password was changed on another device"), FALSE);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, LONG_TOAST_SECONDS);
  vault_window_add_toast (self, toast);
}

/* --- Merging -------------------------------------------------------------------- */

/* Merges a version read in a worker. Returns FALSE when it failed (told);
 * entries gets the number of entries it brought (added, updated or deleted
 * here), changed whether anything here changed at all. */
static gboolean
merge (VaultWindow *self,
       VaultCopy   *copy,
       const char  *path,
       guint       *entries,
       gboolean    *changed)
{
  VaultMergeReport report = { 0 };
  g_autoptr(GError) error = NULL;
  gboolean had_recovery_key = vault_store_has_recovery_key (self->store);
  gboolean ok;

  vault_window_begin_merge (self);
  ok = vault_store_merge_copy (self->store, copy, &report, &error);
  vault_window_end_merge (self);
  if (!ok)
    {
      tell_not_merged (self, path, error);
      vault_merge_report_clear (&report);
      return FALSE;
    }
  if (report.header_changed)
    tell_header_changed (self, had_recovery_key);
  *entries = report.added + report.updated + report.deleted;
  *changed = report.changed;
  g_debug ("Merged %s: %u added, %u updated, %u deleted%s", path, report.added,
           report.updated, report.deleted, report.header_changed ? ", new header" : "");
  vault_merge_report_clear (&report);
  return TRUE;
}

/* --- The vault file -------------------------------------------------------------- */

static void
tell_file_deleted (VaultWindow *self)
{
  AdwToast *toast;

  vault_window_set_unsaved (self, TRUE);
  toast = adw_toast_new (_("The vault file was deleted by another program"));
  adw_toast_set_button_label (toast, _("_Save Again"));
  adw_toast_set_action_name (toast, "win.save-again");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  g_set_weak_pointer (&self->file_toast, toast);
  vault_window_add_toast (self, toast);
}

static gboolean
retry_file (gpointer user_data)
{
  VaultWindow *self = user_data;

  self->retry_source = 0;
  vault_window_on_file_changed (self);
  return G_SOURCE_REMOVE;
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VaultWindow) self = user_data;
  g_autoptr(VaultCopy) copy = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  guint entries = 0;
  gboolean changed = FALSE;

  copy = vault_store_read_copy_finish (VAULT_STORE (source), result, &error);
  self->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !can_sync (self))
    return;
  path = vault_store_get_path (self->store);

  if (copy == NULL && vault_window_file_is_missing (self))
    {
      /* Told as a deleted file; Save Again writes it back. */
      self->save_after_merge = FALSE;
      self->lock_after_save = FALSE;
      self->merge_attempts = 0;
      self->file_again = TRUE;
    }
  else if (copy == NULL && self->save_after_merge)
    {
      /* The refused save stays refused: nothing overwrites a version that
       * was not merged. */
      self->save_after_merge = FALSE;
      self->merge_attempts = 0;
      self->lock_after_save = FALSE;
      vault_window_show_save_error (self, error);
    }
  else if (copy == NULL)
    {
      /* Perhaps caught half written; read again later, then tell once. */
      if (++self->read_failures < MAX_READ_FAILURES)
        {
          g_clear_handle_id (&self->retry_source, g_source_remove);
          self->retry_source = g_timeout_add (RETRY_MS, retry_file, self);
        }
      else if (!self->file_noticed)
        {
          self->file_noticed = TRUE;
          tell_not_merged (self, path, error);
        }
    }
  else if (self->saving > 0)
    /* A change was saved meanwhile: that save meets the changed file and
     * merges it then. */
    self->file_again = TRUE;
  else if (merge (self, copy, path, &entries, &changed))
    {
      self->read_failures = 0;
      self->file_noticed = FALSE;
      if (self->file_toast != NULL)
        adw_toast_dismiss (self->file_toast);
      if (entries > 0)
        vault_window_add_toast (self, toast_new (self, _("Updated from another device"), FALSE));
      /* The file holds the other version now: what it lacks (a change
       * whose save was refused, an edit made here while apart) is saved
       * over it, merged. */
      if (self->save_after_merge || self->unsaved ||
          vault_store_copy_lacks_merged (self->store, copy))
        {
          self->save_after_merge = FALSE;
          vault_window_save (self);
        }
    }
  else if (self->save_after_merge)
    {
      self->save_after_merge = FALSE;
      self->merge_attempts = 0;
      self->lock_after_save = FALSE;
      vault_window_set_unsaved (self, TRUE);
    }
  continue_work (self);
}

static void
read_file (VaultWindow *self)
{
  self->reading = TRUE;
  self->file_again = FALSE;
  vault_store_read_copy_async (self->store, vault_store_get_path (self->store),
                               self->cancellable, on_file_read, g_object_ref (self));
}

/* The vault file changed, or a save or a merge ended: a version that is not
 * the one last read or written is merged. Our own saves leave the file as
 * the store knows it (the same stamp), so they merge nothing. */
void
vault_window_on_file_changed (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  if (!can_sync (self))
    return;
  if (is_busy (self))
    {
      self->file_again = TRUE;
      return;
    }
  self->file_again = FALSE;
  if (vault_store_is_file_current (self->store))
    {
      self->read_failures = 0;
      return;
    }
  if (vault_window_file_is_missing (self))
    {
      if (!self->file_noticed)
        {
          self->file_noticed = TRUE;
          tell_file_deleted (self);
        }
      return;
    }
  read_file (self);
}

/* A save was refused: the file changed since it was read. */
void
vault_window_merge_before_save (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->save_after_merge = TRUE;
  if (is_busy (self))
    self->file_again = TRUE;
  else
    read_file (self);
}

/* --- Conflict copies ------------------------------------------------------------ */

static gboolean
in_array (GPtrArray  *array,
          const char *path)
{
  return g_ptr_array_find_with_equal_func (array, path, g_str_equal, NULL);
}

static void
put_away_copies (VaultWindow *self)
{
  for (guint i = 0; i < self->merged_copies->len; i++)
    {
      const char *path = self->merged_copies->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *moved = vault_conflict_copy_put_away (path, &error);

      if (moved == NULL && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          /* Merged and saved, so nothing is lost; it is merged again (to no
           * effect) at the next unlock. */
          g_warning ("Could not put away the merged copy %s: %s", path, error->message);
          g_hash_table_add (self->left_copies, g_strdup (path));
        }
    }
  g_ptr_array_set_size (self->merged_copies, 0);
}

/* Every copy of the scan was read: a toast for what came in, a save, and
 * the copies put away once the file holds what they held. */
static void
finish_copies (VaultWindow *self)
{
  guint entries = self->copy_entries;
  gboolean changed = self->copy_changed;

  self->copy_entries = 0;
  self->copy_changed = FALSE;
  if (self->merged_copies->len == 0)
    return;
  if (entries > 0)
    {
      g_autofree char *message =
        g_strdup_printf (ngettext ("Merged %u entry from another device",
                                   "Merged %u entries from another device", entries), entries);

      vault_window_add_toast (self, toast_new (self, message, FALSE));
    }
  /* The file holds what this window holds unless a save failed or was
   * refused, or the file changed since. */
  if (!changed && !self->unsaved && vault_store_is_file_current (self->store))
    put_away_copies (self);
  else
    vault_window_save (self);
}

static void read_next_copy (VaultWindow *self);

static void
on_copy_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VaultWindow) self = user_data;
  g_autoptr(VaultCopy) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  guint entries = 0;
  gboolean changed = FALSE;

  copy = vault_store_read_copy_finish (VAULT_STORE (source), result, &error);
  self->reading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !can_sync (self) ||
      self->copy_queue->len == 0)
    return;
  path = g_ptr_array_steal_index (self->copy_queue, 0);

  if (copy == NULL)
    {
      g_hash_table_add (self->left_copies, g_strdup (path));
      /* "vault (1).json" is a conflict copy only if it is this vault's. */
      if (!(vault_conflict_copy_is_generic (path) &&
            g_error_matches (error, VAULT_ERROR, VAULT_ERROR_OTHER_VAULT)) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        tell_not_merged (self, path, error);
    }
  else if (self->saving > 0)
    /* Read again once the save is done. */
    g_ptr_array_insert (self->copy_queue, 0, g_steal_pointer (&path));
  else if (merge (self, copy, path, &entries, &changed))
    {
      self->copy_entries += entries;
      self->copy_changed |= changed;
      g_ptr_array_add (self->merged_copies, g_steal_pointer (&path));
    }
  else
    g_hash_table_add (self->left_copies, g_steal_pointer (&path));

  if (self->copy_queue->len == 0)
    finish_copies (self);
  continue_work (self);
}

static void
read_next_copy (VaultWindow *self)
{
  self->reading = TRUE;
  vault_store_read_copy_async (self->store, self->copy_queue->pdata[0], self->cancellable,
                               on_copy_read, g_object_ref (self));
}

/* On unlock and when a file arrived in the folder. */
static void
scan_copies (VaultWindow *self)
{
  g_autoptr(GPtrArray) found = NULL;

  if (!can_sync (self))
    return;
  if (is_busy (self) || self->copy_queue->len > 0)
    {
      self->copies_again = TRUE;
      return;
    }
  self->copies_again = FALSE;
  found = vault_conflict_copies_find (vault_store_get_path (self->store));
  for (guint i = 0; i < found->len; i++)
    {
      const char *path = found->pdata[i];

      if (!g_hash_table_contains (self->left_copies, path) &&
          !in_array (self->merged_copies, path))
        g_ptr_array_add (self->copy_queue, g_strdup (path));
    }
  if (self->copy_queue->len > 0)
    read_next_copy (self);
}

/* --- Together ------------------------------------------------------------------ */

/* One thing at a time: the vault file first, then the conflict copies. */
static void
continue_work (VaultWindow *self)
{
  if (!can_sync (self) || is_busy (self))
    return;
  if (self->file_again)
    vault_window_on_file_changed (self);
  if (is_busy (self))
    return;
  if (self->copy_queue->len > 0)
    read_next_copy (self);
  else if (self->copies_again)
    scan_copies (self);
}

/* A save succeeded: the file holds what the merged copies held. */
void
vault_window_sync_saved (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  if (self->copy_queue == NULL)
    return;
  self->merge_attempts = 0;
  self->save_after_merge = FALSE;
  put_away_copies (self);
  self->file_again = TRUE;
  continue_work (self);
}

/* The window shows an unlocked vault: watch its folder. */
void
vault_window_sync_start (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  self->copy_queue = g_ptr_array_new_with_free_func (g_free);
  self->merged_copies = g_ptr_array_new_with_free_func (g_free);
  self->left_copies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->watch = vault_file_watch_new (vault_store_get_path (self->store));
  g_signal_connect_swapped (self->watch, "changed",
                            G_CALLBACK (vault_window_on_file_changed), self);
  g_signal_connect_swapped (self->watch, "folder-changed", G_CALLBACK (scan_copies), self);
  scan_copies (self);
}

/* Locking: nothing is watched or merged any more. */
void
vault_window_sync_stop (VaultWindow *self)
{
  g_return_if_fail (VAULT_IS_WINDOW (self));

  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  g_clear_pointer (&self->copy_queue, g_ptr_array_unref);
  g_clear_pointer (&self->merged_copies, g_ptr_array_unref);
  g_clear_pointer (&self->left_copies, g_hash_table_unref);
}
