/* vault-breach-list.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Have I Been Pwned's downloadable list, "SHA-1 ordered by hash": lines of
 * HEX40:COUNT, sorted, CR LF or LF. The file is mapped and searched by
 * bisection over its bytes, so a 40 GB list costs a few dozen page reads a
 * password; nothing is sent anywhere. Every line read is checked: a file of
 * another kind, or sorted by count, is refused with a clear reason.
 */
#include "config.h"

#include "vault-breach-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

struct _VaultBreachList
{
  GMappedFile *file;
  char        *name;       /* for messages */
  const char  *data;
  gsize        size;       /* without the line ends at the very end */

  /* Where the last lookup stopped: resume is the line after the one whose
   * digest is resume_key, so a digest above that key is searched from
   * there. Only the file's own digests are kept, never one looked up. */
  gsize        resume;
  gboolean     has_resume_key;
  guint8       resume_key[VAULT_SHA1_SIZE];
};

static gboolean
malformed (VaultBreachList  *self,
           gsize             offset,
           guint             line,
           GError          **error)
{
  if (line > 0)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                 _("“%s” is not a breach list Vault can read: line %u is not “40 hexadecimal "
                   "digits:count”. Use Have I Been Pwned’s SHA-1 list ordered by hash."),
                 self->name, line);
  else
    {
      g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);

      /* Translators: the second %s is a byte offset in the file. */
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                   _("“%s” is not a breach list Vault can read: the line at byte %s is not "
                     "“40 hexadecimal digits:count”. Use Have I Been Pwned’s SHA-1 list "
                     "ordered by hash."),
                   self->name, where);
    }
  return FALSE;
}

static gboolean
unsorted (VaultBreachList  *self,
          gsize             offset,
          GError          **error)
{
  g_autofree char *where = g_strdup_printf ("%" G_GSIZE_FORMAT, offset);

  /* Translators: the second %s is a byte offset in the file. */
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
               _("The breach list “%s” is not sorted by hash (at byte %s). Use Have I Been "
                 "Pwned’s SHA-1 list ordered by hash, not by prevalence."),
               self->name, where);
  return FALSE;
}

/* Reads the line that starts at start: its digest, its count, and where the
 * next line starts. Never reads more than VAULT_BREACH_MAX_LINE bytes. */
static gboolean
parse_line (VaultBreachList  *self,
            gsize             start,
            guint             line,
            guint8            key[VAULT_SHA1_SIZE],
            guint64          *count,
            gsize            *next,
            GError          **error)
{
  const char *p = self->data + start;
  gsize left = self->size - start;
  guint64 value = 0;
  guint digits = 0;
  gsize i;

  if (left < 2 * VAULT_SHA1_SIZE + 2 || p[2 * VAULT_SHA1_SIZE] != ':')
    return malformed (self, start, line, error);
  for (i = 0; i < VAULT_SHA1_SIZE; i++)
    {
      int high = g_ascii_xdigit_value (p[2 * i]);
      int low = g_ascii_xdigit_value (p[2 * i + 1]);

      if (high < 0 || low < 0)
        return malformed (self, start, line, error);
      key[i] = (guint8) (high << 4 | low);
    }
  for (i = 2 * VAULT_SHA1_SIZE + 1; i < left && g_ascii_isdigit (p[i]); i++)
    {
      guint d = (guint) (p[i] - '0');

      if (++digits > 20 || value > (G_MAXUINT64 - d) / 10)
        return malformed (self, start, line, error);
      value = value * 10 + d;
    }
  if (digits == 0)
    return malformed (self, start, line, error);
  if (i < left && p[i] == '\r')
    i++;
  if (i < left && p[i++] != '\n')
    return malformed (self, start, line, error);

  *count = value;
  *next = start + i;
  return TRUE;
}

/* The start of the line that holds pos, looking back no further than floor
 * (a line start) nor than one line's length. */
static gboolean
line_start (VaultBreachList  *self,
            gsize             pos,
            gsize             floor,
            gsize            *start,
            GError          **error)
{
  gsize s = pos;

  while (s > floor && self->data[s - 1] != '\n')
    {
      if (pos - s >= VAULT_BREACH_MAX_LINE)
        return malformed (self, s, 0, error);
      s--;
    }
  *start = s;
  return TRUE;
}

static gboolean
check_all (VaultBreachList  *self,
           GError          **error)
{
  guint8 previous[VAULT_SHA1_SIZE], key[VAULT_SHA1_SIZE];
  gsize pos = 0;
  guint line = 0;
  guint64 count;

  while (pos < self->size)
    {
      gsize start = pos;

      if (!parse_line (self, start, ++line, key, &count, &pos, error))
        return FALSE;
      if (line > 1 && memcmp (previous, key, VAULT_SHA1_SIZE) > 0)
        return unsorted (self, start, error);
      memcpy (previous, key, VAULT_SHA1_SIZE);
    }
  return TRUE;
}

/* A list too large to read whole is read at lines spread evenly over it,
 * first and last included: one sorted by count, or pieced together in the
 * wrong order, shows it there. */
static gboolean
check_samples (VaultBreachList  *self,
               GError          **error)
{
  guint8 previous[VAULT_SHA1_SIZE], key[VAULT_SHA1_SIZE];
  guint64 count;

  for (guint k = 0; k <= VAULT_BREACH_SAMPLES; k++)
    {
      gsize pos = k == VAULT_BREACH_SAMPLES ? self->size - 1
                                            : (gsize) ((guint64) self->size * k /
                                                       VAULT_BREACH_SAMPLES);
      gsize start, next;

      if (!line_start (self, pos, 0, &start, error) ||
          !parse_line (self, start, start == 0 ? 1 : 0, key, &count, &next, error))
        return FALSE;
      if (k > 0 && memcmp (previous, key, VAULT_SHA1_SIZE) > 0)
        return unsorted (self, start, error);
      memcpy (previous, key, VAULT_SHA1_SIZE);
    }
  return TRUE;
}

VaultBreachList *
vault_breach_list_open (const char  *path,
                        GError     **error)
{
  g_autoptr(VaultBreachList) self = g_new0 (VaultBreachList, 1);
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self->name = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("The breach list “%s” is a folder, not a file."), self->name);
      return NULL;
    }
  self->file = g_mapped_file_new (path, FALSE, &local);
  if (self->file == NULL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("Could not open the breach list “%s”: %s"), self->name, local->message);
      return NULL;
    }
  self->data = g_mapped_file_get_contents (self->file);
  self->size = g_mapped_file_get_length (self->file);
  while (self->size > 0 && (self->data[self->size - 1] == '\n' ||
                            self->data[self->size - 1] == '\r'))
    self->size--;
  if (self->size == 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                   _("The breach list “%s” is empty."), self->name);
      return NULL;
    }

  if (!(self->size <= VAULT_BREACH_FULL_CHECK ? check_all (self, error)
                                              : check_samples (self, error)))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
vault_breach_list_lookup (VaultBreachList  *self,
                          const guint8      target[VAULT_SHA1_SIZE],
                          guint64          *count,
                          GError          **error)
{
  guint8 low_key[VAULT_SHA1_SIZE] = { 0 }, high_key[VAULT_SHA1_SIZE] = { 0 };
  guint8 key[VAULT_SHA1_SIZE];
  gboolean has_low = FALSE, has_high = FALSE;
  gsize lo = 0, hi = self->size;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (count != NULL, FALSE);

  *count = 0;
  if (self->has_resume_key && memcmp (target, self->resume_key, VAULT_SHA1_SIZE) > 0)
    {
      lo = self->resume;
      has_low = TRUE;
      memcpy (low_key, self->resume_key, VAULT_SHA1_SIZE);
    }

  /* lo is a line start and every line before it is below target; hi is a
   * line start (or the end) and no line from it on is. Each line read must
   * lie between the two keys seen so far, or the file is not sorted. */
  while (lo < hi)
    {
      gsize start, next;
      guint64 found;
      int order;

      if (!line_start (self, lo + (hi - lo) / 2, lo, &start, error) ||
          !parse_line (self, start, 0, key, &found, &next, error))
        return FALSE;
      if ((has_low && memcmp (key, low_key, VAULT_SHA1_SIZE) < 0) ||
          (has_high && memcmp (key, high_key, VAULT_SHA1_SIZE) > 0) || next > hi)
        return unsorted (self, start, error);

      order = memcmp (key, target, VAULT_SHA1_SIZE);
      if (order < 0)
        {
          lo = next;
          memcpy (low_key, key, VAULT_SHA1_SIZE);
          has_low = TRUE;
        }
      else
        {
          hi = start;
          memcpy (high_key, key, VAULT_SHA1_SIZE);
          has_high = TRUE;
          if (order == 0)
            {
              *count = MAX (found, 1);
              break;
            }
        }
    }

  self->resume = lo;
  self->has_resume_key = has_low;
  memcpy (self->resume_key, low_key, VAULT_SHA1_SIZE);
  return TRUE;
}

void
vault_breach_list_free (VaultBreachList *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_free (self->name);
  g_free (self);
}
