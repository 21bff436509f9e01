/* vault-csv-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the CSV reader's files share: the part each column plays in a
 * layout, the layouts themselves, and a row on its way to an entry.
 */
#pragma once

#include "vault-import-private.h"

G_BEGIN_DECLS

/* More columns than any export has; a header beyond it is refused. */
#define VAULT_CSV_MAX_COLUMNS  256

/* What a column holds. A column of a known layout plays one part; a
 * column of another CSV plays every part the person mapped it to. */
typedef enum {
  VAULT_CSV_ROLE_FIELD        = 1 << 0,   /* unknown: kept as a named field */
  VAULT_CSV_ROLE_TITLE        = 1 << 1,
  VAULT_CSV_ROLE_USERNAME     = 1 << 2,
  VAULT_CSV_ROLE_PASSWORD     = 1 << 3,
  VAULT_CSV_ROLE_URL          = 1 << 4,
  VAULT_CSV_ROLE_NOTES        = 1 << 5,
  VAULT_CSV_ROLE_OTP          = 1 << 6,
  VAULT_CSV_ROLE_TAG          = 1 << 7,   /* one tag: a folder, "Work/Mail" */
  VAULT_CSV_ROLE_GROUP        = 1 << 8,   /* KeePassXC's group path, root first */
  VAULT_CSV_ROLE_TAG_LIST     = 1 << 9,   /* several tags: "work;mail" or "work,mail" */
  VAULT_CSV_ROLE_FAVOURITE    = 1 << 10,  /* "true", "1", "yes" */
  VAULT_CSV_ROLE_ARCHIVED     = 1 << 11,  /* 1Password: tagged "Archived" */
  VAULT_CSV_ROLE_CREATED_ISO  = 1 << 12,  /* ISO 8601 */
  VAULT_CSV_ROLE_MODIFIED_ISO = 1 << 13,
  VAULT_CSV_ROLE_CREATED_MS   = 1 << 14,  /* milliseconds since the epoch */
  VAULT_CSV_ROLE_MODIFIED_MS  = 1 << 15,
  VAULT_CSV_ROLE_KIND         = 1 << 16,  /* Bitwarden's type: "login" or "note" */
  VAULT_CSV_ROLE_NAMED_VALUES = 1 << 17,  /* Bitwarden's fields: "name: value" lines */
  VAULT_CSV_ROLE_URL_LIST     = 1 << 18,  /* Bitwarden's login_uri: "a,b" */
  VAULT_CSV_ROLE_IGNORE       = 1 << 19,  /* known and of no use: a GUID, an icon */
} VaultCsvRole;

/* Cells of these columns are secrets: they go from libcsv's buffer
 * straight into the import's secure memory. */
#define VAULT_CSV_SECRET_ROLES (VAULT_CSV_ROLE_FIELD | VAULT_CSV_ROLE_PASSWORD | \
                                VAULT_CSV_ROLE_NOTES | VAULT_CSV_ROLE_OTP |       \
                                VAULT_CSV_ROLE_NAMED_VALUES)

/* One cell of the row being read: NULL when empty. A secret cell is in
 * the import's secure memory; any other is a heap copy the reader owns
 * (owned) until an entry takes it. */
typedef struct {
  char     *value;
  gsize     len;
  gboolean  owned;
} VaultCsvCell;

/* How a header is read (vault-csv-layouts.c). */
typedef struct {
  VaultFormat  format;
  guint        n_columns;
  guint32      roles[VAULT_CSV_MAX_COLUMNS];
  char       **names;      /* the header as written, for naming fields */
} VaultCsvLayout;

/* The known layout a header is, else VAULT_FORMAT_CSV_OTHER. */
VaultFormat  vault_csv_layout_detect   (const char * const  *header);
/* Fills layout->roles for format (its table, or mapping for
 * VAULT_FORMAT_CSV_OTHER); FALSE with an error when they do not fit. */
gboolean     vault_csv_layout_init     (VaultCsvLayout      *layout,
                                        VaultFormat          format,
                                        const char * const  *header,
                                        const VaultCsvMapping *mapping,
                                        GError             **error);
void         vault_csv_layout_clear    (VaultCsvLayout      *layout);

/* The entry a row makes, added to import, or a reason to skip it counted
 * there (vault-csv-rows.c). cells has layout->n_columns cells. */
gboolean     vault_csv_row_add         (VaultImport         *import,
                                        const VaultCsvLayout *layout,
                                        VaultCsvCell        *cells,
                                        guint                line,
                                        GError             **error);

G_END_DECLS
