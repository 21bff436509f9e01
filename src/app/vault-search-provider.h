/* vault-search-provider.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GNOME Shell search provider.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VaultApplication VaultApplication;

#define VAULT_TYPE_SEARCH_PROVIDER (vault_search_provider_get_type ())
G_DECLARE_FINAL_TYPE (VaultSearchProvider, vault_search_provider, VAULT, SEARCH_PROVIDER,
                      GObject)

#define VAULT_SEARCH_PROVIDER_PATH "/com/example/Vault/SearchProvider"
#define VAULT_SEARCH_LOCKED_ID     "locked"

VaultSearchProvider *vault_search_provider_new      (VaultApplication    *app);
gboolean             vault_search_provider_export   (VaultSearchProvider *self,
                                                     GDBusConnection     *connection,
                                                     GError             **error);
void                 vault_search_provider_unexport (VaultSearchProvider *self);

G_END_DECLS
