/* vault-payload.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payload's JSON ({"entries": [...], "deleted": [...]}, docs/FORMAT.md) read into entries
 * and written from them in one pass, without a document tree.
 */
#pragma once

#include <gio/gio.h>

#include "vault-deletions.h"

G_BEGIN_DECLS

/* Counts no vault a person keeps comes near (docs/FORMAT.md): the payload
 * is authenticated, but its reader still bounds what it builds, and a merge
 * never makes more. */
#define VAULT_PAYLOAD_MAX_ENTRIES  1000000
#define VAULT_PAYLOAD_MAX_HISTORY  10000

/* The entries in text, or NULL if it is not a well-formed payload. */
GPtrArray *vault_payload_read  (const char  *text,
                                gsize        len);

/* The same, with the payload's deletion records (empty when it has none:
 * format 1 and 2) in *deleted. */
GPtrArray *vault_payload_read_full (const char      *text,
                                    gsize            len,
                                    VaultDeletions **deleted);

/* Takes plain text from the start of pending (erasing what it took); when
 * last is TRUE it must take all of it. */
typedef gboolean (*VaultPayloadSink) (GString   *pending,
                                      gboolean   last,
                                      gpointer   user_data,
                                      GError   **error);

/* Writes the entries of model (VaultEntry) as payload JSON to sink, in
 * pieces of about 64 KiB. */
gboolean   vault_payload_write (GListModel       *model,
                                VaultPayloadSink  sink,
                                gpointer          user_data,
                                GError          **error);
/* The same, with the deletion records (NULL: none) after the entries. */
gboolean   vault_payload_write_full (GListModel       *model,
                                     VaultDeletions   *deleted,
                                     VaultPayloadSink  sink,
                                     gpointer          user_data,
                                     GError          **error);

G_END_DECLS
