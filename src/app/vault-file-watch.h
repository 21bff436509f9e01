/* vault-file-watch.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Notices when a file is changed, deleted, renamed away or replaced under the
 * app, and when another file arrives beside it.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define VAULT_TYPE_FILE_WATCH (vault_file_watch_get_type ())
G_DECLARE_FINAL_TYPE (VaultFileWatch, vault_file_watch, VAULT, FILE_WATCH, GObject)

VaultFileWatch *vault_file_watch_new (const char *path);

G_END_DECLS
