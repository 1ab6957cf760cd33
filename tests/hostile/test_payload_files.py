"""Hostile payload files through `tgb validate`, `format` and `convert`: exit 0, 1 or 2 only, no traceback,
the input file byte-identical, and nothing written that is not valid JSON.

2,000 generated files run through the CLI's entry point in-process; a sample runs as real `tgb`
processes. Special files (a FIFO with no writer, /dev/zero, a folder) are refused at once.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from app.cli import main
from tests.domain.payloads import valid_payload
from tests.hostile.mutations import HOSTILE_VALUES, hostile_texts

ROOT = Path(__file__).resolve().parents[2]
_WORK = Path(tempfile.mkdtemp(prefix="tgb-hostile-"))


def _run_in_process(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


def _no_constant(name: str) -> None:
    raise AssertionError(f"{name} was written: not JSON the API can carry")


def _check_outputs(command: str, code: int, out: str, err: str, output_file: Path) -> None:
    assert code in (0, 1, 2), (command, code, err)
    assert "Traceback" not in out + err
    if command in ("format", "convert") and code == 0:
        # what is written is valid JSON, with no NaN or Infinity (the text "NaN" as a key or value is fine)
        json.loads(output_file.read_text(encoding="utf-8"), parse_constant=_no_constant)


@settings(
    max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=hostile_texts())
def test_hostile_payload_files_through_the_cli(data: bytes) -> None:
    source = _WORK / "input.json"
    output = _WORK / "output.json"
    source.write_bytes(data)
    before = source.read_bytes()
    for command in ("validate", "format", "convert"):
        output.unlink(missing_ok=True)
        args = [command, str(source)] + ([] if command == "validate" else ["-o", str(output)])
        code, out, err = _run_in_process(args)
        _check_outputs(command, code, out, err, output)
    assert source.read_bytes() == before


def test_a_sample_as_real_tgb_processes(tmp_path: Path) -> None:
    base = json.dumps(valid_payload())
    samples = [(base[:-1] + f', "extra": {value}}}').encode() for value in HOSTILE_VALUES]
    samples += [base[: len(base) // 2].encode(), b"\xef\xbb\xbf" + base.encode(), b"\x00\xff" + base.encode()]
    samples += [b"[" * 100_000 + b"]" * 100_000, b'{"name": "\\ud800"}', b'{"n": ' + b"9" * 5000 + b"}"]
    for index, data in enumerate(samples):
        source = tmp_path / f"in{index}.json"
        source.write_bytes(data)
        for command in ("validate", "format"):
            done = subprocess.run(
                [sys.executable, "-m", "app", command, str(source)],
                cwd=ROOT,
                env={**os.environ, "TGB_HOME": str(tmp_path / "home")},
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode in (0, 1, 2), done.stderr
            assert "Traceback" not in done.stderr
            if command == "format" and done.returncode == 0:
                json.loads(done.stdout)
        assert source.read_bytes() == data


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_are_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero"), tmp_path):
        if not target.exists():
            continue
        done = subprocess.run(
            [sys.executable, "-m", "app", "validate", str(target)],
            cwd=ROOT,
            env={**os.environ, "TGB_HOME": str(tmp_path / "home")},
            capture_output=True,
            text=True,
            timeout=30,  # a FIFO without a writer used to hang forever
        )
        assert done.returncode == 2
        assert str(target) in done.stdout and ("not a regular file" in done.stdout or "folder" in done.stdout)


def test_nan_is_an_error_and_format_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "nan.json"
    source.write_text('{"name": "x", "description": NaN}', encoding="utf-8")
    code, out, err = _run_in_process(["format", str(source), "-o", str(tmp_path / "out.json")])
    assert code == 2 and "NaN" in err and not (tmp_path / "out.json").exists()
    code, out, _err = _run_in_process(["validate", str(source)])
    assert code == 2 and "cannot carry" in out
