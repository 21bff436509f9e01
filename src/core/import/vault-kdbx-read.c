/* vault-kdbx-read.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KeePass databases (KDBX 3.1 and 4) read into entries. Placeholder: the
 * reader lands with issue 12.
 */
#include "config.h"

#include "vault-import-private.h"

#include <glib/gi18n-lib.h>

#include "vault-error.h"

gboolean
vault_kdbx_detect (const guint8 *data,
                   gsize         len)
{
  return FALSE;
}

VaultImport *
vault_kdbx_read (const guint8              *data,
                 gsize                      len,
                 const VaultImportOptions  *options,
                 GCancellable              *cancellable,
                 GError                   **error)
{
  g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Vault cannot read KeePass databases yet."));
  return NULL;
}
