/* vault-kit-pdf.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws the Emergency Kit on an A4 page with cairo and Pango: what it is
 * for, the Secret Key (and recovery key), and a line to write the master
 * password on by hand. The master password itself is never printed.
 */
#include "config.h"

#include "vault-kit-pdf.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <gio/gfiledescriptorbased.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>
#include <sys/stat.h>

#include "vault-error.h"

#define PAGE_WIDTH  595.0  /* A4, in points */
#define PAGE_HEIGHT 842.0
#define MARGIN      56.0

static double
draw_text (cairo_t    *cr,
           double      y,
           const char *font,
           const char *text,
           double      gap_after)
{
  g_autoptr(PangoLayout) layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string (font);
  int height;

  /* PDF units are points: sizes in points must not be scaled as at 96 dpi. */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_width (layout, (int) ((PAGE_WIDTH - 2 * MARGIN) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  cairo_move_to (cr, MARGIN, y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  return y + (double) height / PANGO_SCALE + gap_after;
}

static double
draw_code (cairo_t    *cr,
           double      y,
           const char *label,
           const char *code)
{
  double top = y;

  y = draw_text (cr, y + 10, "Sans Bold 11", label, 6);
  /* One line: a code copied by hand must not break in the middle. */
  y = draw_text (cr, y, "Monospace Bold 12", code, 12);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, MARGIN - 10, top, PAGE_WIDTH - 2 * MARGIN + 20, y - top);
  cairo_stroke (cr);
  return y + 18;
}

typedef struct
{
  GOutputStream *out;
  GError        *error;
} PdfSink;

static cairo_status_t
write_to_sink (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  PdfSink *sink = closure;

  if (sink->error == NULL
      && g_output_stream_write_all (sink->out, data, length, NULL, NULL, &sink->error))
    return CAIRO_STATUS_SUCCESS;
  return CAIRO_STATUS_WRITE_ERROR;
}

/* The page holds the Secret Key (and maybe the recovery key, which alone
 * opens the vault), so only its owner may read it, from the first byte:
 * GLib writes a new file made 0600 beside the old one and renames it over,
 * so an old 0644 file is replaced, never rewritten in place. The fchmod
 * also covers GLib's fallback of recreating the file in place. */
static GOutputStream *
open_private (const char  *path,
              GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) out = NULL;

  out = g_file_replace (file, NULL, FALSE,
                        G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION, NULL, error);
  if (out == NULL)
    return NULL;
  if (G_IS_FILE_DESCRIPTOR_BASED (out)
      && fchmod (g_file_descriptor_based_get_fd (G_FILE_DESCRIPTOR_BASED (out)), 0600) != 0)
    {
      int errsv = errno;
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      g_cancellable_cancel (cancelled);
      (void) g_output_stream_close (G_OUTPUT_STREAM (out), cancelled, NULL);
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (errsv), g_strerror (errsv));
      return NULL;
    }
  return G_OUTPUT_STREAM (g_steal_pointer (&out));
}

gboolean
vault_kit_pdf_write (const char  *pdf_path,
                     const char  *vault_path,
                     const char  *secret_key_code,
                     const char  *recovery_code,
                     GError     **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) local_error = NULL;
  PdfSink sink = { NULL, NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *made = NULL;
  g_autofree char *file_line = NULL;
  double y = MARGIN;

  g_return_val_if_fail (pdf_path != NULL, FALSE);
  g_return_val_if_fail (secret_key_code != NULL, FALSE);

  if ((out = open_private (pdf_path, &local_error)) == NULL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   _("Could not save the Emergency Kit: %s"), local_error->message);
      return FALSE;
    }
  sink.out = out;
  surface = cairo_pdf_surface_create_for_stream (write_to_sink, &sink, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Vault Emergency Kit"));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = draw_text (cr, y, "Sans Bold 24", _("Vault Emergency Kit"), 4);
  /* Translators: %s is a date. */
  made = g_strdup_printf (_("Made on %s"), date);
  y = draw_text (cr, y, "Sans 10", made, 18);
  y = draw_text (cr, y, "Sans 11",
                 _("Your vault is opened by two secrets: your master password, and the "
                   "Secret Key below. The Secret Key is kept in the keyring of the device "
                   "that made it. To open your vault on a new device, or after this one’s "
                   "keyring is lost, Vault asks for both. Without them nobody can open the "
                   "vault, and nobody can recover them for you."), 18);

  y = draw_code (cr, y, _("Secret Key"), secret_key_code);
  if (recovery_code != NULL)
    y = draw_code (cr, y, _("Recovery Key (opens the vault without the master password)"),
                   recovery_code);

  y = draw_text (cr, y + 6, "Sans Bold 11", _("Master password"), 28);
  cairo_move_to (cr, MARGIN, y);
  cairo_line_to (cr, PAGE_WIDTH - MARGIN, y);
  cairo_stroke (cr);
  y = draw_text (cr, y + 4, "Sans Italic 9",
                 _("Write it here by hand, or keep it only in your memory."), 24);

  if (vault_path != NULL)
    {
      /* Translators: %s is the vault file's path. */
      file_line = g_strdup_printf (_("Vault file: %s"), vault_path);
      y = draw_text (cr, y, "Sans 9", file_line, 8);
    }
  draw_text (cr, y, "Sans 9",
             _("Keep this page somewhere safe, away from the device, like a passport. "
               "Anyone with this page and your master password can read your vault."), 0);

  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (sink.error == NULL && status == CAIRO_STATUS_SUCCESS)
    {
      if (g_output_stream_close (out, NULL, &local_error))
        return TRUE;
    }
  else
    {
      /* A cancelled close drops the new file and leaves any old one. */
      g_autoptr(GCancellable) cancelled = g_cancellable_new ();

      g_cancellable_cancel (cancelled);
      (void) g_output_stream_close (out, cancelled, NULL);
      local_error = sink.error != NULL
                    ? g_steal_pointer (&sink.error)
                    : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                           cairo_status_to_string (status));
    }
  g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
               _("Could not save the Emergency Kit: %s"), local_error->message);
  return FALSE;
}
