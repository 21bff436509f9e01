/* vault-entry-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the store may change in an entry; nothing else writes to one.
 */
#pragma once

#include "vault-entry.h"

G_BEGIN_DECLS

typedef struct {
  gint64  changed;
  GBytes *sealed;
} VaultHistoryItem;

/* A custom field. Plain fields keep their value as text; concealed ones
 * only sealed, with the AAD "<entry id>\nfield:<field id>". */
typedef struct {
  char     *id;          /* 16 hex digits, random */
  char     *label;
  char     *value;       /* plain fields; NULL when concealed */
  GBytes   *sealed;      /* concealed fields; NULL when plain or empty */
  gboolean  concealed;
  gboolean  searchable;
} VaultEntryField;

/* An entry's fields as read from a file, before the entry exists. */
typedef struct {
  char     *id;
  char     *title;
  char     *username;
  char     *url;
  GStrv     tags;
  gboolean  favourite;
  gint64    created;
  gint64    modified;
  GBytes   *sealed_password;
  GBytes   *sealed_notes;
  GBytes   *sealed_totp;
  GArray   *history; /* of VaultHistoryItem, or NULL */
  GArray   *fields;  /* of VaultEntryField, or NULL */
} VaultEntryData;

void        vault_entry_data_clear     (VaultEntryData     *data);
GArray     *vault_history_new          (void);
/* An empty array of VaultEntryField that frees its fields. */
GArray     *vault_fields_new           (void);

VaultEntry *vault_entry_new            (const char         *id,
                                        gint64              created);
VaultEntry *vault_entry_new_take       (VaultEntryData     *data);
void        vault_entry_set_title      (VaultEntry         *self,
                                        const char         *title);
void        vault_entry_set_username   (VaultEntry         *self,
                                        const char         *username);
void        vault_entry_set_url        (VaultEntry         *self,
                                        const char         *url);
void        vault_entry_set_tags       (VaultEntry         *self,
                                        const char * const *tags);
void        vault_entry_set_favourite  (VaultEntry         *self,
                                        gboolean            favourite);
void        vault_entry_set_modified   (VaultEntry         *self,
                                        gint64              modified);
/* NULL (and *len 0) when the field is empty. */
const guint8 *vault_entry_get_sealed_password (VaultEntry  *self,
                                               gsize       *len);
void        vault_entry_set_sealed_password (VaultEntry    *self,
                                             GBytes        *sealed);
const guint8 *vault_entry_get_sealed_notes    (VaultEntry  *self,
                                               gsize       *len);
void        vault_entry_set_sealed_notes    (VaultEntry    *self,
                                             GBytes        *sealed);
const guint8 *vault_entry_get_sealed_totp     (VaultEntry  *self,
                                               gsize       *len);
void        vault_entry_set_sealed_totp     (VaultEntry    *self,
                                             GBytes        *sealed);
/* NULL when the entry has no custom fields. */
GArray     *vault_entry_get_fields          (VaultEntry    *self);
/* Takes fields (NULL or empty for none). */
void        vault_entry_set_fields          (VaultEntry    *self,
                                             GArray        *fields);
/* For merges: a copy of fields (NULL when none), sharing the sealed bytes;
 * and a fixed total order of two lists' contents, 0 when they are the same. */
GArray     *vault_fields_copy               (GArray        *fields);
int         vault_fields_compare            (GArray        *a,
                                             GArray        *b);
/* NULL when the entry has no history. */
GArray     *vault_entry_get_history         (VaultEntry    *self);
void        vault_entry_add_history         (VaultEntry    *self,
                                             gint64         changed,
                                             GBytes        *sealed);
/* Takes history (NULL or empty: none). */
void        vault_entry_set_history         (VaultEntry    *self,
                                             GArray        *history);
GArray     *vault_history_copy              (GArray        *history);

/* For merges (vault-store-merge.c). These three know every field of an
 * entry: a field added to VaultEntry is added to each of them. */
/* Makes self (same id) a copy of from, field by field, notifying what changed. */
void        vault_entry_assign              (VaultEntry    *self,
                                             VaultEntry    *from);
/* Whether the two hold the same bytes in every field, history included. */
gboolean    vault_entry_same                (VaultEntry    *a,
                                             VaultEntry    *b);
/* A fixed total order of their contents (not modified, not history): the
 * tie-break between two versions changed at the same second. */
int         vault_entry_compare_content     (VaultEntry    *a,
                                             VaultEntry    *b);
VaultEntry *vault_entry_dup                 (VaultEntry    *self);

G_END_DECLS
