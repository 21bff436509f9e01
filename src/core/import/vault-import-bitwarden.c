/* vault-import-bitwarden.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bitwarden's unencrypted JSON export read into entries: logins and secure
 * notes, with their folders or collections as tags, extra websites, custom
 * fields and password history; cards, identities and SSH keys counted as
 * skipped.
 */
#include "config.h"

#include "vault-import-private.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "vault-error.h"

/* An export is root { items [ { login { uris [ { } ] } } ] }: five deep. */
#define MAX_DEPTH         16
/* json-glib makes a node of every value: bounded before it parses. */
#define MAX_VALUES        (32 * 1024 * 1024)
/* Per item: more than any person's login has. */
#define MAX_PER_ITEM      10000

enum {
  TYPE_LOGIN = 1,
  TYPE_SECURE_NOTE = 2,
  TYPE_CARD = 3,
  TYPE_IDENTITY = 4,
  TYPE_SSH_KEY = 5,
};

enum {
  FIELD_TEXT = 0,
  FIELD_HIDDEN = 1,
  FIELD_BOOLEAN = 2,
  FIELD_LINKED = 3,
};

static const guint8 bom[] = { 0xef, 0xbb, 0xbf };

static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
    p++;
  return p;
}

gboolean
vault_bitwarden_detect (const guint8 *data,
                        gsize         len)
{
  static const char * const keys[] = {
    "encrypted", "passwordProtected", "folders", "collections", "items", NULL
  };
  const char *p = (const char *) data, *end = p + len;
  const char *key;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  /* Every export Bitwarden wrote starts with one of these keys: the first
   * key is enough, and cheap to read. */
  if (len >= sizeof bom && memcmp (data, bom, sizeof bom) == 0)
    p += sizeof bom;
  p = skip_space (p, end);
  if (p >= end || *p++ != '{')
    return FALSE;
  p = skip_space (p, end);
  if (p >= end || *p++ != '"')
    return FALSE;
  key = p;
  while (p < end && *p != '"' && p - key < 32)
    p++;
  if (p >= end || *p != '"')
    return FALSE;
  for (guint i = 0; keys[i] != NULL; i++)
    if ((gsize) (p - key) == strlen (keys[i]) && memcmp (key, keys[i], p - key) == 0)
      return TRUE;
  return FALSE;
}

/* --- Bounds before json-glib ------------------------------------------------ */

/* json-glib 1.6 recurses once per level of nesting and makes a node per
 * value, with no bound of its own: both are counted here first, skipping
 * strings (and their escaped quotes) the way JSON writes them. json-glib
 * also takes comments and single-quoted strings, which would hide
 * brackets from this count; JSON has neither, nor does Bitwarden write
 * them, so a file with either is refused here. */
static gboolean
check_shape (const char  *text,
             gsize        len,
             GError     **error)
{
  guint depth = 0;
  gsize values = 0;

  for (gsize i = 0; i < len; i++)
    {
      switch (text[i])
        {
        case '"':
          for (i++; i < len && text[i] != '"'; i++)
            if (text[i] == '\\')
              i++;
          values++;
          break;
        case '{':
        case '[':
          if (++depth > MAX_DEPTH)
            {
              g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                           _("This Bitwarden export nests more than %d levels deep: "
                             "Bitwarden does not write that."), MAX_DEPTH);
              return FALSE;
            }
          values++;
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        case ',':
          values++;
          break;
        case '/':
        case '\'':
          g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                               _("This Bitwarden export is not valid JSON."));
          return FALSE;
        default:
          break;
        }
      if (values > MAX_VALUES)
        {
          g_set_error (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("This Bitwarden export holds more than Vault imports at once."));
          return FALSE;
        }
    }
  return TRUE;
}

static guint
line_at (const char *data,
         const char *at)
{
  guint line = 1;

  for (const char *p = data; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* --- Wiping json-glib's copies ---------------------------------------------- */

/* json-glib keeps every string of the document in heap copies of its own.
 * Each is wiped before the tree is freed: passwords, notes, card numbers of
 * skipped items alike. What cannot be reached is freed unwiped: its
 * scanner's scratch copies, freed as it parses, and the partial tree of a
 * document it could not parse. The depth is bounded by check_shape(). */
static void
wipe_node (JsonNode *node)
{
  if (node == NULL)
    return;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          wipe_node (member);
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          wipe_node (json_array_get_element (array, i));
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          char *text = (char *) json_node_get_string (node);

          if (text != NULL)
            vault_secure_wipe (text, strlen (text));
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/* --- Reading values --------------------------------------------------------- */

typedef struct {
  VaultImport       *import;
  GHashTable        *folders;      /* id -> name */
  GHashTable        *collections;  /* id -> name */
  guint              item;         /* 1-based, for messages */
  const char        *name;
  GError            *error;
} Reader;

/* A string member, or NULL when absent, null or not a string. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return json_node_get_int (node);
}

static gboolean
get_boolean (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node) != 0;
  return FALSE;
}

/* Seconds since the epoch from "2024-01-31T10:00:00.000Z", or 0. */
static gint64
get_time (JsonObject *object,
          const char *member)
{
  const char *text = get_string (object, member);
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || strlen (text) > 64)
    return 0;
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (text, utc);
  return time != NULL ? MAX (g_date_time_to_unix (time), 0) : 0;
}

/* A value checked against the bound of one field; FALSE with the error
 * set when it is longer. */
static gboolean
check_length (Reader     *r,
              const char *text)
{
  if (text == NULL || strlen (text) <= VAULT_IMPORT_MAX_FIELD)
    return TRUE;
  g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
               _("Item %u has a value longer than %d MB, more than Vault keeps in one "
                 "field."), r->item, VAULT_IMPORT_MAX_FIELD / (1024 * 1024));
  return FALSE;
}

static char *
keep_secret (Reader     *r,
             const char *text)
{
  if (text == NULL || *text == '\0' || !check_length (r, text))
    return NULL;
  return vault_import_keep_secret (r->import, text, -1);
}

static char *
keep_text (Reader     *r,
           const char *text)
{
  if (text == NULL || *text == '\0' || !check_length (r, text))
    return NULL;
  return g_strdup (text);
}

static GHashTable *
read_names (JsonObject *root,
            const char *member)
{
  GHashTable *names = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = get_array (root, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *id = get_string (object, "id");
      const char *name = get_string (object, "name");

      /* Borrowed from the tree, which outlives the table. */
      if (id != NULL && name != NULL && strlen (name) <= VAULT_IMPORT_MAX_FIELD)
        g_hash_table_insert (names, (gpointer) id, (gpointer) name);
    }
  return names;
}

static void
add_tag (GPtrArray  *tags,
         const char *name)
{
  g_autofree char *tag = NULL;

  if (name == NULL)
    return;
  tag = g_strstrip (g_strdup (name));
  if (*tag == '\0')
    return;
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_steal_pointer (&tag));
}

/* Folder and collection names are paths already: "Work/Mail". */
static void
read_tags (Reader            *r,
           JsonObject        *item,
           VaultForeignEntry *entry)
{
  g_autoptr(GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  const char *folder = get_string (item, "folderId");
  JsonArray *collections = get_array (item, "collectionIds");

  if (folder != NULL)
    add_tag (tags, g_hash_table_lookup (r->folders, folder));
  for (guint i = 0; collections != NULL && i < json_array_get_length (collections); i++)
    {
      JsonNode *node = json_array_get_element (collections, i);

      if (i >= MAX_PER_ITEM)
        break;
      if (JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        add_tag (tags, g_hash_table_lookup (r->collections, json_node_get_string (node)));
    }
  if (tags->len > 0)
    {
      g_ptr_array_add (tags, NULL);
      entry->tags = (GStrv) g_ptr_array_steal (tags, NULL);
    }
}

/* The first website is the entry's; the others follow the notes under a
 * heading, one a line. */
static void
read_uris (Reader            *r,
           JsonObject        *login,
           VaultForeignEntry *entry,
           const char        *notes)
{
  JsonArray *uris = get_array (login, "uris");
  g_autoptr(VaultSecureString) text = NULL;

  for (guint i = 0; uris != NULL && i < json_array_get_length (uris) && r->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (uris, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *uri = get_string (object, "uri");

      if (i >= MAX_PER_ITEM)
        break;
      if (uri == NULL || *uri == '\0' || !check_length (r, uri))
        continue;
      if (entry->url == NULL)
        {
          entry->url = g_strdup (uri);
          continue;
        }
      if (text == NULL)
        {
          text = vault_secure_string_new (256);
          if (notes != NULL && *notes != '\0')
            {
              vault_secure_string_append (text, notes);
              vault_secure_string_append (text, "\n\n");
            }
          vault_secure_string_append (text, _("Other websites:"));
        }
      vault_secure_string_append_c (text, '\n');
      vault_secure_string_append (text, uri);
    }
  if (text != NULL)
    entry->notes = vault_import_keep_secret (r->import, text->str, text->len);
  else
    entry->notes = keep_secret (r, notes);
}

/* Custom fields: text as it is, hidden ones kept hidden, booleans as
 * "true" or "false". A linked field only points at the username or the
 * password, which the entry has already: it is left out. */
static void
read_fields (Reader            *r,
             JsonObject        *item,
             VaultForeignEntry *entry)
{
  JsonArray *fields = get_array (item, "fields");

  for (guint i = 0; fields != NULL && i < json_array_get_length (fields) && r->error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (fields, i);
      JsonObject *field = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      gint64 type = get_int (field, "type", FIELD_TEXT);
      const char *name = get_string (field, "name");
      const char *value = get_string (field, "value");

      if (field == NULL || type == FIELD_LINKED)
        continue;
      if (i >= MAX_PER_ITEM)
        {
          g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                       _("Item %u has more than %d fields, more than Vault imports."),
                       r->item, MAX_PER_ITEM);
          return;
        }
      if (!check_length (r, name) || !check_length (r, value))
        return;
      vault_foreign_entry_add_field (r->import, entry, name != NULL ? name : "",
                                     value, -1, type == FIELD_HIDDEN);
    }
}

typedef struct {
  gint64      changed;
  guint       index;
  const char *password;
} OldPassword;

static int
compare_old (gconstpointer a,
             gconstpointer b)
{
  const OldPassword *x = a, *y = b;

  if (x->changed != y->changed)
    return x->changed < y->changed ? -1 : 1;
  /* Bitwarden lists the newest first: of two at the same time, the later
   * in the list is the older. */
  return x->index > y->index ? -1 : (x->index < y->index ? 1 : 0);
}

static void
read_history (Reader            *r,
              JsonObject        *item,
              VaultForeignEntry *entry)
{
  JsonArray *history = get_array (item, "passwordHistory");
  g_autoptr(GArray) old = NULL;

  if (history == NULL)
    return;
  old = g_array_new (FALSE, FALSE, sizeof (OldPassword));
  for (guint i = 0; i < json_array_get_length (history) && i < MAX_PER_ITEM; i++)
    {
      JsonNode *node = json_array_get_element (history, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      OldPassword one = { get_time (object, "lastUsedDate"), i, get_string (object, "password") };

      if (one.password == NULL)
        continue;
      if (!check_length (r, one.password))
        return;
      g_array_append_val (old, one);
    }
  g_array_sort (old, compare_old);
  for (guint i = 0; i < old->len; i++)
    {
      OldPassword *one = &g_array_index (old, OldPassword, i);

      vault_foreign_entry_add_history (r->import, entry, one->changed, one->password, -1);
    }
}

static void
read_item (Reader     *r,
           JsonObject *item)
{
  JsonObject *login = get_object (item, "login");
  VaultForeignEntry *entry;
  gint64 type = get_int (item, "type", 0);

  switch (type)
    {
    case TYPE_LOGIN:
    case TYPE_SECURE_NOTE:
      break;
    case TYPE_CARD:
      r->import->skipped[VAULT_SKIP_CARD]++;
      return;
    case TYPE_IDENTITY:
      r->import->skipped[VAULT_SKIP_IDENTITY]++;
      return;
    case TYPE_SSH_KEY:
      r->import->skipped[VAULT_SKIP_SSH_KEY]++;
      return;
    default:
      r->import->skipped[VAULT_SKIP_OTHER_KIND]++;
      return;
    }
  /* An export leaves out the trash; should one hold it, it stays out. */
  if (get_string (item, "deletedDate") != NULL)
    {
      r->import->skipped[VAULT_SKIP_RECYCLE_BIN]++;
      return;
    }
  if (r->import->entries->len >= VAULT_IMPORT_MAX_ENTRIES)
    {
      g_set_error (&r->error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                   _("The file has more than %u entries, more than Vault imports at once."),
                   VAULT_IMPORT_MAX_ENTRIES);
      return;
    }

  entry = vault_import_add_entry (r->import);
  r->name = get_string (item, "name");
  if (r->name != NULL && strlen (r->name) <= 200)
    entry->where = g_strdup_printf (_("item %u “%s”"), r->item, r->name);
  else
    entry->where = g_strdup_printf (_("item %u"), r->item);

  entry->title = keep_text (r, r->name);
  entry->favourite = get_boolean (item, "favorite");
  entry->created = get_time (item, "creationDate");
  entry->modified = get_time (item, "revisionDate");
  read_tags (r, item, entry);
  if (type == TYPE_LOGIN && login != NULL)
    {
      entry->username = keep_text (r, get_string (login, "username"));
      entry->password = keep_secret (r, get_string (login, "password"));
      entry->otp = keep_secret (r, get_string (login, "totp"));
      read_uris (r, login, entry, get_string (item, "notes"));
    }
  else
    entry->notes = keep_secret (r, get_string (item, "notes"));
  read_fields (r, item, entry);
  read_history (r, item, entry);
}

/* A JSON error as a person can act on it: json-glib's own messages may
 * quote the text around the error, which could be a password, so only
 * the line is kept ("<data>:12:5: Parse error: ..."). */
static void
set_parse_error (GError     **error,
                 const GError *parse_error)
{
  const char *colon = strchr (parse_error->message, ':');
  guint64 line = 0;

  if (colon != NULL)
    line = g_ascii_strtoull (colon + 1, NULL, 10);
  if (line > 0 && line < G_MAXUINT)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("Line %u of this Bitwarden export is not valid JSON."), (guint) line);
  else
    g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                         _("This Bitwarden export is not valid JSON."));
}

VaultImport *
vault_bitwarden_read (const guint8              *data,
                      gsize                      len,
                      const VaultImportOptions  *options,
                      GCancellable              *cancellable,
                      GError                   **error)
{
  g_autoptr(VaultImport) import = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  const char *text = (const char *) data, *end;
  JsonObject *root;
  JsonArray *items;
  Reader r = { 0 };
  guint n;

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (len >= sizeof bom && memcmp (data, bom, sizeof bom) == 0)
    {
      text += sizeof bom;
      len -= sizeof bom;
    }
  if (!g_utf8_validate_len (text, len, &end))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                   _("Line %u is not valid UTF-8 text."), line_at (text, end));
      return NULL;
    }
  if (!check_shape (text, len, error))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, len, &parse_error))
    {
      set_parse_error (error, parse_error);
      wipe_node (json_parser_get_root (parser));
      return NULL;
    }

  root = json_parser_get_root (parser) != NULL &&
         JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ?
         json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (root != NULL && get_boolean (root, "encrypted"))
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_UNSUPPORTED,
                           _("This Bitwarden export is encrypted. In Bitwarden, export your "
                             "vault again as “.json” without a password, import that file, "
                             "then delete it."));
      wipe_node (json_parser_get_root (parser));
      return NULL;
    }
  items = get_array (root, "items");
  if (items == NULL)
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                           _("This Bitwarden export has no list of items."));
      wipe_node (json_parser_get_root (parser));
      return NULL;
    }

  import = vault_import_new (VAULT_FORMAT_BITWARDEN_JSON);
  r.import = import;
  r.folders = read_names (root, "folders");
  r.collections = read_names (root, "collections");
  n = json_array_get_length (items);
  for (guint i = 0; i < n && r.error == NULL; i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      r.item = i + 1;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        g_set_error (&r.error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                     _("Item %u of this Bitwarden export is not an item."), r.item);
      else
        read_item (&r, json_node_get_object (node));
      /* Counted one at a time, as vault_import_report() wants. */
      vault_import_report (options, i + 1, n);
      if (i % 256 == 0 && r.error == NULL)
        g_cancellable_set_error_if_cancelled (cancellable, &r.error);
    }

  g_hash_table_unref (r.folders);
  g_hash_table_unref (r.collections);
  wipe_node (json_parser_get_root (parser));
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }
  return g_steal_pointer (&import);
}
