/* vault-application.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The application: it holds the unlocked store, shows the unlock window or
 * the entry list, and locks by hand (Ctrl+L), after idle time, when the
 * screen locks and when the entry list is closed.
 */
#include "config.h"

#include "vault-application.h"

#include <glib/gi18n.h>

#include "vault-core.h"
#include "vault-kit-window.h"
#include "vault-preferences-window.h"
#include "vault-search-provider.h"
#include "vault-secret-text.h"
#include "vault-unlock-window.h"
#include "vault-window.h"

struct _VaultApplication
{
  AdwApplication parent_instance;

  /* Owned */
  char           *vault_path;
  VaultStore     *store;
  GSettings      *settings;
  VaultClipboard *clipboard;
  gint64          last_activity;
  guint           idle_source;
  guint           screensaver_subscription;
  guint           login1_subscription;
  GDBusConnection *system_bus;
  VaultSearchProvider *search_provider;
  GPtrArray      *natives;          /* file choosers open over vault data */
  gboolean        last_save_failed; /* the save tried while locking failed */
};

G_DEFINE_FINAL_TYPE (VaultApplication, vault_application, ADW_TYPE_APPLICATION)

VaultApplication *
vault_application_new (void)
{
  return g_object_new (VAULT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/com/example/Vault",
                       NULL);
}

const char *
vault_application_get_vault_path (VaultApplication *self)
{
  g_return_val_if_fail (VAULT_IS_APPLICATION (self), NULL);
  return self->vault_path;
}

/* Which vault file the app opens; only while it is locked. */
void
vault_application_set_vault_path (VaultApplication *self,
                                  const char       *path)
{
  g_return_if_fail (VAULT_IS_APPLICATION (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (self->store == NULL);

  g_free (self->vault_path);
  self->vault_path = g_canonicalize_filename (path, NULL);
}

VaultStore *
vault_application_get_store (VaultApplication *self)
{
  g_return_val_if_fail (VAULT_IS_APPLICATION (self), NULL);
  return self->store;
}

GSettings *
vault_application_get_settings (VaultApplication *self)
{
  g_return_val_if_fail (VAULT_IS_APPLICATION (self), NULL);
  return self->settings;
}

VaultClipboard *
vault_application_get_clipboard (VaultApplication *self)
{
  g_return_val_if_fail (VAULT_IS_APPLICATION (self), NULL);
  return self->clipboard;
}

static void update_action_states (VaultApplication *self);

static GtkWindow *
find_window (VaultApplication *self,
             GType             type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

/* For bench/: with VAULT_BENCH_FIRST_FRAME set, the moment the first
 * window's first frame is painted is printed (monotonic µs) and the app
 * quits, so the benchmark can time start-up to a drawn window. */
static void
first_frame_painted (GdkFrameClock *clock,
                     GtkWindow     *window)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_painted, window);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (g_application_get_default ());
}

static void
watch_first_frame (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_painted), window);
}

static void
present_unlock_window (VaultApplication *self)
{
  GtkWindow *window = find_window (self, VAULT_TYPE_UNLOCK_WINDOW);

  if (window == NULL)
    {
      window = GTK_WINDOW (vault_unlock_window_new (self));
      if (g_getenv ("VAULT_BENCH_FIRST_FRAME") != NULL)
        g_signal_connect_after (window, "realize", G_CALLBACK (watch_first_frame), NULL);
    }
  if (self->last_save_failed)
    vault_unlock_window_show_unsaved (VAULT_UNLOCK_WINDOW (window));
  gtk_window_present (window);
}

void
vault_application_unlocked (VaultApplication *self,
                            VaultStore       *store)
{
  GtkWindow *unlock;
  VaultWindow *window;

  g_return_if_fail (VAULT_IS_APPLICATION (self));
  g_return_if_fail (VAULT_IS_STORE (store));

  g_set_object (&self->store, store);
  self->last_save_failed = FALSE;
  self->last_activity = g_get_monotonic_time ();
  update_action_states (self);

  window = vault_window_new (self, store);
  gtk_window_present (GTK_WINDOW (window));

  unlock = find_window (self, VAULT_TYPE_UNLOCK_WINDOW);
  if (unlock != NULL)
    gtk_window_destroy (unlock);
}

/* A file chooser opened over vault data (saving the Emergency Kit) is
 * closed by locking like any window; it is not a GtkWindow when it is the
 * portal's, so it is tracked here. */
static void
native_finalized (gpointer  natives,
                  GObject  *native)
{
  g_ptr_array_remove (natives, native);
}

void
vault_application_track_native (VaultApplication *self,
                                GtkNativeDialog  *native)
{
  g_return_if_fail (VAULT_IS_APPLICATION (self));
  g_return_if_fail (GTK_IS_NATIVE_DIALOG (native));

  g_ptr_array_add (self->natives, native);
  g_object_weak_ref (G_OBJECT (native), native_finalized, self->natives);
}

static void
close_natives (VaultApplication *self)
{
  while (self->natives->len > 0)
    {
      GtkNativeDialog *native = g_ptr_array_steal_index (self->natives, 0);

      g_object_weak_unref (G_OBJECT (native), native_finalized, self->natives);
      /* Hidden without a response, then answered "cancel" so that whoever
       * opened it frees what it holds (the codes) and the dialog. */
      g_object_ref (native);
      gtk_native_dialog_hide (native);
      g_signal_emit_by_name (native, "response", GTK_RESPONSE_CANCEL);
      g_object_unref (native);
    }
}

/* Empties every field that may hold a secret: password fields (a peek icon
 * may have revealed them), text views (notes) and selectable labels (the
 * Emergency Kit's codes, revealed notes). */
static void
wipe_secrets (GtkWidget *widget)
{
  if (GTK_IS_TEXT (widget))
    {
      GtkText *text = GTK_TEXT (widget);

      if (GTK_IS_PASSWORD_ENTRY_BUFFER (gtk_text_get_buffer (text)) ||
          !gtk_text_get_visibility (text))
        {
          /* Hidden first: GtkText keeps an undo history of shown text. */
          gtk_text_set_visibility (text, FALSE);
          vault_secret_text_clear (GTK_EDITABLE (text));
        }
    }
  else if (GTK_IS_TEXT_VIEW (widget))
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget)), "", 0);
  else if (GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)))
    gtk_label_set_label (GTK_LABEL (widget), "");

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wipe_secrets (child);
}

static gboolean
is_toplevel (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }
  return FALSE;
}

/* The next window to destroy: the top of a chain of transient windows, so
 * that a parent goes before the dialogs it owns. A parent already destroyed
 * but still referenced (by a worker, say) stays their transient parent: it
 * ends the chain, or its dialogs would never be reached. */
static GtkWindow *
next_window_to_close (GtkWindow *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      GtkWindow *top = window;
      GtkWindow *parent;

      if (window == keep)
        continue;
      while ((parent = gtk_window_get_transient_for (top)) != NULL && parent != keep &&
             is_toplevel (parent))
        top = parent;
      return top;
    }
  return NULL;
}

/* Every window and dialog of the process, whether or not it belongs to the
 * application (transient windows, message dialogs, file choosers), except
 * the unlock window. */
static void
close_windows (VaultApplication *self,
               GtkWindow        *keep)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *window;

  close_natives (self);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) widget = g_list_model_get_item (toplevels, i);

      if (widget != GTK_WIDGET (keep))
        wipe_secrets (widget);
    }
  for (guint guard = 0; guard < 1000 && (window = next_window_to_close (keep)) != NULL; guard++)
    gtk_window_destroy (window);
}

/* Wipes every key and secret, closes every window that showed the vault,
 * and (unless the person closed the list themselves) asks to unlock again. */
void
vault_application_lock (VaultApplication *self,
                        gboolean          show_unlock)
{
  g_return_if_fail (VAULT_IS_APPLICATION (self));

  if (self->store == NULL)
    return;

  vault_clipboard_clear (self->clipboard);
  vault_store_lock (self->store);
  g_clear_object (&self->store);
  update_action_states (self);

  /* The unlock window first, so the application never runs out of windows
   * in between and quits. */
  if (show_unlock)
    present_unlock_window (self);

  close_windows (self, find_window (self, VAULT_TYPE_UNLOCK_WINDOW));
}

static void
on_last_save (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(VaultApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *unlock;

  if (vault_store_save_finish (VAULT_STORE (source), result, &error))
    return;
  g_warning ("The vault could not be saved before locking: %s", error->message);
  self->last_save_failed = TRUE;
  if ((unlock = find_window (self, VAULT_TYPE_UNLOCK_WINDOW)) != NULL)
    vault_unlock_window_show_unsaved (VAULT_UNLOCK_WINDOW (unlock));
}

/* Idle time and the screen lock always lock: security comes first. Changes
 * a failed save left behind get one more save, started before the keys are
 * wiped (the file's contents are made at once, written in a worker); if it
 * fails too, the unlock window says so. */
static void
lock_automatically (VaultApplication *self)
{
  VaultWindow *window;

  if (self->store == NULL)
    return;
  window = VAULT_WINDOW (find_window (self, VAULT_TYPE_WINDOW));
  if (window != NULL && vault_window_has_unsaved_changes (window))
    vault_store_save_async (self->store, NULL, on_last_save, g_object_ref (self));
  vault_application_lock (self, TRUE);
}

/* Ctrl+L, the Lock button, closing the list (quit FALSE) and Ctrl+Q (quit
 * TRUE): when the last save failed, the person is asked first. */
void
vault_application_request_lock (VaultApplication *self,
                                gboolean          show_unlock,
                                gboolean          quit)
{
  GtkWindow *window;

  g_return_if_fail (VAULT_IS_APPLICATION (self));

  window = find_window (self, VAULT_TYPE_WINDOW);
  if (self->store != NULL && window != NULL &&
      vault_window_has_unsaved_changes (VAULT_WINDOW (window)))
    {
      vault_window_ask_before_lock (VAULT_WINDOW (window), show_unlock, quit);
      return;
    }
  vault_application_lock (self, show_unlock);
  if (quit)
    g_application_quit (G_APPLICATION (self));
}

static void
note_activity (VaultApplication *self)
{
  self->last_activity = g_get_monotonic_time ();
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                VaultApplication      *self)
{
  note_activity (self);
  return GDK_EVENT_PROPAGATE;
}

/* Any key, click or pointer motion in any window of Vault's (the entry
 * dialog, Preferences, the Emergency Kit, message dialogs…) counts as use. */
static void
watch_activity (VaultApplication *self,
                GtkWidget        *window)
{
  GtkEventController *key = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);

  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_pressed), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (note_activity), self);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (note_activity), self);

  gtk_widget_add_controller (window, key);
  gtk_widget_add_controller (window, motion);
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (click));
}

/* Every window belongs to the application once it is shown, so that its
 * accelerators (Ctrl+L) work in dialogs too. */
static void
on_window_realize (GtkWindow        *window,
                   VaultApplication *self)
{
  if (gtk_window_get_application (window) == NULL)
    gtk_window_set_application (window, GTK_APPLICATION (self));
}

/* Every window is watched from the moment it exists: none can be forgotten. */
static void
on_toplevels_changed (GListModel       *toplevels,
                      guint             position,
                      guint             removed,
                      guint             added,
                      VaultApplication *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_object_get_data (G_OBJECT (window), "vault-watched") == NULL)
        {
          g_object_set_data (G_OBJECT (window), "vault-watched", GINT_TO_POINTER (TRUE));
          watch_activity (self, window);
          g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realize), self, 0);
        }
    }
}

static gboolean
check_idle (gpointer user_data)
{
  VaultApplication *self = user_data;
  guint delay = g_settings_get_uint (self->settings, "auto-lock-delay");

  if (self->store != NULL &&
      g_get_monotonic_time () - self->last_activity >= (gint64) delay * G_USEC_PER_SEC)
    {
      g_debug ("Locking after %u seconds without use", delay);
      lock_automatically (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
on_screensaver_signal (GDBusConnection *connection,
                       const char      *sender,
                       const char      *path,
                       const char      *interface,
                       const char      *signal,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  VaultApplication *self = user_data;
  gboolean active = TRUE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &active);
  if (active)
    lock_automatically (self);
}

static void
on_screensaver_active (VaultApplication *self)
{
  gboolean active = FALSE;

  g_object_get (self, "screensaver-active", &active, NULL);
  if (active)
    lock_automatically (self);
}

static void
on_system_bus (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(VaultApplication) self = user_data;

  self->system_bus = g_bus_get_finish (result, NULL);
  /* logind's Lock: "loginctl lock-session", and some screen lockers. */
  if (self->system_bus != NULL)
    self->login1_subscription =
      g_dbus_connection_signal_subscribe (self->system_bus, "org.freedesktop.login1",
                                          "org.freedesktop.login1.Session", "Lock", NULL, NULL,
                                          G_DBUS_SIGNAL_FLAGS_NONE, on_screensaver_signal,
                                          self, NULL);
}

static void
watch_screen_lock (VaultApplication *self)
{
  GDBusConnection *session = g_application_get_dbus_connection (G_APPLICATION (self));

  /* GNOME Shell's screen shield, and the session manager through GTK. */
  if (session != NULL)
    self->screensaver_subscription =
      g_dbus_connection_signal_subscribe (session, NULL, "org.gnome.ScreenSaver",
                                          "ActiveChanged", "/org/gnome/ScreenSaver", NULL,
                                          G_DBUS_SIGNAL_FLAGS_NONE, on_screensaver_signal,
                                          self, NULL);
  g_signal_connect_swapped (self, "notify::screensaver-active",
                            G_CALLBACK (on_screensaver_active), self);
  g_bus_get (G_BUS_TYPE_SYSTEM, NULL, on_system_bus, g_object_ref (self));
}

/* --- Actions -------------------------------------------------------------- */

/* Dialogs belong to the application too: a new one goes over the list. */
static GtkWindow *
dialog_parent (VaultApplication *self)
{
  GtkWindow *window = find_window (self, VAULT_TYPE_WINDOW);

  return window ? window : gtk_application_get_active_window (GTK_APPLICATION (self));
}

typedef struct {
  VaultApplication *app;
  gboolean          show_unlock;
  gboolean          quit;
  gboolean          ask;
} LockLater;

static gboolean
lock_later_cb (gpointer data)
{
  LockLater *l = data;

  if (l->ask)
    vault_application_request_lock (l->app, l->show_unlock, l->quit);
  else
    {
      vault_application_lock (l->app, l->show_unlock);
      if (l->quit)
        g_application_quit (G_APPLICATION (l->app));
    }
  return G_SOURCE_REMOVE;
}

static void
lock_later_free (gpointer data)
{
  LockLater *l = data;

  g_object_unref (l->app);
  g_free (l);
}

static void
lock_later (VaultApplication *self,
            gboolean          show_unlock,
            gboolean          quit,
            gboolean          ask)
{
  LockLater *l = g_new0 (LockLater, 1);

  l->app = g_object_ref (self);
  l->show_unlock = show_unlock;
  l->quit = quit;
  l->ask = ask;
  g_idle_add_full (G_PRIORITY_HIGH, lock_later_cb, l, lock_later_free);
}

/* Locks (and quits) from the main loop: a key press, a menu item or a
 * dialog's response must not destroy the window it is being handled in. */
void
vault_application_lock_soon (VaultApplication *self,
                             gboolean          show_unlock,
                             gboolean          quit)
{
  g_return_if_fail (VAULT_IS_APPLICATION (self));
  lock_later (self, show_unlock, quit, FALSE);
}

static void
lock_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  lock_later (VAULT_APPLICATION (user_data), TRUE, FALSE, TRUE);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  lock_later (VAULT_APPLICATION (user_data), FALSE, TRUE, TRUE);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  VaultApplication *self = user_data;
  GtkWindow *parent = dialog_parent (self);
  VaultPreferencesWindow *prefs;

  if (self->store == NULL)
    return;
  prefs = vault_preferences_window_new (self, parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
emergency_kit_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  VaultApplication *self = user_data;
  GtkWindow *parent = dialog_parent (self);
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  code = vault_store_get_secret_key_code (self->store, &error);
  if (code == NULL)
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Secret Key Unavailable"),
                                                    error->message));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  gtk_window_present (GTK_WINDOW (vault_kit_window_new (parent, self->vault_path, code, NULL)));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  VaultApplication *self = user_data;
  GtkWindow *parent = dialog_parent (self);
  const char *developers[] = { "The Vault developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-name", _("Vault"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Vault developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Keep your passwords safe: a stolen vault file is "
                                      "useless without this device’s Secret Key."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Vault developers",
                        /* Translators: your names, one a line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "lock", lock_activated },
  { "quit", quit_activated },
  { "preferences", preferences_activated },
  { "emergency-kit", emergency_kit_activated },
  { "about", about_activated },
};

static void
update_action_states (VaultApplication *self)
{
  const char *needs_store[] = { "preferences", "emergency-kit", "lock" };

  for (guint i = 0; i < G_N_ELEMENTS (needs_store); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), needs_store[i]);
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->store != NULL);
    }
}

/* --- GApplication ----------------------------------------------------------- */

static void
vault_application_startup (GApplication *app)
{
  VaultApplication *self = VAULT_APPLICATION (app);
  struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.lock", { "<Control>l", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.add-entry", { "<Control>n", NULL } },
    { "win.edit-entry", { "<Control>e", NULL } },
    { "win.copy-password", { "<Control><Shift>c", NULL } },
    { "win.copy-username", { "<Control>b", NULL } },
    { "win.search", { "<Control>f", NULL } },
  };

  G_APPLICATION_CLASS (vault_application_parent_class)->startup (app);

  /* Started by D-Bus for a search, with no window: stay a while for the
   * next keystroke. Started by a person, quit with the last window. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_application_set_inactivity_timeout (app, 60 * 1000);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->settings = g_settings_new (APP_ID);
  self->clipboard = vault_clipboard_new ();
  if (self->vault_path == NULL)
    self->vault_path = vault_store_default_path ();

  g_signal_connect_object (gtk_window_get_toplevels (), "items-changed",
                           G_CALLBACK (on_toplevels_changed), self, 0);
  on_toplevels_changed (gtk_window_get_toplevels (), 0, 0,
                        g_list_model_get_n_items (gtk_window_get_toplevels ()), self);
  self->idle_source = g_timeout_add_seconds (1, check_idle, self);
  watch_screen_lock (self);
  update_action_states (self);
}

static void
vault_application_activate (GApplication *app)
{
  VaultApplication *self = VAULT_APPLICATION (app);
  GtkWindow *window;

  if (self->store != NULL && (window = find_window (self, VAULT_TYPE_WINDOW)) != NULL)
    gtk_window_present (window);
  else
    present_unlock_window (self);
}

static void
vault_application_shutdown (GApplication *app)
{
  VaultApplication *self = VAULT_APPLICATION (app);

  vault_application_lock (self, FALSE);
  g_clear_handle_id (&self->idle_source, g_source_remove);
  if (self->screensaver_subscription != 0)
    {
      GDBusConnection *session = g_application_get_dbus_connection (app);
      if (session != NULL)
        g_dbus_connection_signal_unsubscribe (session, self->screensaver_subscription);
      self->screensaver_subscription = 0;
    }
  if (self->login1_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->login1_subscription);
  self->login1_subscription = 0;

  G_APPLICATION_CLASS (vault_application_parent_class)->shutdown (app);
}

/* The search provider lives on the application's own connection. */
static gboolean
vault_application_dbus_register (GApplication     *app,
                                 GDBusConnection  *connection,
                                 const char       *object_path,
                                 GError          **error)
{
  VaultApplication *self = VAULT_APPLICATION (app);

  if (!G_APPLICATION_CLASS (vault_application_parent_class)->dbus_register (app, connection,
                                                                           object_path, error))
    return FALSE;

  self->search_provider = vault_search_provider_new (self);
  return vault_search_provider_export (self->search_provider, connection, error);
}

static void
vault_application_dbus_unregister (GApplication    *app,
                                   GDBusConnection *connection,
                                   const char      *object_path)
{
  VaultApplication *self = VAULT_APPLICATION (app);

  if (self->search_provider != NULL)
    vault_search_provider_unexport (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (vault_application_parent_class)->dbus_unregister (app, connection,
                                                                        object_path);
}

static int
vault_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  VaultApplication *self = VAULT_APPLICATION (app);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "vault", "^ay", &path) && path[0] != '\0')
    vault_application_set_vault_path (self, path);
  return -1;
}

static void
vault_application_finalize (GObject *object)
{
  VaultApplication *self = VAULT_APPLICATION (object);

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->clipboard);
  g_clear_object (&self->system_bus);
  g_clear_pointer (&self->natives, g_ptr_array_unref);
  g_free (self->vault_path);

  G_OBJECT_CLASS (vault_application_parent_class)->finalize (object);
}

static void
vault_application_class_init (VaultApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = vault_application_finalize;
  app_class->startup = vault_application_startup;
  app_class->activate = vault_application_activate;
  app_class->shutdown = vault_application_shutdown;
  app_class->handle_local_options = vault_application_handle_local_options;
  app_class->dbus_register = vault_application_dbus_register;
  app_class->dbus_unregister = vault_application_dbus_unregister;
}

static void
vault_application_init (VaultApplication *self)
{
  const GOptionEntry options[] = {
    { "vault", 0, 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open this vault file instead of the default one"), N_("FILE") },
    { NULL }
  };

  self->natives = g_ptr_array_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
