/* vault-secret-text.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets go into a field's GtkPasswordEntryBuffer directly, not through
 * GtkEditable: GTK 4.8 sends every text that passes through GtkEditable
 * (inserted, and deleted when a field is cleared) to all accessibility
 * clients as a TextChanged event, leaving copies in this process's D-Bus
 * messages and handing the secret to other processes on the bus.
 */
#include "config.h"

#include "vault-secret-text.h"

static GtkEntryBuffer *
get_buffer (GtkEditable *editable)
{
  GtkEditable *delegate;

  if (GTK_IS_ENTRY (editable))
    return gtk_entry_get_buffer (GTK_ENTRY (editable));
  if (GTK_IS_TEXT (editable))
    return gtk_text_get_buffer (GTK_TEXT (editable));

  /* GtkPasswordEntry and the like hold a GtkText. */
  delegate = gtk_editable_get_delegate (editable);
  g_return_val_if_fail (delegate != NULL, NULL);
  return get_buffer (delegate);
}

/* Gives a field (a GtkEntry, a GtkText, or a widget holding one, such as
 * AdwPasswordEntryRow) GTK's secure password buffer in place of its plain
 * one: non-pageable memory, wiped when freed. */
void
vault_secret_text_use_secure_buffer (GtkEditable *editable)
{
  g_autoptr(GtkEntryBuffer) buffer = NULL;

  g_return_if_fail (GTK_IS_EDITABLE (editable));

  while (!GTK_IS_ENTRY (editable) && !GTK_IS_TEXT (editable))
    {
      editable = gtk_editable_get_delegate (editable);
      g_return_if_fail (editable != NULL);
    }

  buffer = gtk_password_entry_buffer_new ();
  if (GTK_IS_ENTRY (editable))
    gtk_entry_set_buffer (GTK_ENTRY (editable), buffer);
  else
    gtk_text_set_buffer (GTK_TEXT (editable), buffer);
}

void
vault_secret_text_set (GtkEditable *editable,
                       const char  *secret)
{
  GtkEntryBuffer *buffer;

  g_return_if_fail (GTK_IS_EDITABLE (editable));
  g_return_if_fail (secret != NULL);

  buffer = get_buffer (editable);
  g_return_if_fail (buffer != NULL);
  gtk_entry_buffer_set_text (buffer, secret, -1);
}

void
vault_secret_text_clear (GtkEditable *editable)
{
  vault_secret_text_set (editable, "");
}
