/* vault-clock.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's one clock: entries' times, deletion records and the header's
 * "changed" all come from here, so tests can run a history of edits with
 * times they choose (tests/test-merge.c).
 */
#include "vault-clock.h"

static gint64 fixed_now;

gint64
vault_clock_now (void)
{
  return fixed_now != 0 ? fixed_now : g_get_real_time () / G_USEC_PER_SEC;
}

void
vault_clock_set_for_testing (gint64 seconds)
{
  fixed_now = seconds;
}
