/* make-test-vault.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Creates a vault as “vault-cli init” does but at the tests' small KDF cost,
 * for end-to-end tests that run vault-cli hundreds of times.
 *
 * Usage: make-test-vault FILE, with the master password as the line on
 * standard input (never on the command line, where ps would show it).
 */
#include <stdio.h>
#include <string.h>

#include "vault-core.h"
#include "test-util.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(VaultSecureBuf) line = vault_secure_buf_new (1024);
  g_autoptr(VaultStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *end;

  if (argc != 2)
    {
      fprintf (stderr, "usage: make-test-vault FILE < master-password\n");
      return 2;
    }
  if (fgets ((char *) line->data, (int) line->len, stdin) == NULL)
    {
      fprintf (stderr, "make-test-vault: no master password on standard input\n");
      return 1;
    }
  if ((end = strchr ((char *) line->data, '\n')) != NULL)
    *end = '\0';

  store = vault_store_create (argv[1], (const char *) line->data, TEST_ITERATIONS, NULL, &error);
  if (store == NULL)
    {
      fprintf (stderr, "make-test-vault: %s\n", error->message);
      return 1;
    }
  return 0;
}
