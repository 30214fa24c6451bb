"""Words drawn on chart images: axis labels, legends, notes and titles."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "charts.conversions": {"es": "Cuentas convertidas", "en": "Converted accounts"},
    "charts.revenue": {"es": "Ingresos ganados", "en": "Won revenue"},
    "charts.achieved": {"es": "Logrado", "en": "Achieved"},
    "charts.goal": {"es": "Meta", "en": "Goal"},
    "charts.pace": {"es": "Ritmo actual", "en": "Current pace"},
    "charts.of_goal": {"es": "{percent} % de la meta", "en": "{percent}% of goal"},
    "charts.pace_note": {"es": "a este ritmo: {pace} %", "en": "at this pace: {pace}%"},
    "charts.profitability": {"es": "Rentabilidad por sector", "en": "Profitability by sector"},
    "charts.won_value": {"es": "Valor ganado", "en": "Won value"},
    "charts.win_rate": {"es": "{rate} % ganadas", "en": "{rate}% won"},
    "charts.no_closed": {"es": "sin cierres", "en": "nothing closed"},
    "charts.no_sector": {"es": "Sin sector", "en": "No sector"},
    "charts.no_data": {"es": "Sin datos en el periodo", "en": "No data in the period"},
    "charts.campaigns": {"es": "ROI por campaña", "en": "ROI by campaign"},
    "charts.roi": {"es": "ROI (%)", "en": "ROI (%)"},
    "charts.no_cost": {"es": "sin costo", "en": "no cost"},
    "charts.title.pipeline": {"es": "Pipeline abierto por etapa", "en": "Open pipeline by stage"},
    "charts.title.value": {"es": "Valor", "en": "Value"},
}
