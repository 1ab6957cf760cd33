"""TGB_HOME puts every folder the app writes to under one root."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.atomic_write import write_text_atomic
from app.services.paths import data_paths


def test_tgb_home_holds_every_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TGB_HOME", str(tmp_path))
    paths = data_paths().ensure()
    for path in (
        paths.config_dir,
        paths.data_dir,
        paths.cache_dir,
        paths.log_dir,
        paths.settings_file,
        paths.profiles_file,
        paths.templates_dir,
        paths.drafts_dir,
        paths.history_db,
        paths.sandbox_dir,
    ):
        assert tmp_path.resolve() in path.resolve().parents


def test_without_tgb_home_paths_follow_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TGB_HOME", raising=False)
    assert "TargetGroupBuilder" in str(data_paths().config_dir)


def test_atomic_write_replaces_whole_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "file.json"
    write_text_atomic(target, "first")
    write_text_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["file.json"]


def test_atomic_write_failure_keeps_the_old_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.json"
    target.write_text("old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("app.atomic_write.os.replace", failing_replace)
    with pytest.raises(OSError):
        write_text_atomic(target, "new content")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]
