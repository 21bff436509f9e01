/* vault-strength-bar.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One meter for every new password (creating a vault, an entry's password):
 * weak is red, fair is amber, good and strong are green (style.css). The
 * bar's values are 0 (nothing typed) and 1 (very weak) to 5 (strong).
 */
#include "config.h"

#include "vault-strength-bar.h"

#include "vault-core.h"

void
vault_strength_bar_init (GtkLevelBar *bar)
{
  g_return_if_fail (GTK_IS_LEVEL_BAR (bar));

  gtk_level_bar_set_min_value (bar, 0);
  gtk_level_bar_set_max_value (bar, VAULT_STRENGTH_STRONG + 1);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (bar, "strength-weak", VAULT_STRENGTH_WEAK + 1);
  gtk_level_bar_add_offset_value (bar, "strength-fair", VAULT_STRENGTH_FAIR + 1);
  gtk_level_bar_add_offset_value (bar, "strength-strong", VAULT_STRENGTH_STRONG + 1);
}
