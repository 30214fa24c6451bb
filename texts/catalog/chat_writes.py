"""What the assistant says when it checks a write: dates that do not exist, dropped questions, undo, duplicates."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "writes.close_date": {
        "es": "Cierre esperado: {day}.",
        "en": "Expected close: {day}.",
    },
    "writes.impossible_date": {
        "es": "«{day}» no existe en el calendario. ¿Qué día querías? No guardé nada todavía.",
        "en": "“{day}” isn't a real date. Which day did you mean? I haven't saved anything yet.",
    },
}
