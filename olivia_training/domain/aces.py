"""Adverse Childhood Experiences (ACEs) as a lens: tag comparison, coaching, the strip plot.

Pure logic: no widget or IPython imports; matplotlib only inside `strip_figure`.

Nothing here turns a count into a prediction. Feedback names what a participant saw and
what the key would add; it never gives a mark, a score or a tally.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# The pack's own wording; exercises/aces.yaml may change it (spot.generic_added_reason).
from olivia_training.content.models.aces import GENERIC_ADDED_REASON
from olivia_training.labels import BRIEFING_LABEL, ILLUSTRATIVE_LABEL

# -- comparing tags with the key ------------------------------------------------------------


@dataclass(frozen=True)
class KeyPoint:
    """One point of the key: any one of `categories` agrees with it."""

    categories: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Tag:
    """One line of feedback: a category (or either-of categories) and why."""

    label: str
    categories: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class Comparison:
    entry_id: str
    agreed: tuple[Tag, ...]
    missed: tuple[Tag, ...]
    added: tuple[Tag, ...]
    empty_key: bool = False
    empty_reason: str = ""

    @property
    def tagged_nothing(self) -> bool:
        return not self.agreed and not self.added


def lower_first(text: str) -> str:
    """'Household mental illness' -> 'household mental illness'; acronyms stay as they are."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return text
    return text[:1].lower() + text[1:]


def _label(categories: Iterable[str], names: Mapping[str, str]) -> str:
    labels = [names.get(c, c) for c in categories]
    return " or ".join(labels)


def compare(entry_id: str, tags: Iterable[str], key: Sequence[KeyPoint], names: Mapping[str, str],
            added_reasons: Mapping[str, str] | None = None, empty_reason: str = "",
            otherwise: str = GENERIC_ADDED_REASON) -> Comparison:
    """Compare a participant's tags for one entry with the key.

    A key point is agreed when the participant ticked any one of its categories, and missed
    otherwise. A tag that matches no key point is added; its reason comes from
    `added_reasons` where the key has one, or `otherwise`: a line that keeps the door open.
    """
    chosen = list(dict.fromkeys(tags))  # keep order, drop repeats
    added_reasons = added_reasons or {}
    agreed: list[Tag] = []
    missed: list[Tag] = []
    covered: set[str] = set()
    for point in key:
        hit = [c for c in point.categories if c in chosen]
        covered.update(point.categories)
        if hit:
            agreed.append(Tag(_label(hit, names), tuple(hit), point.reason))
        else:
            missed.append(Tag(_label(point.categories, names), point.categories, point.reason))
    added = [
        Tag(names.get(c, c), (c,), added_reasons.get(c, otherwise))
        for c in chosen
        if c not in covered
    ]
    return Comparison(entry_id, tuple(agreed), tuple(missed), tuple(added),
                      empty_key=not key, empty_reason=empty_reason)


def compare_item(item, tags: Iterable[str], names: Mapping[str, str],
                 otherwise: str = GENERIC_ADDED_REASON) -> Comparison:
    """`compare` for a `SpotItem` from exercises/aces.yaml (`otherwise`: its spot's
    `generic_added_reason`)."""
    key = [KeyPoint(tuple(k.categories), k.reason) for k in item.facilitator_key]
    added = {a.category: a.reason for a in item.facilitator_added}
    return compare(item.entry, tags, key, names, added, item.facilitator_empty_reason, otherwise)


# -- coaching feedback ----------------------------------------------------------------------

@dataclass(frozen=True)
class Coaching:
    """What was done well (always first), then at most two things to try next.

    `more` holds any further comparison lines, so every agreed, missed and added tag is
    shown with its reason, but only two are offered as the next things to try.
    """

    done_well: tuple[str, ...]
    next_steps: tuple[str, ...]
    more: tuple[str, ...] = ()

    def sentences(self) -> list[str]:
        return [*self.done_well, *self.next_steps, *self.more]


MAX_NEXT_STEPS = 2


def _lc(label: str) -> str:
    return " or ".join(lower_first(part) for part in label.split(" or "))


def coaching(comparison: Comparison) -> Coaching:
    """Coaching sentences for one entry. Never a mark, a score or a tally."""
    c = comparison
    done: list[str] = []
    steps: list[str] = []
    if c.agreed:
        for tag in c.agreed:
            done.append(f"You spotted {_lc(tag.label)}, as the key does. {tag.reason}")
    elif c.empty_key and c.tagged_nothing:
        done.append(f"You left this entry untagged, as the key does. {c.empty_reason}".strip())
    elif c.added:
        done.append("You named what you saw in this entry, which is where curiosity starts.")
    else:
        done.append("You held back from tagging without evidence, which is a sound instinct.")

    if c.empty_key and c.added and c.empty_reason:
        steps.append(f"The key leaves this entry untagged. {c.empty_reason}")
    for tag in c.missed:
        steps.append(f"Look again for {_lc(tag.label)}: the key has it. {tag.reason}")
    for tag in c.added:
        steps.append(f"You added {_lc(tag.label)}. {tag.reason}")
    if not steps:
        steps.append("Next, ask what this entry does not tell you: what would you want to know "
                      "about how Olivia experienced this?")
    return Coaching(tuple(done), tuple(steps[:MAX_NEXT_STEPS]), tuple(steps[MAX_NEXT_STEPS:]))


# -- the strip plot: adversity across childhood --------------------------------------------

KIND_BRIEFING = "briefing"
KIND_PLACED = "briefing-placed"
KIND_ILLUSTRATIVE = "illustrative"
KIND_LABELS = {
    KIND_BRIEFING: BRIEFING_LABEL,
    KIND_PLACED: f"{BRIEFING_LABEL}; its place in time is illustrative",
    KIND_ILLUSTRATIVE: ILLUSTRATIVE_LABEL,
}
SILENT_SUFFIX = "(no entry)"


@dataclass(frozen=True)
class StripRow:
    id: str
    name: str  # the category's (or row's) own name
    label: str  # as shown on the plot: marked "(wider adversity)" or "(no entry)" as it applies
    categories: tuple[str, ...]
    wider: bool  # beyond the original study's categories
    silent: bool  # no chronology entry speaks to it


@dataclass(frozen=True)
class StripPoint:
    row: str
    stage: str
    entry_id: str
    title: str
    kind: str


@dataclass(frozen=True)
class StripData:
    rows: tuple[StripRow, ...]
    stages: tuple[tuple[str, str], ...]  # (stage id, label), in time order
    points: tuple[StripPoint, ...]

    def points_at(self, row: str, stage: str) -> list[StripPoint]:
        return [p for p in self.points if p.row == row and p.stage == stage]


def _kind(entry) -> str:
    if entry.provenance != "briefing":
        return KIND_ILLUSTRATIVE
    return KIND_BRIEFING if entry.stage_source == "briefing" else KIND_PLACED


def strip_data(chronology, aces) -> StripData:
    """Which categories the chronology speaks to at which life stage.

    Each configured row draws the entries whose themes (or ids) link to it. Every category
    no row covers gets a row of its own, marked silent: the records say nothing about it,
    which is not the same as it not having happened.
    """
    from olivia_training.content.models.chronology import STAGE_LABELS, STAGES

    order = [c.id for c in aces.categories] + [w.id for w in aces.wider]
    wider = {w.id for w in aces.wider}
    names = aces.names()
    configured = sorted(aces.strip_rows, key=lambda r: min(order.index(c) for c in r.categories))

    rows: list[tuple[int, StripRow]] = []
    points: list[StripPoint] = []
    covered: set[str] = set()
    for row in configured:
        covered.update(row.categories)
        hits = [e for e in chronology.entries
                if e.id in row.entries or set(e.themes) & set(row.themes)]
        for entry in hits:
            points.append(StripPoint(row.id, entry.stage, entry.id, entry.title, _kind(entry)))
        is_wider = all(c in wider for c in row.categories)
        label = row.label + (" (wider adversity)" if is_wider else "")
        label += "" if hits else f" {SILENT_SUFFIX}"
        rows.append((min(order.index(c) for c in row.categories),
                     StripRow(row.id, row.label, label, tuple(row.categories), is_wider,
                              silent=not hits)))
    for category in order:
        if category not in covered:
            is_wider = category in wider
            label = names[category] + (" (wider adversity)" if is_wider else "")
            rows.append((order.index(category),
                         StripRow(f"silent:{order.index(category)}", names[category],
                                  f"{label} {SILENT_SUFFIX}", (category,), is_wider, silent=True)))
    rows.sort(key=lambda pair: pair[0])
    used = {p.stage for p in points}
    stages = tuple((s, STAGE_LABELS[s]) for s in STAGES if s in used)
    return StripData(tuple(r for _, r in rows), stages, tuple(points))


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _row_words(row: StripRow) -> str:
    return lower_first(row.name) + (" (wider adversity)" if row.wider else "")


SHORT_KINDS = {
    KIND_BRIEFING: "From the briefing",
    KIND_PLACED: "From the briefing, placed in time for training",
    KIND_ILLUSTRATIVE: "Illustrative",
}


def strip_alt_text(data: StripData) -> str:
    """A short description of what the plot shows, generated from its data."""
    spoken = [_row_words(r) for r in data.rows if not r.silent]
    silent = [_row_words(r) for r in data.rows if r.silent]
    kinds = {p.kind for p in data.points}
    mix = ("Most entries are illustrative, written for this training."
           if KIND_ILLUSTRATIVE in kinds else "All entries are from the briefing.")
    text = ("Strip plot of adversity across Olivia's childhood. Columns are life stages, rows are "
            "ACE categories, and each marker is one chronology entry. ")
    if spoken:
        text += f"The chronology speaks to {_join(spoken)}. "
    if silent:
        text += f"It is silent on {_join(silent)}. "
    return text + (f"{mix} The plot shows where the records speak; it does not count harm or "
                   "predict anything.")


def strip_description(data: StripData) -> str:
    """The long description printed under the plot: every stage, every row, every label."""
    parts = []
    for stage, label in data.stages:
        parts.append(f"{label}.")
        for kind, kind_label in SHORT_KINDS.items():
            rows = [_row_words(r) for r in data.rows
                    if any(p.kind == kind for p in data.points_at(r.id, stage))]
            if rows:
                parts.append(f"{kind_label}: {'; '.join(rows)}.")
    silent = [_row_words(r) for r in data.rows if r.silent]
    if silent:
        parts.append(f"No entry speaks to {_join(silent)}. The records are silent on these, "
                     "which does not mean they did not happen.")
    return " ".join(parts)


_MARKERS = {
    KIND_BRIEFING: {"marker": "o", "color": "#0072B2", "fill": True},
    KIND_PLACED: {"marker": "D", "color": "#009E73", "fill": True},
    KIND_ILLUSTRATIVE: {"marker": "s", "color": "#D55E00", "fill": False},
}


def _offsets(n: int, spread: float = 0.32) -> list[float]:
    if n == 1:
        return [0.0]
    step = min(spread * 2 / (n - 1), 0.16)
    start = -step * (n - 1) / 2
    return [start + i * step for i in range(n)]


def strip_figure(data: StripData):
    """The strip plot on a `matplotlib.figure.Figure` (never pyplot)."""
    from olivia_training.figures import new_figure

    height = 1.9 + 0.46 * len(data.rows)
    fig = new_figure(8.6, height)
    ax = fig.add_subplot()
    rows = list(data.rows)
    y_of = {r.id: len(rows) - 1 - i for i, r in enumerate(rows)}
    x_of = {stage: i for i, (stage, _) in enumerate(data.stages)}
    for row in rows:
        if row.silent:
            ax.axhspan(y_of[row.id] - 0.5, y_of[row.id] + 0.5, color="#f2f2f2", zorder=0)
        for stage, _ in data.stages:
            here = data.points_at(row.id, stage)
            for point, dx in zip(here, _offsets(len(here)), strict=True):
                style = _MARKERS[point.kind]
                ax.scatter([x_of[stage] + dx], [y_of[row.id]], marker=style["marker"], s=70,
                           facecolors=style["color"] if style["fill"] else "white",
                           edgecolors=style["color"], linewidths=1.8, zorder=3)
    ax.set_xticks(range(len(data.stages)))
    ax.set_xticklabels([textwrap.fill(label, 13) for _, label in data.stages], fontsize=10)
    ax.set_yticks([y_of[r.id] for r in rows])
    ax.set_yticklabels([textwrap.fill(r.label, 32) for r in rows], fontsize=10)
    for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
        if row.silent:
            tick.set_color("#4a4a4a")
            tick.set_fontstyle("italic")
    ax.set_xlim(-0.6, len(data.stages) - 0.4)
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="x", color="#d0d0d0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = []
    used = {p.kind for p in data.points}
    for kind, label in KIND_LABELS.items():
        if kind not in used:
            continue
        style = _MARKERS[kind]
        handles.append(ax.scatter([], [], marker=style["marker"], s=70,
                                  facecolors=style["color"] if style["fill"] else "white",
                                  edgecolors=style["color"], linewidths=1.8,
                                  label=textwrap.fill(label, 34)))
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3),
               fontsize=9.5, frameon=False)
    ax.set_title("Adversity across Olivia's childhood: where the chronology speaks", fontsize=11.5,
                 loc="left")
    return fig

