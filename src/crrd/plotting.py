"""Figures of the data (extra ``plot``): ``crrd plot OUTDIR`` writes them as PNG files."""

from __future__ import annotations

from pathlib import Path

FIGURES = ("military_activities_per_year", "trade_and_crude_oil", "leader_meetings_per_year", "milestones_timeline")


def _pyplot():
    from crrd.extras import need

    matplotlib = need("matplotlib", "plot", "drawing figures")
    matplotlib.use("Agg")  # files only, no screen
    import matplotlib.pyplot as plt

    return plt


def at_precision(day, precision: str) -> str:
    """A date as precise as the data: 1969-03-02, 1969-03 or 1969 (never an invented first of the month)."""
    return {"day": f"{day:%Y-%m-%d}", "month": f"{day:%Y-%m}", "year": f"{day:%Y}"}.get(
        str(precision), f"{day:%Y-%m-%d}"
    )


def data_stamp() -> str:
    """What a figure was drawn from: the dataset version and the hashes of the data files."""
    import hashlib

    from crrd.metadata import installed_package

    pkg = installed_package()
    hashes = "".join(r.get("hash", "") for r in pkg.descriptor["resources"])
    return f"CRRD {pkg.version}; data {hashlib.sha256(hashes.encode()).hexdigest()[:16]}"


def _stacked(ax, panel, columns) -> None:
    """Stacked bars per year; a year whose counts are not complete (missing) is shaded, never drawn as 0."""
    import numpy as np

    years = panel["year"].astype(int).to_numpy()
    bottom = np.zeros(len(years))
    unknown = np.zeros(len(years), dtype=bool)
    for col, label in columns:
        values = panel[col]
        unknown |= values.isna().to_numpy()
        v = values.fillna(0).astype(int).to_numpy()
        ax.bar(years, v, bottom=bottom, label=label)
        bottom = bottom + v
    top = max(float(bottom.max()), 1.0)
    for y in years[unknown]:
        ax.axvspan(y - 0.45, y + 0.45, facecolor="0.9", edgecolor="0.6", hatch="//", zorder=0, lw=0)
    ax.set_ylim(0, top * 1.25)
    handles, labels = ax.get_legend_handles_labels()
    if unknown.any():
        from matplotlib.patches import Patch

        handles.append(Patch(facecolor="0.9", edgecolor="0.6", hatch="//", lw=0))
        labels.append("not complete: rows known to be missing (see Known gaps)")
    ax.legend(handles, labels, frameon=False, fontsize=8, loc="upper left")


def plot(outdir: str | Path) -> list[Path]:
    """Draw every figure into ``outdir``; the paths written."""
    import crrd
    from crrd.panel import yearly

    plt = _pyplot()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    panel = yearly(start=2003)
    version = crrd.__version__
    credit = f"Source: CRRD {version} (CC BY 4.0)"
    paths = []

    stamp = data_stamp()

    def save(fig, name: str) -> None:
        fig.text(0.99, 0.01, credit, ha="right", va="bottom", fontsize=7, color="0.4")
        fig.tight_layout(rect=(0, 0.03, 1, 1))
        path = out / f"{name}.png"
        # the stamp lets a test tell a figure drawn from other data or another version (stale) from a current one
        fig.savefig(path, dpi=110, metadata={"Description": stamp, "Software": None})
        plt.close(fig)
        paths.append(path)

    # 1. Joint military activities per year, by type.
    fig, ax = plt.subplots(figsize=(9, 4.2))
    _stacked(ax, panel, (("exercises", "exercises"), ("air_patrols", "joint air patrols"),
                         ("naval_patrols", "joint naval patrols"), ("coast_guard_patrols", "coast guard patrols")))  # fmt: skip
    ax.set_title("China–Russia joint military activities per year, by type")
    ax.set_ylabel("activities starting in the year")
    save(fig, FIGURES[0])

    # 2. Trade (China's customs) and crude oil imports from Russia.
    full = yearly(start=1992)
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
    # Years without a sourced value stay empty: the line breaks there instead of drawing a guess across.
    years = full["year"].astype(int)
    a1.plot(years, full["trade_total_usd_bn"], marker="o", ms=3)
    a1.set_title("Goods trade, China's customs (US$ bn)")
    a2.plot(years, full["crude_oil_imports_mt"], marker="o", ms=3, color="tab:brown")
    a2.set_title("China's crude oil imports from Russia (Mt)")
    a2.text(0.02, 0.96, "breaks: years not yet sourced", transform=a2.transAxes, fontsize=7, color="0.4", va="top")
    for ax in (a1, a2):
        ax.grid(alpha=0.3)
    save(fig, FIGURES[1])

    # 3. Leader meetings per year, by format.
    m = yearly(start=2013)
    fig, ax = plt.subplots(figsize=(9, 4.2))
    _stacked(
        ax,
        m,
        (("leader_meetings_in_person", "in person"), ("video_calls", "video calls"), ("phone_calls", "phone calls")),
    )
    ax.set_title("Meetings and calls of Xi Jinping and Vladimir Putin per year")
    save(fig, FIGURES[2])

    # 4. The milestones of the whole history (events and agreements marked `milestone`), each date at its precision.
    import pandas as pd

    events, agreements = crrd.load("events"), crrd.load("agreements")
    ms = pd.concat([
        events[events["milestone"].fillna(False).astype(bool)][["start_date", "date_precision", "title"]],
        agreements[agreements["milestone"].fillna(False).astype(bool)]
        .rename(columns={"signed_date": "start_date"})[["start_date", "date_precision", "title"]],
    ]).sort_values("start_date")  # fmt: skip
    fig = plt.figure(figsize=(11, 0.28 * len(ms) + 1.4))
    ax = fig.add_axes((0.04, 0.08, 0.36, 0.84))  # the time axis on the left, the labels in a column beside it
    ys = list(range(len(ms)))[::-1]
    ax.scatter(ms["start_date"], ys, s=16, color="tab:red", zorder=3)
    ax.hlines(ys, ms["start_date"], ms["start_date"].max(), color="0.85", lw=0.6, zorder=1)
    for y, (_, r) in zip(ys, ms.iterrows(), strict=True):
        title = r["title"] if len(r["title"]) <= 90 else r["title"][:88].rstrip() + "…"
        ax.text(1.02, y, f"{at_precision(r['start_date'], r['date_precision'])}  {title}", fontsize=7,
                va="center", transform=ax.get_yaxis_transform(), clip_on=False)  # fmt: skip
    ax.set_yticks([])
    ax.set_ylim(-1, len(ms))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    fig.suptitle(
        "Milestones of the relationship since 1949 (events and agreements marked as milestones)",
        x=0.04,
        ha="left",
        fontsize=11,
    )

    def save_plain(fig, name: str) -> None:  # a fixed layout: tight_layout would squeeze the label column
        fig.text(0.99, 0.01, credit, ha="right", va="bottom", fontsize=7, color="0.4")
        path = out / f"{name}.png"
        fig.savefig(path, dpi=110, metadata={"Description": stamp, "Software": None})
        plt.close(fig)
        paths.append(path)

    save_plain(fig, FIGURES[3])
    return paths
