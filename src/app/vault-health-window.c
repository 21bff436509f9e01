/* vault-health-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Password Health: the engine's report (vault-health.c), made in a worker
 * behind a progress bar, shown as one group per kind of problem with its
 * count; activating a finding shows its entry in the entry-list window.
 * Only titles are shown here, never a password. The breach list's path and
 * the age at which a password is old are settings.
 */
#include "config.h"

#include "vault-health-window.h"

#include <glib/gi18n.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-plain-text.h"

/* Rows per group: a vault of imported passwords may have thousands of weak
 * ones, and nobody reads past the first few hundred before fixing some. */
#define ROWS_SHOWN 200

/* How many other titles a reused password's row names. */
#define OTHERS_NAMED 3

struct _VaultHealthWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkButton           *refresh_button;
  GtkStack            *stack;
  GtkProgressBar      *progress_bar;
  AdwStatusPage       *failed_page;
  AdwStatusPage       *empty_page;
  AdwPreferencesGroup *weak_group;
  GtkListBox          *weak_list;
  AdwPreferencesGroup *reused_group;
  GtkBox              *reused_box;
  AdwPreferencesGroup *old_group;
  GtkListBox          *old_list;
  AdwPreferencesGroup *none_group;
  GtkListBox          *none_list;
  AdwPreferencesGroup *breached_group;
  GtkListBox          *breached_list;
  AdwActionRow        *breach_row;
  GtkButton           *breach_clear;
  GtkLabel            *breach_error;

  /* Owned */
  VaultStore          *store;
  GSettings           *settings;
  GCancellable        *cancellable;  /* the check under way */
  GtkNativeDialog     *chooser;

  /* Borrowed */
  VaultWindow         *window;       /* weak */
};

G_DEFINE_FINAL_TYPE (VaultHealthWindow, vault_health_window, ADW_TYPE_WINDOW)

/* --- Rows ----------------------------------------------------------------------- */

static void
on_row_activated (VaultHealthWindow *self,
                  AdwActionRow      *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "entry-id");
  VaultEntry *entry = vault_store_find_by_id (self->store, id);

  if (entry == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("That entry is no longer in the vault")));
      return;
    }
  /* The entry is shown where it can be changed; the report is made again
   * when it is next opened. */
  if (self->window != NULL)
    vault_window_show_entry (self->window, entry);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
set_subtitle (AdwActionRow *row,
              const char   *subtitle)
{
  adw_action_row_set_subtitle (row, subtitle);
  /* AdwActionRow 1.2 keeps its subtitle from screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  subtitle, -1);
}

static void
add_row (VaultHealthWindow        *self,
         GtkListBox               *list,
         const VaultHealthFinding *finding,
         const char               *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  vault_row_set_plain (ADW_PREFERENCES_ROW (row));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), finding->title);
  if (subtitle != NULL)
    set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "entry-id", g_strdup (finding->id), g_free);
  g_signal_connect_swapped (row, "activated", G_CALLBACK (on_row_activated), self);
  gtk_list_box_append (list, row);
}

static void
add_more_row (GtkListBox *list,
              guint       more)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title =
    g_strdup_printf (ngettext ("And %u more: fix these, then check again",
                               "And %u more: fix these, then check again", more), more);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
format_date (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (seconds);

  /* Translators: a date, see g_date_time_format(). */
  return time ? g_date_time_format (time, _("%-d %B %Y")) : g_strdup ("");
}

/* "Same password as Bank, Shop" for one row of a group of reused passwords,
 * the group being findings[first] to findings[first + len - 1]. */
static char *
reused_subtitle (GPtrArray *findings,
                 guint      first,
                 guint      len,
                 guint      self_index)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autofree char *names = NULL;
  guint n_others = len - 1;

  for (guint k = first; k < first + len && others->len < OTHERS_NAMED; k++)
    if (k != self_index)
      g_ptr_array_add (others, ((VaultHealthFinding *) findings->pdata[k])->title);
  if (n_others > OTHERS_NAMED)
    g_ptr_array_set_size (others, OTHERS_NAMED - 1);
  g_ptr_array_add (others, NULL);
  /* Translators: joins titles in a list. */
  names = g_strjoinv (_(", "), (char **) others->pdata);

  if (n_others <= OTHERS_NAMED)
    /* Translators: %s is one or more titles of entries. */
    return g_strdup_printf (_("Same password as %s"), names);
  /* Translators: %s is two titles of entries, %u how many more share it. */
  return g_strdup_printf (ngettext ("Same password as %s and %u other",
                                    "Same password as %s and %u others",
                                    n_others - (OTHERS_NAMED - 1)),
                          names, n_others - (OTHERS_NAMED - 1));
}

static GtkListBox *
new_list (GtkBox *box)
{
  GtkWidget *list = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_box_append (box, list);
  return GTK_LIST_BOX (list);
}

static char *
finding_subtitle (const VaultHealthFinding *f)
{
  switch (f->kind)
    {
    case VAULT_HEALTH_WEAK:
      return g_strdup (f->strength == VAULT_STRENGTH_VERY_WEAK ? _("Very weak") : _("Weak"));
    case VAULT_HEALTH_OLD:
      {
        g_autofree char *date = format_date (f->changed);
        /* Translators: %s is a date. */
        return g_strdup_printf (_("Last changed %s"), date);
      }
    case VAULT_HEALTH_BREACHED:
      {
        g_autofree char *count = g_strdup_printf ("%'" G_GUINT64_FORMAT, f->breach_count);
        /* Translators: %s is a number, as 3,861,493. */
        return g_strdup_printf (ngettext ("Seen %s time in breaches",
                                          "Seen %s times in breaches",
                                          (gulong) f->breach_count), count);
      }
    case VAULT_HEALTH_REUSED:
    case VAULT_HEALTH_NO_PASSWORD:
    case VAULT_HEALTH_N_KINDS:
    default:
      return NULL;
    }
}

static void
fill_group (VaultHealthWindow       *self,
            const VaultHealthReport *report,
            VaultHealthKind          kind,
            AdwPreferencesGroup     *group,
            GtkListBox              *list,
            const char              *title)
{
  GPtrArray *findings = report->findings[kind];
  guint shown = MIN (findings->len, ROWS_SHOWN);

  clear_list (list);
  gtk_widget_set_visible (GTK_WIDGET (group), findings->len > 0);
  adw_preferences_group_set_title (group, title);
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *subtitle = finding_subtitle (findings->pdata[i]);

      add_row (self, list, findings->pdata[i], subtitle);
    }
  if (findings->len > shown)
    add_more_row (list, findings->len - shown);
}

/* One boxed list per shared password, each row naming the others. */
static void
fill_reused (VaultHealthWindow       *self,
             const VaultHealthReport *report,
             const char              *title)
{
  GPtrArray *findings = report->findings[VAULT_HEALTH_REUSED];
  GtkWidget *child;
  GtkListBox *list = NULL;
  guint shown = MIN (findings->len, ROWS_SHOWN);
  guint start = 0, end = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->reused_box))) != NULL)
    gtk_box_remove (self->reused_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->reused_group), findings->len > 0);
  adw_preferences_group_set_title (self->reused_group, title);
  for (guint i = 0; i < shown; i++)
    {
      const VaultHealthFinding *f = findings->pdata[i];
      g_autofree char *subtitle = NULL;

      if (i == end)
        {
          start = i;
          for (end = i; end < findings->len &&
               ((VaultHealthFinding *) findings->pdata[end])->group == f->group; end++)
            ;
          list = new_list (self->reused_box);
        }
      subtitle = reused_subtitle (findings, start, end - start, i);
      add_row (self, list, f, subtitle);
    }
  if (findings->len > shown)
    add_more_row (new_list (self->reused_box), findings->len - shown);
}

/* --- The report -------------------------------------------------------------------- */

static void
show_report (VaultHealthWindow       *self,
             const VaultHealthReport *report)
{
  guint n = vault_health_report_count (report);
  g_autofree char *weak = NULL, *reused = NULL, *old = NULL, *none = NULL, *breached = NULL;
  g_autofree char *old_description = NULL;
  g_autofree char *subtitle = NULL;

  weak = g_strdup_printf (ngettext ("%u Weak Password", "%u Weak Passwords",
                                    report->findings[VAULT_HEALTH_WEAK]->len),
                          report->findings[VAULT_HEALTH_WEAK]->len);
  reused = g_strdup_printf (ngettext ("%u Reused Password", "%u Reused Passwords",
                                      report->findings[VAULT_HEALTH_REUSED]->len),
                            report->findings[VAULT_HEALTH_REUSED]->len);
  old = g_strdup_printf (ngettext ("%u Old Password", "%u Old Passwords",
                                   report->findings[VAULT_HEALTH_OLD]->len),
                         report->findings[VAULT_HEALTH_OLD]->len);
  none = g_strdup_printf (ngettext ("%u Entry Without a Password",
                                    "%u Entries Without a Password",
                                    report->findings[VAULT_HEALTH_NO_PASSWORD]->len),
                          report->findings[VAULT_HEALTH_NO_PASSWORD]->len);
  breached = g_strdup_printf (ngettext ("%u Password in the Breach List",
                                        "%u Passwords in the Breach List",
                                        report->findings[VAULT_HEALTH_BREACHED]->len),
                              report->findings[VAULT_HEALTH_BREACHED]->len);
  old_description = g_strdup_printf (ngettext ("Not changed for %u day or longer.",
                                               "Not changed for %u days or longer.",
                                               report->max_age_days),
                                     report->max_age_days);

  fill_group (self, report, VAULT_HEALTH_BREACHED, self->breached_group, self->breached_list,
              breached);
  fill_group (self, report, VAULT_HEALTH_WEAK, self->weak_group, self->weak_list, weak);
  fill_reused (self, report, reused);
  fill_group (self, report, VAULT_HEALTH_OLD, self->old_group, self->old_list, old);
  adw_preferences_group_set_description (self->old_group, old_description);
  fill_group (self, report, VAULT_HEALTH_NO_PASSWORD, self->none_group, self->none_list, none);

  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), n == 0);
  if (n == 0)
    {
      g_autofree char *description = NULL;

      if (report->n_entries == 0)
        description = g_strdup (_("There are no entries to check yet."));
      else if (report->breach_checked)
        description = g_strdup_printf (ngettext ("Your %u password is strong, used once, "
                                                 "recent and not in the breach list.",
                                                 "All %u passwords are strong, used once, "
                                                 "recent and not in the breach list.",
                                                 report->n_entries), report->n_entries);
      else
        description = g_strdup_printf (ngettext ("Your %u password is strong, used once "
                                                 "and recent.",
                                                 "All %u passwords are strong, used once "
                                                 "and recent.",
                                                 report->n_entries), report->n_entries);
      adw_status_page_set_description (self->empty_page, description);
    }

  gtk_label_set_label (self->breach_error,
                       report->breach_error != NULL ? report->breach_error->message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->breach_error), report->breach_error != NULL);

  if (n > 0)
    subtitle = g_strdup_printf (ngettext ("%u entry needs attention",
                                          "%u entries need attention", n), n);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  gtk_stack_set_visible_child_name (self->stack, "report");
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  VaultHealthWindow *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_checked (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(VaultHealthWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(VaultHealthReport) report = vault_health_check_finish (result, &error);

  /* Cancelled: checked again since, or closed (locking closes it). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->stack == NULL)
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), TRUE);
  if (report == NULL)
    {
      vault_status_page_set_description_plain (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  show_report (self, report);
}

void
vault_health_window_check (VaultHealthWindow *self)
{
  VaultHealthOptions options = { 0 };
  g_autofree char *breach_file = NULL;

  g_return_if_fail (VAULT_IS_HEALTH_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (vault_store_get_locked (self->store))
    return;

  self->cancellable = g_cancellable_new ();
  g_settings_get (self->settings, "breach-list-path", "^ay", &breach_file);
  options.max_age_days = g_settings_get_uint (self->settings, "old-password-days");
  options.breach_file = breach_file != NULL && *breach_file != '\0' ? breach_file : NULL;

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "checking");
  gtk_widget_set_sensitive (GTK_WIDGET (self->refresh_button), FALSE);
  adw_window_title_set_subtitle (self->window_title, "");
  vault_health_check_async (self->store, &options, on_progress, self, self->cancellable,
                            on_checked, g_object_ref (self));
}

/* --- The breach list ------------------------------------------------------------------ */

static void
update_breach_row (VaultHealthWindow *self)
{
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;
  gboolean chosen;

  g_settings_get (self->settings, "breach-list-path", "^ay", &path);
  chosen = path != NULL && *path != '\0';
  shown = chosen ? g_filename_display_name (path) : g_strdup (_("None chosen"));
  set_subtitle (self->breach_row, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->breach_clear), chosen);
}

static void
close_chooser (VaultHealthWindow *self)
{
  if (self->chooser == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->chooser, self);
  gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
}

static void
on_breach_chosen (GtkNativeDialog   *native,
                  int                response,
                  VaultHealthWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    /* The setting's change makes the report again. */
    g_settings_set (self->settings, "breach-list-path", "^ay", path);
  close_chooser (self);
}

static void
on_breach_choose_clicked (VaultHealthWindow *self)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  close_chooser (self);
  native = gtk_file_chooser_native_new (_("Choose Breach List"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (text, _("Text Files"));
  gtk_file_filter_add_mime_type (text, "text/plain");
  gtk_file_filter_add_suffix (text, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), text);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  /* Locking closes it like a window. */
  if (VAULT_IS_APPLICATION (g_application_get_default ()))
    vault_application_track_native (VAULT_APPLICATION (g_application_get_default ()),
                                    GTK_NATIVE_DIALOG (native));
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (on_breach_chosen), self);
  gtk_native_dialog_show (self->chooser);
}

static void
on_breach_clear_clicked (VaultHealthWindow *self)
{
  g_settings_set (self->settings, "breach-list-path", "^ay", "");
}

static void
on_settings_changed (VaultHealthWindow *self,
                     const char        *key)
{
  update_breach_row (self);
  vault_health_window_check (self);
}

/* --- GObject ------------------------------------------------------------------------ */

static void
vault_health_window_dispose (GObject *object)
{
  VaultHealthWindow *self = VAULT_HEALTH_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  close_chooser (self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), VAULT_TYPE_HEALTH_WINDOW);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (vault_health_window_parent_class)->dispose (object);
}

static void
vault_health_window_class_init (VaultHealthWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = vault_health_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/com/example/Vault/ui/vault-health-window.ui");
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, failed_page);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, weak_group);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, weak_list);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, reused_group);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, reused_box);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, old_group);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, old_list);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, none_group);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, none_list);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, breached_group);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, breached_list);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, breach_row);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, breach_clear);
  gtk_widget_class_bind_template_child (widget_class, VaultHealthWindow, breach_error);
  gtk_widget_class_bind_template_callback (widget_class, vault_health_window_check);
  gtk_widget_class_bind_template_callback (widget_class, on_breach_choose_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_breach_clear_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vault_health_window_init (VaultHealthWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  vault_row_set_plain (ADW_PREFERENCES_ROW (self->breach_row));
}

VaultHealthWindow *
vault_health_window_new (VaultWindow *window,
                         VaultStore  *store)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  VaultHealthWindow *self;

  g_return_val_if_fail (VAULT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (VAULT_IS_STORE (store), NULL);

  self = g_object_new (VAULT_TYPE_HEALTH_WINDOW,
                       "transient-for", window,
                       "application", app,
                       NULL);
  self->store = g_object_ref (store);
  g_set_weak_pointer (&self->window, window);
  self->settings = VAULT_IS_APPLICATION (app)
    ? g_object_ref (vault_application_get_settings (VAULT_APPLICATION (app)))
    : g_settings_new (APP_ID);
  g_signal_connect_swapped (self->settings, "changed::old-password-days",
                            G_CALLBACK (on_settings_changed), self);
  g_signal_connect_swapped (self->settings, "changed::breach-list-path",
                            G_CALLBACK (on_settings_changed), self);

  update_breach_row (self);
  vault_health_window_check (self);
  return self;
}

void
vault_health_window_activated (GtkWidget  *widget,
                               const char *action,
                               GVariant   *parameter)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (widget));
  VaultStore *store = app != NULL ? vault_application_get_store (VAULT_APPLICATION (app)) : NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (store == NULL)
    return;
  /* One report at a time. */
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (VAULT_IS_HEALTH_WINDOW (toplevel))
        {
          gtk_window_present (toplevel);
          return;
        }
    }
  gtk_window_present (GTK_WINDOW (vault_health_window_new (VAULT_WINDOW (widget), store)));
}
