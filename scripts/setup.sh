#!/usr/bin/env bash
# setup.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the Debian 12 packages Vault needs to build, run and test, and
# only those that are missing. Safe to run again.
set -euo pipefail

packages=(
  build-essential pkg-config meson ninja-build gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsecret-1-dev nettle-dev
  libjson-glib-dev libzxcvbn-dev
  desktop-file-utils appstream
  gnome-keyring libsecret-tools dbus dbus-x11
  xvfb xauth at-spi2-core python3 python3-dogtail imagemagick util-linux
  xclip xdotool poppler-utils fonts-nanum
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
