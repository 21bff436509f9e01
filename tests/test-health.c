/* test-health.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password health report over a vault made for it: known weak, reused
 * (a group of three and one of two), old and empty passwords, and a small
 * breach list made here with GLib's own SHA-1; and breach lists that are
 * not what they should be.
 */
#include <string.h>
#include <glib/gstdio.h>

#include "vault-core.h"
#include "test-util.h"

#define MASTER "correct horse battery staple"
#define DAY    (24 * 60 * 60)

#define WEAK_1   "password1"
#define WEAK_2   "qwerty12"
#define SHARED_3 "Zebra-Quartz-Lantern-5521!"
#define SHARED_2 "Vx7$kP3!nR8#qT1w-Hollow"

typedef struct {
  char       *dir;
  char       *path;
  VaultStore *store;
  gint64      now;
} Fixture;

static void
add (Fixture    *f,
     const char *title,
     const char *password)
{
  g_autoptr(GError) error = NULL;
  VaultEntryFields fields = { .title = title, .password = password };

  g_assert_nonnull (vault_store_add_entry (f->store, &fields, &error));
  g_assert_no_error (error);
}

/* Imported entries keep the times they come with: the way to make a
 * password that was set long ago. */
static VaultForeignEntry *
foreign (VaultImport *import,
         const char  *title,
         const char  *password,
         gint64       created)
{
  VaultForeignEntry *entry = vault_import_add_entry (import);

  entry->title = g_strdup (title);
  entry->password = vault_import_keep_secret (import, password, -1);
  entry->created = created;
  entry->modified = created;
  entry->where = g_strdup_printf ("line %u", import->entries->len);
  return entry;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultImport) import = vault_import_new (VAULT_FORMAT_KDBX);
  VaultForeignEntry *entry;
  guint added = 0;

  f->dir = g_dir_make_tmp ("vault-health-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "vault.json", NULL);
  f->store = vault_store_create (f->path, MASTER, TEST_ITERATIONS, NULL, &error);
  g_assert_no_error (error);
  f->now = g_get_real_time () / G_USEC_PER_SEC;

  add (f, "Forum", WEAK_1);
  add (f, "Printer", WEAK_2);
  add (f, "Bank", SHARED_3);
  add (f, "Shop", SHARED_3);
  add (f, "Work", SHARED_3);
  add (f, "Mail", SHARED_2);
  add (f, "Mail archive", SHARED_2);
  add (f, "Chat", "Unique-Granite-Otter-8841?");
  add (f, "Wi-Fi guest", NULL);

  /* Set 400 days ago, never changed. */
  foreign (import, "Router admin", "Unique-Copper-Falcon-3307!", f->now - 400 * DAY);
  /* Made long ago, its password replaced a month ago: not old. The weak
   * password it had is history, which the report leaves alone. */
  entry = foreign (import, "Old but changed", "Unique-Amber-Walrus-6612#", f->now - 800 * DAY);
  vault_foreign_entry_add_history (import, entry, f->now - 30 * DAY, WEAK_1, -1);
  /* Replaced 500 days ago, and not since. */
  entry = foreign (import, "Changed long ago", "Unique-Cobalt-Heron-1290%", f->now - 900 * DAY);
  vault_foreign_entry_add_history (import, entry, f->now - 500 * DAY, "Earlier-Pass-1", -1);
  /* No password at all is "No password", however old. */
  foreign (import, "Notes only", "", f->now - 1000 * DAY);
  g_assert_true (vault_store_add_import (f->store, import, VAULT_DUPLICATES_ADD, &added, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 4);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  test_store_clear (&f->store, &f->dir, &f->path);
}

/* A kind's findings as one line: "Bank|Shop" (reused: "0:Bank|0:Shop"). */
static char *
titles (VaultHealthReport *report,
        VaultHealthKind    kind)
{
  g_autoptr(GString) text = g_string_new (NULL);
  GPtrArray *findings = report->findings[kind];

  for (guint i = 0; i < findings->len; i++)
    {
      VaultHealthFinding *finding = findings->pdata[i];

      g_assert_cmpint (finding->kind, ==, kind);
      g_assert_nonnull (finding->id);
      if (i > 0)
        g_string_append_c (text, '|');
      if (kind == VAULT_HEALTH_REUSED)
        g_string_append_printf (text, "%u:", finding->group);
      g_string_append (text, finding->title);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
assert_titles (VaultHealthReport *report,
               VaultHealthKind    kind,
               const char        *expected)
{
  g_autofree char *got = titles (report, kind);

  g_assert_cmpstr (got, ==, expected);
}

/* --- Breach lists ------------------------------------------------------------ */

static char *
sha1_hex (const char *password)
{
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA1, password, -1);

  return g_ascii_strup (hex, -1);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

typedef enum {
  SORTED,
  REVERSED,     /* as if ordered by prevalence, the other download */
  MIDDLE_MOVED, /* its first and last lines in place, the rest not */
} Order;

/* Lines "HEX:COUNT" for the given passwords and n_filler random digests,
 * in that order, joined with eol. */
static char *
breach_text (const char * const *passwords,
             const guint64      *counts,
             guint               n_filler,
             Order               order,
             const char         *eol)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; passwords != NULL && passwords[i] != NULL; i++)
    {
      g_autofree char *hex = sha1_hex (passwords[i]);

      g_ptr_array_add (lines, g_strdup_printf ("%s:%" G_GUINT64_FORMAT, hex, counts[i]));
    }
  for (guint i = 0; i < n_filler; i++)
    {
      char hex[41];

      for (guint k = 0; k < 40; k++)
        hex[k] = "0123456789ABCDEF"[g_rand_int_range (rand, 0, 16)];
      hex[40] = '\0';
      g_ptr_array_add (lines, g_strdup_printf ("%s:%d", hex, g_rand_int_range (rand, 1, 99999)));
    }
  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      guint from = i;

      if (order == REVERSED)
        from = lines->len - 1 - i;
      else if (order == MIDDLE_MOVED && i > 0 && i < lines->len - 1)
        from = 1 + (i - 1 + (lines->len - 2) / 2) % (lines->len - 2);
      g_string_append (text, lines->pdata[from]);
      g_string_append (text, eol);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_breach_list (Fixture    *f,
                   guint       n_filler,
                   Order       order,
                   const char *eol)
{
  const char *passwords[] = { WEAK_1, SHARED_3, NULL };
  const guint64 counts[] = { 3861493, 2 };
  g_autofree char *text = breach_text (passwords, counts, n_filler, order, eol);

  return write_file (f, "pwned.txt", text);
}

/* --- The report --------------------------------------------------------------- */

static VaultHealthReport *
check (Fixture     *f,
       guint        max_age_days,
       const char  *breach_file)
{
  VaultHealthOptions options = { .max_age_days = max_age_days, .breach_file = breach_file };
  g_autoptr(GError) error = NULL;
  VaultHealthReport *report = vault_health_check (f->store, &options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
test_premises (Fixture *f, gconstpointer data)
{
  /* The test's weak passwords are what the meter shows red; the others not. */
  const char *weak[] = { WEAK_1, WEAK_2 };
  const char *fine[] = { SHARED_3, SHARED_2, "Unique-Granite-Otter-8841?" };

  for (guint i = 0; i < G_N_ELEMENTS (weak); i++)
    {
      g_autoptr(VaultStrengthReport) r = vault_strength_check (weak[i]);
      g_assert_cmpint (r->strength, <=, VAULT_STRENGTH_WEAK);
    }
  for (guint i = 0; i < G_N_ELEMENTS (fine); i++)
    {
      g_autoptr(VaultStrengthReport) r = vault_strength_check (fine[i]);
      g_assert_cmpint (r->strength, >=, VAULT_STRENGTH_FAIR);
    }
}

static void
test_report (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultHealthReport) report = check (f, 0, NULL);
  GPtrArray *weak = report->findings[VAULT_HEALTH_WEAK];
  GPtrArray *old = report->findings[VAULT_HEALTH_OLD];

  g_assert_cmpuint (report->n_entries, ==, 13);
  g_assert_cmpuint (report->max_age_days, ==, 365);

  /* Weakest first: both weak ones, whatever their order. */
  g_assert_cmpuint (weak->len, ==, 2);
  g_assert_cmpint (((VaultHealthFinding *) weak->pdata[0])->strength, <=,
                   ((VaultHealthFinding *) weak->pdata[1])->strength);
  {
    g_autofree char *got = titles (report, VAULT_HEALTH_WEAK);
    g_assert_true (g_str_equal (got, "Forum|Printer") || g_str_equal (got, "Printer|Forum"));
  }

  /* The larger group first; within one, by title. */
  g_assert_cmpuint (report->n_groups, ==, 2);
  assert_titles (report, VAULT_HEALTH_REUSED, "0:Bank|0:Shop|0:Work|1:Mail|1:Mail archive");

  /* Oldest first, with when the password was set. */
  assert_titles (report, VAULT_HEALTH_OLD, "Changed long ago|Router admin");
  g_assert_cmpint (((VaultHealthFinding *) old->pdata[0])->changed, ==, f->now - 500 * DAY);
  g_assert_cmpint (((VaultHealthFinding *) old->pdata[1])->changed, ==, f->now - 400 * DAY);

  assert_titles (report, VAULT_HEALTH_NO_PASSWORD, "Notes only|Wi-Fi guest");

  /* No list given: no breach section. */
  g_assert_false (report->breach_checked);
  g_assert_null (report->breach_error);
  g_assert_cmpuint (report->findings[VAULT_HEALTH_BREACHED]->len, ==, 0);

  /* Forum, Printer, Bank, Shop, Work, Mail, Mail archive, Changed long
   * ago, Router admin, Notes only, Wi-Fi guest. */
  g_assert_cmpuint (vault_health_report_count (report), ==, 11);
}

static void
test_ids (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultHealthReport) report = check (f, 0, NULL);

  /* Each finding names its entry: the id finds the entry of that title. */
  for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
    for (guint i = 0; i < report->findings[k]->len; i++)
      {
        VaultHealthFinding *finding = report->findings[k]->pdata[i];
        VaultEntry *entry = vault_store_find_by_id (f->store, finding->id);

        g_assert_nonnull (entry);
        g_assert_cmpstr (vault_entry_get_title (entry), ==, finding->title);
      }
}

static void
test_max_age (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultHealthReport) report = check (f, 450, NULL);
  g_autoptr(VaultHealthReport) month = check (f, 29, NULL);
  g_autoptr(VaultHealthReport) later = NULL;
  VaultHealthOptions options = { .now = f->now + 200 * DAY };
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (report->max_age_days, ==, 450);
  assert_titles (report, VAULT_HEALTH_OLD, "Changed long ago");

  /* At 29 days, only the passwords set today are new enough. */
  assert_titles (month, VAULT_HEALTH_OLD,
                 "Changed long ago|Router admin|Old but changed");

  /* Two hundred days on, the passwords set a month ago are 230 days old
   * and those set today 200: still not a year. */
  later = vault_health_check (f->store, &options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_titles (later, VAULT_HEALTH_OLD, "Changed long ago|Router admin");
}

static void
test_changed_password_is_new (Fixture *f, gconstpointer data)
{
  g_autoptr(VaultHealthReport) before = check (f, 0, NULL);
  g_autoptr(VaultHealthReport) after = NULL;
  g_autoptr(GError) error = NULL;
  VaultEntry *router = vault_store_find_by_title (f->store, "Router admin", &error);
  VaultEntry *shop = vault_store_find_by_title (f->store, "Shop", &error);
  VaultEntry *forum = vault_store_find_by_title (f->store, "Forum", &error);
  VaultEntryFields router_fields = { .password = "Fresh-Basalt-Puffin-4471&" };
  VaultEntryFields shop_fields = { .password = "Fresh-Marble-Gecko-9023^" };
  VaultEntryFields forum_fields = { .password = "" };

  g_assert_no_error (error);
  /* A new password goes to history with today's date: no longer old; Shop
   * leaves its group; Forum, emptied, is no longer weak but has none. */
  g_assert_true (vault_store_update_entry (f->store, router, &router_fields, &error));
  g_assert_true (vault_store_update_entry (f->store, shop, &shop_fields, &error));
  g_assert_true (vault_store_update_entry (f->store, forum, &forum_fields, &error));
  g_assert_no_error (error);

  after = check (f, 0, NULL);
  assert_titles (after, VAULT_HEALTH_OLD, "Changed long ago");
  /* Two groups of two: by title. */
  assert_titles (after, VAULT_HEALTH_REUSED, "0:Bank|0:Work|1:Mail|1:Mail archive");
  assert_titles (after, VAULT_HEALTH_WEAK, "Printer");
  assert_titles (after, VAULT_HEALTH_NO_PASSWORD, "Forum|Notes only|Wi-Fi guest");
}

static void
test_breached (Fixture *f, gconstpointer data)
{
  const char *eols[] = { "\r\n", "\n" };

  for (guint e = 0; e < G_N_ELEMENTS (eols); e++)
    {
      g_autofree char *path = write_breach_list (f, 500, SORTED, eols[e]);
      g_autoptr(VaultHealthReport) report = check (f, 0, path);
      GPtrArray *breached = report->findings[VAULT_HEALTH_BREACHED];

      g_assert_true (report->breach_checked);
      g_assert_no_error (report->breach_error);
      /* Most seen first; the same count by title. */
      assert_titles (report, VAULT_HEALTH_BREACHED, "Forum|Bank|Shop|Work");
      g_assert_cmpuint (((VaultHealthFinding *) breached->pdata[0])->breach_count, ==, 3861493);
      g_assert_cmpuint (((VaultHealthFinding *) breached->pdata[1])->breach_count, ==, 2);
      /* The rest of the report is as without a list. */
      assert_titles (report, VAULT_HEALTH_OLD, "Changed long ago|Router admin");
      assert_titles (report, VAULT_HEALTH_NO_PASSWORD, "Notes only|Wi-Fi guest");
    }
}

static void
test_breach_lowercase (Fixture *f, gconstpointer data)
{
  const char *passwords[] = { WEAK_2, NULL };
  const guint64 counts[] = { 77 };
  g_autofree char *text = breach_text (passwords, counts, 20, SORTED, "\n");
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autofree char *path = NULL;
  g_autoptr(VaultHealthReport) report = NULL;

  /* No line end after the last line, and lower-case digits: still read
   * (lower case sorts the same, digit for digit). */
  lower[strlen (lower) - 1] = '\0';
  path = write_file (f, "lower.txt", lower);
  report = check (f, 0, path);
  g_assert_no_error (report->breach_error);
  assert_titles (report, VAULT_HEALTH_BREACHED, "Printer");
}

static void
assert_bad_list (Fixture    *f,
                 const char *path,
                 int         code,
                 const char *pattern)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultBreachList) list = vault_breach_list_open (path, &error);
  g_autoptr(VaultHealthReport) report = NULL;

  g_assert_null (list);
  g_assert_error (error, VAULT_ERROR, code);
  if (!g_pattern_match_simple (pattern, error->message))
    g_error ("“%s” does not match “%s”", error->message, pattern);

  /* In a report, the same reason; every other section is whole. */
  report = check (f, 0, path);
  g_assert_false (report->breach_checked);
  g_assert_error (report->breach_error, VAULT_ERROR, code);
  g_assert_cmpstr (report->breach_error->message, ==, error->message);
  g_assert_cmpuint (report->findings[VAULT_HEALTH_BREACHED]->len, ==, 0);
  assert_titles (report, VAULT_HEALTH_REUSED, "0:Bank|0:Shop|0:Work|1:Mail|1:Mail archive");
  assert_titles (report, VAULT_HEALTH_NO_PASSWORD, "Notes only|Wi-Fi guest");
}

static void
test_bad_lists (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "nowhere.txt", NULL);
  g_autofree char *empty = write_file (f, "empty.txt", "\r\n");
  g_autofree char *ntlm = write_file (f, "ntlm.txt",
                                      "00000011059407D743D40689940F858C:3\r\n"
                                      "000000F1E0A0F2F0D1F8B9F2D1A0E4C1:5\r\n");
  g_autofree char *not_hex = write_file (f, "not-hex.txt",
                                         "0000000CAEF405439D57847A8657218C618160B2:1\n"
                                         "0000000XAEF405439D57847A8657218C618160B2:1\n");
  g_autofree char *no_count = write_file (f, "no-count.txt",
                                          "0000000CAEF405439D57847A8657218C618160B2\n");
  g_autofree char *huge_count = write_file (f, "huge-count.txt",
                                            "0000000CAEF405439D57847A8657218C618160B2:"
                                            "123456789012345678901234\n");
  g_autofree char *text = write_file (f, "text.txt", "Hello, this is not a list.\n");
  g_autofree char *unsorted = write_breach_list (f, 50, REVERSED, "\r\n");
  g_autofree char *moved = write_breach_list (f, 50, MIDDLE_MOVED, "\r\n");

  assert_bad_list (f, missing, VAULT_ERROR_IO, "Could not open the breach list “*nowhere.txt”*");
  assert_bad_list (f, f->dir, VAULT_ERROR_IO, "*is a folder*");
  assert_bad_list (f, empty, VAULT_ERROR_UNKNOWN_FORMAT, "The breach list “*empty.txt” is empty.");
  assert_bad_list (f, ntlm, VAULT_ERROR_UNKNOWN_FORMAT, "*ntlm.txt* line 1 is not*");
  assert_bad_list (f, not_hex, VAULT_ERROR_UNKNOWN_FORMAT, "*line 2 is not*");
  assert_bad_list (f, no_count, VAULT_ERROR_UNKNOWN_FORMAT, "*line 1 is not*");
  assert_bad_list (f, huge_count, VAULT_ERROR_UNKNOWN_FORMAT, "*line 1 is not*");
  assert_bad_list (f, text, VAULT_ERROR_UNKNOWN_FORMAT, "*line 1 is not*SHA-1 list*");
  assert_bad_list (f, unsorted, VAULT_ERROR_UNKNOWN_FORMAT, "*is not sorted by hash*");
  assert_bad_list (f, moved, VAULT_ERROR_UNKNOWN_FORMAT, "*is not sorted by hash*");
}

/* Over 16 MiB, a list is checked where the search reads it. */
static void
test_large_list (Fixture *f, gconstpointer data)
{
  g_autofree char *sorted = write_breach_list (f, 400000, SORTED, "\r\n");
  g_autoptr(VaultHealthReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultBreachList) list = NULL;
  g_autofree char *reversed = NULL;
  g_autofree char *moved = NULL;
  GStatBuf st;

  g_assert_cmpint (g_stat (sorted, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, VAULT_BREACH_FULL_CHECK);
  report = check (f, 0, sorted);
  g_assert_no_error (report->breach_error);
  assert_titles (report, VAULT_HEALTH_BREACHED, "Forum|Bank|Shop|Work");
  g_clear_pointer (&report, vault_health_report_free);

  /* Reversed: its first line is above its last. */
  reversed = write_breach_list (f, 400000, REVERSED, "\n");
  list = vault_breach_list_open (reversed, &error);
  g_assert_null (list);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_true (strstr (error->message, "not sorted by hash") != NULL);
  g_clear_error (&error);

  /* Its halves swapped: the lines read across it show it. */
  moved = write_breach_list (f, 400000, MIDDLE_MOVED, "\n");
  report = check (f, 0, moved);
  g_assert_error (report->breach_error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT);
  g_assert_true (strstr (report->breach_error->message, "not sorted by hash") != NULL);
  g_assert_cmpuint (report->findings[VAULT_HEALTH_BREACHED]->len, ==, 0);
}

/* The search itself: every digest of a list is found, in any order, and
 * no other. */
static void
test_lookup (Fixture *f, gconstpointer data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GPtrArray) present = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(VaultBreachList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *seed = g_strdup_printf ("present %u", i);
      g_ptr_array_add (present, sha1_hex (seed));
    }
  g_ptr_array_sort (present, compare_strings);
  for (guint i = 0; i < present->len; i++)
    g_string_append_printf (text, "%s:%u\r\n", (char *) present->pdata[i], i + 1);
  path = write_file (f, "lookup.txt", text->str);
  list = vault_breach_list_open (path, &error);
  g_assert_no_error (error);

  for (guint round = 0; round < 3; round++)
    for (guint n = 0; n < 4000; n++)
      {
        /* Round 0 in the list's order, then at random. */
        guint i = round == 0 ? n / 2 : (guint) g_rand_int_range (rand, 0, 2000);
        gboolean absent = round == 0 ? n % 2 == 1 : g_rand_boolean (rand);
        g_autofree char *seed = g_strdup_printf (absent ? "absent %u" : "present %u", i);
        g_autofree char *hex = sha1_hex (seed);
        g_autoptr(GByteArray) digest = test_hex (hex);
        guint64 count = 99;
        guint position = 0;

        g_assert_true (vault_breach_list_lookup (list, digest->data, &count, &error));
        g_assert_no_error (error);
        if (absent)
          g_assert_cmpuint (count, ==, 0);
        else
          {
            for (position = 0; position < present->len; position++)
              if (g_str_equal (present->pdata[position], hex))
                break;
            g_assert_cmpuint (count, ==, position + 1);
          }
      }
}

/* --- In a worker ---------------------------------------------------------------- */

typedef struct {
  GMainLoop         *loop;
  VaultHealthReport *report;
  GError            *error;
  GArray            *fractions;
  GThread           *main_thread;
} AsyncRun;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  AsyncRun *run = user_data;

  /* Told in the caller's thread. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_array_append_val (run->fractions, fraction);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->report = vault_health_check_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
run_async (Fixture      *f,
           GCancellable *cancellable,
           AsyncRun     *run)
{
  VaultHealthOptions options = { 0 };

  run->loop = g_main_loop_new (NULL, FALSE);
  run->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  run->main_thread = g_thread_self ();
  vault_health_check_async (f->store, &options, on_progress, run, cancellable, on_checked, run);
  /* The worker runs while this thread is not yet in its main loop: its
   * progress must still wait to be told here. */
  g_usleep (G_USEC_PER_SEC / 20);
  g_main_loop_run (run->loop);
}

static void
async_run_clear (AsyncRun *run)
{
  g_main_loop_unref (run->loop);
  g_array_unref (run->fractions);
  g_clear_pointer (&run->report, vault_health_report_free);
  g_clear_error (&run->error);
}

static void
test_async (Fixture *f, gconstpointer data)
{
  AsyncRun run = { 0 };
  double last = -1;

  /* Enough entries that the work is told in steps. */
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *title = g_strdup_printf ("Extra %u", i);
      g_autofree char *password = g_strdup_printf ("Extra-Pass-%u-Lichen-Vortex!", i);
      add (f, title, password);
    }

  run_async (f, NULL, &run);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.report);
  g_assert_cmpuint (run.report->n_entries, ==, 313);
  assert_titles (run.report, VAULT_HEALTH_REUSED, "0:Bank|0:Shop|0:Work|1:Mail|1:Mail archive");
  assert_titles (run.report, VAULT_HEALTH_NO_PASSWORD, "Notes only|Wi-Fi guest");

  g_assert_cmpuint (run.fractions->len, >=, 2);
  for (guint i = 0; i < run.fractions->len; i++)
    {
      double fraction = g_array_index (run.fractions, double, i);

      g_assert_cmpfloat (fraction, >, last);
      last = fraction;
    }
  g_assert_cmpfloat (last, ==, 1.0);
  async_run_clear (&run);
}

static void
test_async_cancelled (Fixture *f, gconstpointer data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncRun run = { 0 };

  /* Cancelled (as locking does) before the worker starts: no report, and
   * no progress after it. */
  g_cancellable_cancel (cancellable);
  run_async (f, cancellable, &run);
  g_assert_null (run.report);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (run.fractions->len, ==, 0);
  async_run_clear (&run);
}

static void
test_locked (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  AsyncRun run = { 0 };

  vault_store_lock (f->store);
  g_assert_null (vault_health_check (f->store, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_LOCKED);

  run_async (f, NULL, &run);
  g_assert_null (run.report);
  g_assert_error (run.error, VAULT_ERROR, VAULT_ERROR_LOCKED);
  async_run_clear (&run);
}

/* The worker copied what it needs: the store may lock under it. */
static void
test_lock_while_running (Fixture *f, gconstpointer data)
{
  VaultHealthOptions options = { 0 };
  AsyncRun run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  run.main_thread = g_thread_self ();
  vault_health_check_async (f->store, &options, on_progress, &run, NULL, on_checked, &run);
  vault_store_lock (f->store);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  assert_titles (run.report, VAULT_HEALTH_NO_PASSWORD, "Notes only|Wi-Fi guest");
  async_run_clear (&run);
}

static void
test_empty_vault (Fixture *f, gconstpointer data)
{
  g_autoptr(GListModel) model = NULL;
  g_autoptr(VaultHealthReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  model = g_object_ref (vault_store_get_entries (f->store));
  while ((n = g_list_model_get_n_items (model)) > 0)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, n - 1);
      g_assert_true (vault_store_delete_entry (f->store, entry, &error));
    }
  report = check (f, 0, NULL);
  g_assert_cmpuint (report->n_entries, ==, 0);
  g_assert_cmpuint (vault_health_report_count (report), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/vault/health/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("premises", test_premises);
  ADD ("report", test_report);
  ADD ("ids", test_ids);
  ADD ("max-age", test_max_age);
  ADD ("changed-password-is-new", test_changed_password_is_new);
  ADD ("breached", test_breached);
  ADD ("breach-lowercase", test_breach_lowercase);
  ADD ("bad-lists", test_bad_lists);
  ADD ("large-list", test_large_list);
  ADD ("lookup", test_lookup);
  ADD ("async", test_async);
  ADD ("async-cancelled", test_async_cancelled);
  ADD ("locked", test_locked);
  ADD ("lock-while-running", test_lock_while_running);
  ADD ("empty-vault", test_empty_vault);
#undef ADD

  return g_test_run ();
}
