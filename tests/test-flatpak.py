#!/usr/bin/python3
# test-flatpak.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Flatpak manifest cannot be built here (no network), so check what can
# be checked: it parses, it runs the right app on the GNOME runtime, it asks
# for no more than the app needs, and every module and file it names exists.

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import run, test  # noqa: E402

TOP = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
PATH = os.path.join(TOP, "flatpak", "com.example.Vault.json")

with open(PATH, encoding="utf-8") as f:
    manifest = json.load(f)


@test
def runs_vault_on_the_gnome_runtime():
    assert manifest["app-id"] == "com.example.Vault"
    assert manifest["runtime"] == "org.gnome.Platform"
    assert manifest["sdk"] == "org.gnome.Sdk"
    assert int(manifest["runtime-version"]) >= 45
    assert manifest["command"] == "vault"


@test
def asks_only_for_what_it_needs():
    args = manifest["finish-args"]
    # No network and no files outside its own data: the vault lives in the
    # app's data folder, the Emergency Kit is saved through the file portal,
    # the Secret Key through the Secret portal.
    for forbidden in ("--share=network", "--filesystem=home", "--filesystem=host",
                      "--talk-name=org.freedesktop.secrets", "--socket=session-bus"):
        assert forbidden not in args, forbidden
    assert not [a for a in args if a.startswith("--filesystem")], args
    assert "--socket=wayland" in args and "--socket=fallback-x11" in args


@test
def every_module_has_its_sources():
    names = [m["name"] for m in manifest["modules"]]
    assert names[-1] == "vault", names
    # The libraries meson.build asks for that the GNOME runtime lacks.
    for lacking in ("zxcvbn-c", "zbar", "libcsv", "argon2", "oath-toolkit"):
        assert lacking in names, lacking
    for module in manifest["modules"]:
        assert module.get("sources"), module["name"]
        for source in module["sources"]:
            if source["type"] == "dir":
                folder = os.path.normpath(os.path.join(TOP, "flatpak", source["path"]))
                assert os.path.isfile(os.path.join(folder, "meson.build")), folder
            elif source["type"] == "git":
                assert source["url"].startswith("https://") and ("tag" in source or
                                                                 "commit" in source)
            elif source["type"] == "archive":
                # A release tarball is pinned by its checksum (these from
                # Debian's signed .dsc files).
                assert source["url"].startswith("https://"), source["url"]
                assert len(source.get("sha256", "")) == 64, source["url"]
            elif source["type"] in ("file", "patch"):
                assert os.path.exists(os.path.join(TOP, "flatpak", source["path"]))


@test
def the_files_it_installs_exist():
    for path in ("com.example.Vault.desktop.in.in", "data/com.example.Vault.metainfo.xml.in.in",
                 "data/com.example.Vault.service.in", "data/com.example.Vault.gschema.xml",
                 "data/icons/hicolor/scalable/apps/com.example.Vault.svg",
                 "data/icons/hicolor/symbolic/apps/com.example.Vault-symbolic.svg"):
        assert os.path.isfile(os.path.join(TOP, path)), path


if __name__ == "__main__":
    sys.exit(run())
