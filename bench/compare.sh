#!/usr/bin/env bash
# compare.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# vault-cli beside keepassxc-cli (installed here if missing), in a private
# session with its own keyring: everyday commands (compare.py), then
# importing (import.py). SIZES="1000 10000" and RUNS=5 may be set;
# ONLY=import runs only the second.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if ! command -v keepassxc-cli >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends keepassxc
fi
bash scripts/build.sh >/dev/null
for script in compare import; do
  if [ -n "${ONLY:-}" ] && [ "$ONLY" != "$script" ]; then
    continue
  fi
  dbus-run-session -- bash scripts/session.sh /usr/bin/python3 "bench/$script.py" \
    2> >(grep -v "fd limit" >&2)
done
