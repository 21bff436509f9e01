/* vault-window-size.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The windows' size, as the person left it last time.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vault_window_size_follow (GtkWindow *window,
                               GSettings *settings);

G_END_DECLS
