/* vault-store-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an entry holds beyond the login: its one-time code secret and its
 * custom fields, set, checked, sealed and opened.
 */
#include "config.h"

#include "vault-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "vault-entry-private.h"
#include "vault-error.h"

#define FIELD_ID_BYTES 8

char *
vault_store_custom_field_name (const char *field_id)
{
  return g_strconcat ("field:", field_id, NULL);
}

/* --- Checking ------------------------------------------------------------------ */

static const VaultEntryField *
find_field_by_id (VaultEntry *entry,
                  const char *id)
{
  GArray *fields = entry != NULL ? vault_entry_get_fields (entry) : NULL;

  for (guint i = 0; id != NULL && fields != NULL && i < fields->len; i++)
    if (strcmp (g_array_index (fields, VaultEntryField, i).id, id) == 0)
      return &g_array_index (fields, VaultEntryField, i);
  return NULL;
}

static gboolean
check_field (VaultEntry            *entry,
             const VaultFieldSpec  *spec,
             GError               **error)
{
  const VaultEntryField *old = find_field_by_id (entry, spec->id);

  if (spec->label == NULL || !g_utf8_validate (spec->label, -1, NULL) || *spec->label == '\0')
    {
      g_set_error_literal (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                           _("A custom field needs a name."));
      return FALSE;
    }
  if (strlen (spec->label) > VAULT_MAX_FIELD_LABEL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("A custom field’s name is longer than %d bytes."), VAULT_MAX_FIELD_LABEL);
      return FALSE;
    }
  if (spec->value == NULL && old == NULL)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The custom field “%s” has no value."), spec->label);
      return FALSE;
    }
  /* A kept value must stay what it was: sealed stays sealed. */
  if (spec->value == NULL && old->concealed != !!spec->concealed)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The custom field “%s” is concealed or shown with its value given."),
                   spec->label);
      return FALSE;
    }
  if (spec->value != NULL && !g_utf8_validate (spec->value, -1, NULL))
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The value of the custom field “%s” is not valid UTF-8."), spec->label);
      return FALSE;
    }
  if (spec->value != NULL && strlen (spec->value) > VAULT_MAX_FIELD_VALUE)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("The value of the custom field “%s” is longer than %d MB."),
                   spec->label, VAULT_MAX_FIELD_VALUE / (1024 * 1024));
      return FALSE;
    }
  return TRUE;
}

gboolean
vault_store_check_extras (VaultStore              *self,
                          VaultEntry              *entry,
                          const VaultEntryFields  *fields,
                          GError                 **error)
{
  if (fields->totp != NULL && *fields->totp != '\0')
    {
      g_autoptr(VaultTotp) totp = vault_totp_parse (fields->totp, error);

      if (totp == NULL)
        return FALSE;
    }
  if (!fields->set_custom_fields)
    return TRUE;

  if (fields->n_custom_fields > VAULT_MAX_FIELDS)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                   _("An entry holds at most %d custom fields."), VAULT_MAX_FIELDS);
      return FALSE;
    }
  g_return_val_if_fail (fields->n_custom_fields == 0 || fields->custom_fields != NULL, FALSE);
  for (guint i = 0; i < fields->n_custom_fields; i++)
    {
      if (!check_field (entry, &fields->custom_fields[i], error))
        return FALSE;
      /* One field given twice would be kept twice under one id. */
      for (guint j = 0; j < i && fields->custom_fields[i].id != NULL; j++)
        if (g_strcmp0 (fields->custom_fields[j].id, fields->custom_fields[i].id) == 0)
          {
            g_set_error (error, VAULT_ERROR, VAULT_ERROR_INVALID_ARGUMENT,
                         _("The custom field “%s” is given twice."),
                         fields->custom_fields[i].label);
            return FALSE;
          }
    }
  return TRUE;
}

/* --- Applying ------------------------------------------------------------------ */

static char *
new_field_id (GArray *taken)
{
  for (;;)
    {
      guint8 bytes[FIELD_ID_BYTES];
      g_autofree char *id = NULL;
      gboolean used = FALSE;

      vault_random_bytes (bytes, sizeof bytes);
      id = g_malloc (2 * sizeof bytes + 1);
      for (guint i = 0; i < sizeof bytes; i++)
        g_snprintf (id + 2 * i, 3, "%02x", bytes[i]);
      for (guint i = 0; i < taken->len && !used; i++)
        used = strcmp (g_array_index (taken, VaultEntryField, i).id, id) == 0;
      if (!used)
        return g_steal_pointer (&id);
    }
}

static GBytes *
seal_custom (VaultStore *self,
             VaultEntry *entry,
             const char *field_id,
             const char *value)
{
  g_autofree char *name = vault_store_custom_field_name (field_id);

  return vault_store_seal_field (self, entry, name, value);
}

void
vault_store_apply_extras (VaultStore             *self,
                          VaultEntry             *entry,
                          const VaultEntryFields *fields)
{
  if (fields->totp != NULL)
    {
      g_autoptr(GBytes) sealed = NULL;

      /* Kept as the URI Vault writes, whatever form was pasted. */
      if (*fields->totp != '\0')
        {
          g_autoptr(VaultTotp) totp = vault_totp_parse (fields->totp, NULL);
          g_autoptr(VaultSecureBuf) uri = NULL;

          g_assert (totp != NULL);
          uri = vault_totp_to_uri (totp);
          sealed = vault_store_seal_field (self, entry, "totp", vault_secure_buf_get_string (uri));
        }
      vault_entry_set_sealed_totp (entry, sealed);
    }

  if (fields->set_custom_fields)
    {
      GArray *list = vault_fields_new ();

      for (guint i = 0; i < fields->n_custom_fields; i++)
        {
          const VaultFieldSpec *spec = &fields->custom_fields[i];
          const VaultEntryField *old = find_field_by_id (entry, spec->id);
          VaultEntryField field = { 0 };

          field.id = old != NULL ? g_strdup (old->id) : new_field_id (list);
          field.label = g_strdup (spec->label);
          field.concealed = !!spec->concealed;
          field.searchable = !spec->concealed && spec->searchable;
          if (spec->value == NULL)
            {
              /* Kept as it is: a concealed value is not opened to move it. */
              field.value = g_strdup (old->value);
              field.sealed = old->sealed != NULL ? g_bytes_ref (old->sealed) : NULL;
            }
          else if (field.concealed)
            field.sealed = seal_custom (self, entry, field.id, spec->value);
          else
            field.value = g_strdup (spec->value);
          g_array_append_val (list, field);
        }
      vault_store_drop_search_index (self);
      vault_entry_set_fields (entry, list);
    }
}

/* --- Opening ------------------------------------------------------------------- */

VaultSecureBuf *
vault_store_reveal_totp (VaultStore  *self,
                         VaultEntry  *entry,
                         GError     **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;
  data = vault_entry_get_sealed_totp (entry, &len);
  return vault_store_open_field (self, entry, "totp", data, len, error);
}

VaultTotp *
vault_store_get_totp (VaultStore  *self,
                      VaultEntry  *entry,
                      GError     **error)
{
  g_autoptr(VaultSecureBuf) uri = NULL;
  g_autoptr(GError) parse_error = NULL;
  VaultTotp *totp;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if ((uri = vault_store_reveal_totp (self, entry, error)) == NULL)
    return NULL;
  if (uri->len == 0)
    {
      g_set_error (error, VAULT_ERROR, VAULT_ERROR_NOT_FOUND,
                   _("“%s” has no one-time code."), vault_entry_get_title (entry));
      return NULL;
    }
  totp = vault_totp_parse (vault_secure_buf_get_string (uri), &parse_error);
  if (totp == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("The one-time code of “%s” is damaged: %s"), vault_entry_get_title (entry),
                 parse_error->message);
  return totp;
}

VaultSecureBuf *
vault_store_get_totp_code (VaultStore  *self,
                           VaultEntry  *entry,
                           gint64       now,
                           guint       *remaining,
                           guint       *period,
                           GError     **error)
{
  g_autoptr(VaultTotp) totp = NULL;
  g_autoptr(VaultSecureBuf) code = NULL;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);

  if ((totp = vault_store_get_totp (self, entry, error)) == NULL)
    return NULL;
  code = vault_secure_buf_new (VAULT_TOTP_CODE_SIZE);
  if (!vault_totp_generate (totp, now, (char *) code->data, error))
    return NULL;
  code->len = strlen ((const char *) code->data);
  if (remaining != NULL)
    *remaining = vault_totp_get_remaining (totp, now);
  if (period != NULL)
    *period = vault_totp_get_period (totp);
  return g_steal_pointer (&code);
}

VaultSecureBuf *
vault_store_reveal_field (VaultStore  *self,
                          VaultEntry  *entry,
                          guint        index,
                          GError     **error)
{
  const VaultEntryField *field;
  g_autofree char *name = NULL;
  VaultSecureBuf *value;

  g_return_val_if_fail (VAULT_IS_STORE (self), NULL);
  g_return_val_if_fail (VAULT_IS_ENTRY (entry), NULL);
  g_return_val_if_fail (index < vault_entry_get_n_fields (entry), NULL);

  if (!vault_store_check_unlocked (self, error))
    return NULL;
  field = &g_array_index (vault_entry_get_fields (entry), VaultEntryField, index);
  if (!field->concealed)
    return vault_secure_buf_new_from_string (field->value);
  if (field->sealed == NULL)
    return vault_secure_buf_new (0);

  name = vault_store_custom_field_name (field->id);
  value = vault_store_open_field (self, entry, name, g_bytes_get_data (field->sealed, NULL),
                                  g_bytes_get_size (field->sealed), NULL);
  if (value == NULL)
    g_set_error (error, VAULT_ERROR, VAULT_ERROR_DAMAGED,
                 _("The field “%s” of “%s” is damaged or was changed."), field->label,
                 vault_entry_get_title (entry));
  return value;
}
