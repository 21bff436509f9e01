#!/usr/bin/env bash
# test-install.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs into a temporary folder and checks every file lands where GNOME
# looks for it. Usage: test-install.sh BUILD_DIR PREFIX
set -u
build=$1
prefix=$2
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT

if ! meson install -C "$build" --no-rebuild --destdir "$dest" >/dev/null 2>"$dest.log"; then
  echo "1..1"; echo "not ok 1 meson install"; sed 's/^/# /' "$dest.log"; rm -f "$dest.log"; exit 1
fi
rm -f "$dest.log"
root="$dest$prefix"

expected=(
  "bin/vault"
  "bin/vault-cli"
  "share/applications/com.example.Vault.desktop"
  "share/metainfo/com.example.Vault.metainfo.xml"
  "share/dbus-1/services/com.example.Vault.service"
  "share/gnome-shell/search-providers/com.example.Vault.search-provider.ini"
  "share/glib-2.0/schemas/com.example.Vault.gschema.xml"
  "share/icons/hicolor/scalable/apps/com.example.Vault.svg"
  "share/icons/hicolor/symbolic/apps/com.example.Vault-symbolic.svg"
)
echo "1..$(( ${#expected[@]} + 2 ))"
n=0
status=0
for f in "${expected[@]}"; do
  n=$((n + 1))
  if [ -f "$root/$f" ]; then echo "ok $n $f"; else echo "not ok $n $f"; status=1; fi
done

n=$((n + 1))
# D-Bus activation starts the installed binary as a service.
if grep -q "^Exec=$prefix/bin/vault --gapplication-service$" \
     "$root/share/dbus-1/services/com.example.Vault.service"; then
  echo "ok $n service file starts $prefix/bin/vault"
else
  echo "not ok $n service file starts $prefix/bin/vault"; status=1
fi

n=$((n + 1))
if grep -q "^DBusActivatable=true$" "$root/share/applications/com.example.Vault.desktop" && \
   grep -q "^DesktopId=com.example.Vault.desktop$" \
     "$root/share/gnome-shell/search-providers/com.example.Vault.search-provider.ini"; then
  echo "ok $n desktop file and search provider name each other"
else
  echo "not ok $n desktop file and search provider name each other"; status=1
fi
exit $status
