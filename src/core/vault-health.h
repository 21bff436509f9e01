/* vault-health.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password health report: weak, reused, old and missing passwords, and
 * those found in a breach list the person downloaded.
 */
#pragma once

#include <gio/gio.h>

#include "vault-store.h"
#include "vault-strength.h"

G_BEGIN_DECLS

#define VAULT_HEALTH_DEFAULT_MAX_AGE_DAYS 365
#define VAULT_HEALTH_MAX_AGE_DAYS_LIMIT   36500

/* A password is weak when the strength meter shows it red: "Very weak" or
 * "Weak", under 33 bits of guessing (vault-strength.c). */
#define VAULT_HEALTH_WEAK_BELOW VAULT_STRENGTH_FAIR

typedef enum {
  VAULT_HEALTH_WEAK,
  VAULT_HEALTH_REUSED,
  VAULT_HEALTH_OLD,
  VAULT_HEALTH_NO_PASSWORD,
  VAULT_HEALTH_BREACHED,
  VAULT_HEALTH_N_KINDS
} VaultHealthKind;

/* One entry with one problem. An entry may have several (weak and reused). */
typedef struct {
  VaultHealthKind  kind;
  char            *id;
  char            *title;
  VaultStrength    strength;      /* WEAK: how the meter rates it */
  guint            group;         /* REUSED: which group of entries sharing one password */
  gint64           changed;       /* OLD: when the password was last set, in seconds */
  guint64          breach_count;  /* BREACHED: how often the list has seen it */
} VaultHealthFinding;

typedef struct {
  /* Of VaultHealthFinding, per kind: WEAK weakest first, REUSED by group
   * (the largest first) and within one by title, OLD oldest first,
   * NO_PASSWORD by title, BREACHED most seen first. */
  GPtrArray *findings[VAULT_HEALTH_N_KINDS];
  guint      n_groups;            /* groups of reused passwords */
  guint      n_entries;           /* entries looked at */
  guint      max_age_days;
  gboolean   breach_checked;      /* a breach list was given and searched */
  GError    *breach_error;        /* why the breach list could not be searched, or NULL */
} VaultHealthReport;

/* Called now and then with the share done; from vault_health_check_async,
 * in the caller's main context. */
typedef void (*VaultHealthProgress) (double   fraction,
                                     gpointer user_data);

typedef struct {
  guint                max_age_days;  /* 0: VAULT_HEALTH_DEFAULT_MAX_AGE_DAYS */
  const char          *breach_file;   /* NULL: no breach check */
  gint64               now;           /* seconds; 0: the current time */
} VaultHealthOptions;

/* In the calling thread. NULL with an error when the store is locked or a
 * password does not open (damaged), or when cancelled. A breach list that
 * cannot be read leaves report->breach_error, the rest of the report whole. */
VaultHealthReport *vault_health_check         (VaultStore                *store,
                                               const VaultHealthOptions  *options,
                                               VaultHealthProgress        progress,
                                               gpointer                   progress_data,
                                               GCancellable              *cancellable,
                                               GError                   **error);
/* The same in a worker thread. What it needs of the store is copied before
 * this returns (the sealed passwords and a copy of their key, in locked
 * memory), so the store may change or lock meanwhile; cancel it on lock.
 * progress is called in the caller's main context until the callback. */
void               vault_health_check_async   (VaultStore                *store,
                                               const VaultHealthOptions  *options,
                                               VaultHealthProgress        progress,
                                               gpointer                   progress_data,
                                               GCancellable              *cancellable,
                                               GAsyncReadyCallback        callback,
                                               gpointer                   user_data);
VaultHealthReport *vault_health_check_finish  (GAsyncResult              *result,
                                               GError                   **error);

guint              vault_health_report_count  (const VaultHealthReport   *report);
void               vault_health_report_free   (VaultHealthReport         *report);

/* When a password was last set: its newest history item, else the
 * entry's creation. */
gint64             vault_health_password_changed (VaultEntry             *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultHealthReport, vault_health_report_free)

G_END_DECLS
