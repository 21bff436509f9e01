/* vault-field-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Custom fields in the detail pane. A concealed value is opened only to be
 * shown (into GTK's secure password buffer, as the password is) or copied
 * (marked secret and cleared like a password); a plain value is copied as
 * any text. Buttons find their field by id, which survives renames and
 * moves, not by position.
 */
#include "config.h"

#include "vault-field-rows.h"

#include <glib/gi18n.h>

#include "vault-copy.h"
#include "vault-core.h"
#include "vault-icon-button.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"

struct _VaultFieldRows
{
  AdwPreferencesGroup parent_instance;

  /* Owned */
  VaultStore *store;
  VaultEntry *entry;
  GPtrArray  *rows;
};

G_DEFINE_FINAL_TYPE (VaultFieldRows, vault_field_rows, ADW_TYPE_PREFERENCES_GROUP)

/* The field's position now, or -1 when the entry no longer has it. */
static int
find_field (VaultFieldRows *self,
            GtkWidget      *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "field-id");
  guint n = self->entry ? vault_entry_get_n_fields (self->entry) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    if (g_str_equal (vault_entry_get_field_id (self->entry, i), id))
      return (int) i;
  return -1;
}

static void
on_copy_clicked (GtkButton      *button,
                 VaultFieldRows *self)
{
  g_autoptr(VaultSecureBuf) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  int index = find_field (self, GTK_WIDGET (button));
  const char *label;
  guint delay;

  if (index < 0)
    return;
  label = vault_entry_get_field_label (self->entry, index);
  if (!vault_entry_get_field_concealed (self->entry, index))
    {
      vault_copy_text (GTK_WIDGET (self), vault_entry_get_field_value (self->entry, index));
      /* Translators: %s is a custom field's name, such as “PIN”. */
      message = g_strdup_printf (_("“%s” copied"), label);
      vault_copy_toast (GTK_WIDGET (self), message, 2);
      return;
    }

  value = vault_store_reveal_field (self->store, self->entry, index, &error);
  if (value == NULL)
    {
      vault_copy_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }
  if ((delay = vault_copy_secret (GTK_WIDGET (self), value)) == 0)
    return;
  /* Translators: the first %s is a custom field's name, the second an entry's title. */
  message = g_strdup_printf (ngettext ("“%s” of “%s” copied. The clipboard will be cleared "
                                       "in %u second.",
                                       "“%s” of “%s” copied. The clipboard will be cleared "
                                       "in %u seconds.", delay),
                             label, vault_entry_get_title (self->entry), delay);
  vault_copy_toast (GTK_WIDGET (self), message, 3);
}

static void
set_reveal_labels (GtkToggleButton *button,
                   const char      *label,
                   gboolean         shown)
{
  /* Translators: %s is a custom field's name; a button's label. */
  g_autofree char *text = g_strdup_printf (shown ? _("Hide %s") : _("Show %s"), label);

  gtk_widget_set_tooltip_text (GTK_WIDGET (button), text);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            shown ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  text, -1);
}

static void
on_reveal_toggled (GtkToggleButton *button,
                   VaultFieldRows  *self)
{
  GtkEntry *field = g_object_get_data (G_OBJECT (button), "field-entry");
  gboolean reveal = gtk_toggle_button_get_active (button);
  int index = find_field (self, GTK_WIDGET (button));
  g_autoptr(VaultSecureBuf) value = NULL;
  g_autoptr(GError) error = NULL;

  if (index >= 0)
    set_reveal_labels (button, vault_entry_get_field_label (self->entry, index), reveal);
  if (!reveal || index < 0)
    {
      /* Hidden before it is cleared: GtkText keeps an undo history of the
       * text it shows. */
      gtk_entry_set_visibility (field, FALSE);
      vault_secret_text_clear (GTK_EDITABLE (field));
      return;
    }

  value = vault_store_reveal_field (self->store, self->entry, index, &error);
  if (value == NULL)
    {
      vault_copy_toast (GTK_WIDGET (self), error->message, 5);
      gtk_toggle_button_set_active (button, FALSE);
      return;
    }
  vault_secret_text_set (GTK_EDITABLE (field), vault_secure_buf_get_string (value));
  gtk_entry_set_visibility (field, TRUE);
}

/* Dots in the place of the value, as the password row has them. */
static void
add_concealed (VaultFieldRows *self,
               AdwActionRow   *row,
               const char     *id,
               const char     *label)
{
  GtkWidget *field = gtk_entry_new ();
  GtkWidget *reveal = gtk_toggle_button_new ();

  gtk_editable_set_editable (GTK_EDITABLE (field), FALSE);
  gtk_widget_set_can_focus (field, FALSE);
  gtk_entry_set_has_frame (GTK_ENTRY (field), FALSE);
  gtk_entry_set_visibility (GTK_ENTRY (field), FALSE);
  gtk_widget_set_hexpand (field, TRUE);
  /* Narrow, the field gives way to the name rather than break it. */
  gtk_editable_set_width_chars (GTK_EDITABLE (field), 4);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (field), 10);
  gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
  gtk_editable_set_alignment (GTK_EDITABLE (field), 1);
  gtk_widget_add_css_class (field, "detail-secret");
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (field));
  gtk_entry_set_placeholder_text (GTK_ENTRY (field), "●●●●●●●●●●");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  adw_action_row_add_suffix (row, field);

  gtk_widget_set_valign (reveal, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (reveal, "flat");
  set_reveal_labels (GTK_TOGGLE_BUTTON (reveal), label, FALSE);
  g_object_set_data_full (G_OBJECT (reveal), "field-id", g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (reveal), "field-entry", field);
  g_signal_connect (reveal, "toggled", G_CALLBACK (on_reveal_toggled), self);
  adw_action_row_add_suffix (row, reveal);
}

static GtkWidget *
new_row (VaultFieldRows *self,
         guint           index)
{
  const char *id = vault_entry_get_field_id (self->entry, index);
  const char *label = vault_entry_get_field_label (self->entry, index);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *copy_label = NULL;
  GtkWidget *copy;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_widget_add_css_class (row, "property");
  if (vault_entry_get_field_concealed (self->entry, index))
    add_concealed (self, ADW_ACTION_ROW (row), id, label);
  else
    {
      const char *value = vault_entry_get_field_value (self->entry, index);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
      /* AdwActionRow 1.2 keeps its subtitle from screen readers. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value, -1);
    }
  vault_row_set_plain (ADW_PREFERENCES_ROW (row));

  /* Translators: %s is a custom field's name; a button's label. */
  copy_label = g_strdup_printf (_("Copy %s"), label);
  copy = vault_icon_button_new ("edit-copy-symbolic", copy_label);
  g_object_set_data_full (G_OBJECT (copy), "field-id", g_strdup (id), g_free);
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy);
  return row;
}

/* A shown value goes before its row does: a row may outlive its removal
 * (the accessibility bus holds references). */
static void
wipe_values (GtkWidget *widget)
{
  if (GTK_IS_ENTRY (widget))
    {
      gtk_entry_set_visibility (GTK_ENTRY (widget), FALSE);
      vault_secret_text_clear (GTK_EDITABLE (widget));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    wipe_values (child);
}

static void
remove_rows (VaultFieldRows *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      wipe_values (row);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

void
vault_field_rows_set_entry (VaultFieldRows *self,
                            VaultStore     *store,
                            VaultEntry     *entry)
{
  guint n;

  g_return_if_fail (VAULT_IS_FIELD_ROWS (self));

  remove_rows (self);
  g_set_object (&self->store, store);
  g_set_object (&self->entry, entry);
  n = entry != NULL ? vault_entry_get_n_fields (entry) : 0;
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = new_row (self, i);

      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

static void
vault_field_rows_dispose (GObject *object)
{
  VaultFieldRows *self = VAULT_FIELD_ROWS (object);

  if (self->rows != NULL)
    remove_rows (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->entry);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (vault_field_rows_parent_class)->dispose (object);
}

static void
vault_field_rows_class_init (VaultFieldRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_field_rows_dispose;
}

static void
vault_field_rows_init (VaultFieldRows *self)
{
  self->rows = g_ptr_array_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("Custom Fields"));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
vault_field_rows_new (void)
{
  return g_object_new (VAULT_TYPE_FIELD_ROWS, NULL);
}
