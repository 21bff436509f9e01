/* vault-window-size.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The windows' size, as the person left it last time: read once when a
 * window is made, written once when it goes away.
 */
#include "config.h"

#include "vault-window-size.h"

/* Written when the window is unmapped (closed, or closed by locking): its
 * own size, not its default size, which under client-side decorations
 * without a compositor counts the frame too and so grew at every start.
 * A maximized or full-screen size is not the person's: it is left alone. */
static void
on_unmap (GtkWindow *window,
          GSettings *settings)
{
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  gboolean maximized = gtk_window_is_maximized (window);

  g_settings_set_boolean (settings, "window-maximized", maximized);
  if (maximized || gtk_window_is_fullscreen (window) || width <= 0 || height <= 0)
    return;
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
}

void
vault_window_size_follow (GtkWindow *window,
                          GSettings *settings)
{
  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (G_IS_SETTINGS (settings));

  gtk_window_set_default_size (window,
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (window);
  g_signal_connect_object (window, "unmap", G_CALLBACK (on_unmap), settings, 0);
}
