/* vault-search-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vault in the Activities search. While unlocked, every typed term must
 * match an entry's title, username, URL or tags; a result shows the title,
 * the username and the site, never a secret, and activating it copies the
 * password with the app's usual clearing. An entry with a one-time code
 * has a second result, whose activation copies the current code the same
 * way. While locked, nothing is revealed, not even a title: one result says
 * the vault is locked.
 */
#include "config.h"

#include "vault-search-provider.h"

#include <glib/gi18n.h>
#include <string.h>

#include "vault-application.h"
#include "vault-core.h"
#include "vault-shell-search-provider-generated.h"
#include "vault-window.h"

#define MAX_RESULTS 20
/* An entry's one-time code result: this, then the entry's id. */
#define CODE_PREFIX "code:"
#define SHELL_BUS_NAME "org.gnome.Shell"

struct _VaultSearchProvider
{
  GObject parent_instance;

  /* Owned */
  VaultShellSearchProvider2 *skeleton;

  /* Borrowed */
  VaultApplication *app;
};

G_DEFINE_FINAL_TYPE (VaultSearchProvider, vault_search_provider, G_TYPE_OBJECT)

static char *
join_terms (const char * const *terms)
{
  return g_strjoinv (" ", (char **) terms);
}

static int
compare_titles (gconstpointer a,
                gconstpointer b)
{
  return vault_sort_key_compare (vault_entry_get_sort_key (*(VaultEntry **) a),
                                 vault_entry_get_sort_key (*(VaultEntry **) b));
}

static GStrv
search (VaultSearchProvider *self,
        const char * const  *terms)
{
  VaultStore *store = vault_application_get_store (self->app);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *text = join_terms (terms);
  g_autoptr(GPtrArray) found = NULL;

  if (store == NULL)
    {
      g_strv_builder_add (builder, VAULT_SEARCH_LOCKED_ID);
      return g_strv_builder_end (builder);
    }

  found = vault_store_search (store, text);
  g_ptr_array_sort (found, compare_titles);
  for (guint i = 0, n = 0; i < found->len && n < MAX_RESULTS; i++, n++)
    {
      VaultEntry *entry = found->pdata[i];

      g_strv_builder_add (builder, vault_entry_get_id (entry));
      if (vault_entry_has_totp (entry) && ++n < MAX_RESULTS)
        {
          g_autofree char *code_id = g_strconcat (CODE_PREFIX, vault_entry_get_id (entry), NULL);

          g_strv_builder_add (builder, code_id);
        }
    }
  return g_strv_builder_end (builder);
}

static gboolean
is_enabled (VaultSearchProvider *self)
{
  return g_settings_get_boolean (vault_application_get_settings (self->app),
                                 "search-provider-enabled");
}

static void
get_initial_result_set (VaultSearchProvider   *self,
                        GDBusMethodInvocation *invocation)
{
  g_autofree const char **terms = NULL;
  g_auto(GStrv) results = NULL;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(^a&s)", &terms);
  results = is_enabled (self) ? search (self, terms) : g_new0 (char *, 1);
  vault_shell_search_provider2_complete_get_initial_result_set (self->skeleton, invocation,
                                                                (const char * const *) results);
}

static void
get_subsearch_result_set (VaultSearchProvider   *self,
                          GDBusMethodInvocation *invocation)
{
  g_autofree const char **previous = NULL;
  g_autofree const char **terms = NULL;
  g_auto(GStrv) results = NULL;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(^a&s^a&s)",
                 &previous, &terms);
  results = is_enabled (self) ? search (self, terms) : g_new0 (char *, 1);
  vault_shell_search_provider2_complete_get_subsearch_result_set (self->skeleton, invocation,
                                                                  (const char * const *) results);
}

static char *
site_of (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (url == NULL || *url == '\0')
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  return g_strdup (g_uri_get_host (uri));
}

static void
add_meta (GVariantBuilder *metas,
          const char      *id,
          const char      *name,
          const char      *description)
{
  g_autoptr(GIcon) icon = g_themed_icon_new (APP_ID);
  g_autofree char *icon_string = g_icon_to_string (icon);
  GVariantBuilder meta;

  g_variant_builder_init (&meta, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&meta, "{sv}", "id", g_variant_new_string (id));
  g_variant_builder_add (&meta, "{sv}", "name", g_variant_new_string (name));
  g_variant_builder_add (&meta, "{sv}", "description", g_variant_new_string (description));
  g_variant_builder_add (&meta, "{sv}", "gicon", g_variant_new_string (icon_string));
  g_variant_builder_add_value (metas, g_variant_builder_end (&meta));
}

static void
get_result_metas (VaultSearchProvider   *self,
                  GDBusMethodInvocation *invocation)
{
  VaultStore *store = vault_application_get_store (self->app);
  g_autofree const char **ids = NULL;
  gboolean enabled = is_enabled (self);
  GVariantBuilder metas;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(^a&s)", &ids);
  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; enabled && ids[i] != NULL; i++)
    {
      VaultEntry *entry;
      g_autofree char *site = NULL;
      g_autofree char *description = NULL;
      g_autofree char *name = NULL;
      const char *username;
      const char *id = ids[i];
      gboolean code = g_str_has_prefix (id, CODE_PREFIX);

      if (store == NULL || g_str_equal (ids[i], VAULT_SEARCH_LOCKED_ID))
        {
          if (g_str_equal (ids[i], VAULT_SEARCH_LOCKED_ID))
            add_meta (&metas, ids[i], _("Vault is locked"),
                      _("Unlock Vault to search your logins"));
          continue;
        }
      if (code)
        id += strlen (CODE_PREFIX);
      if ((entry = vault_store_find_by_id (store, id)) == NULL ||
          (code && !vault_entry_has_totp (entry)))
        continue;

      /* Only overview fields: no password, note or history ever. */
      username = vault_entry_get_username (entry);
      site = site_of (vault_entry_get_url (entry));
      if (*username && site)
        /* Translators: a search result's description: user name — web site. */
        description = g_strdup_printf (_("%s — %s"), username, site);
      else
        description = g_strdup (*username ? username : site ? site : "");
      if (code)
        /* Translators: a search result that copies an entry's one-time
         * code; %s is the entry's title. */
        name = g_strdup_printf (_("%s — one-time code"), vault_entry_get_title (entry));
      add_meta (&metas, ids[i], name ? name : vault_entry_get_title (entry), description);
    }
  vault_shell_search_provider2_complete_get_result_metas (self->skeleton, invocation,
                                                          g_variant_builder_end (&metas));
}

/* Copies the entry's password, or its current one-time code, with the
 * app's clearing, and says so (or why not) in a notification. */
static void
copy_secret (VaultSearchProvider *self,
             VaultStore          *store,
             VaultEntry          *entry,
             gboolean             code)
{
  g_autoptr(VaultSecureBuf) secret = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  const char *name = vault_entry_get_title (entry);
  guint delay = g_settings_get_uint (vault_application_get_settings (self->app),
                                     "clipboard-clear-delay");

  if (code)
    secret = vault_store_get_totp_code (store, entry, g_get_real_time () / G_USEC_PER_SEC,
                                        NULL, NULL, &error);
  else
    secret = vault_store_reveal (store, entry, VAULT_FIELD_PASSWORD, &error);

  if (secret != NULL && secret->len == 0)
    {
      /* Nothing to copy: the clipboard keeps what it had. */
      /* Translators: %s is an entry's title. */
      title = g_strdup_printf (_("“%s” has no password"), name);
      body = g_strdup (_("Nothing was copied."));
    }
  else if (secret != NULL)
    {
      vault_clipboard_copy_secret (vault_application_get_clipboard (self->app),
                                   gdk_display_get_clipboard (gdk_display_get_default ()),
                                   secret, delay);
      title = code
        /* Translators: %s is an entry's title. */
        ? g_strdup_printf (_("One-time code for “%s” copied"), name)
        /* Translators: %s is an entry's title. */
        : g_strdup_printf (_("Password for “%s” copied"), name);
      body = g_strdup_printf (ngettext ("The clipboard will be cleared in %u second.",
                                        "The clipboard will be cleared in %u seconds.",
                                        delay), delay);
    }
  else
    {
      title = g_strdup (code ? _("Could not copy the one-time code")
                             : _("Could not copy the password"));
      body = g_strdup (error->message);
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (G_APPLICATION (self->app), "copied", notification);
}

static void
activate_result (VaultSearchProvider   *self,
                 GDBusMethodInvocation *invocation)
{
  VaultStore *store = vault_application_get_store (self->app);
  const char *id = NULL;
  VaultEntry *entry;
  gboolean code;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s@asu)",
                 &id, NULL, NULL);
  if ((code = g_str_has_prefix (id, CODE_PREFIX)))
    id += strlen (CODE_PREFIX);
  entry = store ? vault_store_find_by_id (store, id) : NULL;
  /* Turned off: the Shell should not have asked, and gets nothing done. */
  if (is_enabled (self))
    {
      if (entry == NULL)
        /* Locked (or gone): bring up the unlock window. */
        g_application_activate (G_APPLICATION (self->app));
      else
        copy_secret (self, store, entry, code);
    }

  vault_shell_search_provider2_complete_activate_result (self->skeleton, invocation);
}

static void
launch_search (VaultSearchProvider   *self,
               GDBusMethodInvocation *invocation)
{
  g_autofree const char **terms = NULL;
  g_autofree char *text = NULL;
  GtkWindow *window;

  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(^a&su)",
                 &terms, NULL);
  if (is_enabled (self))
    {
      text = join_terms (terms);
      g_application_activate (G_APPLICATION (self->app));
      window = gtk_application_get_active_window (GTK_APPLICATION (self->app));
      if (VAULT_IS_WINDOW (window))
        vault_window_set_search (VAULT_WINDOW (window), text);
    }
  vault_shell_search_provider2_complete_launch_search (self->skeleton, invocation);
}

/* --- Only GNOME Shell may ask ------------------------------------------------ */

typedef void (*ShellMethod) (VaultSearchProvider   *self,
                             GDBusMethodInvocation *invocation);

typedef struct
{
  VaultSearchProvider   *self;        /* owned */
  GDBusMethodInvocation *invocation;  /* owned until completed */
  ShellMethod            method;
} CallerCheck;

static void
on_shell_owner (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CallerCheck *check = user_data;
  VaultSearchProvider *self = check->self;
  g_autoptr(GVariant) reply = NULL;
  const char *sender = g_dbus_method_invocation_get_sender (check->invocation);
  const char *owner = NULL;

  /* No owner (no Shell, or one restarting) is an error here: nobody is
   * answered then. */
  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(&s)", &owner);

  if (sender != NULL && owner != NULL && g_str_equal (sender, owner))
    check->method (self, check->invocation);
  else
    g_dbus_method_invocation_return_error_literal (check->invocation, G_DBUS_ERROR,
                                                   G_DBUS_ERROR_ACCESS_DENIED,
                                                   _("Only GNOME Shell may search Vault"));

  g_application_release (G_APPLICATION (self->app));
  g_object_unref (self);
  g_free (check);
}

/* Asks the bus who owns org.gnome.Shell now, at each call, rather than
 * keeping a name seen earlier: a Shell that restarted has a new unique name,
 * and whoever holds the well-known name at the moment of the call is the
 * Shell. Unique names are never reused, so an earlier caller cannot pose as
 * the new one. */
static gboolean
check_caller (VaultSearchProvider   *self,
              GDBusMethodInvocation *invocation,
              ShellMethod            method)
{
  CallerCheck *check = g_new0 (CallerCheck, 1);

  check->self = g_object_ref (self);
  check->invocation = invocation;
  check->method = method;
  g_application_hold (G_APPLICATION (self->app));
  g_dbus_connection_call (g_dbus_method_invocation_get_connection (invocation),
                          "org.freedesktop.DBus", "/org/freedesktop/DBus",
                          "org.freedesktop.DBus", "GetNameOwner",
                          g_variant_new ("(s)", SHELL_BUS_NAME), G_VARIANT_TYPE ("(s)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, on_shell_owner, check);
  return TRUE;
}

static gboolean
handle_get_initial_result_set (VaultShellSearchProvider2 *skeleton,
                               GDBusMethodInvocation     *invocation,
                               const char * const        *terms,
                               VaultSearchProvider       *self)
{
  return check_caller (self, invocation, get_initial_result_set);
}

static gboolean
handle_get_subsearch_result_set (VaultShellSearchProvider2 *skeleton,
                                 GDBusMethodInvocation     *invocation,
                                 const char * const        *previous,
                                 const char * const        *terms,
                                 VaultSearchProvider       *self)
{
  return check_caller (self, invocation, get_subsearch_result_set);
}

static gboolean
handle_get_result_metas (VaultShellSearchProvider2 *skeleton,
                         GDBusMethodInvocation     *invocation,
                         const char * const        *ids,
                         VaultSearchProvider       *self)
{
  return check_caller (self, invocation, get_result_metas);
}

static gboolean
handle_activate_result (VaultShellSearchProvider2 *skeleton,
                        GDBusMethodInvocation     *invocation,
                        const char                *id,
                        const char * const        *terms,
                        guint                      timestamp,
                        VaultSearchProvider       *self)
{
  return check_caller (self, invocation, activate_result);
}

static gboolean
handle_launch_search (VaultShellSearchProvider2 *skeleton,
                      GDBusMethodInvocation     *invocation,
                      const char * const        *terms,
                      guint                      timestamp,
                      VaultSearchProvider       *self)
{
  return check_caller (self, invocation, launch_search);
}

static void
vault_search_provider_dispose (GObject *object)
{
  VaultSearchProvider *self = VAULT_SEARCH_PROVIDER (object);

  vault_search_provider_unexport (self);
  g_clear_object (&self->skeleton);
  G_OBJECT_CLASS (vault_search_provider_parent_class)->dispose (object);
}

static void
vault_search_provider_class_init (VaultSearchProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = vault_search_provider_dispose;
}

static void
vault_search_provider_init (VaultSearchProvider *self)
{
  self->skeleton = vault_shell_search_provider2_skeleton_new ();

  g_signal_connect (self->skeleton, "handle-get-initial-result-set",
                    G_CALLBACK (handle_get_initial_result_set), self);
  g_signal_connect (self->skeleton, "handle-get-subsearch-result-set",
                    G_CALLBACK (handle_get_subsearch_result_set), self);
  g_signal_connect (self->skeleton, "handle-get-result-metas",
                    G_CALLBACK (handle_get_result_metas), self);
  g_signal_connect (self->skeleton, "handle-activate-result",
                    G_CALLBACK (handle_activate_result), self);
  g_signal_connect (self->skeleton, "handle-launch-search",
                    G_CALLBACK (handle_launch_search), self);
}

VaultSearchProvider *
vault_search_provider_new (VaultApplication *app)
{
  VaultSearchProvider *self = g_object_new (VAULT_TYPE_SEARCH_PROVIDER, NULL);

  self->app = app;
  return self;
}

gboolean
vault_search_provider_export (VaultSearchProvider  *self,
                              GDBusConnection      *connection,
                              GError              **error)
{
  return g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (self->skeleton),
                                           connection, VAULT_SEARCH_PROVIDER_PATH, error);
}

void
vault_search_provider_unexport (VaultSearchProvider *self)
{
  GDBusInterfaceSkeleton *skeleton = G_DBUS_INTERFACE_SKELETON (self->skeleton);

  if (skeleton != NULL && g_dbus_interface_skeleton_get_connection (skeleton) != NULL)
    g_dbus_interface_skeleton_unexport (skeleton);
}
