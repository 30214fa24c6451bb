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
    "writes.question_dropped": {
        "es": "Dejo la pregunta anterior sin responder y voy con esto.",
        "en": "I'll drop my earlier question and handle this instead.",
    },
    "writes.task.call": {"es": "Llamar a {account}", "en": "Call {account}"},
    "writes.task.meeting": {"es": "Reunión con {account}", "en": "Meeting with {account}"},
    "writes.task.visit": {"es": "Visitar a {account}", "en": "Visit {account}"},
    "writes.task.email": {"es": "Escribir a {account}", "en": "Email {account}"},
    "writes.task.sms": {"es": "SMS a {account}", "en": "Text {account}"},
    "writes.task.whatsapp": {"es": "WhatsApp a {account}", "en": "WhatsApp {account}"},
    "writes.task.note": {"es": "Nota sobre {account}", "en": "Note about {account}"},
    "writes.task.todo": {"es": "Seguimiento a {account}", "en": "Follow up with {account}"},
}
