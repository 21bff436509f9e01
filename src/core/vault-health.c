/* vault-health.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password health report. Every password is opened once, in locked
 * memory, and at once rated (zxcvbn, as the strength meter does), reduced
 * to a keyed hash under a key made for this report alone (to find reuse)
 * and, with a breach list, to its SHA-1; then wiped. Those hashes stay in
 * locked memory and are wiped with the report's work: nothing of a password
 * is ever written, logged or sent.
 */
#include "config.h"

#include "vault-health.h"

#include <glib/gi18n-lib.h>
#include <nettle/sha1.h>
#include <string.h>

#include "vault-breach-list.h"
#include "vault-crypto.h"
#include "vault-entry-private.h"
#include "vault-error.h"
#include "vault-store-private.h"

/* Reuse is found by comparing HMAC-SHA256 values cut to this length: two
 * different passwords among a million entries collide with a chance of
 * about 2^-88. */
#define MAC_SIZE 16

/* zxcvbn's work grows fast with length; a password is rated on its first
 * bytes. A prefix is never stronger than the whole, so nothing weak is
 * missed, and no password this long is weak unless its start is. */
#define RATED_BYTES 128

typedef struct {
  char   *id;
  char   *title;
  char   *sort_key;
  gint64  changed;
  GBytes *sealed;       /* NULL: no password */
} Item;

/* Where progress goes: straight to the caller (sync), or posted to its
 * main context (async), at most once a percent. */
typedef struct {
  VaultHealthProgress  func;
  gpointer             data;
  GMainContext        *context;   /* NULL: call func directly */
  GTask               *task;      /* weak: the async task, to stop once it completed */
  int                  posted;    /* permille last posted */
} Progress;

typedef struct {
  Item           *items;
  guint           n_items;
  VaultSecureBuf *field_key;      /* a copy of the store's, freed (wiped) with the job */
  guint           max_age_days;
  char           *breach_file;
  gint64          now;
  Progress       *progress;       /* an atomic rc box */
} Job;

static void
item_clear (Item *item)
{
  g_free (item->id);
  g_free (item->title);
  g_free (item->sort_key);
  g_clear_pointer (&item->sealed, g_bytes_unref);
}

static void
progress_clear (gpointer data)
{
  Progress *progress = data;

  g_clear_pointer (&progress->context, g_main_context_unref);
}

static void
job_free (Job *job)
{
  for (guint i = 0; i < job->n_items; i++)
    item_clear (&job->items[i]);
  g_free (job->items);
  vault_secure_buf_free (job->field_key);
  g_free (job->breach_file);
  if (job->progress != NULL)
    g_atomic_rc_box_release_full (job->progress, progress_clear);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

gint64
vault_health_password_changed (VaultEntry *entry)
{
  gint64 changed;
  guint n;

  g_return_val_if_fail (VAULT_IS_ENTRY (entry), 0);

  changed = vault_entry_get_created (entry);
  n = vault_entry_get_history_length (entry);

  /* A history item is made when a password is replaced: the newest one is
   * when the current password was set. History may come from other
   * managers in any order, so the newest is looked for. */
  for (guint i = 0; i < n; i++)
    changed = i == 0 ? vault_entry_get_history_time (entry, i)
                     : MAX (changed, vault_entry_get_history_time (entry, i));
  return changed;
}

/* What the check needs of the store, copied: the worker never touches the
 * store, which may change or lock while it runs. */
static Job *
job_new (VaultStore                *store,
         const VaultHealthOptions  *options,
         GError                   **error)
{
  g_autoptr(Job) job = g_new0 (Job, 1);
  GListModel *model;

  if (!vault_store_check_unlocked (store, error))
    return NULL;

  model = vault_store_get_entries (store);
  job->n_items = g_list_model_get_n_items (model);
  job->items = g_new0 (Item, MAX (job->n_items, 1));
  for (guint i = 0; i < job->n_items; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      Item *item = &job->items[i];
      const guint8 *sealed;
      gsize len;

      item->id = g_strdup (vault_entry_get_id (entry));
      item->title = g_strdup (vault_entry_get_title (entry));
      item->sort_key = g_strdup (vault_entry_get_sort_key (entry));
      item->changed = vault_health_password_changed (entry);
      sealed = vault_entry_get_sealed_password (entry, &len);
      if (sealed != NULL && len > 0)
        item->sealed = g_bytes_new (sealed, len);
    }
  job->field_key = vault_secure_buf_dup (store->field_key);

  job->max_age_days = options != NULL && options->max_age_days > 0
    ? MIN (options->max_age_days, VAULT_HEALTH_MAX_AGE_DAYS_LIMIT)
    : VAULT_HEALTH_DEFAULT_MAX_AGE_DAYS;
  job->breach_file = g_strdup (options != NULL ? options->breach_file : NULL);
  job->now = options != NULL && options->now > 0 ? options->now
                                                 : g_get_real_time () / G_USEC_PER_SEC;
  return g_steal_pointer (&job);
}

/* --- Progress ------------------------------------------------------------------ */

typedef struct {
  Progress *progress;
  double    fraction;
} ProgressCall;

static gboolean
progress_dispatch (gpointer data)
{
  ProgressCall *call = data;
  Progress *progress = call->progress;
  GCancellable *cancellable = g_task_get_cancellable (progress->task);

  /* Not after the caller was told the result, nor once it cancelled (it
   * may be going away). */
  if (!g_task_get_completed (progress->task) && !g_cancellable_is_cancelled (cancellable))
    progress->func (call->fraction, progress->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  g_object_unref (call->progress->task);
  g_atomic_rc_box_release_full (call->progress, progress_clear);
  g_free (call);
}

static void
report_progress (Progress *progress,
                 double    fraction)
{
  int permille = (int) (CLAMP (fraction, 0.0, 1.0) * 1000);
  ProgressCall *call;
  GSource *source;

  /* Every percent, and the end. */
  if (progress == NULL || progress->func == NULL || permille <= progress->posted ||
      (permille < progress->posted + 10 && permille < 1000))
    return;
  progress->posted = permille;
  if (progress->context == NULL)
    {
      progress->func (fraction, progress->data);
      return;
    }

  call = g_new0 (ProgressCall, 1);
  call->progress = g_atomic_rc_box_acquire (progress);
  call->fraction = fraction;
  g_object_ref (progress->task);
  /* A source, not g_main_context_invoke: that would run it here, in the
   * worker, whenever the caller's context is not running at that moment. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_dispatch, call, progress_call_free);
  g_source_set_static_name (source, "[vault] health progress");
  g_source_attach (source, progress->context);
  g_source_unref (source);
}

/* --- Findings ------------------------------------------------------------------ */

static void
finding_free (gpointer data)
{
  VaultHealthFinding *finding = data;

  g_free (finding->id);
  g_free (finding->title);
  g_free (finding);
}

static VaultHealthFinding *
add_finding (VaultHealthReport *report,
             VaultHealthKind    kind,
             const Item        *item)
{
  VaultHealthFinding *finding = g_new0 (VaultHealthFinding, 1);

  finding->kind = kind;
  finding->id = g_strdup (item->id);
  finding->title = g_strdup (item->title);
  g_ptr_array_add (report->findings[kind], finding);
  return finding;
}

/* The list's order: by title as the entry list sorts it, then by id. */
static int
compare_items (const Item *a,
               const Item *b)
{
  int order = vault_sort_key_compare (a->sort_key, b->sort_key);

  return order != 0 ? order : strcmp (a->id, b->id);
}

/* Findings are sorted with the items they came from at hand, by index. */
typedef struct {
  const Item *items;
  GHashTable *index_of;     /* finding → item index */
} SortContext;

static const Item *
item_of (const SortContext  *context,
         gconstpointer       finding)
{
  return &context->items[GPOINTER_TO_UINT (g_hash_table_lookup (context->index_of, finding))];
}

static int
compare_findings (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const SortContext *context = user_data;
  const VaultHealthFinding *x = *(VaultHealthFinding * const *) a;
  const VaultHealthFinding *y = *(VaultHealthFinding * const *) b;

  switch (x->kind)
    {
    case VAULT_HEALTH_WEAK:
      if (x->strength != y->strength)
        return x->strength < y->strength ? -1 : 1;
      break;
    case VAULT_HEALTH_REUSED:
      if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
      break;
    case VAULT_HEALTH_OLD:
      if (x->changed != y->changed)
        return x->changed < y->changed ? -1 : 1;
      break;
    case VAULT_HEALTH_BREACHED:
      if (x->breach_count != y->breach_count)
        return x->breach_count > y->breach_count ? -1 : 1;
      break;
    case VAULT_HEALTH_NO_PASSWORD:
    case VAULT_HEALTH_N_KINDS:
    default:
      break;
    }
  return compare_items (item_of (context, x), item_of (context, y));
}

/* --- Reuse and breaches, over hashes in locked memory ---------------------------- */

typedef struct {
  const guint8 *hashes;
  gsize         size;
} HashOrder;

static int
compare_by_hash (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const HashOrder *order = user_data;
  guint i = *(const guint *) a, j = *(const guint *) b;
  int c = memcmp (order->hashes + (gsize) i * order->size,
                  order->hashes + (gsize) j * order->size, order->size);

  return c != 0 ? c : (i > j) - (i < j);
}

typedef struct {
  guint first;   /* into the sorted indices */
  guint len;
  const Item *lowest;
} Group;

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const Group *x = a, *y = b;

  if (x->len != y->len)
    return x->len > y->len ? -1 : 1;
  return compare_items (x->lowest, y->lowest);
}

/* Sorts only indices (the hashes stay where they are, in locked memory)
 * and groups runs of equal hashes. */
static void
find_reuse (VaultHealthReport *report,
            const Job         *job,
            const guint8      *macs,
            GArray            *with_password,
            GHashTable        *index_of)
{
  HashOrder order = { macs, MAC_SIZE };
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  guint *idx = (guint *) (gpointer) with_password->data;
  guint n = with_password->len;

  g_array_sort_with_data (with_password, compare_by_hash, &order);
  for (guint start = 0; start < n;)
    {
      guint end = start + 1;

      while (end < n && memcmp (macs + (gsize) idx[start] * MAC_SIZE,
                                macs + (gsize) idx[end] * MAC_SIZE, MAC_SIZE) == 0)
        end++;
      if (end - start > 1)
        {
          Group group = { start, end - start, &job->items[idx[start]] };

          for (guint k = start + 1; k < end; k++)
            if (compare_items (&job->items[idx[k]], group.lowest) < 0)
              group.lowest = &job->items[idx[k]];
          g_array_append_val (groups, group);
        }
      start = end;
    }

  g_array_sort (groups, compare_groups);
  report->n_groups = groups->len;
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);

      for (guint k = group->first; k < group->first + group->len; k++)
        {
          VaultHealthFinding *finding = add_finding (report, VAULT_HEALTH_REUSED,
                                                     &job->items[idx[k]]);
          finding->group = g;
          g_hash_table_insert (index_of, finding, GUINT_TO_POINTER (idx[k]));
        }
    }
}

static gboolean
find_breaches (VaultHealthReport *report,
               const Job         *job,
               const guint8      *sha1s,
               GArray            *with_password,
               GHashTable        *index_of,
               Progress          *progress,
               GCancellable      *cancellable,
               GError           **error)
{
  HashOrder order = { sha1s, VAULT_SHA1_SIZE };
  g_autoptr(VaultBreachList) list = NULL;
  guint *idx = (guint *) (gpointer) with_password->data;
  g_autoptr(GError) local = NULL;

  report->breach_checked = TRUE;
  list = vault_breach_list_open (job->breach_file, &local);
  /* Looked up in ascending order, each search starts where the last ended. */
  g_array_sort_with_data (with_password, compare_by_hash, &order);
  for (guint k = 0; list != NULL && k < with_password->len; k++)
    {
      guint64 count;

      if (k % 64 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (!vault_breach_list_lookup (list, sha1s + (gsize) idx[k] * VAULT_SHA1_SIZE, &count,
                                     &local))
        break;
      if (count > 0)
        {
          VaultHealthFinding *finding = add_finding (report, VAULT_HEALTH_BREACHED,
                                                     &job->items[idx[k]]);
          finding->breach_count = count;
          g_hash_table_insert (index_of, finding, GUINT_TO_POINTER (idx[k]));
        }
      report_progress (progress, 0.9 + 0.1 * (k + 1) / with_password->len);
    }

  if (local != NULL)
    {
      /* Half a list is no answer: say why there is none. */
      g_ptr_array_set_size (report->findings[VAULT_HEALTH_BREACHED], 0);
      report->breach_checked = FALSE;
      report->breach_error = g_steal_pointer (&local);
    }
  return TRUE;
}

/* --- The check ----------------------------------------------------------------- */

static void
hash_sha1 (const guint8 *data,
           gsize         len,
           guint8        out[VAULT_SHA1_SIZE])
{
  struct sha1_ctx ctx;

  sha1_init (&ctx);
  sha1_update (&ctx, len, data);
  sha1_digest (&ctx, VAULT_SHA1_SIZE, out);
  vault_secure_wipe (&ctx, sizeof ctx);
}

static VaultStrength
rate (guint8 *password,
      gsize   len)
{
  g_autoptr(VaultStrengthReport) report = NULL;
  gsize cut = len;
  guint8 kept;

  if (cut > RATED_BYTES)
    {
      cut = RATED_BYTES;
      /* Not in the middle of a character. */
      while (cut > 0 && (password[cut] & 0xC0) == 0x80)
        cut--;
    }
  kept = password[cut];
  password[cut] = '\0';
  report = vault_strength_check ((const char *) password);
  password[cut] = kept;
  return report->strength;
}

/* Opens a sealed password into plain (grown as needed), as the store
 * does; NULL if it does not open. */
static gboolean
open_password (const Job       *job,
               const Item      *item,
               VaultSecureBuf **plain,
               gsize           *len,
               GError         **error)
{
  gsize sealed_len;
  const guint8 *sealed = g_bytes_get_data (item->sealed, &sealed_len);
  g_autofree char *aad = vault_store_field_aad (item->id, "password");
  gsize plain_len;

  if (sealed_len < VAULT_SEAL_OVERHEAD)
    goto damaged;
  plain_len = sealed_len - VAULT_SEAL_OVERHEAD;
  if (*plain == NULL || (*plain)->len < plain_len + 1)
    {
      vault_secure_buf_free (*plain);
      *plain = vault_secure_buf_new (MAX (plain_len + 1, 256));
    }
  if (!vault_aes_gcm_decrypt (job->field_key->data, sealed, VAULT_NONCE_SIZE,
                              (const guint8 *) aad, strlen (aad), sealed + VAULT_NONCE_SIZE,
                              plain_len, sealed + sealed_len - VAULT_TAG_SIZE, (*plain)->data))
    {
      vault_secure_wipe ((*plain)->data, (*plain)->len);
      goto damaged;
    }
  (*plain)->data[plain_len] = '\0';
  *len = plain_len;
  return TRUE;

damaged:
  /* The store's words for it, shared with its translation. */
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
               _("The %s of “%s” is damaged or was changed."), "password", item->title);
  return FALSE;
}

static VaultHealthReport *
report_new (const Job *job)
{
  VaultHealthReport *report = g_new0 (VaultHealthReport, 1);

  for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
    report->findings[k] = g_ptr_array_new_with_free_func (finding_free);
  report->n_entries = job->n_items;
  report->max_age_days = job->max_age_days;
  return report;
}

static VaultHealthReport *
run_job (const Job     *job,
         Progress      *progress,
         GCancellable  *cancellable,
         GError       **error)
{
  g_autoptr(VaultHealthReport) report = report_new (job);
  g_autoptr(VaultSecureBuf) mac_key = vault_secure_buf_new (VAULT_KEY_SIZE);
  g_autoptr(VaultSecureBuf) macs = vault_secure_buf_new ((gsize) job->n_items * MAC_SIZE);
  g_autoptr(VaultSecureBuf) sha1s = NULL;
  g_autoptr(VaultSecureBuf) plain = NULL;
  g_autoptr(VaultSecureBuf) mac = vault_secure_buf_new (32);
  g_autoptr(GArray) with_password = g_array_sized_new (FALSE, FALSE, sizeof (guint),
                                                       job->n_items);
  g_autoptr(GHashTable) index_of = g_hash_table_new (NULL, NULL);
  gint64 old_before = job->now - (gint64) job->max_age_days * 24 * 60 * 60;
  double share = job->breach_file != NULL ? 0.9 : 1.0;
  SortContext context = { job->items, index_of };

  /* A key for this report alone: the hashes it compares mean nothing
   * outside it, and are wiped with it. */
  vault_random_bytes (mac_key->data, mac_key->len);
  if (job->breach_file != NULL)
    sha1s = vault_secure_buf_new ((gsize) job->n_items * VAULT_SHA1_SIZE);

  for (guint i = 0; i < job->n_items; i++)
    {
      const Item *item = &job->items[i];
      VaultHealthFinding *finding = NULL;
      VaultStrength strength;
      gsize len;

      if (i % 64 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      report_progress (progress, share * i / job->n_items);

      if (item->sealed == NULL)
        {
          finding = add_finding (report, VAULT_HEALTH_NO_PASSWORD, item);
          g_hash_table_insert (index_of, finding, GUINT_TO_POINTER (i));
          continue;
        }

      if (!open_password (job, item, &plain, &len, error))
        return NULL;
      vault_hmac_sha256 (mac_key->data, mac_key->len, plain->data, len, mac->data);
      memcpy (macs->data + (gsize) i * MAC_SIZE, mac->data, MAC_SIZE);
      if (sha1s != NULL)
        hash_sha1 (plain->data, len, sha1s->data + (gsize) i * VAULT_SHA1_SIZE);
      strength = rate (plain->data, len);
      vault_secure_wipe (plain->data, len + 1);
      g_array_append_val (with_password, i);

      if (strength < VAULT_HEALTH_WEAK_BELOW)
        {
          finding = add_finding (report, VAULT_HEALTH_WEAK, item);
          finding->strength = strength;
          g_hash_table_insert (index_of, finding, GUINT_TO_POINTER (i));
        }
      if (item->changed < old_before)
        {
          finding = add_finding (report, VAULT_HEALTH_OLD, item);
          finding->changed = item->changed;
          g_hash_table_insert (index_of, finding, GUINT_TO_POINTER (i));
        }
    }

  find_reuse (report, job, macs->data, with_password, index_of);
  if (sha1s != NULL &&
      !find_breaches (report, job, sha1s->data, with_password, index_of, progress, cancellable,
                      error))
    return NULL;

  for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
    g_ptr_array_sort_with_data (report->findings[k], compare_findings, &context);
  report_progress (progress, 1.0);
  return g_steal_pointer (&report);
}

VaultHealthReport *
vault_health_check (VaultStore                *store,
                    const VaultHealthOptions  *options,
                    VaultHealthProgress        progress,
                    gpointer                   progress_data,
                    GCancellable              *cancellable,
                    GError                   **error)
{
  g_autoptr(Job) job = NULL;
  Progress direct = { progress, progress_data, NULL, NULL, -10 };

  g_return_val_if_fail (VAULT_IS_STORE (store), NULL);

  job = job_new (store, options, error);
  if (job == NULL)
    return NULL;
  return run_job (job, &direct, cancellable, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;
  VaultHealthReport *report = run_job (job, job->progress, cancellable, &error);

  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) vault_health_report_free);
}

void
vault_health_check_async (VaultStore                *store,
                          const VaultHealthOptions  *options,
                          VaultHealthProgress        progress,
                          gpointer                   progress_data,
                          GCancellable              *cancellable,
                          GAsyncReadyCallback        callback,
                          gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  g_return_if_fail (VAULT_IS_STORE (store));

  /* No source object: the worker holds nothing of the store. */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vault_health_check_async);
  job = job_new (store, options, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->progress = g_atomic_rc_box_new0 (Progress);
  job->progress->func = progress;
  job->progress->data = progress_data;
  job->progress->context = g_main_context_ref_thread_default ();
  job->progress->task = task;
  job->progress->posted = -10;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, check_thread);
}

VaultHealthReport *
vault_health_check_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vault_health_check_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* How many entries have at least one problem. */
guint
vault_health_report_count (const VaultHealthReport *report)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (report != NULL, 0);

  for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
    for (guint i = 0; i < report->findings[k]->len; i++)
      g_hash_table_add (ids, ((VaultHealthFinding *) report->findings[k]->pdata[i])->id);
  return g_hash_table_size (ids);
}

void
vault_health_report_free (VaultHealthReport *report)
{
  if (report == NULL)
    return;
  for (guint k = 0; k < VAULT_HEALTH_N_KINDS; k++)
    g_clear_pointer (&report->findings[k], g_ptr_array_unref);
  g_clear_error (&report->breach_error);
  g_free (report);
}
