/* bench-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the engine and GUI benchmarks share.
 */
#pragma once

#include "vault-core.h"

/* The same N entries every time; with xml, also as KeePass 2 XML. */
void   bench_fill     (VaultStore *store,
                       guint       n,
                       GString    *xml);
/* Makes the vault of bench_fill's n entries at path with one PBKDF2
 * iteration (the figures leave the KDF out on purpose) and its Secret Key
 * in the keyring; returns the key, and the vault's id in *vault_id. */
VaultSecureBuf *bench_make_vault (const char *path,
                                  const char *master,
                                  guint       n,
                                  char      **vault_id);
/* Sorts values. */
double bench_median   (double     *values,
                       guint       n);
double bench_now_ms   (void);
