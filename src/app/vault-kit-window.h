/* vault-kit-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Emergency Kit: the Secret Key code (and a new recovery key), shown
 * and saved as a PDF.
 */
#pragma once

#include <adwaita.h>

#include "vault-secure.h"

G_BEGIN_DECLS

#define VAULT_TYPE_KIT_WINDOW (vault_kit_window_get_type ())
G_DECLARE_FINAL_TYPE (VaultKitWindow, vault_kit_window, VAULT, KIT_WINDOW, AdwWindow)

/* Called with the owner given to vault_kit_save_dialog once the PDF is written. */
typedef void (*VaultKitSavedFunc) (GObject *owner);

VaultKitWindow *vault_kit_window_new  (GtkWindow            *parent,
                                       const char           *vault_path,
                                       const VaultSecureBuf *secret_key_code,
                                       const VaultSecureBuf *recovery_code);
void            vault_kit_save_dialog (GtkWindow            *parent,
                                       AdwToastOverlay      *toasts,
                                       const char           *vault_path,
                                       const char           *secret_key_code,
                                       const char           *recovery_code,
                                       VaultKitSavedFunc     saved,
                                       gpointer              owner);
void            vault_kit_code_label_set (GtkLabel          *label,
                                          const char        *code);

G_END_DECLS
