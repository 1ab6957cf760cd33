"""Several processes on one Local sandbox data folder: no group is lost, no id is handed out twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from app.sandbox.target_groups.store import SandboxStore
from tests.domain.payloads import valid_payload

ROOT = Path(__file__).resolve().parents[2]


def _payload_file(folder: Path, name: str) -> Path:
    payload = valid_payload()
    payload["name"] = name
    file = folder / f"{name}.json"
    file.write_text(json.dumps(payload), encoding="utf-8")
    return file


def _send_processes(home: Path, files: list[Path]) -> list[dict[str, object]]:
    env = {**os.environ, "TGB_HOME": str(home), "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    start = threading.Barrier(len(files))
    results: list[dict[str, object]] = [{} for _ in files]

    def run(index: int) -> None:
        start.wait()
        done = subprocess.run(
            [sys.executable, "-m", "app", "send", str(files[index]), "--yes", "--format", "json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in done.stderr, done.stderr
        results[index] = {"code": done.returncode, **json.loads(done.stdout)}

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(files))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_processes_sending_at_once_share_one_sandbox_and_lose_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    files = [_payload_file(tmp_path, f"Concurrent group {i}") for i in range(6)]
    results = _send_processes(home, files)
    assert [r["status"] for r in results] == ["created"] * len(files), results
    ids = [r["id"] for r in results]
    assert len(set(ids)) == len(ids), f"an id was handed out twice: {ids}"
    groups_dir = home / "data" / "sandbox" / "groups"
    for result, file in zip(results, files, strict=True):
        stored = json.loads((groups_dir / f"{result['id']}.json").read_text())
        assert stored["name"] == json.loads(file.read_text())["name"]
    assert len(list(groups_dir.glob("*.json"))) == len(files)
    assert not (home / "data" / "sandbox" / "instance.json").exists(), "the last owner gave the folder up"


def test_two_stores_on_one_folder_claim_ids_atomically_and_never_overwrite(tmp_path: Path) -> None:
    """Even two servers on the same folder (the one-instance claim bypassed) cannot lose a create."""
    from app.sandbox.target_groups.shaping import shape_created_group

    stores = [SandboxStore(tmp_path), SandboxStore(tmp_path)]
    created: list[int] = []
    lock = threading.Lock()

    def make(store: SandboxStore, index: int) -> None:
        payload = valid_payload()
        payload["name"] = f"group {index}"
        from datetime import UTC, datetime

        group = store.create(
            payload["name"], lambda ids: shape_created_group(payload, ids, "till", datetime.now(UTC))
        )
        with lock:
            created.append(group["id"])

    threads = [threading.Thread(target=make, args=(stores[i % 2], i)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(created)) == 20
    names = {json.loads(p.read_text())["name"] for p in (tmp_path / "groups").glob("*.json")}
    assert names == {f"group {i}" for i in range(20)}


def test_a_store_sees_every_other_writers_create_without_listing_the_folder_each_time(
    tmp_path: Path,
) -> None:
    """Stores on one folder skip the folder listing only while nobody wrote: a create by another
    store, and a group file dropped in by hand, are both seen by the next call."""
    import time
    from datetime import UTC, datetime

    from app.sandbox.target_groups.shaping import shape_created_group
    from app.sandbox.target_groups.store import NameTakenError

    first, second = SandboxStore(tmp_path), SandboxStore(tmp_path)

    def create(store: SandboxStore, name: str) -> dict[str, object]:
        payload = valid_payload()
        payload["name"] = name
        return store.create(name, lambda ids: shape_created_group(payload, ids, "till", datetime.now(UTC)))

    made = create(first, "Spring spend")
    assert second.name_in_use("targetGroupName", "spring SPEND")
    assert second.get(int(made["id"])) is not None  # type: ignore[call-overload]
    try:
        create(second, "SPRING spend")
    except NameTakenError:
        pass
    else:
        raise AssertionError("a name another store created was taken again")
    other = create(second, "Summer spend")
    assert int(other["id"]) != int(made["id"])  # type: ignore[call-overload]
    assert first.name_in_use("targetGroupName", "Summer spend")
    time.sleep(0.05)  # a later modification time for the hand-made file
    by_hand = dict(other, id=9_999_999, name="Dropped in by hand")
    (tmp_path / "groups" / "9999999.json").write_text(json.dumps(by_hand), encoding="utf-8")
    assert first.name_in_use("targetGroupName", "dropped in by hand")
    assert [g["name"] for g in second.all()][-1] == "Dropped in by hand"
