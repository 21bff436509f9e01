/* vault-deletions.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A vault's deletion records: which entry ids were deleted and when, so a
 * merge can tell "deleted here" from "never seen here" (docs/SYNC.md).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How long a record is kept: a device that stays away longer than this
 * brings back the entries deleted meanwhile (docs/SYNC.md). */
#define VAULT_DELETION_KEEP_SECONDS  ((gint64) 3 * 365 * 24 * 60 * 60)
/* Bounds on what a file may hold (docs/FORMAT.md). */
#define VAULT_DELETIONS_MAX          1000000
#define VAULT_DELETION_ID_MAX        256

typedef struct _VaultDeletions VaultDeletions;

typedef void (*VaultDeletionsFunc) (const char *id,
                                    gint64      time,
                                    gpointer    user_data);

VaultDeletions *vault_deletions_new        (void);
VaultDeletions *vault_deletions_copy       (VaultDeletions *self);
void            vault_deletions_free       (VaultDeletions *self);
guint           vault_deletions_size       (VaultDeletions *self);
/* Whether id may be recorded at all (1 to VAULT_DELETION_ID_MAX bytes). */
gboolean        vault_deletions_id_valid   (const char     *id);
/* Keeps the later of the time recorded and time; FALSE when id is not valid. */
gboolean        vault_deletions_add        (VaultDeletions *self,
                                            const char     *id,
                                            gint64          time);
void            vault_deletions_remove     (VaultDeletions *self,
                                            const char     *id);
/* Sets *time and returns TRUE when id has a record. */
gboolean        vault_deletions_lookup     (VaultDeletions *self,
                                            const char     *id,
                                            gint64         *time);
/* Adds every record of other (latest time per id); returns how many
 * records here were added or moved later. */
guint           vault_deletions_unite      (VaultDeletions *self,
                                            VaultDeletions *other);
/* Drops the records older than before; returns how many. */
guint           vault_deletions_expire     (VaultDeletions *self,
                                            gint64          before);
/* Every record, in the order of their ids, so a file's text depends only on
 * the records. */
void            vault_deletions_foreach    (VaultDeletions     *self,
                                            VaultDeletionsFunc  func,
                                            gpointer            user_data);
gboolean        vault_deletions_equal      (VaultDeletions *a,
                                            VaultDeletions *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultDeletions, vault_deletions_free)

G_END_DECLS
