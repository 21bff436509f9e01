/* vault-file.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault file: reading it within bounds, checking its header, and writing
 * it atomically under a lock (docs/FORMAT.md). It knows no entries, only the
 * sealed payload, and no keys but those it is handed.
 */
#pragma once

#include <gio/gio.h>

#include "vault-crypto.h"
#include "vault-deletions.h"
#include "vault-keys.h"
#include "vault-secure.h"

G_BEGIN_DECLS

#define VAULT_FORMAT_NAME       "com.example.Vault"
#define VAULT_FORMAT_VERSION    3

/* Bounds on what a file may hold, checked before anything is allocated for
 * it; docs/FORMAT.md gives the reason for each. */
#define VAULT_FILE_MAX_SIZE     (256 * 1024 * 1024)
#define VAULT_FILE_MAX_OUTLINE  (64 * 1024)
#define VAULT_FILE_MAX_DEPTH    8
#define VAULT_FILE_MAX_VALUES   512
#define VAULT_FILE_MAX_SLOTS    8

/* A header as read from a file or about to be written. */
typedef struct {
  int      version;
  char    *vault_id;
  gint64   created;
  gint64   changed;   /* when the key material last changed; format < 3: created */
  guint8   salt[VAULT_SALT_SIZE];
  guint    iterations;
  GBytes  *password_slot;
  GBytes  *recovery_slot;
  /* Set when read: the header as the payload authenticates it, and the
   * MAC a format 2 file carries. */
  char    *canonical;
  gboolean has_mac;
  guint8   mac[32];
} VaultFileHeader;

/* What the file was when read or last written, to notice another program
 * saving in between. All zero: no file. */
typedef struct {
  guint64 dev;
  guint64 ino;
  gint64  mtime_ns;
  gint64  size;
} VaultFileStamp;

typedef struct _VaultFileBody VaultFileBody;

void             vault_file_header_free     (VaultFileHeader       *header);
VaultFileHeader *vault_file_header_copy     (const VaultFileHeader *header);
/* The canonical text this header is written with (docs/FORMAT.md). */
char            *vault_file_header_to_canonical (const VaultFileHeader *header);
/* Whether two headers hold the same key material: salt, iterations, slots. */
gboolean         vault_file_header_same_keys (const VaultFileHeader *a,
                                              const VaultFileHeader *b);
char            *vault_file_header_digest   (const char            *canonical);
gboolean         vault_file_header_check_mac (const VaultFileHeader *header,
                                              const VaultSecureBuf  *secret_key);

char            *vault_file_read            (const char            *path,
                                             gsize                 *length,
                                             VaultFileStamp        *stamp,
                                             GError               **error);
VaultFileHeader *vault_file_parse           (const char            *path,
                                             char                 **contents,
                                             gsize                  length,
                                             GBytes               **payload,
                                             GError               **error);

gboolean         vault_file_stamp_matches   (const char            *path,
                                             const VaultFileStamp  *stamp);
gboolean         vault_file_check_unchanged (const char            *path,
                                             const VaultFileStamp  *stamp,
                                             GError               **error);

VaultFileBody   *vault_file_body_new        (const VaultFileHeader *header,
                                             const VaultSecureBuf  *secret_key,
                                             const VaultSecureBuf  *payload_key);
void             vault_file_body_set_entries (VaultFileBody        *body,
                                              GListModel           *entries);
/* Borrowed until the body is written, or taken in by take_plain. */
void             vault_file_body_set_deleted (VaultFileBody        *body,
                                              VaultDeletions       *deleted);
void             vault_file_body_take_plain (VaultFileBody         *body,
                                             GListModel            *entries,
                                             gsize                  size_hint);
void             vault_file_body_free       (VaultFileBody         *body);
gboolean         vault_file_write           (const char            *path,
                                             VaultFileBody         *body,
                                             const VaultFileStamp  *expected,
                                             VaultFileStamp        *written,
                                             GError               **error);

void             vault_file_set_damaged     (GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultFileHeader, vault_file_header_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultFileBody, vault_file_body_free)

G_END_DECLS
