/* test-store-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One-time codes and custom fields in an open vault, against the real GNOME
 * Keyring of the test session: set, kept across a save, sealed, searched,
 * reordered without opening, and refused when out of bounds.
 */
#include <string.h>

#include "vault-core.h"
#include "vault-entry-private.h"
#include "test-util.h"

#define MASTER   "correct horse battery staple"
#define RFC_URI  "otpauth://totp/ACME:kim?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8"
#define PIN      "pin-4711-unique"

typedef struct {
  char       *dir;
  char       *path;
  VaultStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("vault-fields-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_store_clear (&f->store, &f->dir, &f->path);
}

static void
save_and_reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (vault_store_save (f->store, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&f->store);
  f->store = vault_store_open (f->path, MASTER, NULL, &error);
  g_assert_no_error (error);
}

static char *
reveal_field (VaultStore *store,
              VaultEntry *entry,
              guint       index)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) value = vault_store_reveal_field (store, entry, index, &error);

  g_assert_no_error (error);
  return g_strdup (vault_secure_buf_get_string (value));
}

static VaultEntry *
add_bank (VaultStore *store)
{
  g_autoptr(GError) error = NULL;
  const VaultFieldSpec specs[] = {
    { .label = "Account number", .value = "DE44 5001", .searchable = TRUE },
    { .label = "PIN", .value = PIN, .concealed = TRUE },
    { .label = "Branch", .value = "Gangnam-gu" },
  };
  VaultEntryFields fields = {
    .title = "Bank", .password = "pw", .totp = RFC_URI,
    .custom_fields = specs, .n_custom_fields = G_N_ELEMENTS (specs), .set_custom_fields = TRUE,
  };
  VaultEntry *entry = vault_store_add_entry (store, &fields, &error);

  g_assert_no_error (error);
  return entry;
}

/* The code is RFC 6238's, the countdown what is left of the period, and
 * both survive a save. */
static void
test_totp_code (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(VaultSecureBuf) uri = NULL;
  g_autoptr(VaultTotp) totp = NULL;
  g_autoptr(GPtrArray) found = NULL;
  VaultEntry *entry = add_bank (f->store);
  guint remaining = 0, period = 0;

  g_assert_true (vault_entry_has_totp (entry));
  save_and_reopen (f);
  entry = vault_store_find_by_title (f->store, "Bank", &error);
  g_assert_no_error (error);
  g_assert_true (vault_entry_has_totp (entry));

  code = vault_store_get_totp_code (f->store, entry, 1234567890, &remaining, &period, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_secure_buf_get_string (code), ==, "89005924");
  g_assert_cmpuint (code->len, ==, 8);
  g_assert_cmpuint (remaining, ==, 30 - 1234567890 % 30);
  g_assert_cmpuint (period, ==, 30);

  uri = vault_store_reveal_totp (f->store, entry, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (uri), "otpauth://totp/ACME:kim?"));
  totp = vault_store_get_totp (f->store, entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (vault_totp_get_issuer (totp), ==, "ACME");
  g_assert_cmpuint (vault_totp_get_digits (totp), ==, 8);

  /* Never in the overview nor the search. */
  g_assert_null (strstr (vault_entry_get_search_key (entry), "gezdgnbv"));
  found = vault_store_search (f->store, "GEZDGNBV");
  g_assert_cmpuint (found->len, ==, 0);
}

/* A bare secret is kept as a URI; "" removes it; an entry without one says so. */
static void
test_totp_set_clear (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) uri = NULL;
  g_autoptr(VaultSecureBuf) none = NULL;
  VaultEntryFields add = { .title = "Mail", .totp = "jbsw y3dp ehpk 3pxp" };
  VaultEntryFields clear = { .totp = "" };
  VaultEntryFields bad = { .totp = "otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=0",
                           .username = "changed" };
  VaultEntry *entry = vault_store_add_entry (f->store, &add, &error);

  g_assert_no_error (error);
  uri = vault_store_reveal_totp (f->store, entry, &error);
  g_assert_cmpstr (vault_secure_buf_get_string (uri), ==,
                   "otpauth://totp/?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30");

  /* A refused secret changes nothing else either. */
  g_assert_false (vault_store_update_entry (f->store, entry, &bad, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_cmpstr (vault_entry_get_username (entry), ==, "");
  g_assert_true (vault_entry_has_totp (entry));

  g_assert_true (vault_store_update_entry (f->store, entry, &clear, &error));
  g_assert_false (vault_entry_has_totp (entry));
  none = vault_store_get_totp_code (f->store, entry, 0, NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND);
}

/* Order, labels, kinds and values across a save; a concealed value is only
 * sealed, and opens. */
static void
test_fields_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *account = NULL;
  g_autofree char *pin = NULL;
  VaultEntry *entry;

  add_bank (f->store);
  save_and_reopen (f);
  entry = vault_store_find_by_title (f->store, "Bank", &error);
  g_assert_no_error (error);

  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, 3);
  g_assert_cmpstr (vault_entry_get_field_label (entry, 0), ==, "Account number");
  g_assert_cmpstr (vault_entry_get_field_value (entry, 0), ==, "DE44 5001");
  g_assert_true (vault_entry_get_field_searchable (entry, 0));
  g_assert_cmpstr (vault_entry_get_field_label (entry, 1), ==, "PIN");
  g_assert_true (vault_entry_get_field_concealed (entry, 1));
  g_assert_null (vault_entry_get_field_value (entry, 1));
  g_assert_false (vault_entry_get_field_searchable (entry, 2));
  g_assert_cmpint (vault_entry_find_field (entry, "Branch"), ==, 2);
  g_assert_cmpint (vault_entry_find_field (entry, "branch"), ==, -1);
  g_assert_cmpuint (strlen (vault_entry_get_field_id (entry, 1)), ==, 16);
  g_assert_cmpstr (vault_entry_get_field_id (entry, 0), !=, vault_entry_get_field_id (entry, 1));

  account = reveal_field (f->store, entry, 0);
  pin = reveal_field (f->store, entry, 1);
  g_assert_cmpstr (account, ==, "DE44 5001");
  g_assert_cmpstr (pin, ==, PIN);
  g_assert_null (strstr (vault_entry_get_search_key (entry), "4711"));
}

/* Plain searchable fields are found; plain unmarked and concealed never. */
static void
test_fields_search (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) by_account = NULL;
  g_autoptr(GPtrArray) by_branch = NULL;
  g_autoptr(GPtrArray) by_pin = NULL;
  g_autoptr(GPtrArray) by_label = NULL;

  add_bank (f->store);
  by_account = vault_store_search (f->store, "de44");
  by_branch = vault_store_search (f->store, "gangnam");
  by_pin = vault_store_search (f->store, "4711");
  by_label = vault_store_search (f->store, "account number");
  g_assert_cmpuint (by_account->len, ==, 1);
  g_assert_cmpuint (by_branch->len, ==, 0);
  g_assert_cmpuint (by_pin->len, ==, 0);
  g_assert_cmpuint (by_label->len, ==, 0);
}

/* Renaming and moving fields by id keeps a concealed value sealed as it
 * was (not opened, not sealed again); a new value is sealed anew. */
static void
test_fields_reorder (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pin = NULL;
  g_autoptr(GPtrArray) found = NULL;
  VaultEntry *entry = add_bank (f->store);
  GBytes *sealed = g_array_index (vault_entry_get_fields (entry), VaultEntryField, 1).sealed;
  g_autofree char *pin_id = g_strdup (vault_entry_get_field_id (entry, 1));
  g_autofree char *account_id = g_strdup (vault_entry_get_field_id (entry, 0));
  const VaultFieldSpec specs[] = {
    { .id = pin_id, .label = "Card PIN", .concealed = TRUE },
    { .id = account_id, .label = "IBAN", .value = NULL, .searchable = FALSE },
    { .label = "Card", .value = "9999", .searchable = TRUE },
  };
  VaultEntryFields update = { .custom_fields = specs, .n_custom_fields = 3,
                              .set_custom_fields = TRUE };
  VaultEntryFields no_change = { .username = "kim" };

  g_bytes_ref (sealed);
  g_assert_true (vault_store_update_entry (f->store, entry, &update, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (vault_entry_get_field_label (entry, 0), ==, "Card PIN");
  g_assert_cmpstr (vault_entry_get_field_id (entry, 0), ==, pin_id);
  g_assert_true (g_array_index (vault_entry_get_fields (entry), VaultEntryField, 0).sealed ==
                 sealed);
  g_bytes_unref (sealed);
  g_assert_cmpstr (vault_entry_get_field_value (entry, 1), ==, "DE44 5001");
  g_assert_cmpstr (vault_entry_get_field_id (entry, 1), ==, account_id);

  /* Unmarked, the account number is no longer found; the new field is. */
  found = vault_store_search (f->store, "de44");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = vault_store_search (f->store, "9999");
  g_assert_cmpuint (found->len, ==, 1);

  /* An update that does not name the fields leaves them. */
  g_assert_true (vault_store_update_entry (f->store, entry, &no_change, &error));
  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, 3);

  save_and_reopen (f);
  entry = vault_store_find_by_title (f->store, "Bank", &error);
  pin = reveal_field (f->store, entry, 0);
  g_assert_cmpstr (pin, ==, PIN);
}

/* A concealed value is bound to its entry and field: moved to another
 * field it does not open. */
static void
test_fields_sealed_to_place (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  const VaultFieldSpec specs[] = {
    { .label = "A", .value = "first secret", .concealed = TRUE },
    { .label = "B", .value = "second secret", .concealed = TRUE },
  };
  VaultEntryFields fields = { .title = "Two", .custom_fields = specs, .n_custom_fields = 2,
                              .set_custom_fields = TRUE };
  VaultEntry *entry = vault_store_add_entry (f->store, &fields, &error);
  GArray *list = vault_entry_get_fields (entry);
  VaultEntryField *a = &g_array_index (list, VaultEntryField, 0);
  VaultEntryField *b = &g_array_index (list, VaultEntryField, 1);
  GBytes *swap = a->sealed;
  g_autoptr(VaultSecureBuf) value = NULL;

  a->sealed = b->sealed;
  b->sealed = swap;
  value = vault_store_reveal_field (f->store, entry, 0, &error);
  g_assert_null (value);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED);
  g_assert_null (strstr (error->message, "secret"));
}

static void
assert_refused (VaultStore             *store,
                VaultEntry             *entry,
                const VaultEntryFields *fields,
                const char             *words)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (vault_store_update_entry (store, entry, fields, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, words));
  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, 3);
}

static void
test_fields_refused (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add_bank (f->store);
  g_autofree char *long_label = g_strnfill (VAULT_MAX_FIELD_LABEL + 1, 'l');
  g_autofree char *long_value = g_strnfill (VAULT_MAX_FIELD_VALUE + 1, 'v');
  g_autofree VaultFieldSpec *many = g_new0 (VaultFieldSpec, VAULT_MAX_FIELDS + 1);
  const VaultFieldSpec no_label[] = { { .label = "", .value = "v" } };
  const VaultFieldSpec too_long[] = { { .label = long_label, .value = "v" } };
  const VaultFieldSpec big[] = { { .label = "l", .value = long_value } };
  const VaultFieldSpec no_value[] = { { .label = "l" } };
  const VaultFieldSpec bad_utf8[] = { { .label = "l", .value = "\xc3\x28" } };
  VaultEntryFields fields = { .set_custom_fields = TRUE, .n_custom_fields = 1 };

  fields.custom_fields = no_label;
  assert_refused (f->store, entry, &fields, "name");
  fields.custom_fields = too_long;
  assert_refused (f->store, entry, &fields, "1024");
  fields.custom_fields = big;
  assert_refused (f->store, entry, &fields, "1 MB");
  fields.custom_fields = no_value;
  assert_refused (f->store, entry, &fields, "no value");
  fields.custom_fields = bad_utf8;
  assert_refused (f->store, entry, &fields, "UTF-8");

  for (guint i = 0; i <= VAULT_MAX_FIELDS; i++)
    many[i] = (VaultFieldSpec) { .label = "l", .value = "v" };
  fields.custom_fields = many;
  fields.n_custom_fields = VAULT_MAX_FIELDS + 1;
  assert_refused (f->store, entry, &fields, "1000");
  fields.n_custom_fields = VAULT_MAX_FIELDS;
  g_assert_true (vault_store_update_entry (f->store, entry, &fields, NULL));
  g_assert_cmpuint (vault_entry_get_n_fields (entry), ==, VAULT_MAX_FIELDS);
}

/* What a merge needs: a copy that compares equal, and any change that
 * does not. */
static void
test_fields_copy_compare (Fixture *f, gconstpointer data)
{
  VaultEntry *entry = add_bank (f->store);
  GArray *fields = vault_entry_get_fields (entry);
  g_autoptr(GArray) copy = vault_fields_copy (fields);
  VaultEntryField *first;

  g_assert_null (vault_fields_copy (NULL));
  g_assert_cmpint (vault_fields_compare (NULL, NULL), ==, 0);
  g_assert_cmpint (vault_fields_compare (fields, copy), ==, 0);
  g_assert_cmpint (vault_fields_compare (NULL, copy), <, 0);
  first = &g_array_index (copy, VaultEntryField, 0);
  first->searchable = !first->searchable;
  g_assert_cmpint (vault_fields_compare (fields, copy), !=, 0);
  g_assert_cmpint (vault_fields_compare (fields, copy), ==, -vault_fields_compare (copy, fields));
  first->searchable = !first->searchable;
  g_array_remove_index (copy, 2);
  g_assert_cmpint (vault_fields_compare (fields, copy), >, 0);

  /* A merge's copy of an entry carries its code and fields, and only an
   * entry with the same ones is the same. */
  {
    g_autoptr(VaultEntry) dup = vault_entry_dup (entry);
    g_autoptr(VaultEntry) other = vault_entry_dup (entry);
    g_autofree char *pin = NULL;
    g_autoptr(VaultSecureBuf) code = NULL;
    const VaultFieldSpec none[] = { { .label = "x", .value = "y" } };
    VaultEntryFields change = { .custom_fields = none, .n_custom_fields = 1,
                                .set_custom_fields = TRUE };

    g_assert_true (vault_entry_same (entry, dup));
    g_assert_cmpuint (vault_entry_get_n_fields (dup), ==, 3);
    g_assert_true (vault_entry_has_totp (dup));
    pin = reveal_field (f->store, dup, 1);
    g_assert_cmpstr (pin, ==, PIN);
    code = vault_store_get_totp_code (f->store, dup, 59, NULL, NULL, NULL);
    g_assert_cmpstr (vault_secure_buf_get_string (code), ==, "94287082");
    vault_entry_set_sealed_totp (other, NULL);
    g_assert_false (vault_entry_same (entry, other));
    g_assert_true (vault_store_update_entry (f->store, entry, &change, NULL));
    vault_entry_set_modified (dup, vault_entry_get_modified (entry));
    g_assert_false (vault_entry_same (entry, dup));
    vault_entry_assign (dup, entry);
    g_assert_true (vault_entry_same (entry, dup));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/store-fields/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("totp/code", test_totp_code);
  ADD ("totp/set-clear", test_totp_set_clear);
  ADD ("fields/kept", test_fields_kept);
  ADD ("fields/search", test_fields_search);
  ADD ("fields/reorder", test_fields_reorder);
  ADD ("fields/sealed-to-place", test_fields_sealed_to_place);
  ADD ("fields/refused", test_fields_refused);
  ADD ("fields/copy-compare", test_fields_copy_compare);
  return g_test_run ();
}
