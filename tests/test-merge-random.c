/* test-merge-random.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging over many random pairs of edit histories from a common ancestor
 * (adds, edits, deletes, undos, master password changes, on a clock the
 * test sets, often at the same second on both sides): A+B and B+A hold the
 * same in plain text, merging either side again changes nothing, and the
 * result survives a save and a reopen. VAULT_MERGE_SEED repeats a run,
 * VAULT_MERGE_PAIRS sets how many pairs (200).
 */
#include <string.h>

#include "vault-core.h"
#include "vault-clock.h"
#include "test-merge-util.h"

#define T0 1700000000

static const char *titles[] = { "Alpha", "Beta", "Gamma", "Delta" };
static const char *users[] = { "", "kim", "lee" };
static const char *passwords[] = { "", "p1", "p2", "p3", "p4" };
static const char *notes[] = { "", "n1", "n2" };
static const char *masters[] = { OTHER_MASTER, "purple walrus banjo nine lake" };

typedef struct {
  VaultStore *store;
  char       *path;
  const char *master;
  VaultEntry *undo;       /* deleted by the last operation, or NULL */
} Side;

static gint64 now;
/* What the pairs exercised, told at the end: a property test that never
 * met a conflict would prove little. */
static guint seen_added, seen_updated, seen_deleted, seen_header;

static void
tick (GRand *rand)
{
  /* Often the same second: the tie-break is exercised too. */
  now += g_rand_int_range (rand, 0, 3);
  vault_clock_set_for_testing (now);
}

static const char *
pick (GRand       *rand,
      const char **values,
      guint        n)
{
  return values[g_rand_int_range (rand, 0, (gint32) n)];
}

#define PICK(rand, values) pick ((rand), (values), G_N_ELEMENTS (values))

static VaultEntry *
pick_entry (GRand      *rand,
            VaultStore *store)
{
  GListModel *model = vault_store_get_entries (store);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(VaultEntry) entry = NULL;

  if (n == 0)
    return NULL;
  entry = g_list_model_get_item (model, (guint) g_rand_int_range (rand, 0, (gint32) n));
  return entry; /* the list keeps it */
}

static void
op_add (GRand      *rand,
        VaultStore *store)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = {
    .title = PICK (rand, titles), .username = PICK (rand, users),
    .password = PICK (rand, passwords), .notes = PICK (rand, notes),
  };

  g_assert_nonnull (vault_store_add_entry (store, &fields, &error));
}

static void
op_edit (GRand      *rand,
         VaultStore *store)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *entry = pick_entry (rand, store);
  VaultEntryFields fields = { 0 };

  if (entry == NULL)
    return;
  if (g_rand_boolean (rand))
    fields.title = PICK (rand, titles);
  if (g_rand_int_range (rand, 0, 3) == 0)
    fields.username = PICK (rand, users);
  if (g_rand_boolean (rand))
    fields.password = PICK (rand, passwords);
  if (g_rand_int_range (rand, 0, 5) == 0)
    fields.notes = PICK (rand, notes);
  if (g_rand_int_range (rand, 0, 8) == 0)
    {
      fields.set_favourite = TRUE;
      fields.favourite = !vault_entry_get_favourite (entry);
    }
  g_assert_true (vault_store_update_entry (store, entry, &fields, &error));
}

static void
op_delete (GRand *rand,
           Side  *side)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *entry = pick_entry (rand, side->store);

  if (entry == NULL)
    return;
  side->undo = g_object_ref (entry);
  g_assert_true (vault_store_delete_entry (side->store, entry, &error));
}

static void
op_change_password (GRand *rand,
                    Side  *side)
{
  g_autoptr(GError) error = NULL;
  const char *master = PICK (rand, masters);

  /* Saves at once, as the app does. */
  g_assert_true (vault_store_change_password (side->store, master, NULL, &error));
  g_assert_no_error (error);
  side->master = master;
}

static void
random_op (GRand    *rand,
           Side     *side,
           gboolean  may_change_password)
{
  g_autoptr(VaultEntry) undo = g_steal_pointer (&side->undo);
  guint roll = (guint) g_rand_int_range (rand, 0, 100);
  g_autoptr(GError) error = NULL;

  tick (rand);
  if (roll < 20)
    op_add (rand, side->store);
  else if (roll < 60)
    op_edit (rand, side->store);
  else if (roll < 82)
    op_delete (rand, side);
  else if (may_change_password && roll >= 92)
    op_change_password (rand, side);
  else
    {
      /* Undo, when the last thing this side did was a delete. */
      if (undo != NULL)
        g_assert_true (vault_store_restore_entry (side->store, undo, &error));
      else
        op_edit (rand, side->store);
    }
}

static VaultMergeReport
merge (VaultStore *store,
       const char *path)
{
  VaultMergeReport report = { 0, };
  g_autoptr(GError) error = NULL;

  g_assert_true (vault_store_merge_file (store, path, NULL, &report, NULL, &error));
  g_assert_no_error (error);
  return report;
}

static void
assert_no_change (VaultStore *store,
                  const char *path,
                  const char *expected)
{
  VaultMergeReport report = merge (store, path);
  g_autofree char *after = test_snapshot (store);

  g_assert_false (report.changed);
  g_assert_false (report.header_changed);
  g_assert_cmpuint (report.added + report.updated + report.deleted, ==, 0);
  g_assert_cmpstr (after, ==, expected);
  vault_merge_report_clear (&report);
}

static void
assert_settled (VaultStore *store,
                const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultCopy) copy = vault_store_read_copy (store, path, NULL, NULL, &error);
  VaultMergeReport report = { 0, };

  g_assert_no_error (error);
  g_assert_true (vault_store_merge_copy (store, copy, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.added + report.deleted, ==, 0);
  vault_merge_report_clear (&report);
  g_assert_false (vault_store_copy_lacks_merged (store, copy));
}

static void
assert_same_bytes (VaultStore *a,
                   VaultStore *b)
{
  GListModel *entries = vault_store_get_entries (a);

  g_assert_cmpuint (g_list_model_get_n_items (entries), ==,
                    g_list_model_get_n_items (vault_store_get_entries (b)));
  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (entries, i);
      VaultEntry *other = vault_store_find_by_id (b, vault_entry_get_id (entry));

      g_assert_nonnull (other);
      g_assert_true (vault_entry_same (entry, other));
    }
}

/* Opens path with whichever of the passwords opens it. */
static VaultStore *
reopen (const char *path,
        const char *one,
        const char *other)
{
  g_autoptr(GError) error = NULL;
  VaultStore *store = vault_store_open (path, one, NULL, &error);

  if (store == NULL && g_error_matches (error, VAULT_ERROR, VAULT_ERROR_WRONG_KEY))
    return test_open (path, other);
  g_assert_no_error (error);
  return store;
}

static void
side_clear (Side *side)
{
  g_clear_object (&side->undo);
  g_clear_object (&side->store);
  g_clear_pointer (&side->path, g_free);
}

static void
run_pair (GRand      *rand,
          const char *dir,
          const char *empty,
          guint       n)
{
  g_autofree char *ancestor_path = g_build_filename (dir, "ancestor.json", NULL);
  g_autoptr(VaultStore) ancestor = NULL;
  g_autofree char *snap_a = NULL;
  g_autofree char *snap_b = NULL;
  Side a = { NULL, g_build_filename (dir, "a.json", NULL), MASTER, NULL };
  Side b = { NULL, g_build_filename (dir, "b.json", NULL), MASTER, NULL };
  /* A master password change costs a real KDF (650,000 rounds) at every
   * unlock after it, so one pair in ten has them. */
  gboolean passwords = n % 10 == 0;
  VaultMergeReport ra, rb;
  guint ops;

  now = T0 + (gint64) n * 100000;
  vault_clock_set_for_testing (now);
  test_copy_file (empty, ancestor_path);
  ancestor = test_open (ancestor_path, MASTER);
  for (guint i = (guint) g_rand_int_range (rand, 0, 6); i > 0; i--)
    {
      tick (rand);
      if (g_rand_int_range (rand, 0, 4) > 0)
        op_add (rand, ancestor);
      else
        op_edit (rand, ancestor);
    }
  test_save (ancestor);
  test_copy_file (ancestor_path, a.path);
  test_copy_file (ancestor_path, b.path);
  a.store = test_open (a.path, MASTER);
  b.store = test_open (b.path, MASTER);

  /* The two devices, apart, on one clock. */
  for (ops = (guint) g_rand_int_range (rand, 0, 16); ops > 0; ops--)
    random_op (rand, g_rand_boolean (rand) ? &a : &b, passwords);
  test_save (a.store);
  test_save (b.store);

  ra = merge (a.store, b.path);
  rb = merge (b.store, a.path);
  snap_a = test_snapshot (a.store);
  snap_b = test_snapshot (b.store);
  if (g_strcmp0 (snap_a, snap_b) != 0)
    g_test_message ("pair %u:\nA+B\n%s\nB+A\n%s", n, snap_a, snap_b);
  g_assert_cmpstr (snap_a, ==, snap_b);
  g_assert_false (ra.header_changed && rb.header_changed);
  seen_added += ra.added + rb.added;
  seen_updated += ra.updated + rb.updated;
  seen_deleted += ra.deleted + rb.deleted;
  seen_header += ra.header_changed || rb.header_changed;
  vault_merge_report_clear (&ra);
  vault_merge_report_clear (&rb);

  /* (A+B)+B == A+B and (A+B)+A == A+B, reporting nothing. */
  assert_no_change (a.store, b.path, snap_a);
  assert_no_change (a.store, a.path, snap_a);
  assert_no_change (b.store, a.path, snap_b);

  /* Each device saves its merge and gets the other's: neither lacks
   * anything, so neither saves again (the devices settle); and their
   * entries are then the same to the byte, sealed old passwords included. */
  test_save (a.store);
  test_save (b.store);
  assert_settled (a.store, b.path);
  assert_settled (b.store, a.path);
  assert_same_bytes (a.store, b.store);

  /* Saved and opened again (with the password of the header that won),
   * nothing is lost, deletion records included. */
  if (n % 8 == 0 || passwords)
    {
      g_autoptr(VaultStore) again = NULL;
      g_autofree char *snap_again = NULL;

      test_save (a.store);
      again = reopen (a.path, a.master, b.master);
      snap_again = test_snapshot (again);
      g_assert_cmpstr (snap_again, ==, snap_a);
    }

  side_clear (&a);
  side_clear (&b);
}

static void
test_random_pairs (void)
{
  g_autofree char *dir = g_dir_make_tmp ("vault-merge-random-XXXXXX", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.json", NULL);
  const char *seed_text = g_getenv ("VAULT_MERGE_SEED");
  const char *pairs_text = g_getenv ("VAULT_MERGE_PAIRS");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : g_random_int ();
  guint pairs = pairs_text ? (guint) g_ascii_strtoull (pairs_text, NULL, 10) : 200;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(VaultStore) store = NULL;
  g_autofree char *vault_id = NULL;

  g_test_message ("VAULT_MERGE_SEED=%u VAULT_MERGE_PAIRS=%u", seed, pairs);
  vault_clock_set_for_testing (T0);
  store = test_create (empty, MASTER);
  vault_id = g_strdup (vault_store_get_vault_id (store));
  g_clear_object (&store);

  for (guint n = 0; n < pairs; n++)
    run_pair (rand, dir, empty, n);

  g_test_message ("merges added %u, updated %u, deleted %u entries; took a newer header %u times",
                  seen_added, seen_updated, seen_deleted, seen_header);
  g_assert_cmpuint (seen_updated, >, 0);
  g_assert_cmpuint (seen_deleted, >, 0);
  vault_clock_set_for_testing (0);
  vault_secret_key_delete (vault_id, NULL, NULL);
  test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/vault/merge/random/commutative-idempotent", test_random_pairs);
  return g_test_run ();
}
