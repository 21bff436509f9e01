/* vault-qr.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A QR code image read in a worker: gdk-pixbuf decodes the file (its size
 * checked before any pixel is allocated), the pixels are turned into 8-bit
 * grey (Y800) and libzbar finds the QR codes in them (inverted, and
 * enlarged, when a dark style's screenshot or a small crop shows none). The
 * image shows the secret as much as the link does, so its grey copies and
 * zbar's text are wiped before they are freed.
 */
#include "config.h"

#include "vault-qr.h"

#include <glib/gi18n.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>
#include <zbar.h>

#include "vault-error.h"

#define READ_CHUNK (64 * 1024)

typedef struct {
  int      width;
  int      height;
  gboolean too_large;
} ImageSize;

/* Called once the header is read, before the pixels are allocated. A size
 * of 0 × 0 stops the loader there (gdk_pixbuf_get_file_info does the same);
 * any other size would still be decoded in full, then scaled. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  ImageSize       *size)
{
  size->width = width;
  size->height = height;
  if (width <= 0 || height <= 0 || (gint64) width * height > VAULT_QR_MAX_PIXELS)
    {
      size->too_large = TRUE;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

static GdkPixbuf *
load_image (GFile         *file,
            const char    *name,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guint8 *chunk = g_malloc (READ_CHUNK);
  ImageSize size = { 0 };
  gsize total = 0;
  gssize n;

  stream = g_file_read (file, cancellable, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO,
                   /* Translators: %s is a file name, then the system's reason. */
                   _("Could not read “%s”: %s"), name, local_error->message);
      return NULL;
    }

  /* Closed on every way out: a loader left open warns when it is freed
   * (gdk_pixbuf_loader_write closes it itself when it fails). */
  loader = gdk_pixbuf_loader_new ();
  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &size);
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), chunk, READ_CHUNK, cancellable,
                                   &local_error)) > 0)
    {
      total += n;
      if (total > VAULT_QR_MAX_FILE_SIZE)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                       /* Translators: %s is a file name. */
                       _("“%s” is too large to be an image of a QR code."), name);
          return NULL;
        }
      if (!gdk_pixbuf_loader_write (loader, chunk, n, NULL))
        break;
      if (size.too_large)
        break;
    }
  if (n < 0)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_IO, _("Could not read “%s”: %s"), name,
                   local_error->message);
      return NULL;
    }
  if (!gdk_pixbuf_loader_close (loader, NULL) || size.too_large ||
      gdk_pixbuf_loader_get_pixbuf (loader) == NULL)
    {
      if (size.too_large)
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a file name, %d × %d its size in pixels. */
                     _("“%s” is too large (%d × %d pixels). Crop it to the QR code."),
                     name, size.width, size.height);
      else
        g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                     /* Translators: %s is a file name. */
                     _("“%s” is not an image Vault can read. Choose a PNG or JPEG "
                       "image of the QR code."), name);
      return NULL;
    }
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* 8-bit grey, transparent parts on white (a QR code drawn on nothing). */
static guint8 *
to_grey (GdkPixbuf *pixbuf,
         gsize     *len)
{
  int width = gdk_pixbuf_get_width (pixbuf);
  int height = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *grey;

  g_assert (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8 && channels >= 3);
  *len = (gsize) width * height;
  grey = g_malloc (*len);
  for (int y = 0; y < height; y++)
    {
      const guint8 *p = pixels + (gsize) y * stride;

      for (int x = 0; x < width; x++, p += channels)
        {
          guint value = (299 * p[0] + 587 * p[1] + 114 * p[2]) / 1000;

          if (alpha)
            value = (value * p[3] + 255 * (255 - p[3])) / 255;
          grey[(gsize) y * width + x] = value;
        }
    }
  return grey;
}

static gboolean
is_link (const char *text,
         gsize       len)
{
  static const char *const schemes[] = { "otpauth://", "steam://" };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (len >= strlen (schemes[i]) && g_ascii_strncasecmp (text, schemes[i],
                                                           strlen (schemes[i])) == 0)
      return TRUE;
  return FALSE;
}

typedef struct {
  VaultSecureBuf *link;       /* the first otpauth:// or steam:// link */
  guint           n_codes;    /* QR codes of any kind */
  gboolean        migration;  /* Google Authenticator's export */
} Found;

static void
scan (zbar_image_scanner_t *scanner,
      guint8               *grey,
      int                   width,
      int                   height,
      Found                *found)
{
  zbar_image_t *image = zbar_image_create ();

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, grey, (gsize) width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    for (const zbar_symbol_t *symbol = zbar_image_first_symbol (image); symbol != NULL;
         symbol = zbar_symbol_next (symbol))
      {
        char *data = (char *) zbar_symbol_get_data (symbol);
        gsize data_len = zbar_symbol_get_data_length (symbol);

        if (zbar_symbol_get_type (symbol) != ZBAR_QRCODE || data == NULL)
          continue;
        found->n_codes++;
        if (found->link == NULL && is_link (data, data_len) &&
            memchr (data, '\0', data_len) == NULL)
          found->link = vault_secure_buf_new_from_data (data, data_len);
        else if (data_len >= 20 && g_ascii_strncasecmp (data, "otpauth-migration://", 20) == 0)
          found->migration = TRUE;
        /* zbar's copy of the text is freed with the image. */
        vault_secure_wipe (data, data_len);
      }
  zbar_image_destroy (image);
}

/* zbar needs a few pixels to each module of the code: a code saved at one
 * pixel a module (qrencode -s 1, a small crop) is enlarged, each pixel
 * made a square, to at least SMALL_SIDE pixels a side. */
#define SMALL_SIDE 300

static guint8 *
enlarge (const guint8 *grey,
         int           width,
         int           height,
         int           factor)
{
  gsize out_width = (gsize) width * factor;
  guint8 *out = g_malloc (out_width * height * factor);

  for (int y = 0; y < height * factor; y++)
    for (gsize x = 0; x < out_width; x++)
      out[y * out_width + x] = grey[(gsize) (y / factor) * width + x / factor];
  return out;
}

/* Light on dark, as in a dark style's screenshot: zbar reads dark on light. */
static void
invert (guint8 *grey,
        gsize   len)
{
  for (gsize i = 0; i < len; i++)
    grey[i] = 255 - grey[i];
}

/* The image as it is, then inverted if that shows no code. */
static void
scan_both_ways (zbar_image_scanner_t *scanner,
                guint8               *grey,
                int                   width,
                int                   height,
                Found                *found)
{
  gsize len = (gsize) width * height;

  scan (scanner, grey, width, height, found);
  if (found->n_codes == 0)
    {
      invert (grey, len);
      scan (scanner, grey, width, height, found);
      invert (grey, len);
    }
}

/* Both ways, then a small image enlarged, both ways. */
static void
scan_all_ways (guint8 *grey,
               int     width,
               int     height,
               Found  *found)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();
  int side = MIN (width, height);
  int factor = (SMALL_SIDE + side - 1) / side;

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config (scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);

  scan_both_ways (scanner, grey, width, height, found);
  /* A thin strip would grow past any sense: it is left as it is. */
  if (found->n_codes == 0 && side < SMALL_SIDE &&
      (gint64) width * factor * height * factor <= VAULT_QR_MAX_PIXELS / 4)
    {
      gsize large_len = (gsize) width * height * factor * factor;
      guint8 *large = enlarge (grey, width, height, factor);

      scan_both_ways (scanner, large, width * factor, height * factor, found);
      vault_secure_wipe (large, large_len);
      g_free (large);
    }
  zbar_image_scanner_destroy (scanner);
}

VaultSecureBuf *
vault_qr_read_file (GFile         *file,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  Found found = { NULL, 0, FALSE };
  guint8 *grey;
  gsize len;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (file);
  name = g_filename_display_name (basename != NULL ? basename : "");
  if ((pixbuf = load_image (file, name, cancellable, error)) == NULL)
    return NULL;
  /* Only 8-bit RGB(A) is ever made by gdk-pixbuf's loaders; refuse the
   * rest rather than read it wrongly. */
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an image Vault can read. Choose a PNG or JPEG "
                     "image of the QR code."), name);
      return NULL;
    }

  grey = to_grey (pixbuf, &len);
  scan_all_ways (grey, gdk_pixbuf_get_width (pixbuf), gdk_pixbuf_get_height (pixbuf), &found);
  vault_secure_wipe (grey, len);
  g_free (grey);
  /* gdk-pixbuf's pixels show the secret too. */
  vault_secure_wipe (gdk_pixbuf_get_pixels (pixbuf),
                     gdk_pixbuf_get_byte_length (pixbuf));

  if (found.link != NULL)
    return found.link;
  if (found.migration)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                 /* Translators: %s is a file name. */
                 _("The QR code in “%s” is an export from Google Authenticator, which Vault "
                   "cannot read. Export one account at a time, or use the site’s own QR "
                   "code."), name);
  else if (found.n_codes > 0)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is a file name. */
                 _("The QR code in “%s” is not a one-time code setup link. Look for the QR "
                   "code shown when you turn on two-factor authentication."), name);
  else
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                 /* Translators: %s is a file name. */
                 _("No QR code was found in “%s”. Choose an image that shows the whole "
                   "code, sharp and not too small."), name);
  return NULL;
}

static void
read_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  VaultSecureBuf *text = vault_qr_read_file (task_data, cancellable, &error);

  if (text != NULL)
    g_task_return_pointer (task, text, (GDestroyNotify) vault_secure_buf_free);
  else
    g_task_return_error (task, error);
}

void
vault_qr_read_file_async (GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, vault_qr_read_file_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, read_thread);
}

VaultSecureBuf *
vault_qr_read_file_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == vault_qr_read_file_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
