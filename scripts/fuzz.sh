#!/usr/bin/env bash
# fuzz.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer harnesses (tests/fuzz) with clang, ASan and UBSan in
# _build-fuzz/ and runs each for FUZZ_SECONDS (default 60), or only those
# named: FUZZ_SECONDS=3600 scripts/fuzz.sh fuzz-file. Fails on any crash,
# leak, hang or blown memory limit; the input is kept in
# _build-fuzz/fuzz/crashes/<harness>/ and the failure says how to replay it.
set -uo pipefail
cd "$(dirname "$0")/.."

build=${FUZZ_BUILD:-_build-fuzz}
export FUZZ_SECONDS=${FUZZ_SECONDS:-60}

if [ -z "${VAULT_SKIP_SETUP:-}" ]; then
  bash scripts/setup.sh || exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
  # The engine is built with the harnesses' sanitizers and coverage, so that
  # a bug inside it is caught and its branches guide the mutations.
  CC=clang meson setup "$build" -Dfuzzing=true \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=undefined >/dev/null || exit 1
fi

# Only the engine and the harnesses: the app is not fuzzed, so not built.
targets=()
for source in tests/fuzz/fuzz-*.c; do
  targets+=("$(basename "$source" .c)")
done
# (Regenerating first, so that a harness added since the last build is a target.)
ninja -C "$build" build.ninja >/dev/null || exit 1
meson compile -C "$build" "${targets[@]}" || exit 1

rm -f "$build/meson-logs/testlog.json"
meson test -C "$build" --no-rebuild --suite fuzz --print-errorlogs "$@"
