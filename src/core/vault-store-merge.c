/* vault-store-merge.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Merging another version of the open vault into it (docs/SYNC.md).
 */
#include "config.h"

#include "vault-merge.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

void
vault_merge_report_clear (VaultMergeReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->added_titles, g_ptr_array_unref);
  g_clear_pointer (&report->updated_titles, g_ptr_array_unref);
  g_clear_pointer (&report->deleted_titles, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

VaultCopy *
vault_store_read_copy (VaultStore   *self,
                       const char   *path,
                       const char   *other_password,
                       GCancellable *cancellable,
                       GError      **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return NULL;
}

void
vault_store_read_copy_async (VaultStore          *self,
                             const char          *path,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, vault_store_read_copy_async,
                           G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
}

VaultCopy *
vault_store_read_copy_finish (VaultStore    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
vault_copy_free (VaultCopy *copy)
{
}

gboolean
vault_copy_header_differs (VaultCopy *copy)
{
  return FALSE;
}

gboolean
vault_store_merge_copy (VaultStore        *self,
                        VaultCopy         *copy,
                        VaultMergeReport  *report,
                        GError           **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}

gboolean
vault_store_merge_file (VaultStore        *self,
                        const char        *path,
                        const char        *other_password,
                        VaultMergeReport  *report,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return FALSE;
}
