/* vault-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Other password managers' files, read into entries Vault can add (import)
 * and written from Vault's entries (export): one reader or writer per
 * format behind this one interface. Nothing here touches a vault; see
 * vault-store-import.c for adding what was read in one save.
 */
#pragma once

#include <gio/gio.h>

#include "vault-secure-arena.h"

G_BEGIN_DECLS

/* Bounds on a foreign file, checked before anything is allocated for it. */
#define VAULT_IMPORT_MAX_SIZE     (512 * 1024 * 1024)
#define VAULT_IMPORT_MAX_ENTRIES  1000000
#define VAULT_IMPORT_MAX_FIELD    (1024 * 1024)  /* one value: a title, a note... */
#define VAULT_IMPORT_MAX_HISTORY  1000           /* history items kept per entry */

typedef enum {
  VAULT_FORMAT_UNKNOWN,
  VAULT_FORMAT_KDBX,            /* KeePass 2.x database: KDBX 3.1 or 4 */
  VAULT_FORMAT_CSV_KEEPASSXC,   /* KeePassXC's CSV export */
  VAULT_FORMAT_CSV_CHROME,      /* Chrome, Chromium, Edge, Brave */
  VAULT_FORMAT_CSV_FIREFOX,
  VAULT_FORMAT_CSV_1PASSWORD,   /* 1Password 8 */
  VAULT_FORMAT_CSV_BITWARDEN,   /* Bitwarden's CSV export */
  VAULT_FORMAT_CSV_OTHER,       /* any other CSV, read through a VaultCsvMapping */
  VAULT_FORMAT_BITWARDEN_JSON,  /* Bitwarden's unencrypted JSON export */
  VAULT_N_FORMATS
} VaultFormat;

/* Where a person's data goes in an entry: what a CSV column may map to. */
typedef enum {
  VAULT_COLUMN_TITLE,
  VAULT_COLUMN_USERNAME,
  VAULT_COLUMN_PASSWORD,
  VAULT_COLUMN_URL,
  VAULT_COLUMN_NOTES,
  VAULT_COLUMN_TAGS,            /* a group path or a folder: "Work/Mail" */
  VAULT_COLUMN_OTP,             /* an otpauth:// URI or a bare secret */
  VAULT_N_COLUMNS
} VaultColumn;

/* For each VaultColumn, the index of the CSV column it is read from, or -1. */
typedef struct {
  int column[VAULT_N_COLUMNS];
} VaultCsvMapping;

/* A named value beyond the usual ones: a KeePass custom string, a Bitwarden
 * field. Until entries have fields (issue 14) they go to the notes. */
typedef struct {
  char           *name;
  char           *value;        /* in the import's secure memory */
  gboolean        protected;    /* hidden in the source: a secret */
} VaultForeignField;

typedef struct {
  gint64          changed;      /* seconds since the epoch; 0 if unknown */
  char           *password;     /* in the import's secure memory */
} VaultForeignHistory;

/* One entry on its way in from, or out to, another manager's file, owned
 * by its VaultImport. Strings are valid UTF-8. Secrets (password, notes,
 * otp, field values, old passwords) live in the import's secure memory,
 * put there with vault_import_keep_secret, and are wiped with it. */
typedef struct {
  char           *title;        /* never NULL once read: see vault_foreign_entry_fill_title */
  char           *username;     /* NULL or "" when none */
  char           *url;
  char           *password;     /* NULL or "" when none */
  char           *notes;        /* NULL or "" when none */
  char           *otp;          /* NULL or "" when none */
  GStrv           tags;         /* NULL when none; a group path is one tag, "Work/Mail" */
  gboolean        favourite;
  gint64          created;      /* seconds since the epoch; 0 if unknown */
  gint64          modified;
  GPtrArray      *fields;       /* of VaultForeignField, or NULL */
  GArray         *history;      /* of VaultForeignHistory, oldest first, or NULL */
  guint           attachments;  /* files attached in the source: counted, not read */
  char           *where;        /* where the source holds it, for messages: "line 12" */
  gboolean        duplicate;    /* set by vault_store_mark_duplicates */
} VaultForeignEntry;

/* Why something in a foreign file was left out; counted per kind. */
typedef enum {
  VAULT_SKIP_RECYCLE_BIN,       /* KeePass entries in the recycle bin */
  VAULT_SKIP_ATTACHMENT,        /* attachments (the entries themselves are kept) */
  VAULT_SKIP_BROWSER_PAGE,      /* Firefox's own chrome:// logins */
  VAULT_SKIP_CARD,              /* Bitwarden cards */
  VAULT_SKIP_IDENTITY,          /* Bitwarden identities */
  VAULT_SKIP_SSH_KEY,           /* Bitwarden SSH keys */
  VAULT_SKIP_OTHER_KIND,        /* items of a kind Vault does not know */
  VAULT_SKIP_EMPTY,             /* rows or entries with nothing in them */
  VAULT_N_SKIPS
} VaultSkip;

/* What a foreign file held, or what an export will write. */
typedef struct {
  VaultFormat       format;
  GPtrArray        *entries;          /* of VaultForeignEntry */
  guint             skipped[VAULT_N_SKIPS];
  VaultSecureArena *secrets;
} VaultImport;

/* Called from the thread that reads, now and then, with the share done. */
typedef void (*VaultImportProgress) (double   fraction,
                                     gpointer user_data);

typedef struct {
  /* KDBX: the database's password (NULL for none) and key file contents. */
  const char           *password;
  GBytes               *key_file;
  /* VAULT_FORMAT_CSV_OTHER: which column holds what. */
  const VaultCsvMapping *mapping;
  VaultImportProgress   progress;
  gpointer              progress_data;
} VaultImportOptions;

typedef enum {
  VAULT_KDBX_CIPHER_CHACHA20,
  VAULT_KDBX_CIPHER_AES256,
} VaultKdbxCipher;

typedef struct {
  const char      *password;      /* the new database's password; not empty */
  VaultKdbxCipher  cipher;
  /* Argon2id cost; 0 for the defaults (64 MiB, 10 passes, 2 lanes). */
  guint32          argon2_memory_kib;
  guint32          argon2_passes;
} VaultKdbxWriteOptions;

/* Formats: a stable id for the CLI ("kdbx", "firefox-csv"...), and a name
 * for people, translated. */
const char   *vault_format_get_id           (VaultFormat            format);
const char   *vault_format_get_name         (VaultFormat            format);
VaultFormat   vault_format_from_id          (const char            *id);
gboolean      vault_format_is_csv           (VaultFormat            format);

/* The format of a file, from its content. A CSV whose header matches no
 * known layout is VAULT_FORMAT_CSV_OTHER; VAULT_FORMAT_UNKNOWN sets error
 * with the reason (an encrypted Bitwarden export says so). */
VaultFormat   vault_import_detect           (const guint8          *data,
                                             gsize                  len,
                                             GError               **error);
/* Reads every entry, or nothing: any error leaves no result. Runs in the
 * caller's thread (a worker's, in the app). */
VaultImport  *vault_import_read             (VaultFormat            format,
                                             const guint8          *data,
                                             gsize                  len,
                                             const VaultImportOptions *options,
                                             GCancellable          *cancellable,
                                             GError               **error);
void          vault_import_free             (VaultImport           *import);
/* Reads a file into secure memory, bounded by VAULT_IMPORT_MAX_SIZE. */
VaultSecureBuf *vault_import_load_file      (const char            *path,
                                             GError               **error);

/* What was left out, in a sentence per kind, translated; NULL-terminated. */
GStrv         vault_import_describe_skipped (const VaultImport     *import);

/* CSV files of an unknown layout: the header's column names, and the
 * mapping guessed from them (by name: "Login", "Website", "Passwort"...). */
GStrv         vault_csv_read_header         (const guint8          *data,
                                             gsize                  len,
                                             GError               **error);
void          vault_csv_guess_mapping       (const char * const    *header,
                                             VaultCsvMapping       *mapping);
const char   *vault_column_get_id           (VaultColumn            column);
const char   *vault_column_get_name         (VaultColumn            column);

VaultImport  *vault_import_new              (VaultFormat            format);
/* A new entry, appended to import->entries and owned by it. */
VaultForeignEntry *vault_import_add_entry   (VaultImport           *import);
/* A copy of len bytes (len < 0: up to the NUL) in the import's secure
 * memory; NULL for NULL. */
char         *vault_import_keep_secret      (VaultImport           *import,
                                             const char            *value,
                                             gssize                 len);
/* A title for an entry that has none: the URL's host, else the username,
 * else "Untitled". */
void          vault_foreign_entry_fill_title (VaultForeignEntry    *entry);
void          vault_foreign_entry_add_field (VaultImport           *import,
                                             VaultForeignEntry     *entry,
                                             const char            *name,
                                             const char            *value,
                                             gssize                 len,
                                             gboolean               protected);
void          vault_foreign_entry_add_history (VaultImport         *import,
                                               VaultForeignEntry   *entry,
                                               gint64               changed,
                                               const char          *password,
                                               gssize               len);

/* Export: Vault's entries as another manager reads them. */
GBytes       *vault_export_kdbx             (const VaultImport     *entries,
                                             const VaultKdbxWriteOptions *options,
                                             GCancellable          *cancellable,
                                             GError               **error);
/* KeePassXC's CSV layout. The result is plaintext: it stays in secure memory. */
VaultSecureBuf *vault_export_csv            (const VaultImport     *entries,
                                             GError               **error);
/* Writes an export beside its final name, then renames it, readable only
 * by its owner (0600). */
gboolean      vault_export_write_file       (const char            *path,
                                             const guint8          *data,
                                             gsize                  len,
                                             GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultImport, vault_import_free)

G_END_DECLS
