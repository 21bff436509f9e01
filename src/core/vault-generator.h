/* vault-generator.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Password and passphrase generator: uniform choices from getrandom(2).
 */
#pragma once

#include <glib.h>

#include "vault-secure.h"

G_BEGIN_DECLS

typedef enum {
  VAULT_CHARS_LOWER   = 1 << 0,
  VAULT_CHARS_UPPER   = 1 << 1,
  VAULT_CHARS_DIGITS  = 1 << 2,
  VAULT_CHARS_SYMBOLS = 1 << 3,
  VAULT_CHARS_ALL     = 0xf,
} VaultCharClasses;

#define VAULT_GENERATOR_MIN_LENGTH      4
#define VAULT_GENERATOR_MAX_LENGTH      256
#define VAULT_GENERATOR_DEFAULT_LENGTH  20
#define VAULT_GENERATOR_MIN_WORDS       3
#define VAULT_GENERATOR_MAX_WORDS       20

VaultSecureBuf *vault_generate_password    (guint              length,
                                            VaultCharClasses   classes,
                                            GError           **error);
VaultSecureBuf *vault_generate_passphrase  (guint              words,
                                            const char        *separator,
                                            GError           **error);
guint           vault_generator_word_count (void);

G_END_DECLS
