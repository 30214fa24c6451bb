"""Charts render phone-readable PNGs in the user's language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot import charts
from crm_core.domain import sprints as math
from crm_core.read_models.campaigns import CampaignResults, CampaignView
from crm_core.read_models.sprints import Burnup, ProfitabilityRow

PNG = b"\x89PNG\r\n\x1a\n"


def _burnup(goal_kind: str = "conversions") -> Burnup:
    points = math.burnup(date(2025, 3, 1), date(2025, 3, 31), date(2025, 3, 10),
                         [(date(2025, 3, 5), 1), (date(2025, 3, 9), 1)], 8)
    return Burnup(1, "Sprint 12", goal_kind, Decimal(8), date(2025, 3, 10), points)


def test_burnup_is_an_8_by_5_inch_png_at_150_dpi():
    png = charts.sprint_burnup(_burnup(), "es")
    assert png.startswith(PNG)
    assert charts.describe(png) == {"width": 1200, "height": 750}


def test_burnup_labels_follow_the_language():
    series = _burnup()
    assert charts.sprint_burnup(series, "es") != charts.sprint_burnup(series, "en")
    assert charts._burnup_note(series, charts.TEXT["es"]) == "25 % de la meta\na este ritmo: 78 %"
    assert charts._burnup_note(series, charts.TEXT["en"]) == "25% of goal\nat this pace: 78%"


def test_profitability_chart_renders_rows_and_an_empty_period():
    row = ProfitabilityRow("Retail", "Retail", 2, 3, 2, 1, Decimal("5000"), 67, 4, Decimal("1250"))
    none = ProfitabilityRow(None, None, 1, 0, 0, 0, Decimal("0"), None, 0, None)
    assert charts.profitability_by_sector([row, none], "en").startswith(PNG)
    assert charts.profitability_by_sector([], "es").startswith(PNG)
    assert charts._bar_note(row, charts.TEXT["es"], "es") == "5.000 · 67 % ganadas"
    assert charts._amount(43_500_000, "es") == "43,5\u00a0M"


def _results(name: str, roi_percent: int | None, revenue: str, cost: str) -> CampaignResults:
    campaign = CampaignView(1, name, "acquisition", "active", "once", None, None, Decimal(cost), "EUR", Decimal(0),
                            date(2025, 3, 1), None, 1, 1, None, None, None)
    roi = None if roi_percent is None else Decimal(roi_percent) / 100
    return CampaignResults(campaign, date(2025, 3, 1), date(2025, 3, 31), 4, 2, 5, 1, 25, Decimal(revenue), {},
                           Decimal(cost), Decimal(0), Decimal(cost), roi, roi_percent, 0, [], [])


def test_campaign_roi_chart_shows_gains_losses_and_campaigns_without_cost():
    rows = [_results("Captación Pymes Q4", 178, "3000", "1080"), _results("Bienvenida", -60, "400", "1000"),
            _results("Sin costo", None, "0", "0")]
    assert charts.campaigns_roi(rows, "es").startswith(PNG)
    assert charts.campaigns_roi([], "en").startswith(PNG)
    assert charts._campaign_note(rows[0], charts.TEXT["es"], "es") == "178 % · 3.000 / 1.080 EUR"
    assert charts._campaign_note(rows[2], charts.TEXT["en"], "en") == "no cost · 0 / 0 EUR"
