"""Benchmark the record review: median time for a 1,000-word record, 1 MB, and linearity.

Run: .venv/bin/python benchmarks/review_bench.py

Targets (issue 5): at most 50 ms median for 1,000 words; at most 2 s for 1 MB of text; time
growing linearly with length (doubling the text should about double the time). Prints the
figures and the ratios; exits 1 if a target is missed, so it can be run by hand or in CI.
It is not a test: timings depend on the machine.
"""

from __future__ import annotations

import statistics
import sys
import time

from olivia_training.domain.personal_data import find_personal_data
from olivia_training.domain.recording_drills import review_record

# A realistic record (about 125 words) with something for every check: quotes, feelings,
# opinion with and without basis, jargon, flagged wording, personal-data shapes.
PARAGRAPH = (
    "I visited Olivia at school on Tuesday after the CIN meeting. Olivia said, \"Nobody ever "
    "asks me what I want.\" She told me she wants to stay at her nan's and is scared of the man "
    "in the car. Mum said she was \"fine\" and obviously putting herself at risk. In my view "
    "Olivia is being groomed, because an adult is giving her gifts and she hid when his car "
    "arrived. She seemed fine by the end of the visit. This means she is at increased risk of "
    "sexual exploitation. I will phone children's social care today and ask for a strategy "
    "discussion. The school DSL agreed to check in with her every morning this week. Contact "
    "07700 900123 or ol16 1ab if needed; NHS 943 476 5919.\n"
)
# Harder shapes: many quotes, apostrophes, numbers and capitals.
HOSTILE = ("'a' \"b\" O'Neil's 12/03/2009 DOB 1 2 3 4 5 6 7 8 9 0 AB12 3CD ... ??? !!! "
           "CP CIN PLO s47 the the the she she said \u201cx\u201d \u2018y\u2019 ") * 3


def words(n: int, unit: str = PARAGRAPH) -> str:
    per = len(unit.split())
    return unit * max(1, round(n / per))


def sized(n_bytes: int, unit: str = PARAGRAPH) -> str:
    return (unit * (n_bytes // len(unit.encode()) + 1))[:n_bytes]


def timed(fn, text: str, repeat: int) -> list[float]:
    """Wall-clock seconds per run. (CPU seconds are printed too: on a busy shared machine the
    wall clock also counts time spent waiting for a core.)"""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(text)
        out.append(time.perf_counter() - started)
    return out


def cpu(fn, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn(text)
        best = min(best, time.process_time() - started)
    return best


def main() -> int:
    review_record("warm up the rules cache")
    ok = True

    record = words(1000)
    times = timed(review_record, record, 31)
    median_ms = statistics.median(times) * 1000
    print(f"1,000-word record ({len(record.split())} words, {len(record):,} chars): "
          f"median {median_ms:.1f} ms, min {min(times) * 1000:.1f} ms, "
          f"CPU {cpu(review_record, record, 11) * 1000:.1f} ms  (target <= 50 ms)")
    ok &= median_ms <= 50

    for name, unit in (("realistic", PARAGRAPH), ("hostile", HOSTILE)):
        big = sized(1_000_000, unit)
        t = min(timed(review_record, big, 3))
        print(f"1 MB of {name} text: {t:.2f} s, CPU {cpu(review_record, big, 2):.2f} s  (target <= 2 s)")
        ok &= t <= 2

    print("Linearity (CPU time per size, and the ratio to the previous size; ~2.0 is linear):")
    sizes = (125_000, 250_000, 500_000, 1_000_000)
    for name, unit in (("realistic", PARAGRAPH), ("hostile", HOSTILE)):
        previous = None
        per_byte = []
        for size in sizes:
            t = cpu(review_record, sized(size, unit), 3)
            ratio = f"x{t / previous:.2f}" if previous else ""
            print(f"  {name:9} {size:>9,} bytes: {t * 1000:8.1f} ms {ratio}")
            previous = t
            per_byte.append(t / size)
        # Linear means the cost per byte stays flat as the text grows eightfold; one noisy
        # step (a collection pause) should not decide it, so compare the ends of the range.
        growth = per_byte[-1] / per_byte[0]
        print(f"  {name:9} cost per byte, 1 MB vs 125 kB: x{growth:.2f} (linear: about 1; target <= 1.5)")
        ok &= growth <= 1.5

    pd_text = sized(1_000_000)
    t = min(timed(find_personal_data, pd_text, 3))
    print(f"find_personal_data on 1 MB: {t:.2f} s")
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
