#!/usr/bin/env bash
# session.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs a command inside a private desktop session: a throwaway home, a real
# GNOME Keyring unlocked on its "login" collection, and the accessibility
# bus. Meant to run under dbus-run-session (and xvfb-run for windows).
set -euo pipefail

HOME=$(mktemp -d /tmp/vault-session-XXXXXX)
export HOME
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$HOME/runtime"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$HOME"' EXIT

# A non-empty password creates and unlocks the "login" collection.
eval "$(printf 'session' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL

if [ -x /usr/libexec/at-spi-bus-launcher ]; then
  /usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
fi

"$@"
