/* vault-error.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's error domain: codes a caller can branch on.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VAULT_ERROR (vault_error_quark ())

typedef enum {
  VAULT_ERROR_FAILED,
  VAULT_ERROR_WRONG_KEY,           /* a key slot did not open: password or Secret Key */
  VAULT_ERROR_DAMAGED,             /* the file failed authentication or is malformed */
  VAULT_ERROR_NEWER_FORMAT,        /* written by a newer Vault */
  VAULT_ERROR_NOT_A_VAULT,         /* not a Vault file at all */
  VAULT_ERROR_IO,                  /* the OS refused: see the message */
  VAULT_ERROR_NO_VAULT,            /* no file at that path */
  VAULT_ERROR_EXISTS,              /* a vault or an entry of that title exists */
  VAULT_ERROR_NOT_FOUND,           /* no entry of that title */
  VAULT_ERROR_NO_SECRET_KEY,       /* this device's keyring has no Secret Key for the vault */
  VAULT_ERROR_KEYRING_UNAVAILABLE, /* no Secret Service reachable */
  VAULT_ERROR_KEYRING_LOCKED,      /* the keyring is locked and was not unlocked */
  VAULT_ERROR_KEYRING_DENIED,      /* the person dismissed the keyring's prompt */
  VAULT_ERROR_INVALID_CODE,        /* an Emergency Kit or recovery code that does not check */
  VAULT_ERROR_INVALID_ARGUMENT,    /* a value out of range (generator length, empty title...) */
  VAULT_ERROR_NO_RECOVERY_KEY,     /* the vault has no recovery slot */
  VAULT_ERROR_LOCKED,              /* the operation needs an unlocked vault */
  VAULT_ERROR_CHANGED_ON_DISK,     /* another program saved the vault since it was opened */
  VAULT_ERROR_AMBIGUOUS,           /* several entries have that title */
  VAULT_ERROR_UNKNOWN_FORMAT,      /* a file to import that is no format Vault reads */
  VAULT_ERROR_UNSUPPORTED,         /* a known format, but a variant Vault cannot read */
  VAULT_ERROR_OTHER_VAULT,         /* a copy to merge that belongs to another vault (other id) */
} VaultError;

GQuark vault_error_quark (void);

G_END_DECLS
