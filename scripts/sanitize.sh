#!/usr/bin/env bash
# sanitize.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the whole project with AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer in _build-asan/ and runs the unit suite and the
# vault-cli end-to-end test under them, in the same headless session as
# scripts/test.sh. Any sanitizer report fails the test it came from. Extra
# arguments go to meson test.
set -uo pipefail
cd "$(dirname "$0")/.."

build=${SANITIZE_BUILD:-_build-asan}

if [ -z "${VAULT_SKIP_SETUP:-}" ]; then
  bash scripts/setup.sh || exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
  # Undefined behaviour stops the program, as a memory error does, so that a
  # test cannot pass over it.
  meson setup "$build" -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=undefined >/dev/null || exit 1
fi
meson compile -C "$build" >/dev/null || meson compile -C "$build" || exit 1

# GLib and its friends are built without frame pointers: only the slow
# unwinder gives the whole stack, which the suppressions and a person need.
export ASAN_OPTIONS="detect_leaks=1:fast_unwind_on_malloc=0:strict_string_checks=1:${ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0:${LSAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
# GSlice's own allocator (GLib 2.74) would hide its blocks from ASan.
export G_SLICE=always-malloc

tests=($(meson test -C "$build" --list --no-rebuild --suite unit 2>/dev/null | sed 's|.* / ||') cli cli-otp cli-import)

rm -f "$build/meson-logs/testlog.json"
xvfb-run -a -s "-screen 0 1280x800x24" \
  dbus-run-session -- bash scripts/session.sh \
  meson test -C "$build" --no-rebuild --print-errorlogs "$@" "${tests[@]}" 2>&1 \
  | grep -v "Failed to set fd limit"
exit "${PIPESTATUS[0]}"
