/* vault-field-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The entry dialog's custom fields: added, named and renamed, made
 * concealed or searchable, moved up and down, and removed.
 */
#pragma once

#include <adwaita.h>

#include "vault-store.h"

G_BEGIN_DECLS

#define VAULT_TYPE_FIELD_EDITOR (vault_field_editor_get_type ())
G_DECLARE_FINAL_TYPE (VaultFieldEditor, vault_field_editor, VAULT, FIELD_EDITOR,
                      AdwPreferencesGroup)

/* Shows entry's fields (none for NULL). A concealed value stays sealed
 * until its field is opened to be edited. Emits no "changed". */
void            vault_field_editor_load      (VaultFieldEditor *self,
                                              VaultStore       *store,
                                              VaultEntry       *entry);
/* Whether Save may go ahead: every field with a value has a name. */
gboolean        vault_field_editor_is_valid  (VaultFieldEditor *self);
/* The whole list in order, for VaultEntryFields.custom_fields: fields left
 * blank are dropped, an unchanged value is NULL (kept by id, unopened).
 * Its strings are borrowed from the editor (values from secure buffers):
 * use them before returning to the main loop, then g_free the array. */
VaultFieldSpec *vault_field_editor_get_specs (VaultFieldEditor *self,
                                              guint            *n_specs);

G_END_DECLS
