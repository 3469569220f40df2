"""The response store: durable, recoverable, safe under two processes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from olivia_training.responses import RecoveredAnswerWarning, ResponseStore


def test_save_load_all_and_history(tmp_path):
    store = ResponseStore(tmp_path)
    assert store.load("q1") is None
    assert store.load("q1", default="") == ""
    store.save("q1", "first")
    store.save("q1", {"text": "second", "rating": 4})
    store.save("q2", [1, 2])
    assert store.load("q1") == {"text": "second", "rating": 4}
    assert [v["value"] for v in store.history("q1")] == ["first", {"text": "second", "rating": 4}]
    assert store.all() == {"q1": {"text": "second", "rating": 4}, "q2": [1, 2]}
    # A new store on the same folder (a kernel restart) sees the same answers.
    assert ResponseStore(tmp_path).load("q2") == [1, 2]


def test_workspace_from_environment(workspace):
    ResponseStore().save("x", "y")
    assert (workspace / "answers" / "x.json").is_file()


def test_no_temp_files_left_and_answers_private(tmp_path):
    store = ResponseStore(tmp_path)
    store.save("q", "text")
    names = sorted(p.name for p in store.folder.iterdir())
    assert not [n for n in names if n.endswith(".tmp")]
    if os.name == "posix":
        assert (store.folder / "q.json").stat().st_mode & 0o077 == 0


def test_rejects_unsafe_ids_and_unstorable_values(tmp_path):
    store = ResponseStore(tmp_path)
    with pytest.raises(ValueError):
        store.save("../escape", "x")
    with pytest.raises(TypeError):
        store.save("q", object())
    assert store.load("q") is None


@pytest.mark.parametrize("damage", [b"", b'{"schema": 1, "versions": [{"val', b"\xff\xfe garbage"])
def test_recovers_last_good_version_from_a_damaged_file(tmp_path, damage):
    store = ResponseStore(tmp_path)
    store.save("q", "good answer")
    (store.folder / "q.json").write_bytes(damage)
    with pytest.warns(RecoveredAnswerWarning, match="last good version was restored"):
        assert ResponseStore(tmp_path).load("q") == "good answer"
    kept = list(store.folder.glob("q.corrupt-*.json"))
    assert len(kept) == 1 and kept[0].read_bytes() == damage
    assert json.loads((store.folder / "q.json").read_text())["versions"][-1]["value"] == "good answer"


# One process imports the store once, then, for each line it reads, forks a saver that saves
# three answers over and over until it is killed (a single-threaded process forks safely). A
# fresh interpreter for each of the 55 rounds cost 5 s of CPU, nearly all of it start-up.
_SAVER = textwrap.dedent("""
    import os
    import sys
    from olivia_training.responses import ResponseStore
    for line in sys.stdin:
        i = int(line)
        pid = os.fork()
        if pid == 0:
            store = ResponseStore(sys.argv[1])
            os.write(1, b"%d\\n" % os.getpid())  # ready
            while True:
                i += 1
                for key in ("a", "b", "c"):
                    store.save(f"k{key}", {"n": i, "pad": "x" * 2000})
        os.waitpid(pid, 0)
        os.write(1, b"reaped\\n")
""")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills with SIGKILL, a POSIX signal")
def test_sigkill_mid_save_never_loses_or_corrupts(tmp_path):
    """50+ kills at random moments: every id loads, holding the previous or the new value."""
    import warnings

    script = tmp_path / "saver.py"
    script.write_text(_SAVER)
    ws = tmp_path / "ws"
    rng = random.Random(1234)
    last = {}
    forker = subprocess.Popen([sys.executable, str(script), str(ws)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        for round_no in range(55):
            forker.stdin.write(f"{max(last.values(), default=0)}\n")
            forker.stdin.flush()
            saver = int(forker.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.05))
            os.kill(saver, signal.SIGKILL)
            assert forker.stdout.readline().strip() == "reaped"
            store = ResponseStore(ws)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                values = {key: store.load(f"k{key}") for key in "abc"}
                with_warnings = [w for w in caught if issubclass(w.category, RecoveredAnswerWarning)]
            assert not with_warnings, f"round {round_no}: a file was damaged"
            for key, value in values.items():
                if value is None:
                    assert key not in last, f"round {round_no}: k{key} was lost"
                    continue
                assert value["pad"] == "x" * 2000
                assert value["n"] >= last.get(key, 0), f"round {round_no}: k{key} went backwards"
                last[key] = value["n"]
    finally:
        forker.stdin.close()
        forker.wait(timeout=30)
    assert max(last.values()) > 0


_CONCURRENT = textwrap.dedent("""
    import sys
    from olivia_training.responses import ResponseStore
    store = ResponseStore(sys.argv[1])
    who = sys.argv[2]
    for i in range(150):
        store.save(f"{who}-{i % 5}", i)
        store.save("shared", f"{who}-{i}")
""")


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    script = tmp_path / "c.py"
    script.write_text(_CONCURRENT)
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path), who])
             for who in ("left", "right")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = ResponseStore(tmp_path)
    for who in ("left", "right"):
        for k in range(5):
            assert store.load(f"{who}-{k}") == 145 + k
    # Both writers' 150 versions of the shared answer are all there (up to the cap).
    history = [v["value"] for v in store.history("shared")]
    assert len(history) == 100
    assert history[-1] in {"left-149", "right-149"}
