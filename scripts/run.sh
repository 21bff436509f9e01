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

echo "Checking the Debian packages Vault needs…"
bash scripts/setup.sh
echo "Building Vault in _build/ (the first time takes a few minutes)…"
bash scripts/build.sh >/dev/null

export GSETTINGS_SCHEMA_DIR="$PWD/_build/data"
# Translations from the build tree (LANGUAGE=ko ./scripts/run.sh runs it in Korean).
export VAULT_LOCALEDIR="$PWD/_build/po"
app="$PWD/_build/src/app/vault"

if [ "${1:-}" != "--demo" ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && \
   [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec "$app"
fi

# A demo: a private session (its own D-Bus, GNOME Keyring and home folder in
# /tmp, settings in a key file there) with a sample vault, shown in a virtual
# display if there is no real one. vault-cli fills the vault; the app starts
# and the sample password is typed into it over the accessibility bus.
demo=$(cat <<'DEMO'
set -e
export GSETTINGS_BACKEND=keyfile
cli=_build/src/cli/vault-cli
password='demo master password'
echo "Demo: a private session with its own keyring, in $HOME; your vault, keyring and settings are not touched."
echo "Creating a sample vault with four entries…"
printf '%s\n' "$password" | $cli init >/dev/null
for site in GitHub Mail Nextcloud 한국전력; do
  printf '%s\n' "$password" | $cli add "$site" --username demo --generate >/dev/null
done
echo "Starting Vault and unlocking the sample vault (its master password: $password)…"
_build/src/app/vault &
app=$!
printf '%s\n' "$password" | /usr/bin/python3 scripts/demo-unlock.py "$app" 2>/dev/null \
  && echo "Vault is open. Lock it with Ctrl+L; close the window to end the demo." \
  || echo "Could not unlock it for you: type the master password above."
wait "$app"
DEMO
)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  dbus-run-session -- bash scripts/session.sh bash -c "$demo"
else
  echo "No display: running under Xvfb for twenty seconds, then taking a screenshot (vault-demo.png)."
  xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- bash scripts/session.sh bash -c "
    ( sleep 20; import -window root '$PWD/vault-demo.png'; kill \$PPID ) &
    $demo" 2> >(grep -v "fd limit\|shader cache" >&2) || true
fi
