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
/* Sorts values. */
double bench_median   (double     *values,
                       guint       n);
double bench_now_ms   (void);
