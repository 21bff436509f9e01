#!/usr/bin/env bash
# screenshots.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Rebuilds docs/screenshots/ from a real run of the app, light and dark.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh >/dev/null
export VAULT_CLI="$PWD/_build/src/cli/vault-cli" VAULT_APP="$PWD/_build/src/app/vault"
export VAULT_SCHEMA_DIR="$PWD/_build/data"
scripts=(screenshots.py screenshots-transfer.py screenshots-sync.py screenshots-health.py screenshots-otp.py)
for scheme in default prefer-dark; do
  for script in "${scripts[@]}"; do
    ADW_DEBUG_COLOR_SCHEME=$scheme xvfb-run -a -s "-screen 0 1280x800x24" \
      dbus-run-session -- bash scripts/session.sh /usr/bin/python3 "scripts/$script" \
      2> >(grep -v "fd limit\|dbind-WARNING" >&2)
  done
done

# The app in Korean: the translations are read from the install prefix.
meson install -C _build --no-rebuild >/dev/null
if locale -a | grep -qi '^ko_KR.utf8$'; then
  for script in "${scripts[@]}"; do
    LANG=ko_KR.UTF-8 LANGUAGE=ko SHOT_SUFFIX=-ko xvfb-run -a -s "-screen 0 1280x800x24" \
      dbus-run-session -- bash scripts/session.sh /usr/bin/python3 "scripts/$script" \
      2> >(grep -v "fd limit\|dbind-WARNING" >&2)
  done
else
  echo "No ko_KR.UTF-8 locale here (locale-gen ko_KR.UTF-8): no Korean screenshots." >&2
fi
