/* vault-keys.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault's keys: the KDF, the master unlock key, sub-keys, and key slots
 * that wrap the vault key (docs/FORMAT.md, "Keys").
 */
#pragma once

#include <glib.h>

#include "vault-crypto.h"
#include "vault-secure.h"

G_BEGIN_DECLS

/* The floor for every vault a person creates, and the most a file may ask
 * for: calibration never goes above it, and a file that asks for more is
 * damaged (an unlock would otherwise run for minutes). */
#define VAULT_MIN_ITERATIONS    650000
#define VAULT_MAX_ITERATIONS    10000000

typedef enum {
  VAULT_SLOT_PASSWORD,
  VAULT_SLOT_RECOVERY,
} VaultSlotType;

typedef enum {
  VAULT_SUBKEY_PAYLOAD,   /* from the vault key: seals the payload */
  VAULT_SUBKEY_FIELDS,    /* from the vault key: seals each entry's secrets */
  VAULT_SUBKEY_RECOVERY,  /* from the recovery key: wraps the recovery slot */
  VAULT_SUBKEY_HEADER,    /* from the Secret Key: authenticates the header */
} VaultSubkey;

guint           vault_kdf_calibrate       (void);

VaultSecureBuf *vault_keys_derive_muk     (const char           *password,
                                           const guint8         *salt,
                                           guint                 iterations,
                                           const VaultSecureBuf *secret_key,
                                           const char           *vault_id);
VaultSecureBuf *vault_keys_derive_subkey  (const VaultSecureBuf *key,
                                           const char           *vault_id,
                                           VaultSubkey           which);
GBytes         *vault_keys_wrap           (const VaultSecureBuf *kek,
                                           const VaultSecureBuf *vault_key,
                                           VaultSlotType         type,
                                           const char           *vault_id);
VaultSecureBuf *vault_keys_unwrap         (const VaultSecureBuf *kek,
                                           GBytes               *slot,
                                           VaultSlotType         type,
                                           const char           *vault_id);
void            vault_keys_header_mac     (const VaultSecureBuf *secret_key,
                                           const char           *vault_id,
                                           const char           *canonical_header,
                                           guint8                out[32]);

G_END_DECLS
