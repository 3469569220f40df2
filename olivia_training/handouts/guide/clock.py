"""Times of day and lengths for the session plans: "09:30", "1 hour 15 minutes".

Session plans add up block lengths from `exercises/programme.yaml` to give each block its
start and end on the clock, so the printed plan and the programme cannot disagree.
"""

from __future__ import annotations


def minutes(clock: str) -> int:
    """'09:30' -> 570, minutes after midnight."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def clock(total: int) -> str:
    """570 -> '09:30'; past midnight wraps round, as a wall clock does."""
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def duration(total: int) -> str:
    """75 -> '1 hour 15 minutes', in words a facilitator would say."""
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} minutes"
    text = f"{hours} hour{'s' if hours > 1 else ''}"
    return f"{text} {rest} minutes" if rest else text
