/* vault-search.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching a typed query against entries. Text is decomposed (NFKD) and case
 * folded on both sides, so a Korean title written with precomposed syllables
 * matches a query an input method sent as jamo, and a half-typed syllable
 * already matches the syllables that start with it.
 */
#include "vault-search.h"

#include <string.h>

#include "vault-entry.h"

struct _VaultSearchQuery
{
  char *normalized;
  GStrv terms; /* normalised; every one must match */
};

char *
vault_search_normalize (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");
  /* NFKD leaves ASCII as it is and case folding lowers it: most titles,
   * user names and addresses need no Unicode tables at all. */
  if (g_str_is_ascii (text))
    return g_ascii_strdown (text, -1);

  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  folded = g_utf8_casefold (decomposed, -1);
  /* Case folding can compose again (e.g. U+0130); decompose once more. */
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
}

VaultSearchQuery *
vault_search_query_new (const char *text)
{
  VaultSearchQuery *query = g_new0 (VaultSearchQuery, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char *p;

  query->normalized = vault_search_normalize (text);
  p = query->normalized;

  /* Split on any Unicode white space, not only ASCII. */
  while (*p != '\0')
    {
      g_autofree char *term = NULL;
      char *start;

      while (*p != '\0' && g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      if (*p == '\0')
        break;
      start = p;
      while (*p != '\0' && !g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      term = g_strndup (start, p - start);
      g_strv_builder_add (builder, term);
    }

  query->terms = g_strv_builder_end (builder);
  return query;
}

gboolean
vault_search_query_is_empty (VaultSearchQuery *query)
{
  return query->terms[0] == NULL;
}

gboolean
vault_search_query_matches_key (VaultSearchQuery *query,
                                const char       *search_key)
{
  for (guint i = 0; query->terms[i] != NULL; i++)
    if (strstr (search_key, query->terms[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
vault_search_query_matches (VaultSearchQuery *query,
                            VaultEntry       *entry)
{
  return vault_search_query_matches_key (query, vault_entry_get_search_key (entry));
}

/* Typing more after a query only lengthens its last term or adds terms, and
 * every term is a substring test on the same key: the normalised text of
 * the narrower query starts with the other's. Normalised, so a Hangul
 * syllable growing a final consonant while it is composed still counts. */
gboolean
vault_search_query_narrows (VaultSearchQuery *query,
                            VaultSearchQuery *narrower)
{
  if (query == NULL)
    return TRUE;
  if (narrower == NULL)
    return query->terms[0] == NULL;
  return g_str_has_prefix (narrower->normalized, query->normalized);
}

void
vault_search_query_free (VaultSearchQuery *query)
{
  if (query == NULL)
    return;
  g_strfreev (query->terms);
  g_free (query->normalized);
  g_free (query);
}
