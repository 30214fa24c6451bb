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
    "writes.undo.nothing": {"es": "No encuentro nada tuyo reciente que deshacer.",
                            "en": "I can't find anything recent of yours to undo."},
    "writes.undo.already": {"es": "Eso ya estaba deshecho; no cambié nada.",
                            "en": "That was already undone; I changed nothing."},
    "writes.undo.old_button": {"es": "Ese botón es antiguo y ya no sirve. Escribe «deshacer» para deshacer lo último que registraste.",
                               "en": "That button is old and no longer works. Type “undo” to undo your last change."},
    "writes.undo.activity": {"es": "Listo, borré {detail} con {account}", "en": "Done, I removed {detail} with {account}"},
    "writes.undo.task": {"es": "Listo, cancelé la tarea «{detail}»", "en": "Done, I cancelled the task “{detail}”"},
    "writes.undo.task_reopened": {"es": "Listo, reabrí la tarea «{detail}»", "en": "Done, I reopened the task “{detail}”"},
    "writes.undo.opportunity": {"es": "Listo, borré la oportunidad de {detail} con {account}",
                                "en": "Done, I removed the {detail} opportunity with {account}"},
    "writes.undo.account": {"es": "Listo, borré la cuenta {account}", "en": "Done, I removed the account {account}"},
    "writes.undo.status": {"es": "Listo, {account} volvió a su etapa anterior ({detail})",
                           "en": "Done, {account} is back in its previous stage ({detail})"},
    "writes.nothing_pending": {"es": "👍 No tengo ninguna pregunta abierta. ¿Qué necesitas?",
                               "en": "👍 I have no open question. What do you need?"},
    "writes.lead.exists": {"es": "Ya existe {account}, de {owner}: ¿es esa, o creo otra?",
                           "en": "{account} already exists (owner: {owner}). Is it that one, or shall I create another?"},
    "writes.lead.is_that": {"es": "Es {account} ({owner})", "en": "It's {account} ({owner})"},
    "writes.lead.create_other": {"es": "Crear otra", "en": "Create another"},
    "writes.lead.contact": {"es": "contacto: {contact}", "en": "contact: {contact}"},
    "writes.task.call": {"es": "Llamar a {account}", "en": "Call {account}"},
    "writes.task.meeting": {"es": "Reunión con {account}", "en": "Meeting with {account}"},
    "writes.task.visit": {"es": "Visitar a {account}", "en": "Visit {account}"},
    "writes.task.email": {"es": "Escribir a {account}", "en": "Email {account}"},
    "writes.task.sms": {"es": "SMS a {account}", "en": "Text {account}"},
    "writes.task.whatsapp": {"es": "WhatsApp a {account}", "en": "WhatsApp {account}"},
    "writes.task.note": {"es": "Nota sobre {account}", "en": "Note about {account}"},
    "writes.task.todo": {"es": "Seguimiento a {account}", "en": "Follow up with {account}"},
}
