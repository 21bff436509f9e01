#!/usr/bin/env bash
# test.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up, builds and runs every test headlessly: a virtual display, a
# private session bus, the real GNOME Keyring. Then the unit and vault-cli
# tests again under ASan, LSan and UBSan (scripts/sanitize.sh), and each
# fuzzer for FUZZ_SECONDS (scripts/fuzz.sh). Ends with the last run's meson
# summary and a line "N passed, N failed, N skipped" over all three.
#
# Arguments go to the main suite's meson test (scripts/test.sh cli);
# SKIP_SANITIZE=1 and SKIP_FUZZ=1 leave out the other two runs.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build.sh || exit 1

status=0
logs=(_build/meson-logs/testlog.json)
times=()

started=$SECONDS
rm -f _build/meson-logs/testlog.json
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash scripts/session.sh \
  meson test -C _build --print-errorlogs "$@" 2>&1 | grep -v "Failed to set fd limit"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
times+=("main suite $((SECONDS - started)) s")

export VAULT_SKIP_SETUP=1
if [ -z "${SKIP_SANITIZE:-}" ]; then
  started=$SECONDS
  rm -f _build-asan/meson-logs/testlog.json
  bash scripts/sanitize.sh || status=1
  logs+=(_build-asan/meson-logs/testlog.json)
  times+=("sanitizers (build and tests) $((SECONDS - started)) s")
fi
if [ -z "${SKIP_FUZZ:-}" ]; then
  started=$SECONDS
  rm -f _build-fuzz/meson-logs/testlog.json
  bash scripts/fuzz.sh || status=1
  logs+=(_build-fuzz/meson-logs/testlog.json)
  times+=("fuzzers, ${FUZZ_SECONDS:-60} s each (build and runs) $((SECONDS - started)) s")
fi

printf '%s\n' "${times[@]}"
/usr/bin/python3 scripts/summary.py "${logs[@]}" || status=1
exit "$status"
