/* vault-keys.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Key derivation and key slots, over the crypto service (Nettle).
 */
#include "config.h"

#include "vault-keys.h"

#include <string.h>

#define INFO_SECRET_KEY   "com.example.Vault/v1/secret-key"
#define INFO_RECOVERY     "com.example.Vault/v1/recovery-key"
#define INFO_PAYLOAD      "com.example.Vault/v1/payload"
#define INFO_FIELDS       "com.example.Vault/v1/fields"
#define INFO_HEADER       "com.example.Vault/v2/header"
#define CALIBRATE_TARGET_US (G_USEC_PER_SEC / 2)

/* Iterations that take about half a second here, within the bounds. */
guint
vault_kdf_calibrate (void)
{
  static const guint8 probe_salt[VAULT_SALT_SIZE] = { 0 };
  const guint probe = 100000;
  guint8 out[VAULT_KEY_SIZE];
  gint64 start, elapsed;
  guint64 iterations;

  start = g_get_monotonic_time ();
  vault_pbkdf2_sha256 ((const guint8 *) "calibrate", 9, probe_salt, sizeof probe_salt,
                       probe, out, sizeof out);
  elapsed = MAX (g_get_monotonic_time () - start, 1);

  iterations = (guint64) probe * CALIBRATE_TARGET_US / (guint64) elapsed;
  iterations = (iterations / 10000) * 10000;
  return (guint) CLAMP (iterations, VAULT_MIN_ITERATIONS, VAULT_MAX_ITERATIONS);
}

VaultSecureBuf *
vault_keys_derive_muk (const char           *password,
                       const guint8         *salt,
                       guint                 iterations,
                       const VaultSecureBuf *secret_key,
                       const char           *vault_id)
{
  g_autoptr(VaultSecureBuf) from_password = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultSecureBuf) from_secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  VaultSecureBuf *muk = vault_secure_buf_new (VAULT_KEY_SIZE);
  char *normalized = NULL;

  g_return_val_if_fail (iterations > 0 && iterations <= VAULT_MAX_ITERATIONS, muk);

  /* NFKD, so that the same password typed on another keyboard or input
   * method gives the same key. */
  if (g_utf8_validate (password, -1, NULL))
    normalized = g_utf8_normalize (password, -1, G_NORMALIZE_NFKD);
  if (normalized == NULL)
    normalized = g_strdup (password);

  vault_pbkdf2_sha256 ((const guint8 *) normalized, strlen (normalized), salt, VAULT_SALT_SIZE,
                       iterations, from_password->data, VAULT_KEY_SIZE);
  vault_secure_str_free (normalized);

  vault_hkdf_sha256 (secret_key->data, secret_key->len,
                     (const guint8 *) vault_id, strlen (vault_id),
                     (const guint8 *) INFO_SECRET_KEY, strlen (INFO_SECRET_KEY),
                     from_secret_key->data, VAULT_KEY_SIZE);

  for (guint i = 0; i < VAULT_KEY_SIZE; i++)
    muk->data[i] = from_password->data[i] ^ from_secret_key->data[i];

  return muk;
}

VaultSecureBuf *
vault_keys_derive_subkey (const VaultSecureBuf *key,
                          const char           *vault_id,
                          VaultSubkey           which)
{
  static const char * const infos[] = {
    [VAULT_SUBKEY_PAYLOAD] = INFO_PAYLOAD,
    [VAULT_SUBKEY_FIELDS] = INFO_FIELDS,
    [VAULT_SUBKEY_RECOVERY] = INFO_RECOVERY,
    [VAULT_SUBKEY_HEADER] = INFO_HEADER,
  };
  VaultSecureBuf *out = vault_secure_buf_new (VAULT_KEY_SIZE);

  g_return_val_if_fail (which < G_N_ELEMENTS (infos), out);

  vault_hkdf_sha256 (key->data, key->len, (const guint8 *) vault_id, strlen (vault_id),
                     (const guint8 *) infos[which], strlen (infos[which]),
                     out->data, VAULT_KEY_SIZE);
  return out;
}

/* The slots' authenticated data names format 1, where slots began; it stays
 * so in later formats, or their slots would no longer open. */
static char *
slot_aad (VaultSlotType  type,
          const char    *vault_id)
{
  return g_strdup_printf ("com.example.Vault/1/slot/%s/%s",
                          type == VAULT_SLOT_PASSWORD ? "password" : "recovery", vault_id);
}

GBytes *
vault_keys_wrap (const VaultSecureBuf *kek,
                 const VaultSecureBuf *vault_key,
                 VaultSlotType         type,
                 const char           *vault_id)
{
  g_autofree char *aad = slot_aad (type, vault_id);

  return vault_seal (kek->data, vault_key->data, vault_key->len, aad, strlen (aad));
}

VaultSecureBuf *
vault_keys_unwrap (const VaultSecureBuf *kek,
                   GBytes               *slot,
                   VaultSlotType         type,
                   const char           *vault_id)
{
  g_autofree char *aad = slot_aad (type, vault_id);
  gsize len;
  const guint8 *data = g_bytes_get_data (slot, &len);
  VaultSecureBuf *key = vault_open (kek->data, data, len, aad, strlen (aad));

  if (key != NULL && key->len != VAULT_KEY_SIZE)
    g_clear_pointer (&key, vault_secure_buf_free);
  return key;
}

/* HMAC-SHA256 of the canonical header under a key that only the Secret Key
 * gives: checked before the KDF runs, so a changed KDF field or slot is
 * found at once on any device that holds the Secret Key. */
void
vault_keys_header_mac (const VaultSecureBuf *secret_key,
                       const char           *vault_id,
                       const char           *canonical_header,
                       guint8                out[32])
{
  g_autoptr(VaultSecureBuf) key = vault_keys_derive_subkey (secret_key, vault_id,
                                                            VAULT_SUBKEY_HEADER);

  vault_hmac_sha256 (key->data, key->len, canonical_header, strlen (canonical_header), out);
}
