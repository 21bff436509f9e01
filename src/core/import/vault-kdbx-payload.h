/* vault-kdbx-payload.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the payload reader (vault-kdbx-payload.c: the inner header, feeding
 * GMarkup) and the XML reader (vault-kdbx-xml.c: elements into entries)
 * share: the reader's state.
 */
#pragma once

#include "vault-kdbx-format.h"

G_BEGIN_DECLS

/* The elements the reader acts on; every other one is EL_OTHER. */
typedef enum {
  EL_OTHER,
  EL_FILE,
  EL_META,
  EL_HEADER_HASH,
  EL_RECYCLE_ENABLED,
  EL_RECYCLE_UUID,
  EL_ROOT,
  EL_GROUP,
  EL_GROUP_UUID,
  EL_GROUP_NAME,
  EL_ENTRY,
  EL_TAGS,
  EL_TIMES,
  EL_CREATED,
  EL_MODIFIED,
  EL_STRING,
  EL_KEY,
  EL_VALUE,
  EL_BINARY,
  EL_HISTORY,
} VaultKdbxElement;

enum {
  FLAG_PROTECTED = 1 << 0,           /* Protected="True": hidden by the inner stream */
  FLAG_PROTECT_IN_MEMORY = 1 << 1,   /* ProtectInMemory="True": plain, but a secret */
};

typedef struct {
  char     *name;
  char     *path;                             /* "Work/Mail"; NULL until an entry asks */
  gboolean  recycled;                         /* the recycle bin or a group in it */
} VaultKdbxGroup;

/* One password of an entry's <History>: the last version that had it
 * (changed), and when the first version that had it was written (first). */
typedef struct {
  gint64 changed;
  gint64 first;
  gsize  offset;                              /* of its password, in history_text */
  gsize  len;
} VaultKdbxHistoryItem;

struct _VaultKdbxPayload
{
  VaultImport          *import;               /* borrowed */
  guint                 major;
  guint64               total;                /* bytes fed so far */

  /* KDBX 4 inner header */
  gboolean              in_xml;
  guint8                head[5];
  guint                 head_len;
  guint32               field_len;
  guint32               field_done;
  guint8                stream_id_bytes[4];
  gboolean              have_stream_id;
  VaultSecureBuf       *stream_key;
  VaultKdbxStream      *stream;
  gboolean              have_header_hash;
  guint8                header_hash[32];

  /* XML */
  GMarkupParseContext  *context;
  guint                 bom_seen;
  char                  carry[4];             /* a character cut between two pieces */
  guint                 carry_len;
  VaultKdbxElement      stack[VAULT_KDBX_MAX_DEPTH];
  guint8                flags[VAULT_KDBX_MAX_DEPTH];
  guint                 depth;
  VaultSecureString    *text;                 /* of the element being read, when kept */
  gboolean              collecting;
  gboolean              counting;             /* a protected value not kept: its length only */
  guint64               base64_chars;

  gboolean              recycle_enabled;
  guint8                recycle_uuid[16];
  gboolean              have_recycle_uuid;
  gboolean              root_seen;
  GArray               *groups;               /* of VaultKdbxGroup, the root group first */

  /* The entry being read, NULL in the recycle bin. */
  VaultForeignEntry    *entry;
  gboolean              in_entry;
  gboolean              in_history;
  guint                 n_entries;
  char                 *key;                  /* of the <String> being read */
  VaultSecureString    *value;                /* its <Value>, opened */
  gboolean              value_set;
  gboolean              value_secret;
  char                 *tags;
  VaultSecureString    *totp_seed;            /* KeePassXC's legacy TOTP pair */
  char                 *totp_settings;
  GArray               *history;              /* of VaultKdbxHistoryItem */
  VaultSecureString    *history_text;
  VaultKdbxHistoryItem  item;                 /* the history entry being read */
};

/* GMarkup's callbacks, in vault-kdbx-xml.c. */
extern const GMarkupParser vault_kdbx_xml_parser;

/* Frees a group's name and path. */
void     vault_kdbx_group_clear (gpointer data);
gboolean vault_kdbx_damaged     (GError     **error,
                                 const char  *message);

G_END_DECLS
