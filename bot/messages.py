"""Texts of the scheduler's messages in Spanish and English, with Babel for dates and times."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal

LANGUAGES = ("es", "en")

CATALOG: dict[str, dict[str, str]] = {
    "reminder": {
        "es": "⏰ Recordatorio: {task} — {when}",
        "en": "⏰ Reminder: {task} — {when}",
    },
    "reminder.done": {"es": "Hecho", "en": "Done"},
    "reminder.snooze": {"es": "En 1 hora", "en": "In 1 hour"},
    "reminder.tomorrow": {"es": "Mañana 9:00", "en": "Tomorrow 9:00"},
    "missed": {
        "es": "Mientras no estuve disponible se pasaron {count} recordatorios:",
        "en": "While I was unavailable you missed {count} reminders:",
    },
    "agenda.title": {"es": "☀️ Buenos días, {name}. Tu agenda del {day}:", "en": "☀️ Good morning, {name}. Your agenda for {day}:"},
    "agenda.planned": {"es": "Planificadas", "en": "Planned"},
    "agenda.free": {"es": "Libres", "en": "Free"},
    "agenda.overdue": {"es": "Atrasadas", "en": "Overdue"},
    "agenda.stale": {
        "es": "Cuentas del sprint sin actividad hace {days} días o más ({total})",
        "en": "Sprint accounts with no activity for {days} days or more ({total})",
    },
    "agenda.empty": {"es": "No tienes tareas para hoy.", "en": "You have no tasks for today."},
    "agenda.never": {"es": "nunca", "en": "never"},
    "sprint.ending": {
        "es": "🏁 Tu sprint «{name}» termina el {end} (quedan {days_left} días). "
              "Vas en {progress}; a este ritmo llegas a {pace}. Quedan {left} cuentas sin convertir.",
        "en": "🏁 Your sprint \"{name}\" ends on {end} ({days_left} days left). "
              "You are at {progress}; at this pace you reach {pace}. {left} accounts are not converted yet.",
    },
    "sprint.ended": {
        "es": "🏁 Tu sprint «{name}» terminó el {end} con {progress}. ¿Lo cierro y paso las {left} "
              "cuentas sin convertir (con sus tareas abiertas) al siguiente sprint?",
        "en": "🏁 Your sprint \"{name}\" ended on {end} at {progress}. Shall I close it and roll the {left} "
              "unconverted accounts (with their open tasks) over to the next sprint?",
    },
    "sprint.yes": {"es": "Sí, cerrar y pasar", "en": "Yes, close and roll over"},
    "sprint.no": {"es": "Cerrar sin pasar", "en": "Close without rollover"},
    "sprint.closed": {
        "es": "Sprint «{name}» cerrado. {rolled} cuentas pasaron al sprint «{next}».",
        "en": "Sprint \"{name}\" closed. {rolled} accounts rolled over to \"{next}\".",
    },
    "sprint.closed_plain": {"es": "Sprint «{name}» cerrado.", "en": "Sprint \"{name}\" closed."},
    "progress.goal": {"es": "{percent} % de la meta ({achieved} de {target})", "en": "{percent}% of the goal ({achieved} of {target})"},
    "progress.nogoal": {"es": "{converted} convertidas de {accounts} cuentas", "en": "{converted} of {accounts} accounts converted"},
    "pace.unknown": {"es": "(sin datos aún)", "en": "(no data yet)"},
    "digest.title": {"es": "📊 Resumen semanal del equipo ({day}):", "en": "📊 Weekly team digest ({day}):"},
    "digest.rep": {"es": "• {name}: {sprint} — {progress}, {days_left} días restantes",
                   "en": "• {name}: {sprint} — {progress}, {days_left} days left"},
    "digest.nosprint": {"es": "• {name}: sin sprint activo", "en": "• {name}: no active sprint"},
    "digest.chart": {"es": "Burn-up de {name}", "en": "{name}'s burn-up"},
    "inbox.waiting": {
        "es": "📥 {count} conversaciones esperan tu respuesta:",
        "en": "📥 {count} conversations are waiting for your answer:",
    },
    "inbox.item": {"es": "• #{id} {channel}: {subject} (desde {since})", "en": "• #{id} {channel}: {subject} (since {since})"},
    "action.done": {"es": "Listo, marqué «{task}» como hecha.", "en": "Done, I marked \"{task}\" as done."},
    "action.moved": {"es": "Listo, moví «{task}» al {when}.", "en": "Done, I moved \"{task}\" to {when}."},
    "action.failed": {"es": "No pude hacerlo: {reason}", "en": "I could not do that: {reason}"},
}


def text(key: str, language: str, **values: object) -> str:
    """The message `key` in `language` (Spanish when unknown), filled with `values`."""
    forms = CATALOG[key]
    return forms.get(language, forms["es"]).format(**values)


def locale(language: str) -> str:
    return "en_US" if language == "en" else "es_ES"


def when(instant: datetime, language: str, tz: str) -> str:
    """A date and time in the user's language and timezone ("lun, 3 mar 2025, 9:30")."""
    return format_datetime(instant.astimezone(ZoneInfo(tz)), "EEE d MMM, HH:mm", locale=locale(language))


def clock(instant: datetime, language: str, tz: str) -> str:
    """Only the time of day, in the user's timezone."""
    return format_time(instant.astimezone(ZoneInfo(tz)), "HH:mm", locale=locale(language))


def day(value: date, language: str) -> str:
    """A day in words ("lunes, 3 de marzo")."""
    return format_date(value, "EEEE d MMMM" if language == "en" else "EEEE d 'de' MMMM", locale=locale(language))


def number(value: Decimal | int, language: str) -> str:
    return format_decimal(value, format="#,##0.##", locale=locale(language))
