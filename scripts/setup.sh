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
  libjson-glib-dev libzxcvbn-dev libcsv-dev libargon2-dev
  # one-time codes (liboath), and Debian's oathtool to test them against
  liboath-dev oathtool
  # the real KeePassXC, to test KDBX import and export against
  keepassxc
  desktop-file-utils appstream
  gnome-keyring libsecret-tools dbus dbus-x11
  xvfb xauth at-spi2-core python3 python3-dogtail imagemagick util-linux
  xclip xdotool poppler-utils fonts-nanum locales
  # two real Syncthing daemons carry the vault between two test devices;
  # ss (iproute2) checks that they never leave 127.0.0.1
  syncthing iproute2
  # QR code images of one-time code secrets, and their tests
  libzbar-dev qrencode oathtool
  # libFuzzer and clang's sanitizer runtimes, for scripts/fuzz.sh
  clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Korean locale, to run (and test) the app in Korean.
if ! locale -a 2>/dev/null | grep -qi '^ko_KR.utf8$'; then
  grep -q '^ko_KR.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null || \
    echo 'ko_KR.UTF-8 UTF-8' | $sudo tee -a /etc/locale.gen >/dev/null
  $sudo locale-gen ko_KR.UTF-8 >/dev/null
fi
