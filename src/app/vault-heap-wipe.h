/* vault-heap-wipe.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wiping freed heap memory in the app's process.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vault_heap_wipe_enable (void);

G_END_DECLS
