/* cli-input.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets into vault-cli: asked at a terminal without echo, or read from a pipe.
 */
#pragma once

#include "cli.h"

G_BEGIN_DECLS

VaultSecureBuf *cli_ask_secret (Cli         *cli,
                                const char  *prompt,
                                const char  *confirm_prompt,
                                GError     **error);

G_END_DECLS
