/* vault-secure-arena.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secure memory for many small secrets at once (an import's 100,000
 * passwords) and for text that grows (an export being written), without a
 * locked page per secret.
 */
#pragma once

#include "vault-secure.h"

G_BEGIN_DECLS

typedef struct _VaultSecureArena VaultSecureArena;

VaultSecureArena *vault_secure_arena_new     (void);
/* A NUL-terminated copy of len bytes (len < 0: up to str's NUL), freed
 * with the arena; NULL for NULL. */
char             *vault_secure_arena_strndup (VaultSecureArena *arena,
                                              const char       *str,
                                              gssize            len);
/* Wipes every copy, then frees them. */
void              vault_secure_arena_free    (VaultSecureArena *arena);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultSecureArena, vault_secure_arena_free)

/* Text built in secure memory; str is always NUL-terminated. */
typedef struct {
  char  *str;
  gsize  len;
  /* Private */
  VaultSecureBuf *buf;
} VaultSecureString;

VaultSecureString *vault_secure_string_new        (gsize              reserve);
void               vault_secure_string_append_len (VaultSecureString *string,
                                                   const char        *data,
                                                   gsize              len);
void               vault_secure_string_append     (VaultSecureString *string,
                                                   const char        *str);
void               vault_secure_string_append_c   (VaultSecureString *string,
                                                   char               c);
/* The text as a buffer of exactly string->len bytes; frees string. */
VaultSecureBuf    *vault_secure_string_free_to_buf (VaultSecureString *string);
void               vault_secure_string_free       (VaultSecureString *string);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultSecureString, vault_secure_string_free)

G_END_DECLS
