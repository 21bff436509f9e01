/* vault-kdbx-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries written as a KDBX 4 database. Placeholder: the writer lands with
 * issue 12.
 */
#include "config.h"

#include "vault-import-private.h"

#include <glib/gi18n-lib.h>

#include "vault-error.h"

GBytes *
vault_export_kdbx (const VaultImport            *entries,
                   const VaultKdbxWriteOptions  *options,
                   GCancellable                 *cancellable,
                   GError                      **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Vault cannot write KeePass databases yet."));
  return NULL;
}
