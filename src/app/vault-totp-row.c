/* vault-totp-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one-time code row. While it is on screen it wakes once a second, on
 * the second, to turn the ring; when the period ends it asks the store for
 * the next code, which opens the secret, makes the code and wipes the
 * secret again. Off screen (another entry, the list page, locking) it stops
 * and forgets the code.
 */
#include "config.h"

#include "vault-totp-row.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vault-copy.h"
#include "vault-core.h"
#include "vault-icon-button.h"
#include "vault-plain-text.h"

/* The ring turns to a warning this many seconds before the code changes:
 * time to type it, but not much. */
#define ENDING_SECONDS 5

/* --- The ring -------------------------------------------------------------------- */

#define VAULT_TYPE_COUNTDOWN (vault_countdown_get_type ())
G_DECLARE_FINAL_TYPE (VaultCountdown, vault_countdown, VAULT, COUNTDOWN, GtkWidget)

struct _VaultCountdown
{
  GtkWidget parent_instance;

  double    fraction;   /* of the period left, 0 to 1 */
};

G_DEFINE_FINAL_TYPE (VaultCountdown, vault_countdown, GTK_TYPE_WIDGET)

#define RING_SIZE  18
#define RING_WIDTH 2.5

static void
vault_countdown_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = *natural = RING_SIZE;
}

/* A faint full circle, and over it the part of the period left, from the
 * top, clockwise. */
static void
vault_countdown_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  VaultCountdown *self = VAULT_COUNTDOWN (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double radius = MIN (width, height) / 2.0 - RING_WIDTH / 2.0;
  GdkRGBA color;
  cairo_t *cr;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_width (cr, RING_WIDTH);

  cairo_set_source_rgba (cr, color.red, color.green, color.blue, color.alpha * 0.2);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_stroke (cr);

  if (self->fraction > 0)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_arc (cr, width / 2.0, height / 2.0, radius, -G_PI / 2,
                 -G_PI / 2 + 2 * G_PI * self->fraction);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
vault_countdown_class_init (VaultCountdownClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = vault_countdown_measure;
  widget_class->snapshot = vault_countdown_snapshot;
  gtk_widget_class_set_css_name (widget_class, "countdown");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
vault_countdown_init (VaultCountdown *self)
{
}

static void
vault_countdown_set (VaultCountdown *self,
                     guint           left,
                     guint           period)
{
  g_autofree char *text = NULL;

  self->fraction = period > 0 ? CLAMP ((double) left / period, 0, 1) : 0;
  if (left <= ENDING_SECONDS)
    gtk_widget_add_css_class (GTK_WIDGET (self), "ending");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "ending");

  /* Translators: how long the one-time code shown stays valid. */
  text = g_strdup_printf (ngettext ("Changes in %u second", "Changes in %u seconds", left), left);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, (double) period,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) left,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- The row --------------------------------------------------------------------- */

struct _VaultTotpRow
{
  AdwActionRow parent_instance;

  /* Owned */
  VaultStore     *store;
  VaultEntry     *entry;
  guint           tick_source;
  gint64          expires;      /* Unix seconds at which the code shown changes */
  guint           period;
  gboolean        has_code;     /* a code is shown */

  /* Borrowed (children) */
  VaultCountdown *countdown;
  GtkWidget      *copy_button;
};

G_DEFINE_FINAL_TYPE (VaultTotpRow, vault_totp_row, ADW_TYPE_ACTION_ROW)

void
vault_totp_format_code (const char *code,
                        char       *out,
                        gsize       size)
{
  gsize len = strlen (code);
  gsize first = len / 2;

  g_return_if_fail (size > len + 1);

  if (len <= VAULT_TOTP_STEAM_DIGITS)
    {
      memcpy (out, code, len + 1);
      return;
    }
  memcpy (out, code, first);
  out[first] = ' ';
  memcpy (out + first + 1, code + first, len - first + 1);
}

/* AdwActionRow 1.2 keeps its subtitle from screen readers: it is said as
 * the row's description, as the other rows of the details do. */
static void
set_value (VaultTotpRow *self,
           const char   *text)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
}

static void
forget_code (VaultTotpRow *self)
{
  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->has_code = FALSE;
  self->expires = 0;
  set_value (self, "");
}

/* Asks for the code of now; on failure says why, with nothing to copy. */
static void
refresh_code (VaultTotpRow *self,
              gint64        now)
{
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  char grouped[VAULT_TOTP_CODE_SIZE + 2];
  guint remaining = 0;
  guint period = 0;

  code = vault_store_get_totp_code (self->store, self->entry, now, &remaining, &period,
                                    &error);
  self->has_code = code != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->countdown), code != NULL);
  gtk_widget_set_sensitive (self->copy_button, code != NULL);
  if (code == NULL)
    {
      set_value (self, error->message);
      /* Tried again at the next second: the store may just be saving. */
      self->expires = now + 1;
      return;
    }

  self->expires = now + MAX (remaining, 1);
  self->period = MAX (period, 1);
  vault_totp_format_code (vault_secure_buf_get_string (code), grouped, sizeof grouped);
  set_value (self, grouped);
  vault_secure_wipe (grouped, sizeof grouped);
}

static gboolean on_tick (gpointer data);

/* Wakes on the next whole second: the code changes on one. */
static void
schedule_tick (VaultTotpRow *self)
{
  gint64 now_ms = g_get_real_time () / 1000;
  guint wait = 1000 - (guint) (now_ms % 1000) + 5;

  g_clear_handle_id (&self->tick_source, g_source_remove);
  self->tick_source = g_timeout_add (wait, on_tick, self);
}

static void
tick (VaultTotpRow *self)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (now >= self->expires || now < self->expires - (gint64) self->period)
    /* The period ended, or the clock was set back. */
    refresh_code (self, now);
  if (self->has_code)
    vault_countdown_set (self->countdown, (guint) (self->expires - now), self->period);
  schedule_tick (self);
}

static gboolean
on_tick (gpointer data)
{
  VaultTotpRow *self = data;

  self->tick_source = 0;
  tick (self);
  return G_SOURCE_REMOVE;
}

static gboolean
is_showing (VaultTotpRow *self)
{
  return self->entry != NULL && self->store != NULL && vault_entry_has_totp (self->entry) &&
         gtk_widget_get_mapped (GTK_WIDGET (self));
}

static void
update (VaultTotpRow *self)
{
  forget_code (self);
  if (is_showing (self))
    tick (self);
}

void
vault_totp_row_set_entry (VaultTotpRow *self,
                          VaultStore   *store,
                          VaultEntry   *entry)
{
  g_return_if_fail (VAULT_IS_TOTP_ROW (self));

  g_set_object (&self->store, store);
  g_set_object (&self->entry, entry);
  gtk_widget_set_visible (GTK_WIDGET (self), entry != NULL && vault_entry_has_totp (entry));
  update (self);
}

void
vault_totp_row_copy (VaultTotpRow *self)
{
  g_autoptr(VaultSecureBuf) code = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint delay;

  g_return_if_fail (VAULT_IS_TOTP_ROW (self));

  if (self->entry == NULL || self->store == NULL)
    return;
  /* The code of this moment, not the one drawn a second ago. */
  code = vault_store_get_totp_code (self->store, self->entry,
                                    g_get_real_time () / G_USEC_PER_SEC, NULL, NULL, &error);
  if (code == NULL)
    {
      vault_copy_toast (GTK_WIDGET (self), error->message, 5);
      return;
    }
  delay = vault_copy_secret (GTK_WIDGET (self), code);
  if (delay == 0)
    return;
  /* Translators: %s is an entry's title. */
  message = g_strdup_printf (ngettext ("One-time code of “%s” copied. The clipboard will be "
                                       "cleared in %u second.",
                                       "One-time code of “%s” copied. The clipboard will be "
                                       "cleared in %u seconds.", delay),
                             vault_entry_get_title (self->entry), delay);
  vault_copy_toast (GTK_WIDGET (self), message, 3);
}

static void
vault_totp_row_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (vault_totp_row_parent_class)->map (widget);
  update (VAULT_TOTP_ROW (widget));
}

static void
vault_totp_row_unmap (GtkWidget *widget)
{
  forget_code (VAULT_TOTP_ROW (widget));
  GTK_WIDGET_CLASS (vault_totp_row_parent_class)->unmap (widget);
}

static void
vault_totp_row_dispose (GObject *object)
{
  VaultTotpRow *self = VAULT_TOTP_ROW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  g_clear_object (&self->entry);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (vault_totp_row_parent_class)->dispose (object);
}

static void
vault_totp_row_class_init (VaultTotpRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_totp_row_dispose;
  widget_class->map = vault_totp_row_map;
  widget_class->unmap = vault_totp_row_unmap;
}

static void
vault_totp_row_init (VaultTotpRow *self)
{
  GtkWidget *copy = vault_icon_button_new ("edit-copy-symbolic", _("Copy One-Time Code"));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("One-Time Code"));
  vault_row_set_plain (ADW_PREFERENCES_ROW (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "property");
  gtk_widget_add_css_class (GTK_WIDGET (self), "totp");
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);

  self->countdown = g_object_new (VAULT_TYPE_COUNTDOWN, "valign", GTK_ALIGN_CENTER, NULL);
  gtk_widget_set_margin_end (GTK_WIDGET (self->countdown), 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->countdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time Left"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), GTK_WIDGET (self->countdown));

  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (vault_totp_row_copy), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), copy);
  self->copy_button = copy;
}

GtkWidget *
vault_totp_row_new (void)
{
  return g_object_new (VAULT_TYPE_TOTP_ROW, NULL);
}
