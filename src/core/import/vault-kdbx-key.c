/* vault-kdbx-key.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A KDBX database's key: the composite of a password and a key file, read
 * as KeePassXC reads them, and the KDF that transforms it (AES-KDF with
 * Nettle, Argon2d and Argon2id with libargon2), bounded before it runs.
 */
#include "config.h"

#include "vault-kdbx-format.h"

#include <argon2.h>
#include <glib/gi18n-lib.h>
#include <nettle/aes.h>
#include <string.h>

#include "vault-crypto.h"
#include "vault-error.h"

static guint64 max_aes_rounds = VAULT_KDBX_MAX_AES_ROUNDS;
static guint64 max_argon2_work = VAULT_KDBX_MAX_ARGON2_WORK;

void
vault_kdbx_set_kdf_limits (guint64 aes_rounds,
                           guint64 argon2_work)
{
  if (aes_rounds > 0)
    max_aes_rounds = MIN (aes_rounds, (guint64) VAULT_KDBX_MAX_AES_ROUNDS);
  if (argon2_work > 0)
    max_argon2_work = MIN (argon2_work, VAULT_KDBX_MAX_ARGON2_WORK);
}

/* --- Key files ---------------------------------------------------------------- */

/* KeePass 2 XML key files: <KeyFile><Meta><Version>, <Key><Data>. */
typedef struct {
  GSList            *path;       /* element names, innermost first */
  gboolean           root_seen;
  gboolean           is_key_file;
  char              *version;
  char              *hash;       /* version 2.0: hex of SHA-256 (data)[0..4] */
  VaultSecureString *data;       /* whitespace dropped */
  gboolean           in_data;
} KeyFileXml;

static void
key_xml_start (GMarkupParseContext  *context,
               const char           *name,
               const char          **attribute_names,
               const char          **attribute_values,
               gpointer              user_data,
               GError              **error)
{
  KeyFileXml *xml = user_data;
  guint depth = g_slist_length (xml->path);

  if (!xml->root_seen)
    {
      xml->root_seen = TRUE;
      xml->is_key_file = strcmp (name, "KeyFile") == 0;
    }
  if (depth > 8)
    {
      g_set_error_literal (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT, "too deep");
      return;
    }
  if (depth == 2 && strcmp (name, "Data") == 0 &&
      strcmp (xml->path->data, "Key") == 0)
    {
      xml->in_data = TRUE;
      for (guint i = 0; attribute_names[i] != NULL; i++)
        if (strcmp (attribute_names[i], "Hash") == 0)
          {
            g_free (xml->hash);
            xml->hash = g_strdup (attribute_values[i]);
          }
    }
  xml->path = g_slist_prepend (xml->path, g_strdup (name));
}

static void
key_xml_end (GMarkupParseContext  *context,
             const char           *name,
             gpointer              user_data,
             GError              **error)
{
  KeyFileXml *xml = user_data;

  xml->in_data = FALSE;
  g_free (xml->path->data);
  xml->path = g_slist_delete_link (xml->path, xml->path);
}

static void
key_xml_text (GMarkupParseContext  *context,
              const char           *text,
              gsize                 len,
              gpointer              user_data,
              GError              **error)
{
  KeyFileXml *xml = user_data;

  if (xml->in_data)
    {
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace (text[i]) && xml->data->len < 4096)
          vault_secure_string_append_c (xml->data, text[i]);
    }
  else if (g_slist_length (xml->path) == 3 && strcmp (xml->path->data, "Version") == 0 &&
           strcmp (xml->path->next->data, "Meta") == 0 && xml->version == NULL)
    xml->version = g_strstrip (g_strndup (text, MIN (len, 64)));
}

/* TRUE when the file is an XML key file (out then holds its key), or when
 * it is one Vault must refuse (error set); FALSE to try the other kinds. */
static gboolean
read_xml_key_file (const guint8  *data,
                   gsize          len,
                   guint8         out[32],
                   GError       **error)
{
  static const GMarkupParser parser = { key_xml_start, key_xml_end, key_xml_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  KeyFileXml xml = { 0 };
  gboolean parsed;
  gboolean result = FALSE;
  gsize start = 0;

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  while (start < len && g_ascii_isspace (data[start]))
    start++;
  if (start >= len || data[start] != '<' || len > 1024 * 1024)
    return FALSE;

  xml.data = vault_secure_string_new (128);
  context = g_markup_parse_context_new (&parser, 0, &xml, NULL);
  parsed = g_markup_parse_context_parse (context, (const char *) data + start, len - start, NULL) &&
           g_markup_parse_context_end_parse (context, NULL);

  /* As KeePassXC: anything but a well-formed <KeyFile> with data is read as
   * a key file of another kind. */
  if (parsed && xml.is_key_file && xml.data->len > 0 && xml.version != NULL)
    {
      memset (out, 0, 32);
      if (g_str_has_prefix (xml.version, "1.0"))
        {
          gsize n = 0;

          if (!vault_kdbx_is_base64 (xml.data->str, xml.data->len))
            g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                                 _("The key file is damaged: its key is not Base64."));
          else
            {
              /* Decoded in place, in secure memory. */
              g_base64_decode_inplace (xml.data->str, &n);
              memcpy (out, xml.data->str, MIN (n, 32));
            }
          result = TRUE;
        }
      else if (strcmp (xml.version, "2.0") == 0)
        {
          guint8 hash[32];
          guint8 *bytes = (guint8 *) xml.data->str;
          gsize n = xml.data->len / 2;
          gboolean hex = xml.data->len % 2 == 0;
          g_autofree char *want = NULL;

          for (gsize i = 0; i < xml.data->len && hex; i++)
            hex = g_ascii_isxdigit (xml.data->str[i]);
          if (hex)
            {
              for (gsize i = 0; i < n; i++)
                bytes[i] = (g_ascii_xdigit_value (xml.data->str[2 * i]) << 4) |
                           g_ascii_xdigit_value (xml.data->str[2 * i + 1]);
              vault_sha256 (bytes, n, hash);
              want = g_strdup_printf ("%02X%02X%02X%02X", hash[0], hash[1], hash[2], hash[3]);
            }
          if (!hex)
            g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                                 _("The key file is damaged: its key is not hexadecimal."));
          else if (xml.hash == NULL || g_ascii_strcasecmp (g_strstrip (xml.hash), want) != 0)
            g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                                 _("The key file is damaged: its checksum does not match its "
                                   "key."));
          else
            memcpy (out, bytes, MIN (n, 32));
          result = TRUE;
        }
      else
        {
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                               _("The key file is of a version Vault does not know."));
          result = TRUE;
        }
    }

  g_slist_free_full (xml.path, g_free);
  g_free (xml.version);
  g_free (xml.hash);
  vault_secure_string_free (xml.data);
  return result;
}

static gboolean
read_key_file (GBytes  *key_file,
               guint8   out[32],
               GError **error)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (key_file, &len);
  g_autoptr(GError) xml_error = NULL;
  gboolean hex = len == 64;

  if (len == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("The key file is empty."));
      return FALSE;
    }
  if (read_xml_key_file (data, len, out, &xml_error))
    {
      if (xml_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&xml_error));
          return FALSE;
        }
      return TRUE;
    }
  if (len == 32)
    {
      memcpy (out, data, 32);
      return TRUE;
    }
  for (gsize i = 0; i < len && hex; i++)
    hex = g_ascii_isxdigit (data[i]);
  if (hex)
    {
      for (gsize i = 0; i < 32; i++)
        out[i] = (g_ascii_xdigit_value (data[2 * i]) << 4) | g_ascii_xdigit_value (data[2 * i + 1]);
      return TRUE;
    }
  vault_sha256 (data, len, out);
  return TRUE;
}

VaultSecureBuf *
vault_kdbx_composite_key (const char  *password,
                          GBytes      *key_file,
                          GError     **error)
{
  g_autoptr(VaultSecureBuf) parts = vault_secure_buf_new (64);
  VaultSecureBuf *composite;
  gsize n = 0;

  /* An empty password is no password, as in KeePassXC's unlock dialog. */
  if (password != NULL && *password != '\0')
    {
      vault_sha256 (password, strlen (password), parts->data);
      n += 32;
    }
  if (key_file != NULL)
    {
      if (!read_key_file (key_file, parts->data + n, error))
        return NULL;
      n += 32;
    }
  if (n == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY,
                           _("This database needs its password, its key file, or both."));
      return NULL;
    }
  composite = vault_secure_buf_new (32);
  vault_sha256 (parts->data, n, composite->data);
  return composite;
}

/* --- The KDF dictionary ------------------------------------------------------------ */

enum {
  VARIANT_END    = 0x00,
  VARIANT_UINT32 = 0x04,
  VARIANT_UINT64 = 0x05,
  VARIANT_BOOL   = 0x08,
  VARIANT_INT32  = 0x0C,
  VARIANT_INT64  = 0x0D,
  VARIANT_STRING = 0x18,
  VARIANT_BYTES  = 0x42,
};

static gboolean
kdf_damaged (GError **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                       _("The database is damaged: the settings of its key derivation "
                         "cannot be read."));
  return FALSE;
}

/* A number of any integer type, as KeePassXC takes them; FALSE for other
 * types and negative numbers. */
static gboolean
variant_number (guint8        type,
                const guint8 *value,
                guint32       len,
                guint64      *out)
{
  if ((type == VARIANT_UINT32 || type == VARIANT_INT32) && len == 4)
    {
      guint32 v = vault_kdbx_read_u32 (value);

      if (type == VARIANT_INT32 && (gint32) v < 0)
        return FALSE;
      *out = v;
      return TRUE;
    }
  if ((type == VARIANT_UINT64 || type == VARIANT_INT64) && len == 8)
    {
      guint64 v = vault_kdbx_read_u64 (value);

      if (type == VARIANT_INT64 && (gint64) v < 0)
        return FALSE;
      *out = v;
      return TRUE;
    }
  return FALSE;
}

gboolean
vault_kdbx_kdf_parse (VaultKdbxKdf  *kdf,
                      const guint8  *data,
                      gsize          len,
                      GError       **error)
{
  const guint8 *uuid = NULL;
  const guint8 *seed = NULL;
  gsize seed_len = 0;
  guint64 rounds = 0, memory = 0, lanes = 0, version = 0;
  gboolean have_rounds = FALSE, have_memory = FALSE, have_lanes = FALSE, have_version = FALSE;
  gsize pos = 2;
  guint n_entries = 0;

  memset (kdf, 0, sizeof *kdf);
  if (len < 2)
    return kdf_damaged (error);
  /* The high byte is the dictionary's critical version: 1. */
  if (data[1] > 0x01)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("The database’s key derivation settings are of a newer version "
                             "than Vault reads."));
      return FALSE;
    }

  for (;;)
    {
      guint8 type;
      guint32 name_len, value_len;
      const char *name;
      const guint8 *value;

      if (pos >= len)
        return kdf_damaged (error);
      type = data[pos++];
      if (type == VARIANT_END)
        break;
      if (++n_entries > VAULT_KDBX_MAX_DICT_ENTRIES || len - pos < 4)
        return kdf_damaged (error);
      name_len = vault_kdbx_read_u32 (data + pos);
      pos += 4;
      if (name_len > len - pos)
        return kdf_damaged (error);
      name = (const char *) data + pos;
      pos += name_len;
      if (len - pos < 4)
        return kdf_damaged (error);
      value_len = vault_kdbx_read_u32 (data + pos);
      pos += 4;
      if (value_len > len - pos)
        return kdf_damaged (error);
      value = data + pos;
      pos += value_len;

#define NAME_IS(s) (name_len == strlen (s) && memcmp (name, s, name_len) == 0)
      if (NAME_IS ("$UUID"))
        {
          if (type != VARIANT_BYTES || value_len != 16)
            return kdf_damaged (error);
          uuid = value;
        }
      else if (NAME_IS ("S"))
        {
          if (type != VARIANT_BYTES)
            return kdf_damaged (error);
          seed = value;
          seed_len = value_len;
        }
      else if (NAME_IS ("R") || NAME_IS ("I"))
        {
          if (!variant_number (type, value, value_len, &rounds))
            return kdf_damaged (error);
          have_rounds = TRUE;
        }
      else if (NAME_IS ("M"))
        {
          if (!variant_number (type, value, value_len, &memory))
            return kdf_damaged (error);
          have_memory = TRUE;
        }
      else if (NAME_IS ("P"))
        {
          if (!variant_number (type, value, value_len, &lanes))
            return kdf_damaged (error);
          have_lanes = TRUE;
        }
      else if (NAME_IS ("V"))
        {
          if (!variant_number (type, value, value_len, &version))
            return kdf_damaged (error);
          have_version = TRUE;
        }
      else if (NAME_IS ("K") || NAME_IS ("A"))
        {
          if (type != VARIANT_BYTES || value_len > 1024)
            return kdf_damaged (error);
          if (value_len > 0)
            {
              GBytes **slot = NAME_IS ("K") ? &kdf->secret : &kdf->associated;

              g_clear_pointer (slot, g_bytes_unref);
              *slot = g_bytes_new (value, value_len);
            }
        }
#undef NAME_IS
    }

  if (uuid == NULL)
    return kdf_damaged (error);
  if (memcmp (uuid, vault_kdbx_kdf_aes_kdbx3, 16) == 0 ||
      memcmp (uuid, vault_kdbx_kdf_aes_kdbx4, 16) == 0)
    kdf->type = VAULT_KDBX_KDF_AES;
  else if (memcmp (uuid, vault_kdbx_kdf_argon2d, 16) == 0)
    kdf->type = VAULT_KDBX_KDF_ARGON2D;
  else if (memcmp (uuid, vault_kdbx_kdf_argon2id, 16) == 0)
    kdf->type = VAULT_KDBX_KDF_ARGON2ID;
  else
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("The database’s key is derived with a method Vault does not know. "
                             "Vault reads AES-KDF, Argon2d and Argon2id: change the key "
                             "derivation in KeePassXC under Database Settings > Security."));
      return FALSE;
    }

  if (seed == NULL || seed_len > sizeof kdf->seed || !have_rounds)
    return kdf_damaged (error);
  memcpy (kdf->seed, seed, seed_len);
  kdf->seed_len = seed_len;
  kdf->rounds = rounds;
  if (kdf->type != VAULT_KDBX_KDF_AES)
    {
      if (!have_memory || !have_lanes || !have_version)
        return kdf_damaged (error);
      kdf->memory_kib = memory / 1024;
      kdf->lanes = (guint32) MIN (lanes, G_MAXUINT32);
      kdf->version = (guint32) MIN (version, G_MAXUINT32);
    }
  return vault_kdbx_kdf_check (kdf, error);
}

gboolean
vault_kdbx_kdf_check (const VaultKdbxKdf  *kdf,
                      GError             **error)
{
  if (kdf->type == VAULT_KDBX_KDF_AES)
    {
      if (kdf->seed_len != 32 || kdf->rounds == 0)
        return kdf_damaged (error);
      if (kdf->rounds > max_aes_rounds)
        {
          g_autofree char *rounds = g_strdup_printf ("%" G_GUINT64_FORMAT, kdf->rounds);
          g_autofree char *most = g_strdup_printf ("%" G_GUINT64_FORMAT, max_aes_rounds);

          /* Numbers as text: a translated string cannot hold G_GUINT64_FORMAT. */
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("The database asks for %s rounds of AES-KDF, more than the %s Vault "
                         "runs. Lower them in KeePassXC under Database Settings > Security, "
                         "then import it."), rounds, most);
          return FALSE;
        }
      return TRUE;
    }

  /* Argon2: salt, version and lane bounds as KeePassXC's, cost bounds
   * Vault's own. */
  if (kdf->seed_len < 8 || kdf->seed_len > 32 || kdf->rounds == 0 || kdf->lanes == 0 ||
      (kdf->version != ARGON2_VERSION_10 && kdf->version != ARGON2_VERSION_13) ||
      kdf->memory_kib < 8 * (guint64) kdf->lanes)
    return kdf_damaged (error);
  if (kdf->memory_kib > VAULT_KDBX_MAX_ARGON2_KIB || kdf->lanes > VAULT_KDBX_MAX_ARGON2_LANES ||
      kdf->rounds > max_argon2_work || kdf->memory_kib * kdf->rounds > max_argon2_work)
    {
      g_autofree char *memory = g_strdup_printf ("%" G_GUINT64_FORMAT, kdf->memory_kib / 1024);
      g_autofree char *iterations = g_strdup_printf ("%" G_GUINT64_FORMAT, kdf->rounds);

      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The database asks for more work to open it than Vault allows (Argon2 "
                     "with %s MiB of memory, %s iterations and %u lanes; at most 1024 MiB, 64 "
                     "lanes, and 64 iterations per GiB). Lower them in KeePassXC under "
                     "Database Settings > Security, then import it."),
                   memory, iterations, kdf->lanes);
      return FALSE;
    }
  return TRUE;
}

static void
add_entry (GByteArray   *out,
           guint8        type,
           const char   *name,
           const guint8 *value,
           guint32       len)
{
  guint8 n[4];

  g_byte_array_append (out, &type, 1);
  vault_kdbx_write_u32 (n, strlen (name));
  g_byte_array_append (out, n, 4);
  g_byte_array_append (out, (const guint8 *) name, strlen (name));
  vault_kdbx_write_u32 (n, len);
  g_byte_array_append (out, n, 4);
  g_byte_array_append (out, value, len);
}

GBytes *
vault_kdbx_kdf_write (const VaultKdbxKdf *kdf)
{
  GByteArray *out = g_byte_array_new ();
  static const guint8 version[2] = { 0x00, 0x01 };
  static const guint8 end = VARIANT_END;
  guint8 v[8];

  g_byte_array_append (out, version, 2);
  if (kdf->type == VAULT_KDBX_KDF_AES)
    {
      add_entry (out, VARIANT_BYTES, "$UUID", vault_kdbx_kdf_aes_kdbx3, 16);
      vault_kdbx_write_u64 (v, kdf->rounds);
      add_entry (out, VARIANT_UINT64, "R", v, 8);
      add_entry (out, VARIANT_BYTES, "S", kdf->seed, kdf->seed_len);
    }
  else
    {
      add_entry (out, VARIANT_BYTES, "$UUID",
                 kdf->type == VAULT_KDBX_KDF_ARGON2D ? vault_kdbx_kdf_argon2d
                                                     : vault_kdbx_kdf_argon2id, 16);
      add_entry (out, VARIANT_BYTES, "S", kdf->seed, kdf->seed_len);
      vault_kdbx_write_u32 (v, kdf->lanes);
      add_entry (out, VARIANT_UINT32, "P", v, 4);
      vault_kdbx_write_u64 (v, kdf->memory_kib * 1024);
      add_entry (out, VARIANT_UINT64, "M", v, 8);
      vault_kdbx_write_u64 (v, kdf->rounds);
      add_entry (out, VARIANT_UINT64, "I", v, 8);
      vault_kdbx_write_u32 (v, kdf->version);
      add_entry (out, VARIANT_UINT32, "V", v, 4);
    }
  g_byte_array_append (out, &end, 1);
  return g_byte_array_free_to_bytes (out);
}

void
vault_kdbx_kdf_clear (VaultKdbxKdf *kdf)
{
  g_clear_pointer (&kdf->secret, g_bytes_unref);
  g_clear_pointer (&kdf->associated, g_bytes_unref);
  vault_secure_wipe (kdf, sizeof *kdf);
}

/* --- Running the KDF ------------------------------------------------------------- */

/* Rounds between two looks at the cancellable: a few milliseconds. */
#define AES_ROUNDS_STEP (1 << 18)

static gboolean
run_aes_kdf (const VaultKdbxKdf  *kdf,
             const guint8         composite[32],
             guint8               out[32],
             GCancellable        *cancellable,
             GError             **error)
{
  struct work {
    struct aes256_ctx aes;
    guint8            block[32];
  };
  g_autoptr(VaultSecureBuf) memory = vault_secure_buf_new (sizeof (struct work));
  struct work *w = (struct work *) memory->data;

  aes256_set_encrypt_key (&w->aes, kdf->seed);
  memcpy (w->block, composite, 32);
  for (guint64 done = 0; done < kdf->rounds;)
    {
      guint64 n = MIN (kdf->rounds - done, (guint64) AES_ROUNDS_STEP);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint64 i = 0; i < n; i++)
        aes256_encrypt (&w->aes, 32, w->block, w->block);
      done += n;
    }
  vault_sha256 (w->block, 32, out);
  return TRUE;
}

static gboolean
run_argon2 (const VaultKdbxKdf  *kdf,
            const guint8         composite[32],
            guint8               out[32],
            GError             **error)
{
  g_autoptr(VaultSecureBuf) password = vault_secure_buf_new_from_data (composite, 32);
  argon2_context context = { 0 };
  gsize secret_len = 0, ad_len = 0;
  int rc;

  context.out = out;
  context.outlen = 32;
  context.pwd = password->data;
  context.pwdlen = 32;
  context.salt = (guint8 *) kdf->seed;
  context.saltlen = kdf->seed_len;
  if (kdf->secret != NULL)
    {
      context.secret = (guint8 *) g_bytes_get_data (kdf->secret, &secret_len);
      context.secretlen = secret_len;
    }
  if (kdf->associated != NULL)
    {
      context.ad = (guint8 *) g_bytes_get_data (kdf->associated, &ad_len);
      context.adlen = ad_len;
    }
  context.t_cost = (guint32) kdf->rounds;
  context.m_cost = (guint32) kdf->memory_kib;
  context.lanes = kdf->lanes;
  context.threads = MIN (kdf->lanes, MAX (1u, g_get_num_processors ()));
  context.version = kdf->version;
  context.flags = ARGON2_DEFAULT_FLAGS;

  rc = argon2_ctx (&context, kdf->type == VAULT_KDBX_KDF_ARGON2D ? Argon2_d : Argon2_id);
  if (rc == ARGON2_MEMORY_ALLOCATION_ERROR || rc == ARGON2_THREAD_FAIL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_FAILED,
                   _("Could not derive the database’s key: there is not enough memory for "
                     "Argon2 (%u MiB)."), (guint) (kdf->memory_kib / 1024));
      return FALSE;
    }
  if (rc != ARGON2_OK)
    return kdf_damaged (error);
  return TRUE;
}

gboolean
vault_kdbx_kdf_run (const VaultKdbxKdf  *kdf,
                    const guint8         composite[32],
                    guint8               out[32],
                    GCancellable        *cancellable,
                    GError             **error)
{
  if (!vault_kdbx_kdf_check (kdf, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (kdf->type == VAULT_KDBX_KDF_AES)
    return run_aes_kdf (kdf, composite, out, cancellable, error);
  return run_argon2 (kdf, composite, out, error) &&
         !g_cancellable_set_error_if_cancelled (cancellable, error);
}
