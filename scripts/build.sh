#!/usr/bin/env bash
# build.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Configures (once) and builds Vault in _build/.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f _build/build.ninja ]; then
  meson setup _build --prefix="$PWD/_install" >/dev/null
fi
meson compile -C _build
