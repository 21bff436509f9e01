/* vault-secure.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Locked, wiped-on-free buffers for keys and opened secrets, randomness from
 * getrandom(2), and process hardening.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A buffer kept out of swap and core dumps, wiped when freed. data always has
 * one extra NUL byte after len so a secret string can be read in place. */
typedef struct {
  gsize   len;
  guint8 *data;
} VaultSecureBuf;

VaultSecureBuf *vault_secure_buf_new             (gsize                 len);
VaultSecureBuf *vault_secure_buf_new_from_data   (gconstpointer         data,
                                                  gsize                 len);
VaultSecureBuf *vault_secure_buf_new_from_string (const char           *str);
VaultSecureBuf *vault_secure_buf_dup             (const VaultSecureBuf *buf);
const char     *vault_secure_buf_get_string      (const VaultSecureBuf *buf);
gboolean        vault_secure_buf_equal           (const VaultSecureBuf *a,
                                                  const VaultSecureBuf *b);
void            vault_secure_buf_free            (VaultSecureBuf       *buf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (VaultSecureBuf, vault_secure_buf_free)

void     vault_secure_wipe      (gpointer data,
                                 gsize    len);
void     vault_secure_str_free  (char    *str);
void     vault_random_bytes     (gpointer buf,
                                 gsize    len);
guint32  vault_random_uniform   (guint32  upper_bound);
char    *vault_random_uuid      (void);
/* A version 4 UUID of 16 bytes from vault_random_bytes. */
char    *vault_uuid_from_random (const guint8 random[16]);
void     vault_harden_process   (void);
void     vault_prefault         (gpointer data,
                                 gsize    len);

G_END_DECLS
