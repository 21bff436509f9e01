/* fuzz-kit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer harness for Emergency Kit codes, both kinds: any text is refused
 * with a code error or decodes to a key whose own code decodes to it again.
 */
#include <string.h>

#include "fuzz-util.h"
#include "vault-crypto.h"
#include "vault-error.h"
#include "vault-kit.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_init ();
  return 0;
}

static void
check_kind (VaultKitKind  kind,
            const char   *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) key = vault_kit_decode (kind, code, &error);
  g_autoptr(VaultSecureBuf) again = NULL;
  g_autoptr(VaultSecureBuf) back = NULL;

  if (key == NULL)
    {
      g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (key->len, ==, VAULT_KEY_SIZE);

  /* Codes are case-blind and take O, I and L for 0, 1 and 1, so the text
   * need not come back; the key must. */
  again = vault_kit_encode (kind, key->data);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (again),
                                   kind == VAULT_KIT_SECRET_KEY ? "K1-" : "R1-"));
  back = vault_kit_decode (kind, vault_secure_buf_get_string (again), &error);
  g_assert_no_error (error);
  g_assert_true (vault_secure_buf_equal (back, key));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* The decoder reads a C string, as typed text arrives. */
  g_autofree char *code = g_strndup ((const char *) data, size);

  check_kind (VAULT_KIT_SECRET_KEY, code);
  check_kind (VAULT_KIT_RECOVERY_KEY, code);

  /* And the input's first bytes, taken as a key, make a code of each kind
   * that decodes to them and not as the other kind. */
  if (size >= VAULT_KEY_SIZE)
    for (int kind = VAULT_KIT_SECRET_KEY; kind <= VAULT_KIT_RECOVERY_KEY; kind++)
      {
        g_autoptr(VaultSecureBuf) made = vault_kit_encode (kind, data);
        g_autoptr(VaultSecureBuf) back = NULL;
        g_autoptr(GError) error = NULL;

        back = vault_kit_decode (kind, vault_secure_buf_get_string (made), &error);
        g_assert_no_error (error);
        g_assert_cmpmem (back->data, back->len, data, VAULT_KEY_SIZE);
        g_clear_pointer (&back, vault_secure_buf_free);
        back = vault_kit_decode (!kind, vault_secure_buf_get_string (made), &error);
        g_assert_null (back);
        g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_CODE);
      }
  return 0;
}
