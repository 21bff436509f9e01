/* vault-copy.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copying from a widget of the entry-list window, as its own copy buttons
 * do: secrets with the app's clipboard clearing, and a toast that says so.
 */
#pragma once

#include <gtk/gtk.h>

#include "vault-secure.h"

G_BEGIN_DECLS

/* Puts secret on the clipboard of widget's display, marked secret and
 * cleared after the app's delay, which it returns (0: not copied, widget
 * is in no window of the app). */
guint vault_copy_secret (GtkWidget            *widget,
                         const VaultSecureBuf *secret);
/* Plain text, kept as anything else copied. */
void  vault_copy_text   (GtkWidget            *widget,
                         const char           *text);
/* A toast of message in widget's window, shown for timeout seconds. */
void  vault_copy_toast  (GtkWidget            *widget,
                         const char           *message,
                         guint                 timeout);

G_END_DECLS
