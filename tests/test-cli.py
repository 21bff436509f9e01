#!/usr/bin/python3
# test-cli.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# vault-cli end to end: the real binary, the real GNOME Keyring of the test
# session, real files. Each check is what a person or a script would see.

import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import termios
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import Skip, run, test  # noqa: E402

CLI = os.environ.get("VAULT_CLI") or sys.exit("VAULT_CLI is not set")
MASTER = "correct horse battery staple"
WORK = tempfile.mkdtemp(prefix="vault-cli-test-")
VAULT = os.path.join(WORK, "vault.json")
CODE_RE = re.compile(r"^K1(-[0-9A-Z]{6}){9}$")


def cli(*args, input_lines=(), vault=VAULT, env=None, wrap=None):
    """Runs vault-cli with lines on standard input; returns (code, out, err)."""
    command = [CLI] + (["--vault", vault] if vault else []) + list(args)
    if wrap:
        command = wrap + command
    data = "".join(line + "\n" for line in input_lines)
    proc = subprocess.run(command, input=data, capture_output=True, text=True,
                          env=env or os.environ, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def ok(*args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == 0, f"{args}: exit {code}, stderr {err!r}"
    return out


def fails(expected_code, pattern, *args, **kwargs):
    code, out, err = cli(*args, **kwargs)
    assert code == expected_code, f"{args}: exit {code} (wanted {expected_code}), {err!r}"
    assert re.search(pattern, err), f"{args}: stderr {err!r} lacks {pattern!r}"
    if expected_code == 1:
        assert err.count("\n") == 1, f"one clear line on stderr, got {err!r}"
    return err


def vault_id(path=VAULT):
    with open(path, encoding="utf-8") as f:
        return json.load(f)["header"]["vault_id"]


def read(path=VAULT):
    with open(path, "rb") as f:
        return f.read()


def keyring_items(vid):
    # secret-tool also prints the (binary) secret; only the attributes matter.
    proc = subprocess.run(["secret-tool", "search", "--all", "vault-id", vid],
                          capture_output=True)
    text = (proc.stdout + proc.stderr).decode(errors="replace")
    return [block for block in text.split("[/") if "schema = com.example.Vault.SecretKey" in block]


@test
def init_creates_vault_and_keyring_item():
    out = ok("init", input_lines=[MASTER])
    assert "Created the vault" in out
    assert os.stat(VAULT).st_mode & 0o777 == 0o600
    header = json.loads(read())["header"]
    assert header["kdf"]["iterations"] >= 650000, header["kdf"]
    assert len(keyring_items(vault_id())) == 1
    fails(1, "already exists", "init", input_lines=[MASTER])
    weak = os.path.join(WORK, "weak.json")
    fails(1, "too easy to guess", "init", input_lines=["password1"], vault=weak)
    assert not os.path.exists(weak)


@test
def add_list_show_search():
    ok("add", "GitHub", "--username", "octo", "--url", "https://github.com",
       "--tag", "dev", "--tag", "work", "--notes", "recovery codes in drawer",
       input_lines=[MASTER, "gh-Secret-4711"])
    ok("add", "한국은행", "--username", "kim", input_lines=[MASTER, "bank-Secret-0815"])
    ok("add", "Mail", "--generate", "--length", "32", input_lines=[MASTER])
    ok("add", "Forum", "--generate", "--words", "5", "--favourite", input_lines=[MASTER])

    assert ok("list", input_lines=[MASTER]).splitlines() == ["Forum", "GitHub", "Mail", "한국은행"]
    assert ok("show", "GitHub", input_lines=[MASTER]) == "gh-Secret-4711\n"
    generated = ok("show", "Mail", input_lines=[MASTER]).rstrip("\n")
    assert len(generated) == 32
    assert len(ok("show", "Forum", input_lines=[MASTER]).rstrip("\n").split("-")) >= 5

    fields = dict(line.split(": ", 1) for line in
                  ok("show", "GitHub", "--all", input_lines=[MASTER]).splitlines())
    assert fields["title"] == "GitHub"
    assert fields["username"] == "octo"
    assert fields["password"] == "gh-Secret-4711"
    assert fields["url"] == "https://github.com"
    assert fields["notes"] == "recovery codes in drawer"
    assert fields["tags"] == "dev, work"
    assert fields["favourite"] == "no"
    assert fields["history"] == "0"

    assert ok("search", "GITHUB", input_lines=[MASTER]).splitlines() == ["GitHub"]
    assert ok("search", "은행", input_lines=[MASTER]).splitlines() == ["한국은행"]
    assert ok("search", "work", input_lines=[MASTER]).splitlines() == ["GitHub"]
    # Secrets are never searched.
    assert ok("search", "gh-Secret", input_lines=[MASTER]) == ""
    assert ok("search", "drawer", input_lines=[MASTER]) == ""


@test
def korean_title_matches_whatever_normalisation():
    import unicodedata
    decomposed = unicodedata.normalize("NFD", "한국은행")
    assert decomposed != "한국은행"
    assert ok("show", decomposed, input_lines=[MASTER]) == "bank-Secret-0815\n"
    assert ok("search", unicodedata.normalize("NFD", "한국"),
              input_lines=[MASTER]).splitlines() == ["한국은행"]


@test
def errors_are_one_clear_line():
    fails(1, "already exists", "add", "GitHub", input_lines=[MASTER, "x"])
    fails(1, "No entry is called", "show", "Nope", input_lines=[MASTER])
    fails(1, "No entry is called", "update", "Nope", input_lines=[MASTER, "x"])
    fails(1, "No entry is called", "delete", "Nope", input_lines=[MASTER])
    err = fails(1, "Wrong master password or Secret Key", "list",
                input_lines=["not the password"])
    assert "not the password" not in err
    fails(1, "Expected another line", "add", "New", input_lines=[MASTER])
    fails(1, "There is no vault", "list", input_lines=[MASTER],
          vault=os.path.join(WORK, "missing.json"))


@test
def usage_errors_exit_2():
    assert cli(vault=None)[0] == 2
    fails(2, "Unknown command", "frobnicate")
    fails(2, "Unknown option", "--frob", "list", vault=None)
    assert cli("show")[0] == 2
    assert cli("show", "a", "b")[0] == 2
    fails(2, "Unknown option", "add", "X", "--colour", "red")
    fails(2, "go with --generate", "add", "X", "--length", "30")
    assert ok("--help", vault=None).startswith("Usage: vault-cli")


@test
def update_keeps_history_and_fields():
    ok("update", "GitHub", "--username", "octocat", input_lines=[MASTER, "gh-New-9999"])
    fields = dict(line.split(": ", 1) for line in
                  ok("show", "GitHub", "--all", input_lines=[MASTER]).splitlines())
    assert fields["password"] == "gh-New-9999"
    assert fields["username"] == "octocat"
    assert fields["url"] == "https://github.com"
    assert fields["history"] == "1"
    ok("update", "GitHub", "--generate", "--words", "4", input_lines=[MASTER])
    assert ok("show", "GitHub", input_lines=[MASTER]) != "gh-New-9999\n"
    # The earlier passwords, oldest first, each after its time and a tab.
    history = [line.split("\t") for line in
               ok("show", "GitHub", "--history", input_lines=[MASTER]).splitlines()]
    assert [password for _, password in history] == ["gh-Secret-4711", "gh-New-9999"], history
    assert all(time.startswith("20") for time, _ in history), history
    fails(2, "only one of", "show", "GitHub", "--history", "--all", input_lines=[MASTER])
    assert ok("show", "Mail", "--history", input_lines=[MASTER]) == ""


@test
def delete_removes():
    ok("add", "Temp", input_lines=[MASTER, "t"])
    ok("delete", "Temp", input_lines=[MASTER])
    assert "Temp" not in ok("list", input_lines=[MASTER]).splitlines()


@test
def duplicate_titles_are_told_apart():
    ok("add", "Twin", "--username", "alice", input_lines=[MASTER, "twin-a"])
    # A second entry of that title only when asked for, with a warning.
    fails(1, "add --duplicate", "add", "Twin", "--username", "bob",
          input_lines=[MASTER, "twin-b"])
    code, _, err = cli("add", "Twin", "--username", "bob", "--duplicate",
                       input_lines=[MASTER, "twin-b"])
    assert code == 0 and "another entry is already called “Twin”" in err, (code, err)
    twins = [line.split("\t") for line in ok("list", "--ids", input_lines=[MASTER]).splitlines()
             if line.endswith("\tTwin")]
    assert len(twins) == 2, twins
    ids = [twin[0] for twin in twins]
    by_password = {ok("show", "--id", i, input_lines=[MASTER]): i for i in ids}
    id_a, id_b = by_password["twin-a\n"], by_password["twin-b\n"]

    # NAME alone is ambiguous: every command says how to choose, and exits 1.
    for args, lines in ((("show", "Twin"), [MASTER]), (("delete", "Twin"), [MASTER]),
                        (("update", "Twin"), [MASTER, "x"])):
        err = fails(1, "2 entries are called “Twin”", *args, input_lines=lines)
        for text in ("alice", "bob", id_a, id_b, "--id"):
            assert text in err, (text, err)
    assert ok("show", "Twin", "--username", "bob", input_lines=[MASTER]) == "twin-b\n"
    assert ok("show", "--id", id_a, input_lines=[MASTER]) == "twin-a\n"
    assert ok("show", id_b, input_lines=[MASTER]) == "twin-b\n"
    fails(1, "No entry called “Twin” has the user name “carol”", "show", "Twin",
          "--username", "carol", input_lines=[MASTER])
    fails(1, "No entry has the id", "show", "--id", "no-such-id", input_lines=[MASTER])
    fails(2, "NAME or its --id", "delete")

    ok("update", "Twin", "--match-username", "alice", "--url", "https://a.example",
       input_lines=[MASTER, "twin-a2"])
    fields = dict(line.split(": ", 1) for line in
                  ok("show", "--all", "--id", id_a, input_lines=[MASTER]).splitlines())
    assert fields["url"] == "https://a.example" and fields["password"] == "twin-a2", fields
    ok("delete", "--id", id_b, input_lines=[MASTER])
    # One left: NAME alone works again.
    assert ok("show", "Twin", input_lines=[MASTER]) == "twin-a2\n"
    ok("delete", "Twin", input_lines=[MASTER])


@test
def list_is_in_natural_order():
    titles = ["item 10", "가나", "item 2", "Item 1", "각", "item 1a"]
    for title in titles:
        ok("add", title, "--generate", input_lines=[MASTER])
    listed = [t for t in ok("list", input_lines=[MASTER]).splitlines() if t in titles]
    assert listed == ["Item 1", "item 1a", "item 2", "item 10", "가나", "각"], listed
    found = ok("search", "item", input_lines=[MASTER]).splitlines()
    assert found == ["Item 1", "item 1a", "item 2", "item 10"], found
    for title in titles:
        ok("delete", title, input_lines=[MASTER])


@test
def file_holds_no_secret():
    data = read()
    for secret in ["gh-Secret-4711", "gh-New-9999", "bank-Secret-0815",
                   "recovery codes in drawer", MASTER]:
        assert secret.encode() not in data, secret
        assert secret.encode().hex().encode() not in data, secret
        assert secret.encode("utf-16-le") not in data, secret


@test
def generate():
    for length in (4, 20, 64):
        out = ok("generate", "--length", str(length), vault=None)
        assert len(out.rstrip("\n")) == length
    words = ok("generate", "--words", "6", vault=None).rstrip("\n")
    assert len(words.split("-")) >= 6
    no_symbols = ok("generate", "--length", "40", "--no-symbols", vault=None).rstrip("\n")
    assert no_symbols.isalnum()
    outs = {ok("generate", vault=None) for _ in range(5)}
    assert len(outs) == 5
    fails(1, "from 4 to 256", "generate", "--length", "3", vault=None)
    fails(1, "from 3 to 20 words", "generate", "--words", "50", vault=None)
    fails(2, "cannot be used together", "generate", "--length", "9", "--words", "4", vault=None)


@test
def passwd_changes_master_password():
    fails(1, "too easy to guess", "passwd", input_lines=[MASTER, "qwerty"])
    ok("passwd", input_lines=[MASTER, "a new master password"])
    fails(1, "Wrong master password", "list", input_lines=[MASTER])
    assert "GitHub" in ok("list", input_lines=["a new master password"])
    ok("passwd", input_lines=["a new master password", MASTER])


@test
def secret_key_restore_on_new_device():
    code = ok("secret-key", input_lines=[MASTER]).rstrip("\n")
    assert CODE_RE.match(code), code
    vid = vault_id()

    # The keyring loses the key: the vault cannot be opened, and says why.
    subprocess.run(["secret-tool", "clear", "vault-id", vid], check=True)
    assert keyring_items(vid) == []
    fails(1, "does not have the vault’s Secret Key", "list", input_lines=[MASTER])

    # A typo in the code is caught by its check; a wrong password stores nothing.
    typo = code[:5] + ("A" if code[5] != "A" else "B") + code[6:]
    fails(1, "typing mistake", "restore-secret-key", input_lines=[MASTER, typo])
    fails(1, "do not open the vault", "restore-secret-key", input_lines=["wrong", code])
    assert keyring_items(vid) == []

    out = ok("restore-secret-key", input_lines=[MASTER, code.lower().replace("-", " ")])
    assert "Stored the Secret Key" in out
    assert len(keyring_items(vid)) == 1
    assert "GitHub" in ok("list", input_lines=[MASTER])


@test
def recovery_key_resets_forgotten_password():
    code = ok("recovery-key", input_lines=[MASTER]).rstrip("\n")
    assert code.startswith("R1-")
    ok("recover", input_lines=[code, "reset password 1"])
    assert "GitHub" in ok("list", input_lines=["reset password 1"])
    ok("passwd", input_lines=["reset password 1", MASTER])
    ok("recovery-key", "--remove", input_lines=[MASTER])
    fails(1, "no recovery key", "recover", input_lines=[code, "x"])


@test
def newer_format_refused_untouched():
    path = os.path.join(WORK, "newer.json")
    text = read().decode().replace('"version" : 3,', '"version" : 4,', 1)
    assert '"version" : 4,' in text
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    before = read(path)
    fails(1, "newer version of Vault", "list", input_lines=[MASTER], vault=path)
    fails(1, "newer version of Vault", "add", "X", input_lines=[MASTER, "x"], vault=path)
    assert read(path) == before
    assert not os.path.exists(path + ".bak")


@test
def damaged_file_told_apart_and_untouched():
    path = os.path.join(WORK, "damaged.json")
    data = bytearray(read())
    start = data.index(b'"payload" : "') + 40
    data[start] = ord("A") if data[start] != ord("A") else ord("B")
    with open(path, "wb") as f:
        f.write(data)
    fails(1, "damaged or was changed", "list", input_lines=[MASTER], vault=path)
    fails(1, "damaged or was changed", "update", "GitHub", input_lines=[MASTER, "x"], vault=path)
    assert read(path) == bytes(data)
    with open(os.path.join(WORK, "notavault.json"), "w", encoding="utf-8") as f:
        f.write("shopping list: eggs\n")
    fails(1, "is not a Vault file", "list", input_lines=[MASTER],
          vault=os.path.join(WORK, "notavault.json"))


@test
def save_fails_on_file_size_limit():
    before = read()
    # ulimit -f makes write(2) fail part-way, as a full disk does.
    code, out, err = cli("add", "Big", "--notes", "n" * 20000, input_lines=[MASTER, "x"],
                         wrap=["sh", "-c", 'ulimit -f 4 && exec "$@"', "sh"])
    assert code == 1, (code, err)
    assert "File too large" in err, err
    assert read() == before
    assert not [n for n in os.listdir(WORK) if n.startswith(".vault.json.")]
    assert "Big" not in ok("list", input_lines=[MASTER])


def in_mount_namespace(setup, after=""):
    """A wrapper that runs vault-cli in a private mount namespace after the
    given shell set-up (and `after` once it exits, keeping its status unless
    `after` fails), or None where this machine does not allow one."""
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        return None
    script = setup + ' && { "$@"; rc=$?; ' + (after or "true") + ' || rc=99; exit $rc; }'
    return ["unshare", "-m", "sh", "-c", script, "sh"]


@test
def save_fails_on_read_only_folder():
    wrap = in_mount_namespace(f'mount --bind "{WORK}" "{WORK}" && '
                              f'mount -o remount,ro,bind "{WORK}"',
                              after=f'test ! -e "{WORK}/vault.json.bak.tmp"')
    if wrap is None:
        raise Skip("no mount namespaces here")
    before = read()
    code, out, err = cli("add", "RO", input_lines=[MASTER, "x"], wrap=wrap)
    assert code == 1, (code, err)
    assert "Read-only file system" in err, err
    assert read() == before


@test
def save_fails_on_full_disk():
    small = os.path.join(WORK, "small")
    os.makedirs(small, exist_ok=True)
    copy = os.path.join(small, "vault.json")
    # A 48 KiB file system, mostly full; afterwards the vault there must still
    # be the one copied in (exit 99 otherwise).
    wrap = in_mount_namespace(f'mount -t tmpfs -o size=48k tmpfs "{small}" && '
                              f'cp "{VAULT}" "{copy}" && '
                              f'head -c 12000 /dev/zero > "{small}/filler"',
                              after=f'cmp -s "{VAULT}" "{copy}"')
    if wrap is None:
        raise Skip("no mount namespaces here")
    code, out, err = cli("add", "Full", "--notes", "n" * 30000, input_lines=[MASTER, "x"],
                         vault=copy, wrap=wrap)
    assert code == 1, (code, err)
    assert "No space left on device" in err, err


@test
def terminal_prompts_hide_input():
    path = os.path.join(WORK, "tty.json")

    def converse(args, answers):
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(CLI, [CLI, "--vault", path] + args)
        output = b""
        for answer in answers:
            # Answer once the next prompt is shown, as a person does
            # (terminal_keeps_typed_ahead_input types ahead of it).
            mark = len(output)
            while not output[mark:].rstrip().endswith(b":"):
                ready, _, _ = select.select([fd], [], [], 30)
                assert ready, f"no prompt; got {output!r}"
                output += os.read(fd, 1024)
            os.write(fd, answer.encode() + b"\n")
        while True:
            ready, _, _ = select.select([fd], [], [], 30)
            try:
                chunk = os.read(fd, 1024) if ready else b""
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), output.decode(errors="replace")

    code, output = converse(["init"], ["tty secret 1", "tty secret 2"])
    assert code == 1 and "do not match" in output, output
    assert "tty secret" not in output

    code, output = converse(["init"], ["tty secret 1", "tty secret 1"])
    assert code == 0, output
    assert "New master password:" in output and "Repeat the master password:" in output
    assert "tty secret" not in output, output
    code, output = converse(["add", "Site"], ["tty secret 1", "site pw", "site pw"])
    assert code == 0, output
    assert "site pw" not in output
    ok("show", "Site", input_lines=["tty secret 1"], vault=path)


def tty_run(args, typed_ahead=(), when_echo_off=(), timeout=30):
    """Runs vault-cli on a pseudo-terminal. `typed_ahead` lines are typed at
    once, before vault-cli has even started; `when_echo_off` lines the moment
    the terminal stops echoing, without waiting for the prompt. Returns
    (exit code, everything the terminal showed); fails if vault-cli hangs."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(CLI, [CLI, "--vault", VAULT] + args)
    if typed_ahead:
        os.write(fd, "".join(line + "\n" for line in typed_ahead).encode())
    pending = "".join(line + "\n" for line in when_echo_off).encode()
    output = b""
    deadline = time.monotonic() + timeout
    try:
        while True:
            if pending:
                # On Linux the master answers for the terminal's settings.
                try:
                    echoing = termios.tcgetattr(fd)[3] & termios.ECHO
                except termios.error:
                    echoing = True
                if not echoing:
                    os.write(fd, pending)
                    pending = b""
            left = deadline - time.monotonic()
            assert left > 0, f"vault-cli hung; the terminal showed {output!r}"
            ready, _, _ = select.select([fd], [], [], 0.002 if pending else left)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                chunk = b""
            if not chunk:
                break
            output += chunk
    finally:
        if time.monotonic() >= deadline:
            os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    return os.waitstatus_to_exitcode(status), output.decode(errors="replace")


@test
def terminal_keeps_typed_ahead_input():
    # Typed as soon as echo goes off, before the prompt is read: kept, and
    # never shown, because echo goes off before the prompt appears.
    code, output = tty_run(["list"], when_echo_off=[MASTER])
    assert code == 0, output
    assert "Master password:" in output and "GitHub" in output, output
    assert MASTER not in output, output

    # Typed before vault-cli starts, every answer at once: the terminal
    # echoes what it receives while echo is still on, but vault-cli must
    # keep it all (not flush it and wait for ever) and show none of it again.
    code, output = tty_run(["add", "Typed ahead"],
                           typed_ahead=[MASTER, "ahead pw", "ahead pw"])
    assert code == 0, output
    shown = output[output.index("Master password:"):]
    assert MASTER not in shown and "ahead pw" not in shown, output
    assert "Password for the entry:" in shown and "Repeat the password:" in shown, output
    assert ok("show", "Typed ahead", input_lines=[MASTER]) == "ahead pw\n"


@test
def default_path_is_under_xdg_data_home():
    home = tempfile.mkdtemp(prefix="vault-home-", dir=WORK)
    env = dict(os.environ, XDG_DATA_HOME=home)
    ok("init", input_lines=[MASTER], vault=None, env=env)
    assert os.path.exists(os.path.join(home, "com.example.Vault", "vault.json"))
    ok("add", "X", input_lines=[MASTER, "y"], vault=None, env=env)
    assert ok("list", input_lines=[MASTER], vault=None, env=env) == "X\n"


@test
def keyring_unreachable():
    path = os.path.join(WORK, "nokeyring.json")
    env = dict(os.environ, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent/bus")
    fails(1, "No keyring is available", "init", input_lines=[MASTER], vault=path, env=env)
    assert not os.path.exists(path)
    fails(1, "No keyring is available", "list", input_lines=[MASTER], env=env)


@test
def keyring_locked():
    # Its own session with no display: no prompter can start, so the keyring
    # stays locked (in a desktop session a prompt would ask to unlock it).
    session = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts",
                           "session.sh")
    path = os.path.join(WORK, "locked.json")
    script = f"""
        set -u
        printf '%s\\n' "{MASTER}" | "{CLI}" --vault "{path}" init >/dev/null || exit 90
        gdbus call --session --dest org.freedesktop.secrets \\
          --object-path /org/freedesktop/secrets \\
          --method org.freedesktop.Secret.Service.Lock \\
          "['/org/freedesktop/secrets/collection/login']" >/dev/null || exit 91
        cp "{path}" "{path}.before"
        printf '%s\\n' "{MASTER}" | "{CLI}" --vault "{path}" list 2>"{WORK}/list.err"
        echo "list=$?"
        printf '%s\\n' "{MASTER}" | "{CLI}" --vault "{path}.new" init 2>"{WORK}/init.err"
        echo "init=$?"
        cmp -s "{path}" "{path}.before" && echo unchanged
        test -e "{path}.new" || echo "no new file"
    """
    # The keyring's own daemons must not inherit G_DEBUG=fatal-warnings (its
    # prompter warns that it has no display); vault-cli keeps it.
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "G_DEBUG")}
    script = script.replace(f'"{CLI}"', f'G_DEBUG=fatal-warnings "{CLI}"')
    proc = subprocess.run(["dbus-run-session", "--", "bash", session, "sh", "-c", script],
                          capture_output=True, text=True, env=env, timeout=120)
    out = proc.stdout.split()
    assert "list=1" in out and "init=1" in out, (proc.stdout, proc.stderr)
    assert "unchanged" in proc.stdout and "no new file" in proc.stdout, proc.stdout
    with open(f"{WORK}/list.err", encoding="utf-8") as f:
        assert "keyring that holds the Secret Key is locked" in f.read()
    with open(f"{WORK}/init.err", encoding="utf-8") as f:
        assert "keyring is locked" in f.read()


if __name__ == "__main__":
    try:
        status = run()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(status)
