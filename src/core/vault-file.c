/* vault-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the vault file, formats 1 to 3, within its bounds, and checking
 * its header. Writing it is in vault-file-save.c.
 */
#include "config.h"

#include "vault-file-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault-base64.h"
#include "vault-error.h"

#define MAC_HEX_LEN       64

/* --- Errors ------------------------------------------------------------------ */

void
vault_file_set_io_error (GError     **error,
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

void
vault_file_set_damaged (GError **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The vault file is damaged or was changed. Nothing was changed; "
                         "restore it from its backup (the file ending in “.bak”)."));
}

/* --- Headers ----------------------------------------------------------------- */

void
vault_file_header_free (VaultFileHeader *header)
{
  if (header == NULL)
    return;
  g_free (header->vault_id);
  g_free (header->canonical);
  g_clear_pointer (&header->password_slot, g_bytes_unref);
  g_clear_pointer (&header->recovery_slot, g_bytes_unref);
  g_free (header);
}

/* The header's one serialisation: what its digest and MAC cover and what
 * the payload authenticates. It is made from the parsed tree, so white space
 * or re-indentation of the file does not change it, and any value does. */
char *
vault_file_canonical_header (JsonNode *header)
{
  return json_to_string (header, FALSE);
}

VaultFileHeader *
vault_file_header_copy (const VaultFileHeader *header)
{
  VaultFileHeader *copy = g_memdup2 (header, sizeof *header);

  copy->vault_id = g_strdup (header->vault_id);
  copy->canonical = g_strdup (header->canonical);
  if (header->password_slot != NULL)
    g_bytes_ref (header->password_slot);
  if (header->recovery_slot != NULL)
    g_bytes_ref (header->recovery_slot);
  return copy;
}

static gboolean
same_bytes (GBytes *a,
            GBytes *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_bytes_equal (a, b);
}

gboolean
vault_file_header_same_keys (const VaultFileHeader *a,
                             const VaultFileHeader *b)
{
  return memcmp (a->salt, b->salt, sizeof a->salt) == 0 && a->iterations == b->iterations &&
         same_bytes (a->password_slot, b->password_slot) &&
         same_bytes (a->recovery_slot, b->recovery_slot);
}

char *
vault_file_header_digest (const char *canonical)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
}

gboolean
vault_file_header_check_mac (const VaultFileHeader *header,
                             const VaultSecureBuf  *secret_key)
{
  guint8 mac[32];
  gboolean same;

  g_return_val_if_fail (header->canonical != NULL, FALSE);

  /* Format 1 had no MAC: its header is authenticated later, by the payload. */
  if (!header->has_mac)
    return header->version < 2;
  vault_keys_header_mac (secret_key, header->vault_id, header->canonical, mac);
  same = vault_memeq_secure (mac, header->mac, sizeof mac);
  vault_secure_wipe (mac, sizeof mac);
  return same;
}

/* --- Reading ----------------------------------------------------------------- */

char *
vault_file_read (const char      *path,
                 gsize           *length,
                 VaultFileStamp  *stamp,
                 GError         **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize done = 0;
  int fd, saved;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      if (errno == ENOENT)
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_NO_VAULT,
                     _("There is no vault at “%s”."), path);
      else
        vault_file_set_io_error (error, errno, _("Could not read the vault “%s”"), path);
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    goto failed;
  if (!S_ISREG (st.st_mode))
    {
      errno = EINVAL;
      goto failed;
    }
  if (st.st_size > VAULT_FILE_MAX_SIZE)
    {
      close (fd);
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                   _("“%s” is larger than any vault Vault writes (%d MB at most). "
                     "Nothing was changed."), path, VAULT_FILE_MAX_SIZE / (1024 * 1024));
      return NULL;
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

  stamp->dev = st.st_dev;
  stamp->ino = st.st_ino;
  stamp->mtime_ns = (gint64) st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
  stamp->size = st.st_size;
  *length = done;
  return g_steal_pointer (&data);

failed:
  saved = errno;
  close (fd);
  vault_file_set_io_error (error, saved, _("Could not read the vault “%s”"), path);
  return NULL;
}

/* The outline of the document, found before any parser sees it: how deep
 * it nests, how many values it holds, and where the top-level "payload"
 * string lies. This is a bound, not a parser: json-glib reads what is left
 * once the payload is cut out, and only when the bounds hold. */
typedef struct {
  const char *payload_start;  /* first byte inside the quotes, or NULL */
  const char *payload_end;    /* the closing quote */
} Outline;

/* The closing quote of the string whose opening quote is at p, or NULL. */
static const char *
string_end (const char *p,
            const char *end)
{
  for (p++; p < end; p++)
    {
      const char *q = memchr (p, '"', (gsize) (end - p));
      const char *b;

      if (q == NULL)
        return NULL;
      /* Escaped only after an odd number of backslashes. */
      for (b = q; b > p && b[-1] == '\\'; b--)
        ;
      if ((q - b) % 2 == 0)
        return q;
      p = q;
    }
  return NULL;
}

static gboolean
scan_outline (const char *text,
              gsize       length,
              Outline    *outline)
{
  const char *p = text, *end = text + length;
  const char *key = NULL;
  gsize key_len = 0;
  guint depth = 0, values = 0;
  gboolean in_object_1 = FALSE, expect_key = FALSE;

  memset (outline, 0, sizeof *outline);
  for (; p < end; p++)
    {
      switch (*p)
        {
        case '"':
          {
            const char *q = string_end (p, end);

            if (q == NULL)
              return FALSE;
            if (depth == 1 && in_object_1 && expect_key)
              {
                key = p + 1;
                key_len = (gsize) (q - p - 1);
              }
            else if (depth == 1 && in_object_1 && key != NULL &&
                     key_len == strlen ("payload") && memcmp (key, "payload", key_len) == 0)
              {
                if (outline->payload_start != NULL)
                  return FALSE; /* two payloads: which one would be read? */
                outline->payload_start = p + 1;
                outline->payload_end = q;
              }
            values++;
            p = q;
          }
          break;
        case '{':
        case '[':
          if (++depth > VAULT_FILE_MAX_DEPTH)
            return FALSE;
          if (depth == 1)
            {
              in_object_1 = *p == '{';
              expect_key = TRUE;
            }
          values++;
          break;
        case '}':
        case ']':
          if (depth == 0)
            return FALSE;
          depth--;
          break;
        case ':':
          if (depth == 1)
            expect_key = FALSE;
          break;
        case ',':
          if (depth == 1)
            {
              expect_key = TRUE;
              key = NULL;
            }
          values++;
          break;
        default:
          break;
        }
      if (values > VAULT_FILE_MAX_VALUES)
        return FALSE;
    }
  return depth == 0;
}

/* Cuts the payload's base64 out of *contents and decodes it in place, into
 * the front of that buffer (taken); returns the rest of the document with
 * an empty string where the payload was. *payload is NULL if it did not
 * decode: a newer or damaged header is reported first. */
static char *
cut_payload (char          **contents,
             const Outline  *outline,
             GBytes        **payload)
{
  char *text = *contents;
  const char *start = outline->payload_start, *end = outline->payload_end;
  char *rest;
  gssize decoded;

  *payload = NULL;
  rest = g_malloc ((gsize) (start - text) + strlen (end) + 1);
  memcpy (rest, text, (gsize) (start - text));
  strcpy (rest + (start - text), end);

  /* Decoding writes three bytes for every four it has read, so it can
   * write from the front of the buffer. */
  decoded = vault_base64_decode_strict (start, (gsize) (end - start), (guint8 *) text);
  if (decoded >= 0)
    {
      text = g_realloc (g_steal_pointer (contents), MAX (decoded, 1));
      *payload = g_bytes_new_take (text, (gsize) decoded);
    }
  return rest;
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

/* Only the canonical encoding, and no longer than max_len bytes decoded. */
static GBytes *
get_base64 (JsonObject *object,
            const char *member,
            gsize       max_len)
{
  const char *text = get_string (object, member);
  gsize len;

  if (text == NULL || (len = strlen (text)) > (max_len + 2) / 3 * 4)
    return NULL;
  return vault_base64_decode_bytes (text, len);
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

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
read_slots (VaultFileHeader *h,
            JsonArray       *slots)
{
  guint n = json_array_get_length (slots);

  if (n > VAULT_FILE_MAX_SLOTS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (slots, i);
      g_autoptr(GBytes) wrapped = NULL;
      const char *type;
      GBytes **slot;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return FALSE;
      type = get_string (json_node_get_object (node), "type");
      if (g_strcmp0 (type, VAULT_SLOT_NAME_PASSWORD) == 0)
        slot = &h->password_slot;
      else if (g_strcmp0 (type, VAULT_SLOT_NAME_RECOVERY) == 0)
        slot = &h->recovery_slot;
      else
        return FALSE;
      wrapped = get_base64 (json_node_get_object (node), "wrapped_key",
                            VAULT_KEY_SIZE + VAULT_SEAL_OVERHEAD);
      if (wrapped == NULL || g_bytes_get_size (wrapped) != VAULT_KEY_SIZE + VAULT_SEAL_OVERHEAD ||
          *slot != NULL)
        return FALSE;
      *slot = g_steal_pointer (&wrapped);
    }
  return h->password_slot != NULL;
}

/* Format 3 says when the key material last changed; before, it is taken
 * to be when the vault was made. An older format with it is a format 3
 * file whose version was changed: damaged, as any changed byte is. */
static gboolean
read_changed (VaultFileHeader *h,
              JsonObject      *header)
{
  if (!json_object_has_member (header, "changed"))
    {
      h->changed = h->created;
      return TRUE;
    }
  return h->version >= 3 && get_int (header, "changed", &h->changed);
}

static gboolean
read_header (VaultFileHeader *h,
             JsonObject      *header)
{
  JsonObject *kdf = get_object (header, "kdf");
  JsonNode *slots = json_object_get_member (header, "slots");
  const char *vault_id = get_string (header, "vault_id");
  g_autoptr(GBytes) salt = NULL;
  gint64 iterations;

  if (vault_id == NULL || !g_uuid_string_is_valid (vault_id) ||
      !get_int (header, "created", &h->created) ||
      !read_changed (h, header) ||
      g_strcmp0 (get_string (header, "cipher"), VAULT_CIPHER) != 0 ||
      kdf == NULL ||
      g_strcmp0 (get_string (kdf, "algorithm"), VAULT_KDF_ALGORITHM) != 0 ||
      !get_int (kdf, "iterations", &iterations) ||
      iterations < 1 || iterations > VAULT_MAX_ITERATIONS ||
      (salt = get_base64 (kdf, "salt", VAULT_SALT_SIZE)) == NULL ||
      g_bytes_get_size (salt) != VAULT_SALT_SIZE ||
      slots == NULL || !JSON_NODE_HOLDS_ARRAY (slots))
    return FALSE;

  h->vault_id = g_strdup (vault_id);
  h->iterations = (guint) iterations;
  memcpy (h->salt, g_bytes_get_data (salt, NULL), VAULT_SALT_SIZE);
  return read_slots (h, json_node_get_array (slots));
}

static gboolean
read_mac (VaultFileHeader *h,
          JsonObject      *root)
{
  const char *text = get_string (root, "header_mac");

  if (h->version < 2)
    return TRUE;
  if (text == NULL || strlen (text) != MAC_HEX_LEN)
    return FALSE;
  for (guint i = 0; i < sizeof h->mac; i++)
    {
      int hi = g_ascii_xdigit_value (text[2 * i]), lo = g_ascii_xdigit_value (text[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      h->mac[i] = (guint8) (hi << 4 | lo);
    }
  h->has_mac = TRUE;
  return TRUE;
}

static void
set_not_a_vault (GError     **error,
                 const char  *path,
                 const char  *text,
                 gsize        length)
{
  if (g_strstr_len (text, MIN (length, 256), VAULT_FORMAT_NAME) != NULL)
    vault_file_set_damaged (error);
  else
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT,
                 _("“%s” is not a Vault file."), path);
}

/* Checks the file's outline, format, version, header digest and every header
 * field against its bounds; returns the header and the sealed payload. The
 * file's text (*contents) may be taken to hold the payload. */
VaultFileHeader *
vault_file_parse (const char  *path,
                  char       **contents,
                  gsize        length,
                  GBytes     **payload_out,
                  GError     **error)
{
  g_autoptr(VaultFileHeader) h = g_new0 (VaultFileHeader, 1);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GBytes) payload = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *digest = NULL;
  const char *text = *contents;
  JsonNode *root_node, *header_node;
  JsonObject *root;
  Outline outline;
  gint64 version;

  g_return_val_if_fail (payload_out != NULL, NULL);

  if (length > VAULT_FILE_MAX_SIZE || !scan_outline (text, length, &outline))
    {
      set_not_a_vault (error, path, text, length);
      return NULL;
    }
  if (outline.payload_start != NULL)
    {
      rest = cut_payload (contents, &outline, &payload);
      text = rest;
      length = strlen (rest);
    }
  if (length > VAULT_FILE_MAX_OUTLINE || !json_parser_load_from_data (parser, text, length, NULL))
    {
      set_not_a_vault (error, path, text, length);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node) ||
      g_strcmp0 (get_string (json_node_get_object (root_node), "format"), VAULT_FORMAT_NAME) != 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT,
                   _("“%s” is not a Vault file."), path);
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!get_int (root, "version", &version) || version < 1)
    {
      vault_file_set_damaged (error);
      return NULL;
    }
  if (version > VAULT_FORMAT_VERSION)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NEWER_FORMAT,
                   _("This vault was saved by a newer version of Vault (file format %d; "
                     "this version reads format %d). Update Vault to open it; the file "
                     "was not changed."),
                   (int) MIN (version, G_MAXINT), VAULT_FORMAT_VERSION);
      return NULL;
    }
  h->version = (int) version;

  header_node = json_object_get_member (root, "header");
  if (header_node == NULL || !JSON_NODE_HOLDS_OBJECT (header_node))
    {
      vault_file_set_damaged (error);
      return NULL;
    }
  h->canonical = vault_file_canonical_header (header_node);
  digest = vault_file_header_digest (h->canonical);
  if (g_strcmp0 (get_string (root, "header_sha256"), digest) != 0 ||
      !read_mac (h, root) ||
      !read_header (h, json_node_get_object (header_node)))
    {
      vault_file_set_damaged (error);
      return NULL;
    }

  /* Cut out above, the parsed document must hold the empty placeholder. */
  if (rest == NULL)
    payload = get_base64 (root, "payload", VAULT_FILE_MAX_OUTLINE);
  else if (g_strcmp0 (get_string (root, "payload"), "") != 0)
    g_clear_pointer (&payload, g_bytes_unref);
  if (payload == NULL || g_bytes_get_size (payload) < VAULT_SEAL_OVERHEAD)
    {
      vault_file_set_damaged (error);
      return NULL;
    }

  *payload_out = g_steal_pointer (&payload);
  return g_steal_pointer (&h);
}
