"""Small confidence charts. Each has alt text made from the numbers that drew it, and is
always shown beside a table holding the same numbers (the text equivalent).

Before is blue and plain, after is orange and hatched, so the two differ without colour.
"""

from __future__ import annotations

import textwrap

from olivia_training.figures import PALETTE, new_figure
from olivia_training.printable import FigureBlock
from olivia_training.reports.answers import NOT_RATED, SCALE
from olivia_training.reports.format import fmt

BEFORE = {"color": PALETTE[0], "label": "Before"}
AFTER = {"color": PALETTE[1], "label": "After", "hatch": "//", "edgecolor": "#1a1a1a"}
INK = "#1a1a1a"


def _wrap(text: str, width: int = 30) -> str:
    return "\n".join(textwrap.wrap(text, width)) or text


def _style(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK, labelsize=9)


def _legend_handles():
    from matplotlib.patches import Patch

    return [Patch(facecolor=BEFORE["color"], label="Before"),
            Patch(facecolor=AFTER["color"], hatch=AFTER["hatch"], edgecolor=AFTER["edgecolor"],
                  label="After")]


def _n(value: int | None) -> str:
    return str(value) if value is not None else NOT_RATED


def participant_chart(rows: list[tuple[str, int | None, int | None]]) -> FigureBlock | None:
    """Your own confidence per question, before and after; None if nothing is rated yet."""
    if not any(b is not None or a is not None for _, b, a in rows):
        return None
    fig = new_figure(7.2, 0.9 + 0.8 * len(rows))
    ax = fig.add_subplot()
    height = 0.36
    positions = list(range(len(rows)))[::-1]
    for y, (_, before, after) in zip(positions, rows, strict=True):
        for offset, value, style in ((height / 2, before, BEFORE), (-height / 2, after, AFTER)):
            if value is None:
                ax.text(0.08, y + offset, f"{style['label'].lower()}: {NOT_RATED}", va="center",
                        fontsize=8, color=INK, style="italic")
            else:
                ax.barh(y + offset, value, height=height, **{k: v for k, v in style.items()
                                                              if k != "label"})
                ax.text(value + 0.06, y + offset, str(value), va="center", fontsize=9, color=INK)
    ax.set_yticks(positions, [_wrap(short) for short, _, _ in rows])
    ax.set_xlim(0, 5.4)
    ax.set_xticks(list(SCALE))
    ax.set_xlabel("Confidence: 1 = not at all confident, 5 = very confident", color=INK, fontsize=9)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.legend(handles=_legend_handles(), loc="lower right", fontsize=8, frameon=False,
              bbox_to_anchor=(1.0, 1.0), ncols=2)
    _style(ax)
    parts = [f"{short}: before {_n(b)}, after {_n(a)}" for short, b, a in rows]
    alt = ("Bar chart of your own confidence, from 1 (not at all confident) to 5 (very "
           "confident), before and after the workshop. " + "; ".join(parts) + ".")
    return FigureBlock(fig, alt=alt, caption="Your confidence before and after the workshop")


def distribution_chart(questions) -> FigureBlock:
    """One small bar chart per question: how many gave each rating, before and after."""
    cols = 2
    rows = (len(questions) + cols - 1) // cols
    fig = new_figure(8.0, 2.6 * rows + 0.4)
    axes = fig.subplots(rows, cols, squeeze=False)
    width = 0.38
    top = max([max(q.before.values()) for q in questions] + [max(q.after.values()) for q in questions]
              + [1])
    for index, q in enumerate(questions):
        ax = axes[index // cols][index % cols]
        xs = list(SCALE)
        ax.bar([x - width / 2 for x in xs], [q.before[x] for x in xs], width, **BEFORE)
        ax.bar([x + width / 2 for x in xs], [q.after[x] for x in xs], width, **AFTER)
        ax.set_title(_wrap(q.short, 45), fontsize=9, color=INK)
        ax.set_xticks(xs)
        ax.set_ylim(0, top * 1.15)
        ax.yaxis.get_major_locator().set_params(integer=True)
        if not q.rated_before and not q.rated_after:
            ax.text(3, top * 0.55, "No ratings", ha="center", fontsize=9, color=INK, style="italic")
        ax.set_ylabel("Participants", fontsize=8, color=INK)
        ax.set_xlabel("Rating (1 to 5)", fontsize=8, color=INK)
        _style(ax)
    for index in range(len(questions), rows * cols):
        axes[index // cols][index % cols].set_visible(False)
    axes[0][0].legend(handles=_legend_handles(), fontsize=8, frameon=False)
    parts = []
    for q in questions:
        parts.append(f"{q.short}: {q.rated_before} rated before, {q.rated_after} after")
    alt = ("Four bar charts, one per question, of how many participants gave each confidence "
           "rating from 1 to 5, before (blue, plain) and after (orange, hatched) the workshop. "
           + "; ".join(parts) + ". The table below gives every number.")
    return FigureBlock(fig, alt=alt, caption="How many participants gave each rating")


def means_chart(questions) -> FigureBlock:
    """Mean confidence before and after, per question, joined by an arrow."""

    fig = new_figure(8.0, 0.9 + 0.75 * len(questions))
    ax = fig.add_subplot()
    positions = list(range(len(questions)))[::-1]
    for y, q in zip(positions, questions, strict=True):
        if q.mean_before is not None and q.mean_after is not None:
            ax.annotate("", xy=(q.mean_after, y), xytext=(q.mean_before, y),
                        arrowprops={"arrowstyle": "->", "color": INK, "lw": 1.2})
        if q.mean_before is None and q.mean_after is None:
            ax.text(1.0, y, "no ratings", va="center", fontsize=8, color=INK, style="italic")
        if q.mean_before is not None:
            ax.plot(q.mean_before, y, "o", color=BEFORE["color"], markersize=9)
        if q.mean_after is not None:
            ax.plot(q.mean_after, y, "s", color=AFTER["color"], markersize=9, markeredgecolor=INK)
    ax.plot([], [], "o", color=BEFORE["color"], label="Mean before (circle)")
    ax.plot([], [], "s", color=AFTER["color"], markeredgecolor=INK, label="Mean after (square)")
    ax.set_yticks(positions, [_wrap(q.short) for q in questions])
    ax.set_xlim(0.8, 5.2)
    ax.set_ylim(-0.6, len(questions) - 0.4)
    ax.set_xticks(list(SCALE))
    ax.set_xlabel("Mean confidence: 1 = not at all confident, 5 = very confident", fontsize=9,
                  color=INK)
    ax.legend(fontsize=8, frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncols=2)
    ax.grid(axis="x", color="#d0d0d0", linewidth=0.6)
    _style(ax)
    parts = [f"{q.short}: {fmt(q.mean_before)} before, {fmt(q.mean_after)} after, mean change "
             f"{fmt(q.mean_change, signed=True)} over {q.paired} who rated both" for q in questions]
    alt = "Chart of mean confidence before and after the workshop. " + "; ".join(parts) + "."
    return FigureBlock(fig, alt=alt, caption="Mean confidence before and after")
