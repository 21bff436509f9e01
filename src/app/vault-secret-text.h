/* vault-secret-text.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Putting a secret into a password field, and taking it out, without GTK
 * making copies of it on the way.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vault_secret_text_set   (GtkEditable *editable,
                              const char  *secret);
void vault_secret_text_clear (GtkEditable *editable);
void vault_secret_text_use_secure_buffer (GtkEditable *editable);

G_END_DECLS
