/* test-payload.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payload codec and base64 against json-glib and GLib, the libraries
 * they stand in for on the hot path: what one writes the other reads the
 * same, and anything malformed is refused, never half read.
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "vault-base64.h"
#include "vault-entry-private.h"
#include "vault-payload.h"

static void
test_base64_matches_glib (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (gsize len = 0; len < 200; len++)
    {
      g_autofree guint8 *data = g_malloc (len + 1);
      g_autofree char *ours = NULL;
      g_autofree char *theirs = NULL;
      g_autoptr(GBytes) back = NULL;

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_rand_int_range (rand, 0, 256);
      ours = vault_base64_encode_string (data, len);
      theirs = g_base64_encode (data, len);
      g_assert_cmpstr (ours, ==, theirs);
      if (len == 0)
        continue;
      back = vault_base64_decode_bytes (ours, strlen (ours));
      g_assert_nonnull (back);
      g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, len);
    }
}

static void
test_base64_refuses_non_canonical (void)
{
  const char *bad[] = {
    "", "QQ", "QQ=", "QR==", "QUI=x", "QUJ=", "Q===", "=QUJ", "QU=D", "QUJD\n", "QU JD",
    "QUJ-", "QUJ_", NULL,
  };

  for (guint i = 0; bad[i] != NULL; i++)
    {
      guint8 out[16];
      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("%s", shown);
      g_assert_cmpint (vault_base64_decode_strict (bad[i], strlen (bad[i]), out), ==, -1);
    }
  /* The canonical forms of the same bytes still read. */
  g_assert_cmpint (vault_base64_decode_strict ("QQ==", 4, (guint8[4]) { 0 }), ==, 1);
  g_assert_cmpint (vault_base64_decode_strict ("QUI=", 4, (guint8[4]) { 0 }), ==, 2);
}

static void
test_base64_stream (void)
{
  guint8 data[100];
  g_autofree char *whole = NULL;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 37);
  whole = vault_base64_encode_string (data, sizeof data);

  /* Pieces of every size from 1 to 7 give the same text as one piece. */
  for (gsize piece = 1; piece <= 7; piece++)
    {
      VaultBase64Stream stream = { { 0, }, 0 };
      g_autoptr(GString) out = g_string_new (NULL);

      for (gsize at = 0; at < sizeof data; at += piece)
        vault_base64_stream_push (&stream, data + at, MIN (piece, sizeof data - at), out);
      vault_base64_stream_finish (&stream, out);
      g_assert_cmpstr (out->str, ==, whole);
    }
}

static VaultEntry *
make_entry (const char *id,
            const char *title)
{
  VaultEntry *entry = vault_entry_new (id, 1700000000);
  const char *tags[] = { "work", "태그", NULL };
  g_autoptr(GBytes) sealed = g_bytes_new ("0123456789abcdefghijklmnopqrstuvwxyz", 36);

  vault_entry_set_title (entry, title);
  vault_entry_set_username (entry, "kim@example.com");
  vault_entry_set_url (entry, "https://example.com/login?a=1&b=\"2\"");
  vault_entry_set_tags (entry, tags);
  vault_entry_set_favourite (entry, TRUE);
  vault_entry_set_modified (entry, 1800000000);
  vault_entry_set_sealed_password (entry, sealed);
  vault_entry_add_history (entry, 1750000000, sealed);
  return entry;
}

/* An entry with a one-time code and three custom fields: plain and
 * searchable, plain with awkward text, and concealed. */
static void
add_extras (VaultEntry *entry)
{
  g_autoptr(GBytes) sealed = g_bytes_new ("sealed-otp-bytes-0123456789abcdef", 33);
  GArray *fields = vault_fields_new ();
  VaultEntryField field = { 0 };

  vault_entry_set_sealed_totp (entry, sealed);
  field = (VaultEntryField) { g_strdup ("0011223344556677"), g_strdup ("Account"),
                              g_strdup ("12-345"), NULL, FALSE, TRUE };
  g_array_append_val (fields, field);
  field = (VaultEntryField) { g_strdup ("8899aabbccddeeff"), g_strdup ("질문 \"1\""),
                              g_strdup ("line\nbreak\t\\"), NULL, FALSE, FALSE };
  g_array_append_val (fields, field);
  field = (VaultEntryField) { g_strdup ("0123456789abcdef"), g_strdup ("PIN"), NULL,
                              g_bytes_new ("sealed-pin-0123456789abcdef", 27), TRUE, FALSE };
  g_array_append_val (fields, field);
  vault_entry_set_fields (entry, fields);
}

static gboolean
collect (GString   *pending,
         gboolean   last,
         gpointer   user_data,
         GError   **error)
{
  g_string_append_len (user_data, pending->str, pending->len);
  g_string_truncate (pending, 0);
  return TRUE;
}

static void
assert_same_entry (VaultEntry *a,
                   VaultEntry *b)
{
  gsize len_a, len_b;
  const guint8 *sa = vault_entry_get_sealed_password (a, &len_a);
  const guint8 *sb = vault_entry_get_sealed_password (b, &len_b);

  g_assert_cmpstr (vault_entry_get_id (a), ==, vault_entry_get_id (b));
  g_assert_cmpstr (vault_entry_get_title (a), ==, vault_entry_get_title (b));
  g_assert_cmpstr (vault_entry_get_username (a), ==, vault_entry_get_username (b));
  g_assert_cmpstr (vault_entry_get_url (a), ==, vault_entry_get_url (b));
  g_assert_cmpstrv (vault_entry_get_tags (a), vault_entry_get_tags (b));
  g_assert_cmpint (vault_entry_get_favourite (a), ==, vault_entry_get_favourite (b));
  g_assert_cmpint (vault_entry_get_created (a), ==, vault_entry_get_created (b));
  g_assert_cmpint (vault_entry_get_modified (a), ==, vault_entry_get_modified (b));
  g_assert_cmpmem (sa, len_a, sb, len_b);
  g_assert_cmpuint (vault_entry_get_history_length (a), ==, vault_entry_get_history_length (b));
  g_assert_cmpint (vault_entry_has_notes (a), ==, vault_entry_has_notes (b));

  sa = vault_entry_get_sealed_totp (a, &len_a);
  sb = vault_entry_get_sealed_totp (b, &len_b);
  g_assert_cmpmem (sa, len_a, sb, len_b);
  g_assert_cmpuint (vault_entry_get_n_fields (a), ==, vault_entry_get_n_fields (b));
  for (guint i = 0; i < vault_entry_get_n_fields (a); i++)
    {
      GBytes *fa = g_array_index (vault_entry_get_fields (a), VaultEntryField, i).sealed;
      GBytes *fb = g_array_index (vault_entry_get_fields (b), VaultEntryField, i).sealed;

      g_assert_cmpstr (vault_entry_get_field_id (a, i), ==, vault_entry_get_field_id (b, i));
      g_assert_cmpstr (vault_entry_get_field_label (a, i), ==,
                       vault_entry_get_field_label (b, i));
      g_assert_cmpstr (vault_entry_get_field_value (a, i), ==,
                       vault_entry_get_field_value (b, i));
      g_assert_cmpint (vault_entry_get_field_concealed (a, i), ==,
                       vault_entry_get_field_concealed (b, i));
      g_assert_cmpint (vault_entry_get_field_searchable (a, i), ==,
                       vault_entry_get_field_searchable (b, i));
      g_assert_true ((fa == NULL) == (fb == NULL));
      if (fa != NULL)
        g_assert_true (g_bytes_equal (fa, fb));
    }
  g_assert_cmpstr (vault_entry_get_search_key (a), ==, vault_entry_get_search_key (b));
}

/* Titles no ordinary vault has: quotes, backslashes, control characters,
 * Hangul, an emoji outside the BMP. */
static const char *titles[] = {
  "plain", "say \"hi\"", "back\\slash", "tab\there\nnewline", "bell\007", "한국은행 💳", "",
};

static void
test_round_trip_through_json_glib (void)
{
  g_autoptr(GListStore) model = g_list_store_new (VAULT_TYPE_ENTRY);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GPtrArray) ours = NULL;
  g_autoptr(GPtrArray) via_glib = NULL;
  g_autofree char *regenerated = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
      g_autoptr(VaultEntry) entry = make_entry (id, titles[i]);

      if (i % 2 == 0)
        add_extras (entry);
      g_list_store_append (model, entry);
    }
  g_assert_true (vault_payload_write (G_LIST_MODEL (model), collect, text, NULL));

  /* json-glib reads what the writer wrote, value for value. */
  g_assert_true (json_parser_load_from_data (parser, text->str, text->len, &error));
  g_assert_no_error (error);
  array = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "entries");
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, i),
                                                    "title"), ==, titles[i]);

  /* And the reader reads both the writer's text and json-glib's own
   * serialisation of it (other escapes, white space) to the same entries. */
  ours = vault_payload_read (text->str, text->len);
  g_assert_nonnull (ours);
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  regenerated = json_generator_to_data (generator, NULL);
  via_glib = vault_payload_read (regenerated, strlen (regenerated));
  g_assert_nonnull (via_glib);
  g_assert_cmpuint (ours->len, ==, G_N_ELEMENTS (titles));
  g_assert_cmpuint (via_glib->len, ==, G_N_ELEMENTS (titles));
  for (guint i = 0; i < ours->len; i++)
    {
      g_autoptr(VaultEntry) original = g_list_model_get_item (G_LIST_MODEL (model), i);

      assert_same_entry (ours->pdata[i], original);
      assert_same_entry (via_glib->pdata[i], original);
    }
}

static void
test_reader_accepts_json (void)
{
  /* Escapes, surrogate pairs, members in another order, unknown members
   * (a later version's) and white space are all JSON the reader must take. */
  const char *text =
    " { \"version_note\" : [1, 2.5e3, {\"x\": null}, true],\n"
    "   \"entries\" : [ { \"modified\" : 2, \"created\" : -1, \"favourite\" : false,\n"
    "     \"tags\" : [], \"url\" : \"\\u0041\\/\", \"username\" : \"\",\n"
    "     \"title\" : \"\\ud83d\\udcb3 \\\"x\\\"\", \"id\" : \"i\", \"password\" : null,\n"
    "     \"future\" : {\"a\": [\"b\"]} } ] } ";
  g_autoptr(GPtrArray) entries = vault_payload_read (text, strlen (text));
  VaultEntry *entry;

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 1);
  entry = entries->pdata[0];
  g_assert_cmpstr (vault_entry_get_title (entry), ==, "💳 \"x\"");
  g_assert_cmpstr (vault_entry_get_url (entry), ==, "A/");
  g_assert_cmpint (vault_entry_get_created (entry), ==, -1);
  g_assert_cmpuint (vault_entry_get_history_length (entry), ==, 0);
}

#define FIELDS(list) \
  "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[]," \
  "\"favourite\":false,\"created\":1,\"modified\":1,\"fields\":[" list "]}]}"

static void
test_reader_refuses_malformed (void)
{
  const char *entry_ok = "{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\","
                         "\"tags\":[],\"favourite\":false,\"created\":1,\"modified\":1}";
  const char *bad[] = {
    "", "{}", "[]", "{\"entries\":{}}", "{\"entries\":[1]}", "{\"entries\":[]} x",
    "{\"entries\":[{}]}",
    /* each required member missing or of the wrong type */
    "{\"entries\":[{\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":0,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":1.5,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[1],"
    "\"favourite\":false,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":99999999999999999999,\"modified\":1}]}",
    /* a sealed value that is not canonical base64 */
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":1,\"modified\":1,\"password\":\"QR==\"}]}",
    /* broken strings: a lone surrogate, an escaped NUL, a raw control character, bad UTF-8 */
    "{\"entries\":[{\"id\":\"\\udc00\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\","
    "\"tags\":[],\"favourite\":false,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"\\u0000\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\","
    "\"tags\":[],\"favourite\":false,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"a\nb\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\","
    "\"tags\":[],\"favourite\":false,\"created\":1,\"modified\":1}]}",
    "{\"entries\":[{\"id\":\"\xc3\x28\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\","
    "\"tags\":[],\"favourite\":false,\"created\":1,\"modified\":1}]}",
    /* custom fields: no id, no label, no kind, both a value and a sealed
     * one, a concealed one in the clear, a plain one without its text, one
     * id twice, a sealed value that is not base64 */
    FIELDS ("{\"label\":\"a\",\"concealed\":false,\"value\":\"v\"}"),
    FIELDS ("{\"id\":\"1\",\"concealed\":false,\"value\":\"v\"}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"value\":\"v\"}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":false,\"value\":\"v\",\"sealed\":null}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":true,\"value\":\"v\"}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":false}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":false,\"value\":\"v\"},"
            "{\"id\":\"1\",\"label\":\"b\",\"concealed\":false,\"value\":\"w\"}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":true,\"sealed\":\"QR==\"}"),
    FIELDS ("{\"id\":\"1\",\"label\":\"a\",\"concealed\":\"yes\",\"value\":\"v\"}"),
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":1,\"modified\":1,\"fields\":{}}]}",
    "{\"entries\":[{\"id\":\"i\",\"title\":\"t\",\"username\":\"u\",\"url\":\"\",\"tags\":[],"
    "\"favourite\":false,\"created\":1,\"modified\":1,\"totp\":\"QR==\"}]}",
    NULL,
  };
  g_autofree char *good = g_strdup_printf ("{\"entries\":[%s,%s]}", entry_ok, entry_ok);
  g_autoptr(GPtrArray) entries = vault_payload_read (good, strlen (good));
  g_autofree char *deep = NULL;

  g_assert_nonnull (entries);
  g_assert_cmpuint (entries->len, ==, 2);
  for (guint i = 0; bad[i] != NULL; i++)
    {
      g_autofree char *shown = g_strescape (bad[i], NULL);

      g_test_message ("%s", shown);
      g_assert_null (vault_payload_read (bad[i], strlen (bad[i])));
    }

  /* Every proper prefix of a good payload is refused. */
  for (gsize len = 0; len < strlen (good); len++)
    g_assert_null (vault_payload_read (good, len));

  /* Nesting deep enough to exhaust the stack is refused, not followed. */
  {
    g_autoptr(GString) nested = g_string_new ("{\"entries\":[],\"x\":");
    for (guint i = 0; i < 100000; i++)
      g_string_append_c (nested, '[');
    deep = g_string_free (g_steal_pointer (&nested), FALSE);
  }
  g_assert_null (vault_payload_read (deep, strlen (deep)));
}

/* One entry with n tags, or n history items: accepted up to the bound,
 * refused one past it. */
static char *
entry_with (const char *member,
            guint       n)
{
  GString *text = g_string_new ("{\"entries\":[{\"id\":\"i\",\"title\":\"t\","
                                "\"username\":\"u\",\"url\":\"\",\"favourite\":false,"
                                "\"created\":1,\"modified\":1");
  gboolean tags = strcmp (member, "tags") == 0;
  gboolean fields = strcmp (member, "fields") == 0;

  if (!tags)
    g_string_append (text, ",\"tags\":[]");
  g_string_append_printf (text, ",\"%s\":[", member);
  for (guint i = 0; i < n; i++)
    {
      g_string_append (text, i ? "," : "");
      if (fields)
        g_string_append_printf (text, "{\"id\":\"%u\",\"label\":\"l\",\"concealed\":false,"
                                "\"value\":\"v\"}", i);
      else
        g_string_append (text, tags ? "\"t\"" : "{\"changed\":1,\"password\":\"AAAA\"}");
    }
  g_string_append (text, "]}]}");
  return g_string_free (text, FALSE);
}

static void
test_reader_bounds_counts (void)
{
  const struct { const char *member; guint bound; } cases[] = {
    { "tags", 1000 }, { "history", 10000 }, { "fields", 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *at = entry_with (cases[i].member, cases[i].bound);
      g_autofree char *past = entry_with (cases[i].member, cases[i].bound + 1);
      g_autoptr(GPtrArray) ok = vault_payload_read (at, strlen (at));
      g_autoptr(GPtrArray) refused = vault_payload_read (past, strlen (past));

      g_assert_nonnull (ok);
      g_assert_null (refused);
    }
}

/* A label or a plain value is refused one byte past its bound. */
static void
test_reader_bounds_field_text (void)
{
  const struct { const char *member; gsize bound; } cases[] = {
    { "label", 1024 }, { "value", 1024 * 1024 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    for (gsize len = cases[i].bound; len <= cases[i].bound + 1; len++)
      {
        g_autofree char *text = g_strnfill (len, 'x');
        gboolean label = strcmp (cases[i].member, "label") == 0;
        g_autofree char *payload =
          g_strdup_printf (FIELDS ("{\"id\":\"1\",\"label\":\"%s\",\"concealed\":false,"
                                   "\"value\":\"%s\"}"), label ? text : "l", label ? "v" : text);
        g_autoptr(GPtrArray) entries = vault_payload_read (payload, strlen (payload));

        g_assert_true ((entries != NULL) == (len == cases[i].bound));
      }
}

static gboolean
collect_text (GString   *pending,
              gboolean   last,
              gpointer   user_data,
              GError   **error)
{
  g_string_append_len (user_data, pending->str, pending->len);
  g_string_truncate (pending, 0);
  return TRUE;
}

/* Format 3's deletion records: read (latest time per id, unknown members
 * skipped), written back in id order, and refused when malformed. */
static void
test_deletions (void)
{
  const char *text =
    "{\"deleted\":[{\"id\":\"b\",\"time\":5},{\"time\":7,\"id\":\"a\",\"later\":[1]},"
    "{\"id\":\"b\",\"time\":3}],\"entries\":[]}";
  const char *bad[] = {
    "{\"entries\":[],\"deleted\":{}}",
    "{\"entries\":[],\"deleted\":[1]}",
    "{\"entries\":[],\"deleted\":[{\"id\":\"a\"}]}",
    "{\"entries\":[],\"deleted\":[{\"time\":1}]}",
    "{\"entries\":[],\"deleted\":[{\"id\":\"\",\"time\":1}]}",
    "{\"entries\":[],\"deleted\":[{\"id\":1,\"time\":1}]}",
    "{\"entries\":[],\"deleted\":[{\"id\":\"a\",\"time\":1.5}]}",
    "{\"deleted\":[]}",
  };
  g_autoptr(VaultDeletions) deleted = NULL;
  g_autoptr(GPtrArray) entries = vault_payload_read_full (text, strlen (text), &deleted);
  g_autoptr(GListStore) model = g_list_store_new (VAULT_TYPE_ENTRY);
  g_autoptr(GString) written = g_string_new (NULL);
  g_autofree char *long_id = g_strnfill (VAULT_DELETION_ID_MAX + 1, 'x');
  g_autofree char *too_long = NULL;
  gint64 time;

  g_assert_nonnull (entries);
  g_assert_cmpuint (vault_deletions_size (deleted), ==, 2);
  g_assert_true (vault_deletions_lookup (deleted, "b", &time));
  g_assert_cmpint (time, ==, 5);
  g_assert_true (vault_payload_write_full (G_LIST_MODEL (model), deleted, collect_text, written,
                                           NULL));
  g_assert_cmpstr (written->str, ==,
                   "{\"entries\":[],\"deleted\":[{\"id\":\"a\",\"time\":7},"
                   "{\"id\":\"b\",\"time\":5}]}");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(VaultDeletions) none = NULL;
      g_autoptr(GPtrArray) refused = vault_payload_read_full (bad[i], strlen (bad[i]), &none);

      g_assert_null (refused);
      g_assert_null (none);
    }
  too_long = g_strdup_printf ("{\"entries\":[],\"deleted\":[{\"id\":\"%s\",\"time\":1}]}",
                              long_id);
  g_assert_null (vault_payload_read_full (too_long, strlen (too_long), NULL));
}

static char *
deletions_text (guint n)
{
  GString *text = g_string_new ("{\"entries\":[],\"deleted\":[");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "%s{\"id\":\"%u\",\"time\":1}", i ? "," : "", i);
  g_string_append (text, "]}");
  return g_string_free (text, FALSE);
}

static void
test_deletions_bounded (void)
{
  g_autofree char *at = deletions_text (VAULT_DELETIONS_MAX);
  g_autofree char *past = deletions_text (VAULT_DELETIONS_MAX + 1);
  g_autoptr(VaultDeletions) deleted = NULL;
  g_autoptr(GPtrArray) ok = vault_payload_read_full (at, strlen (at), &deleted);
  g_autoptr(GPtrArray) refused = vault_payload_read_full (past, strlen (past), NULL);

  g_assert_nonnull (ok);
  g_assert_cmpuint (vault_deletions_size (deleted), ==, VAULT_DELETIONS_MAX);
  g_assert_null (refused);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/base64/matches-glib", test_base64_matches_glib);
  g_test_add_func ("/vault/base64/refuses-non-canonical", test_base64_refuses_non_canonical);
  g_test_add_func ("/vault/base64/stream", test_base64_stream);
  g_test_add_func ("/vault/payload/round-trip", test_round_trip_through_json_glib);
  g_test_add_func ("/vault/payload/accepts-json", test_reader_accepts_json);
  g_test_add_func ("/vault/payload/refuses-malformed", test_reader_refuses_malformed);
  g_test_add_func ("/vault/payload/bounds-counts", test_reader_bounds_counts);
  g_test_add_func ("/vault/payload/bounds-field-text", test_reader_bounds_field_text);
  g_test_add_func ("/vault/payload/deletions", test_deletions);
  g_test_add_func ("/vault/payload/deletions-bounded", test_deletions_bounded);
  return g_test_run ();
}
