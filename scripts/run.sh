#!/usr/bin/env bash
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up, builds and runs Vault. Until the desktop app lands this shows
# vault-cli at work on a throwaway vault, in a private session with its own
# keyring, so nothing of yours is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh >/dev/null

demo=$(cat <<'DEMO'
set -e
cli=_build/src/cli/vault-cli
vault="$HOME/demo-vault.json"
say() { printf '\n$ %s\n' "$*"; }
say "vault-cli init"
printf 'demo master password\n' | $cli --vault "$vault" init
say "vault-cli add GitHub --username octo --url https://github.com --generate"
printf 'demo master password\n' | $cli --vault "$vault" add GitHub --username octo --url https://github.com --generate
say "vault-cli add 한국은행 --username kim"
printf 'demo master password\nbank password\n' | $cli --vault "$vault" add 한국은행 --username kim
say "vault-cli list"
printf 'demo master password\n' | $cli --vault "$vault" list
say "vault-cli search git"
printf 'demo master password\n' | $cli --vault "$vault" search git
say "vault-cli show GitHub --all"
printf 'demo master password\n' | $cli --vault "$vault" show GitHub --all
say "vault-cli secret-key"
printf 'demo master password\n' | $cli --vault "$vault" secret-key
say "vault-cli generate --words 5"
$cli generate --words 5
DEMO
)
dbus-run-session -- bash scripts/session.sh bash -c "$demo" 2> >(grep -v "fd limit" >&2)
