/* vault-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's error domain.
 */
#include "vault-error.h"

G_DEFINE_QUARK (vault-error-quark, vault_error)
