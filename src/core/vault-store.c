/* vault-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault file (format version 1, see docs/FORMAT.md), its key slots and
 * the entries it holds.
 */
#define _GNU_SOURCE /* memrchr */
#include "config.h"

#include "vault-store.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault-base64.h"
#include "vault-crypto.h"
#include "vault-entry-list.h"
#include "vault-entry-private.h"
#include "vault-error.h"
#include "vault-kit.h"
#include "vault-payload.h"
#include "vault-search.h"
#include "vault-secret-key.h"
#include "vault-strength.h"

#define KDF_ALGORITHM     "PBKDF2-HMAC-SHA256"
#define CIPHER            "AES-256-GCM"
#define SLOT_PASSWORD     "password"
#define SLOT_RECOVERY     "recovery"
#define INFO_SECRET_KEY   "com.example.Vault/v1/secret-key"
#define INFO_RECOVERY     "com.example.Vault/v1/recovery-key"
#define INFO_PAYLOAD      "com.example.Vault/v1/payload"
#define INFO_FIELDS       "com.example.Vault/v1/fields"
#define CALIBRATE_TARGET_US (G_USEC_PER_SEC / 2)

struct _VaultStore
{
  GObject parent_instance;

  /* Owned */
  char           *path;
  char           *vault_id;
  gint64          created;
  guint8          salt[VAULT_SALT_SIZE];
  guint           iterations;
  GBytes         *password_slot;
  GBytes         *recovery_slot;
  VaultSecureBuf *secret_key;   /* NULL after a recovery-key unlock */
  VaultSecureBuf *vault_key;
  VaultSecureBuf *payload_key;
  VaultSecureBuf *field_key;
  VaultEntryList *entries;
  gboolean        locked;

  /* Every search key in one buffer, in model order, so a search reads
   * memory in sequence instead of visiting 100,000 objects; rebuilt on the
   * first search after a change. */
  char           *index_text;
  GArray         *index_offsets; /* guint32, one per entry */
  gboolean        secret_key_replaced;

  /* What the file looked like when read or last written, to notice another
   * program saving in between. */
  dev_t           file_dev;
  ino_t           file_ino;
  gint64          file_mtime_ns;
  goffset         file_size;
};

G_DEFINE_FINAL_TYPE (VaultStore, vault_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCKED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vault_store_finalize (GObject *object)
{
  VaultStore *self = VAULT_STORE (object);

  vault_store_lock (self);
  /* The model may outlive the store (a window's list holds it). */
  g_signal_handlers_disconnect_by_data (self->entries, self);
  g_free (self->path);
  g_free (self->vault_id);
  g_clear_pointer (&self->password_slot, g_bytes_unref);
  g_clear_pointer (&self->recovery_slot, g_bytes_unref);
  g_clear_object (&self->entries);

  G_OBJECT_CLASS (vault_store_parent_class)->finalize (object);
}

static void
vault_store_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VaultStore *self = VAULT_STORE (object);

  switch (prop_id)
    {
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vault_store_class_init (VaultStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vault_store_finalize;
  object_class->get_property = vault_store_get_property;

  properties[PROP_LOCKED] =
    g_param_spec_boolean ("locked", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
drop_search_index (VaultStore *self)
{
  g_clear_pointer (&self->index_text, g_free);
  g_clear_pointer (&self->index_offsets, g_array_unref);
}

static void build_search_index (VaultStore  *self,
                                VaultEntry **entries,
                                guint        n);

static void
vault_store_init (VaultStore *self)
{
  self->entries = vault_entry_list_new ();
  g_signal_connect_swapped (self->entries, "items-changed", G_CALLBACK (drop_search_index), self);
}

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
vault_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_ID, "vault.json", NULL);
}

/* Iterations that take about half a second here, never below the floor. */
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
  return (guint) CLAMP (iterations, VAULT_MIN_ITERATIONS, 10000000);
}

/* --- Keys ----------------------------------------------------------------- */

static VaultSecureBuf *
derive_muk (const char           *password,
            const guint8         *salt,
            guint                 iterations,
            const VaultSecureBuf *secret_key,
            const char           *vault_id)
{
  g_autoptr(VaultSecureBuf) from_password = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultSecureBuf) from_secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  VaultSecureBuf *muk = vault_secure_buf_new (VAULT_KEY_SIZE);
  char *normalized = NULL;

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

static VaultSecureBuf *
derive_subkey (const VaultSecureBuf *key,
               const char           *vault_id,
               const char           *info)
{
  VaultSecureBuf *out = vault_secure_buf_new (VAULT_KEY_SIZE);

  vault_hkdf_sha256 (key->data, key->len, (const guint8 *) vault_id, strlen (vault_id),
                     (const guint8 *) info, strlen (info), out->data, VAULT_KEY_SIZE);
  return out;
}

static char *
slot_aad (const char *type,
          const char *vault_id)
{
  return g_strdup_printf ("%s/%d/slot/%s/%s", VAULT_FORMAT_NAME, VAULT_FORMAT_VERSION,
                          type, vault_id);
}

static GBytes *
wrap_key (const VaultSecureBuf *kek,
          const VaultSecureBuf *vault_key,
          const char           *type,
          const char           *vault_id)
{
  g_autofree char *aad = slot_aad (type, vault_id);

  return vault_seal (kek->data, vault_key->data, vault_key->len, aad, strlen (aad));
}

static VaultSecureBuf *
unwrap_key (const VaultSecureBuf *kek,
            GBytes               *slot,
            const char           *type,
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

static void
set_vault_key (VaultStore     *self,
               VaultSecureBuf *vault_key)
{
  g_clear_pointer (&self->vault_key, vault_secure_buf_free);
  g_clear_pointer (&self->payload_key, vault_secure_buf_free);
  g_clear_pointer (&self->field_key, vault_secure_buf_free);

  self->vault_key = vault_key;
  self->payload_key = derive_subkey (vault_key, self->vault_id, INFO_PAYLOAD);
  self->field_key = derive_subkey (vault_key, self->vault_id, INFO_FIELDS);
}

/* --- Sealed entry fields --------------------------------------------------- */

static char *
field_aad (VaultEntry *entry,
           const char *field)
{
  return g_strdup_printf ("%s\n%s", vault_entry_get_id (entry), field);
}

static GBytes *
seal_field (VaultStore *self,
            VaultEntry *entry,
            const char *field,
            const char *value)
{
  g_autofree char *aad = NULL;

  if (value == NULL || *value == '\0')
    return NULL;
  aad = field_aad (entry, field);
  return vault_seal (self->field_key->data, value, strlen (value), aad, strlen (aad));
}

static VaultSecureBuf *
open_field (VaultStore    *self,
            VaultEntry    *entry,
            const char    *field,
            const guint8  *data,
            gsize          len,
            GError       **error)
{
  g_autofree char *aad = NULL;
  VaultSecureBuf *plain;

  if (data == NULL || len == 0)
    return vault_secure_buf_new (0);

  aad = field_aad (entry, field);
  plain = vault_open (self->field_key->data, data, len, aad, strlen (aad));
  if (plain == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("The %s of “%s” is damaged or was changed."),
                 field, vault_entry_get_title (entry));
  return plain;
}

/* --- The file ---------------------------------------------------------------- */

G_GNUC_PRINTF (3, 4) static void
set_io_error (GError     **error,
              int          saved_errno,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, "%s: %s", what, g_strerror (saved_errno));
}

static void
set_damaged (GError **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The vault file is damaged or was changed. Nothing was changed; "
                         "restore it from its backup (the file ending in “.bak”)."));
}

static GBytes *
get_base64 (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  text = json_node_get_string (node);
  /* Only the canonical encoding: no changed character may decode to the same bytes. */
  return vault_base64_decode_bytes (text, strlen (text));
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_int (JsonObject *object,
         const char *member,
         gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static void
add_base64 (JsonBuilder *builder,
            const char  *member,
            GBytes      *bytes)
{
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_base64_encode (data, len);

  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, text);
}

static JsonNode *
build_header (VaultStore *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *salt = g_base64_encode (self->salt, sizeof self->salt);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "vault_id");
  json_builder_add_string_value (builder, self->vault_id);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, self->created);
  json_builder_set_member_name (builder, "cipher");
  json_builder_add_string_value (builder, CIPHER);

  json_builder_set_member_name (builder, "kdf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, KDF_ALGORITHM);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, self->iterations);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, SLOT_PASSWORD);
  add_base64 (builder, "wrapped_key", self->password_slot);
  json_builder_end_object (builder);
  if (self->recovery_slot != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, SLOT_RECOVERY);
      add_base64 (builder, "wrapped_key", self->recovery_slot);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The header's one serialisation: what its checksum covers and what the
 * payload authenticates. It is made from the parsed tree, so white space or
 * re-indentation of the file does not change it, and any value does. */
static char *
canonical_header (JsonNode *header)
{
  return json_to_string (header, FALSE);
}

static char *
header_checksum (const char *canonical)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

/* The payload is by far the largest value in the file, and json-glib reads
 * a string one character at a time. When the file ends the way Vault writes
 * it (…"payload" : "BASE64"\n}), the payload is cut out and decoded in place,
 * into the front of the buffer the file was read into (*contents, taken),
 * and only the rest goes through the JSON parser; anything else takes the
 * ordinary path. Either way the payload is authenticated later. When the
 * layout matched, the rest is returned even if the payload did not decode
 * (*payload is then NULL): a newer or damaged header is reported first. */
static char *
split_payload (char   **contents,
               gsize    length,
               GBytes **payload)
{
  char *text = *contents;
  static const char member[] = "\"payload\"";
  const char *p, *start, *end;
  char *rest;
  gssize decoded;

  /* From the end backwards: }, the closing quote, the base64 (which holds
   * no quote), the opening quote, the colon and the member name. */
  *payload = NULL;
  p = text + length;
  while (p > text && g_ascii_isspace (p[-1]))
    p--;
  if (p == text || *--p != '}')
    return NULL;
  while (p > text && g_ascii_isspace (p[-1]))
    p--;
  if (p == text || *--p != '"')
    return NULL;
  end = p;
  p = memrchr (text, '"', (gsize) (end - text));
  if (p == NULL)
    return NULL;
  start = p + 1;
  while (p > text && g_ascii_isspace (p[-1]))
    p--;
  if (p == text || *--p != ':')
    return NULL;
  while (p > text && g_ascii_isspace (p[-1]))
    p--;
  if ((gsize) (p - text) < sizeof member - 1 ||
      memcmp (p - (sizeof member - 1), member, sizeof member - 1) != 0)
    return NULL;

  /* The rest, with an empty payload string in its place, before the
   * decoding overwrites the buffer. */
  rest = g_malloc ((gsize) (start - text) + strlen (end) + 1);
  memcpy (rest, text, (gsize) (start - text));
  strcpy (rest + (start - text), end);

  /* Decoding writes three bytes for every four it has read, so it can
   * write from the front of the buffer. */
  decoded = vault_base64_decode_strict (start, (gsize) (end - start), (guint8 *) text);
  if (decoded < 0)
    return rest; /* Damaged; told once the header has been checked. */
  text = g_realloc (g_steal_pointer (contents), MAX (decoded, 1));
  *payload = g_bytes_new_take (text, (gsize) decoded);
  return rest;
}

/* Reads the header into self (id, KDF, slots) and returns the payload.
 * The file's text (*contents) may be taken to hold the payload. */
static GBytes *
parse_file (VaultStore  *self,
            char       **contents_inout,
            gsize        length,
            char       **canonical_out,
            GError     **error)
{
  const char *contents = *contents_inout;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) split = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *checksum = NULL;
  g_autoptr(GBytes) salt = NULL;
  g_autoptr(GBytes) payload = NULL;
  JsonObject *root, *header, *kdf;
  JsonNode *root_node, *header_node, *slots_node;
  JsonArray *slots;
  const char *format, *text;
  gint64 version, iterations, created;

  rest = split_payload (contents_inout, length, &split);
  if (rest != NULL)
    {
      contents = rest;
      length = strlen (rest);
    }

  if (!json_parser_load_from_data (parser, contents, length, NULL))
    {
      if (g_strstr_len (contents, MIN (length, 256), VAULT_FORMAT_NAME) != NULL)
        set_damaged (error);
      else
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT,
                     _("“%s” is not a Vault file."), self->path);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node) ||
      (format = get_string (json_node_get_object (root_node), "format")) == NULL ||
      g_strcmp0 (format, VAULT_FORMAT_NAME) != 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT,
                   _("“%s” is not a Vault file."), self->path);
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!get_int (root, "version", &version) || version < 1)
    {
      set_damaged (error);
      return NULL;
    }
  if (version > VAULT_FORMAT_VERSION)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT,
                   _("This vault was saved by a newer version of Vault (file format %d; "
                     "this version reads format %d). Update Vault to open it; the file "
                     "was not changed."),
                   (int) version, VAULT_FORMAT_VERSION);
      return NULL;
    }

  header_node = json_object_get_member (root, "header");
  if (header_node == NULL || !JSON_NODE_HOLDS_OBJECT (header_node))
    {
      set_damaged (error);
      return NULL;
    }
  canonical = canonical_header (header_node);
  checksum = header_checksum (canonical);
  text = get_string (root, "header_sha256");
  if (text == NULL || strcmp (text, checksum) != 0)
    {
      set_damaged (error);
      return NULL;
    }

  header = json_node_get_object (header_node);
  kdf = json_object_get_member (header, "kdf") &&
        JSON_NODE_HOLDS_OBJECT (json_object_get_member (header, "kdf"))
        ? json_object_get_object_member (header, "kdf") : NULL;
  slots_node = json_object_get_member (header, "slots");
  text = get_string (header, "vault_id");
  if (text == NULL || !g_uuid_string_is_valid (text) ||
      !get_int (header, "created", &created) ||
      g_strcmp0 (get_string (header, "cipher"), CIPHER) != 0 ||
      kdf == NULL ||
      g_strcmp0 (get_string (kdf, "algorithm"), KDF_ALGORITHM) != 0 ||
      !get_int (kdf, "iterations", &iterations) || iterations < 1 || iterations > G_MAXUINT ||
      (salt = get_base64 (kdf, "salt")) == NULL || g_bytes_get_size (salt) != VAULT_SALT_SIZE ||
      slots_node == NULL || !JSON_NODE_HOLDS_ARRAY (slots_node))
    {
      set_damaged (error);
      return NULL;
    }

  g_free (self->vault_id);
  self->vault_id = g_strdup (text);
  self->created = created;
  self->iterations = (guint) iterations;
  memcpy (self->salt, g_bytes_get_data (salt, NULL), VAULT_SALT_SIZE);
  g_clear_pointer (&self->password_slot, g_bytes_unref);
  g_clear_pointer (&self->recovery_slot, g_bytes_unref);

  slots = json_node_get_array (slots_node);
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonNode *slot_node = json_array_get_element (slots, i);
      JsonObject *slot;
      const char *type;
      GBytes *wrapped;

      if (!JSON_NODE_HOLDS_OBJECT (slot_node))
        {
          set_damaged (error);
          return NULL;
        }
      slot = json_node_get_object (slot_node);
      type = get_string (slot, "type");
      wrapped = get_base64 (slot, "wrapped_key");
      if (wrapped == NULL ||
          g_bytes_get_size (wrapped) != VAULT_KEY_SIZE + VAULT_SEAL_OVERHEAD ||
          (g_strcmp0 (type, SLOT_PASSWORD) == 0 && self->password_slot != NULL) ||
          (g_strcmp0 (type, SLOT_RECOVERY) == 0 && self->recovery_slot != NULL))
        {
          g_clear_pointer (&wrapped, g_bytes_unref);
          set_damaged (error);
          return NULL;
        }
      if (g_strcmp0 (type, SLOT_PASSWORD) == 0)
        self->password_slot = wrapped;
      else if (g_strcmp0 (type, SLOT_RECOVERY) == 0)
        self->recovery_slot = wrapped;
      else
        {
          g_bytes_unref (wrapped);
          set_damaged (error);
          return NULL;
        }
    }

  if (rest != NULL)
    {
      /* Cut out above; the parsed document must hold the empty placeholder. */
      if (g_strcmp0 (get_string (root, "payload"), "") == 0)
        payload = g_steal_pointer (&split);
    }
  else
    payload = get_base64 (root, "payload");
  if (self->password_slot == NULL || payload == NULL ||
      g_bytes_get_size (payload) < VAULT_SEAL_OVERHEAD)
    {
      set_damaged (error);
      return NULL;
    }

  *canonical_out = g_steal_pointer (&canonical);
  return g_steal_pointer (&payload);
}

/* The payload's plain text is the overview (titles, user names, addresses,
 * tags) and the still-sealed secrets, decrypted where it lies and wiped as
 * soon as it has been read. */
static gboolean
parse_payload (VaultStore *self,
               const char *plain,
               gsize       len,
               GError    **error)
{
  g_autoptr(GPtrArray) entries = vault_payload_read (plain, len);

  if (entries == NULL)
    {
      set_damaged (error);
      return FALSE;
    }

  vault_entry_list_replace_all (self->entries, (VaultEntry **) entries->pdata, entries->len);
  /* The entries came with their search keys; the index for the first
   * search is made here too, off the main thread. */
  build_search_index (self, (VaultEntry **) entries->pdata, entries->len);
  return TRUE;
}

/* What a save writes: the file's text up to the payload, the key and the
 * authenticated data to seal it with, and its plain text: either made from
 * the entries while writing (a save on the caller's thread) or made
 * beforehand (an asynchronous save, whose model may change meanwhile). */
typedef struct {
  char           *head;
  char           *canonical;
  VaultSecureBuf *payload_key;
  GListModel     *entries; /* borrowed */
  GString        *plain;
} FileBody;

static void
file_body_free (FileBody *body)
{
  g_free (body->head);
  g_free (body->canonical);
  vault_secure_buf_free (body->payload_key);
  if (body->plain != NULL)
    {
      vault_secure_wipe (body->plain->str, body->plain->allocated_len);
      g_string_free (body->plain, TRUE);
    }
  g_free (body);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileBody, file_body_free)

#define FILE_TAIL "\"\n}"

static FileBody *
file_body_new (VaultStore *self)
{
  g_autoptr(JsonNode) header = build_header (self);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *header_text = NULL;
  g_autofree char *header_text_indented = NULL;
  g_auto(GStrv) indented = NULL;
  g_autofree char *checksum = NULL;
  FileBody *body = g_new0 (FileBody, 1);

  body->canonical = canonical_header (header);
  checksum = header_checksum (body->canonical);
  body->payload_key = vault_secure_buf_dup (self->payload_key);

  /* Same layout as json-glib's pretty printer; the payload is base64 and
   * needs no escaping, so it is written straight in. */
  json_generator_set_root (generator, header);
  json_generator_set_pretty (generator, TRUE);
  header_text = json_generator_to_data (generator, NULL);
  indented = g_strsplit (header_text, "\n", -1);
  header_text_indented = g_strjoinv ("\n  ", indented);
  body->head = g_strdup_printf ("{\n"
                                "  \"format\" : \"%s\",\n"
                                "  \"version\" : %d,\n"
                                "  \"header\" : %s,\n"
                                "  \"header_sha256\" : \"%s\",\n"
                                "  \"payload\" : \"",
                                VAULT_FORMAT_NAME, VAULT_FORMAT_VERSION, header_text_indented,
                                checksum);
  return body;
}

/* Seals, encodes and writes the payload as it is made, a piece at a time,
 * so a save never holds the whole file in memory. */
typedef struct {
  int                fd;
  int                saved_errno;
  VaultSealStream   *seal;
  VaultBase64Stream  base64;
  GString           *out;
} FileWriter;

#define WRITE_CHUNK (256 * 1024)

static gboolean write_all (int fd, const char *data, gsize len);

static gboolean
writer_flush (FileWriter *w,
              gboolean    all)
{
  if (w->out->len < WRITE_CHUNK && !all)
    return TRUE;
  if (!write_all (w->fd, w->out->str, w->out->len))
    {
      w->saved_errno = errno;
      return FALSE;
    }
  g_string_truncate (w->out, 0);
  return TRUE;
}

static gboolean
seal_pending (GString   *pending,
              gboolean   last,
              gpointer   user_data,
              GError   **error)
{
  FileWriter *w = user_data;
  gsize n = last ? pending->len : pending->len - pending->len % VAULT_GCM_BLOCK_SIZE;

  vault_seal_stream_encrypt (w->seal, (guint8 *) pending->str, n);
  vault_base64_stream_push (&w->base64, (const guint8 *) pending->str, n, w->out);
  g_string_erase (pending, 0, (gssize) n);
  return writer_flush (w, FALSE);
}

/* Collects the plain text in user_data, a GString, to be sealed later. */
static gboolean
keep_pending (GString   *pending,
              gboolean   last,
              gpointer   user_data,
              GError   **error)
{
  GString *plain = user_data;

  g_string_append_len (plain, pending->str, (gssize) pending->len);
  vault_secure_wipe (pending->str, pending->len);
  g_string_truncate (pending, 0);
  return TRUE;
}

/* Writes the whole file to fd; on failure errno says why. */
static gboolean
file_body_write (FileBody *body,
                 int       fd)
{
  g_autoptr(VaultSealStream) seal = NULL;
  g_autoptr(GString) out = g_string_sized_new (WRITE_CHUNK + 64 * 1024);
  FileWriter w = { fd, 0, NULL, { { 0, }, 0 }, out };
  guint8 nonce[VAULT_NONCE_SIZE], tag[VAULT_TAG_SIZE];
  gboolean ok;

  g_string_append (out, body->head);
  seal = vault_seal_stream_new (body->payload_key->data, body->canonical,
                                strlen (body->canonical), nonce);
  w.seal = seal;
  vault_base64_stream_push (&w.base64, nonce, sizeof nonce, out);
  if (body->plain != NULL)
    ok = seal_pending (body->plain, TRUE, &w, NULL);
  else
    ok = vault_payload_write (body->entries, seal_pending, &w, NULL);
  if (ok)
    {
      vault_seal_stream_finish (seal, tag);
      vault_base64_stream_push (&w.base64, tag, sizeof tag, out);
      vault_base64_stream_finish (&w.base64, out);
      g_string_append (out, FILE_TAIL);
      ok = writer_flush (&w, TRUE);
    }
  if (!ok)
    errno = w.saved_errno;
  return ok;
}

static void
remember_file (VaultStore *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) == 0)
    {
      self->file_dev = st.st_dev;
      self->file_ino = st.st_ino;
      self->file_mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
      self->file_size = st.st_size;
    }
}

static gboolean
file_changed_since_read (VaultStore *self)
{
  GStatBuf st;

  if (g_stat (self->path, &st) != 0)
    return self->file_ino != 0;
  return st.st_dev != self->file_dev || st.st_ino != self->file_ino ||
         (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec != self->file_mtime_ns ||
         st.st_size != self->file_size;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Keep the file being replaced as PATH.bak: a hard link where the file
 * system allows it, else a copy. Only then is the new file renamed in. */
static gboolean
keep_backup (const char  *path,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *backup_tmp = g_strconcat (path, ".bak.tmp", NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  (void) g_unlink (backup_tmp);
  if (link (path, backup_tmp) == 0)
    {
      if (g_rename (backup_tmp, backup) == 0)
        return TRUE;
      set_io_error (error, errno, _("Could not keep a backup of “%s”"), path);
      (void) g_unlink (backup_tmp);
      return FALSE;
    }

  source = g_file_new_for_path (path);
  dest = g_file_new_for_path (backup);
  if (!g_file_copy (source, dest, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("Could not keep a backup of “%s”: %s"), path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_atomically (const char  *path,
                  FileBody    *body,
                  GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  int fd, dir_fd, saved;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_io_error (error, errno, _("Could not save the vault in “%s”"), dir);
      return FALSE;
    }

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, _("Could not save the vault in “%s”"), dir);
      return FALSE;
    }

  if (!file_body_write (body, fd) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      (void) g_unlink (tmp);
      set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      (void) g_unlink (tmp);
      set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }

  if (!keep_backup (path, error))
    {
      (void) g_unlink (tmp);
      return FALSE;
    }

  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      (void) g_unlink (tmp);
      set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}

/* Never write over a file this store did not read or write last. */
static gboolean
check_can_save (VaultStore  *self,
                GError     **error)
{
  if (self->locked)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_LOCKED, _("The vault is locked."));
      return FALSE;
    }
  if (file_changed_since_read (self))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK,
                   _("Another program changed the vault “%s” since it was opened. "
                     "Nothing was saved; open the vault again and repeat the change."),
                   self->path);
      return FALSE;
    }
  return TRUE;
}

gboolean
vault_store_save (VaultStore    *self,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(FileBody) body = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);

  if (!check_can_save (self, error))
    return FALSE;

  body = file_body_new (self);
  body->entries = G_LIST_MODEL (self->entries);
  if (!write_atomically (self->path, body, error))
    return FALSE;
  remember_file (self);
  return TRUE;
}

static gboolean
read_file (VaultStore  *self,
           char       **contents,
           gsize       *length,
           GError     **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd, saved;

  fd = open (self->path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT,
                     _("There is no vault at “%s”."), self->path);
      else
        set_io_error (error, errno, _("Could not read the vault “%s”"), self->path);
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    goto failed;
  if (!S_ISREG (st.st_mode))
    {
      errno = EINVAL;
      goto failed;
    }
  data = g_try_malloc ((gsize) st.st_size + 1);
  if (data == NULL)
    {
      errno = ENOMEM;
      goto failed;
    }

  vault_prefault (data, (gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, data + done, (gsize) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0)
        errno = EIO; /* shorter than it was a moment ago */
      if (n <= 0)
        goto failed;
      done += (gsize) n;
    }
  close (fd);
  data[done] = '\0';

  *contents = g_steal_pointer (&data);
  *length = done;
  return TRUE;

failed:
  saved = errno;
  close (fd);
  set_io_error (error, saved, _("Could not read the vault “%s”"), self->path);
  return FALSE;
}

/* Reads and checks the file: a store holding its header (id, KDF, slots)
 * and no key yet, with the payload and canonical header to open it. */
static VaultStore *
load_file (const char  *path,
           char       **canonical,
           GBytes     **payload,
           GError     **error)
{
  g_autoptr(VaultStore) self = g_object_new (VAULT_TYPE_STORE, NULL);
  g_autofree char *contents = NULL;
  gsize length;

  self->path = g_strdup (path);
  if (!read_file (self, &contents, &length, error) ||
      (*payload = parse_file (self, &contents, length, canonical, error)) == NULL)
    return NULL;
  remember_file (self);
  return g_steal_pointer (&self);
}

/* --- Creating and opening ------------------------------------------------------ */

VaultStore *
vault_store_create (const char    *path,
                    const char    *master_password,
                    guint          iterations,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(VaultStore) self = NULL;
  g_autoptr(VaultSecureBuf) muk = NULL;
  VaultSecureBuf *vault_key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_EXISTS,
                   _("A vault already exists at “%s”."), path);
      return NULL;
    }
  if (*master_password == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The master password cannot be empty."));
      return NULL;
    }
  if (!vault_strength_acceptable_master (master_password, error))
    return NULL;

  self = g_object_new (VAULT_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->vault_id = vault_random_uuid ();
  self->created = now_seconds ();
  self->iterations = iterations > 0 ? iterations : vault_kdf_calibrate ();
  vault_random_bytes (self->salt, sizeof self->salt);

  self->secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (self->secret_key->data, VAULT_KEY_SIZE);
  vault_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (vault_key->data, VAULT_KEY_SIZE);
  set_vault_key (self, vault_key);

  muk = derive_muk (master_password, self->salt, self->iterations, self->secret_key,
                    self->vault_id);
  self->password_slot = wrap_key (muk, self->vault_key, SLOT_PASSWORD, self->vault_id);

  /* The key first: a vault whose Secret Key could not be kept would be lost. */
  if (!vault_secret_key_store (self->vault_id, self->secret_key->data, cancellable, error))
    return NULL;

  if (!vault_store_save (self, cancellable, error))
    {
      (void) vault_secret_key_delete (self->vault_id, NULL, NULL);
      return NULL;
    }

  return g_steal_pointer (&self);
}

static VaultStore *
open_with_kek (VaultStore      *self,
               const char      *canonical,
               GBytes          *payload,
               VaultSecureBuf  *vault_key,
               GError         **error)
{
  gsize len;
  guint8 *data;
  gboolean parsed;

  set_vault_key (self, vault_key);

  /* The payload's bytes are this open's own (read from the file for it),
   * so they are decrypted where they lie rather than copied. */
  data = (guint8 *) g_bytes_get_data (payload, &len);
  if (!vault_open_in_place (self->payload_key->data, data, len, canonical, strlen (canonical)))
    {
      /* The slot opened, so the key is right: the file itself is wrong. */
      set_damaged (error);
      return NULL;
    }
  parsed = parse_payload (self, (const char *) data + VAULT_NONCE_SIZE,
                          len - VAULT_SEAL_OVERHEAD, error);
  vault_secure_wipe (data, len);
  if (!parsed)
    return NULL;

  return g_object_ref (self);
}

static VaultStore *
unlock_with_password (VaultStore           *self,
                      const char           *canonical,
                      GBytes               *payload,
                      const char           *master_password,
                      const VaultSecureBuf *secret_key,
                      GError              **error)
{
  g_autoptr(VaultSecureBuf) muk = NULL;
  VaultSecureBuf *vault_key;

  muk = derive_muk (master_password, self->salt, self->iterations, secret_key, self->vault_id);
  vault_key = unwrap_key (muk, self->password_slot, SLOT_PASSWORD, self->vault_id);
  if (vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("Wrong master password or Secret Key."));
      return NULL;
    }
  self->secret_key = vault_secure_buf_dup (secret_key);

  return open_with_kek (self, canonical, payload, vault_key, error);
}

VaultStore *
vault_store_open_with_secret_key (const char           *path,
                                  const char           *master_password,
                                  const VaultSecureBuf *secret_key,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  g_autofree char *canonical = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  self = load_file (path, &canonical, &payload, error);
  if (self == NULL)
    return NULL;
  return unlock_with_password (self, canonical, payload, master_password, secret_key, error);
}

VaultStore *
vault_store_open (const char    *path,
                  const char    *master_password,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *canonical = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultStore) self = NULL;
  g_autoptr(VaultSecureBuf) secret_key = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (master_password != NULL, NULL);

  /* The file is read and its header checked first: a damaged or newer file
   * is reported as such before the keyring is ever asked. It is read once. */
  self = load_file (path, &canonical, &payload, error);
  if (self == NULL)
    return NULL;

  secret_key = vault_secret_key_lookup (self->vault_id, cancellable, error);
  if (secret_key == NULL)
    return NULL;

  return unlock_with_password (self, canonical, payload, master_password, secret_key, error);
}

VaultStore *
vault_store_open_with_recovery_code (const char    *path,
                                     const char    *recovery_code,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  g_autoptr(VaultStore) self = NULL;
  g_autofree char *canonical = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(VaultSecureBuf) recovery_key = NULL;
  g_autoptr(VaultSecureBuf) kek = NULL;
  VaultSecureBuf *vault_key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (recovery_code != NULL, NULL);

  self = load_file (path, &canonical, &payload, error);
  if (self == NULL)
    return NULL;

  if (self->recovery_slot == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_NO_RECOVERY_KEY,
                           _("This vault has no recovery key."));
      return NULL;
    }

  recovery_key = vault_kit_decode (VAULT_KIT_RECOVERY_KEY, recovery_code, error);
  if (recovery_key == NULL)
    return NULL;

  kek = derive_subkey (recovery_key, self->vault_id, INFO_RECOVERY);
  vault_key = unwrap_key (kek, self->recovery_slot, SLOT_RECOVERY, self->vault_id);
  if (vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("This recovery key does not open the vault."));
      return NULL;
    }

  return open_with_kek (self, canonical, payload, vault_key, error);
}

/* Opens the vault with a Secret Key typed from the Emergency Kit, and only
 * then stores the key in this device's keyring; returns the open vault. */
static VaultStore *
restore_and_open (const char    *path,
                  const char    *master_password,
                  const char    *code,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(VaultSecureBuf) secret_key = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) local_error = NULL;

  secret_key = vault_kit_decode (VAULT_KIT_SECRET_KEY, code, error);
  if (secret_key == NULL)
    return NULL;

  /* Only a key that opens the vault with this password is stored. */
  store = vault_store_open_with_secret_key (path, master_password, secret_key,
                                            cancellable, &local_error);
  if (store == NULL)
    {
      if (g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
        g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                             _("This Secret Key and master password do not open the vault. "
                               "Check both; nothing was stored."));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!vault_secret_key_store (store->vault_id, secret_key->data, cancellable, error))
    return NULL;
  return g_steal_pointer (&store);
}

gboolean
vault_restore_secret_key (const char    *path,
                          const char    *master_password,
                          const char    *code,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(VaultStore) store = restore_and_open (path, master_password, code,
                                                  cancellable, error);

  return store != NULL;
}

/* --- Async wrappers: the KDF and file I/O off the main thread ---------------- */

typedef struct {
  char           *path;
  VaultSecureBuf *password;
  VaultSecureBuf *code;
  guint           iterations;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *d = data;

  g_free (d->path);
  vault_secure_buf_free (d->password);
  vault_secure_buf_free (d->code);
  g_free (d);
}

static void
create_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OpenData *d = task_data;
  GError *error = NULL;
  VaultStore *store;

  store = vault_store_create (d->path, vault_secure_buf_get_string (d->password), d->iterations,
                              cancellable, &error);
  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

void
vault_store_create_async (const char          *path,
                          const char          *master_password,
                          guint                iterations,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *d = g_new0 (OpenData, 1);

  d->path = g_strdup (path);
  d->password = vault_secure_buf_new_from_string (master_password);
  d->iterations = iterations;
  g_task_set_source_tag (task, vault_store_create_async);
  g_task_set_task_data (task, d, open_data_free);
  g_task_run_in_thread (task, create_thread);
}

VaultStore *
vault_store_create_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenData *d = task_data;
  GError *error = NULL;
  VaultStore *store = NULL;
  const char *password = vault_secure_buf_get_string (d->password);

  if (d->code != NULL)
    store = restore_and_open (d->path, password, vault_secure_buf_get_string (d->code),
                              cancellable, &error);
  else
    store = vault_store_open (d->path, password, cancellable, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/* With a secret_key_code, the code is checked against the vault and stored
 * in the keyring before the vault is opened. */
void
vault_store_open_async (const char          *path,
                        const char          *master_password,
                        const char          *secret_key_code,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  OpenData *d = g_new0 (OpenData, 1);

  d->path = g_strdup (path);
  d->password = vault_secure_buf_new_from_string (master_password);
  if (secret_key_code != NULL)
    d->code = vault_secure_buf_new_from_string (secret_key_code);
  g_task_set_source_tag (task, vault_store_open_async);
  g_task_set_task_data (task, d, open_data_free);
  g_task_run_in_thread (task, open_thread);
}

VaultStore *
vault_store_open_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct {
  char     *path;
  FileBody *body;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *d = data;

  g_free (d->path);
  g_clear_pointer (&d->body, file_body_free);
  g_free (d);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *d = task_data;
  GError *error = NULL;

  if (write_atomically (d->path, d->body, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VaultStore *self = g_task_get_source_object (outer);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (outer, error);
  else
    {
      remember_file (self);
      g_task_return_boolean (outer, TRUE);
    }
}

/* The payload's plain text is made here, on the caller's thread, from the
 * model as it is now; sealing, writing and fsync go to a worker. */
void
vault_store_save_async (VaultStore          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  SaveData *d;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_task_set_source_tag (task, vault_store_save_async);

  if (!check_can_save (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  d = g_new0 (SaveData, 1);
  d->path = g_strdup (self->path);
  d->body = file_body_new (self);
  d->body->plain = g_string_sized_new ((gsize) self->file_size + 4096);
  vault_payload_write (G_LIST_MODEL (self->entries), keep_pending, d->body->plain, NULL);
  inner = g_task_new (NULL, cancellable, save_done, g_steal_pointer (&task));
  g_task_set_task_data (inner, d, save_data_free);
  g_task_run_in_thread (inner, save_thread);
}

gboolean
vault_store_save_finish (VaultStore    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- Accessors and locking ------------------------------------------------------ */

const char *
vault_store_get_path (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return self->path;
}

const char *
vault_store_get_vault_id (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return self->vault_id;
}

guint
vault_store_get_iterations (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), 0);
  return self->iterations;
}

gboolean
vault_store_get_locked (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), TRUE);
  return self->locked;
}

GListModel *
vault_store_get_entries (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  return G_LIST_MODEL (self->entries);
}

void
vault_store_lock (VaultStore *self)
{
  g_return_if_fail (VAULT_IS_STORE (self));

  g_clear_pointer (&self->secret_key, vault_secure_buf_free);
  g_clear_pointer (&self->vault_key, vault_secure_buf_free);
  g_clear_pointer (&self->payload_key, vault_secure_buf_free);
  g_clear_pointer (&self->field_key, vault_secure_buf_free);
  if (self->entries != NULL)
    vault_entry_list_replace_all (self->entries, NULL, 0);
  drop_search_index (self);

  if (!self->locked)
    {
      self->locked = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCKED]);
    }
}

static gboolean
check_unlocked (VaultStore  *self,
                GError     **error)
{
  if (self->locked || self->vault_key == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_LOCKED, _("The vault is locked."));
      return FALSE;
    }
  return TRUE;
}

/* --- Entries ----------------------------------------------------------------- */

VaultEntry *
vault_store_find_by_title (VaultStore  *self,
                           const char  *title,
                           GError     **error)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  g_autofree char *wanted = NULL;
  VaultEntry *found = NULL;
  guint n = g_list_model_get_n_items (model);

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  /* Titles are compared as text, not as bytes: NFC on both sides. */
  wanted = g_utf8_normalize (title, -1, G_NORMALIZE_NFC);
  for (guint i = 0; wanted != NULL && i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      const char *candidate = vault_entry_get_title (entry);
      gboolean same = strcmp (candidate, wanted) == 0;

      if (!same && !g_str_is_ascii (candidate))
        {
          g_autofree char *nfc = g_utf8_normalize (candidate, -1, G_NORMALIZE_NFC);
          same = g_strcmp0 (nfc, wanted) == 0;
        }
      if (!same)
        continue;
      if (found != NULL)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_AMBIGUOUS,
                       _("Several entries are called “%s”."), title);
          return NULL;
        }
      found = entry;
    }

  if (found == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                 _("No entry is called “%s”."), title);
  return found;
}

VaultEntry *
vault_store_find_by_id (VaultStore *self,
                        const char *id)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      if (g_strcmp0 (vault_entry_get_id (entry), id) == 0)
        return entry;
    }
  return NULL;
}

static void
build_search_index (VaultStore  *self,
                    VaultEntry **entries,
                    guint        n)
{
  gsize size = 0;
  char *p;

  drop_search_index (self);
  for (guint i = 0; i < n; i++)
    size += strlen (vault_entry_get_search_key (entries[i])) + 1;

  self->index_text = g_malloc (MAX (size, 1));
  vault_prefault (self->index_text, size);
  self->index_offsets = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  p = self->index_text;
  for (guint i = 0; i < n; i++)
    {
      const char *key = vault_entry_get_search_key (entries[i]);
      gsize len = strlen (key) + 1;
      guint32 offset = (guint32) (p - self->index_text);

      g_array_append_val (self->index_offsets, offset);
      memcpy (p, key, len);
      p += len;
    }
}

static void
ensure_search_index (VaultStore *self)
{
  GListModel *model = G_LIST_MODEL (self->entries);
  g_autoptr(GPtrArray) entries = NULL;
  guint n = g_list_model_get_n_items (model);

  if (self->index_text != NULL)
    return;
  entries = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (entries, g_list_model_get_item (model, i));
  build_search_index (self, (VaultEntry **) entries->pdata, n);
}

GPtrArray *
vault_store_search (VaultStore *self,
                    const char *query_text)
{
  g_autoptr(VaultSearchQuery) query = vault_search_query_new (query_text);
  GListModel *model = G_LIST_MODEL (self->entries);
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);
  const guint32 *offsets;
  guint n;

  ensure_search_index (self);
  offsets = (const guint32 *) (gpointer) self->index_offsets->data;
  n = self->index_offsets->len;
  for (guint i = 0; i < n; i++)
    if (vault_search_query_matches_key (query, self->index_text + offsets[i]))
      g_ptr_array_add (results, g_list_model_get_item (model, i));
  return results;
}

static gboolean
valid_text (const char  *text,
            GError     **error)
{
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The text is not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
check_fields (const VaultEntryFields  *fields,
              gboolean                 adding,
              GError                 **error)
{
  if ((adding || fields->title != NULL) &&
      (fields->title == NULL || !g_utf8_validate (fields->title, -1, NULL) ||
       is_blank (fields->title)))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("An entry needs a title."));
      return FALSE;
    }
  if (!valid_text (fields->title, error) || !valid_text (fields->username, error) ||
      !valid_text (fields->url, error) || !valid_text (fields->password, error) ||
      !valid_text (fields->notes, error))
    return FALSE;
  for (guint i = 0; fields->tags != NULL && fields->tags[i] != NULL; i++)
    if (!valid_text (fields->tags[i], error))
      return FALSE;
  return TRUE;
}

static void
apply_fields (VaultStore             *self,
              VaultEntry             *entry,
              const VaultEntryFields *fields)
{
  /* The overview may change, and with it the entry's search key. */
  drop_search_index (self);
  if (fields->title != NULL)
    vault_entry_set_title (entry, fields->title);
  if (fields->username != NULL)
    vault_entry_set_username (entry, fields->username);
  if (fields->url != NULL)
    vault_entry_set_url (entry, fields->url);
  if (fields->tags != NULL)
    vault_entry_set_tags (entry, fields->tags);
  if (fields->set_favourite)
    vault_entry_set_favourite (entry, fields->favourite);
  if (fields->notes != NULL)
    {
      g_autoptr(GBytes) sealed = seal_field (self, entry, "notes", fields->notes);
      vault_entry_set_sealed_notes (entry, sealed);
    }
}

VaultEntry *
vault_store_add_entry (VaultStore              *self,
                       const VaultEntryFields  *fields,
                       GError                 **error)
{
  g_autoptr(VaultEntry) entry = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (fields != NULL, NULL);

  if (!check_unlocked (self, error) || !check_fields (fields, TRUE, error))
    return NULL;

  id = vault_random_uuid ();
  entry = vault_entry_new (id, now_seconds ());
  apply_fields (self, entry, fields);
  if (fields->password != NULL)
    {
      g_autoptr(GBytes) sealed = seal_field (self, entry, "password", fields->password);
      vault_entry_set_sealed_password (entry, sealed);
    }

  vault_entry_list_append (self->entries, entry);
  return entry;
}

gboolean
vault_store_update_entry (VaultStore              *self,
                          VaultEntry              *entry,
                          const VaultEntryFields  *fields,
                          GError                 **error)
{
  guint position;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  if (!check_unlocked (self, error) || !check_fields (fields, FALSE, error))
    return FALSE;

  if (fields->password != NULL)
    {
      g_autoptr(VaultSecureBuf) old = NULL;
      gboolean changed = TRUE;

      old = vault_store_reveal (self, entry, VAULT_FIELD_PASSWORD, error);
      if (old == NULL)
        return FALSE;
      changed = strcmp (vault_secure_buf_get_string (old), fields->password) != 0;

      if (changed)
        {
          g_autoptr(GBytes) sealed = seal_field (self, entry, "password", fields->password);

          /* The replaced password goes to history, sealed under its own field name. */
          if (old->len > 0)
            {
              g_autoptr(GBytes) previous = seal_field (self, entry, "history",
                                                       vault_secure_buf_get_string (old));
              vault_entry_add_history (entry, now_seconds (), previous);
            }
          vault_entry_set_sealed_password (entry, sealed);
        }
    }

  apply_fields (self, entry, fields);
  vault_entry_set_modified (entry, now_seconds ());
  if (vault_entry_list_find (self->entries, entry, &position))
    vault_entry_list_changed (self->entries, position);
  return TRUE;
}

/* Puts back an entry deleted a moment ago (Undo), as it was. */
gboolean
vault_store_restore_entry (VaultStore  *self,
                           VaultEntry  *entry,
                           GError     **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;
  if (!vault_entry_list_find (self->entries, entry, NULL))
    vault_entry_list_append (self->entries, entry);
  return TRUE;
}

gboolean
vault_store_delete_entry (VaultStore  *self,
                          VaultEntry  *entry,
                          GError     **error)
{
  guint position;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;
  if (!vault_entry_list_find (self->entries, entry, &position))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                   _("No entry is called “%s”."), vault_entry_get_title (entry));
      return FALSE;
    }
  vault_entry_list_remove (self->entries, position);
  return TRUE;
}

VaultSecureBuf *
vault_store_reveal (VaultStore        *self,
                    VaultEntry        *entry,
                    VaultSecretField   field,
                    GError           **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if (!check_unlocked (self, error))
    return NULL;

  if (field == VAULT_FIELD_PASSWORD)
    data = vault_entry_get_sealed_password (entry, &len);
  else
    data = vault_entry_get_sealed_notes (entry, &len);
  return open_field (self, entry, field == VAULT_FIELD_PASSWORD ? "password" : "notes",
                     data, len, error);
}

VaultSecureBuf *
vault_store_reveal_history (VaultStore  *self,
                            VaultEntry  *entry,
                            guint        index,
                            GError     **error)
{
  GArray *history;
  GBytes *sealed;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if (!check_unlocked (self, error))
    return NULL;
  history = vault_entry_get_history (entry);
  g_return_val_if_fail (history != NULL && index < history->len, NULL);

  sealed = g_array_index (history, VaultHistoryItem, index).sealed;
  return open_field (self, entry, "history", g_bytes_get_data (sealed, NULL),
                     g_bytes_get_size (sealed), error);
}

/* --- Master password, Secret Key, recovery key ------------------------------ */

static gboolean
ensure_secret_key (VaultStore    *self,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->secret_key != NULL)
    return TRUE;

  self->secret_key = vault_secret_key_lookup (self->vault_id, cancellable, &local_error);
  if (self->secret_key != NULL)
    return TRUE;

  if (!g_error_matches (local_error, VAULT_ERROR, VAULT_ERROR_NO_SECRET_KEY))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Opened with the recovery key on a device without the Secret Key: the
   * password slot is about to be rewritten anyway, so make a new one. */
  self->secret_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (self->secret_key->data, VAULT_KEY_SIZE);
  self->secret_key_replaced = TRUE;
  return TRUE;
}

static gboolean
check_new_password (VaultStore  *self,
                    const char  *new_password,
                    GError     **error)
{
  if (!check_unlocked (self, error))
    return FALSE;
  if (*new_password == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The master password cannot be empty."));
      return FALSE;
    }
  return vault_strength_acceptable_master (new_password, error);
}

/* A key-slot change waiting to be saved, and what to put back if it is not. */
typedef struct {
  VaultSecureBuf *current_password;
  VaultSecureBuf *password;
  VaultSecureBuf *secret_key;
  char           *vault_id;
  guint8          salt[VAULT_SALT_SIZE];
  guint           iterations;
  guint8          old_salt[VAULT_SALT_SIZE];
  guint           old_iterations;
  GBytes         *old_password_slot;
  GBytes         *old_recovery_slot;
  VaultSecureBuf *recovery_code;
} SlotChange;

static void
slot_change_free (gpointer data)
{
  SlotChange *c = data;

  vault_secure_buf_free (c->current_password);
  vault_secure_buf_free (c->password);
  vault_secure_buf_free (c->secret_key);
  vault_secure_buf_free (c->recovery_code);
  g_free (c->vault_id);
  g_clear_pointer (&c->old_password_slot, g_bytes_unref);
  g_clear_pointer (&c->old_recovery_slot, g_bytes_unref);
  g_free (c);
}

static void
slot_change_revert (VaultStore *self,
                    SlotChange *c)
{
  memcpy (self->salt, c->old_salt, sizeof c->old_salt);
  self->iterations = c->old_iterations;
  g_clear_pointer (&self->password_slot, g_bytes_unref);
  self->password_slot = g_steal_pointer (&c->old_password_slot);
  g_clear_pointer (&self->recovery_slot, g_bytes_unref);
  self->recovery_slot = g_steal_pointer (&c->old_recovery_slot);
}

static SlotChange *
slot_change_begin (VaultStore *self)
{
  SlotChange *c = g_new0 (SlotChange, 1);

  memcpy (c->old_salt, self->salt, sizeof c->old_salt);
  c->old_iterations = self->iterations;
  c->old_password_slot = self->password_slot ? g_bytes_ref (self->password_slot) : NULL;
  c->old_recovery_slot = self->recovery_slot ? g_bytes_ref (self->recovery_slot) : NULL;
  return c;
}

/* The password slot from a new salt and MUK: the vault key is re-wrapped,
 * never replaced. A Secret Key made just now for this vault is kept in the
 * keyring first. The caller saves, or reverts with slot_change_revert. */
static gboolean
put_password_slot (VaultStore           *self,
                   const guint8         *salt,
                   guint                 iterations,
                   const VaultSecureBuf *muk,
                   GCancellable         *cancellable,
                   GError              **error)
{
  memcpy (self->salt, salt, VAULT_SALT_SIZE);
  self->iterations = iterations;
  g_clear_pointer (&self->password_slot, g_bytes_unref);
  self->password_slot = wrap_key (muk, self->vault_key, SLOT_PASSWORD, self->vault_id);

  return !self->secret_key_replaced ||
         vault_secret_key_store (self->vault_id, self->secret_key->data, cancellable, error);
}

/* A new recovery slot under a new random recovery key, whose code is
 * returned; or, without enable, no recovery slot and NULL. */
static VaultSecureBuf *
put_recovery_slot (VaultStore *self,
                   gboolean    enable)
{
  g_autoptr(VaultSecureBuf) recovery_key = NULL;
  g_autoptr(VaultSecureBuf) kek = NULL;

  g_clear_pointer (&self->recovery_slot, g_bytes_unref);
  if (!enable)
    return NULL;

  recovery_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  vault_random_bytes (recovery_key->data, VAULT_KEY_SIZE);
  kek = derive_subkey (recovery_key, self->vault_id, INFO_RECOVERY);
  self->recovery_slot = wrap_key (kek, self->vault_key, SLOT_RECOVERY, self->vault_id);
  return vault_kit_encode (VAULT_KIT_RECOVERY_KEY, recovery_key->data);
}

gboolean
vault_store_change_password (VaultStore    *self,
                             const char    *new_password,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(VaultSecureBuf) muk = NULL;
  guint8 salt[VAULT_SALT_SIZE];
  SlotChange *change;
  guint iterations;
  gboolean ok;

  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  g_return_val_if_fail (new_password != NULL, FALSE);

  if (!check_new_password (self, new_password, error) ||
      !ensure_secret_key (self, cancellable, error))
    return FALSE;

  vault_random_bytes (salt, sizeof salt);
  iterations = MAX (self->iterations, VAULT_MIN_ITERATIONS);
  muk = derive_muk (new_password, salt, iterations, self->secret_key, self->vault_id);

  change = slot_change_begin (self);
  ok = put_password_slot (self, salt, iterations, muk, cancellable, error) &&
       vault_store_save (self, cancellable, error);
  if (!ok)
    slot_change_revert (self, change);
  slot_change_free (change);
  return ok;
}

static void
slot_change_saved (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  VaultStore *self = VAULT_STORE (source);
  SlotChange *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!vault_store_save_finish (self, result, &error))
    {
      slot_change_revert (self, c);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
change_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SlotChange *c = task_data;

  /* Someone at an unlocked session must not lock its owner out: the
   * current password has to open the current slot first. */
  if (c->current_password != NULL)
    {
      g_autoptr(VaultSecureBuf) old_muk = NULL;
      g_autoptr(VaultSecureBuf) opened = NULL;

      old_muk = derive_muk (vault_secure_buf_get_string (c->current_password), c->old_salt,
                            c->old_iterations, c->secret_key, c->vault_id);
      opened = unwrap_key (old_muk, c->old_password_slot, SLOT_PASSWORD, c->vault_id);
      if (opened == NULL)
        {
          g_task_return_new_error (task, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                                   _("The current master password is not right."));
          return;
        }
    }

  g_task_return_pointer (task,
                         derive_muk (vault_secure_buf_get_string (c->password), c->salt,
                                     c->iterations, c->secret_key, c->vault_id),
                         (GDestroyNotify) vault_secure_buf_free);
}

static void
change_derived (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  VaultStore *self = g_task_get_source_object (outer);
  SlotChange *c = g_task_get_task_data (outer);
  g_autoptr(VaultSecureBuf) muk = NULL;
  GError *error = NULL;

  muk = g_task_propagate_pointer (G_TASK (result), &error);
  if (muk == NULL || !check_unlocked (self, &error))
    {
      g_task_return_error (outer, error);
      return;
    }

  if (!put_password_slot (self, c->salt, c->iterations, muk, NULL, &error))
    {
      slot_change_revert (self, c);
      g_task_return_error (outer, error);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (outer);

    vault_store_save_async (self, cancellable, slot_change_saved, g_steal_pointer (&outer));
  }
}

/* The KDF runs in a worker with copies of what it needs; the new slot is put
 * in on the caller's thread and written by an async save. If the save fails,
 * the old slot is put back: the file and the open vault still agree. With a
 * current_password, nothing changes unless it is the right one. */
void
vault_store_change_password_async (VaultStore          *self,
                                   const char          *current_password,
                                   const char          *new_password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = NULL;
  GError *error = NULL;
  SlotChange *c;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_return_if_fail (new_password != NULL);
  g_task_set_source_tag (task, vault_store_change_password_async);

  if (!check_new_password (self, new_password, &error) ||
      !ensure_secret_key (self, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  c = slot_change_begin (self);
  if (current_password != NULL)
    c->current_password = vault_secure_buf_new_from_string (current_password);
  c->password = vault_secure_buf_new_from_string (new_password);
  c->secret_key = vault_secure_buf_dup (self->secret_key);
  c->vault_id = g_strdup (self->vault_id);
  c->iterations = MAX (self->iterations, VAULT_MIN_ITERATIONS);
  vault_random_bytes (c->salt, sizeof c->salt);
  g_task_set_task_data (task, c, slot_change_free);

  inner = g_task_new (NULL, cancellable, change_derived, g_steal_pointer (&task));
  g_task_set_task_data (inner, c, NULL);
  g_task_run_in_thread (inner, change_thread);
}

gboolean
vault_store_change_password_finish (VaultStore    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* With enable, adds a new recovery slot, else removes it; then saves off
 * the main thread. The finish function returns the new recovery code, or an
 * empty buffer after a removal; a failed save puts the old slot back. */
void
vault_store_set_recovery_async (VaultStore          *self,
                                gboolean             enable,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  SlotChange *c;

  g_return_if_fail (VAULT_IS_STORE (self));
  g_task_set_source_tag (task, vault_store_set_recovery_async);

  if (!check_unlocked (self, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  c = slot_change_begin (self);
  g_task_set_task_data (task, c, slot_change_free);
  c->recovery_code = put_recovery_slot (self, enable);
  vault_store_save_async (self, cancellable, slot_change_saved, g_steal_pointer (&task));
}

VaultSecureBuf *
vault_store_set_recovery_finish (VaultStore    *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  SlotChange *c;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  c = g_task_get_task_data (G_TASK (result));
  /* Removing returns an empty buffer: success, and no code to show. */
  return c->recovery_code ? g_steal_pointer (&c->recovery_code) : vault_secure_buf_new (0);
}

gboolean
vault_store_secret_key_was_replaced (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  return self->secret_key_replaced;
}

VaultSecureBuf *
vault_store_get_secret_key_code (VaultStore  *self,
                                 GError     **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);

  if (!check_unlocked (self, error))
    return NULL;
  if (self->secret_key == NULL)
    {
      self->secret_key = vault_secret_key_lookup (self->vault_id, NULL, error);
      if (self->secret_key == NULL)
        return NULL;
    }
  return vault_kit_encode (VAULT_KIT_SECRET_KEY, self->secret_key->data);
}

gboolean
vault_store_has_recovery_key (VaultStore *self)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);
  return self->recovery_slot != NULL;
}

/* Sets up (enable) or removes the recovery slot and saves; on failure the
 * old slot comes back. The new code goes to code after a set-up. */
static gboolean
set_recovery (VaultStore      *self,
              gboolean         enable,
              VaultSecureBuf **code,
              GCancellable    *cancellable,
              GError         **error)
{
  SlotChange *change = slot_change_begin (self);
  g_autoptr(VaultSecureBuf) new_code = put_recovery_slot (self, enable);
  gboolean ok = vault_store_save (self, cancellable, error);

  if (!ok)
    slot_change_revert (self, change);
  else if (code != NULL)
    *code = g_steal_pointer (&new_code);
  slot_change_free (change);
  return ok;
}

VaultSecureBuf *
vault_store_set_up_recovery_key (VaultStore    *self,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  VaultSecureBuf *code = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);

  if (!check_unlocked (self, error) || !set_recovery (self, TRUE, &code, cancellable, error))
    return NULL;
  return code;
}

gboolean
vault_store_remove_recovery_key (VaultStore    *self,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (VAULT_IS_STORE (self), FALSE);

  if (!check_unlocked (self, error))
    return FALSE;
  if (self->recovery_slot == NULL)
    return TRUE;
  return set_recovery (self, FALSE, NULL, cancellable, error);
}
