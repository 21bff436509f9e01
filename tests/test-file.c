/* test-file.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vault file against crafted input, against the real GNOME Keyring of the
 * test session: every bound, the header MAC, format 1, locked and
 * interrupted saves.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "vault-core.h"
#include "test-old-vault.h"
#include "test-util.h"

#define MASTER   "correct horse battery staple"

typedef struct {
  char       *dir;
  char       *path;
  VaultStore *store;
  char       *vault_id;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = "GitHub", .username = "octo", .password = "pw-1" };

  f->dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
  f->vault_id = g_strdup (vault_store_get_vault_id (f->store));
  g_assert_nonnull (vault_store_add_entry (f->store, &fields, &error));
  g_assert_true (vault_store_save (f->store, NULL, &error));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  vault_secret_key_delete (f->vault_id, NULL, NULL);
  g_clear_object (&f->store);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->vault_id);
}

static GBytes *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

/* Opens f's vault expecting an error; the file must be left as it was. */
static void
assert_refused (Fixture *f,
                GQuark   domain,
                int      code)
{
  g_autoptr(GBytes) before = read_file (f->path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultStore) store = vault_store_open (f->path, MASTER, NULL, &error);

  g_assert_null (store);
  g_assert_error (error, domain, code);
  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static VaultStore *
open_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open (f->path, MASTER, NULL, &error);

  g_assert_no_error (error);
  return store;
}

/* The file as a tree, to change one thing in it as an attacker would. */
static JsonObject *
load_tree (const char *path,
           JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Writes the tree back with a correct header digest and, with fix_mac, a
 * correct MAC under the real Secret Key: what an attacker who holds the
 * device's keyring could do, and the least any attacker can do. */
static void
save_tree (const char *path,
           const char *vault_id,
           JsonParser *parser,
           gboolean    fix_mac)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonNode *header = json_object_get_member (root, "header");
  g_autofree char *canonical = json_to_string (header, FALSE);
  g_autofree char *digest = vault_file_header_digest (canonical);
  g_autofree char *text = NULL;

  json_object_set_string_member (root, "header_sha256", digest);
  if (fix_mac)
    {
      g_autoptr(VaultSecureBuf) key = vault_secret_key_lookup (vault_id, NULL, NULL);
      GString *hex = g_string_new (NULL);
      guint8 mac[32];

      g_assert_nonnull (key);
      vault_keys_header_mac (key, vault_id, canonical, mac);
      for (guint i = 0; i < sizeof mac; i++)
        g_string_append_printf (hex, "%02x", mac[i]);
      json_object_set_string_member (root, "header_mac", hex->str);
      g_string_free (hex, TRUE);
    }
  text = json_to_string (json_parser_get_root (parser), TRUE);
  write_file (path, text, -1);
}

static JsonObject *
kdf_of (JsonObject *root)
{
  return json_object_get_object_member (json_object_get_object_member (root, "header"), "kdf");
}

static void
test_writes_format_3 (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = load_tree (f->path, parser);
  JsonObject *header = json_object_get_object_member (root, "header");

  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 3);
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "header_mac")), ==, 64);
  /* A new vault's key material changed when it was made. */
  g_assert_cmpint (json_object_get_int_member (header, "changed"), ==,
                   json_object_get_int_member (header, "created"));
}

/* A format 2 file (no "changed", no deletion records) opens as before; its
 * next save writes format 3, "changed" taken to be "created". */
static void
test_reads_format_2 (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "old.json", NULL);
  g_autoptr(VaultSecureBuf) key = test_write_format_2 (path, MASTER, NULL);
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(VaultStore) again = NULL;
  g_autoptr(VaultSecureBuf) password = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = "New", .password = "new-pw" };
  VaultEntry *old;
  JsonObject *root;

  store = vault_store_open_with_secret_key (path, MASTER, key, NULL, &error);
  g_assert_no_error (error);
  old = vault_store_find_by_title (store, "Old", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_entry_get_username (old), ==, "kim");
  password = vault_store_reveal (store, old, VAULT_FIELD_PASSWORD, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (password), ==, "old-pw");

  g_assert_nonnull (vault_store_add_entry (store, &fields, &error));
  g_assert_true (vault_store_delete_entry (store, old, &error));
  g_assert_true (vault_store_save (store, NULL, &error));
  g_assert_no_error (error);
  root = load_tree (path, parser);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "header"),
                                               "changed"), ==, OLD_VAULT_CREATED);

  again = vault_store_open_with_secret_key (path, MASTER, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault_store_find_by_title (again, "New", NULL));
  g_assert_null (vault_store_find_by_title (again, "Old", NULL));
}

/* A file from before format 2 (no MAC) still opens, and is saved as 3. */
static void
test_reads_format_1 (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "old.json", NULL);
  g_autoptr(VaultSecureBuf) key = test_write_format_2 (path, MASTER, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) again = json_parser_new ();
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *root = load_tree (path, parser);

  /* Format 1 was format 2 without the MAC. */
  json_object_remove_member (root, "header_mac");
  json_object_set_int_member (root, "version", 1);
  text = json_to_string (json_parser_get_root (parser), TRUE);
  write_file (path, text, -1);

  store = vault_store_open_with_secret_key (path, MASTER, key, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (vault_store_find_by_title (store, "Old", NULL));
  g_assert_true (vault_store_save (store, NULL, &error));
  g_assert_no_error (error);
  root = load_tree (path, again);
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 3);
  g_assert_true (json_object_has_member (root, "header_mac"));
}

/* "changed" is format 3's: a file that has it and says it is older was
 * changed. */
static void
test_changed_needs_format_3 (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = load_tree (f->path, parser);

  json_object_set_int_member (root, "version", 2);
  save_tree (f->path, f->vault_id, parser, TRUE);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* The KDF settings are authenticated before the KDF runs: a changed count
 * or salt is damage, not a wrong password, and costs no unlock time. */
static void
test_mac_guards_kdf (Fixture *f, gconstpointer data)
{
  const char *members[] = { "iterations", "salt" };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root = load_tree (f->path, parser);
      g_autoptr(GBytes) original = read_file (f->path);

      if (i == 0)
        json_object_set_int_member (kdf_of (root), "iterations", VAULT_MAX_ITERATIONS);
      else
        json_object_set_string_member (kdf_of (root), "salt", "AAAAAAAAAAAAAAAAAAAAAA==");
      save_tree (f->path, f->vault_id, parser, FALSE);
      assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
      write_file (f->path, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
    }
}

/* Even a header re-authenticated with the real Secret Key is bounded. */
static void
test_iterations_bounded (Fixture *f, gconstpointer data)
{
  const gint64 counts[] = { 0, -1, (gint64) VAULT_MAX_ITERATIONS + 1, G_MAXUINT32, G_MAXINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *root = load_tree (f->path, parser);
      g_autoptr(GBytes) original = read_file (f->path);

      json_object_set_int_member (kdf_of (root), "iterations", counts[i]);
      save_tree (f->path, f->vault_id, parser, TRUE);
      assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
      write_file (f->path, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
    }
}

/* Format 2 without its MAC is damaged, not read as format 1. */
static void
test_mac_required (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = load_tree (f->path, parser);

  json_object_remove_member (root, "header_mac");
  save_tree (f->path, f->vault_id, parser, FALSE);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* A Secret Key typed from another vault's kit fails the MAC: wrong key. */
static void
test_mac_wrong_secret_key (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultSecureBuf) other = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;

  vault_random_bytes (other->data, other->len);
  store = vault_store_open_with_secret_key (f->path, MASTER, other, NULL, &error);
  g_assert_null (store);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY);
}

static void
test_deep_nesting (Fixture *f, gconstpointer data)
{
  const guint depth = 100000;
  GString *text = g_string_new ("{\"format\":\"com.example.Vault\",\"version\":2,\"header\":");

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  g_string_append (text, "}");
  write_file (f->path, text->str, (gssize) text->len);
  g_string_free (text, TRUE);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);

  /* Nine levels, one past the bound, inside the header. */
  write_file (f->path,
              "{\"format\":\"com.example.Vault\",\"version\":2,"
              "\"header\":{\"a\":[[[[[[[[1]]]]]]]]},\"payload\":\"\"}", -1);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* Many small values: refused by counting, before any parser allocates. */
static void
test_many_values (Fixture *f, gconstpointer data)
{
  GString *text = g_string_new ("{\"format\":\"com.example.Vault\",\"version\":2,\"header\":{},"
                                "\"x\":[");

  while (text->len < 24 * 1024 * 1024)
    g_string_append (text, "{\"a\":1},");
  g_string_append (text, "{}],\"payload\":\"\"}");
  write_file (f->path, text->str, (gssize) text->len);
  g_string_free (text, TRUE);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);

  write_file (f->path, "[1,2,3]", -1);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_NOT_A_VAULT);
}

static void
test_too_large (Fixture *f, gconstpointer data)
{
  int fd = open (f->path, O_WRONLY | O_TRUNC);

  /* Sparse: no disk is used, and the file is never read. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) VAULT_FILE_MAX_SIZE + 1), ==, 0);
  close (fd);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

static void
test_two_payloads (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) original = read_file (f->path);
  g_autofree char *text = g_strndup (g_bytes_get_data (original, NULL),
                                     g_bytes_get_size (original));
  g_autofree char *doubled = NULL;
  char *payload = strstr (text, "\"payload\"");

  /* A second payload member before the real one: which would be read? */
  g_assert_nonnull (payload);
  doubled = g_strdup_printf ("%.*s\"payload\" : \"AAAA\",\n  %s",
                             (int) (payload - text), text, payload);
  write_file (f->path, doubled, -1);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* A header member may be long only where it is allowed to be. */
static void
test_long_members (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = load_tree (f->path, parser);
  JsonArray *slots = json_object_get_array_member (json_object_get_object_member (root, "header"),
                                                   "slots");
  g_autofree char *long_text = g_strnfill (4096, 'A');

  json_object_set_string_member (json_array_get_object_element (slots, 0), "wrapped_key",
                                 long_text);
  save_tree (f->path, f->vault_id, parser, TRUE);
  assert_refused (f, VAULT_ERROR, VAULT_ERROR_DAMAGED);
}

/* The payload may stand anywhere in the document, re-indented or not. */
static void
test_payload_anywhere (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) moved = NULL;
  g_autoptr(VaultStore) store = NULL;
  g_autofree char *text = NULL;
  JsonObject *root = load_tree (f->path, parser);
  const char *order[] = { "payload", "header_mac", "format", "header", "version",
                          "header_sha256" };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      json_builder_set_member_name (builder, order[i]);
      json_builder_add_value (builder, json_node_copy (json_object_get_member (root, order[i])));
    }
  json_builder_end_object (builder);
  moved = json_builder_get_root (builder);
  json_generator_set_root (generator, moved);
  text = json_generator_to_data (generator, NULL);
  write_file (f->path, text, -1);

  store = open_ok (f);
  g_assert_nonnull (vault_store_find_by_title (store, "GitHub", NULL));
}

/* Temporary files of saves killed before their rename go at the next save. */
static void
test_stale_temporaries (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stale = g_build_filename (f->dir, ".vault.json.Ab3xYz", NULL);
  g_autofree char *other = g_build_filename (f->dir, ".vault.json.notes", NULL);

  write_file (stale, "sealed copy", -1);
  write_file (other, "not ours", -1);
  g_assert_true (vault_store_save (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
}

/* A save killed after keeping its backup, before its rename, leaves
 * vault.json.bak as a second name of vault.json. The next save keeps a
 * backup again and leaves no vault.json.bak.tmp behind. */
static void
test_backup_already_linked (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "vault.json", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "vault.json.bak", NULL);
  g_autofree char *backup_tmp = g_build_filename (f->dir, "vault.json.bak.tmp", NULL);
  GStatBuf before, after;

  (void) g_unlink (backup);
  g_assert_cmpint (link (path, backup), ==, 0);
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  g_assert_true (vault_store_save (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (backup_tmp, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (backup, &after), ==, 0);
  g_assert_cmpuint (after.st_ino, ==, before.st_ino);
}

/* A new vault made where an old one was deleted never replaces the old
 * one's backup: it is kept as vault.json.bak.<first 8 characters of its id>. */
static void
test_backup_of_other_vault_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_strconcat (f->path, ".bak", NULL);
  g_autofree char *kept = g_strdup_printf ("%s.%.8s", backup, f->vault_id);
  g_autoptr(GBytes) old_backup = NULL;
  g_autoptr(GBytes) now_kept = NULL;
  g_autoptr(VaultStore) other = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *contents = NULL;
  VaultEntryFields fields = { .title = "New", .password = "pw-2" };

  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  old_backup = read_file (backup);
  g_assert_cmpint (g_unlink (f->path), ==, 0);

  other = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
  other_id = g_strdup (vault_store_get_vault_id (other));
  g_assert_nonnull (vault_store_add_entry (other, &fields, &error));
  g_assert_true (vault_store_save (other, NULL, &error));
  g_assert_no_error (error);

  /* The old vault's backup is still there, byte for byte, under its id. */
  g_assert_true (g_file_test (kept, G_FILE_TEST_EXISTS));
  now_kept = read_file (kept);
  g_assert_true (g_bytes_equal (old_backup, now_kept));
  /* vault.json.bak is now the new vault's. */
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, other_id));

  /* Its own backups are replaced as before, with nothing more set aside. */
  g_assert_true (vault_store_save (other, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now_kept, g_bytes_unref);
  now_kept = read_file (kept);
  g_assert_true (g_bytes_equal (old_backup, now_kept));
  {
    g_autofree char *second = g_strdup_printf ("%s-2", kept);
    g_autofree char *other_kept = g_strdup_printf ("%s.%.8s", backup, other_id);

    g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (other_kept, G_FILE_TEST_EXISTS));
  }
  vault_secret_key_delete (other_id, NULL, NULL);
}

typedef struct {
  VaultStore *store;
  gboolean    saved;
  GError     *error;
} SaveJob;

static gpointer
save_in_thread (gpointer data)
{
  SaveJob *job = data;

  job->saved = vault_store_save (job->store, NULL, &job->error);
  return NULL;
}

/* A save waits for another writer's lock, and does not write meanwhile. */
static void
test_save_waits_for_lock (Fixture *f, gconstpointer data)
{
  g_autofree char *lock_path = g_strconcat (f->path, ".lock", NULL);
  g_autoptr(GBytes) before = read_file (f->path);
  g_autoptr(GBytes) during = NULL;
  g_autoptr(GBytes) after = NULL;
  VaultEntryFields fields = { .title = "While locked", .password = "x" };
  SaveJob job = { f->store, FALSE, NULL };
  GThread *thread;
  int fd = open (lock_path, O_RDWR | O_CREAT, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_assert_nonnull (vault_store_add_entry (f->store, &fields, NULL));
  thread = g_thread_new ("save", save_in_thread, &job);
  g_usleep (300 * 1000);
  during = read_file (f->path);
  g_assert_true (g_bytes_equal (before, during));
  close (fd);
  g_thread_join (thread);
  g_assert_no_error (job.error);
  g_assert_true (job.saved);
  after = read_file (f->path);
  g_assert_false (g_bytes_equal (before, after));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/file/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("format/writes-3", test_writes_format_3);
  ADD ("format/reads-2", test_reads_format_2);
  ADD ("format/changed-needs-3", test_changed_needs_format_3);
  ADD ("format/reads-1", test_reads_format_1);
  ADD ("format/payload-anywhere", test_payload_anywhere);
  ADD ("mac/guards-kdf", test_mac_guards_kdf);
  ADD ("mac/required", test_mac_required);
  ADD ("mac/wrong-secret-key", test_mac_wrong_secret_key);
  ADD ("bounds/iterations", test_iterations_bounded);
  ADD ("bounds/deep-nesting", test_deep_nesting);
  ADD ("bounds/many-values", test_many_values);
  ADD ("bounds/too-large", test_too_large);
  ADD ("bounds/two-payloads", test_two_payloads);
  ADD ("bounds/long-members", test_long_members);
  ADD ("save/stale-temporaries", test_stale_temporaries);
  ADD ("save/backup-already-linked", test_backup_already_linked);
  ADD ("save/waits-for-lock", test_save_waits_for_lock);
  ADD ("save/backup-of-other-vault-kept", test_backup_of_other_vault_kept);

  return g_test_run ();
}
