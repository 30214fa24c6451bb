"""What the rep channels (Slack, Telegram, web chat) answer by themselves: linking, help, outages."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "channels.stranger": {
        "es": "No estás vinculado a Rumbo: pide a tu administrador un código y envía /link CODIGO",
        "en": "You are not linked to Rumbo: ask your administrator for a code and send /link CODE",
    },
    "channels.unavailable": {
        "es": "El asistente no está disponible ahora; guardé tu mensaje y lo procesaré en cuanto vuelva",
        "en": "The assistant is not available right now; I saved your message and will process it as soon as it is back",
    },
    "channels.linked": {
        "es": "Listo, {name}: tu cuenta quedó vinculada a Rumbo. Escríbeme lo que necesites.",
        "en": "Done, {name}: your account is now linked to Rumbo. Tell me what you need.",
    },
    "channels.bad_code": {
        "es": "Ese código no es válido o ya venció; pide uno nuevo a tu administrador.",
        "en": "That code is invalid or expired; ask your administrator for a new one.",
    },
    "channels.help": {
        "es": "Soy Rumbo, tu asistente de ventas. Prueba: «llamé a Ferretería El Martillo, quieren cotización», "
              "«¿cómo va mi sprint?», «mi agenda de hoy».",
        "en": "I'm Rumbo, your sales assistant. Try: \"I called Acme, they want a quote\", "
              "\"how is my sprint going?\", \"my agenda for today\".",
    },
}
