/* vault-conflicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding the conflict copies sync engines leave beside the vault, and putting
 * merged ones away in a device-local folder.
 */
#include "config.h"

#include "vault-merge.h"

#include <glib/gi18n-lib.h>

GPtrArray *
vault_conflict_copies_find (const char *vault_path)
{
  return g_ptr_array_new_with_free_func (g_free);
}

gboolean
vault_conflict_copy_is_generic (const char *copy_path)
{
  return FALSE;
}

char *
vault_conflict_copy_put_away (const char  *copy_path,
                              GError     **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "not yet");
  return NULL;
}
