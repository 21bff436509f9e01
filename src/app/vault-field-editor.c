/* vault-field-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Custom fields in the entry dialog, one expander row each: its name and
 * value, whether it is concealed (and, if not, searchable) inside; moving
 * and removing it on the row itself, where the keyboard reaches them. A
 * concealed value is typed into GTK's secure password buffer; an existing
 * one is opened only when its row is expanded to be edited, and given back
 * to the store as "unchanged" (by id, unopened) unless it was edited.
 */
#include "config.h"

#include "vault-field-editor.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vault-core.h"
#include "vault-icon-button.h"
#include "vault-plain-text.h"
#include "vault-secret-text.h"

/* --- One field ------------------------------------------------------------------ */

#define VAULT_TYPE_FIELD_ITEM (vault_field_item_get_type ())
G_DECLARE_FINAL_TYPE (VaultFieldItem, vault_field_item, VAULT, FIELD_ITEM, AdwExpanderRow)

struct _VaultFieldItem
{
  AdwExpanderRow parent_instance;

  /* Children */
  AdwEntryRow         *name_row;
  AdwEntryRow         *value_row;      /* a plain value */
  AdwPasswordEntryRow *secret_row;     /* a concealed value */
  GtkSwitch           *concealed_switch;
  AdwActionRow        *searchable_row;
  GtkSwitch           *searchable_switch;
  GtkWidget           *up_button;
  GtkWidget           *down_button;

  /* Owned */
  char                *id;             /* NULL: a new field */
  char                *name;           /* what name_row holds, stripped */

  /* Borrowed */
  VaultFieldEditor    *editor;

  gboolean             loaded;         /* the value is in its row */
  gboolean             value_changed;  /* …and was edited since */
  gboolean             filling;        /* rows being filled, not edited */
};

G_DEFINE_FINAL_TYPE (VaultFieldItem, vault_field_item, ADW_TYPE_EXPANDER_ROW)

struct _VaultFieldEditor
{
  AdwPreferencesGroup parent_instance;

  /* Children */
  GtkWidget  *add_button;
  GtkLabel   *error_label;

  /* Owned */
  VaultStore *store;
  VaultEntry *entry;
  GPtrArray  *items;     /* VaultFieldItem, in order */
};

G_DEFINE_FINAL_TYPE (VaultFieldEditor, vault_field_editor, ADW_TYPE_PREFERENCES_GROUP)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void editor_changed (VaultFieldEditor *self);
static void editor_move    (VaultFieldEditor *self,
                            VaultFieldItem   *item,
                            int               by);
static void editor_remove  (VaultFieldEditor *self,
                            VaultFieldItem   *item);

static gboolean
item_is_concealed (VaultFieldItem *item)
{
  return gtk_switch_get_active (item->concealed_switch);
}

static const char *
item_value (VaultFieldItem *item)
{
  return gtk_editable_get_text (item_is_concealed (item) ? GTK_EDITABLE (item->secret_row)
                                                         : GTK_EDITABLE (item->value_row));
}

/* A new field left with no name and no value: dropped on save. */
static gboolean
item_is_blank (VaultFieldItem *item)
{
  return item->id == NULL && *item->name == '\0' && *item_value (item) == '\0';
}

static gboolean
item_is_valid (VaultFieldItem *item)
{
  return *item->name != '\0' || item_is_blank (item);
}

/* The header says what the field is without opening it. */
static void
item_update_header (VaultFieldItem *item)
{
  gboolean concealed = item_is_concealed (item);
  g_autofree char *preview = NULL;
  const char *title = *item->name ? item->name : _("Unnamed Field");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item), title);
  /* The row is named for screen readers too, not only its header. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  if (concealed)
    preview = g_strdup (_("Concealed"));
  else
    {
      const char *value = item_value (item);
      const char *end = strchr (value, '\n');

      preview = end ? g_strndup (value, end - value) : g_strdup (value);
    }
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (item), preview);
  gtk_widget_set_visible (GTK_WIDGET (item->value_row), !concealed);
  gtk_widget_set_visible (GTK_WIDGET (item->secret_row), concealed);
  gtk_widget_set_visible (GTK_WIDGET (item->searchable_row), !concealed);

  if (item_is_valid (item))
    gtk_widget_remove_css_class (GTK_WIDGET (item->name_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (item->name_row), "error");
}

/* Opens an existing concealed value into its secure field, to edit it. */
static void
item_load (VaultFieldItem *item)
{
  VaultFieldEditor *editor = item->editor;
  g_autoptr(VaultSecureBuf) value = NULL;
  g_autoptr(GError) error = NULL;
  int index = -1;

  if (item->loaded)
    return;
  for (guint i = 0; editor->entry != NULL && i < vault_entry_get_n_fields (editor->entry); i++)
    if (g_strcmp0 (vault_entry_get_field_id (editor->entry, i), item->id) == 0)
      index = (int) i;
  if (index < 0)
    return;

  value = vault_store_reveal_field (editor->store, editor->entry, index, &error);
  if (value == NULL)
    {
      /* Left empty and unchanged: the sealed value is kept as it is. */
      g_warning ("A custom field could not be opened: %s", error->message);
      return;
    }
  item->filling = TRUE;
  vault_secret_text_set (GTK_EDITABLE (item->secret_row), vault_secure_buf_get_string (value));
  item->filling = FALSE;
  item->loaded = TRUE;
}

static void
on_expanded (VaultFieldItem *item)
{
  if (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (item)))
    item_load (item);
}

static void
on_name_changed (VaultFieldItem *item)
{
  g_free (item->name);
  item->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (item->name_row))));
  item_update_header (item);
  if (!item->filling)
    editor_changed (item->editor);
}

static void
on_value_changed (VaultFieldItem *item)
{
  if (item->filling)
    return;
  item->value_changed = TRUE;
  item_update_header (item);
  editor_changed (item->editor);
}

/* The value moves to the other kind of field: concealed text lives only in
 * the secure one. */
static void
on_concealed_toggled (VaultFieldItem *item)
{
  gboolean concealed = item_is_concealed (item);

  if (item->filling)
    return;
  item_load (item);
  if (!item->loaded)
    {
      /* Not opened: moving nothing would lose the value. */
      item->filling = TRUE;
      gtk_switch_set_active (item->concealed_switch, !concealed);
      item->filling = FALSE;
      return;
    }
  item->filling = TRUE;
  if (concealed)
    {
      vault_secret_text_set (GTK_EDITABLE (item->secret_row),
                             gtk_editable_get_text (GTK_EDITABLE (item->value_row)));
      gtk_editable_set_text (GTK_EDITABLE (item->value_row), "");
      gtk_switch_set_active (item->searchable_switch, FALSE);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (item->value_row),
                             gtk_editable_get_text (GTK_EDITABLE (item->secret_row)));
      vault_secret_text_clear (GTK_EDITABLE (item->secret_row));
    }
  item->filling = FALSE;
  item->loaded = TRUE;
  item->value_changed = TRUE;
  item_update_header (item);
  editor_changed (item->editor);
}

static void
on_searchable_toggled (VaultFieldItem *item)
{
  if (!item->filling)
    editor_changed (item->editor);
}

static void
on_up_clicked (VaultFieldItem *item)
{
  editor_move (item->editor, item, -1);
}

static void
on_down_clicked (VaultFieldItem *item)
{
  editor_move (item->editor, item, 1);
}

static void
on_remove_clicked (VaultFieldItem *item)
{
  editor_remove (item->editor, item);
}

static void
vault_field_item_dispose (GObject *object)
{
  VaultFieldItem *item = VAULT_FIELD_ITEM (object);

  /* Nothing is told of the rows going. */
  if (item->secret_row != NULL)
    {
      g_signal_handlers_disconnect_by_data (item->name_row, item);
      g_signal_handlers_disconnect_by_data (item->value_row, item);
      g_signal_handlers_disconnect_by_data (item->secret_row, item);
      g_signal_handlers_disconnect_by_data (item->concealed_switch, item);
      g_signal_handlers_disconnect_by_data (item->searchable_switch, item);
      vault_secret_text_clear (GTK_EDITABLE (item->secret_row));
      item->secret_row = NULL;
    }
  G_OBJECT_CLASS (vault_field_item_parent_class)->dispose (object);
}

static void
vault_field_item_finalize (GObject *object)
{
  VaultFieldItem *item = VAULT_FIELD_ITEM (object);

  g_free (item->id);
  g_free (item->name);
  G_OBJECT_CLASS (vault_field_item_parent_class)->finalize (object);
}

static void
vault_field_item_class_init (VaultFieldItemClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_field_item_dispose;
  G_OBJECT_CLASS (klass)->finalize = vault_field_item_finalize;
}

static GtkSwitch *
add_switch_row (VaultFieldItem  *item,
                const char      *title,
                const char      *subtitle,
                AdwActionRow   **row_out)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item), row);
  if (row_out != NULL)
    *row_out = ADW_ACTION_ROW (row);
  return GTK_SWITCH (toggle);
}

static void
vault_field_item_init (VaultFieldItem *item)
{
  GtkWidget *remove;
  GtkWidget *bar;
  GtkWidget *row;

  item->name = g_strdup ("");
  vault_row_set_plain (ADW_PREFERENCES_ROW (item));

  item->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->name_row), _("Name"));
  g_signal_connect_swapped (item->name_row, "changed", G_CALLBACK (on_name_changed), item);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item), GTK_WIDGET (item->name_row));

  item->value_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->value_row), _("Value"));
  g_signal_connect_swapped (item->value_row, "changed", G_CALLBACK (on_value_changed), item);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item), GTK_WIDGET (item->value_row));

  item->secret_row = ADW_PASSWORD_ENTRY_ROW (adw_password_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (item->secret_row), _("Value"));
  vault_secret_text_use_secure_buffer (GTK_EDITABLE (item->secret_row));
  g_signal_connect_swapped (item->secret_row, "changed", G_CALLBACK (on_value_changed), item);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item), GTK_WIDGET (item->secret_row));

  item->concealed_switch = add_switch_row (item, _("Concealed"),
                                           _("Shown as dots until revealed, never searched"),
                                           NULL);
  g_signal_connect_swapped (item->concealed_switch, "notify::active",
                            G_CALLBACK (on_concealed_toggled), item);
  item->searchable_switch = add_switch_row (item, _("Searchable"),
                                            _("Searching for the value finds this entry"),
                                            &item->searchable_row);
  g_signal_connect_swapped (item->searchable_switch, "notify::active",
                            G_CALLBACK (on_searchable_toggled), item);

  /* Moving and removing: inside the field, where the arrows are not
   * mistaken for the row's own expander arrow, and narrow enough for a
   * phone. */
  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  gtk_widget_set_margin_start (bar, 6);
  gtk_widget_set_margin_end (bar, 6);
  item->up_button = vault_icon_button_new ("go-up-symbolic", _("Move Up"));
  g_signal_connect_swapped (item->up_button, "clicked", G_CALLBACK (on_up_clicked), item);
  gtk_box_append (GTK_BOX (bar), item->up_button);
  item->down_button = vault_icon_button_new ("go-down-symbolic", _("Move Down"));
  g_signal_connect_swapped (item->down_button, "clicked", G_CALLBACK (on_down_clicked), item);
  gtk_box_append (GTK_BOX (bar), item->down_button);
  remove = gtk_button_new_with_label (_("Remove Field"));
  gtk_widget_set_hexpand (remove, TRUE);
  gtk_widget_set_halign (remove, GTK_ALIGN_END);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_add_css_class (remove, "error");
  g_signal_connect_swapped (remove, "clicked", G_CALLBACK (on_remove_clicked), item);
  gtk_box_append (GTK_BOX (bar), remove);
  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), bar);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (item), row);

  g_signal_connect (item, "notify::expanded", G_CALLBACK (on_expanded), NULL);
}

/* A field of entry (index), or a new one for index < 0. */
static VaultFieldItem *
vault_field_item_new (VaultFieldEditor *editor,
                      VaultEntry       *entry,
                      int               index)
{
  VaultFieldItem *item = g_object_new (VAULT_TYPE_FIELD_ITEM, NULL);

  item->editor = editor;
  item->filling = TRUE;
  if (index >= 0)
    {
      gboolean concealed = vault_entry_get_field_concealed (entry, index);

      item->id = g_strdup (vault_entry_get_field_id (entry, index));
      gtk_editable_set_text (GTK_EDITABLE (item->name_row),
                             vault_entry_get_field_label (entry, index));
      gtk_switch_set_active (item->concealed_switch, concealed);
      if (!concealed)
        {
          gtk_editable_set_text (GTK_EDITABLE (item->value_row),
                                 vault_entry_get_field_value (entry, index));
          gtk_switch_set_active (item->searchable_switch,
                                 vault_entry_get_field_searchable (entry, index));
        }
      item->loaded = !concealed;
    }
  else
    item->loaded = TRUE;
  item->filling = FALSE;
  item_update_header (item);
  return item;
}

/* --- The list ---------------------------------------------------------------------- */

static void
update_list (VaultFieldEditor *self)
{
  gboolean valid = TRUE;

  for (guint i = 0; i < self->items->len; i++)
    {
      VaultFieldItem *item = g_ptr_array_index (self->items, i);

      gtk_widget_set_sensitive (item->up_button, i > 0);
      gtk_widget_set_sensitive (item->down_button, i + 1 < self->items->len);
      valid = valid && item_is_valid (item);
    }
  gtk_widget_set_sensitive (self->add_button, self->items->len < VAULT_MAX_FIELDS);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid);
}

static void
editor_changed (VaultFieldEditor *self)
{
  update_list (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* AdwPreferencesGroup 1.2 cannot move a row: every row goes and comes back
 * in the new order (the items array keeps them alive meanwhile). */
static void
relayout (VaultFieldEditor *self)
{
  for (guint i = 0; i < self->items->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->items->pdata[i]);
  for (guint i = 0; i < self->items->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->items->pdata[i]);
}

static void
editor_move (VaultFieldEditor *self,
             VaultFieldItem   *item,
             int               by)
{
  guint index;
  guint to;

  if (!g_ptr_array_find (self->items, item, &index))
    return;
  to = index + by;
  if ((by < 0 && index == 0) || to >= self->items->len)
    return;
  self->items->pdata[index] = self->items->pdata[to];
  self->items->pdata[to] = item;
  relayout (self);
  editor_changed (self);
  /* The keyboard stays on the button pressed, or on its twin once the
   * field reached an end of the list. */
  if (gtk_widget_get_sensitive (by < 0 ? item->up_button : item->down_button))
    gtk_widget_grab_focus (by < 0 ? item->up_button : item->down_button);
  else
    gtk_widget_grab_focus (by < 0 ? item->down_button : item->up_button);
}

static void
editor_remove (VaultFieldEditor *self,
               VaultFieldItem   *item)
{
  guint index;

  if (!g_ptr_array_find (self->items, item, &index))
    return;
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (item));
  g_ptr_array_remove_index (self->items, index);
  editor_changed (self);
  gtk_widget_grab_focus (self->items->len > 0
                         ? GTK_WIDGET (self->items->pdata[MIN (index, self->items->len - 1)])
                         : self->add_button);
}

static void
add_item (VaultFieldEditor *self,
          VaultFieldItem   *item)
{
  g_ptr_array_add (self->items, g_object_ref_sink (item));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (item));
}

static void
on_add_clicked (VaultFieldEditor *self)
{
  VaultFieldItem *item = vault_field_item_new (self, NULL, -1);

  add_item (self, item);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (item), TRUE);
  editor_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (item->name_row));
}

static void
clear_items (VaultFieldEditor *self)
{
  for (guint i = 0; i < self->items->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), self->items->pdata[i]);
  g_ptr_array_set_size (self->items, 0);
}

void
vault_field_editor_load (VaultFieldEditor *self,
                         VaultStore       *store,
                         VaultEntry       *entry)
{
  guint n;

  g_return_if_fail (VAULT_IS_FIELD_EDITOR (self));

  clear_items (self);
  g_set_object (&self->store, store);
  g_set_object (&self->entry, entry);
  n = entry != NULL ? vault_entry_get_n_fields (entry) : 0;
  for (guint i = 0; i < n; i++)
    add_item (self, vault_field_item_new (self, entry, (int) i));
  update_list (self);
}

gboolean
vault_field_editor_is_valid (VaultFieldEditor *self)
{
  g_return_val_if_fail (VAULT_IS_FIELD_EDITOR (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    if (!item_is_valid (self->items->pdata[i]))
      return FALSE;
  return TRUE;
}

VaultFieldSpec *
vault_field_editor_get_specs (VaultFieldEditor *self,
                              guint            *n_specs)
{
  VaultFieldSpec *specs;
  guint n = 0;

  g_return_val_if_fail (VAULT_IS_FIELD_EDITOR (self), NULL);
  g_return_val_if_fail (n_specs != NULL, NULL);

  specs = g_new0 (VaultFieldSpec, self->items->len + 1);
  for (guint i = 0; i < self->items->len; i++)
    {
      VaultFieldItem *item = self->items->pdata[i];
      VaultFieldSpec *spec = &specs[n];

      if (item_is_blank (item))
        continue;
      spec->id = item->id;
      spec->label = item->name;
      spec->concealed = item_is_concealed (item);
      spec->searchable = !spec->concealed && gtk_switch_get_active (item->searchable_switch);
      spec->value = item->id != NULL && !item->value_changed ? NULL : item_value (item);
      n++;
    }
  *n_specs = n;
  return specs;
}

/* --- GObject ----------------------------------------------------------------------- */

static void
vault_field_editor_dispose (GObject *object)
{
  VaultFieldEditor *self = VAULT_FIELD_EDITOR (object);

  if (self->items != NULL)
    clear_items (self);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_object (&self->entry);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (vault_field_editor_parent_class)->dispose (object);
}

static void
vault_field_editor_class_init (VaultFieldEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_field_editor_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vault_field_editor_init (VaultFieldEditor *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (self);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  adw_preferences_group_set_title (group, _("Custom Fields"));
  adw_preferences_group_set_description (group, _("A PIN, a security question, an account "
                                                  "number…"));

  gtk_box_append (GTK_BOX (content), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (content), gtk_label_new (_("Add Field")));
  self->add_button = gtk_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->add_button), content);
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add Field"), -1);
  g_signal_connect_swapped (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_preferences_group_set_header_suffix (group, self->add_button);

  self->error_label = GTK_LABEL (gtk_label_new (_("A field with a value needs a name.")));
  gtk_label_set_xalign (self->error_label, 0);
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  adw_preferences_group_add (group, GTK_WIDGET (self->error_label));
}
