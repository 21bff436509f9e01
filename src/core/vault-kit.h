/* vault-kit.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Emergency Kit codes: a 32-byte key as typeable, grouped Crockford base32
 * with a check that catches a mistyped or swapped character.
 */
#pragma once

#include <glib.h>

#include "vault-secure.h"

G_BEGIN_DECLS

typedef enum {
  VAULT_KIT_SECRET_KEY,
  VAULT_KIT_RECOVERY_KEY,
} VaultKitKind;

VaultSecureBuf *vault_kit_encode (VaultKitKind   kind,
                                  const guint8  *key);
VaultSecureBuf *vault_kit_decode (VaultKitKind   kind,
                                  const char    *code,
                                  GError       **error);

G_END_DECLS
