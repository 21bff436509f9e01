/* vault-kdbx-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries written as a KDBX 4 database that KeePassXC, KeePassDX and Secrets
 * open: Argon2id, ChaCha20 or AES-256, gzip, HMAC blocks, the inner
 * ChaCha20 stream over protected values; each entry in the group its first
 * tag names, with its password history.
 */
#include "config.h"

#include "vault-kdbx-format.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-base64.h"
#include "vault-crypto.h"
#include "vault-error.h"

#define DEFAULT_MEMORY_KIB (64 * 1024)
#define DEFAULT_PASSES     10
#define LANES              2
#define BLOCK_SIZE         (1024 * 1024)
/* Groups nest at most this deep; the rest of a longer tag names the last. */
#define MAX_GROUP_DEPTH    64

typedef struct _Group Group;
struct _Group {
  char       *name;
  GPtrArray  *children;   /* of Group */
  GHashTable *by_name;    /* borrowed names -> Group */
  GPtrArray  *entries;    /* of borrowed VaultForeignEntry */
};

typedef struct {
  VaultSecureString *out;
  VaultSecureString *scratch;
  VaultKdbxStream   *stream;
  gint64             now;
  guint              n_written;
  GCancellable      *cancellable;
} Writer;

static void group_free (Group *group);

static Group *
group_new (const char *name)
{
  Group *group = g_new0 (Group, 1);

  group->name = g_strdup (name);
  group->children = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  group->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  group->entries = g_ptr_array_new ();
  return group;
}

static void
group_free (Group *group)
{
  g_free (group->name);
  g_ptr_array_unref (group->children);
  g_hash_table_unref (group->by_name);
  g_ptr_array_unref (group->entries);
  g_free (group);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Group, group_free)

/* The group a tag names, "Work/Mail" being Mail in Work, made once. */
static Group *
group_for_tag (Group      *root,
               const char *tag)
{
  g_auto(GStrv) parts = g_strsplit (tag, "/", -1);
  Group *group = root;
  guint depth = 0;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *name = NULL;
      Group *child;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;
      if (++depth == MAX_GROUP_DEPTH)
        name = g_strjoinv ("/", parts + i);
      else
        name = g_strdup (parts[i]);
      child = g_hash_table_lookup (group->by_name, name);
      if (child == NULL)
        {
          child = group_new (name);
          g_ptr_array_add (group->children, child);
          g_hash_table_insert (group->by_name, child->name, child);
        }
      group = child;
      if (depth == MAX_GROUP_DEPTH)
        break;
    }
  return group;
}

/* --- XML text -------------------------------------------------------------- */

static void
put (Writer     *w,
     const char *text)
{
  vault_secure_string_append (w->out, text);
}

/* Text escaped for XML, without what XML 1.0 cannot hold (as KeePassXC). */
static void
put_escaped (Writer     *w,
             const char *text,
             gsize       len)
{
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];
      const char *escape = NULL;
      gsize skip = 1;

      if (c == '&')
        escape = "&amp;";
      else if (c == '<')
        escape = "&lt;";
      else if (c == '>')
        escape = "&gt;";
      else if (c == '"')
        escape = "&quot;";
      else if (c == '\r')
        escape = "&#13;";
      else if (c < 0x20 && c != '\t' && c != '\n')
        escape = "";
      else if (c == 0xEF && i + 2 < len && (guchar) text[i + 1] == 0xBF &&
               ((guchar) text[i + 2] == 0xBE || (guchar) text[i + 2] == 0xBF))
        {
          escape = "";   /* U+FFFE, U+FFFF */
          skip = 3;
        }
      if (escape == NULL)
        continue;
      vault_secure_string_append_len (w->out, text + start, i - start);
      vault_secure_string_append (w->out, escape);
      i += skip - 1;
      start = i + 1;
    }
  vault_secure_string_append_len (w->out, text + start, len - start);
}

static void
put_element (Writer     *w,
             const char *name,
             const char *text)
{
  put (w, "<");
  put (w, name);
  if (text == NULL || *text == '\0')
    {
      put (w, "/>");
      return;
    }
  put (w, ">");
  put_escaped (w, text, strlen (text));
  put (w, "</");
  put (w, name);
  put (w, ">");
}

static void
put_base64 (Writer       *w,
            const guint8 *data,
            gsize         len)
{
  gsize start = w->out->len;
  gsize n = VAULT_BASE64_ENCODED_LEN (len);

  /* Made room for first, then encoded into place. */
  for (gsize i = 0; i < n; i++)
    vault_secure_string_append_c (w->out, '=');
  vault_base64_encode (data, len, w->out->str + start);
}

static void
put_time (Writer     *w,
          const char *name,
          gint64      unix_time)
{
  guint8 bytes[8];

  if (unix_time <= 0)
    unix_time = w->now;
  vault_kdbx_write_u64 (bytes, (guint64) (unix_time + VAULT_KDBX_EPOCH_OFFSET));
  put (w, "<");
  put (w, name);
  put (w, ">");
  put_base64 (w, bytes, sizeof bytes);
  put (w, "</");
  put (w, name);
  put (w, ">");
}

static void
put_uuid (Writer     *w,
          const char *name,
          const guint8 uuid[16])
{
  put (w, "<");
  put (w, name);
  put (w, ">");
  put_base64 (w, uuid, 16);
  put (w, "</");
  put (w, name);
  put (w, ">");
}

static void
put_string (Writer     *w,
            const char *key,
            const char *value,
            gboolean    protect)
{
  gsize len = value != NULL ? strlen (value) : 0;

  put (w, "<String><Key>");
  put_escaped (w, key, strlen (key));
  put (w, "</Key>");
  if (len == 0)
    put (w, protect ? "<Value Protected=\"True\"/>" : "<Value/>");
  else if (protect)
    {
      /* Hidden by the inner stream, in the order KeePassXC opens them. */
      w->scratch->len = 0;
      vault_secure_string_append_len (w->scratch, value, len);
      vault_kdbx_stream_xor (w->stream, (guint8 *) w->scratch->str, len);
      put (w, "<Value Protected=\"True\">");
      put_base64 (w, (const guint8 *) w->scratch->str, len);
      put (w, "</Value>");
    }
  else
    {
      put (w, "<Value>");
      put_escaped (w, value, len);
      put (w, "</Value>");
    }
  put (w, "</String>");
}

static void
put_times (Writer *w,
           gint64  created,
           gint64  modified)
{
  if (created <= 0)
    created = w->now;
  if (modified <= 0)
    modified = created;
  put (w, "<Times>");
  put_time (w, "LastModificationTime", modified);
  put_time (w, "CreationTime", created);
  put_time (w, "LastAccessTime", modified);
  put_time (w, "ExpiryTime", created);
  put (w, "<Expires>False</Expires><UsageCount>0</UsageCount>");
  put_time (w, "LocationChanged", modified);
  put (w, "</Times>");
}

static gboolean
is_standard_key (const char *name)
{
  static const char * const keys[] = { "Title", "UserName", "Password", "URL", "Notes", "otp" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (strcmp (name, keys[i]) == 0)
      return TRUE;
  return FALSE;
}

/* --- Entries and groups ------------------------------------------------------- */

/* One older version of ENTRY in its <History>, with another password. */
static void
put_version (Writer                  *w,
             const VaultForeignEntry *entry,
             const guint8            *uuid,
             const char              *password,
             gint64                   written)
{
  put (w, "<Entry>");
  put_uuid (w, "UUID", uuid);
  put (w, "<IconID>0</IconID>");
  put_times (w, entry->created, written > 0 ? written : entry->created);
  put_string (w, "Title", entry->title, FALSE);
  put_string (w, "UserName", entry->username, FALSE);
  put_string (w, "Password", password, TRUE);
  put_string (w, "URL", entry->url, FALSE);
  put (w, "</Entry>");
}

static void
put_entry (Writer                  *w,
           const VaultForeignEntry *entry)
{
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) tags = g_string_new (NULL);
  guint8 uuid[16];

  vault_random_bytes (uuid, sizeof uuid);
  put (w, "<Entry>");
  put_uuid (w, "UUID", uuid);
  put (w, "<IconID>0</IconID>");
  /* The first tag is the entry's group; the others are KeePass tags. */
  for (guint i = 1; entry->tags != NULL && entry->tags[0] != NULL && entry->tags[i] != NULL; i++)
    {
      if (tags->len > 0)
        g_string_append_c (tags, ';');
      g_string_append (tags, entry->tags[i]);
    }
  put_element (w, "Tags", tags->str);
  put_times (w, entry->created, entry->modified);
  put_string (w, "Title", entry->title, FALSE);
  put_string (w, "UserName", entry->username, FALSE);
  put_string (w, "Password", entry->password, TRUE);
  put_string (w, "URL", entry->url, FALSE);
  put_string (w, "Notes", entry->notes, FALSE);
  if (entry->otp != NULL && *entry->otp != '\0')
    put_string (w, "otp", entry->otp, TRUE);

  /* KeePassXC refuses an entry with two strings of one name. */
  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    {
      const VaultForeignField *field = g_ptr_array_index (entry->fields, i);
      g_autofree char *key = g_strdup (*field->name != '\0' ? field->name : "Field");

      for (guint n = 2; is_standard_key (key) || g_hash_table_contains (keys, key); n++)
        {
          g_free (key);
          key = g_strdup_printf ("%s (%u)", *field->name != '\0' ? field->name : "Field", n);
        }
      put_string (w, key, field->value, field->protected);
      g_hash_table_add (keys, g_steal_pointer (&key));
    }

  if (entry->history != NULL && entry->history->len > 0)
    {
      guint n = entry->history->len;
      gint64 last_changed = g_array_index (entry->history, VaultForeignHistory, n - 1).changed;

      /* A KeePass version's time is when it was written: an old password's
       * version is dated when that password was set, that is when the one
       * before it was replaced (Vault's history time). When the entry was
       * edited after its password was last set, one more version with the
       * current password says when that was. The reader does the reverse. */
      put (w, "<History>");
      for (guint i = 0; i < n; i++)
        put_version (w, entry, uuid, g_array_index (entry->history, VaultForeignHistory, i).password,
                     i == 0 ? entry->created
                            : g_array_index (entry->history, VaultForeignHistory, i - 1).changed);
      if (last_changed > 0 && entry->modified > last_changed)
        put_version (w, entry, uuid, entry->password, last_changed);
      put (w, "</History>");
    }
  put (w, "</Entry>\n");
}

static gboolean
put_group (Writer  *w,
           Group   *group,
           GError **error)
{
  guint8 uuid[16];

  vault_random_bytes (uuid, sizeof uuid);
  put (w, "<Group>");
  put_uuid (w, "UUID", uuid);
  put_element (w, "Name", group->name);
  put (w, "<IconID>48</IconID>");
  put_times (w, w->now, w->now);
  put (w, "<IsExpanded>True</IsExpanded>\n");
  for (guint i = 0; i < group->entries->len; i++)
    {
      if (++w->n_written % 1024 == 0 &&
          g_cancellable_set_error_if_cancelled (w->cancellable, error))
        return FALSE;
      put_entry (w, g_ptr_array_index (group->entries, i));
    }
  for (guint i = 0; i < group->children->len; i++)
    if (!put_group (w, g_ptr_array_index (group->children, i), error))
      return FALSE;
  put (w, "</Group>\n");
  return TRUE;
}

static gboolean
check_text (const VaultForeignEntry  *entry,
            const char               *text,
            GError                  **error)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return TRUE;
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
               _("The entry “%s” holds text that is not valid UTF-8."),
               entry->title != NULL && g_utf8_validate (entry->title, -1, NULL) ? entry->title
                                                                                : "?");
  return FALSE;
}

static gboolean
check_entry (const VaultForeignEntry  *entry,
             GError                  **error)
{
  if (!check_text (entry, entry->title, error) || !check_text (entry, entry->username, error) ||
      !check_text (entry, entry->url, error) || !check_text (entry, entry->password, error) ||
      !check_text (entry, entry->notes, error) || !check_text (entry, entry->otp, error))
    return FALSE;
  for (guint i = 0; entry->tags != NULL && entry->tags[i] != NULL; i++)
    if (!check_text (entry, entry->tags[i], error))
      return FALSE;
  for (guint i = 0; entry->fields != NULL && i < entry->fields->len; i++)
    {
      const VaultForeignField *field = g_ptr_array_index (entry->fields, i);

      if (!check_text (entry, field->name, error) || !check_text (entry, field->value, error))
        return FALSE;
    }
  for (guint i = 0; entry->history != NULL && i < entry->history->len; i++)
    if (!check_text (entry, g_array_index (entry->history, VaultForeignHistory, i).password,
                     error))
      return FALSE;
  return TRUE;
}

/* The inner header and the XML document, in secure memory. */
static VaultSecureString *
write_payload (const VaultImport  *import,
               const guint8        stream_key[64],
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(VaultSecureString) out = NULL;
  g_autoptr(VaultSecureString) scratch = vault_secure_string_new (256);
  g_autoptr(VaultKdbxStream) stream = NULL;
  g_autoptr(Group) root = group_new ("Root");
  guint8 field[5 + 64];
  Writer w = { 0 };

  out = vault_secure_string_new (64 * 1024 + import->entries->len * 256);
  for (guint i = 0; i < import->entries->len; i++)
    {
      VaultForeignEntry *entry = g_ptr_array_index (import->entries, i);
      Group *group = root;

      if (!check_entry (entry, error))
        return NULL;
      if (entry->tags != NULL && entry->tags[0] != NULL)
        group = group_for_tag (root, entry->tags[0]);
      g_ptr_array_add (group->entries, entry);
    }

  /* The inner header: the stream's algorithm and key, then its end. */
  field[0] = VAULT_KDBX_INNER_STREAM_ID;
  vault_kdbx_write_u32 (field + 1, 4);
  vault_kdbx_write_u32 (field + 5, VAULT_KDBX_STREAM_CHACHA20);
  vault_secure_string_append_len (out, (const char *) field, 9);
  field[0] = VAULT_KDBX_INNER_STREAM_KEY;
  vault_kdbx_write_u32 (field + 1, 64);
  memcpy (field + 5, stream_key, 64);
  vault_secure_string_append_len (out, (const char *) field, 5 + 64);
  vault_secure_wipe (field, sizeof field);
  field[0] = VAULT_KDBX_INNER_END;
  vault_kdbx_write_u32 (field + 1, 0);
  vault_secure_string_append_len (out, (const char *) field, 5);

  stream = vault_kdbx_stream_new (VAULT_KDBX_STREAM_CHACHA20, stream_key, 64, error);
  g_assert (stream != NULL);
  w.out = out;
  w.scratch = scratch;
  w.stream = stream;
  w.now = g_get_real_time () / G_USEC_PER_SEC;
  w.cancellable = cancellable;

  put (&w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<KeePassFile>\n<Meta>");
  put (&w, "<Generator>Vault</Generator><DatabaseName>Vault</DatabaseName>");
  put_time (&w, "DatabaseNameChanged", w.now);
  put (&w, "<MemoryProtection><ProtectTitle>False</ProtectTitle>"
           "<ProtectUserName>False</ProtectUserName><ProtectPassword>True</ProtectPassword>"
           "<ProtectURL>False</ProtectURL><ProtectNotes>False</ProtectNotes>"
           "</MemoryProtection>");
  /* No recycle bin, and no limit on history: KeePassXC would cut it to 10. */
  put (&w, "<RecycleBinEnabled>False</RecycleBinEnabled>"
           "<HistoryMaxItems>-1</HistoryMaxItems><HistoryMaxSize>-1</HistoryMaxSize>");
  put (&w, "</Meta>\n<Root>\n");
  if (!put_group (&w, root, error))
    return NULL;
  put (&w, "<DeletedObjects/>\n</Root>\n</KeePassFile>\n");
  return g_steal_pointer (&out);
}

static void
add_field (GByteArray   *header,
           guint8        id,
           const guint8 *data,
           gsize         len)
{
  guint8 size[4];

  vault_kdbx_write_u32 (size, len);
  g_byte_array_append (header, &id, 1);
  g_byte_array_append (header, size, 4);
  g_byte_array_append (header, data, len);
}

GBytes *
vault_export_kdbx (const VaultImport            *entries,
                   const VaultKdbxWriteOptions  *options,
                   GCancellable                 *cancellable,
                   GError                      **error)
{
  g_autoptr(GByteArray) header = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GBytes) kdf_bytes = NULL;
  g_autoptr(VaultSecureBuf) composite = NULL;
  /* The transformed key (32), the cipher's (32), HMAC's (64) and stream's (64). */
  g_autoptr(VaultSecureBuf) keys = NULL;
  g_autoptr(VaultSecureString) payload = NULL;
  g_autoptr(VaultSecureBuf) packed = NULL;
  g_autoptr(VaultSecureBuf) encrypted = NULL;
  VaultKdbxKdf kdf = { 0 };
  guint8 master_seed[32], iv[16], digest[32], compression[4], version[12];
  gsize encrypted_len;
  gboolean ok;

  g_return_val_if_fail (entries != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (options->password == NULL || *options->password == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("A KeePass database needs a password."));
      return NULL;
    }
  kdf.type = VAULT_KDBX_KDF_ARGON2ID;
  kdf.seed_len = 32;
  vault_random_bytes (kdf.seed, kdf.seed_len);
  kdf.memory_kib = options->argon2_memory_kib > 0 ? options->argon2_memory_kib : DEFAULT_MEMORY_KIB;
  kdf.rounds = options->argon2_passes > 0 ? options->argon2_passes : DEFAULT_PASSES;
  kdf.lanes = LANES;
  kdf.version = 0x13;
  if (kdf.memory_kib < 8 * LANES || !vault_kdbx_kdf_check (&kdf, NULL))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The Argon2 cost of a KeePass database must be between 16 KiB "
                             "and 1 GiB of memory and at most 64 passes per GiB."));
      return NULL;
    }

  /* The key first: the slow part, and the one that may be cancelled. */
  keys = vault_secure_buf_new (32 + 32 + 64 + 64);
  composite = vault_kdbx_composite_key (options->password, NULL, error);
  g_assert (composite != NULL);
  ok = vault_kdbx_kdf_run (&kdf, composite->data, keys->data, cancellable, error);
  if (!ok)
    {
      vault_kdbx_kdf_clear (&kdf);
      return NULL;
    }
  vault_random_bytes (master_seed, sizeof master_seed);
  vault_random_bytes (iv, vault_kdbx_iv_size (options->cipher));
  vault_random_bytes (keys->data + 128, 64);
  vault_kdbx_cipher_key (master_seed, keys->data, keys->data + 32);
  vault_kdbx_hmac_key (master_seed, keys->data, keys->data + 64);

  vault_kdbx_write_u32 (version, VAULT_KDBX_SIG1);
  vault_kdbx_write_u32 (version + 4, VAULT_KDBX_SIG2);
  vault_kdbx_write_u32 (version + 8, 0x00040000);
  g_byte_array_append (header, version, sizeof version);
  add_field (header, VAULT_KDBX_HEADER_CIPHER_ID,
             options->cipher == VAULT_KDBX_CIPHER_AES256 ? vault_kdbx_cipher_aes256
                                                         : vault_kdbx_cipher_chacha20, 16);
  vault_kdbx_write_u32 (compression, 1);
  add_field (header, VAULT_KDBX_HEADER_COMPRESSION, compression, 4);
  add_field (header, VAULT_KDBX_HEADER_MASTER_SEED, master_seed, 32);
  add_field (header, VAULT_KDBX_HEADER_ENCRYPTION_IV, iv, vault_kdbx_iv_size (options->cipher));
  kdf_bytes = vault_kdbx_kdf_write (&kdf);
  add_field (header, VAULT_KDBX_HEADER_KDF_PARAMETERS, g_bytes_get_data (kdf_bytes, NULL),
             g_bytes_get_size (kdf_bytes));
  add_field (header, VAULT_KDBX_HEADER_END, (const guint8 *) "\r\n\r\n", 4);
  vault_kdbx_kdf_clear (&kdf);

  payload = write_payload (entries, keys->data + 128, cancellable, error);
  if (payload == NULL)
    return NULL;
  packed = vault_kdbx_gzip ((const guint8 *) payload->str, payload->len);
  g_clear_pointer (&payload, vault_secure_string_free);
  encrypted = vault_secure_buf_new (packed->len + 16);
  memcpy (encrypted->data, packed->data, packed->len);
  encrypted_len = vault_kdbx_encrypt (options->cipher, keys->data + 32, iv, encrypted->data,
                                      packed->len);

  out = g_byte_array_sized_new (header->len + 64 + encrypted_len +
                                (encrypted_len / BLOCK_SIZE + 2) * 36);
  g_byte_array_append (out, header->data, header->len);
  vault_sha256 (header->data, header->len, digest);
  g_byte_array_append (out, digest, 32);
  vault_kdbx_block_hmac (keys->data + 64, G_MAXUINT64, header->data, header->len, TRUE, digest);
  g_byte_array_append (out, digest, 32);
  for (guint64 index = 0, done = 0;; index++)
    {
      gsize n = MIN (encrypted_len - done, (gsize) BLOCK_SIZE);
      guint8 size[4];

      vault_kdbx_block_hmac (keys->data + 64, index, encrypted->data + done, n, FALSE, digest);
      vault_kdbx_write_u32 (size, n);
      g_byte_array_append (out, digest, 32);
      g_byte_array_append (out, size, 4);
      g_byte_array_append (out, encrypted->data + done, n);
      done += n;
      if (n == 0)
        break;
    }
  vault_secure_wipe (master_seed, sizeof master_seed);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
