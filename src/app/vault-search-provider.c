/* vault-search-provider.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vault in the Activities search. While unlocked, every typed term must
 * match an entry's title, username, URL or tags; a result shows the title,
 * the username and the site, never a secret, and activating it copies the
 * password with the app's usual clearing. While locked, nothing is
 * revealed, not even a title: one result says the vault is locked.
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
  return strcmp (vault_entry_get_sort_key (*(VaultEntry **) a),
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
  for (guint i = 0; i < found->len && i < MAX_RESULTS; i++)
    g_strv_builder_add (builder, vault_entry_get_id (found->pdata[i]));
  return g_strv_builder_end (builder);
}

static gboolean
handle_get_initial_result_set (VaultShellSearchProvider2 *skeleton,
                               GDBusMethodInvocation     *invocation,
                               const char * const        *terms,
                               VaultSearchProvider       *self)
{
  g_auto(GStrv) results = NULL;

  g_application_hold (G_APPLICATION (self->app));
  results = search (self, terms);
  vault_shell_search_provider2_complete_get_initial_result_set (skeleton, invocation,
                                                                (const char * const *) results);
  g_application_release (G_APPLICATION (self->app));
  return TRUE;
}

static gboolean
handle_get_subsearch_result_set (VaultShellSearchProvider2 *skeleton,
                                 GDBusMethodInvocation     *invocation,
                                 const char * const        *previous,
                                 const char * const        *terms,
                                 VaultSearchProvider       *self)
{
  g_auto(GStrv) results = NULL;

  g_application_hold (G_APPLICATION (self->app));
  results = search (self, terms);
  vault_shell_search_provider2_complete_get_subsearch_result_set (skeleton, invocation,
                                                                  (const char * const *) results);
  g_application_release (G_APPLICATION (self->app));
  return TRUE;
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

static gboolean
handle_get_result_metas (VaultShellSearchProvider2 *skeleton,
                         GDBusMethodInvocation     *invocation,
                         const char * const        *ids,
                         VaultSearchProvider       *self)
{
  VaultStore *store = vault_application_get_store (self->app);
  GVariantBuilder metas;

  g_application_hold (G_APPLICATION (self->app));
  g_variant_builder_init (&metas, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; ids[i] != NULL; i++)
    {
      VaultEntry *entry;
      g_autofree char *site = NULL;
      g_autofree char *description = NULL;
      const char *username;

      if (store == NULL || g_str_equal (ids[i], VAULT_SEARCH_LOCKED_ID))
        {
          if (g_str_equal (ids[i], VAULT_SEARCH_LOCKED_ID))
            add_meta (&metas, ids[i], _("Vault is locked"),
                      _("Unlock Vault to search your logins"));
          continue;
        }
      if ((entry = vault_store_find_by_id (store, ids[i])) == NULL)
        continue;

      /* Only overview fields: no password, note or history ever. */
      username = vault_entry_get_username (entry);
      site = site_of (vault_entry_get_url (entry));
      if (*username && site)
        /* Translators: a search result's description: user name — web site. */
        description = g_strdup_printf (_("%s — %s"), username, site);
      else
        description = g_strdup (*username ? username : site ? site : "");
      add_meta (&metas, ids[i], vault_entry_get_title (entry), description);
    }
  vault_shell_search_provider2_complete_get_result_metas (skeleton, invocation,
                                                          g_variant_builder_end (&metas));
  g_application_release (G_APPLICATION (self->app));
  return TRUE;
}

static gboolean
handle_activate_result (VaultShellSearchProvider2 *skeleton,
                        GDBusMethodInvocation     *invocation,
                        const char                *id,
                        const char * const        *terms,
                        guint                      timestamp,
                        VaultSearchProvider       *self)
{
  VaultStore *store = vault_application_get_store (self->app);
  VaultEntry *entry = store ? vault_store_find_by_id (store, id) : NULL;

  if (entry == NULL)
    {
      /* Locked (or gone): bring up the unlock window. */
      g_application_activate (G_APPLICATION (self->app));
    }
  else
    {
      g_autoptr(VaultSecureBuf) password = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *title = NULL;
      g_autofree char *body = NULL;
      guint delay = g_settings_get_uint (vault_application_get_settings (self->app),
                                         "clipboard-clear-delay");

      password = vault_store_reveal (store, entry, VAULT_FIELD_PASSWORD, &error);
      if (password != NULL)
        {
          vault_clipboard_copy_secret (vault_application_get_clipboard (self->app),
                                       gdk_display_get_clipboard (gdk_display_get_default ()),
                                       password, delay);
          /* Translators: %s is an entry's title. */
          title = g_strdup_printf (_("Password for “%s” copied"), vault_entry_get_title (entry));
          body = g_strdup_printf (ngettext ("The clipboard will be cleared in %u second.",
                                            "The clipboard will be cleared in %u seconds.",
                                            delay), delay);
        }
      else
        {
          title = g_strdup (_("Could not copy the password"));
          body = g_strdup (error->message);
        }
      notification = g_notification_new (title);
      g_notification_set_body (notification, body);
      g_application_send_notification (G_APPLICATION (self->app), "copied", notification);
    }

  vault_shell_search_provider2_complete_activate_result (skeleton, invocation);
  return TRUE;
}

static gboolean
handle_launch_search (VaultShellSearchProvider2 *skeleton,
                      GDBusMethodInvocation     *invocation,
                      const char * const        *terms,
                      guint                      timestamp,
                      VaultSearchProvider       *self)
{
  g_autofree char *text = join_terms (terms);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self->app));
  window = gtk_application_get_active_window (GTK_APPLICATION (self->app));
  if (VAULT_IS_WINDOW (window))
    vault_window_set_search (VAULT_WINDOW (window), text);

  vault_shell_search_provider2_complete_launch_search (skeleton, invocation);
  return TRUE;
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
