/* test-qr.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading one-time code links from QR code images (vault-qr.c): real
 * images made by qrencode, a JPEG screenshot, transparency, and the files a
 * person may pick by mistake, each refused with a message naming it; and
 * how a code is grouped for reading.
 */
#include <glib.h>
#include <string.h>

#include "vault-core.h"
#include "vault-qr.h"
#include "vault-totp-row.h"

static VaultSecureBuf *
read_image (const char  *name,
            GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "qr", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return vault_qr_read_file (file, NULL, error);
}

static void
test_links (void)
{
  static const struct {
    const char *file;
    const char *link;
  } cases[] = {
    { "otpauth.png",
      "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example" },
    { "transparent.png", "otpauth://totp/Example:bob?secret=JBSWY3DPEHPK3PXP" },
    { "steam.png", "steam://63BEDWCQZKTQWPESARIERL5DTTQFCJTK" },
    { "screenshot.jpg",
      "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example" },
    /* Light on dark, as a dark style shows it; one pixel a module. */
    { "dark.png",
      "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example" },
    { "tiny.png",
      "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) link = NULL;
      g_autoptr(VaultTotp) totp = NULL;

      g_test_message ("%s", cases[i].file);
      link = read_image (cases[i].file, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (vault_secure_buf_get_string (link), ==, cases[i].link);
      /* What the entry dialog then does with it. */
      totp = vault_totp_parse (vault_secure_buf_get_string (link), &error);
      g_assert_no_error (error);
      g_assert_nonnull (totp);
    }
}

static void
test_refused (void)
{
  static const struct {
    const char *file;
    int         code;
    const char *message;
  } cases[] = {
    { "blank.png", VAULT_ERROR_INVALID_ARGUMENT, "No QR code was found in “blank.png”" },
    { "website.png", VAULT_ERROR_INVALID_ARGUMENT,
      "The QR code in “website.png” is not a one-time code setup link" },
    { "migration.png", VAULT_ERROR_UNSUPPORTED,
      "The QR code in “migration.png” is an export from Google Authenticator" },
    { "not-an-image.png", VAULT_ERROR_INVALID_ARGUMENT,
      "“not-an-image.png” is not an image Vault can read" },
    { "missing.png", VAULT_ERROR_IO, "Could not read “missing.png”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(VaultSecureBuf) link = NULL;

      g_test_message ("%s", cases[i].file);
      link = read_image (cases[i].file, &error);
      g_assert_null (link);
      g_assert_error (error, VAULT_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].message));
    }
}

/* huge.png claims 60000 × 60000 pixels (10 GB as RGB) in 74 bytes:
 *   chunk(b"IHDR", struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)) …
 * It is refused at once, before any pixel is allocated. */
static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultSecureBuf) link = NULL;
  gint64 start = g_get_monotonic_time ();

  link = read_image ("huge.png", &error);
  g_assert_null (link);
  g_assert_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "“huge.png” is too large (60000 × 60000 pixels). Crop it to the QR code.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  VaultSecureBuf **link = user_data;
  g_autoptr(GError) error = NULL;

  *link = vault_qr_read_file_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "qr", "otpauth.png",
                                                 NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  VaultSecureBuf *link = NULL;

  vault_qr_read_file_async (file, NULL, on_read, &link);
  while (link == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_str_has_prefix (vault_secure_buf_get_string (link), "otpauth://totp/"));
  vault_secure_buf_free (link);
}

static void
test_grouping (void)
{
  static const char *const cases[][2] = {
    { "123456", "123 456" },
    { "1234567", "123 4567" },
    { "12345678", "1234 5678" },
    { "2BXKC", "2BXKC" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char out[VAULT_TOTP_CODE_SIZE + 2];

      vault_totp_format_code (cases[i][0], out, sizeof out);
      g_assert_cmpstr (out, ==, cases[i][1]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vault/qr/links", test_links);
  g_test_add_func ("/vault/qr/refused", test_refused);
  g_test_add_func ("/vault/qr/too-large", test_too_large);
  g_test_add_func ("/vault/qr/async", test_async);
  g_test_add_func ("/vault/totp-row/grouping", test_grouping);
  return g_test_run ();
}
