/* vault-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws bench/results/compare.tsv (operation, tool, entries, ms) as a PNG:
 * cost against entries, both axes logarithmic, one colour per operation,
 * Vault solid and KeePassXC dashed. Usage: vault-chart IN.tsv OUT.png
 */
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define W 900
#define H 560
#define LEFT 80
#define RIGHT 200
#define TOP 50
#define BOTTOM 60

typedef struct { char *op; char *tool; double n, ms; } Row;

static const char *ops[] = { "list", "search", "show", "add" };
static const double colours[][3] = { { 0.21, 0.52, 0.89 }, { 0.20, 0.82, 0.48 },
                                     { 0.96, 0.47, 0.00 }, { 0.75, 0.11, 0.16 } };

static double
x_of (double n, double lo, double hi)
{
  return LEFT + (log10 (n) - lo) / (hi - lo) * (W - LEFT - RIGHT);
}

static double
y_of (double ms, double lo, double hi)
{
  return H - BOTTOM - (log10 (ms) - lo) / (hi - lo) * (H - TOP - BOTTOM);
}

int
main (int argc, char **argv)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  double n_lo = 3, n_hi = 5, ms_lo = 0, ms_hi = 1;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (argc != 3 || !g_file_get_contents (argv[1], &text, NULL, NULL))
    {
      fprintf (stderr, "usage: vault-chart IN.tsv OUT.png\n");
      return 2;
    }
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], "\t", -1);
      Row row;

      if (g_strv_length (f) != 4)
        continue;
      row.op = g_strdup (f[0]);
      row.tool = g_strdup (f[1]);
      row.n = g_ascii_strtod (f[2], NULL);
      row.ms = MAX (g_ascii_strtod (f[3], NULL), 1);
      g_array_append_val (rows, row);
      ms_hi = MAX (ms_hi, ceil (log10 (row.ms)));
    }

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, W, H);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 13);

  /* Grid and labels: decades on both axes. */
  cairo_set_line_width (cr, 1);
  for (double d = ms_lo; d <= ms_hi; d++)
    {
      char label[32];
      double y = y_of (pow (10, d), ms_lo, ms_hi);

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, LEFT, y);
      cairo_line_to (cr, W - RIGHT, y);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%g ms", pow (10, d));
      cairo_move_to (cr, 10, y + 4);
      cairo_show_text (cr, label);
    }
  for (double d = n_lo; d <= n_hi; d++)
    {
      char label[32];
      double x = x_of (pow (10, d), n_lo, n_hi);

      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, x, TOP);
      cairo_line_to (cr, x, H - BOTTOM);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%.0f", pow (10, d));
      cairo_move_to (cr, x - 18, H - BOTTOM + 20);
      cairo_show_text (cr, label);
    }
  cairo_move_to (cr, LEFT, 30);
  cairo_set_font_size (cr, 16);
  cairo_show_text (cr, "Whole-process cost beyond the KDF and start-up, against entries (log-log)");
  cairo_set_font_size (cr, 13);
  cairo_move_to (cr, (W - RIGHT) / 2.0, H - 15);
  cairo_show_text (cr, "entries");

  /* One line per operation and tool. */
  for (guint o = 0; o < G_N_ELEMENTS (ops); o++)
    for (guint t = 0; t < 2; t++)
      {
        const char *tool = t == 0 ? "Vault" : "KeePassXC";
        double dash[] = { 6, 4 };
        gboolean first = TRUE;
        char label[64];
        double ly = TOP + 20 + (o * 2 + t) * 22;

        cairo_set_source_rgb (cr, colours[o][0], colours[o][1], colours[o][2]);
        cairo_set_line_width (cr, 2.5);
        cairo_set_dash (cr, dash, t == 0 ? 0 : 2, 0);
        for (guint i = 0; i < rows->len; i++)
          {
            Row *row = &g_array_index (rows, Row, i);
            double x, y;

            if (!g_str_equal (row->op, ops[o]) || !g_str_equal (row->tool, tool))
              continue;
            x = x_of (row->n, n_lo, n_hi);
            y = y_of (row->ms, ms_lo, ms_hi);
            if (first)
              cairo_move_to (cr, x, y);
            else
              cairo_line_to (cr, x, y);
            first = FALSE;
          }
        cairo_stroke (cr);

        cairo_move_to (cr, W - RIGHT + 15, ly);
        cairo_line_to (cr, W - RIGHT + 45, ly);
        cairo_stroke (cr);
        cairo_set_dash (cr, dash, 0, 0);
        cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
        g_snprintf (label, sizeof label, "%s, %s", ops[o], tool);
        cairo_move_to (cr, W - RIGHT + 52, ly + 4);
        cairo_show_text (cr, label);
      }

  cairo_destroy (cr);
  if (cairo_surface_write_to_png (surface, argv[2]) != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "could not write %s\n", argv[2]);
      return 1;
    }
  cairo_surface_destroy (surface);
  return 0;
}
