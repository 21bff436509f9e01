/* vault-icon-button.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flat icon button of a row (copy, show, remove, move), named for
 * screen readers and with the same words as its tooltip.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkWidget *vault_icon_button_new (const char *icon_name,
                                  const char *label);

G_END_DECLS
