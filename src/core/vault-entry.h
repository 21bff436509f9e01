/* vault-entry.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One login in a vault: plain overview fields, and secrets that stay sealed
 * until the store opens one of them.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define VAULT_TYPE_ENTRY (vault_entry_get_type ())
G_DECLARE_FINAL_TYPE (VaultEntry, vault_entry, VAULT, ENTRY, GObject)

const char         *vault_entry_get_id             (VaultEntry *self);
const char         *vault_entry_get_title          (VaultEntry *self);
const char         *vault_entry_get_username       (VaultEntry *self);
const char         *vault_entry_get_url            (VaultEntry *self);
const char * const *vault_entry_get_tags           (VaultEntry *self);
gboolean            vault_entry_get_favourite      (VaultEntry *self);
gint64              vault_entry_get_created        (VaultEntry *self);
gint64              vault_entry_get_modified       (VaultEntry *self);
gboolean            vault_entry_has_notes          (VaultEntry *self);
gboolean            vault_entry_has_password       (VaultEntry *self);
guint               vault_entry_get_history_length (VaultEntry *self);
gint64              vault_entry_get_history_time   (VaultEntry *self,
                                                    guint       index);
/* Whether the entry holds a one-time code secret (sealed: see
 * vault_store_get_totp_code). */
gboolean            vault_entry_has_totp           (VaultEntry *self);
/* Custom fields, in their order. A field's id is random, stable across
 * renames and moves; a concealed field's value stays sealed (see
 * vault_store_reveal_field), so get_field_value gives NULL for it. */
guint               vault_entry_get_n_fields       (VaultEntry *self);
const char         *vault_entry_get_field_id       (VaultEntry *self,
                                                    guint       index);
const char         *vault_entry_get_field_label    (VaultEntry *self,
                                                    guint       index);
const char         *vault_entry_get_field_value    (VaultEntry *self,
                                                    guint       index);
gboolean            vault_entry_get_field_concealed  (VaultEntry *self,
                                                      guint       index);
gboolean            vault_entry_get_field_searchable (VaultEntry *self,
                                                      guint       index);
/* The index of the first field of that label (exactly), or -1. */
int                 vault_entry_find_field         (VaultEntry *self,
                                                    const char *label);
const char         *vault_entry_get_search_key     (VaultEntry *self);
const char         *vault_entry_get_sort_key       (VaultEntry *self);
int                 vault_sort_key_compare         (const char *a,
                                                    const char *b);

G_END_DECLS
