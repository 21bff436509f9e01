/* vault-store.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An open vault: its file, its keys while unlocked, and its entries.
 */
#pragma once

#include <gio/gio.h>

#include "vault-entry.h"
#include "vault-file.h"
#include "vault-import.h"
#include "vault-keys.h"
#include "vault-secure.h"
#include "vault-totp.h"

G_BEGIN_DECLS

#define VAULT_TYPE_STORE (vault_store_get_type ())
G_DECLARE_FINAL_TYPE (VaultStore, vault_store, VAULT, STORE, GObject)

/* A custom field as given to add or update an entry. id names a field the
 * entry has, to keep it (and, with value NULL, a concealed field's sealed
 * value) without opening it; NULL makes a new field. */
typedef struct {
  const char *id;
  const char *label;       /* not empty */
  const char *value;       /* NULL: keep the value of field id */
  gboolean    concealed;   /* sealed like a password, never searched */
  gboolean    searchable;  /* a plain field's value is found by search */
} VaultFieldSpec;

/* Bounds on custom fields (docs/FORMAT.md), which the payload reader
 * checks too. */
#define VAULT_MAX_FIELDS          1000
#define VAULT_MAX_FIELD_LABEL     1024
#define VAULT_MAX_FIELD_VALUE     (1024 * 1024)

/* What to set in an entry; NULL (or set_favourite FALSE) leaves a field as it
 * is. An empty string clears a text field, an empty array the tags. */
typedef struct {
  const char         *title;
  const char         *username;
  const char         *url;
  const char         *password;
  const char         *notes;
  const char * const *tags;
  gboolean            set_favourite;
  gboolean            favourite;
  /* The one-time code secret: an otpauth:// or steam:// URI or a bare
   * base32 secret, checked with vault_totp_parse and kept as an otpauth://
   * URI; "" removes it. */
  const char         *totp;
  /* With set_custom_fields, the entry's whole list of custom fields in
   * order (replacing the one it had); n_custom_fields may be 0. */
  const VaultFieldSpec *custom_fields;
  guint               n_custom_fields;
  gboolean            set_custom_fields;
} VaultEntryFields;

typedef enum {
  VAULT_FIELD_PASSWORD,
  VAULT_FIELD_NOTES,
} VaultSecretField;

char       *vault_store_default_path       (void);

VaultStore *vault_store_create             (const char      *path,
                                            const char      *master_password,
                                            guint            iterations,
                                            GCancellable    *cancellable,
                                            GError         **error);
VaultStore *vault_store_open               (const char      *path,
                                            const char      *master_password,
                                            GCancellable    *cancellable,
                                            GError         **error);
VaultStore *vault_store_open_with_secret_key (const char    *path,
                                              const char    *master_password,
                                              const VaultSecureBuf *secret_key,
                                              GCancellable  *cancellable,
                                              GError       **error);
VaultStore *vault_store_open_with_recovery_code (const char  *path,
                                                 const char  *recovery_code,
                                                 GCancellable *cancellable,
                                                 GError     **error);
gboolean    vault_restore_secret_key       (const char      *path,
                                            const char      *master_password,
                                            const char      *code,
                                            GCancellable    *cancellable,
                                            GError         **error);

void        vault_store_create_async       (const char          *path,
                                            const char          *master_password,
                                            guint                iterations,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
VaultStore *vault_store_create_finish      (GAsyncResult        *result,
                                            GError             **error);
void        vault_store_open_async         (const char          *path,
                                            const char          *master_password,
                                            const char          *secret_key_code,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
VaultStore *vault_store_open_finish        (GAsyncResult        *result,
                                            GError             **error);

const char *vault_store_get_path           (VaultStore      *self);
const char *vault_store_get_vault_id       (VaultStore      *self);
guint       vault_store_get_iterations     (VaultStore      *self);
gboolean    vault_store_get_locked         (VaultStore      *self);
GListModel *vault_store_get_entries        (VaultStore      *self);
gboolean    vault_store_save               (VaultStore      *self,
                                            GCancellable    *cancellable,
                                            GError         **error);
void        vault_store_save_async         (VaultStore          *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean    vault_store_save_finish        (VaultStore          *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean    vault_store_is_file_current    (VaultStore      *self);
gboolean    vault_store_forget_missing_file (VaultStore     *self);
void        vault_store_lock               (VaultStore      *self);

VaultEntry *vault_store_find_by_title      (VaultStore      *self,
                                            const char      *title,
                                            GError         **error);
GPtrArray  *vault_store_find_all_by_title  (VaultStore      *self,
                                            const char      *title);
VaultEntry *vault_store_find_by_id         (VaultStore      *self,
                                            const char      *id);
GPtrArray  *vault_store_search             (VaultStore      *self,
                                            const char      *query);
VaultEntry *vault_store_add_entry          (VaultStore      *self,
                                            const VaultEntryFields *fields,
                                            GError         **error);
gboolean    vault_store_update_entry       (VaultStore      *self,
                                            VaultEntry      *entry,
                                            const VaultEntryFields *fields,
                                            GError         **error);
gboolean    vault_store_restore_entry      (VaultStore      *self,
                                            VaultEntry      *entry,
                                            GError         **error);
gboolean    vault_store_delete_entry       (VaultStore      *self,
                                            VaultEntry      *entry,
                                            GError         **error);
VaultSecureBuf *vault_store_reveal         (VaultStore      *self,
                                            VaultEntry      *entry,
                                            VaultSecretField field,
                                            GError         **error);
VaultSecureBuf *vault_store_reveal_history (VaultStore      *self,
                                            VaultEntry      *entry,
                                            guint            index,
                                            GError         **error);
/* The entry's one-time code secret as an otpauth:// URI; empty when none. */
VaultSecureBuf *vault_store_reveal_totp    (VaultStore      *self,
                                            VaultEntry      *entry,
                                            GError         **error);
/* The secret and its settings, for showing them; NULL with
 * VAULT_ERROR_NOT_FOUND when the entry has none. */
VaultTotp      *vault_store_get_totp       (VaultStore      *self,
                                            VaultEntry      *entry,
                                            GError         **error);
/* The code at now (Unix seconds; vault's now is g_get_real_time), and the
 * seconds left of its period and the period, either may be NULL. NULL with
 * VAULT_ERROR_NOT_FOUND when the entry has no secret. */
VaultSecureBuf *vault_store_get_totp_code  (VaultStore      *self,
                                            VaultEntry      *entry,
                                            gint64           now,
                                            guint           *remaining,
                                            guint           *period,
                                            GError         **error);
/* A custom field's value, concealed or plain, by its index. */
VaultSecureBuf *vault_store_reveal_field   (VaultStore      *self,
                                            VaultEntry      *entry,
                                            guint            index,
                                            GError         **error);

gboolean    vault_store_change_password    (VaultStore      *self,
                                            const char      *new_password,
                                            GCancellable    *cancellable,
                                            GError         **error);
void        vault_store_change_password_async  (VaultStore          *self,
                                                const char          *current_password,
                                                const char          *new_password,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    vault_store_change_password_finish (VaultStore          *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void        vault_store_check_password_async  (VaultStore          *self,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean    vault_store_check_password_finish (VaultStore          *self,
                                               GAsyncResult        *result,
                                               GError             **error);
gboolean    vault_store_secret_key_was_replaced (VaultStore *self);
VaultSecureBuf *vault_store_get_secret_key_code (VaultStore *self,
                                                 GError    **error);
gboolean    vault_store_has_recovery_key   (VaultStore      *self);
VaultSecureBuf *vault_store_set_up_recovery_key (VaultStore *self,
                                                 GCancellable *cancellable,
                                                 GError    **error);
gboolean    vault_store_remove_recovery_key (VaultStore     *self,
                                             GCancellable   *cancellable,
                                             GError        **error);
void        vault_store_set_recovery_async  (VaultStore          *self,
                                             gboolean             enable,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
VaultSecureBuf *vault_store_set_recovery_finish (VaultStore      *self,
                                                 GAsyncResult    *result,
                                                 GError         **error);

/* Import: what another manager's file held (vault-import.h), added in
 * memory at once; the caller saves. */
typedef enum {
  VAULT_DUPLICATES_SKIP,   /* an entry with the title, username and URL of one here is left out */
  VAULT_DUPLICATES_ADD,    /* it is added beside the one here */
} VaultDuplicates;

guint        vault_store_mark_duplicates   (VaultStore      *self,
                                            VaultImport     *import);
gboolean     vault_store_add_import        (VaultStore      *self,
                                            VaultImport     *import,
                                            VaultDuplicates  duplicates,
                                            guint           *n_added,
                                            GError         **error);
/* Every entry with its secrets and history, for an export writer. */
VaultImport *vault_store_export            (VaultStore      *self,
                                            GError         **error);

G_END_DECLS
