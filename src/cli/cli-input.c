/* cli-input.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets into vault-cli: asked at a terminal without echo, or read from a pipe.
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>

#include "cli-input.h"

/* One line from standard input into a secure buffer, without stdio, so no
 * copy of the secret stays in a library buffer. */
static VaultSecureBuf *
read_line (GError **error)
{
  g_autoptr(VaultSecureBuf) buf = vault_secure_buf_new (4096);
  gsize len = 0;
  gboolean got_any = FALSE;

  for (;;)
    {
      char c;
      ssize_t n = read (STDIN_FILENO, &c, 1);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, _("Could not read input: %s"),
                       g_strerror (errno));
          return NULL;
        }
      if (n == 0)
        break;
      got_any = TRUE;
      if (c == '\n')
        break;
      if (len == buf->len)
        {
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                               _("An input line is too long."));
          return NULL;
        }
      buf->data[len++] = (guint8) c;
    }

  if (!got_any)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("Expected another line on standard input."));
      return NULL;
    }
  if (len > 0 && buf->data[len - 1] == '\r')
    len--;

  {
    VaultSecureBuf *line = vault_secure_buf_new_from_data (buf->data, len);
    return line;
  }
}

/* Echo goes off before the prompt is shown, so nothing typed once it is
 * visible is echoed; and with TCSANOW, not TCSAFLUSH, both ways, so what was
 * typed ahead (before this prompt, or for the next one) is kept, not
 * silently dropped while we wait for a line that never comes. */
static VaultSecureBuf *
prompt_hidden (const char  *prompt,
               GError     **error)
{
  struct termios old, quiet;
  gboolean restore = FALSE;
  VaultSecureBuf *line;

  if (tcgetattr (STDIN_FILENO, &old) == 0)
    {
      quiet = old;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      quiet.c_lflag |= ECHONL;
      restore = tcsetattr (STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
  fprintf (stderr, "%s", prompt);
  fflush (stderr);
  line = read_line (error);
  if (restore)
    tcsetattr (STDIN_FILENO, TCSANOW, &old);
  return line;
}

/* A secret: at a terminal asked without echo (twice when it is new);
 * otherwise the next line of standard input. */
VaultSecureBuf *
cli_ask_secret (Cli         *cli,
                const char  *prompt,
                const char  *confirm_prompt,
                GError     **error)
{
  g_autoptr(VaultSecureBuf) first = NULL;
  g_autoptr(VaultSecureBuf) second = NULL;

  if (!cli->interactive)
    return read_line (error);

  first = prompt_hidden (prompt, error);
  if (first == NULL || confirm_prompt == NULL)
    return g_steal_pointer (&first);

  second = prompt_hidden (confirm_prompt, error);
  if (second == NULL)
    return NULL;
  if (!vault_secure_buf_equal (first, second))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("The two entries do not match."));
      return NULL;
    }
  return g_steal_pointer (&first);
}
