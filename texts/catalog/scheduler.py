"""The scheduler's messages: reminders, morning agendas, sprint alerts, weekly digests, inbox alerts."""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    "scheduler.reminder": {
        "es": "⏰ Recordatorio: {task} — {when}",
        "en": "⏰ Reminder: {task} — {when}",
    },
    "scheduler.reminder.done": {"es": "Hecho", "en": "Done"},
    "scheduler.reminder.snooze": {"es": "En 1 hora", "en": "In 1 hour"},
    "scheduler.reminder.tomorrow": {"es": "Mañana 9:00", "en": "Tomorrow 9:00"},
    "scheduler.missed": {
        "es": "Mientras no estuve disponible se pasaron {count} recordatorios:",
        "en": "While I was unavailable you missed {count} reminders:",
    },
    "scheduler.agenda.title": {
        "es": "☀️ Buenos días, {name}. Tu agenda del {day}:",
        "en": "☀️ Good morning, {name}. Your agenda for {day}:",
    },
    "scheduler.agenda.planned": {"es": "Planificadas", "en": "Planned"},
    "scheduler.agenda.free": {"es": "Libres", "en": "Free"},
    "scheduler.agenda.overdue": {"es": "Atrasadas", "en": "Overdue"},
    "scheduler.agenda.stale": {
        "es": "Cuentas del sprint sin actividad hace {days} días o más ({total})",
        "en": "Sprint accounts with no activity for {days} days or more ({total})",
    },
    "scheduler.agenda.empty": {
        "es": "No tienes tareas para hoy.",
        "en": "You have no tasks for today.",
    },
    "scheduler.agenda.never": {"es": "nunca", "en": "never"},
    "scheduler.sprint.ending": {
        "es": "🏁 Tu sprint «{name}» termina el {end} (quedan {days_left} días). Vas en {progress}; a este ritmo llegas a {pace}. Quedan {left} cuentas sin convertir.",
        "en": "🏁 Your sprint \"{name}\" ends on {end} ({days_left} days left). You are at {progress}; at this pace you reach {pace}. {left} accounts are not converted yet.",
    },
    "scheduler.sprint.ended": {
        "es": "🏁 Tu sprint «{name}» terminó el {end} con {progress}. ¿Lo cierro y paso las {left} cuentas sin convertir (con sus tareas abiertas) al siguiente sprint?",
        "en": "🏁 Your sprint \"{name}\" ended on {end} at {progress}. Shall I close it and roll the {left} unconverted accounts (with their open tasks) over to the next sprint?",
    },
    "scheduler.sprint.yes": {"es": "Sí, cerrar y pasar", "en": "Yes, close and roll over"},
    "scheduler.sprint.no": {"es": "Cerrar sin pasar", "en": "Close without rollover"},
    "scheduler.progress.goal": {
        "es": "{percent} % de la meta ({achieved} de {target})",
        "en": "{percent}% of the goal ({achieved} of {target})",
    },
    "scheduler.progress.nogoal": {
        "es": "{converted} convertidas de {accounts} cuentas",
        "en": "{converted} of {accounts} accounts converted",
    },
    "scheduler.pace.unknown": {"es": "(sin datos aún)", "en": "(no data yet)"},
    "scheduler.digest.title": {
        "es": "📊 Resumen semanal del equipo ({day}):",
        "en": "📊 Weekly team digest ({day}):",
    },
    "scheduler.digest.rep": {
        "es": "• {name}: {sprint} — {progress}, {days_left} días restantes",
        "en": "• {name}: {sprint} — {progress}, {days_left} days left",
    },
    "scheduler.digest.nosprint": {
        "es": "• {name}: sin sprint activo",
        "en": "• {name}: no active sprint",
    },
    "scheduler.digest.chart": {"es": "Burn-up de {name}", "en": "{name}'s burn-up"},
    "scheduler.inbox.waiting": {
        "es": "📥 {count} conversaciones esperan tu respuesta:",
        "en": "📥 {count} conversations are waiting for your answer:",
    },
    "scheduler.inbox.item": {
        "es": "• #{id} {channel}: {subject} (desde {since})",
        "en": "• #{id} {channel}: {subject} (since {since})",
    },
}
