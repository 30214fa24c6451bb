"""The inbox in the reps' own chat (Slack thread, Telegram message): notifications, answers to their buttons."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "inbox_chat.new": {
        "es": "Nueva conversación por {channel} de *{name}*{lead}",
        "en": "New {channel} conversation from *{name}*{lead}",
    },
    "inbox_chat.lead": {"es": " (nuevo cliente potencial)", "en": " (new lead)"},
    "inbox_chat.hint": {
        "es": "Responde en este hilo para contestarle.",
        "en": "Reply in this thread to answer them.",
    },
    "inbox_chat.tg_hint": {
        "es": "Responde a este mensaje para contestarle.",
        "en": "Reply to this message to answer them.",
    },
    "inbox_chat.claim": {"es": "Tomar", "en": "Claim"},
    "inbox_chat.reassign": {"es": "Reasignar", "en": "Reassign"},
    "inbox_chat.resolve": {"es": "Resolver", "en": "Resolve"},
    "inbox_chat.template": {"es": "Enviar plantilla", "en": "Send template"},
    "inbox_chat.claimed": {
        "es": "Tomaste la conversación {id}.",
        "en": "You took conversation {id}.",
    },
    "inbox_chat.reassigned": {
        "es": "Conversación {id} reasignada.",
        "en": "Conversation {id} reassigned.",
    },
    "inbox_chat.resolved": {
        "es": "Conversación {id} resuelta.",
        "en": "Conversation {id} resolved.",
    },
    "inbox_chat.template_sent": {"es": "Plantilla en camino.", "en": "Template on its way."},
    "inbox_chat.window": {
        "es": "No envié tu mensaje: el cliente escribió hace más de 24 horas y WhatsApp solo permite una plantilla aprobada ({template}).",
        "en": "I did not send your message: the customer wrote more than 24 hours ago and WhatsApp only allows an approved template ({template}).",
    },
    "inbox_chat.no_template": {
        "es": "No hay plantilla de WhatsApp configurada; pide a un administrador que la configure.",
        "en": "No WhatsApp template is configured; ask an admin to set one.",
    },
    "inbox_chat.failed": {
        "es": "No pude entregar el mensaje al cliente: {error}",
        "en": "I could not deliver the message to the customer: {error}",
    },
    "inbox_chat.stranger": {
        "es": "Tu cuenta de chat no está vinculada a Rumbo; no envié nada al cliente.",
        "en": "Your chat account is not linked to Rumbo; nothing was sent to the customer.",
    },
    "inbox_chat.error": {"es": "No pude hacerlo: {error}", "en": "I could not do that: {error}"},
}
