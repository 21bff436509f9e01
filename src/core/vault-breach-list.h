/* vault-breach-list.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A list of breached passwords a person downloaded: Have I Been Pwned's
 * SHA-1 file ordered by hash, searched where it lies on disk.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VAULT_SHA1_SIZE 20

/* The longest line read: 40 hexadecimal digits, a colon, a count of at
 * most 20 digits, CR LF. */
#define VAULT_BREACH_MAX_LINE 64
/* A list up to this size is checked line by line when it is opened; a
 * larger one (the real list is about 40 GB) at VAULT_BREACH_SAMPLES + 1
 * lines spread over it, then at every line a search reads. */
#define VAULT_BREACH_FULL_CHECK (16 * 1024 * 1024)
#define VAULT_BREACH_SAMPLES    256

typedef struct _VaultBreachList VaultBreachList;

/* Maps the file and checks it (see above). Errors: VAULT_ERROR_IO,
 * VAULT_ERROR_UNKNOWN_FORMAT. */
VaultBreachList *vault_breach_list_open   (const char            *path,
                                           GError               **error);
/* Whether the list holds that SHA-1 digest, and how often it was seen
 * (*count 0 when not found). A line the search reads that is malformed or
 * out of order is an error (VAULT_ERROR_UNKNOWN_FORMAT). Digests looked up
 * in ascending order share the work; any order is correct. Not for use
 * from two threads at once. */
gboolean         vault_breach_list_lookup (VaultBreachList       *list,
                                           const guint8           sha1[VAULT_SHA1_SIZE],
                                           guint64               *count,
                                           GError               **error);
void             vault_breach_list_free   (VaultBreachList       *list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultBreachList, vault_breach_list_free)

G_END_DECLS
