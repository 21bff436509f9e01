/* fuzz-util.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every libFuzzer harness of the engine shares: the entry points'
 * prototypes and the rule that a GLib warning or critical is a finding.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* Bad input must get an error, never a g_return_if_fail or a g_warning: make
 * both abort so libFuzzer keeps the input that caused them. Messages below
 * that stay quiet, as they would in the app. */
static inline void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
}
