"""`GET /charts/<token>.png`: chart images for chat replies, behind signed, expiring links.

Chat platforms fetch images by URL without Rumbo credentials, so the link itself carries
what to draw and for whom (signed with the secret key, valid for a day). The chart is
rendered through the core services as that user, so access rules still apply.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

import matplotlib
from apiflask import APIBlueprint
from flask import Response
from itsdangerous import BadSignature, SignatureExpired
from matplotlib.ticker import FuncFormatter

from bot import chart_links, charts
from bot.api.errors import error_response
from crm_core.bootstrap import Core
from crm_core.read_models.sprints import PipelineSummary
from crm_core.services import campaigns, reports, sprints
from crm_core.services.common import Actor
from texts import LANGUAGES, catalog

logger = logging.getLogger(__name__)

bp = APIBlueprint("charts", __name__, enable_openapi=False)

KINDS = chart_links.KINDS
TITLES = {language: {**{key: charts.TEXT[language][key] for key in ("profitability", "campaigns")},
                     **{name.removeprefix("charts.title."): forms[language] for name, forms in catalog().items()
                        if name.startswith("charts.title.")}}
          for language in LANGUAGES}


@bp.get("/charts/<token>.png")
def chart(token: str) -> Response:
    """The PNG a signed link stands for; a forged or expired link gets a JSON error."""
    from bot.context import rumbo

    app = rumbo()
    try:
        payload = chart_links.read(app.settings.secret_key, token)
    except SignatureExpired:
        return error_response(403, "expired", "this chart link has expired, ask the assistant again")
    except BadSignature:
        return error_response(404, "not_found", "no such chart")
    if not isinstance(payload, dict) or payload.get("k") not in KINDS or not isinstance(payload.get("u"), int):
        return error_response(404, "not_found", "no such chart")
    png = render(app.core, payload)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=300"})


def render(core: Core, payload: dict[str, Any]) -> bytes:
    """Draw the chart a link payload describes, as its user (domain errors propagate)."""
    actor = Actor(payload["u"], payload.get("c") or "web")
    language = "en" if payload.get("l") == "en" else "es"
    kind = payload["k"]
    logger.info("chart %s for user %s", kind, actor.user_id)
    if kind == "burnup":
        return charts.sprint_burnup(sprints.burnup(core.uow(), actor, int(payload["sprint"])), language)
    start, end = date.fromisoformat(payload["start"]), date.fromisoformat(payload["end"])
    if kind == "campaigns":
        report = campaigns.campaigns_report(core.uow(), actor, start, end,
                                            statuses=("active",) if payload.get("active") else None)
        return charts.campaigns_roi(report.rows, language, TITLES[language]["campaigns"])
    currency = payload.get("currency")
    suffix = f" ({currency})" if currency else ""
    if kind == "profitability":
        profitability = reports.profitability(core.uow(), actor, start, end, currency=currency)
        return charts.profitability_by_sector(profitability.rows, language, TITLES[language]["profitability"] + suffix)
    summary = reports.pipeline_summary(core.uow(), actor, start, end, currency=currency)
    return pipeline_by_stage(summary, language, TITLES[language]["pipeline"] + suffix)


def pipeline_by_stage(summary: PipelineSummary, language: str, title: str) -> bytes:
    """Horizontal bars of open value per stage, each annotated with its count, in pipeline order."""
    stages = summary.open_stages[::-1]  # barh draws bottom-up; the first stage goes on top
    with matplotlib.rc_context(charts.STYLE):
        figure = charts._figure()
        axes = figure.add_subplot()
        axes.set_title(title, loc="left", fontweight="bold")
        if not stages:
            axes.text(0.5, 0.5, charts.TEXT[language]["no_data"], ha="center", va="center", transform=axes.transAxes)
            axes.set_axis_off()
            return charts._png(figure)
        labels = [s.label_en if language == "en" else s.label_es for s in stages]
        values = [float(s.value) for s in stages]
        bars = axes.barh(labels, values, color=charts.BARS, height=0.6)
        top = max(values) or 1.0
        axes.set_xlim(0, top * 1.5)
        for bar, stage in zip(bars, stages, strict=True):
            axes.text(bar.get_width() + top * 0.02, bar.get_y() + bar.get_height() / 2,
                      f"{charts._amount(float(stage.value), language)} · {stage.count}",
                      va="center", ha="left", fontsize=14)
        axes.xaxis.set_major_formatter(FuncFormatter(
            lambda x, _pos: charts._amount(x, language)))
        axes.set_xlabel(TITLES[language]["value"])
        axes.grid(axis="x", alpha=0.3)
        return charts._png(figure)

