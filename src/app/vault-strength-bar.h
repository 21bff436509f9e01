/* vault-strength-bar.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The strength meter under a new password, in the HIG's colours.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void vault_strength_bar_init (GtkLevelBar *bar);

G_END_DECLS
