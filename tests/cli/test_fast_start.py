"""`tgb --help`, `tgb --version` and every command's `--help` start without the heavy libraries:
no rules, no pydantic, no httpx (each command imports what it needs when it runs)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import COMMANDS

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "pydantic",
    "httpx",
    "app.domain.target_groups.rules",
    "app.domain.target_groups.models",
    "openpyxl",
    "keyring",
)

PROBE = """
import json, sys
from app.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if any(m == h or m.startswith(h + ".") for h in {heavy!r}))
sys.stderr.write("\\nLOADED " + json.dumps(heavy) + "\\n")
"""


def loaded_by(*args: str) -> tuple[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    line = next(text for text in done.stderr.splitlines() if text.startswith("LOADED "))
    return done.stdout, json.loads(line.removeprefix("LOADED "))


@pytest.mark.parametrize("args", [("--help",), ("--version",)], ids=["help", "version"])
def test_help_and_version_load_nothing_heavy(args: tuple[str, ...]) -> None:
    out, heavy = loaded_by(*args)
    assert heavy == []
    assert ("bulk" in out) if args == ("--help",) else out.startswith("tgb ")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_commands_help_loads_nothing_heavy(command: str) -> None:
    out, heavy = loaded_by(command, "--help")
    assert f"tgb {command}" in out
    assert heavy == []
