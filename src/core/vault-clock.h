/* vault-clock.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's one clock, in Unix seconds, which tests may set.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 vault_clock_now (void);
/* For tests: from now on vault_clock_now() returns seconds; 0 goes back to
 * the real time. */
void   vault_clock_set_for_testing (gint64 seconds);

G_END_DECLS
