/* vault-import-csv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV exports of browsers and password managers read into entries, with
 * Debian's libcsv: RFC 4180 quoting, UTF-8 with or without a BOM, CRLF or
 * LF, and errors that name the line a row starts on.
 */
#include "config.h"

#include "vault-csv-private.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-error.h"

/* libcsv is fed a line at a time, and a long line this much at a time, so
 * that the line is known and a value growing past its bound is stopped
 * before libcsv's buffer holds much more. */
#define PIECE_SIZE      (64 * 1024)
/* Detection reads at most this much of a file. */
#define DETECT_SIZE     (64 * 1024)
/* libcsv's buffer holds one value: never more than this. */
#define MAX_BUFFER      (VAULT_IMPORT_MAX_FIELD + 2 * PIECE_SIZE)
/* Progress is told in this many steps: vault_import_report() tells each
 * step once when its count goes up one at a time, and bytes do not. */
#define STEPS           200

static const guint8 bom[] = { 0xef, 0xbb, 0xbf };

/* --- libcsv's buffer in secure memory ---------------------------------------- */

/* libcsv keeps the value it is reading, a password as well as a title, in
 * one buffer it grows with realloc. It is kept in a secure buffer so that
 * no copy is left in freed heap or swap: the VaultSecureBuf is written in
 * front of the memory libcsv sees. Growth doubles, so a long value costs a
 * few copies, not one per libcsv block. */
#define HEADER_SIZE 16

static void *
secure_realloc (void   *ptr,
                size_t  size)
{
  VaultSecureBuf *old = ptr != NULL ? *(VaultSecureBuf **) ((guint8 *) ptr - HEADER_SIZE) : NULL;
  gsize capacity = old != NULL ? old->len - HEADER_SIZE : 0;
  VaultSecureBuf *buf;

  if (size <= capacity)
    return ptr;
  if (size > MAX_BUFFER)
    return NULL;  /* libcsv stops with CSV_ENOMEM */

  capacity = MIN (MAX (MAX (size, capacity * 2), 4096), MAX_BUFFER);
  buf = vault_secure_buf_new (capacity + HEADER_SIZE);
  *(VaultSecureBuf **) buf->data = buf;
  if (old != NULL)
    {
      memcpy (buf->data + HEADER_SIZE, ptr, old->len - HEADER_SIZE);
      vault_secure_buf_free (old);
    }
  return buf->data + HEADER_SIZE;
}

static void
secure_free (void *ptr)
{
  if (ptr != NULL)
    vault_secure_buf_free (*(VaultSecureBuf **) ((guint8 *) ptr - HEADER_SIZE));
}

/* libcsv trims spaces and tabs around unquoted values by default; a
 * password's spaces are part of it. */
static int
no_space (unsigned char c)
{
  return 0;
}

/* --- Reading rows ---------------------------------------------------------- */

typedef struct {
  struct csv_parser  parser;
  const guint8      *data;
  gsize              len;
  gsize              pos;
  guint              line;         /* of the byte at pos */
  guint              row_line;     /* where the row being read started */

  gboolean           header_only;  /* stop after the first row */
  gboolean           cut;          /* data is the start of a longer file */
  GPtrArray         *header;       /* of char *, while the first row is read */
  gboolean           header_done;

  VaultImport       *import;       /* NULL while only the header is read */
  VaultCsvLayout     layout;
  VaultCsvCell       cells[VAULT_CSV_MAX_COLUMNS];
  guint              n_cells;      /* in the row being read, even beyond the bound */

  const VaultImportOptions *options;
  guint              reported;     /* progress told, in steps of STEPS */
  GCancellable      *cancellable;
  GError            *error;        /* the first; nothing is read after it */
} Reader;

static void
clear_cells (Reader *r)
{
  for (guint i = 0; i < MIN (r->n_cells, VAULT_CSV_MAX_COLUMNS); i++)
    {
      if (r->cells[i].owned)
        g_free (r->cells[i].value);
      r->cells[i].value = NULL;
      r->cells[i].len = 0;
      r->cells[i].owned = FALSE;
    }
  r->n_cells = 0;
}

static void
too_long (Reader *r)
{
  g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
               _("Line %u has a value longer than %d MB, more than Vault keeps in one "
                 "field."), r->row_line, VAULT_IMPORT_MAX_FIELD / (1024 * 1024));
}

static void
on_field (void   *field,
          size_t  len,
          void   *data)
{
  Reader *r = data;
  guint index = r->n_cells++;

  if (r->error != NULL || (r->header_only && r->header_done))
    return;
  if (len > VAULT_IMPORT_MAX_FIELD)
    {
      too_long (r);
      return;
    }

  if (!r->header_done)
    {
      if (index >= VAULT_CSV_MAX_COLUMNS)
        g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                     _("The first line has more than %d columns, more than Vault reads."),
                     VAULT_CSV_MAX_COLUMNS);
      else if (!g_utf8_validate_len (field, len, NULL))
        g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                     _("Line %u is not valid UTF-8 text."), r->row_line);
      else
        g_ptr_array_add (r->header, g_strndup (field, len));
      return;
    }

  /* Cells beyond the header's are only counted, for the error. */
  if (index >= r->layout.n_columns || len == 0)
    return;
  if (r->layout.roles[index] & VAULT_CSV_SECRET_ROLES)
    r->cells[index].value = vault_import_keep_secret (r->import, field, len);
  else
    {
      r->cells[index].value = g_strndup (field, len);
      r->cells[index].owned = TRUE;
    }
  r->cells[index].len = len;
}

static void
on_row (int   c,
        void *data)
{
  Reader *r = data;

  if (r->error != NULL || (r->header_only && r->header_done))
    {
      clear_cells (r);
      return;
    }
  if (!r->header_done)
    {
      r->header_done = TRUE;
      r->n_cells = 0;
      return;
    }
  if (r->n_cells != r->layout.n_columns)
    g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 g_dngettext (GETTEXT_PACKAGE, "Line %u has %u column; the header has %u.",
                              "Line %u has %u columns; the header has %u.", r->n_cells),
                 r->row_line, r->n_cells, r->layout.n_columns);
  else
    vault_csv_row_add (r->import, &r->layout, r->cells, r->row_line, &r->error);
  clear_cells (r);
}

/* The length of the piece from pos: to the end of the line, its CR LF,
 * CR or LF included, or PIECE_SIZE bytes of a longer line. */
static gsize
next_piece (const Reader *r,
            gboolean     *line_ends)
{
  gsize end = MIN (r->len, r->pos + PIECE_SIZE);

  for (gsize i = r->pos; i < end; i++)
    if (r->data[i] == '\n' || r->data[i] == '\r')
      {
        *line_ends = TRUE;
        if (r->data[i] == '\r' && i + 1 < r->len && r->data[i + 1] == '\n')
          i++;
        return i + 1 - r->pos;
      }
  *line_ends = FALSE;
  return end - r->pos;
}

/* The line of the byte at offset. */
static guint
line_at (const Reader *r,
         gsize         offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (r->data[i] == '\n' || (r->data[i] == '\r' && (i + 1 >= r->len || r->data[i + 1] != '\n')))
      line++;
  return line;
}

static void
reader_init (Reader       *r,
             const guint8 *data,
             gsize         len)
{
  memset (r, 0, sizeof *r);
  csv_init (&r->parser, CSV_STRICT | CSV_STRICT_FINI);
  csv_set_realloc_func (&r->parser, secure_realloc);
  csv_set_free_func (&r->parser, secure_free);
  csv_set_space_func (&r->parser, no_space);
  csv_set_blk_size (&r->parser, 16 * 1024);
  r->data = data;
  r->len = len;
  r->line = 1;
  r->row_line = 1;
  r->header = g_ptr_array_new_with_free_func (g_free);

  if (len >= sizeof bom && memcmp (data, bom, sizeof bom) == 0)
    r->pos = sizeof bom;
}

static void
reader_clear (Reader *r)
{
  clear_cells (r);
  /* Frees, and so wipes, the last value libcsv held. */
  csv_free (&r->parser);
  g_clear_pointer (&r->header, g_ptr_array_unref);
  vault_csv_layout_clear (&r->layout);
  g_clear_error (&r->error);
}

/* Reads rows until the end, an error, or (header_only) the first row's
 * end; FALSE with r->error set on an error. */
static gboolean
reader_run (Reader *r)
{
  guint pieces = 0;
  gboolean line_start = TRUE;

  while (r->pos < r->len && r->error == NULL && !(r->header_only && r->header_done))
    {
      gboolean line_ends;
      gsize n = next_piece (r, &line_ends);

      /* A row starts on this line if none is open as it starts: libcsv
       * ends rows at line ends only, and its state 0 (ROW_NOT_BEGUN in
       * libcsv.c) is "between rows". */
      if (line_start && r->parser.pstate == 0)
        r->row_line = r->line;

      if (csv_parse (&r->parser, r->data + r->pos, n, on_field, on_row, r) != n &&
          r->error == NULL)
        {
          if (csv_error (&r->parser) == CSV_EPARSE)
            g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                         _("Line %u is not valid CSV: a quote is misplaced. A value "
                           "with quotes, commas or line breaks must be in quotes, with "
                           "each quote inside it doubled."), r->line);
          else
            too_long (r);
        }
      if (r->error == NULL && r->parser.entry_pos > VAULT_IMPORT_MAX_FIELD)
        too_long (r);

      r->pos += n;
      if (line_ends)
        r->line++;
      line_start = line_ends;

      if (r->import != NULL)
        {
          guint step = (guint) ((double) r->pos / (double) r->len * STEPS);

          if (step > r->reported)
            {
              r->reported = step;
              vault_import_report (r->options, step, STEPS);
            }
          if (++pieces % 64 == 0 && r->error == NULL)
            g_cancellable_set_error_if_cancelled (r->cancellable, &r->error);
        }
    }
  if (r->error != NULL)
    return FALSE;
  if ((r->header_only && r->header_done) || r->cut)
    return TRUE;

  /* The last row, when the file does not end with a line break. */
  if (csv_fini (&r->parser, on_field, on_row, r) != 0 && r->error == NULL)
    g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("Line %u opens a quote that is never closed: the file may be cut "
                   "short."), r->row_line);
  if (r->error != NULL)
    return FALSE;
  if (r->import != NULL && r->reported < STEPS)
    vault_import_report (r->options, STEPS, STEPS);
  return TRUE;
}

/* Every byte is UTF-8 text: checked once, up front, so that the error
 * names the line of the first bad byte. A NUL byte is not text either. */
static gboolean
check_text (const Reader  *r,
            GError       **error)
{
  const char *end;

  if (g_utf8_validate_len ((const char *) r->data, r->len, &end))
    return TRUE;
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
               _("Line %u is not valid UTF-8 text."),
               line_at (r, (const guint8 *) end - r->data));
  return FALSE;
}

/* The header of a reader run with header_only, as a GStrv, or NULL with
 * an error when the first row is not a CSV header. */
static GStrv
take_header (Reader  *r,
             GError **error)
{
  if (!reader_run (r))
    {
      g_propagate_error (error, g_steal_pointer (&r->error));
      return NULL;
    }
  if (!r->header_done || r->header->len == 0)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNKNOWN_FORMAT,
                           _("The file is empty."));
      return NULL;
    }
  g_ptr_array_add (r->header, NULL);
  return (GStrv) g_ptr_array_steal (r->header, NULL);
}

VaultFormat
vault_csv_detect (const guint8 *data,
                  gsize         len)
{
  Reader r;
  g_auto(GStrv) header = NULL;
  guint named = 0;

  g_return_val_if_fail (data != NULL || len == 0, VAULT_FORMAT_UNKNOWN);

  /* The header is all that tells one CSV from another, and it is short. */
  reader_init (&r, data, MIN (len, DETECT_SIZE));
  r.header_only = TRUE;
  r.cut = len > DETECT_SIZE;
  header = take_header (&r, NULL);
  reader_clear (&r);

  if (header == NULL)
    return VAULT_FORMAT_UNKNOWN;
  /* A line of text with a comma or two in it is no table: a header names
   * two columns at least. */
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));

      if (*name != '\0')
        named++;
    }
  if (named < 2)
    return VAULT_FORMAT_UNKNOWN;
  return vault_csv_layout_detect ((const char * const *) header);
}

GStrv
vault_csv_read_header (const guint8  *data,
                       gsize          len,
                       GError       **error)
{
  Reader r;
  GStrv header;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  reader_init (&r, data, len);
  r.header_only = TRUE;
  header = take_header (&r, error);
  reader_clear (&r);
  return header;
}

VaultImport *
vault_csv_read (VaultFormat                format,
                const guint8              *data,
                gsize                      len,
                const VaultImportOptions  *options,
                GCancellable              *cancellable,
                GError                   **error)
{
  g_autoptr(VaultImport) import = NULL;
  g_auto(GStrv) header = NULL;
  Reader r;

  g_return_val_if_fail (vault_format_is_csv (format), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  reader_init (&r, data, len);
  r.options = options;
  r.cancellable = cancellable;

  if (!check_text (&r, error))
    goto fail;
  r.header_only = TRUE;
  header = take_header (&r, error);
  if (header == NULL)
    goto fail;
  import = vault_import_new (format);
  if (!vault_csv_layout_init (&r.layout, format, (const char * const *) header,
                              options != NULL ? options->mapping : NULL, error))
    goto fail;

  r.header_only = FALSE;
  r.import = import;
  if (!reader_run (&r))
    {
      g_propagate_error (error, g_steal_pointer (&r.error));
      goto fail;
    }
  reader_clear (&r);
  return g_steal_pointer (&import);

fail:
  reader_clear (&r);
  return NULL;
}
