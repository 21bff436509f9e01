/* vault-file-save.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing the vault file: the header and the sealed payload, streamed into a
 * temporary file that replaces the vault atomically, under a lock.
 */
#include "config.h"

#include "vault-file-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vault-base64.h"
#include "vault-error.h"
#include "vault-payload.h"

#define MAC_HEX_LEN       64
#define LOCK_WAIT_MS      10000

/* --- The header -------------------------------------------------------------- */

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

static void
add_slot (JsonBuilder *builder,
          const char  *type,
          GBytes      *wrapped)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  add_base64 (builder, "wrapped_key", wrapped);
  json_builder_end_object (builder);
}

static JsonNode *
build_header (const VaultFileHeader *header)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *salt = g_base64_encode (header->salt, sizeof header->salt);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "vault_id");
  json_builder_add_string_value (builder, header->vault_id);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, header->created);
  json_builder_set_member_name (builder, "changed");
  json_builder_add_int_value (builder, header->changed);
  json_builder_set_member_name (builder, "cipher");
  json_builder_add_string_value (builder, VAULT_CIPHER);

  json_builder_set_member_name (builder, "kdf");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, VAULT_KDF_ALGORITHM);
  json_builder_set_member_name (builder, "iterations");
  json_builder_add_int_value (builder, header->iterations);
  json_builder_set_member_name (builder, "salt");
  json_builder_add_string_value (builder, salt);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "slots");
  json_builder_begin_array (builder);
  add_slot (builder, VAULT_SLOT_NAME_PASSWORD, header->password_slot);
  if (header->recovery_slot != NULL)
    add_slot (builder, VAULT_SLOT_NAME_RECOVERY, header->recovery_slot);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
vault_file_header_to_canonical (const VaultFileHeader *header)
{
  g_autoptr(JsonNode) node = build_header (header);

  return vault_file_canonical_header (node);
}

/* --- The body ----------------------------------------------------------------- */

/* What a save writes: the file's text up to the payload, the key and the
 * authenticated data to seal it with, and its plain text: either made from
 * the entries while writing (a save on the caller's thread) or made
 * beforehand (an asynchronous save, whose model may change meanwhile). */
struct _VaultFileBody {
  char           *vault_id;
  char           *head;
  char           *canonical;
  VaultSecureBuf *payload_key;
  GListModel     *entries; /* borrowed */
  VaultDeletions *deleted; /* borrowed */
  GString        *plain;
};

#define FILE_TAIL "\"\n}"

VaultFileBody *
vault_file_body_new (const VaultFileHeader *header,
                     const VaultSecureBuf  *secret_key,
                     const VaultSecureBuf  *payload_key)
{
  g_autoptr(JsonNode) node = build_header (header);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *header_text = NULL;
  g_autofree char *header_text_indented = NULL;
  g_auto(GStrv) indented = NULL;
  g_autofree char *digest = NULL;
  VaultFileBody *body = g_new0 (VaultFileBody, 1);
  char mac_hex[MAC_HEX_LEN + 1];
  guint8 mac[32];

  body->vault_id = g_strdup (header->vault_id);
  body->canonical = vault_file_canonical_header (node);
  digest = vault_file_header_digest (body->canonical);
  vault_keys_header_mac (secret_key, header->vault_id, body->canonical, mac);
  for (guint i = 0; i < sizeof mac; i++)
    g_snprintf (mac_hex + 2 * i, 3, "%02x", mac[i]);
  body->payload_key = vault_secure_buf_dup (payload_key);

  /* Same layout as json-glib's pretty printer; the payload is base64 and
   * needs no escaping, so it is written straight in. */
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  header_text = json_generator_to_data (generator, NULL);
  indented = g_strsplit (header_text, "\n", -1);
  header_text_indented = g_strjoinv ("\n  ", indented);
  body->head = g_strdup_printf ("{\n"
                                "  \"format\" : \"%s\",\n"
                                "  \"version\" : %d,\n"
                                "  \"header\" : %s,\n"
                                "  \"header_sha256\" : \"%s\",\n"
                                "  \"header_mac\" : \"%s\",\n"
                                "  \"payload\" : \"",
                                VAULT_FORMAT_NAME, VAULT_FORMAT_VERSION, header_text_indented,
                                digest, mac_hex);
  return body;
}

void
vault_file_body_set_entries (VaultFileBody *body,
                             GListModel    *entries)
{
  body->entries = entries;
}

void
vault_file_body_set_deleted (VaultFileBody  *body,
                             VaultDeletions *deleted)
{
  body->deleted = deleted;
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

void
vault_file_body_take_plain (VaultFileBody *body,
                            GListModel    *entries,
                            gsize          size_hint)
{
  body->plain = g_string_sized_new (size_hint + 4096);
  vault_payload_write_full (entries, body->deleted, keep_pending, body->plain, NULL);
  body->deleted = NULL;
}

void
vault_file_body_free (VaultFileBody *body)
{
  if (body == NULL)
    return;
  g_free (body->vault_id);
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

/* Writes the whole file to fd; on failure errno says why. */
static gboolean
body_write (VaultFileBody *body,
            int            fd)
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
    ok = vault_payload_write_full (body->entries, body->deleted, seal_pending, &w, NULL);
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
stamp_from_stat (VaultFileStamp    *stamp,
                 const struct stat *st)
{
  stamp->dev = st->st_dev;
  stamp->ino = st->st_ino;
  stamp->mtime_ns = (gint64) st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
  stamp->size = st->st_size;
}

gboolean
vault_file_stamp_matches (const char           *path,
                          const VaultFileStamp *stamp)
{
  VaultFileStamp now = { 0, };
  struct stat st;

  if (stat (path, &st) == 0)
    stamp_from_stat (&now, &st);
  else if (errno != ENOENT)
    return FALSE;
  return memcmp (&now, stamp, sizeof now) == 0;
}

gboolean
vault_file_check_unchanged (const char            *path,
                            const VaultFileStamp  *stamp,
                            GError               **error)
{
  if (vault_file_stamp_matches (path, stamp))
    return TRUE;
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_CHANGED_ON_DISK,
               _("Another program changed the vault “%s” since it was opened. "
                 "Nothing was saved; open the vault again and repeat the change."),
               path);
  return FALSE;
}

#define PEEK_SIZE 4096

/* The vault id a file names in its first bytes, or NULL: only to tell one
 * vault's backup from another's, so the file is not parsed nor trusted. */
static char *
peek_vault_id (const char *path)
{
  char buf[PEEK_SIZE + 1];
  const char *p;
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

  if (fd < 0)
    return NULL;
  n = read (fd, buf, PEEK_SIZE);
  close (fd);
  if (n <= 0)
    return NULL;
  buf[n] = '\0';
  if ((p = strstr (buf, "\"vault_id\"")) == NULL)
    return NULL;
  p += strlen ("\"vault_id\"");
  while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == ':')
    p++;
  if (*p != '"' || strlen (p) < 38 || p[37] != '"')
    return NULL;
  {
    g_autofree char *id = g_strndup (p + 1, 36);

    return g_uuid_string_is_valid (id) ? g_steal_pointer (&id) : NULL;
  }
}

/* PATH.bak belongs to another vault (one deleted before this one was made
 * in its folder), or cannot be told: it is kept, renamed to
 * PATH.bak.<first 8 characters of its vault id>, never replaced. */
static gboolean
set_aside_foreign_backup (const char  *backup,
                          const char  *vault_id,
                          GError     **error)
{
  g_autofree char *old_id = peek_vault_id (backup);
  g_autofree char *base = NULL;
  int saved = EEXIST;

  if (old_id != NULL && g_str_equal (old_id, vault_id))
    return TRUE;
  base = g_strdup_printf ("%s.%.8s", backup, old_id ? old_id : "unknown");
  for (guint i = 1; i < 100; i++)
    {
      g_autofree char *name = i == 1 ? g_strdup (base) : g_strdup_printf ("%s-%u", base, i);

      if (g_file_test (name, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_rename (backup, name) == 0)
        return TRUE;
      saved = errno;
      break;
    }
  vault_file_set_io_error (error, saved, _("Could not keep the backup “%s” of another vault"),
                           backup);
  return FALSE;
}

/* Keep the file being replaced as PATH.bak: a hard link where the file
 * system allows it, else a copy. Only then is the new file renamed in. */
static gboolean
keep_backup (const char  *path,
             const char  *vault_id,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (path, ".bak", NULL);
  g_autofree char *backup_tmp = g_strconcat (path, ".bak.tmp", NULL);
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  if (g_file_test (backup, G_FILE_TEST_EXISTS) &&
      !set_aside_foreign_backup (backup, vault_id, error))
    return FALSE;

  (void) g_unlink (backup_tmp);
  if (link (path, backup_tmp) == 0)
    {
      if (g_rename (backup_tmp, backup) == 0)
        {
          /* When PATH.bak is already a link to the same file (a save was
           * killed after this step, before its rename), rename() does
           * nothing and leaves both names. */
          (void) g_unlink (backup_tmp);
          return TRUE;
        }
      vault_file_set_io_error (error, errno, _("Could not keep a backup of “%s”"), path);
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

/* Only one Vault process writes a vault at a time: each holds an exclusive
 * flock on NAME.lock beside it from its last check that the file is
 * unchanged until its rename. Returns the locked descriptor, or -1. */
static int
lock_vault (const char  *dir,
            const char  *base,
            GError     **error)
{
  g_autofree char *lock_path = g_strdup_printf ("%s/%s.lock", dir, base);
  int fd = open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd < 0)
    {
      vault_file_set_io_error (error, errno, _("Could not save the vault in “%s”"), dir);
      return -1;
    }
  for (guint waited = 0; flock (fd, LOCK_EX | LOCK_NB) != 0; waited += 20)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= LOCK_WAIT_MS)
        {
          int saved = errno;

          close (fd);
          if (saved == EWOULDBLOCK)
            g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                         _("Another program has been saving the vault in “%s” for more than "
                           "%d seconds. Nothing was saved; try again."),
                         dir, LOCK_WAIT_MS / 1000);
          else
            vault_file_set_io_error (error, saved, _("Could not save the vault in “%s”"), dir);
          return -1;
        }
      g_usleep (20 * 1000);
    }
  return fd;
}

/* A save killed before its rename leaves its temporary file behind, a
 * sealed copy of the whole vault. Under the lock no other save is under
 * way, so every such file is stale. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  gsize prefix_len = strlen (prefix);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      gboolean temporary = strlen (name) == prefix_len + 6 &&
                           strncmp (name, prefix, prefix_len) == 0;
      struct stat st;

      for (gsize i = prefix_len; temporary && name[i] != '\0'; i++)
        temporary = g_ascii_isalnum (name[i]);
      if (!temporary)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (lstat (path, &st) == 0 && S_ISREG (st.st_mode))
        (void) g_unlink (path);
    }
}

static gboolean
write_locked (const char            *path,
              const char            *dir,
              const char            *base,
              VaultFileBody         *body,
              const VaultFileStamp  *expected,
              VaultFileStamp        *written,
              GError               **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  struct stat st;
  int fd, dir_fd, saved;

  /* Checked again under the lock: the check and the rename are one step
   * for every other Vault process. */
  if (!vault_file_check_unchanged (path, expected, error))
    return FALSE;
  remove_stale_temporaries (dir, base);

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      vault_file_set_io_error (error, errno, _("Could not save the vault in “%s”"), dir);
      return FALSE;
    }
  if (!body_write (body, fd) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      (void) g_unlink (tmp);
      vault_file_set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      saved = errno;
      (void) g_unlink (tmp);
      vault_file_set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }
  if (!keep_backup (path, body->vault_id, error))
    {
      (void) g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      saved = errno;
      (void) g_unlink (tmp);
      vault_file_set_io_error (error, saved, _("Could not save the vault “%s”"), path);
      return FALSE;
    }

  /* Make the rename itself durable. */
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      (void) fsync (dir_fd);
      close (dir_fd);
    }
  memset (written, 0, sizeof *written);
  if (stat (path, &st) == 0)
    stamp_from_stat (written, &st);
  return TRUE;
}

/* Writes the file atomically (a temporary file, fsync, backup, rename,
 * fsync of the folder), but only over the file that expected describes:
 * all zero for a vault that does not exist yet. */
gboolean
vault_file_write (const char            *path,
                  VaultFileBody         *body,
                  const VaultFileStamp  *expected,
                  VaultFileStamp        *written,
                  GError               **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  gboolean ok;
  int lock_fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      vault_file_set_io_error (error, errno, _("Could not save the vault in “%s”"), dir);
      return FALSE;
    }
  lock_fd = lock_vault (dir, base, error);
  if (lock_fd < 0)
    return FALSE;
  ok = write_locked (path, dir, base, body, expected, written, error);
  close (lock_fd);
  return ok;
}
