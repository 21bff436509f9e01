/* vault-generator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generated passwords. Every character (or word) is an independent uniform
 * draw; a password must contain each chosen class, and one that does not is
 * drawn again whole, which keeps the result uniform over the valid ones.
 */
#include "config.h"

#include "vault-generator.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-core-resources.h"
#include "vault-error.h"

#define WORDLIST_RESOURCE "/com/example/Vault/core/eff-large-wordlist.txt"

static const char *class_chars[] = {
  "abcdefghijklmnopqrstuvwxyz",
  "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  "0123456789",
  "!#$%&()*+,-./:;<=>?@[]^_{|}~",
};

static GStrv
get_words (void)
{
  static GStrv words = NULL;

  if (g_once_init_enter (&words))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *text = NULL;
      GStrv list;

      /* Looked up in the engine's own resource: in a static library its
       * constructor may be dropped by the linker, so never rely on it. */
      bytes = g_resource_lookup_data (vault_core_get_resource (), WORDLIST_RESOURCE, 0, NULL);
      g_assert (bytes != NULL);
      text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      g_strstrip (text);
      list = g_strsplit (text, "\n", -1);
      g_once_init_leave (&words, list);
    }
  return words;
}

guint
vault_generator_word_count (void)
{
  return g_strv_length (get_words ());
}

static GString *
build_alphabet (VaultCharClasses classes)
{
  GString *alphabet = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (class_chars); i++)
    if (classes & (1 << i))
      g_string_append (alphabet, class_chars[i]);
  return alphabet;
}

VaultSecureBuf *
vault_generate_password (guint              length,
                         VaultCharClasses   classes,
                         GError           **error)
{
  g_autoptr(GString) alphabet = NULL;
  guint n_classes = 0;

  classes &= VAULT_CHARS_ALL;
  for (guint i = 0; i < G_N_ELEMENTS (class_chars); i++)
    if (classes & (1 << i))
      n_classes++;

  if (n_classes == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("Choose at least one kind of character."));
      return NULL;
    }
  if (length < MAX (VAULT_GENERATOR_MIN_LENGTH, n_classes) ||
      length > VAULT_GENERATOR_MAX_LENGTH)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("A generated password must have from %u to %u characters."),
                   MAX (VAULT_GENERATOR_MIN_LENGTH, n_classes), VAULT_GENERATOR_MAX_LENGTH);
      return NULL;
    }

  alphabet = build_alphabet (classes);

  for (;;)
    {
      g_autoptr(VaultSecureBuf) out = vault_secure_buf_new (length);
      guint seen = 0;

      for (guint i = 0; i < length; i++)
        {
          char c = alphabet->str[vault_random_uniform ((guint32) alphabet->len)];

          out->data[i] = (guint8) c;
          for (guint k = 0; k < G_N_ELEMENTS (class_chars); k++)
            if (strchr (class_chars[k], c) != NULL)
              seen |= 1 << k;
        }
      if (seen == (guint) classes)
        return g_steal_pointer (&out);
    }
}

VaultSecureBuf *
vault_generate_passphrase (guint        words,
                           const char  *separator,
                           GError     **error)
{
  GStrv list = get_words ();
  guint n_words = g_strv_length (list);
  g_autoptr(GString) joined = NULL;
  VaultSecureBuf *out;

  if (words < VAULT_GENERATOR_MIN_WORDS || words > VAULT_GENERATOR_MAX_WORDS)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("A passphrase must have from %u to %u words."),
                   VAULT_GENERATOR_MIN_WORDS, VAULT_GENERATOR_MAX_WORDS);
      return NULL;
    }
  if (separator == NULL)
    separator = "-";

  joined = g_string_sized_new (words * 10);
  for (guint i = 0; i < words; i++)
    {
      if (i > 0)
        g_string_append (joined, separator);
      g_string_append (joined, list[vault_random_uniform (n_words)]);
    }

  out = vault_secure_buf_new_from_data (joined->str, joined->len);
  vault_secure_wipe (joined->str, joined->allocated_len);
  return out;
}
