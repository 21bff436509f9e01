/* vault-import-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The readers and writers behind vault-import.h, one per format, and what
 * they share.
 */
#pragma once

#include "vault-import.h"

G_BEGIN_DECLS

/* KDBX (vault-kdbx-read.c, vault-kdbx-write.c) */
gboolean      vault_kdbx_detect          (const guint8              *data,
                                          gsize                      len);
VaultImport  *vault_kdbx_read            (const guint8              *data,
                                          gsize                      len,
                                          const VaultImportOptions  *options,
                                          GCancellable              *cancellable,
                                          GError                   **error);
/* The decrypted, unpacked payload of a KDBX file, for the tests and the
 * fuzzer: for major 4, its inner header then the XML; for major 3, the XML
 * alone, its protected values hidden by Salsa20 under stream_key. */
VaultImport  *vault_kdbx_read_xml        (const guint8              *data,
                                          gsize                      len,
                                          guint                      major,
                                          const guint8              *stream_key,
                                          gsize                      stream_key_len,
                                          GError                   **error);

/* CSV (vault-import-csv.c): the layout of a CSV file from its header, or
 * VAULT_FORMAT_UNKNOWN when the data is not CSV text. */
VaultFormat   vault_csv_detect           (const guint8              *data,
                                          gsize                      len);
VaultImport  *vault_csv_read             (VaultFormat                format,
                                          const guint8              *data,
                                          gsize                      len,
                                          const VaultImportOptions  *options,
                                          GCancellable              *cancellable,
                                          GError                   **error);

/* Bitwarden JSON (vault-import-bitwarden.c): TRUE for a Bitwarden export,
 * encrypted or not. */
gboolean      vault_bitwarden_detect     (const guint8              *data,
                                          gsize                      len);
VaultImport  *vault_bitwarden_read       (const guint8              *data,
                                          gsize                      len,
                                          const VaultImportOptions  *options,
                                          GCancellable              *cancellable,
                                          GError                   **error);

/* Tells options->progress, if any, that done of total are read (entries
 * or bytes, as the reader counts): at most 200 times a file, however
 * often it is called. done 0 starts a new count. */
void          vault_import_report        (const VaultImportOptions  *options,
                                          guint64                    done,
                                          guint64                    total);

G_END_DECLS
