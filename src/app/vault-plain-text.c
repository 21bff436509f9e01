/* vault-plain-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Titles, user names, addresses, tags, notes and error messages are text,
 * never markup: a title such as “<b>Bank</b> & Co” is shown as typed. In
 * libadwaita 1.2 a toast's title is always markup and a row's title and
 * subtitle are markup unless told otherwise; markup that fails to parse
 * would even leave the previous text on screen.
 */
#include "vault-plain-text.h"

/* A toast whose title is shown as plain text. */
AdwToast *
vault_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}

/* A status page's description is markup in libadwaita 1.2. */
void
vault_status_page_set_description_plain (AdwStatusPage *page,
                                         const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  adw_status_page_set_description (page, escaped);
}

/* Long values wrap between any two characters, but never with a hyphen
 * that is not in the text: a password, address or user name must read
 * exactly as it is. */
void
vault_label_set_no_hyphens (GtkLabel *label)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (label, attrs);
  pango_attr_list_unref (attrs);
}

static void
set_labels_no_hyphens (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        vault_label_set_no_hyphens (GTK_LABEL (child));
      else
        set_labels_no_hyphens (child);
    }
}

/* A row whose title and subtitle are shown as plain text, wrapped without
 * hyphens. The row's own labels are reached by walking its children:
 * libadwaita 1.2 has no API for their attributes. Suffixes and prefixes
 * added later are not touched. */
void
vault_row_set_plain (AdwPreferencesRow *row)
{
  adw_preferences_row_set_use_markup (row, FALSE);
  set_labels_no_hyphens (GTK_WIDGET (row));
}
