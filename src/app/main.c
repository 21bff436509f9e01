/* main.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vault's desktop app.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-heap-wipe.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(VaultApplication) app = NULL;

  vault_harden_process ();
  /* Before GTK starts: from here on, no freed block keeps a secret. */
  if (!vault_heap_wipe_enable ())
    g_message ("Freed memory is not wiped in this build");

  setlocale (LC_ALL, "");
  /* VAULT_LOCALEDIR: translations straight from a build tree. */
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("VAULT_LOCALEDIR") ? g_getenv ("VAULT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = vault_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
