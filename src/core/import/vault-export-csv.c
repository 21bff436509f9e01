/* vault-export-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Entries written as CSV in KeePassXC's layout. Placeholder: the writer
 * lands with issue 12.
 */
#include "config.h"

#include "vault-import-private.h"

#include <glib/gi18n-lib.h>

#include "vault-error.h"

VaultSecureBuf *
vault_export_csv (const VaultImport  *entries,
                  GError            **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Vault cannot write CSV files yet."));
  return NULL;
}
