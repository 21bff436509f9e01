/* vault-preferences-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences bound to GSettings, and the vault's key management: a new
 * master password (the KDF in a worker thread) and the recovery key.
 */
#include "config.h"

#include "vault-preferences-window.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-kit-window.h"
#include "vault-plain-text.h"

struct _VaultPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSpinButton *auto_lock_spin;
  GtkSpinButton *clipboard_spin;
  GtkSwitch     *search_provider_switch;
  AdwActionRow  *recovery_row;
  GtkButton     *recovery_button;

  /* Owned */
  struct _ChangeDialog *change;

  /* Borrowed */
  VaultApplication *app;
};

G_DEFINE_FINAL_TYPE (VaultPreferencesWindow, vault_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

/* GSettings keeps seconds; the spin button shows minutes. */
static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60));
}

static gboolean
uint_to_double (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint (const GValue       *value,
                const GVariantType *type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

static void
update_recovery_row (VaultPreferencesWindow *self)
{
  VaultStore *store = vault_application_get_store (self->app);
  gboolean has = store != NULL && vault_store_has_recovery_key (store);

  adw_action_row_set_subtitle (self->recovery_row,
                               has ? _("Set up: it opens the vault if you forget the master "
                                       "password")
                                   : _("Not set up. A recovery key opens the vault if you "
                                       "forget the master password"));
  gtk_button_set_label (self->recovery_button, has ? _("Remove") : _("Set Up…"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->recovery_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  has ? _("Remove Recovery Key") : _("Set Up Recovery Key"), -1);
  if (has)
    gtk_widget_add_css_class (GTK_WIDGET (self->recovery_button), "destructive-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->recovery_button), "destructive-action");
}

static void
show_error (VaultPreferencesWindow *self,
            const GError           *error)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    vault_toast_new_plain (error->message));
}

/* --- Recovery key ------------------------------------------------------------ */

static void
on_recovery_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(VaultPreferencesWindow) self = user_data;
  VaultStore *store = VAULT_STORE (source);
  g_autoptr(VaultSecureBuf) recovery = NULL;
  g_autoptr(VaultSecureBuf) secret_key = NULL;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_button), TRUE);
  recovery = vault_store_set_recovery_finish (store, result, &error);
  update_recovery_row (self);
  if (recovery == NULL)
    {
      show_error (self, error);
      return;
    }
  if (recovery->len == 0)
    {
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("Recovery key removed")));
      return;
    }

  secret_key = vault_store_get_secret_key_code (store, &error);
  if (secret_key == NULL)
    {
      show_error (self, error);
      return;
    }
  /* Shown once, with the Secret Key, to be saved as a new Emergency Kit. */
  gtk_window_present (GTK_WINDOW (vault_kit_window_new (GTK_WINDOW (self),
                                                        vault_application_get_vault_path (self->app),
                                                        secret_key, recovery)));
}

static void
set_recovery (VaultPreferencesWindow *self,
              gboolean                enable)
{
  VaultStore *store = vault_application_get_store (self->app);

  if (store == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->recovery_button), FALSE);
  vault_store_set_recovery_async (store, enable, NULL, on_recovery_saved, g_object_ref (self));
}

static void
on_remove_response (AdwMessageDialog       *dialog,
                    const char             *response,
                    VaultPreferencesWindow *self)
{
  if (g_str_equal (response, "remove"))
    set_recovery (self, FALSE);
}

static void
on_recovery_clicked (VaultPreferencesWindow *self)
{
  VaultStore *store = vault_application_get_store (self->app);

  if (store == NULL)
    return;

  if (vault_store_has_recovery_key (store))
    {
      AdwMessageDialog *dialog =
        ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                    _("Remove the Recovery Key?"),
                                                    _("Without it, a forgotten master password "
                                                      "cannot be replaced. Printed copies of the "
                                                      "old recovery key stop working.")));
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                        "remove", _("_Remove"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "remove",
                                                  ADW_RESPONSE_DESTRUCTIVE);
      g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  set_recovery (self, TRUE);
}

/* --- Master password ------------------------------------------------------------- */

typedef struct _ChangeDialog {
  VaultPreferencesWindow *self;
  GtkPasswordEntry       *current;
  GtkPasswordEntry       *password;
  GtkPasswordEntry       *confirm;
  GtkLabel               *status;
  AdwMessageDialog       *dialog;
} ChangeDialog;

static void on_change_input (ChangeDialog *c);

static void
on_changed_password (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(VaultPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!vault_store_change_password_finish (VAULT_STORE (source), result, &error))
    show_error (self, error);
  else
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      adw_toast_new (_("Master password changed")));
}

static void
on_change_input (ChangeDialog *c)
{
  const char *current = gtk_editable_get_text (GTK_EDITABLE (c->current));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (c->password));
  const char *confirm = gtk_editable_get_text (GTK_EDITABLE (c->confirm));
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);
  g_autofree char *text = NULL;

  if (*password == '\0')
    text = g_strdup ("");
  else if (report->advice != NULL)
    text = g_strdup_printf (_("%s. %s"), report->label, report->advice);
  else
    text = g_strdup (report->label);
  if (*confirm != '\0' && !g_str_equal (password, confirm))
    {
      g_free (text);
      text = g_strdup (_("The passwords do not match."));
    }
  gtk_label_set_label (c->status, text);
  adw_message_dialog_set_response_enabled (c->dialog, "change",
                                           *current != '\0' &&
                                           report->strength > VAULT_STRENGTH_VERY_WEAK &&
                                           g_str_equal (password, confirm));
}

static void
on_change_response (AdwMessageDialog *dialog,
                    const char       *response,
                    ChangeDialog     *c)
{
  VaultStore *store = vault_application_get_store (c->self->app);

  if (g_str_equal (response, "change") && store != NULL)
    vault_store_change_password_async (store, gtk_editable_get_text (GTK_EDITABLE (c->current)),
                                       gtk_editable_get_text (GTK_EDITABLE (c->password)),
                                       NULL, on_changed_password, g_object_ref (c->self));
  gtk_editable_set_text (GTK_EDITABLE (c->current), "");
  gtk_editable_set_text (GTK_EDITABLE (c->password), "");
  gtk_editable_set_text (GTK_EDITABLE (c->confirm), "");
}

static GtkPasswordEntry *
new_password_entry (const char *label)
{
  GtkWidget *entry = gtk_password_entry_new ();

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  g_object_set (entry, "placeholder-text", label, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return GTK_PASSWORD_ENTRY (entry);
}

/* One dialog per Preferences window, hidden between uses rather than
 * destroyed: GTK 4.8's accessibility layer can still reach a destroyed
 * window's password entries and crash on them. */
static ChangeDialog *
build_change_dialog (VaultPreferencesWindow *self)
{
  ChangeDialog *c = g_new0 (ChangeDialog, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  c->self = self;
  c->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                          _("Change Master Password"),
                                                          _("Your entries stay as they are; "
                                                            "only the key that opens them is "
                                                            "wrapped again.")));
  gtk_window_set_hide_on_close (GTK_WINDOW (c->dialog), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (c->dialog), TRUE);
  c->current = new_password_entry (_("Current master password"));
  c->password = new_password_entry (_("New master password"));
  c->confirm = new_password_entry (_("Confirm new master password"));
  c->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (c->status, TRUE);
  gtk_label_set_xalign (c->status, 0);
  gtk_widget_add_css_class (GTK_WIDGET (c->status), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (c->status), "strength-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->current));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->password));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->confirm));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (c->status));
  adw_message_dialog_set_extra_child (c->dialog, box);

  adw_message_dialog_add_responses (c->dialog, "cancel", _("_Cancel"),
                                    "change", _("C_hange"), NULL);
  adw_message_dialog_set_response_appearance (c->dialog, "change", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (c->dialog, "change", FALSE);
  adw_message_dialog_set_default_response (c->dialog, "change");

  g_signal_connect_swapped (c->current, "changed", G_CALLBACK (on_change_input), c);
  g_signal_connect_swapped (c->password, "changed", G_CALLBACK (on_change_input), c);
  g_signal_connect_swapped (c->confirm, "changed", G_CALLBACK (on_change_input), c);
  g_signal_connect (c->dialog, "response", G_CALLBACK (on_change_response), c);
  return c;
}

static void
on_change_password_clicked (VaultPreferencesWindow *self)
{
  if (self->change == NULL)
    self->change = build_change_dialog (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->change->current));
  gtk_window_present (GTK_WINDOW (self->change->dialog));
}

/* --- GObject ------------------------------------------------------------------- */

static void
vault_preferences_window_dispose (GObject *object)
{
  VaultPreferencesWindow *self = VAULT_PREFERENCES_WINDOW (object);

  if (self->change != NULL)
    {
      ChangeDialog *c = g_steal_pointer (&self->change);

      g_signal_handlers_disconnect_by_data (c->current, c);
      g_signal_handlers_disconnect_by_data (c->password, c);
      g_signal_handlers_disconnect_by_data (c->confirm, c);
      g_signal_handlers_disconnect_by_data (c->dialog, c);
      gtk_window_destroy (GTK_WINDOW (c->dialog));
      g_free (c);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), VAULT_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (vault_preferences_window_parent_class)->dispose (object);
}

static void
vault_preferences_window_class_init (VaultPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/"
                                               "vault-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, clipboard_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow,
                                        search_provider_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, recovery_row);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, recovery_button);
  gtk_widget_class_bind_template_callback (widget_class, on_change_password_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_recovery_clicked);
}

static void
vault_preferences_window_init (VaultPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

VaultPreferencesWindow *
vault_preferences_window_new (VaultApplication *app,
                              GtkWindow        *parent)
{
  VaultPreferencesWindow *self = g_object_new (VAULT_TYPE_PREFERENCES_WINDOW,
                                               "transient-for", parent,
                                               "application", app,
                                               NULL);
  GSettings *settings = vault_application_get_settings (app);

  self->app = app;
  g_settings_bind_with_mapping (settings, "auto-lock-delay",
                                gtk_spin_button_get_adjustment (self->auto_lock_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "clipboard-clear-delay",
                                gtk_spin_button_get_adjustment (self->clipboard_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, uint_to_double, double_to_uint,
                                NULL, NULL);
  g_settings_bind (settings, "search-provider-enabled", self->search_provider_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  update_recovery_row (self);
  return self;
}
