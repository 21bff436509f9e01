/* vault-copy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The detail pane's rows that live in files of their own (one-time codes,
 * custom fields) copy through here, so that they clear the clipboard
 * exactly as the password's copy button does.
 */
#include "config.h"

#include "vault-copy.h"

#include "vault-application.h"
#include "vault-plain-text.h"
#include "vault-window.h"

static VaultApplication *
app_of (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root))
                                             : NULL;

  return VAULT_IS_APPLICATION (app) ? VAULT_APPLICATION (app) : NULL;
}

guint
vault_copy_secret (GtkWidget            *widget,
                   const VaultSecureBuf *secret)
{
  VaultApplication *app = app_of (widget);
  guint delay;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);
  g_return_val_if_fail (secret != NULL, 0);

  if (app == NULL)
    return 0;
  delay = MAX (g_settings_get_uint (vault_application_get_settings (app),
                                    "clipboard-clear-delay"), 1);
  vault_clipboard_copy_secret (vault_application_get_clipboard (app),
                               gtk_widget_get_clipboard (widget), secret, delay);
  return delay;
}

void
vault_copy_text (GtkWidget  *widget,
                 const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

void
vault_copy_toast (GtkWidget  *widget,
                  const char *message,
                  guint       timeout)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  AdwToast *toast;

  if (!VAULT_IS_WINDOW (root))
    return;
  toast = vault_toast_new_plain (message);
  adw_toast_set_timeout (toast, timeout);
  vault_window_add_toast (VAULT_WINDOW (root), toast);
}
