/* cli-fields.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * vault-cli's one-time codes and custom fields: the totp command, and the
 * --totp and --*field options of add and update.
 */
#pragma once

#include "cli.h"

G_BEGIN_DECLS

typedef struct {
  /* Options */
  char           *totp;         /* a URI, a secret, or "-" */
  gboolean        remove_totp;
  char          **plain;        /* LABEL=VALUE */
  char          **searchable;   /* LABEL=VALUE */
  char          **concealed;    /* LABEL */
  char          **remove;       /* LABEL */
  /* Owned: what VaultEntryFields points to */
  VaultSecureBuf *totp_secret;
  GPtrArray      *values;       /* of VaultSecureBuf, one per concealed field */
  GArray         *specs;        /* of VaultFieldSpec */
  GPtrArray      *strings;
} CliExtras;

void     cli_extras_add_options (CliExtras        *x,
                                 GArray           *entries);
gboolean cli_extras_check       (const CliExtras  *x);
gboolean cli_extras_read        (Cli              *cli,
                                 CliExtras        *x,
                                 GError          **error);
gboolean cli_extras_apply       (CliExtras        *x,
                                 VaultEntry       *entry,
                                 VaultEntryFields *fields,
                                 GError          **error);
void     cli_extras_clear       (CliExtras        *x);

int      cli_print_totp         (VaultStore       *store,
                                 VaultEntry       *entry);
int      cli_print_field        (VaultStore       *store,
                                 VaultEntry       *entry,
                                 const char       *label);
int      cli_print_all_extras   (VaultStore       *store,
                                 VaultEntry       *entry);

G_END_DECLS
