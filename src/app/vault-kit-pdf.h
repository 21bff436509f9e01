/* vault-kit-pdf.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Emergency Kit as a printable PDF page.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean vault_kit_pdf_write (const char  *pdf_path,
                              const char  *vault_path,
                              const char  *secret_key_code,
                              const char  *recovery_code,
                              GError     **error);

G_END_DECLS
