"""Hostile template files in the user's library: each is listed with its reason, everything else works.

500 generated files: starter templates with a lone surrogate in the title or a tag, an integer of
5,000 digits, deep nesting, NaN, plus cut and noisy copies. With one such file beside the
starters, `tgb templates list` (text and --json), `tgb new` from a starter and the library the app
uses all keep working, and the bad file is listed with a reason and never changed.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.services.paths import data_paths
from app.services.templates import TemplateLibrary
from app.services.templates.folders import STARTER_DIR
from tests.hostile.mutations import HOSTILE_VALUES

STARTERS = sorted(STARTER_DIR.glob("*.json"))
STARTER_TEXT = [path.read_text(encoding="utf-8") for path in STARTERS]


@st.composite
def hostile_templates(draw: st.DrawFn) -> bytes:
    text = draw(st.sampled_from(STARTER_TEXT))
    document = json.loads(text)
    action = draw(st.sampled_from(["title", "tags", "value", "cut", "noise"]))
    if action == "title":
        marker = '"@@TITLE@@"'
        document["meta"]["title"] = "@@TITLE@@"
        text = json.dumps(document, indent=2).replace(
            marker, draw(st.sampled_from(['"\\ud800"', '"x\\udfff"']))
        )
    elif action == "tags":
        document["meta"]["tags"] = ["@@TAG@@"]
        text = json.dumps(document, indent=2).replace('"@@TAG@@"', '"\\ud83d"')
    elif action == "value":
        text = (
            json.dumps(document, indent=2)[:-1].rstrip()
            + f', "hostile": {draw(st.sampled_from(HOSTILE_VALUES))}}}'
        )
    elif action == "cut":
        text = text[: draw(st.integers(0, len(text) - 1))]
    data = text.encode("utf-8", "surrogatepass")
    if action == "noise":
        position = draw(st.integers(0, len(data)))
        data = data[:position] + draw(st.binary(min_size=1, max_size=8)) + data[position:]
    return data


def _cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=hostile_templates())
def test_one_bad_template_never_breaks_the_library(data: bytes) -> None:
    folder = data_paths().templates_dir
    folder.mkdir(parents=True, exist_ok=True)
    bad = folder / "hostile.json"
    bad.write_bytes(data)
    entries = TemplateLibrary().entries()
    starters = [e for e in entries if e.path.parent == STARTER_DIR]
    assert len(starters) == len(STARTERS) and all(e.ok for e in starters)
    (mine,) = [e for e in entries if e.path == bad]
    assert mine.ok or (isinstance(mine.problem, str) and mine.problem)
    code, out, err = _cli(["templates", "list"])
    assert code == 0 and "Traceback" not in err
    code, out, err = _cli(["templates", "list", "--json"])
    assert code == 0
    json.loads(out)
    starter = STARTERS[0].stem
    target = folder.parent / "new.json"
    code, out, err = _cli(["new", "--template", starter, "--set", "name=Still works", "-o", str(target)])
    assert code in (0, 1) and "Traceback" not in err
    assert json.loads(target.read_text())["name"] == "Still works"
    assert bad.read_bytes() == data


def test_real_processes_list_and_use_the_library_beside_hostile_templates(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    home = tmp_path / "home"
    folder = home / "data" / "templates"
    folder.mkdir(parents=True)
    document = json.loads(STARTER_TEXT[0])
    document["meta"]["title"] = "@@"
    (folder / "surrogate-title.json").write_text(json.dumps(document).replace('"@@"', '"\\ud800"'))
    (folder / "huge-number.json").write_text(STARTER_TEXT[0][:-2] + ', "n": ' + "9" * 5000 + "}")
    env = {**os.environ, "TGB_HOME": str(home)}
    for args in (
        ["templates", "list"],
        ["templates", "list", "--json"],
        ["new", "-t", STARTERS[0].stem, "--set", "name=X"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in done.stderr, done.stderr
        assert done.returncode in (0, 1), done.stderr
    listing = subprocess.run(
        [sys.executable, "-m", "app", "templates", "list"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        "surrogate-title" in listing.stdout + listing.stderr
        and "huge-number" in listing.stdout + listing.stderr
    )
