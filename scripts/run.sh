#!/usr/bin/env bash
# run.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up, builds and runs Vault's desktop app from the build tree, on your
# desktop and with your keyring (the vault is
# $XDG_DATA_HOME/com.example.Vault/vault.json, as for vault-cli).
# With --demo, or where there is no desktop session to show it in, it runs a
# throwaway vault in a private session instead, and touches nothing of yours.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh >/dev/null

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
# Translations from the build tree (LANGUAGE=ko ./scripts/run.sh runs it in Korean).
export VAULT_LOCALEDIR="$PWD/_build/po"
app="$PWD/_build/src/app/vault"

if [ "${1:-}" != "--demo" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && \
   [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$app"
fi

# A demo: a private session with its own keyring and a sample vault, shown in
# a virtual display if there is no real one; vault-cli fills it first.
demo=$(cat <<'DEMO'
set -e
cli=_build/src/cli/vault-cli
printf 'demo master password\n' | $cli init >/dev/null
for site in GitHub Mail Nextcloud 한국전력; do
  printf 'demo master password\n' | $cli add "$site" --username demo --generate >/dev/null
done
echo "Sample vault ready. Its master password is: demo master password"
echo "vault-cli list:"
printf 'demo master password\n' | $cli list
exec _build/src/app/vault
DEMO
)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  dbus-run-session -- bash scripts/session.sh bash -c "$demo"
else
  echo "No display: running under Xvfb for ten seconds, then taking a screenshot (vault-demo.png)."
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash scripts/session.sh bash -c "
    ( sleep 10; import -window root '$PWD/vault-demo.png'; kill \$PPID ) &
    $demo" 2> >(grep -v "fd limit" >&2) || true
fi
