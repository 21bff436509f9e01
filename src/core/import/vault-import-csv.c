/* vault-import-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV exports of browsers and password managers read into entries.
 * Placeholder: the reader lands with issue 12.
 */
#include "config.h"

#include "vault-import-private.h"

#include <glib/gi18n-lib.h>

#include "vault-error.h"

VaultFormat
vault_csv_detect (const guint8 *data,
                  gsize         len)
{
  return VAULT_FORMAT_UNKNOWN;
}

VaultImport *
vault_csv_read (VaultFormat                format,
                const guint8              *data,
                gsize                      len,
                const VaultImportOptions  *options,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Vault cannot read CSV files yet."));
  return NULL;
}

GStrv
vault_csv_read_header (const guint8  *data,
                       gsize          len,
                       GError       **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Vault cannot read CSV files yet."));
  return NULL;
}

void
vault_csv_guess_mapping (const char * const *header,
                         VaultCsvMapping    *mapping)
{
  for (guint i = 0; i < VAULT_N_COLUMNS; i++)
    mapping->column[i] = -1;
}
