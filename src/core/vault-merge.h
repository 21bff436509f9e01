/* vault-merge.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging another version of the open vault (a sync engine's copy or conflict
 * copy) into it, entry by entry, by the rules of docs/SYNC.md.
 */
#pragma once

#include <gio/gio.h>

#include "vault-store.h"

G_BEGIN_DECLS

typedef struct _VaultCopy VaultCopy;  /* another version of this vault, read but not merged */

typedef struct {
  guint      added;          /* entries that came from the other copy */
  guint      updated;        /* entries here replaced by a newer version there */
  guint      deleted;        /* entries here removed by a newer deletion there */
  gboolean   header_changed; /* the other copy's newer header (password, recovery key) is now this vault's */
  GPtrArray *added_titles, *updated_titles, *deleted_titles; /* char*, for the CLI's listing */
  gboolean   changed;        /* anything at all changed, deletion records included: save */
} VaultMergeReport;

/* A report starts zeroed ({ 0, }); merging several copies into one report
 * adds them up. */
void vault_merge_report_clear (VaultMergeReport *report);

/* Reads and opens path, another version of the open vault (same vault id, else
 * VAULT_ERROR_OTHER_VAULT "… belongs to another vault"), WITHOUT touching the
 * store's entries: thread-safe w.r.t. the model, so the app runs it in a worker.
 * The copy is opened with this store's vault key (its header MAC checked with the
 * Secret Key when the store has one; its payload authenticated under its own header).
 * Damaged: VAULT_ERROR_DAMAGED; newer format: VAULT_ERROR_NEWER_FORMAT; the store
 * is never changed.
 * other_password: NULL, or a password to prove that a DIFFERENT key-material header
 * in the copy, one that would win the merge (newer), wraps this vault's key (the KDF
 * runs only then); if it does not open that slot: VAULT_ERROR_WRONG_KEY (the
 * contract's "WRONG_PASSWORD"; the CLI then reads a second line). */
VaultCopy *vault_store_read_copy        (VaultStore          *self,
                                         const char          *path,
                                         const char          *other_password,
                                         GCancellable        *cancellable,
                                         GError             **error);
void       vault_store_read_copy_async  (VaultStore          *self,
                                         const char          *path,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
VaultCopy *vault_store_read_copy_finish (VaultStore          *self,
                                         GAsyncResult        *result,
                                         GError             **error);
void       vault_copy_free              (VaultCopy           *copy);
/* Whether the copy's key material (salt, iterations, slots) differs from the store's. */
gboolean   vault_copy_header_differs    (VaultCopy           *copy);
const char *vault_copy_get_path         (VaultCopy           *copy);

/* Merges copy into the store in memory (main thread), by the rules of docs/SYNC.md;
 * entries changed in place (same VaultEntry objects, items-changed emitted for them),
 * new ones inserted, deleted ones removed; when the copy is the store's own file (its
 * path), the store's file stamp becomes the copy's, so the next save replaces exactly
 * the version that was merged. Caller saves. Returns FALSE only on a real error
 * (e.g. a sealed field that does not open: damaged). */
gboolean   vault_store_merge_copy       (VaultStore          *self,
                                         VaultCopy           *copy,
                                         VaultMergeReport    *report,
                                         GError             **error);
/* After merging COPY: whether it lacks anything the store now holds (an
 * entry, a newer version, history, a deletion record, newer key material),
 * that is whether the store must be saved over it. */
gboolean   vault_store_copy_lacks_merged (VaultStore         *self,
                                          VaultCopy          *copy);
/* read + merge, for the CLI and tests */
gboolean   vault_store_merge_file       (VaultStore          *self,
                                         const char          *path,
                                         const char          *other_password,
                                         VaultMergeReport    *report,
                                         GCancellable        *cancellable,
                                         GError             **error);

/* Conflict copies beside the vault (vault-conflicts.c): Syncthing
 * `<stem>.sync-conflict-YYYYMMDD-HHMMSS-DEVICEID<.ext>`, Nextcloud/ownCloud/Dropbox
 * `<stem> (conflicted copy …)<.ext>` / `<stem> (… conflicted copy …)<.ext>`, and the
 * generic `<stem> (N)<.ext>` / `<stem>-N<.ext>` (generic ones only if they carry the
 * same vault id — checked by the reader, not by the name); and the engines' own names
 * for a conflict of the backup, `<name>.bak` (an older version of the same vault, when
 * the engine was not told to leave it). Sorted by name. */
GPtrArray *vault_conflict_copies_find      (const char  *vault_path);   /* char* paths */
gboolean   vault_conflict_copy_is_generic  (const char  *copy_path);
/* Moves a merged copy to $XDG_STATE_HOME/com.example.Vault/merged/ (device-local, never
 * inside the synced folder), keeping its name with a time prefix; returns the new path. */
char      *vault_conflict_copy_put_away    (const char  *copy_path,
                                            GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultCopy, vault_copy_free)

G_END_DECLS
