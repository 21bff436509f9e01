/* vault-merge-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After another device's version of the vault file was merged, the app
 * saves only if that file lacks something the merged vault holds: an entry
 * (or a newer version, or password history) from here, a deletion record,
 * or this device's newer key material. Saving every time would answer
 * each device's save with a save of the other, and two saves at once make
 * a sync tool leave a conflict copy: the devices would never settle.
 * VaultMergeReport says what the merge changed here, not what the other
 * version lacks, so this looks at both (the engine's private headers); it
 * belongs in the engine's report once the engine offers it.
 */
#include "config.h"

#include "vault-merge-check.h"

#include "vault-entry-private.h"
#include "vault-merge-private.h"
#include "vault-store-private.h"

gboolean
vault_copy_lacks_merged (VaultStore *store,
                         VaultCopy  *copy)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (VAULT_IS_STORE (store), TRUE);
  g_return_val_if_fail (copy != NULL, TRUE);

  if (store->header == NULL || !vault_file_header_same_keys (store->header, copy->header))
    return TRUE;
  /* The merge united them: the same only if the copy had them all. */
  if (!vault_deletions_equal (store->deleted, copy->deleted))
    return TRUE;
  model = G_LIST_MODEL (store->entries);
  n = g_list_model_get_n_items (model);
  if (n != g_hash_table_size (copy->by_id))
    return TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VaultEntry) entry = g_list_model_get_item (model, i);
      /* by_id holds an entry's index in entries, plus one. */
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (copy->by_id,
                                                           vault_entry_get_id (entry)));

      if (index == 0 || index > copy->entries->len ||
          !vault_entry_same (entry, copy->entries->pdata[index - 1]))
        return TRUE;
    }
  return FALSE;
}
