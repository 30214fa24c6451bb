"""What the shared inbox answers a customer by itself, unless the company wrote its own text."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "autoreply.ack": {
        "es": "¡Gracias por escribirnos! Un ejecutivo te responderá en breve.",
        "en": "Thanks for writing to us! One of our team will answer shortly.",
    },
    "autoreply.out_of_hours": {
        "es": "Gracias por tu mensaje. Estamos fuera de horario; te responderemos en cuanto abramos.",
        "en": "Thanks for your message. We are closed right now; we will answer as soon as we open.",
    },
}
