"""`olivia-training review-record [FILE | -] [--json]`: the contract.

The command runs in this process, with bytes for its standard streams as a real process has
(a new process per call cost 1.2 s of imports and rule compiling each: 15 s for this file).
The last two tests run it as a real process: exit codes, stdin and stderr end to end.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from olivia_training.content.models.language_rules import CRITERIA
from olivia_training.domain.recording_drills import review_record

RECORD = ('Olivia said, "Nobody listens." She is putting herself at risk. The CIN plan continues.\n'
          "Mum's mobile is 07700 900123.\n")


@dataclass
class Ran:
    returncode: int
    stdout: bytes
    stderr: bytes


def _stream(data: bytes = b"") -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")


def cli(*args: str, stdin: bytes | None = None) -> Ran:
    """`olivia-training review-record ARGS` in this process, its streams as bytes."""
    from olivia_training.cli import main

    out, err = _stream(), _stream()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        saved_stdin, sys.stdin = sys.stdin, _stream(stdin or b"")
        stack.callback(setattr, sys, "stdin", saved_stdin)
        code = main(["review-record", *args])
    out.flush()
    err.flush()
    return Ran(code, out.buffer.getvalue(), err.buffer.getvalue())


def real_process(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "olivia_training.cli", *args],
                          input=stdin, capture_output=True, timeout=120)


@pytest.fixture
def record(tmp_path):
    path = tmp_path / "record.txt"
    path.write_text(RECORD, encoding="utf-8")
    return path


def test_json_from_a_file_is_exactly_the_review(record):
    proc = cli(str(record), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == review_record(RECORD).to_dict()
    assert proc.stderr == b""


def test_json_from_stdin_with_and_without_dash():
    for args in (("-", "--json"), ("--json",)):
        proc = cli(*args, stdin=RECORD.encode())
        assert proc.returncode == 0
        data = json.loads(proc.stdout)
        assert data["criteria"]["child_voice"] is True
        assert [f["text"] for f in data["language"]] == ["putting herself at risk"]


def test_readable_output_exits_0_with_findings_and_never_prints_personal_data(record):
    proc = cli(str(record))
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert out.startswith("Coaching\n  - You recorded Olivia's own words")
    assert 'line 1: "putting herself at risk" (blames the child)' in out
    assert 'line 1: "CIN" (Child in Need)' in out
    assert "line 2: a phone number" in out
    assert "07700" not in out


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + RECORD.replace("\n", "\r\n").encode())
    proc = cli(str(path), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["criteria"]["child_voice"] is True


@pytest.mark.parametrize("text", ["", "   \n\n\t"])
def test_empty_text_is_nothing_to_review(tmp_path, text):
    path = tmp_path / "empty.txt"
    path.write_text(text, encoding="utf-8")
    proc = cli(str(path))
    assert proc.returncode == 0
    assert "Nothing to review" in proc.stdout.decode()
    data = json.loads(cli(str(path), "--json").stdout)
    assert data["criteria"] == dict.fromkeys(CRITERIA, False)
    assert data["language"] == data["assumptions"] == data["jargon"] == data["personal_data"] == []
    assert "nothing to review" in data["feedback"][0].lower()


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"\xff\xfe\x00\x00not utf8", "is UTF-16 text, not UTF-8"),
        (b"caf\xe9 au lait", "is not UTF-8 text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file, not text"),
    ],
)
def test_unreadable_input_exits_2_with_one_clear_line(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    proc = cli(str(path))
    assert proc.returncode == 2
    assert proc.stdout == b""
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and str(path) in lines[0], lines
    assert "Traceback" not in proc.stderr.decode()


def test_a_folder_exits_2(tmp_path):
    proc = cli(str(tmp_path))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip().endswith("is a folder, not a file")


def test_binary_on_stdin_exits_2():
    proc = cli("-", stdin=b"abc\x00def")
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == (
        "review-record: standard input: is a binary file, not text; save the record as plain text")


def test_help_describes_the_command(capsys):
    from olivia_training.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    assert "review-record" in capsys.readouterr().out


def test_a_real_process_reads_stdin_and_prints_json():
    proc = real_process("review-record", "-", "--json", stdin=RECORD.encode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == review_record(RECORD).to_dict()
    assert proc.stderr == b""


def test_a_real_process_exits_2_with_one_line_and_no_traceback():
    proc = real_process("review-record", "-", stdin=b"abc\x00def")
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert proc.stderr.decode().strip() == (
        "review-record: standard input: is a binary file, not text; save the record as plain text")
