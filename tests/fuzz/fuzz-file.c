/* fuzz-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for the whole vault file: outline, header, slots and
 * payload, read as the store reads them. Each input is tried as it is, then
 * with its header digest and MAC made right for the harness's Secret Key, so
 * that mutations of the header get past both checks to the key slots, and a
 * slot that opens leads to the payload.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-file-keys.h"
#include "fuzz-util.h"
#include "vault-error.h"
#include "vault-file-private.h"
#include "vault-file.h"
#include "vault-keys.h"
#include "vault-kit.h"
#include "vault-payload.h"

/* Above this the password slot is not tried: a real KDF cost would make
 * each input take a second. The seeds' cost is real, so only the recovery
 * slot (no KDF) opens them; a mutated cost still runs the slot code. */
#define FUZZ_MAX_ITERATIONS 1000

/* json-glib recurses once per level of nesting; the engine bounds the depth
 * before it lets json-glib see a file, and the fix-up below must too. */
#define FUZZ_MAX_OPENINGS 64

static VaultSecureBuf *secret_key;
static VaultSecureBuf *recovery_key;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  secret_key = vault_kit_decode (VAULT_KIT_SECRET_KEY, FUZZ_SECRET_KEY_CODE, NULL);
  recovery_key = vault_kit_decode (VAULT_KIT_RECOVERY_KEY, FUZZ_RECOVERY_CODE, NULL);
  g_assert_nonnull (secret_key);
  g_assert_nonnull (recovery_key);
  return 0;
}

static void
open_payload (const VaultFileHeader *h,
              const VaultSecureBuf  *vault_key,
              GBytes                *payload)
{
  g_autoptr(VaultSecureBuf) payload_key = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree guint8 *data = NULL;
  gsize len;

  payload_key = vault_keys_derive_subkey (vault_key, h->vault_id, VAULT_SUBKEY_PAYLOAD);
  data = g_bytes_unref_to_data (g_bytes_ref (payload), &len);
  g_assert_cmpuint (len, >=, VAULT_SEAL_OVERHEAD);
  if (!vault_open_in_place (payload_key->data, data, len, h->canonical, strlen (h->canonical)))
    return;
  /* Refused (NULL) is an answer too: the store calls that damaged. */
  entries = vault_payload_read ((const char *) data + VAULT_NONCE_SIZE, len - VAULT_SEAL_OVERHEAD);
}

static void
try_file (const guint8 *data,
          gsize         size)
{
  g_autofree char *contents = g_malloc (size + 1);
  g_autoptr(VaultFileHeader) h = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) vault_key = NULL;

  /* As vault_file_read hands it over: its own buffer, NUL after the end. */
  memcpy (contents, data, size);
  contents[size] = '\0';
  h = vault_file_parse ("fuzz.json", &contents, size, &payload, &error);
  if (h == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == VAULT_ERROR);
      g_assert_true (error->code == VAULT_ERROR_NOT_A_VAULT ||
                     error->code == VAULT_ERROR_DAMAGED ||
                     error->code == VAULT_ERROR_NEWER_FORMAT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (payload);
      return;
    }

  /* What the reader promises about everything it lets through. */
  g_assert_no_error (error);
  g_assert_nonnull (payload);
  g_assert_cmpuint (g_bytes_get_size (payload), >=, VAULT_SEAL_OVERHEAD);
  g_assert_true (h->version >= 1 && h->version <= VAULT_FORMAT_VERSION);
  g_assert_true (g_uuid_string_is_valid (h->vault_id));
  g_assert_cmpuint (h->iterations, >=, 1);
  g_assert_cmpuint (h->iterations, <=, VAULT_MAX_ITERATIONS);
  g_assert_nonnull (h->password_slot);
  g_assert_nonnull (h->canonical);

  if (!vault_file_header_check_mac (h, secret_key))
    return;

  if (h->iterations <= FUZZ_MAX_ITERATIONS)
    {
      g_autoptr(VaultSecureBuf) muk = vault_keys_derive_muk (FUZZ_MASTER_PASSWORD, h->salt,
                                                             h->iterations, secret_key,
                                                             h->vault_id);

      vault_key = vault_keys_unwrap (muk, h->password_slot, VAULT_SLOT_PASSWORD, h->vault_id);
    }
  if (vault_key == NULL && h->recovery_slot != NULL)
    {
      g_autoptr(VaultSecureBuf) kek = vault_keys_derive_subkey (recovery_key, h->vault_id,
                                                                VAULT_SUBKEY_RECOVERY);

      vault_key = vault_keys_unwrap (kek, h->recovery_slot, VAULT_SLOT_RECOVERY, h->vault_id);
    }
  if (vault_key != NULL)
    open_payload (h, vault_key, payload);
}

/* The input with "header_sha256" and "header_mac" made right for its header
 * and the harness's Secret Key, or NULL when it cannot be, or is already. */
static char *
fix_up (const guint8 *data,
        gsize         size,
        gsize        *fixed_len)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *digest = NULL;
  JsonNode *root_node, *header_node, *id_node;
  JsonObject *root;
  guint openings = 0;
  char *fixed;

  for (gsize i = 0; i < size; i++)
    if (data[i] == '[' || data[i] == '{')
      openings++;
  if (openings > FUZZ_MAX_OPENINGS ||
      !json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    return NULL;

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    return NULL;
  root = json_node_get_object (root_node);
  header_node = json_object_get_member (root, "header");
  if (header_node == NULL || !JSON_NODE_HOLDS_OBJECT (header_node))
    return NULL;

  canonical = vault_file_canonical_header (header_node);
  digest = vault_file_header_digest (canonical);
  json_object_set_string_member (root, "header_sha256", digest);

  id_node = json_object_get_member (json_node_get_object (header_node), "vault_id");
  if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
      json_node_get_value_type (id_node) == G_TYPE_STRING &&
      g_uuid_string_is_valid (json_node_get_string (id_node)))
    {
      guint8 mac[32];
      char hex[2 * sizeof mac + 1];

      vault_keys_header_mac (secret_key, json_node_get_string (id_node), canonical, mac);
      for (guint i = 0; i < sizeof mac; i++)
        g_snprintf (hex + 2 * i, 3, "%02x", mac[i]);
      json_object_set_string_member (root, "header_mac", hex);
    }

  generator = json_generator_new ();
  json_generator_set_root (generator, root_node);
  fixed = json_generator_to_data (generator, fixed_len);
  if (*fixed_len == size && memcmp (fixed, data, size) == 0)
    g_clear_pointer (&fixed, g_free);
  return fixed;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *fixed = NULL;
  gsize fixed_len = 0;

  try_file (data, size);
  fixed = fix_up (data, size, &fixed_len);
  if (fixed != NULL)
    try_file ((const guint8 *) fixed, fixed_len);
  return 0;
}
