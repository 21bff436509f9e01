#!/usr/bin/env bash
# test.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up, builds and runs every test headlessly: a virtual display, a
# private session bus, the real GNOME Keyring. Ends with meson's summary and
# a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build.sh || exit 1

rm -f _build/meson-logs/testlog.json
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash scripts/session.sh \
  meson test -C _build --print-errorlogs "$@" 2>&1 | grep -v "Failed to set fd limit"
status=${PIPESTATUS[0]}

/usr/bin/python3 scripts/summary.py _build/meson-logs/testlog.json || status=1
exit "$status"
