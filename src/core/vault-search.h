/* vault-search.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search over entries' overview fields, case-insensitive and independent of
 * Unicode normalisation. Secrets are never searched.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VaultEntry VaultEntry;
typedef struct _VaultSearchQuery VaultSearchQuery;

char             *vault_search_normalize      (const char       *text);

VaultSearchQuery *vault_search_query_new      (const char       *text);
gboolean          vault_search_query_is_empty (VaultSearchQuery *query);
gboolean          vault_search_query_matches  (VaultSearchQuery *query,
                                               VaultEntry       *entry);
gboolean          vault_search_query_matches_key (VaultSearchQuery *query,
                                                  const char       *search_key);
/* Whether every entry that matches query also matches narrower: true when
 * narrower is query with more typed after it, so a list already filtered
 * by query need only be filtered further. NULL is the empty query. */
gboolean          vault_search_query_narrows  (VaultSearchQuery *query,
                                               VaultSearchQuery *narrower);
void              vault_search_query_free     (VaultSearchQuery *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultSearchQuery, vault_search_query_free)

G_END_DECLS
