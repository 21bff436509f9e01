/* vault-merge-check.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whether a version just merged into the open vault lacks anything it holds.
 */
#pragma once

#include "vault-core.h"

G_BEGIN_DECLS

gboolean vault_copy_lacks_merged (VaultStore *store,
                                  VaultCopy  *copy);

G_END_DECLS
