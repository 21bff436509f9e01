/* vault-entry.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A vault entry. Its secret fields are kept as sealed bytes; only
 * VaultStore can open them.
 */
#include "vault-entry-private.h"

#include "vault-search.h"

#include <string.h>

/* A vault of 100,000 entries holds 100,000 of these, so an entry read from a
 * file keeps all its text and sealed bytes in one allocation, the block: a
 * field points into it until it is changed, and then owns its own copy.
 * Fewer, denser allocations make opening a large vault much cheaper (fewer
 * pages to fault in) and its memory a third smaller. */
struct _VaultEntry
{
  GObject parent_instance;

  /* Owned */
  char         *block;
  gsize         block_len;
  char         *id;
  char         *title;
  char         *username;
  char         *url;
  GStrv         tags;
  guint8       *sealed_password;
  guint8       *sealed_notes;
  guint8       *sealed_totp;
  guint32       sealed_password_len;
  guint32       sealed_notes_len;
  guint32       sealed_totp_len;
  gint64        created;
  gint64        modified;
  GArray       *history; /* of VaultHistoryItem, oldest first; NULL if none */
  GArray       *fields;  /* of VaultEntryField, in order; NULL if none */
  char         *search_key;
  gboolean      favourite;
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

static void
clear_field (gpointer data)
{
  VaultEntryField *field = data;

  g_clear_pointer (&field->id, g_free);
  g_clear_pointer (&field->label, g_free);
  g_clear_pointer (&field->value, g_free);
  g_clear_pointer (&field->sealed, g_bytes_unref);
}

GArray *
vault_fields_new (void)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (VaultEntryField));

  g_array_set_clear_func (fields, clear_field);
  return fields;
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
  g_clear_pointer (&data->sealed_totp, g_bytes_unref);
  g_clear_pointer (&data->history, g_array_unref);
  g_clear_pointer (&data->fields, g_array_unref);
}

static inline gboolean
in_block (VaultEntry    *self,
          gconstpointer  p)
{
  return self->block != NULL && (const char *) p >= self->block &&
         (const char *) p < self->block + self->block_len;
}

/* Frees a field unless it lies in the block. */
static void
free_field (VaultEntry *self,
            gpointer    p)
{
  if (p != NULL && !in_block (self, p))
    g_free (p);
}

static void
vault_entry_finalize (GObject *object)
{
  VaultEntry *self = VAULT_ENTRY (object);

  free_field (self, self->id);
  free_field (self, self->title);
  free_field (self, self->username);
  free_field (self, self->url);
  if (!in_block (self, self->tags))
    g_strfreev (self->tags);
  free_field (self, self->sealed_password);
  free_field (self, self->sealed_notes);
  free_field (self, self->sealed_totp);
  free_field (self, self->search_key);
  g_free (self->block);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->fields, g_array_unref);

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

/* The normalised overview text searches run against: the overview fields,
 * then the values of plain custom fields marked searchable. */
static char *
make_search_key (const char          *title,
                 const char          *username,
                 const char          *url,
                 const char * const  *tags,
                 GArray              *fields)
{
  g_autoptr(GString) raw = g_string_new (title);

  g_string_append_c (raw, '\n');
  g_string_append (raw, username);
  g_string_append_c (raw, '\n');
  g_string_append (raw, url);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_string_append_c (raw, '\n');
      g_string_append (raw, tags[i]);
    }
  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      const VaultEntryField *field = &g_array_index (fields, VaultEntryField, i);

      if (field->concealed || !field->searchable || field->value == NULL)
        continue;
      g_string_append_c (raw, '\n');
      g_string_append (raw, field->value);
    }
  return vault_search_normalize (raw->str);
}

/* Built once per change. */
const char *
vault_entry_get_search_key (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);

  if (self->search_key == NULL)
    self->search_key = make_search_key (self->title, self->username, self->url,
                                        (const char * const *) self->tags, self->fields);
  return self->search_key;
}

static char *
pack_string (char      **cursor,
             const char *text)
{
  gsize len = strlen (text) + 1;
  char *copy = memcpy (*cursor, text, len);

  *cursor += len;
  return copy;
}

static guint8 *
pack_bytes (char   **cursor,
            GBytes  *bytes,
            guint32 *len_out)
{
  gsize len;
  const guint8 *data;
  guint8 *copy;

  if (bytes == NULL)
    {
      *len_out = 0;
      return NULL;
    }
  data = g_bytes_get_data (bytes, &len);
  copy = memcpy (*cursor, data, len);
  *cursor += len;
  *len_out = (guint32) len;
  return copy;
}

/* An entry read from a file, made with no notifications since nothing can
 * be watching it yet. Its text, sealed bytes and search key go into one
 * block; data keeps its fields, to be cleared by the caller. */
VaultEntry *
vault_entry_new_take (VaultEntryData *data)
{
  VaultEntry *self = g_object_new (VAULT_TYPE_ENTRY, NULL);
  g_autofree char *search_key = make_search_key (data->title, data->username, data->url,
                                                 (const char * const *) data->tags,
                                                 data->fields);
  guint n_tags = g_strv_length (data->tags);
  gsize size;
  char *cursor;

  /* The tag pointers first, where they are aligned, then the rest. */
  size = (n_tags + 1) * sizeof (char *);
  for (guint i = 0; i < n_tags; i++)
    size += strlen (data->tags[i]) + 1;
  size += strlen (data->id) + strlen (data->title) + strlen (data->username) +
          strlen (data->url) + strlen (search_key) + 5;
  size += data->sealed_password ? g_bytes_get_size (data->sealed_password) : 0;
  size += data->sealed_notes ? g_bytes_get_size (data->sealed_notes) : 0;
  size += data->sealed_totp ? g_bytes_get_size (data->sealed_totp) : 0;

  self->block = g_malloc (size);
  self->block_len = size;
  self->tags = (GStrv) self->block;
  cursor = self->block + (n_tags + 1) * sizeof (char *);
  for (guint i = 0; i < n_tags; i++)
    self->tags[i] = pack_string (&cursor, data->tags[i]);
  self->tags[n_tags] = NULL;
  self->id = pack_string (&cursor, data->id);
  self->title = pack_string (&cursor, data->title);
  self->username = pack_string (&cursor, data->username);
  self->url = pack_string (&cursor, data->url);
  self->search_key = pack_string (&cursor, search_key);
  self->sealed_password = pack_bytes (&cursor, data->sealed_password,
                                      &self->sealed_password_len);
  self->sealed_notes = pack_bytes (&cursor, data->sealed_notes, &self->sealed_notes_len);
  self->sealed_totp = pack_bytes (&cursor, data->sealed_totp, &self->sealed_totp_len);
  g_assert (cursor == self->block + size);

  self->favourite = data->favourite;
  self->created = data->created;
  self->modified = data->modified;
  self->history = g_steal_pointer (&data->history);
  if (data->fields != NULL && data->fields->len > 0)
    self->fields = g_steal_pointer (&data->fields);
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
  return self->sealed_notes_len > 0;
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

/* The key the list sorts by: the search key, whose first line is the title
 * case-folded and decomposed. Compared with vault_sort_key_compare, by code
 * point with runs of digits as numbers: accented letters sort beside their
 * base letter, Hangul in dictionary (jamo) order in every locale, "item 2"
 * before "item 10"; equal titles fall back to user name and address. The
 * key is made once per change of the entry. Locale collation keys
 * (g_utf8_collate_key_for_filename) cost 250 ms and 2 MB more at 100,000
 * entries, which the open time cannot afford. */
const char *
vault_entry_get_sort_key (VaultEntry *self)
{
  return vault_entry_get_search_key (self);
}

/* Skips leading zeros, then measures the run of digits. */
static gsize
digit_run (const char **p)
{
  const char *s = *p;
  gsize n = 0;

  while (*s == '0' && g_ascii_isdigit (s[1]))
    s++;
  *p = s;
  while (g_ascii_isdigit (s[n]))
    n++;
  return n;
}

/* Natural order of two sort keys: bytewise (code point order in UTF-8),
 * except that runs of ASCII digits compare as numbers. No allocation, so
 * a sort of 100,000 entries stays as cheap as with strcmp. */
int
vault_sort_key_compare (const char *a,
                        const char *b)
{
  gsize i = 0;

  /* Most keys differ outside any number: scan the common prefix as strcmp
   * does, and look at digits only when they are where the keys differ. */
  while (a[i] == b[i] && a[i] != '\0')
    i++;
  if (a[i] == b[i])
    return 0;
  if (!g_ascii_isdigit (a[i]) && !g_ascii_isdigit (b[i]))
    return (guchar) a[i] < (guchar) b[i] ? -1 : 1;
  while (i > 0 && g_ascii_isdigit (a[i - 1]))
    i--;
  a += i;
  b += i;

  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          gsize na = digit_run (&a), nb = digit_run (&b);
          int result;

          if (na != nb)
            return na < nb ? -1 : 1;
          result = memcmp (a, b, na);
          if (result != 0)
            return result;
          a += na;
          b += nb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a < (guchar) *b ? -1 : 1;
      a++;
      b++;
    }
  return (guchar) *a - (guchar) *b;
}

gboolean
vault_entry_has_password (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), FALSE);
  return self->sealed_password_len > 0;
}

static void
set_string (VaultEntry  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  free_field (self, *field);
  *field = g_strdup (value ? value : "");
  free_field (self, self->search_key);
  self->search_key = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
vault_entry_set_title (VaultEntry *self,
                       const char *title)
{
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
  if (!in_block (self, self->tags))
    g_strfreev (self->tags);
  self->tags = tags ? g_strdupv ((char **) tags) : g_new0 (char *, 1);
  free_field (self, self->search_key);
  self->search_key = NULL;
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

static void
set_sealed (VaultEntry  *self,
            guint8     **field,
            guint32     *field_len,
            GBytes      *sealed)
{
  gsize len = sealed ? g_bytes_get_size (sealed) : 0;

  free_field (self, *field);
  *field = len > 0 ? g_memdup2 (g_bytes_get_data (sealed, NULL), len) : NULL;
  *field_len = (guint32) len;
}

const guint8 *
vault_entry_get_sealed_password (VaultEntry *self,
                                 gsize      *len)
{
  *len = self->sealed_password_len;
  return self->sealed_password;
}

void
vault_entry_set_sealed_password (VaultEntry *self,
                                 GBytes     *sealed)
{
  set_sealed (self, &self->sealed_password, &self->sealed_password_len, sealed);
}

const guint8 *
vault_entry_get_sealed_notes (VaultEntry *self,
                              gsize      *len)
{
  *len = self->sealed_notes_len;
  return self->sealed_notes;
}

void
vault_entry_set_sealed_notes (VaultEntry *self,
                              GBytes     *sealed)
{
  set_sealed (self, &self->sealed_notes, &self->sealed_notes_len, sealed);
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

const guint8 *
vault_entry_get_sealed_totp (VaultEntry *self,
                             gsize      *len)
{
  *len = self->sealed_totp_len;
  return self->sealed_totp;
}

void
vault_entry_set_sealed_totp (VaultEntry *self,
                             GBytes     *sealed)
{
  set_sealed (self, &self->sealed_totp, &self->sealed_totp_len, sealed);
}

gboolean
vault_entry_has_totp (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), FALSE);
  return self->sealed_totp_len > 0;
}

GArray *
vault_entry_get_fields (VaultEntry *self)
{
  return self->fields;
}

void
vault_entry_set_fields (VaultEntry *self,
                        GArray     *fields)
{
  g_clear_pointer (&self->fields, g_array_unref);
  if (fields != NULL && fields->len > 0)
    self->fields = fields;
  else if (fields != NULL)
    g_array_unref (fields);
  /* Searchable values are part of the search key. */
  free_field (self, self->search_key);
  self->search_key = NULL;
}

guint
vault_entry_get_n_fields (VaultEntry *self)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), 0);
  return self->fields != NULL ? self->fields->len : 0;
}

static const VaultEntryField *
get_field (VaultEntry *self,
           guint       index)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), NULL);
  g_return_val_if_fail (index < vault_entry_get_n_fields (self), NULL);
  return &g_array_index (self->fields, VaultEntryField, index);
}

const char *
vault_entry_get_field_id (VaultEntry *self,
                          guint       index)
{
  const VaultEntryField *field = get_field (self, index);

  return field != NULL ? field->id : NULL;
}

const char *
vault_entry_get_field_label (VaultEntry *self,
                             guint       index)
{
  const VaultEntryField *field = get_field (self, index);

  return field != NULL ? field->label : NULL;
}

const char *
vault_entry_get_field_value (VaultEntry *self,
                             guint       index)
{
  const VaultEntryField *field = get_field (self, index);

  return field != NULL && !field->concealed ? field->value : NULL;
}

gboolean
vault_entry_get_field_concealed (VaultEntry *self,
                                 guint       index)
{
  const VaultEntryField *field = get_field (self, index);

  return field != NULL && field->concealed;
}

gboolean
vault_entry_get_field_searchable (VaultEntry *self,
                                  guint       index)
{
  const VaultEntryField *field = get_field (self, index);

  return field != NULL && !field->concealed && field->searchable;
}

int
vault_entry_find_field (VaultEntry *self,
                        const char *label)
{
  g_return_val_if_fail (VAULT_IS_ENTRY (self), -1);
  g_return_val_if_fail (label != NULL, -1);

  for (guint i = 0; i < vault_entry_get_n_fields (self); i++)
    if (strcmp (g_array_index (self->fields, VaultEntryField, i).label, label) == 0)
      return (int) i;
  return -1;
}

GArray *
vault_fields_copy (GArray *fields)
{
  GArray *copy;

  if (fields == NULL || fields->len == 0)
    return NULL;
  copy = vault_fields_new ();
  for (guint i = 0; i < fields->len; i++)
    {
      const VaultEntryField *field = &g_array_index (fields, VaultEntryField, i);
      VaultEntryField dup = {
        g_strdup (field->id), g_strdup (field->label), g_strdup (field->value),
        field->sealed != NULL ? g_bytes_ref (field->sealed) : NULL,
        field->concealed, field->searchable,
      };

      g_array_append_val (copy, dup);
    }
  return copy;
}

void
vault_entry_set_history (VaultEntry *self,
                         GArray     *history)
{
  g_clear_pointer (&self->history, g_array_unref);
  if (history != NULL && history->len == 0)
    g_clear_pointer (&history, g_array_unref);
  self->history = history;
}

GArray *
vault_history_copy (GArray *history)
{
  GArray *copy;

  if (history == NULL || history->len == 0)
    return NULL;
  copy = vault_history_new ();
  for (guint i = 0; i < history->len; i++)
    {
      VaultHistoryItem *item = &g_array_index (history, VaultHistoryItem, i);
      VaultHistoryItem dup = { item->changed, g_bytes_ref (item->sealed) };

      g_array_append_val (copy, dup);
    }
  return copy;
}

int
vault_fields_compare (GArray *a,
                      GArray *b)
{
  guint na = a != NULL ? a->len : 0, nb = b != NULL ? b->len : 0;

  for (guint i = 0; i < MIN (na, nb); i++)
    {
      const VaultEntryField *x = &g_array_index (a, VaultEntryField, i);
      const VaultEntryField *y = &g_array_index (b, VaultEntryField, i);
      int result;

      if ((result = strcmp (x->id, y->id)) != 0 ||
          (result = strcmp (x->label, y->label)) != 0 ||
          (result = g_strcmp0 (x->value, y->value)) != 0)
        return result;
      if (x->concealed != y->concealed)
        return x->concealed ? 1 : -1;
      if (x->searchable != y->searchable)
        return x->searchable ? 1 : -1;
      if (x->sealed == NULL || y->sealed == NULL)
        {
          if (x->sealed != y->sealed)
            return x->sealed == NULL ? -1 : 1;
        }
      else if ((result = g_bytes_compare (x->sealed, y->sealed)) != 0)
        return result;
    }
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/* --- Merging ------------------------------------------------------------------ */

static void
copy_sealed (VaultEntry   *self,
             guint8      **field,
             guint32      *field_len,
             const guint8 *data,
             guint32       len)
{
  free_field (self, *field);
  *field = len > 0 ? g_memdup2 (data, len) : NULL;
  *field_len = len;
}

void
vault_entry_assign (VaultEntry *self,
                    VaultEntry *from)
{
  g_return_if_fail (VAULT_IS_ENTRY (self));
  g_return_if_fail (VAULT_IS_ENTRY (from));
  g_return_if_fail (g_str_equal (self->id, from->id));

  if (self == from)
    return;
  g_object_freeze_notify (G_OBJECT (self));
  vault_entry_set_title (self, from->title);
  vault_entry_set_username (self, from->username);
  vault_entry_set_url (self, from->url);
  vault_entry_set_tags (self, (const char * const *) from->tags);
  vault_entry_set_favourite (self, from->favourite);
  self->created = from->created;
  copy_sealed (self, &self->sealed_password, &self->sealed_password_len,
               from->sealed_password, from->sealed_password_len);
  copy_sealed (self, &self->sealed_notes, &self->sealed_notes_len,
               from->sealed_notes, from->sealed_notes_len);
  copy_sealed (self, &self->sealed_totp, &self->sealed_totp_len,
               from->sealed_totp, from->sealed_totp_len);
  vault_entry_set_fields (self, vault_fields_copy (from->fields));
  vault_entry_set_history (self, vault_history_copy (from->history));
  vault_entry_set_modified (self, from->modified);
  g_object_thaw_notify (G_OBJECT (self));
}

VaultEntry *
vault_entry_dup (VaultEntry *self)
{
  VaultEntry *copy = vault_entry_new (self->id, self->created);

  vault_entry_assign (copy, self);
  return copy;
}

static int
compare_bytes (const guint8 *a,
               gsize         a_len,
               const guint8 *b,
               gsize         b_len)
{
  int result = memcmp (a ? a : (const guint8 *) "", b ? b : (const guint8 *) "", MIN (a_len, b_len));

  if (result != 0)
    return result;
  return a_len < b_len ? -1 : a_len > b_len ? 1 : 0;
}

static int
compare_tags (char **a,
              char **b)
{
  guint i;

  for (i = 0; a[i] != NULL && b[i] != NULL; i++)
    {
      int result = strcmp (a[i], b[i]);

      if (result != 0)
        return result;
    }
  return a[i] == NULL ? (b[i] == NULL ? 0 : -1) : 1;
}

int
vault_entry_compare_content (VaultEntry *a,
                             VaultEntry *b)
{
  int result;

  if ((result = strcmp (a->title, b->title)) != 0 ||
      (result = strcmp (a->username, b->username)) != 0 ||
      (result = strcmp (a->url, b->url)) != 0 ||
      (result = compare_tags (a->tags, b->tags)) != 0)
    return result;
  if (a->favourite != b->favourite)
    return a->favourite ? 1 : -1;
  if (a->created != b->created)
    return a->created < b->created ? -1 : 1;
  if ((result = compare_bytes (a->sealed_password, a->sealed_password_len,
                               b->sealed_password, b->sealed_password_len)) != 0)
    return result;
  if ((result = compare_bytes (a->sealed_notes, a->sealed_notes_len,
                               b->sealed_notes, b->sealed_notes_len)) != 0 ||
      (result = compare_bytes (a->sealed_totp, a->sealed_totp_len,
                               b->sealed_totp, b->sealed_totp_len)) != 0)
    return result;
  return vault_fields_compare (a->fields, b->fields);
}

static gboolean
same_history (GArray *a,
              GArray *b)
{
  guint n = a != NULL ? a->len : 0;

  if (n != (b != NULL ? b->len : 0))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      VaultHistoryItem *x = &g_array_index (a, VaultHistoryItem, i);
      VaultHistoryItem *y = &g_array_index (b, VaultHistoryItem, i);

      if (x->changed != y->changed || !g_bytes_equal (x->sealed, y->sealed))
        return FALSE;
    }
  return TRUE;
}

gboolean
vault_entry_same (VaultEntry *a,
                  VaultEntry *b)
{
  return a->modified == b->modified && strcmp (a->id, b->id) == 0 &&
         vault_entry_compare_content (a, b) == 0 && same_history (a->history, b->history);
}
