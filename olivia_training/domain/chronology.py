"""Olivia's chronology as data: a DataFrame, its filters, who was involved when, and a timeline.

Pure logic: no ipywidgets or IPython. The DataFrame carries no facilitator notes, so
nothing built from it (cards, tables, figures) can leak them; `facilitator_notes()` gives
them separately, for the facilitator edition only.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from olivia_training.content import load
from olivia_training.content.models.chronology import (
    AGENCIES,
    PACK_CAPTIONS,
    STAGE_LABELS,
    STAGES,
    THEMES,
    Legend,
)
from olivia_training.figures import PALETTE, new_figure

PROVENANCES = ("briefing", "illustrative")
COLUMNS = ["number", "id", "stage", "stage_label", "age", "title", "description", "agencies",
           "themes", "provenance", "source", "training_assumption", "stage_provenance"]

_AGENCY_LABELS = {
    "sunrise team": "Sunrise Complex Safeguarding Team",
    "services (not named in the briefing)": "Services (not named in the briefing)",
}
_THEME_LABELS = {"court/PLO": "Court / Public Law Outline (PLO)"}


def agency_label(agency: str) -> str:
    return _AGENCY_LABELS.get(agency, agency[:1].upper() + agency[1:])


def theme_label(theme: str) -> str:
    return _THEME_LABELS.get(theme, theme[:1].upper() + theme[1:])


def stage_dtype() -> pd.CategoricalDtype:
    return pd.CategoricalDtype(categories=list(STAGES), ordered=True)


# -- loading ----------------------------------------------------------------------------------
def load_chronology(content_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per entry, in chronological (stage) order, numbered from 1.

    `source` is '' for illustrative entries; `stage_provenance` says where the entry's place
    in time comes from (a briefing entry the briefing does not date can be placed for
    training).
    """
    model = load("chronology", content_dir)
    rows = [
        {
            "id": e.id,
            "stage": e.stage,
            "stage_label": STAGE_LABELS[e.stage],
            "age": e.age,
            "title": e.title,
            "description": e.description,
            "agencies": list(e.agencies),
            "themes": list(e.themes),
            "provenance": e.provenance,
            "source": e.source if e.provenance == "briefing" else "",
            "training_assumption": bool(e.training_assumption),
            "stage_provenance": e.stage_source,
        }
        for e in model.entries
    ]
    df = pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "number"])
    df["stage"] = df["stage"].astype(stage_dtype())
    df = df.sort_values("stage", kind="stable").reset_index(drop=True)
    df.insert(0, "number", range(1, len(df) + 1))
    return df


def facilitator_notes(content_dir: str | Path | None = None) -> dict[str, str]:
    """Entry id -> facilitator note. For the facilitator edition only."""
    model = load("chronology", content_dir)
    return {e.id: e.facilitator_note for e in model.entries if e.facilitator_note.strip()}


# -- filtering --------------------------------------------------------------------------------
def _chosen(values: str | Iterable[str] | None, allowed: Iterable[str], what: str) -> set[str]:
    if values is None or values == "all":
        return set()
    chosen = {values} if isinstance(values, str) else set(values)
    unknown = chosen - set(allowed)
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(sorted(unknown))}")
    return chosen


def filter_chronology(df: pd.DataFrame, themes: Iterable[str] | None = None,
                      agencies: Iterable[str] | None = None,
                      provenance: str | Iterable[str] | None = None,
                      stages: Iterable[str] | None = None) -> pd.DataFrame:
    """Entries matching every filter given. Within a filter, any chosen value matches.

    None, an empty list or "all" means "no filter". Unknown values raise ValueError, so a
    typo never silently empties the chronology.
    """
    keep = pd.Series(True, index=df.index)
    wanted = _chosen(themes, THEMES, "theme")
    if wanted:
        keep &= df["themes"].map(lambda values: bool(wanted & set(values)))
    wanted = _chosen(agencies, AGENCIES, "agency")
    if wanted:
        keep &= df["agencies"].map(lambda values: bool(wanted & set(values)))
    wanted = _chosen(provenance, PROVENANCES, "provenance")
    if wanted:
        keep &= df["provenance"].isin(wanted)
    wanted = _chosen(stages, STAGES, "stage")
    if wanted:
        keep &= df["stage"].astype(str).isin(wanted)
    return df[keep].reset_index(drop=True)


# -- who was involved when ------------------------------------------------------------------
def agency_stage_matrix(df: pd.DataFrame, entries: bool = False) -> pd.DataFrame:
    """Agencies (rows, in the pack's order) by life stage (columns, every stage, in order).

    Each cell counts the entries that involve that agency at that stage; with
    `entries=True` it lists their entry numbers instead ("12, 13"; '' for none).
    """
    long = df[["number", "stage", "agencies"]].explode("agencies").rename(columns={"agencies": "agency"})
    long = long.dropna(subset=["agency"])
    present = set(long["agency"])
    order = [a for a in AGENCIES if a in present] + sorted(present - set(AGENCIES))
    long["agency"] = pd.Categorical(long["agency"], categories=order, ordered=True)
    long["stage"] = long["stage"].astype(stage_dtype())
    if entries:
        matrix = long.pivot_table(index="agency", columns="stage", values="number", observed=False,
                                  aggfunc=lambda s: ", ".join(str(n) for n in sorted(s)), fill_value="")
    else:
        matrix = long.pivot_table(index="agency", columns="stage", values="number", observed=False,
                                  aggfunc="count", fill_value=0).astype(int)
    matrix = matrix.reindex(index=order, columns=list(STAGES), fill_value="" if entries else 0)
    matrix.index.name, matrix.columns.name = "agency", "stage"
    return matrix


# -- the timeline -------------------------------------------------------------------------------
def marker_kind(row) -> str:
    """Which legend entry a row belongs to (a field of `Legend`): told apart by marker shape,
    not colour alone."""
    if row["provenance"] == "briefing":
        return "briefing_placed" if row["stage_provenance"] == "illustrative" else "briefing"
    return "assumption" if row["training_assumption"] else "illustrative"


# shape, face colour, edge colour; in the legend's order
_MARKERS = {
    "briefing": ("o", PALETTE[0], PALETTE[0]),
    "briefing_placed": ("o", "#ffffff", PALETTE[0]),
    "illustrative": ("s", PALETTE[1], PALETTE[1]),
    "assumption": ("D", "#ffffff", PALETTE[1]),
}


def _split(df: pd.DataFrame, explain: bool = False) -> str:
    briefing = int((df["provenance"] == "briefing").sum())
    illustrative = len(df) - briefing
    parts = []
    if briefing:
        parts.append(f"{briefing} from the briefing")
    if illustrative:
        parts.append(f"{illustrative} illustrative" + (" (written for training)" if explain else ""))
    return " and ".join(parts)


def timeline_alt(df: pd.DataFrame) -> str:
    """The figure's alt text, written from the same data that draws it."""
    if df.empty:
        return "Timeline of Olivia's chronology: no entries match the chosen filters."
    assumptions = int(df["training_assumption"].sum())
    entries = "1 entry" if len(df) == 1 else f"{len(df)} entries"
    text = (f"Timeline of {entries} in Olivia's chronology, by life stage and agency: "
            f"{_split(df, explain=True)}")
    if assumptions == 1:
        text += ", of which 1 is a training assumption"
    elif assumptions:
        text += f", of which {assumptions} are training assumptions"
    text += ". "
    per_stage = []
    for stage in STAGES:
        rows = df[df["stage"] == stage]
        if not rows.empty:
            per_stage.append(f"{STAGE_LABELS[stage]}: {_split(rows)}")
    text += "By stage: " + "; ".join(per_stage) + ". "
    busiest = agency_stage_matrix(df).sum(axis=1).sort_values(ascending=False, kind="stable")
    top = [f"{agency_label(a)} ({n})" for a, n in busiest.items() if n][:3]
    text += "Agencies in most entries: " + ", ".join(top) + ". "
    text += "Numbers beside the markers are the entry numbers in the chronology table."
    return text


def _positions(count: int, per_line: int = 4) -> list[tuple[float, float]]:
    """Offsets for `count` markers in one cell: left to right, then top to bottom."""
    cols = min(count, per_line)
    lines = math.ceil(count / cols)
    xs = [(i - (cols - 1) / 2) * 0.25 - 0.04 for i in range(cols)]
    ys = [0.0] if lines == 1 else [-0.25 + 0.5 * j / (lines - 1) for j in range(lines)]
    return [(xs[i % cols], ys[i // cols]) for i in range(count)]


def _wrap(label: str, width: int) -> str:
    return "\n".join(textwrap.fill(part, width) for part in label.replace(" (", "\n(").split("\n"))


def draw_timeline(df: pd.DataFrame, legend: Legend = PACK_CAPTIONS.legend):
    """A swimlane timeline (a matplotlib Figure): life stages across, agencies down, one
    numbered marker per entry and agency. Briefing and illustrative entries differ in colour,
    marker shape and legend label (`legend`: from exercises/chronology.yaml's captions)."""
    long = df[["number", "stage", "agencies", "provenance", "training_assumption",
               "stage_provenance"]].explode("agencies").rename(columns={"agencies": "agency"})
    long = long.dropna(subset=["agency"])
    order = list(agency_stage_matrix(df).index)
    height = 1.6 + 0.62 * max(len(order), 1)
    fig = new_figure(9.5, height)
    ax = fig.add_subplot()
    x_labels = [_wrap(STAGE_LABELS[s], 20) for s in STAGES]
    ax.set_xlim(-0.5, len(STAGES) - 0.5)
    ax.set_xticks(range(len(STAGES)), x_labels, fontsize=10.5)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_color("#767676")
    if long.empty:
        ax.set_ylim(-0.5, 0.5)
        ax.set_yticks([])
        ax.text((len(STAGES) - 1) / 2, 0, "No entries match these filters.", ha="center",
                va="center", fontsize=12, color="#1a1a1a")
    else:
        ax.set_ylim(len(order) - 0.5, -0.5)
        ax.set_yticks(range(len(order)), [textwrap.fill(agency_label(a), 22) for a in order],
                      fontsize=10.5)
        for i in range(1, len(STAGES)):
            ax.axvline(i - 0.5, color="#d0d0d0", lw=0.8, zorder=0)
        for j in range(1, len(order)):
            ax.axhline(j - 0.5, color="#d0d0d0", lw=0.8, zorder=0)
        points: dict[str, list[tuple[float, float]]] = {kind: [] for kind in _MARKERS}
        for (agency, stage), cell in long.groupby(["agency", "stage"], observed=True, sort=False):
            y0, x0 = order.index(agency), STAGES.index(stage)
            cell = cell.sort_values("number")
            for (dx, dy), (_, row) in zip(_positions(len(cell)), cell.iterrows(), strict=True):
                points[marker_kind(row)].append((x0 + dx, y0 + dy))
                ax.annotate(str(row["number"]), (x0 + dx, y0 + dy), xytext=(5, 1),
                            textcoords="offset points", fontsize=9.5, color="#1a1a1a",
                            va="bottom", ha="left", zorder=4)
        for kind, xy in points.items():
            if xy:
                shape, face, edge = _MARKERS[kind]
                ax.scatter([x for x, _ in xy], [y for _, y in xy], marker=shape, s=70, facecolors=face,
                           edgecolors=edge, linewidths=1.8, zorder=3, label=getattr(legend, kind))
        fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=10.5)
    return fig
