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
#include "vault-password-dialog.h"
#include "vault-plain-text.h"

struct _VaultPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  /* Template widgets */
  GtkSpinButton *auto_lock_spin;
  GtkSpinButton *clipboard_spin;
  GtkSwitch     *search_provider_switch;
  GtkSpinButton *old_days_spin;
  AdwActionRow  *recovery_row;
  GtkButton     *recovery_button;

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
on_set_up_response (AdwMessageDialog       *dialog,
                    const char             *response,
                    VaultPreferencesWindow *self)
{
  if (g_str_equal (response, "set-up"))
    set_recovery (self, TRUE);
}

static void
on_recovery_clicked (VaultPreferencesWindow *self)
{
  VaultStore *store = vault_application_get_store (self->app);
  AdwMessageDialog *dialog;

  if (store == NULL)
    return;

  if (vault_store_has_recovery_key (store))
    {
      dialog =
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

  /* Said before it exists: a key that opens the vault without the password. */
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Set Up a Recovery Key?"),
                                                       _("A recovery key is a long code that "
                                                         "opens your vault without the master "
                                                         "password, if you ever forget it. It is "
                                                         "shown once, to be printed or written "
                                                         "down and kept somewhere safe: anyone "
                                                         "who has it and your vault file can "
                                                         "read your vault.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "set-up", _("_Set Up"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "set-up", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "set-up");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_set_up_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- Master password ------------------------------------------------------------- */

static void
on_password_changed (VaultPreferencesWindow *self)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Master password changed")));
}

static void
on_change_password_clicked (VaultPreferencesWindow *self)
{
  VaultStore *store = vault_application_get_store (self->app);
  VaultPasswordDialog *dialog;

  if (store == NULL)
    return;
  dialog = vault_password_dialog_new (GTK_WINDOW (self), store);
  g_signal_connect_object (dialog, "changed", G_CALLBACK (on_password_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* --- GObject ------------------------------------------------------------------- */

static void
vault_preferences_window_class_init (VaultPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/"
                                               "vault-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, auto_lock_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, clipboard_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow,
                                        search_provider_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultPreferencesWindow, old_days_spin);
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
  g_settings_bind_with_mapping (settings, "old-password-days",
                                gtk_spin_button_get_adjustment (self->old_days_spin), "value",
                                G_SETTINGS_BIND_DEFAULT, uint_to_double, double_to_uint,
                                NULL, NULL);
  update_recovery_row (self);
  return self;
}
