/* vault-entry-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The add / edit dialog: every field of an entry, a password generator
 * (characters or words) and a strength meter. It changes the store and
 * emits "saved"; the window then writes the file. Editing, it sets only the
 * fields the person changed: another device's change to the entry, merged
 * while the dialog was open, stays in the others.
 */
#include "config.h"

#include "vault-entry-dialog.h"

#include <glib/gi18n.h>

#include "vault-core.h"
#include "vault-field-editor.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"
#include "vault-strength-bar.h"
#include "vault-totp-editor.h"

struct _VaultEntryDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle   *window_title;
  GtkButton        *save_button;
  AdwToastOverlay  *toast_overlay;
  AdwEntryRow      *title_entry;
  GtkWidget        *duplicate_icon;
  GtkLabel         *duplicate_label;
  AdwEntryRow      *username_entry;
  AdwPasswordEntryRow *password_entry;
  AdwActionRow     *strength_row;
  GtkLevelBar      *strength_bar;
  AdwEntryRow      *url_entry;
  AdwEntryRow      *tags_entry;
  GtkSwitch        *favourite_switch;
  GtkSwitch        *passphrase_switch;
  AdwActionRow     *length_row;
  GtkSpinButton    *length_spin;
  AdwActionRow     *words_row;
  GtkSpinButton    *words_spin;
  AdwActionRow     *upper_row;
  GtkSwitch        *upper_switch;
  AdwActionRow     *digits_row;
  GtkSwitch        *digits_switch;
  AdwActionRow     *symbols_row;
  GtkSwitch        *symbols_switch;
  GtkTextView      *notes_view;
  VaultTotpEditor  *totp_editor;
  VaultFieldEditor *field_editor;

  /* Owned */
  VaultStore       *store;
  VaultEntry       *entry;   /* NULL when adding */
  gboolean          filling; /* the fields are being filled from the entry */
  gboolean          dirty;   /* something was changed since */
  gboolean          discard; /* the person chose to discard the changes */
  /* The fields as the dialog was opened on an entry; secrets only as "touched". */
  char             *initial_title;
  char             *initial_username;
  char             *initial_url;
  char             *initial_tags;
  gboolean          initial_favourite;
  gboolean          password_touched;
  gboolean          notes_touched;
  gboolean          fields_touched;
};

G_DEFINE_FINAL_TYPE (VaultEntryDialog, vault_entry_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Two entries may share a title, but the person is told as they type: the
 * list and vault-cli then tell them apart by user name. */
static void
update_duplicate_warning (VaultEntryDialog *self,
                          const char       *title)
{
  g_autoptr(GPtrArray) same = NULL;
  g_autofree char *message = NULL;
  gboolean duplicate = FALSE;

  if (*title != '\0')
    {
      same = vault_store_find_all_by_title (self->store, title);
      for (guint i = 0; i < same->len && !duplicate; i++)
        duplicate = same->pdata[i] != (gpointer) self->entry;
    }

  if (duplicate)
    {
      /* Translators: %s is the title being typed. */
      message = g_strdup_printf (_("Another entry is already called “%s”. You can still save "
                                   "this one; give it a different user name to tell them "
                                   "apart."), title);
      gtk_label_set_text (self->duplicate_label, message);
      gtk_widget_set_tooltip_text (self->duplicate_icon, message);
      gtk_widget_add_css_class (GTK_WIDGET (self->title_entry), "warning");
    }
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->title_entry), "warning");
  gtk_widget_set_visible (GTK_WIDGET (self->duplicate_label), duplicate);
  gtk_widget_set_visible (self->duplicate_icon, duplicate);
}

/* Save is possible once something changed (anything, for a new entry)
 * and the entry has a title. */
static void
update_save_button (VaultEntryDialog *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (title));

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button),
                            *stripped != '\0' && (self->entry == NULL || self->dirty) &&
                            vault_totp_editor_is_valid (self->totp_editor) &&
                            vault_field_editor_is_valid (self->field_editor));
}

static void
on_field_changed (VaultEntryDialog *self)
{
  if (self->filling)
    return;
  self->dirty = TRUE;
  update_save_button (self);
}

static void
on_changed (VaultEntryDialog *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (title));

  on_field_changed (self);
  if (self->store != NULL)
    update_duplicate_warning (self, stripped);
}

static void on_generate_clicked (VaultEntryDialog *self);

/* A changed generator setting is a request for a password made that way. */
static void
on_generator_changed (VaultEntryDialog *self)
{
  if (!self->filling)
    on_generate_clicked (self);
}

static void
on_password_changed (VaultEntryDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  g_autoptr(VaultStrengthReport) report = vault_strength_check (password);

  on_field_changed (self);
  if (!self->filling)
    self->password_touched = TRUE;
  gtk_level_bar_set_value (self->strength_bar, *password ? report->strength + 1 : 0);
  adw_action_row_set_subtitle (self->strength_row, *password ? report->label : "");
}

static void
on_notes_changed (VaultEntryDialog *self)
{
  on_field_changed (self);
  if (!self->filling)
    self->notes_touched = TRUE;
}

static void
on_custom_fields_changed (VaultEntryDialog *self)
{
  on_field_changed (self);
  if (!self->filling)
    self->fields_touched = TRUE;
}

static void
on_passphrase_toggled (VaultEntryDialog *self)
{
  gboolean words = gtk_switch_get_active (self->passphrase_switch);

  gtk_widget_set_visible (GTK_WIDGET (self->words_row), words);
  gtk_widget_set_visible (GTK_WIDGET (self->length_row), !words);
  gtk_widget_set_visible (GTK_WIDGET (self->upper_row), !words);
  gtk_widget_set_visible (GTK_WIDGET (self->digits_row), !words);
  gtk_widget_set_visible (GTK_WIDGET (self->symbols_row), !words);
}

static void
on_generate_clicked (VaultEntryDialog *self)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(GError) error = NULL;

  if (gtk_switch_get_active (self->passphrase_switch))
    password = vault_generate_passphrase (gtk_spin_button_get_value_as_int (self->words_spin),
                                          "-", &error);
  else
    {
      VaultCharClasses classes = VAULT_CHARS_LOWER;

      if (gtk_switch_get_active (self->upper_switch))
        classes |= VAULT_CHARS_UPPER;
      if (gtk_switch_get_active (self->digits_switch))
        classes |= VAULT_CHARS_DIGITS;
      if (gtk_switch_get_active (self->symbols_switch))
        classes |= VAULT_CHARS_SYMBOLS;
      password = vault_generate_password (gtk_spin_button_get_value_as_int (self->length_spin),
                                          classes, &error);
    }

  if (password == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, vault_toast_new_plain (error->message));
      return;
    }
  vault_secret_text_set (GTK_EDITABLE (self->password_entry),
                         vault_secure_buf_get_string (password));
}

static GStrv
parse_tags (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* For an entry being edited: value if the person changed it, else NULL. */
static const char *
if_changed (const char *value,
            const char *initial)
{
  g_autofree char *a = g_strstrip (g_strdup (value));
  g_autofree char *b = g_strstrip (g_strdup (initial ? initial : ""));

  return g_str_equal (a, b) ? NULL : value;
}

static void
on_save_clicked (VaultEntryDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_auto(GStrv) tags = parse_tags (gtk_editable_get_text (GTK_EDITABLE (self->tags_entry)));
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
  char *notes;
  GtkTextIter start, end;
  VaultEntryFields fields = { 0 };
  g_autofree VaultFieldSpec *specs = NULL;
  VaultEntry *entry = self->entry;
  gboolean ok;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->save_button)))
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  fields.title = title;
  fields.username = gtk_editable_get_text (GTK_EDITABLE (self->username_entry));
  fields.url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));
  fields.password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  fields.notes = notes;
  fields.tags = (const char * const *) tags;
  fields.set_favourite = TRUE;
  fields.favourite = gtk_switch_get_active (self->favourite_switch);
  fields.totp = vault_totp_editor_get_value (self->totp_editor);
  specs = vault_field_editor_get_specs (self->field_editor, &fields.n_custom_fields);
  fields.custom_fields = specs;
  fields.set_custom_fields = TRUE;

  if (entry == NULL)
    ok = (entry = vault_store_add_entry (self->store, &fields, &error)) != NULL;
  else
    {
      VaultEntryFields changed = fields;

      changed.title = if_changed (fields.title, self->initial_title);
      changed.username = g_str_equal (fields.username, self->initial_username)
                         ? NULL : fields.username;
      changed.url = if_changed (fields.url, self->initial_url);
      changed.tags = if_changed (gtk_editable_get_text (GTK_EDITABLE (self->tags_entry)),
                                 self->initial_tags) ? fields.tags : NULL;
      changed.set_favourite = fields.favourite != self->initial_favourite;
      changed.password = self->password_touched ? fields.password : NULL;
      changed.notes = self->notes_touched ? fields.notes : NULL;
      /* The list as a whole: fields added on another device meanwhile stay
       * unless the person changed this entry's fields too. */
      changed.set_custom_fields = self->fields_touched;
      /* Deleted on another device while it was being edited: the edit is
       * the newer change, and brings it back. */
      ok = (vault_store_find_by_id (self->store, vault_entry_get_id (entry)) == entry ||
            vault_store_restore_entry (self->store, entry, &error)) &&
           vault_store_update_entry (self->store, entry, &changed, &error);
    }

  vault_secure_str_free (notes);
  g_free ((char *) fields.url);

  if (!ok)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, vault_toast_new_plain (error->message));
      return;
    }

  g_signal_emit (self, signals[SAVED], 0, entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
fill_from_entry (VaultEntryDialog *self)
{
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(VaultSecureBuf) notes = NULL;
  g_autofree char *tags = NULL;
  g_autoptr(GError) error = NULL;

  /* The window's own title too: window lists and screen readers say it. */
  if (self->entry == NULL)
    {
      adw_window_title_set_title (self->window_title, _("New Entry"));
      gtk_window_set_title (GTK_WINDOW (self), _("New Entry"));
      return;
    }

  adw_window_title_set_title (self->window_title, _("Edit Entry"));
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Entry"));
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), vault_entry_get_title (self->entry));
  gtk_editable_set_text (GTK_EDITABLE (self->username_entry),
                         vault_entry_get_username (self->entry));
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), vault_entry_get_url (self->entry));
  tags = g_strjoinv (", ", (char **) vault_entry_get_tags (self->entry));
  gtk_editable_set_text (GTK_EDITABLE (self->tags_entry), tags);
  gtk_switch_set_active (self->favourite_switch, vault_entry_get_favourite (self->entry));
  self->initial_title = g_strdup (vault_entry_get_title (self->entry));
  self->initial_username = g_strdup (vault_entry_get_username (self->entry));
  self->initial_url = g_strdup (vault_entry_get_url (self->entry));
  self->initial_tags = g_steal_pointer (&tags);
  self->initial_favourite = vault_entry_get_favourite (self->entry);

  password = vault_store_reveal (self->store, self->entry, VAULT_FIELD_PASSWORD, &error);
  if (password != NULL)
    vault_secret_text_set (GTK_EDITABLE (self->password_entry),
                           vault_secure_buf_get_string (password));
  notes = vault_store_reveal (self->store, self->entry, VAULT_FIELD_NOTES, NULL);
  if (notes != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                              vault_secure_buf_get_string (notes), -1);
}

static gboolean
close_discarding (gpointer data)
{
  g_autoptr(VaultEntryDialog) self = data;

  self->discard = TRUE;
  gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

/* Closed from the main loop, not from inside the question's response:
 * the question's handler is tied to this dialog's life. */
static void
on_discard_response (AdwMessageDialog *dialog,
                     const char       *response,
                     VaultEntryDialog *self)
{
  if (g_str_equal (response, "discard"))
    g_idle_add (close_discarding, g_object_ref (self));
}

/* Escape, Cancel or the close button on changed fields asks first. */
static gboolean
vault_entry_dialog_close_request (GtkWindow *window)
{
  VaultEntryDialog *self = VAULT_ENTRY_DIALOG (window);
  AdwMessageDialog *dialog;

  if (!self->dirty || self->discard)
    return GTK_WINDOW_CLASS (vault_entry_dialog_parent_class)->close_request (window);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (window, _("Discard Changes?"),
                                                       self->entry != NULL
                                                       ? _("The changes to this entry are not "
                                                           "saved.")
                                                       : _("The new entry is not saved.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Keep Editing"),
                                    "discard", _("_Discard"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return GDK_EVENT_STOP;
}

static void
vault_entry_dialog_dispose (GObject *object)
{
  VaultEntryDialog *self = VAULT_ENTRY_DIALOG (object);

  /* Leave no secret behind in the widgets' buffers: the notes' buffer can
   * outlive this dialog (without this, tests/test-memory.py finds the notes
   * after locking). What it frees is wiped (see vault-heap-wipe.c); the
   * password is in GTK's secure buffer. */
  if (self->notes_view != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), "", 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_ENTRY_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->entry);
  g_clear_pointer (&self->initial_title, g_free);
  g_clear_pointer (&self->initial_username, g_free);
  g_clear_pointer (&self->initial_url, g_free);
  g_clear_pointer (&self->initial_tags, g_free);

  G_OBJECT_CLASS (vault_entry_dialog_parent_class)->dispose (object);
}

static void
vault_entry_dialog_class_init (VaultEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_entry_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = vault_entry_dialog_close_request;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, VAULT_TYPE_ENTRY);

  g_type_ensure (VAULT_TYPE_TOTP_EDITOR);
  g_type_ensure (VAULT_TYPE_FIELD_EDITOR);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, title_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, duplicate_icon);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, username_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, strength_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, strength_bar);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, url_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, tags_entry);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, favourite_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, passphrase_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, length_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, length_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, words_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, words_spin);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, upper_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, upper_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, digits_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, digits_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, symbols_row);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, symbols_switch);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, totp_editor);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryDialog, field_editor);

  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_password_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_generate_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_entry_dialog_init (VaultEntryDialog *self)
{
  GtkWidget *settings[4];

  gtk_widget_init_template (GTK_WIDGET (self));
  vault_strength_bar_init (self->strength_bar);
  settings[0] = GTK_WIDGET (self->passphrase_switch);
  settings[1] = GTK_WIDGET (self->upper_switch);
  settings[2] = GTK_WIDGET (self->digits_switch);
  settings[3] = GTK_WIDGET (self->symbols_switch);
  /* The password row's text lives in GTK's secure buffer. */
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (self->password_entry));

  g_signal_connect_swapped (self->passphrase_switch, "notify::active",
                            G_CALLBACK (on_passphrase_toggled), self);
  for (guint i = 0; i < G_N_ELEMENTS (settings); i++)
    g_signal_connect_swapped (settings[i], "notify::active",
                              G_CALLBACK (on_generator_changed), self);
  g_signal_connect_swapped (self->length_spin, "value-changed",
                            G_CALLBACK (on_generator_changed), self);
  g_signal_connect_swapped (self->words_spin, "value-changed",
                            G_CALLBACK (on_generator_changed), self);
  g_signal_connect_swapped (self->favourite_switch, "notify::active",
                            G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->notes_view), "changed",
                            G_CALLBACK (on_notes_changed), self);
  g_signal_connect_swapped (self->totp_editor, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->field_editor, "changed",
                            G_CALLBACK (on_custom_fields_changed), self);
}

VaultEntryDialog *
vault_entry_dialog_new (GtkWindow  *parent,
                        VaultStore *store,
                        VaultEntry *entry)
{
  VaultEntryDialog *self = g_object_new (VAULT_TYPE_ENTRY_DIALOG,
                                         "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->entry = entry ? g_object_ref (entry) : NULL;
  self->filling = TRUE;
  fill_from_entry (self);
  vault_totp_editor_load (self->totp_editor, store, entry);
  vault_field_editor_load (self->field_editor, store, entry);
  on_changed (self);
  on_password_changed (self);
  self->filling = FALSE;
  self->dirty = FALSE;
  update_save_button (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_entry));
  return self;
}
