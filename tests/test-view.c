/* test-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * VaultEntryView against the obvious answer: every entry, filtered with
 * vault_search_query_matches and sorted with vault_entry_compare, computed
 * afresh after every change. A copy of the list kept only from the view's
 * items-changed signals must equal the view after each signal, so the list
 * widget is never told a span that does not match what it then reads. A
 * search tells the first rows at once and the rest when the main loop is
 * idle; the tests check both moments.
 */
#include <string.h>

#include "vault-core.h"
#include "test-util.h"

typedef struct {
  char           *dir;
  VaultStore     *store;
  VaultEntryView *view;
  GPtrArray      *copy;       /* built only from items-changed */
  guint           n_signals;
  guint           max_added;  /* the most items one signal added */
  char           *search;
} Fixture;

static void
check_model (GListModel *model,
             GPtrArray  *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      g_assert_true (entry == g_ptr_array_index (expected, i));
    }
  g_assert_null (g_list_model_get_item (model, expected->len));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_assert_cmpuint (position + removed, <=, f->copy->len);
  g_ptr_array_remove_range (f->copy, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, position + i);

      g_assert_nonnull (entry);
      g_ptr_array_insert (f->copy, position + i, entry);
    }
  f->n_signals++;
  f->max_added = MAX (f->max_added, added);
  check_model (model, f->copy);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  return vault_entry_compare (*(VaultEntry **) a, *(VaultEntry **) b);
}

/* What the view should show, computed from nothing. */
static GPtrArray *
expected (Fixture *f)
{
  g_autoptr(VaultSearchQuery) query = vault_search_query_new (f->search ? f->search : "");
  GListModel *entries = vault_store_get_entries (f->store);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (entries); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (entries, i);

      if (vault_search_query_is_empty (query) || vault_search_query_matches (query, entry))
        g_ptr_array_add (out, entry);
    }
  g_ptr_array_sort (out, compare_entries);
  return out;
}

/* After the main loop has had its idle time. */
static void
check (Fixture *f)
{
  g_autoptr(GPtrArray) want = expected (f);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  check_model (G_LIST_MODEL (f->view), want);
  check_model (G_LIST_MODEL (f->view), f->copy);
}

/* Typed faster than the main loop idles. */
static void
set_search (Fixture    *f,
            const char *text)
{
  g_autoptr(GPtrArray) want = NULL;
  guint n;

  g_free (f->search);
  f->search = g_strdup (text);
  want = expected (f);
  f->max_added = 0;
  vault_entry_view_set_search (f->view, text);

  /* At once: the first matches in order, at most FIRST_ROWS of them new. */
  n = g_list_model_get_n_items (G_LIST_MODEL (f->view));
  g_assert_cmpuint (n, <=, want->len);
  g_assert_cmpuint (n, >=, MIN (want->len, 48));
  g_assert_cmpuint (f->max_added, <=, 48);
  check_model (G_LIST_MODEL (f->view), f->copy);
  for (guint i = 0; i < MIN (n, 48); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->view), i);

      g_assert_true (entry == want->pdata[i]);
    }
}

/* Typed, then the main loop idles. */
static void
type (Fixture    *f,
      const char *text)
{
  set_search (f, text);
  check (f);
}

static VaultEntry *
add (Fixture    *f,
     const char *title,
     const char *username,
     gboolean    favourite)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = title, .username = username,
                              .set_favourite = TRUE, .favourite = favourite };
  VaultEntry *entry = vault_store_add_entry (f->store, &fields, &error);

  g_assert_no_error (error);
  return entry;
}

static void
retitle (Fixture    *f,
         VaultEntry *entry,
         const char *title)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = title };

  g_assert_true (vault_store_update_entry (f->store, entry, &fields, &error));
  g_assert_no_error (error);
}

static void
make_view (Fixture *f)
{
  GListModel *model;

  f->view = vault_entry_view_new (vault_store_get_entries (f->store));
  model = G_LIST_MODEL (f->view);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);

      g_ptr_array_add (f->copy, entry);
    }
  g_signal_connect (f->view, "items-changed", G_CALLBACK (on_items_changed), f);
  check (f);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("vault-test-XXXXXX", NULL);
  path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = vault_store_create (path, "correct horse battery staple", TEST_ITERATIONS,
                                 NULL, &error);
  g_assert_no_error (error);
  f->copy = g_ptr_array_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->view);
  vault_secret_key_delete (vault_store_get_vault_id (f->store), NULL, NULL);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->copy);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->search);
}

/* --- Tests --------------------------------------------------------------------------- */

static void
test_order (Fixture *f, gconstpointer data)
{
  VaultEntry *zebra, *apple_b, *apple_a, *eclair, *accent, *star, *hangul;

  zebra = add (f, "zebra", "", FALSE);
  apple_b = add (f, "Apple", "bob", FALSE);
  apple_a = add (f, "apple", "alice", FALSE);
  eclair = add (f, "Eclair", "", FALSE);
  accent = add (f, "Éclair", "", FALSE);
  star = add (f, "Zoo", "", TRUE);
  hangul = add (f, "은행", "", FALSE);
  make_view (f);

  /* Favourites first; then by title whatever its case, an accent beside
   * its letter; the same title by user name; Hangul after Latin. */
  {
    VaultEntry *order[] = { star, apple_a, apple_b, eclair, accent, zebra, hangul };

    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        g_autoptr(VaultEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->view), i);

        g_assert_cmpstr (vault_entry_get_title (entry), ==, vault_entry_get_title (order[i]));
        g_assert_true (entry == order[i]);
      }
  }
}

/* Numbers in titles sort as numbers, Hangul syllables in dictionary order
 * (ㄱ before ㄴ, a syllable before the same one with a final consonant),
 * favourites still first. */
static void
test_natural_order (Fixture *f, gconstpointer data)
{
  const char *titles[] = { "item 10", "가나", "item 2", "하늘", "Item 1", "item 02b", "각",
                           "나무", "item 100", "item", "x9", "x10" };
  const char *expected[] = { "item 100", "item", "Item 1", "item 2", "item 02b", "item 10",
                             "x9", "x10", "가나", "각", "나무", "하늘" };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    add (f, titles[i], "", g_str_equal (titles[i], "item 100"));
  make_view (f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==,
                    G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (G_LIST_MODEL (f->view), i);

      g_assert_cmpstr (vault_entry_get_title (entry), ==, expected[i]);
    }
}

static void
test_sort_key_compare (void)
{
  g_assert_cmpint (vault_sort_key_compare ("item 2", "item 10"), <, 0);
  g_assert_cmpint (vault_sort_key_compare ("item 10", "item 2"), >, 0);
  g_assert_cmpint (vault_sort_key_compare ("item 007", "item 7"), ==, 0);
  g_assert_cmpint (vault_sort_key_compare ("item 7", "item 7a"), <, 0);
  g_assert_cmpint (vault_sort_key_compare ("item", "item 1"), <, 0);
  g_assert_cmpint (vault_sort_key_compare ("a99999999999999999999", "a100000000000000000000"),
                   <, 0);
  g_assert_cmpint (vault_sort_key_compare ("", ""), ==, 0);
  g_assert_cmpint (vault_sort_key_compare ("", "a"), <, 0);
  /* Byte order of UTF-8 is code point order. */
  g_assert_cmpint (vault_sort_key_compare ("z", "가"), <, 0);
}

static void
test_search (Fixture *f, gconstpointer data)
{
  add (f, "Bank of Somewhere", "me@example.com", FALSE);
  add (f, "Banking app", "", TRUE);
  add (f, "Mail", "me@bank.example", FALSE);
  add (f, "Café", "", FALSE);
  add (f, "은행", "", FALSE);
  make_view (f);

  /* Typed a letter at a time, then widened, then replaced, then cleared. */
  type (f, "b");
  type (f, "ba");
  type (f, "ban");
  type (f, "bank");
  type (f, "bank ");
  type (f, "bank s");
  type (f, "bank");
  type (f, "BANK");
  type (f, "cafe");
  type (f, "CAFÉ");
  type (f, "은");
  type (f, "은행");
  type (f, "nothing matches this");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 0);
  type (f, "");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->view)), ==, 5);
}

static void
test_changes (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  VaultEntry *mail, *bank, *zoo;
  VaultEntryFields favourite = { .set_favourite = TRUE, .favourite = TRUE };

  mail = add (f, "Mail", "", FALSE);
  bank = add (f, "Bank", "", FALSE);
  zoo = add (f, "Zoo", "", FALSE);
  make_view (f);

  /* Renamed: it moves. Made a favourite: it goes first. */
  retitle (f, mail, "Aardvark mail");
  check (f);
  g_assert_true (vault_store_update_entry (f->store, zoo, &favourite, &error));
  check (f);

  /* Under a search: an entry renamed out of it leaves, one renamed into
   * it arrives, one added that matches appears, one deleted goes. */
  type (f, "bank");
  retitle (f, bank, "Credit union");
  check (f);
  retitle (f, mail, "Mail from the bank");
  check (f);
  add (f, "Bank two", "", FALSE);
  check (f);
  add (f, "Unrelated", "", FALSE);
  check (f);
  g_object_ref (mail);
  g_assert_true (vault_store_delete_entry (f->store, mail, &error));
  check (f);
  g_assert_true (vault_store_restore_entry (f->store, mail, &error));
  check (f);
  g_object_unref (mail);
  type (f, "");
}

/* Many matches: the rows beyond the first are told in steps, and the
 * list must read the same entries in between. */
static void
test_large (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < 9000; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s %05u", i % 3 ? "Alpha" : "Beta", i);

      add (f, title, "", i % 97 == 0);
    }
  make_view (f);
  type (f, "beta");
  type (f, "alpha");
  g_assert_cmpuint (f->max_added, >, 4096); /* the rest at once, once rows have widgets */
  type (f, "alpha 01");
  /* Keys typed before the rest of the rows were told. */
  set_search (f, "");
  set_search (f, "b");
  set_search (f, "be");
  set_search (f, "a");
  set_search (f, "al");
  set_search (f, "");
  check (f);
  /* A change to the entries while rows are still untold. */
  set_search (f, "alpha");
  add (f, "Alpha new", "", FALSE);
  check (f);
  type (f, "");
  type (f, "a");
}

/* Random edits, additions, deletions and searches from a fixed seed. */
static void
test_random (Fixture *f, gconstpointer data)
{
  const char *words[] = { "bank", "mail", "shop", "café", "work", "home", "은행", "bank2" };
  const char *searches[] = { "", "b", "ba", "ban", "bank", "a", "m", "é", "은", "ho", "k 1" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *title = g_strdup_printf ("%s %u", words[i % G_N_ELEMENTS (words)], i);

      g_ptr_array_add (all, g_object_ref (add (f, title, "", i % 7 == 0)));
    }
  make_view (f);

  for (guint step = 0; step < 600; step++)
    {
      VaultEntry *entry = all->pdata[g_rand_int_range (rand, 0, all->len)];
      g_autoptr(GError) error = NULL;
      g_autofree char *title = g_strdup_printf ("%s %d",
                                                words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))],
                                                g_rand_int_range (rand, 0, 100));

      switch (g_rand_int_range (rand, 0, 5))
        {
        case 0:
          set_search (f, searches[g_rand_int_range (rand, 0, G_N_ELEMENTS (searches))]);
          break;
        case 1:
          retitle (f, entry, title);
          break;
        case 2:
          {
            VaultEntryFields fields = { .set_favourite = TRUE,
                                        .favourite = !vault_entry_get_favourite (entry) };

            g_assert_true (vault_store_update_entry (f->store, entry, &fields, &error));
          }
          break;
        case 3:
          g_ptr_array_add (all, g_object_ref (add (f, title, "", FALSE)));
          break;
        default:
          if (!vault_store_delete_entry (f->store, entry, NULL))
            g_assert_true (vault_store_restore_entry (f->store, entry, &error));
          break;
        }
      g_assert_no_error (error);
      /* Half the time the next change comes before the main loop idles. */
      if (g_rand_boolean (rand))
        check (f);
      else
        check_model (G_LIST_MODEL (f->view), f->copy);
    }
  check (f);
  g_assert_cmpuint (f->n_signals, >, 100);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/view/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("order", test_order);
  ADD ("natural-order", test_natural_order);
  g_test_add_func ("/vault/view/sort-key-compare", test_sort_key_compare);
  ADD ("search", test_search);
  ADD ("changes", test_changes);
  ADD ("large", test_large);
  ADD ("random", test_random);
  return g_test_run ();
}
