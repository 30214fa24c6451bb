"""The assistant's composed replies: the lines, lists and figures the actions fill into domain.yml responses.

The sentences themselves are domain.yml responses (Rasa sends them); these are the parts the
actions build from CRM data. Most read the same in both languages, but they live here so a
translation changes one place.
"""

from __future__ import annotations

CATALOG: dict[str, dict[str, str]] = {
    # Figures and placeholders
    "assistant.nothing": {"es": "—", "en": "—"},
    "assistant.period": {"es": "{start} – {end}", "en": "{start} – {end}"},
    "assistant.percent": {"es": "{value}%", "en": "{value}%"},
    "assistant.signed_percent": {"es": "{value:+d}%", "en": "{value:+d}%"},
    "assistant.and_more": {"es": "{shown}…", "en": "{shown}…"},
    "assistant.quoted": {"es": "«{text}»", "en": "«{text}»"},
    # Accounts
    "assistant.account.last_activity": {"es": "{when} · {outcome}", "en": "{when} · {outcome}"},
    "assistant.accounts.line": {"es": "• {name} ({stage})", "en": "• {name} ({stage})"},
    # Agenda and tasks
    "assistant.task.line": {"es": "• {when} — {what}", "en": "• {when} — {what}"},
    "assistant.task.line_with_account": {"es": "• {when} — {what} · {account}",
                                         "en": "• {when} — {what} · {account}"},
    # Campaigns
    "assistant.campaign.stage_line": {"es": "• {stage}: {opportunities} · {tasks_done}",
                                      "en": "• {stage}: {opportunities} · {tasks_done}"},
    "assistant.campaign.rep_line": {"es": "• {name}: {tasks_done} · {conversions} · {revenue} · {occupancy}",
                                    "en": "• {name}: {tasks_done} · {conversions} · {revenue} · {occupancy}"},
    "assistant.campaign.overview_line": {"es": "• {name}: {roi} · {conversions} · {revenue} / {cost}",
                                         "en": "• {name}: {roi} · {conversions} · {revenue} / {cost}"},
    "assistant.my_campaign.line": {"es": "• {name}: {open_tasks} · {tasks_done} · {conversions} · {revenue}",
                                   "en": "• {name}: {open_tasks} · {tasks_done} · {conversions} · {revenue}"},
    "assistant.my_campaign.task": {"es": "   – {label}", "en": "   – {label}"},
    "assistant.my_campaign.task_with_account": {"es": "   – {label} ({account})",
                                                "en": "   – {label} ({account})"},
    # Shared inbox
    "assistant.inbox.line": {"es": "• #{id} {channel} · {customer} · {minutes} min: {text}",
                             "en": "• #{id} {channel} · {customer} · {minutes} min: {text}"},
    # Reports
    "assistant.profitability.line": {
        "es": "• {sector}: {won_value} · {won}/{closed} · {win_rate}% · {activities}",
        "en": "• {sector}: {won_value} · {won}/{closed} · {win_rate}% · {activities}",
    },
    "assistant.pipeline.line": {"es": "• {stage}: {count} · {value}", "en": "• {stage}: {count} · {value}"},
    # Sprints
    "assistant.team.line": {"es": "• {name}: {bar} · {sprint}", "en": "• {name}: {bar} · {sprint}"},
}
