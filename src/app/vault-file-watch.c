/* vault-file-watch.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches the folder of the vault: emits "changed" when its file changed,
 * once things have settled (a sync tool or another vault-cli replaces the
 * file by a rename, which comes as several events), and "folder-changed"
 * when another file arrived beside it (a sync tool's conflict copy).
 */
#include "config.h"

#include "vault-file-watch.h"

/* Long enough to see a burst of events as one, short enough that a change
 * shows within a second at 100,000 entries (bench/vault-sync-bench.c). */
#define SETTLE_MS 80
/* Conflict copies are not urgent; the folder gets many events while a sync
 * tool works (its temporary files). */
#define FOLDER_SETTLE_MS 500

struct _VaultFileWatch
{
  GObject parent_instance;

  /* Owned */
  char         *name;
  GFileMonitor *monitor;
  guint         settle_source;
  guint         folder_source;
};

G_DEFINE_FINAL_TYPE (VaultFileWatch, vault_file_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  FOLDER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
settled (gpointer user_data)
{
  VaultFileWatch *self = user_data;

  self->settle_source = 0;
  g_signal_emit (self, signals[CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
folder_settled (gpointer user_data)
{
  VaultFileWatch *self = user_data;

  self->folder_source = 0;
  g_signal_emit (self, signals[FOLDER_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static gboolean
is_ours (VaultFileWatch *self,
         GFile          *file)
{
  g_autofree char *name = file ? g_file_get_basename (file) : NULL;

  return name != NULL && g_str_equal (name, self->name);
}

static void
on_event (GFileMonitor      *monitor,
          GFile             *file,
          GFile             *other,
          GFileMonitorEvent  event,
          VaultFileWatch    *self)
{
  if (is_ours (self, file) || is_ours (self, other))
    {
      g_clear_handle_id (&self->settle_source, g_source_remove);
      self->settle_source = g_timeout_add (SETTLE_MS, settled, self);
      return;
    }
  /* A file that arrived: written and closed, or renamed into place. */
  if (event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT || event == G_FILE_MONITOR_EVENT_CREATED ||
      event == G_FILE_MONITOR_EVENT_MOVED_IN || event == G_FILE_MONITOR_EVENT_RENAMED)
    {
      g_clear_handle_id (&self->folder_source, g_source_remove);
      self->folder_source = g_timeout_add (FOLDER_SETTLE_MS, folder_settled, self);
    }
}

static void
vault_file_watch_dispose (GObject *object)
{
  VaultFileWatch *self = VAULT_FILE_WATCH (object);

  g_clear_handle_id (&self->settle_source, g_source_remove);
  g_clear_handle_id (&self->folder_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
    }
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (vault_file_watch_parent_class)->dispose (object);
}

static void
vault_file_watch_finalize (GObject *object)
{
  VaultFileWatch *self = VAULT_FILE_WATCH (object);

  g_free (self->name);
  G_OBJECT_CLASS (vault_file_watch_parent_class)->finalize (object);
}

static void
vault_file_watch_class_init (VaultFileWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = vault_file_watch_dispose;
  object_class->finalize = vault_file_watch_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FOLDER_CHANGED] = g_signal_new ("folder-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
vault_file_watch_init (VaultFileWatch *self)
{
}

/* Without a monitor (a file system that has none), nothing is noticed and
 * the engine's check before each save still refuses to overwrite. */
VaultFileWatch *
vault_file_watch_new (const char *path)
{
  VaultFileWatch *self = g_object_new (VAULT_TYPE_FILE_WATCH, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(GError) error = NULL;

  self->name = g_file_get_basename (file);
  if (dir != NULL)
    self->monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_WATCH_MOVES, NULL, &error);
  if (self->monitor == NULL)
    g_debug ("Not watching the vault's folder: %s", error ? error->message : "no folder");
  else
    g_signal_connect (self->monitor, "changed", G_CALLBACK (on_event), self);
  return self;
}
