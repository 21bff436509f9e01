/* vault-payload.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payload's JSON ({"entries": [...]}, docs/FORMAT.md) read into entries
 * and written from them in one pass, without a document tree.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The entries in text, or NULL if it is not a well-formed payload. */
GPtrArray *vault_payload_read  (const char  *text,
                                gsize        len);

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

G_END_DECLS
