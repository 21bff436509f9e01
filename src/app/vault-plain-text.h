/* vault-plain-text.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Showing what a person typed exactly as typed, in widgets that parse markup.
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

AdwToast *vault_toast_new_plain     (const char        *text);
void      vault_row_set_plain       (AdwPreferencesRow *row);
void      vault_label_set_no_hyphens (GtkLabel         *label);
void      vault_status_page_set_description_plain (AdwStatusPage *page,
                                                   const char    *text);

G_END_DECLS
