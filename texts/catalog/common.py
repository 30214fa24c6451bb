"""Words shared by every part of the product."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "common.yes": {"es": "Sí", "en": "Yes"},
    "common.no": {"es": "No", "en": "No"},
    "common.cancel": {"es": "Cancelar", "en": "Cancel"},
}
