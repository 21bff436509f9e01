/* vault-store-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The open vault's state, shared by the files that make up VaultStore.
 */
#pragma once

#include "vault-deletions.h"
#include "vault-entry-list.h"
#include "vault-file.h"
#include "vault-store.h"

G_BEGIN_DECLS

struct _VaultStore
{
  GObject parent_instance;

  /* Owned */
  char            *path;
  VaultFileHeader *header;       /* id, KDF and key slots, as the file has them */
  VaultSecureBuf  *secret_key;   /* NULL after a recovery-key unlock */
  VaultSecureBuf  *vault_key;
  VaultSecureBuf  *payload_key;
  VaultSecureBuf  *field_key;
  VaultEntryList  *entries;
  VaultDeletions  *deleted;      /* deletion records (docs/SYNC.md) */
  gboolean         locked;

  /* Every search key in one buffer, in model order, so a search reads
   * memory in sequence instead of visiting 100,000 objects; rebuilt on the
   * first search after a change. */
  char            *index_text;
  GArray          *index_offsets; /* guint32, one per entry */
  gboolean         secret_key_replaced;

  /* The file as read or last written, to notice another program saving. */
  VaultFileStamp   stamp;
};

gboolean vault_store_check_unlocked  (VaultStore    *self,
                                      GError       **error);
gboolean vault_store_find_secret_key (VaultStore    *self,
                                      GCancellable  *cancellable,
                                      GError       **error);
char    *vault_store_field_aad       (const char    *id,
                                      const char    *field);
GBytes  *vault_store_seal_field      (VaultStore    *self,
                                      VaultEntry    *entry,
                                      const char    *field,
                                      const char    *value);
VaultSecureBuf *vault_store_open_field (VaultStore  *self,
                                        VaultEntry  *entry,
                                        const char  *field,
                                        const guint8 *data,
                                        gsize        len,
                                        GError     **error);
/* The one-time code and custom fields of VaultEntryFields
 * (vault-store-fields.c): checked before anything changes (entry NULL when
 * adding), then applied. */
gboolean vault_store_check_extras    (VaultStore    *self,
                                      VaultEntry    *entry,
                                      const VaultEntryFields *fields,
                                      GError       **error);
void     vault_store_apply_extras    (VaultStore    *self,
                                      VaultEntry    *entry,
                                      const VaultEntryFields *fields);
/* "field:<field id>", the name a concealed field is sealed under. */
char    *vault_store_custom_field_name (const char  *field_id);
void     vault_store_drop_search_index  (VaultStore  *self);
void     vault_store_build_search_index (VaultStore  *self,
                                         VaultEntry **entries,
                                         guint        n);

G_END_DECLS
