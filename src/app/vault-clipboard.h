/* vault-clipboard.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Copying secrets: marked as secret for clipboard managers, and cleared
 * after a delay if the clipboard still holds them.
 */
#pragma once

#include <gtk/gtk.h>

#include "vault-secure.h"

G_BEGIN_DECLS

#define VAULT_PASSWORD_HINT_MIME "x-kde-passwordManagerHint"

#define VAULT_TYPE_CLIPBOARD (vault_clipboard_get_type ())
G_DECLARE_FINAL_TYPE (VaultClipboard, vault_clipboard, VAULT, CLIPBOARD, GObject)

VaultClipboard *vault_clipboard_new          (void);
void            vault_clipboard_copy_secret  (VaultClipboard       *self,
                                              GdkClipboard         *clipboard,
                                              const VaultSecureBuf *secret,
                                              guint                 clear_after_seconds);
void            vault_clipboard_clear        (VaultClipboard       *self);
gboolean        vault_clipboard_holds_secret (VaultClipboard       *self);

G_END_DECLS
