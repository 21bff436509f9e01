#!/usr/bin/env bash
# make-file-seeds.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Makes the seed corpus of fuzz-file from real vault files: one vault made
# and changed by vault-cli in a throwaway keyring, a copy kept after each
# step, and the Secret Key and recovery codes that open them written to
# fuzz-file-keys.h, so the harness can get past every check. These are
# test keys for test files, printed nowhere else.
#   tests/fuzz/make-file-seeds.sh _build-asan/src/cli/vault-cli
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli=$(realpath "$1")

if [ -z "${FUZZ_SEEDS_SESSION:-}" ]; then
  export FUZZ_SEEDS_SESSION=1
  exec dbus-run-session -- bash "$here/../../scripts/session.sh" bash "$0" "$cli"
fi

master="fuzz master password, not a real one"
out="$here/corpus/file"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vault="$work/vault.json"
run() { printf '%s\n' "$@" >"$work/in"; "$cli" --vault "$vault" "${cmd[@]}" <"$work/in"; }

rm -f "$out"/*
mkdir -p "$out"
cmd=(init); run "$master" >/dev/null
cp "$vault" "$out/v2-empty"
cmd=(secret-key); secret_key=$(run "$master")
cmd=(recovery-key); recovery_key=$(run "$master")
cp "$vault" "$out/v2-recovery-empty"
cmd=(add GitHub --username octo --url https://github.com/login --tag work --tag 코드 --favourite
     --notes "two-factor codes in the drawer"); run "$master" "entry password 1"
cmd=(add "Bank \"quoted\" \\ name" --username "kim@example.com"); run "$master" "entry password 2"
cmd=(add Empty); run "$master" ""
cp "$vault" "$out/v2-three-entries"
cmd=(update GitHub --url https://github.com/); run "$master" "entry password 1, changed"
cp "$vault" "$out/v2-history"
cmd=(delete Empty); run "$master" >/dev/null
cp "$vault" "$out/v2-deleted"
cmd=(recovery-key --remove); run "$master" >/dev/null
cp "$vault" "$out/v2-recovery-removed"

# Variants a reader must also meet: format 1 (no header MAC), a newer format,
# and a file whose KDF cost was raised without the MAC (damaged).
python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
with open(os.path.join(out, "v2-history")) as f:
    doc = json.load(f)
v1 = dict(doc, version=1)
v1.pop("header_mac", None)
with open(os.path.join(out, "v1-history"), "w") as f:
    json.dump(v1, f)
with open(os.path.join(out, "v4-newer"), "w") as f:
    json.dump(dict(doc, version=4), f)
raised = json.loads(json.dumps(doc))
raised["header"]["kdf"]["iterations"] = 4294967295
with open(os.path.join(out, "v2-iterations-raised"), "w") as f:
    json.dump(raised, f)
PY

cat >"$here/fuzz-file-keys.h" <<H
/* fuzz-file-keys.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written by make-file-seeds.sh: what opens the vaults of corpus/file, test
 * keys made in a throwaway keyring for those files and nothing else.
 */
#pragma once

#define FUZZ_MASTER_PASSWORD "$master"
#define FUZZ_SECRET_KEY_CODE "$secret_key"
#define FUZZ_RECOVERY_CODE   "$recovery_key"
H
ls -la "$out"
