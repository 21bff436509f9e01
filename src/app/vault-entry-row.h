/* vault-entry-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry in the list: its title, its user name and a star for a favourite.
 */
#pragma once

#include <gtk/gtk.h>

#include "vault-core.h"

G_BEGIN_DECLS

#define VAULT_TYPE_ENTRY_ROW (vault_entry_row_get_type ())
G_DECLARE_FINAL_TYPE (VaultEntryRow, vault_entry_row, VAULT, ENTRY_ROW, GtkWidget)

GtkListItemFactory *vault_entry_row_factory_new (void);

G_END_DECLS
