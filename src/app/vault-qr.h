/* vault-qr.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading a one-time code's setup link from an image of its QR code (a
 * screenshot of a site's two-factor page), with libzbar.
 */
#pragma once

#include <gio/gio.h>

#include "vault-secure.h"

G_BEGIN_DECLS

/* Bounds on what is read, checked before the image is decoded. */
#define VAULT_QR_MAX_FILE_SIZE  (64 * 1024 * 1024)
#define VAULT_QR_MAX_PIXELS     (40 * 1000 * 1000)

/* The text of the image's first QR code that is an otpauth:// or steam://
 * link, in secure memory. No QR code, another kind of QR code, a file that
 * is no image or an image over the bounds: VAULT_ERROR_INVALID_ARGUMENT
 * (VAULT_ERROR_IO when the file cannot be read), with a message naming the
 * file. Blocks: for workers and tests. */
VaultSecureBuf *vault_qr_read_file        (GFile               *file,
                                           GCancellable        *cancellable,
                                           GError             **error);
void            vault_qr_read_file_async  (GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
VaultSecureBuf *vault_qr_read_file_finish (GAsyncResult        *result,
                                           GError             **error);

G_END_DECLS
