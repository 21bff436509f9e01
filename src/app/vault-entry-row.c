/* vault-entry-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry in the list. GtkListView (4.8) keeps about 200 rows alive and
 * makes new ones whenever a search changes what is shown, so a row is one
 * template and a bind that sets three widgets, not a GtkBuilder document
 * with expression watches parsed for every row. An entry edited in place
 * keeps its row, so the row follows the entry's notifications.
 */
#include "vault-entry-row.h"

struct _VaultEntryRow
{
  GtkWidget parent_instance;

  /* Template widgets */
  GtkLabel  *title_label;
  GtkLabel  *username_label;
  GtkWidget *favourite_image;

  /* Owned */
  VaultEntry *entry;
};

G_DEFINE_FINAL_TYPE (VaultEntryRow, vault_entry_row, GTK_TYPE_WIDGET)

static void
update (VaultEntryRow *self)
{
  const char *username = vault_entry_get_username (self->entry);

  gtk_label_set_text (self->title_label, vault_entry_get_title (self->entry));
  gtk_label_set_text (self->username_label, username);
  gtk_widget_set_visible (GTK_WIDGET (self->username_label), *username != '\0');
  gtk_widget_set_visible (self->favourite_image, vault_entry_get_favourite (self->entry));
}

static void
set_entry (VaultEntryRow *self,
           VaultEntry    *entry)
{
  if (self->entry != NULL)
    g_signal_handlers_disconnect_by_data (self->entry, self);
  g_set_object (&self->entry, entry);
  if (entry == NULL)
    return;
  g_signal_connect_swapped (entry, "notify", G_CALLBACK (update), self);
  update (self);
}

static void
vault_entry_row_dispose (GObject *object)
{
  VaultEntryRow *self = VAULT_ENTRY_ROW (object);
  GtkWidget *child;

  set_entry (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_ENTRY_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (vault_entry_row_parent_class)->dispose (object);
}

static void
vault_entry_row_class_init (VaultEntryRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = vault_entry_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-entry-row.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultEntryRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryRow, username_label);
  gtk_widget_class_bind_template_child (widget_class, VaultEntryRow, favourite_image);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "vault-entry-row");
}

static void
vault_entry_row_init (VaultEntryRow *self)
{
  GtkBoxLayout *layout;

  gtk_widget_init_template (GTK_WIDGET (self));
  layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_box_layout_set_spacing (layout, 12);
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  gtk_list_item_set_child (item, g_object_new (VAULT_TYPE_ENTRY_ROW, NULL));
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item)
{
  set_entry (VAULT_ENTRY_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  set_entry (VAULT_ENTRY_ROW (gtk_list_item_get_child (item)), NULL);
}

/* The list's factory: a VaultEntryRow for each item. */
GtkListItemFactory *
vault_entry_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), NULL);
  return factory;
}
