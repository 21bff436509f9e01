/* vault-icon-button.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An icon alone says nothing to a screen reader, nor to the end-to-end
 * tests that find buttons by name: each gets its label as accessible name
 * and tooltip.
 */
#include "config.h"

#include "vault-icon-button.h"

GtkWidget *
vault_icon_button_new (const char *icon_name,
                       const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  return button;
}
