/* cli.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What vault-cli's command files share: the run's state, exit codes, and helpers.
 */
#pragma once

#include <glib.h>

#include "vault-core.h"

G_BEGIN_DECLS

/* The exit codes are a contract with scripts. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct {
  char     *vault_path;
  gboolean  interactive;
} Cli;

typedef int (*CommandFunc) (Cli *cli, int argc, char **argv);

void         cli_fail          (const char  *message);
int          cli_fail_error    (GError      *error);
int          cli_usage_error   (const char  *message);
gboolean     cli_parse_options (GOptionEntry *entries,
                                const char   *parameter,
                                int          *argc,
                                char       ***argv,
                                int           min_args,
                                int           max_args,
                                int          *status);
VaultStore  *cli_unlock        (Cli         *cli,
                                GError     **error);
VaultStore  *cli_unlock_with_password (Cli             *cli,
                                       VaultSecureBuf **password,
                                       GError         **error);
int          cli_save_or_fail  (VaultStore  *store);
/* cli-merge.c: a save that merges what another program saved meanwhile,
 * and the conflict copies merged after every unlock. */
gboolean     cli_save          (VaultStore  *store,
                                GError     **error);
void         cli_merge_conflict_copies (Cli        *cli,
                                        VaultStore *store);
gboolean     cli_write_secret  (const VaultSecureBuf *secret);
int          cli_print_secret  (const VaultSecureBuf *secret);

VaultSecureBuf *cli_generate   (int                length,
                                int                words,
                                VaultCharClasses   classes,
                                GError           **error);

/* Commands, by file: cli-keys.c, cli-entries.c (and cli-fields.c),
 * cli-generate.c, cli-transfer.c, cli-merge.c. */
int cli_cmd_init               (Cli *cli, int argc, char **argv);
int cli_cmd_passwd             (Cli *cli, int argc, char **argv);
int cli_cmd_secret_key         (Cli *cli, int argc, char **argv);
int cli_cmd_restore_secret_key (Cli *cli, int argc, char **argv);
int cli_cmd_recovery_key       (Cli *cli, int argc, char **argv);
int cli_cmd_recover            (Cli *cli, int argc, char **argv);
int cli_cmd_add                (Cli *cli, int argc, char **argv);
int cli_cmd_update             (Cli *cli, int argc, char **argv);
int cli_cmd_delete             (Cli *cli, int argc, char **argv);
int cli_cmd_show               (Cli *cli, int argc, char **argv);
int cli_cmd_totp               (Cli *cli, int argc, char **argv);
int cli_cmd_list               (Cli *cli, int argc, char **argv);
int cli_cmd_search             (Cli *cli, int argc, char **argv);
int cli_cmd_generate           (Cli *cli, int argc, char **argv);
int cli_cmd_import             (Cli *cli, int argc, char **argv);
int cli_cmd_export             (Cli *cli, int argc, char **argv);
int cli_cmd_merge              (Cli *cli, int argc, char **argv);

G_END_DECLS
