"""olivia-training review-record: coaching feedback on a record, from a file or stdin."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from olivia_training.commands._common import content_arg

NAME = "review-record"
HELP = "review a record of a child's voice and print coaching feedback"
ORDER = 40


def add_arguments(parser) -> None:
    parser.add_argument("file", nargs="?", default="-", metavar="FILE",
                        help="the record, as UTF-8 text (default, or '-': read standard input)")
    parser.add_argument("--json", action="store_true",
                        help="print the review as JSON (criteria, language, assumptions, jargon, "
                             "personal_data, feedback)")
    content_arg(parser)


class Unreadable(Exception):
    """Input that cannot be reviewed; the message is one line for the user."""


def read_record(name: str) -> str:
    label = "standard input" if name == "-" else name
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except FileNotFoundError:
        raise Unreadable(f"{label}: no such file") from None
    except IsADirectoryError:
        raise Unreadable(f"{label}: is a folder, not a file") from None
    except PermissionError:
        raise Unreadable(f"{label}: permission denied") from None
    except OSError as exc:
        raise Unreadable(f"{label}: cannot be read ({exc.strerror or exc})") from None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise Unreadable(f"{label}: is UTF-16 text, not UTF-8; save the record as UTF-8 plain text")
    if b"\x00" in data:
        raise Unreadable(f"{label}: is a binary file, not text; save the record as plain text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(f"{label}: is not UTF-8 text; save the record as UTF-8 plain text") from None


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def format_review(text: str, review) -> str:
    """The review for people: coaching first, then each flagged phrase with its line."""
    from olivia_training.domain.recording_drills import CRITERION_LABELS

    if review.empty:
        return "Nothing to review: the record is empty. Write the record, then run this again."
    out = ["Coaching", *[f"  - {line}" for line in review.feedback], "", "What the review looks for"]
    for name, done in review.to_dict()["criteria"].items():
        out.append(f"  [{'x' if done else ' '}] {CRITERION_LABELS[name]}")
    if review.language:
        out += ["", "Wording to look at"]
        out += [f'  line {_line(text, f.start)}: "{f.text}" ({f.category}). Try instead: '
                f"{f.suggestion}. [{f.source}]" for f in review.language]
    if review.assumptions:
        out += ["", "Opinion written as fact"]
        out += [f'  line {_line(text, f.start)}: "{f.text}". Instead, {f.suggestion}.'
                for f in review.assumptions]
    if review.jargon:
        out += ["", "Jargon and acronyms to spell out"]
        out += [f'  line {_line(text, f.start)}: "{f.text}" ({f.meaning})' for f in review.jargon]
    if review.personal_data:
        out += ["", "Looks like real personal data (not shown here): use only the training case"]
        out += [f"  line {_line(text, p.start)}: {p.label}" for p in review.personal_data]
    return "\n".join(out)


def run(args) -> int:
    from olivia_training.domain.recording_drills import review_record

    try:
        text = read_record(args.file)
    except Unreadable as exc:
        print(f"review-record: {exc}", file=sys.stderr)
        return 2
    review = review_record(text, content=args.content)
    if args.json:
        output = json.dumps(review.to_dict(), ensure_ascii=False, indent=2)
    else:
        output = format_review(text, review)
    stream = sys.stdout
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")
    print(output, file=stream)
    return 0
