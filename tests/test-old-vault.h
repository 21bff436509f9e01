/* test-old-vault.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A format 2 vault file (before "changed" and deletion records), made field
 * by field as Vault 2 wrote it, with a Secret Key the test holds: the one
 * entry "Old" of user "kim" and password "old-pw".
 */
#pragma once

#include <json-glib/json-glib.h>
#include <string.h>

#include "vault-core.h"
#include "test-util.h"

#define OLD_VAULT_CREATED 1600000000

static inline char *
old_vault_seal_base64 (const VaultSecureBuf *key,
                       const char           *plain,
                       const char           *aad)
{
  g_autoptr(GBytes) sealed = vault_seal (key->data, plain, strlen (plain), aad, strlen (aad));

  return g_base64_encode (g_bytes_get_data (sealed, NULL), g_bytes_get_size (sealed));
}

/* Writes the file; returns its Secret Key. */
static inline VaultSecureBuf *
test_write_format_2 (const char *path,
                     const char *password,
                     char      **vault_id_out)
{
  VaultSecureBuf *secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultSecureBuf) vault_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultSecureBuf) muk = NULL;
  g_autoptr(VaultSecureBuf) payload_key = NULL;
  g_autoptr(VaultSecureBuf) field_key = NULL;
  g_autoptr(GBytes) slot = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) header = NULL;
  g_autofree char *vault_id = vault_random_uuid ();
  g_autofree char *entry_id = vault_random_uuid ();
  g_autofree char *salt_text = NULL;
  g_autofree char *slot_text = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *mac_hex = NULL;
  g_autofree char *aad = NULL;
  g_autofree char *sealed_password = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *file = NULL;
  guint8 salt[VAULT_SALT_SIZE], mac[32];

  vault_random_bytes (secret_key->data, VAULT_KEY_SIZE);
  vault_random_bytes (vault_key->data, VAULT_KEY_SIZE);
  vault_random_bytes (salt, sizeof salt);
  muk = vault_keys_derive_muk (password, salt, TEST_ITERATIONS, secret_key, vault_id);
  slot = vault_keys_wrap (muk, vault_key, VAULT_SLOT_PASSWORD, vault_id);
  payload_key = vault_keys_derive_subkey (vault_key, vault_id, VAULT_SUBKEY_PAYLOAD);
  field_key = vault_keys_derive_subkey (vault_key, vault_id, VAULT_SUBKEY_FIELDS);
  salt_text = g_base64_encode (salt, sizeof salt);
  slot_text = g_base64_encode (g_bytes_get_data (slot, NULL), g_bytes_get_size (slot));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "vault_id");
  json_builder_add_string_value (builder, vault_id);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, OLD_VAULT_CREATED);
  json_builder_set_member_name (builder, "cipher");
  json_builder_add_string_value (builder, "AES-256-GCM");
  json_builder_set_member_name (builder, "kdf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, "PBKDF2-HMAC-SHA256");
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, TEST_ITERATIONS);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt_text);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "password");
  json_builder_set_member_name (builder, "wrapped_key");
  json_builder_add_string_value (builder, slot_text);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  header = json_builder_get_root (builder);

  canonical = json_to_string (header, FALSE);
  digest = vault_file_header_digest (canonical);
  vault_keys_header_mac (secret_key, vault_id, canonical, mac);
  mac_hex = test_to_hex (mac, sizeof mac);

  aad = g_strdup_printf ("%s\npassword", entry_id);
  sealed_password = old_vault_seal_base64 (field_key, "old-pw", aad);
  plain = g_strdup_printf ("{\"entries\":[{\"id\":\"%s\",\"title\":\"Old\",\"username\":\"kim\","
                           "\"url\":\"\",\"tags\":[],\"favourite\":false,\"created\":%d,"
                           "\"modified\":%d,\"password\":\"%s\",\"notes\":null,\"history\":[]}]}",
                           entry_id, OLD_VAULT_CREATED, OLD_VAULT_CREATED, sealed_password);
  payload = old_vault_seal_base64 (payload_key, plain, canonical);
  file = g_strdup_printf ("{\"format\":\"com.example.Vault\",\"version\":2,\"header\":%s,"
                          "\"header_sha256\":\"%s\",\"header_mac\":\"%s\",\"payload\":\"%s\"}",
                          canonical, digest, mac_hex, payload);
  g_assert_true (g_file_set_contents (path, file, -1, NULL));
  if (vault_id_out != NULL)
    *vault_id_out = g_steal_pointer (&vault_id);
  return secret_key;
}
