/* vault-merge-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reading a copy (vault-store-copy.c) and merging it
 * (vault-store-merge.c) share.
 */
#pragma once

#include "vault-deletions.h"
#include "vault-file.h"
#include "vault-merge.h"

G_BEGIN_DECLS

struct _VaultCopy
{
  char            *path;
  VaultFileHeader *header;
  gboolean         header_differs;
  GPtrArray       *entries;  /* VaultEntry, as the file holds them */
  GHashTable      *by_id;    /* id -> its index in entries + 1: one entry per id */
  VaultDeletions  *deleted;
  VaultFileStamp   stamp;
};

/* Whether header a wins over b (docs/SYNC.md): the later "changed", and at
 * the same second the canonical text that sorts last. */
gboolean vault_merge_header_wins     (const VaultFileHeader *a,
                                      const VaultFileHeader *b);
/* Whether version a of an entry wins over version b of it: the later
 * "modified", and at the same second the content that sorts last. */
gboolean vault_merge_entry_wins      (VaultEntry            *a,
                                      VaultEntry            *b);

G_END_DECLS
