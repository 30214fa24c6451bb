"""Charts as PNG bytes (matplotlib, Agg): sprint burn-up, profitability by sector, campaign ROI.

Sized to be read on a phone: 8 x 5 inches at 150 dpi, no text smaller than 14 pt.
Figures are built without pyplot, so rendering is safe from several threads.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")

from babel.dates import format_date  # noqa: E402
from babel.numbers import format_compact_decimal, format_decimal  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from crm_core.read_models.campaigns import CampaignResults  # noqa: E402
from crm_core.read_models.sprints import Burnup, ProfitabilityRow  # noqa: E402
from texts import LANGUAGES, catalog  # noqa: E402

SIZE = (8, 5)
DPI = 150
STYLE = {
    "font.size": 14,
    "axes.titlesize": 18,
    "axes.labelsize": 15,
    "xtick.labelsize": 14,
    "ytick.labelsize": 14,
    "legend.fontsize": 14,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
ACHIEVED, GOAL, PACE, BARS = "#1f6feb", "#2da44e", "#d29922", "#1f6feb"
LOSS = "#cf222e"
MAX_SECTORS = 10
MAX_CAMPAIGNS = 8

# The chart words in each language (texts/catalog/charts.py), as templates filled in where drawn.
TEXT = {language: {name.removeprefix("charts."): forms[language] for name, forms in catalog().items()
                   if name.startswith("charts.") and not name.startswith("charts.title.")}
        for language in LANGUAGES}


def _text(language: str) -> dict[str, str]:
    return TEXT.get(language, TEXT["es"])


def _locale(language: str) -> str:
    return "en" if language == "en" else "es"


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _amount(value: float, language: str) -> str:
    """Whole amounts below ten thousand, compact ones above ("43,5 M"), so labels stay short."""
    if abs(value) < 10_000:
        return format_decimal(round(value), format="#,##0", locale=_locale(language))
    return format_compact_decimal(value, locale=_locale(language), fraction_digits=1)


def _figure() -> Figure:
    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    return figure


def sprint_burnup(series: Burnup, language: str = "es") -> bytes:
    """Cumulative conversions (or won revenue) per day against the goal line and the pace line."""
    words = _text(language)
    with matplotlib.rc_context(STYLE):
        figure = _figure()
        axes = figure.add_subplot()
        days = list(range(len(series.points)))
        achieved = [(i, float(p.achieved)) for i, p in enumerate(series.points) if p.achieved is not None]
        if achieved:
            xs, ys = zip(*achieved, strict=True)
            axes.step(xs, ys, where="post", color=ACHIEVED, linewidth=3, label=words["achieved"])
        if series.goal_target is not None:
            axes.axhline(float(series.goal_target), color=GOAL, linewidth=2.5, linestyle="--", label=words["goal"])
        pace = [(i, float(p.pace)) for i, p in enumerate(series.points) if p.pace is not None]
        if pace:
            axes.plot([-1, *[x for x, _ in pace]], [0.0, *[y for _, y in pace]], color=PACE, linewidth=2,
                      linestyle=":", label=words["pace"])
        axes.set_xlim(-0.5, max(len(days) - 0.5, 0.5))
        highest = max([float(series.goal_target or 0), *[y for _, y in achieved], *[y for _, y in pace], 1.0])
        axes.set_ylim(0, highest * 1.3)  # headroom so the note box never covers the goal line
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        axes.xaxis.set_major_formatter(FuncFormatter(
            lambda x, _pos: format_date(series.points[int(x)].day, "d MMM", locale=_locale(language))
            if 0 <= int(x) < len(series.points) else ""))
        kind = "revenue" if series.goal_kind == "revenue" else "conversions"
        if kind == "revenue":
            axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: _amount(y, language)))
        else:
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(words[kind])
        axes.set_title(series.name, loc="left", fontweight="bold")
        note = _burnup_note(series, words)
        if note:
            axes.text(0.02, 0.97, note, transform=axes.transAxes, va="top", ha="left", fontsize=14,
                      bbox={"boxstyle": "round,pad=0.3", "facecolor": "white", "edgecolor": "#d0d7de"})
        axes.grid(axis="y", alpha=0.3)
        axes.legend(loc="lower right", frameon=False)
        return _png(figure)


def _burnup_note(series: Burnup, words: dict[str, str]) -> str:
    reached = [p for p in series.points if p.achieved is not None]
    if series.goal_target is None or not reached or series.goal_target <= 0:
        return ""
    last = reached[-1]
    percent = round(Decimal(last.achieved or 0) * 100 / series.goal_target)
    lines = [words["of_goal"].format(percent=percent)]
    final_pace = series.points[-1].pace
    if final_pace is not None:
        lines.append(words["pace_note"].format(pace=round(final_pace * 100 / series.goal_target)))
    return "\n".join(lines)


def profitability_by_sector(rows: Sequence[ProfitabilityRow], language: str = "es",
                            title: str | None = None) -> bytes:
    """Horizontal bars of won value per sector, each annotated with its win rate."""
    words = _text(language)
    shown = sorted(rows, key=lambda r: r.won_value, reverse=True)[:MAX_SECTORS][::-1]
    with matplotlib.rc_context(STYLE):
        figure = _figure()
        axes = figure.add_subplot()
        axes.set_title(title or words["profitability"], loc="left", fontweight="bold")
        if not shown:
            axes.text(0.5, 0.5, words["no_data"], ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
            return _png(figure)
        labels = [_short(r.label or words["no_sector"]) for r in shown]
        values = [float(r.won_value) for r in shown]
        bars = axes.barh(labels, values, color=BARS, height=0.6)
        top = max(values) or 1.0
        axes.set_xlim(0, top * 1.6)  # room for the annotations right of the longest bar
        for bar, row in zip(bars, shown, strict=True):
            axes.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2,
                      _bar_note(row, words, language), va="center", ha="left", fontsize=14)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _amount(x, language)))
        axes.set_xlabel(words["won_value"])
        axes.grid(axis="x", alpha=0.3)
        return _png(figure)


def _bar_note(row: ProfitabilityRow, words: dict[str, str], language: str) -> str:
    rate = words["no_closed"] if row.win_rate is None else words["win_rate"].format(rate=row.win_rate)
    return f"{_amount(float(row.won_value), language)} · {rate}"


def _short(label: str, width: int = 18) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def campaigns_roi(rows: Sequence[CampaignResults], language: str = "es", title: str | None = None) -> bytes:
    """Horizontal bars of ROI per campaign (losses in red), each with its revenue and cost in its currency."""
    words = _text(language)
    shown = sorted(rows, key=lambda r: (r.roi is None, -(r.roi or 0)))[:MAX_CAMPAIGNS][::-1]
    with matplotlib.rc_context(STYLE):
        figure = _figure()
        axes = figure.add_subplot()
        axes.set_title(title or words["campaigns"], loc="left", fontweight="bold")
        if not shown:
            axes.text(0.5, 0.5, words["no_data"], ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
            return _png(figure)
        values = [float(r.roi_percent or 0) for r in shown]
        bars = axes.barh([_short(r.campaign.name) for r in shown], values, height=0.6,
                         color=[LOSS if v < 0 else GOAL for v in values])
        low, high = min([0.0, *values]), max([0.0, *values])
        span = (high - low) or 100.0
        axes.set_xlim(low - span * 0.05, high + span * 0.9)  # room for the notes right of the bars
        for bar, row in zip(bars, shown, strict=True):
            axes.text(max(bar.get_width(), 0) + span * 0.02, bar.get_y() + bar.get_height() / 2,
                      _campaign_note(row, words, language), va="center", ha="left", fontsize=14)
        axes.axvline(0, color="#57606a", linewidth=1)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:.0f}"))
        axes.set_xlabel(words["roi"])
        axes.grid(axis="x", alpha=0.3)
        return _png(figure)


def _campaign_note(row: CampaignResults, words: dict[str, str], language: str) -> str:
    roi = words["no_cost"] if row.roi_percent is None else f"{row.roi_percent} %"
    money = f"{_amount(float(row.revenue), language)} / {_amount(float(row.cost), language)} {row.campaign.currency}"
    return f"{roi} · {money}"


def describe(png: bytes) -> dict[str, Any]:
    """Width and height in pixels of a PNG, read from its header (for tests and logs)."""
    return {"width": int.from_bytes(png[16:20], "big"), "height": int.from_bytes(png[20:24], "big")}
