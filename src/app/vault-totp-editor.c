/* vault-totp-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One-time codes in the entry dialog. What is typed or pasted lives in
 * GTK's secure password buffer and is read with vault_totp_parse at each
 * change: an error under the field (and Save held back), or what it reads
 * as. A QR code image is read in a worker (vault-qr.c) and its link put
 * into the same field. An entry's existing secret is never put into the
 * field: the editor shows its settings, and offers to remove it.
 */
#include "config.h"

#include "vault-totp-editor.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-icon-button.h"
#include "vault-plain-text.h"
#include "vault-qr.h"
#include "vault-secret-text.h"

struct _VaultTotpEditor
{
  AdwPreferencesGroup parent_instance;

  /* Children */
  AdwActionRow        *current_row;   /* the entry's secret, kept */
  AdwPasswordEntryRow *secret_row;
  AdwActionRow        *scan_row;
  GtkLabel            *status_label;

  /* Owned */
  GCancellable        *cancellable;   /* reading a QR code image */
  GtkNativeDialog     *chooser;
  gboolean             has_current;   /* the entry has a secret */
  gboolean             removed;       /* …which the person removed */
  gboolean             valid;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (VaultTotpEditor, vault_totp_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* "GitHub (octocat)", "GitHub", "octocat", or NULL. */
static char *
describe_account (const VaultTotp *totp)
{
  const char *issuer = vault_totp_get_issuer (totp);
  const char *account = vault_totp_get_account (totp);

  if (*issuer && *account)
    /* Translators: a one-time code's issuer (a site) and account name. */
    return g_strdup_printf (_("%s (%s)"), issuer, account);
  if (*issuer || *account)
    return g_strdup (*issuer ? issuer : account);
  return NULL;
}

/* "6 digits, new every 30 seconds", with the hash when not SHA-1. */
static char *
describe_settings (const VaultTotp *totp)
{
  guint period = vault_totp_get_period (totp);
  g_autofree char *text = NULL;

  if (vault_totp_is_steam (totp))
    /* Translators: a one-time code of Steam Guard's kind. */
    return g_strdup_printf (ngettext ("Steam Guard, 5 characters, new every %u second",
                                      "Steam Guard, 5 characters, new every %u seconds",
                                      period), period);

  /* Translators: the first %u is how many digits a one-time code has. */
  text = g_strdup_printf (ngettext ("%u digits, new every %u second",
                                    "%u digits, new every %u seconds", period),
                          vault_totp_get_digits (totp), period);
  switch (vault_totp_get_algorithm (totp))
    {
    case VAULT_TOTP_SHA256:
      return g_strconcat (text, ", SHA-256", NULL);
    case VAULT_TOTP_SHA512:
      return g_strconcat (text, ", SHA-512", NULL);
    case VAULT_TOTP_SHA1:
    default:
      return g_steal_pointer (&text);
    }
}

static void
show_status (VaultTotpEditor *self,
             const char      *text,
             gboolean         error)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

/* Shows the kept secret, or the field to set one. */
static void
update_rows (VaultTotpEditor *self)
{
  gboolean keeping = self->has_current && !self->removed;

  gtk_widget_set_visible (GTK_WIDGET (self->current_row), keeping);
  gtk_widget_set_visible (GTK_WIDGET (self->secret_row), !keeping);
  gtk_widget_set_visible (GTK_WIDGET (self->scan_row), !keeping);
}

static void
check_text (VaultTotpEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  g_autoptr(VaultTotp) totp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *status = NULL;

  if (*text == '\0')
    {
      self->valid = TRUE;
      gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
      show_status (self, NULL, FALSE);
      return;
    }

  totp = vault_totp_parse (text, &error);
  self->valid = totp != NULL;
  if (totp == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->secret_row), "error");
      show_status (self, error->message, TRUE);
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->secret_row), "error");
  account = describe_account (totp);
  settings = describe_settings (totp);
  /* Translators: what a pasted one-time code secret reads as: an account
   * and its settings, or the settings alone. */
  status = account ? g_strdup_printf (_("%s: %s"), account, settings) : g_strdup (settings);
  show_status (self, status, FALSE);
}

static void
on_secret_changed (VaultTotpEditor *self)
{
  check_text (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_remove_clicked (VaultTotpEditor *self)
{
  self->removed = TRUE;
  update_rows (self);
  check_text (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
  g_signal_emit (self, signals[CHANGED], 0);
}

/* --- A QR code image ----------------------------------------------------------- */

static void
on_qr_read (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultTotpEditor) self = user_data;
  g_autoptr(VaultSecureBuf) link = NULL;
  g_autoptr(GError) error = NULL;

  link = vault_qr_read_file_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->cancellable == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_row), TRUE);
  if (link == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }
  /* Straight into the secure buffer; checked (and the dialog told) as if
   * it had been pasted. */
  vault_secret_text_set (GTK_EDITABLE (self->secret_row), vault_secure_buf_get_string (link));
  on_secret_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->secret_row));
}

static void
on_image_chosen (GtkNativeDialog *native,
                 int              response,
                 VaultTotpEditor *self)
{
  g_autoptr(GtkNativeDialog) chooser = g_steal_pointer (&self->chooser);
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT ||
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) == NULL)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_row), FALSE);
  show_status (self, _("Reading the QR code…"), FALSE);
  vault_qr_read_file_async (file, self->cancellable, on_qr_read, g_object_ref (self));
}

static void
on_scan_activated (VaultTotpEditor *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  if (self->chooser != NULL)
    return;
  native = gtk_file_chooser_native_new (_("Scan QR Code Image"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  /* Locking closes it like a window. */
  if (VAULT_IS_APPLICATION (g_application_get_default ()))
    vault_application_track_native (VAULT_APPLICATION (g_application_get_default ()),
                                    GTK_NATIVE_DIALOG (native));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_image_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* --- Public ------------------------------------------------------------------------ */

void
vault_totp_editor_load (VaultTotpEditor *self,
                        VaultStore      *store,
                        VaultEntry      *entry)
{
  g_autoptr(VaultTotp) totp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *settings = NULL;

  g_return_if_fail (VAULT_IS_TOTP_EDITOR (self));

  self->loading = TRUE;
  self->has_current = entry != NULL && vault_entry_has_totp (entry);
  self->removed = FALSE;
  vault_secret_text_clear (GTK_EDITABLE (self->secret_row));
  self->loading = FALSE;
  check_text (self);

  if (self->has_current)
    {
      /* The settings only: the secret is wiped with totp. */
      totp = vault_store_get_totp (store, entry, &error);
      if (totp != NULL)
        {
          account = describe_account (totp);
          settings = describe_settings (totp);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->current_row),
                                     account ? account : _("Setup Key Saved"));
      adw_action_row_set_subtitle (self->current_row,
                                   settings ? settings : error ? error->message : "");
    }
  update_rows (self);
}

gboolean
vault_totp_editor_is_valid (VaultTotpEditor *self)
{
  g_return_val_if_fail (VAULT_IS_TOTP_EDITOR (self), FALSE);
  return self->valid;
}

const char *
vault_totp_editor_get_value (VaultTotpEditor *self)
{
  const char *text;

  g_return_val_if_fail (VAULT_IS_TOTP_EDITOR (self), NULL);

  if (self->has_current && !self->removed)
    return NULL;
  text = gtk_editable_get_text (GTK_EDITABLE (self->secret_row));
  if (*text != '\0')
    return text;
  return self->removed ? "" : NULL;
}

/* --- GObject ----------------------------------------------------------------------- */

static void
vault_totp_editor_dispose (GObject *object)
{
  VaultTotpEditor *self = VAULT_TOTP_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  if (self->secret_row != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->secret_row, self);
      vault_secret_text_clear (GTK_EDITABLE (self->secret_row));
      self->secret_row = NULL;
    }
  G_OBJECT_CLASS (vault_totp_editor_parent_class)->dispose (object);
}

static void
vault_totp_editor_class_init (VaultTotpEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_totp_editor_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vault_totp_editor_init (VaultTotpEditor *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);
  GtkWidget *remove;
  GtkWidget *icon;

  adw_preferences_group_set_title (group, _("One-Time Code"));
  adw_preferences_group_set_description (group, _("For sites that ask for a code from an "
                                                  "authenticator app"));

  self->current_row = ADW_ACTION_ROW (adw_action_row_new ());
  vault_row_set_plain (ADW_PREFERENCES_ROW (self->current_row));
  remove = vault_icon_button_new ("user-trash-symbolic", _("Remove One-Time Code"));
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_action_row_add_suffix (self->current_row, remove);
  adw_preferences_group_add (group, GTK_WIDGET (self->current_row));

  self->secret_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->secret_row),
                                 _("Setup Key or Link"));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->secret_row));
  g_signal_connect_swapped (self->secret_row, "changed", G_CALLBACK (on_secret_changed), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->secret_row));

  self->scan_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scan_row),
                                 _("Scan QR Code Image…"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->scan_row), TRUE);
  icon = gtk_image_new_from_icon_name ("document-open-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Scan QR Code Image…"), -1);
  adw_action_row_add_suffix (self->scan_row, icon);
  g_signal_connect_swapped (self->scan_row, "activated", G_CALLBACK (on_scan_activated), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->scan_row));

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_wrap_mode (self->status_label, PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (GTK_WIDGET (self->status_label), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->status_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->status_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->status_label));

  self->valid = TRUE;
  update_rows (self);
}
