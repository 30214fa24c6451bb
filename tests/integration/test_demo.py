"""The demo company: loads through the services, covers the whole flow, loads once."""

from __future__ import annotations

from datetime import timedelta

from crm_core.demo import email, load_demo
from crm_core.persistence.types import utcnow
from crm_core.services import (
    accounts,
    activities,
    audit,
    campaigns,
    flow,
    opportunities,
    tasks,
    users,
)
from crm_core.services.common import Actor


def _admin(core) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(users.get_user_by_email(core.uow(), email("admin")).id, "api")


def test_demo_covers_every_status_sector_country_and_deal_outcome(core):
    summary = load_demo(core.uow())
    admin = _admin(core)
    listed = accounts.list_accounts(core.uow(), admin, limit=500)
    assert "60 accounts" in summary and "ana@demo.rumbo.app (rep)" in summary
    assert listed.total >= 55
    assert {a.status for a in listed.items} == {s.key for s in flow.list_statuses(core.uow())}
    assert len({a.sector for a in listed.items}) == 6
    assert {a.country for a in listed.items} == {"CL", "MX", "CO", "ES"}
    deals = opportunities.list_opportunities(core.uow(), admin, limit=500).items
    assert {d.status for d in deals} == {"open", "won", "lost"}
    assert {"CLP", "MXN", "COP", "EUR"} <= {d.currency for d in deals}
    assert all(d.lost_reason for d in deals if d.status == "lost")
    team = users.list_users(core.uow(), admin)
    reps = [u for u in team if u.role == "rep"]
    assert sorted(u.language for u in reps) == ["en", "es", "es"]
    assert {u.timezone for u in reps} == {"America/Santiago", "America/Mexico_City", "Europe/Madrid"}


def test_demo_history_spans_ninety_days_with_backdated_conversions_and_an_agenda_this_week(core):
    load_demo(core.uow())
    admin = _admin(core)
    logged = activities.list_activities(core.uow(), admin, limit=500)
    now = utcnow()
    ages = [(now - a.occurred_at).days for a in logged.items]
    assert logged.total >= 150 and max(ages) >= 60 and min(ages) <= 3
    assert {a.type for a in logged.items} >= {"call", "visit", "email", "whatsapp", "meeting", "note"}
    weeks_with_activity = {age // 7 for age in ages}
    assert len(weeks_with_activity) >= 11
    for local in ("ana", "bruno", "carla"):
        rep = users.get_user_by_email(core.uow(), email(local))
        agenda = tasks.agenda(core.uow(), Actor(rep.id, "api"), now.date(), now.date() + timedelta(days=6))
        assert agenda.planned and agenda.free, local
    overdue = [t for t in tasks.list_tasks(core.uow(), admin, status="open", limit=500).items
               if t.due_at is not None and t.due_at < now - timedelta(days=1)]
    assert len(overdue) >= 2
    clients = [a for a in accounts.list_accounts(core.uow(), admin, limit=500).items if a.status == "client"]
    assert clients and all(a.converted_at < utcnow() - timedelta(days=1) for a in clients)
    history = audit.list_audit(core.uow(), admin, entity="account", entity_id=clients[0].id).items
    moves = [e.changes["status"] for e in history if e.action == "move_status"]
    assert ["negotiation", "client"] in moves


def test_second_demo_load_changes_nothing_and_says_so(core):
    load_demo(core.uow())
    admin = _admin(core)
    before = audit.list_audit(core.uow(), admin).total
    again = load_demo(core.uow())
    assert "already loaded" in again
    assert audit.list_audit(core.uow(), admin).total == before


def test_demo_campaigns_run_with_some_progress_and_real_numbers(core):
    load_demo(core.uow())
    manager = Actor(users.get_user_by_email(core.uow(), email("gerente")).id, "api")
    running = campaigns.list_campaigns(core.uow(), manager, status="active").items
    assert {c.name for c in running} == {"Captación Pymes Q4", "Bienvenida clientes nuevos", "Trae un amigo"}
    assert {c.mode for c in running if c.name != "Captación Pymes Q4"} == {"continuous"}
    found = campaigns.resolve_campaign(core.uow(), manager, "Captación")
    assert found.match is not None and found.match.name == "Captación Pymes Q4"
    results = campaigns.campaign_results(core.uow(), manager, found.match.id)
    assert results.opportunities >= 3 and results.tasks_done > results.opportunities
    assert results.conversions == 1 and results.revenue > results.cost > results.global_cost
    assert results.roi_percent is not None and results.roi_percent > 0
    assert results.not_sent == results.opportunities  # no SMTP in the demo: the mails were left to the reps
    ana = Actor(users.get_user_by_email(core.uow(), email("ana")).id, "api")
    [mine] = [m for m in campaigns.my_campaigns(core.uow(), ana) if m.campaign.name == "Captación Pymes Q4"]
    assert mine.open_tasks and mine.conversions == 1
