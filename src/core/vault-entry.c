/* vault-entry.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A vault entry. Its secret fields are kept as sealed bytes; only
 * VaultStore can open them.
 */
#include "vault-entry-private.h"

#include "vault-search.h"

struct _VaultEntry
{
  GObject parent_instance;

  /* Owned */
  char    *id;
  char    *title;
  char    *username;
  char    *url;
  GStrv    tags;
  gboolean favourite;
  gint64   created;
  gint64   modified;
  GBytes  *sealed_password;
  GBytes  *sealed_notes;
  GArray  *history; /* of VaultHistoryItem, oldest first */
  char    *search_key;
  char    *sort_key;
};

G_DEFINE_FINAL_TYPE (VaultEntry, vault_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_USERNAME,
  PROP_URL,
  PROP_FAVOURITE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_history_item (gpointer data)
{
  VaultHistoryItem *item = data;

  g_clear_pointer (&item->sealed, g_bytes_unref);
}

GArray *
vault_history_new (void)
{
  GArray *history = g_array_new (FALSE, TRUE, sizeof (VaultHistoryItem));

  g_array_set_clear_func (history, clear_history_item);
  return history;
}

void
vault_entry_data_clear (VaultEntryData *data)
{
  g_clear_pointer (&data->id, g_free);
  g_clear_pointer (&data->title, g_free);
  g_clear_pointer (&data->username, g_free);
  g_clear_pointer (&data->url, g_free);
  g_clear_pointer (&data->tags, g_strfreev);
  g_clear_pointer (&data->sealed_password, g_bytes_unref);
  g_clear_pointer (&data->sealed_notes, g_bytes_unref);
  g_clear_pointer (&data->history, g_array_unref);
}

static void
vault_entry_finalize (GObject *object)
{
  VaultEntry *self = VAULT_ENTRY (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->username);
  g_free (self->url);
  g_strfreev (self->tags);
  g_clear_pointer (&self->sealed_password, g_bytes_unref);
  g_clear_pointer (&self->sealed_notes, g_bytes_unref);
  g_clear_pointer (&self->history, g_array_unref);
  g_free (self->search_key);
  g_free (self->sort_key);

  G_OBJECT_CLASS (vault_entry_parent_class)->finalize (object);
}

static void
vault_entry_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  VaultEntry *self = VAULT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_FAVOURITE:
      g_value_set_boolean (value, self->favourite);
      break;
    case PROP_MODIFIED:
      g_value_set_int64 (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vault_entry_class_init (VaultEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = vault_entry_finalize;
  object_class->get_property = vault_entry_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAVOURITE] =
    g_param_spec_boolean ("favourite", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_int64 ("modified", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vault_entry_init (VaultEntry *self)
{
}

VaultEntry *
vault_entry_new (const char *id,
                 gint64      created)
{
  VaultEntry *self = g_object_new (VAULT_TYPE_ENTRY, NULL);

  self->id = g_strdup (id);
  self->created = created;
  self->modified = created;
  self->title = g_strdup ("");
  self->username = g_strdup ("");
  self->url = g_strdup ("");
  self->tags = g_new0 (char *, 1);
  return self;
}

/* An entry read from a file: it takes the fields as they are, with no
 * copies and no notifications, since nothing can be watching it yet. */
VaultEntry *
vault_entry_new_take (VaultEntryData *data)
{
  VaultEntry *self = g_object_new (VAULT_TYPE_ENTRY, NULL);

  self->id = g_steal_pointer (&data->id);
  self->title = g_steal_pointer (&data->title);
  self->username = g_steal_pointer (&data->username);
  self->url = g_steal_pointer (&data->url);
  self->tags = g_steal_pointer (&data->tags);
  self->favourite = data->favourite;
  self->created = data->created;
  self->modified = data->modified;
  self->sealed_password = g_steal_pointer (&data->sealed_password);
  self->sealed_notes = g_steal_pointer (&data->sealed_notes);
  self->history = g_steal_pointer (&data->history);
  return self;
}

const char *
vault_entry_get_id (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  return self->id;
}

const char *
vault_entry_get_title (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  return self->title;
}

const char *
vault_entry_get_username (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  return self->username;
}

const char *
vault_entry_get_url (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  return self->url;
}

const char * const *
vault_entry_get_tags (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  return (const char * const *) self->tags;
}

gboolean
vault_entry_get_favourite (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), FALSE);
  return self->favourite;
}

gint64
vault_entry_get_created (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), 0);
  return self->created;
}

gint64
vault_entry_get_modified (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), 0);
  return self->modified;
}

gboolean
vault_entry_has_notes (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), FALSE);
  return self->sealed_notes != NULL;
}

guint
vault_entry_get_history_length (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), 0);
  return self->history != NULL ? self->history->len : 0;
}

gint64
vault_entry_get_history_time (VaultEntry *self,
                              guint       index)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), 0);
  g_return_val_if_fail (index < vault_entry_get_history_length (self), 0);
  return g_array_index (self->history, VaultHistoryItem, index).changed;
}

/* The normalised overview text searches run against, built once per change. */
const char *
vault_entry_get_search_key (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);

  if (self->search_key == NULL)
    {
      g_autoptr(GString) raw = g_string_new (self->title);

      g_string_append_c (raw, '\n');
      g_string_append (raw, self->username);
      g_string_append_c (raw, '\n');
      g_string_append (raw, self->url);
      for (guint i = 0; self->tags[i] != NULL; i++)
        {
          g_string_append_c (raw, '\n');
          g_string_append (raw, self->tags[i]);
        }
      self->search_key = vault_search_normalize (raw->str);
    }
  return self->search_key;
}

/* A collation key for the title, so sorting compares bytes, not text. */
const char *
vault_entry_get_sort_key (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);

  if (self->sort_key == NULL)
    self->sort_key = g_utf8_collate_key (self->title, -1);
  return self->sort_key;
}

static void
set_string (VaultEntry  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value ? value : "");
  g_clear_pointer (&self->search_key, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
vault_entry_set_title (VaultEntry *self,
                       const char *title)
{
  g_clear_pointer (&self->sort_key, g_free);
  set_string (self, &self->title, title, PROP_TITLE);
}

void
vault_entry_set_username (VaultEntry *self,
                          const char *username)
{
  set_string (self, &self->username, username, PROP_USERNAME);
}

void
vault_entry_set_url (VaultEntry *self,
                     const char *url)
{
  set_string (self, &self->url, url, PROP_URL);
}

void
vault_entry_set_tags (VaultEntry         *self,
                      const char * const *tags)
{
  g_strfreev (self->tags);
  self->tags = tags ? g_strdupv ((char **) tags) : g_new0 (char *, 1);
  g_clear_pointer (&self->search_key, g_free);
}

void
vault_entry_set_favourite (VaultEntry *self,
                           gboolean    favourite)
{
  favourite = !!favourite;
  if (self->favourite == favourite)
    return;
  self->favourite = favourite;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITE]);
}

void
vault_entry_set_modified (VaultEntry *self,
                          gint64      modified)
{
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

GBytes *
vault_entry_get_sealed_password (VaultEntry *self)
{
  return self->sealed_password;
}

void
vault_entry_set_sealed_password (VaultEntry *self,
                                 GBytes     *sealed)
{
  g_clear_pointer (&self->sealed_password, g_bytes_unref);
  self->sealed_password = sealed ? g_bytes_ref (sealed) : NULL;
}

GBytes *
vault_entry_get_sealed_notes (VaultEntry *self)
{
  return self->sealed_notes;
}

void
vault_entry_set_sealed_notes (VaultEntry *self,
                              GBytes     *sealed)
{
  g_clear_pointer (&self->sealed_notes, g_bytes_unref);
  self->sealed_notes = sealed ? g_bytes_ref (sealed) : NULL;
}

GArray *
vault_entry_get_history (VaultEntry *self)
{
  return self->history;
}

void
vault_entry_add_history (VaultEntry *self,
                         gint64      changed,
                         GBytes     *sealed)
{
  VaultHistoryItem item = { changed, g_bytes_ref (sealed) };

  if (self->history == NULL)
    self->history = vault_history_new ();
  g_array_append_val (self->history, item);
}
