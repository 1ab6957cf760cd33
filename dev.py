#!/usr/bin/env python3
"""Set-up and the two everyday commands, for a fresh machine with only python3.

    python3 dev.py run     # set up if needed, then start the app (local sandbox profile)
    python3 dev.py test    # set up if needed, then lint, type-check and run the whole test suite

Set-up means: the system libraries Qt needs (installed with apt-get when run as root on
Debian/Ubuntu and they are missing), a virtual environment in ``.venv`` and the project
installed into it with its test extras. Each step is skipped when already done.
Standard library only: this file runs before anything is installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".tgb-installed"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")

#: Debian packages that provide the shared libraries PySide6's offscreen and xcb platforms load.
QT_SYSTEM_PACKAGES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libxkbcommon.so.0": "libxkbcommon0",
}
EXTRA_SYSTEM_PACKAGES = ["fonts-dejavu-core"]
#: Tools only the test suite uses (checked by command name).
TEST_SYSTEM_PACKAGES = {
    "desktop-file-validate": "desktop-file-utils",
    # a real Secret Service for tests/keychain: gnome-keyring in its own D-Bus session
    "gnome-keyring-daemon": "gnome-keyring",
    "dbus-run-session": "dbus-daemon",
    "pkill": "procps",
}
#: Runs tests/keychain inside a D-Bus session with an unlocked gnome-keyring (a throwaway HOME).
KEYCHAIN_SESSION = (
    "eval \"$(printf 'test\\n' | gnome-keyring-daemon --unlock --components=secrets)\" >/dev/null && "
    'export GNOME_KEYRING_CONTROL && exec "$0" -m pytest tests/keychain -q -p no:cacheprovider'
)


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def missing_system_packages(for_tests: bool = False) -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return []
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    missing = [pkg for lib, pkg in QT_SYSTEM_PACKAGES.items() if lib not in listing]
    if not Path("/usr/share/fonts/truetype/dejavu").exists():
        missing += EXTRA_SYSTEM_PACKAGES
    if for_tests:
        missing += [pkg for tool, pkg in TEST_SYSTEM_PACKAGES.items() if not shutil.which(tool)]
    return missing


def ensure_system_packages(for_tests: bool = False) -> None:
    missing = missing_system_packages(for_tests)
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        say("Qt needs these system packages, please install them: " + " ".join(missing))
        return
    say("installing system packages: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run(["apt-get", "update", "-qq"], env=env)
        run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)
    except subprocess.CalledProcessError as exc:
        say(f"apt-get failed ({exc}); going on, but what needs {' '.join(missing)} may fail")


def ensure_venv() -> None:
    if PYTHON.exists():
        return
    say("creating .venv")
    try:
        run([sys.executable, "-m", "venv", str(VENV)])
    except subprocess.CalledProcessError:
        if os.geteuid() == 0 and shutil.which("apt-get"):
            version = f"{sys.version_info.major}.{sys.version_info.minor}"
            say(f"installing python{version}-venv")
            run(["apt-get", "update", "-qq"])
            run(["apt-get", "install", "-y", "-qq", f"python{version}-venv"])
            shutil.rmtree(VENV, ignore_errors=True)
            run([sys.executable, "-m", "venv", str(VENV)])
        else:
            sys.exit("[dev] python3 cannot create a virtual environment; install python3-venv first.")


def ensure_installed() -> None:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    say("installing the project and its test tools into .venv")
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"])
    STAMP.write_text(digest)


def setup(for_tests: bool = False) -> None:
    ensure_system_packages(for_tests)
    ensure_venv()
    ensure_installed()


def cmd_run(args: list[str]) -> int:
    setup()
    return subprocess.call([str(PYTHON), "-m", "app", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    setup(for_tests=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    checks = [
        ("ruff (lint)", [str(BIN / "ruff"), "check", "app", "tests", "benchmarks", "dev.py"]),
        ("ruff (format)", [str(BIN / "ruff"), "format", "--check", "app", "tests", "benchmarks", "dev.py"]),
        ("mypy", [str(BIN / "mypy"), "--explicit-package-bases", "app", "tests"]),
        ("import contracts", [str(BIN / "lint-imports"), "--no-cache"]),
    ]
    for name, cmd in checks:
        say(name)
        if subprocess.call(cmd, cwd=ROOT, env=env) != 0:
            say(f"{name} failed")
            return 1
    if all(shutil.which(tool) for tool in ("dbus-run-session", "gnome-keyring-daemon")):
        say("pytest: the credential tests against a real Secret Service (gnome-keyring, D-Bus)")
        with tempfile.TemporaryDirectory(prefix="tgb-keyring-") as home:
            keychain_env = {**env, "HOME": home, "TGB_REAL_KEYCHAIN": "1", "TGB_KEYCHAIN_TIMEOUT": "5"}
            command = ["dbus-run-session", "--", "sh", "-c", KEYCHAIN_SESSION, str(PYTHON)]
            # The session's daemons must not outlive it holding our output open: the output goes
            # through a file, and the whole process group is ended afterwards.
            log = Path(home) / "keychain-tests.log"
            with log.open("wb") as out:
                process = subprocess.Popen(
                    command, cwd=ROOT, env=keychain_env, stdout=out, stderr=out, start_new_session=True
                )
                try:
                    code = process.wait(timeout=600)
                except subprocess.TimeoutExpired:
                    code = 1
                finally:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
            text = log.read_text(errors="replace")
            summary = [
                line
                for line in text.splitlines()
                if re.match(r"(=* *)?\d+ (passed|failed|skipped)|FAILED |ERROR |E  ", line)
            ]
            print("\n".join(summary), flush=True)
            if code != 0:
                print(text[-6000:], flush=True)
                say("the real-keychain tests failed")
                return 1
    else:
        say("no dbus-run-session or gnome-keyring-daemon: the real-keychain tests are skipped")
    say("pytest")
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "setup": lambda _a: (setup(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
