"""Campaigns: access, launching onto a target, stage rules, automatic sends, triggers, daily runs, ROI."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.read_models.inbox import IncomingMessage
from crm_core.services import (
    accounts,
    activities,
    audit,
    campaign_runs,
    campaigns,
    contacts,
    inbox,
    lists,
    opportunities,
    tasks,
)
from crm_core.services.common import SYSTEM, Actor

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)  # 12:00 in Santiago (Rosa, Marta)
TODAY = date(2025, 3, 10)
CALLS_THEN_VISIT = [
    {"name": "Llamada de presentación", "task_type": "call", "marginal_cost": 10, "rule": "attempts",
     "attempts": 3, "delay_days": 2},
    {"name": "Visita comercial", "task_type": "visit", "marginal_cost": 50, "rule": "manual"},
]
WELCOME_MAIL = {"name": "Correo de bienvenida", "task_type": "email", "performer": "automatic", "rule": "reply",
                "subject": "Bienvenido, {contact}", "body": "Hola {contact}, gracias por elegirnos. ¿Hablamos?"}


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


class Company:
    """Marta's team Norte: Rosa's accounts A, B, C and Raul's D, all in the static list "Objetivo"."""

    def __init__(self, core, people) -> None:
        self.core = core
        self.people = people
        self.marta, self.rosa = people.actor(people.manager), people.actor(people.rep)
        self.raul, self.sofia = people.actor(people.rep2), people.actor(people.other_rep)
        self.admin = people.actor(people.admin)
        uow = core.uow
        self.ids = {n: accounts.create_account(uow(), self.rosa, name=f"Cuenta {n}", sector="retail").id for n in "ABC"}
        self.ids["D"] = accounts.create_account(uow(), self.raul, name="Cuenta D", sector="retail").id
        for name, account_id in self.ids.items():
            contacts.add_contact(uow(), self.marta, account_id=account_id, name=f"Contacto {name}",
                                 email=f"contacto.{name.lower()}@cliente.test")
        self.target = lists.create_list(uow(), self.marta, name="Objetivo", public=True,
                                        account_ids=list(self.ids.values()))

    def id(self, name: str) -> int:
        return self.ids[name]

    def campaign(self, stages=None, **fields):
        values = {"name": "Captación Pymes", "kind": "acquisition", "currency": "EUR", "list_id": self.target.id,
                  "global_cost": 1000, "opportunity_value": 2000, **fields}
        return campaigns.create_campaign(self.core.uow(), self.marta, stages=stages or CALLS_THEN_VISIT, **values)

    def opportunity(self, campaign_id: int, name: str):
        found = campaigns.campaign_opportunities(self.core.uow(), self.admin, campaign_id).items
        return next(o for o in found if o.opportunity.account_id == self.id(name))

    def open_tasks(self, actor: Actor, name: str):
        return tasks.list_tasks(self.core.uow(), actor, account_id=self.id(name), status="open").items

    def call(self, actor: Actor, name: str, **extra):
        return activities.log_activity(self.core.uow(), actor, account_id=self.id(name), type="call",
                                       outcome="Llamada", **extra)


@pytest.fixture
def company(core, people) -> Company:
    return Company(core, people)


def test_reps_cannot_create_or_launch_campaigns_and_other_teams_do_not_see_them(core, company):
    with pytest.raises(PermissionDenied):
        campaigns.create_campaign(core.uow(), company.rosa, name="Mía", kind="loyalty", currency="EUR")
    made = company.campaign()
    assert made.campaign.status == "draft" and [s.position for s in made.stages] == [1, 2]
    with pytest.raises(PermissionDenied):
        campaigns.launch_campaign(core.uow(), company.rosa, made.campaign.id)
    assert campaigns.get_campaign(core.uow(), company.rosa, made.campaign.id).campaign.name == "Captación Pymes"
    with pytest.raises(NotFound):
        campaigns.get_campaign(core.uow(), company.sofia, made.campaign.id)
    assert campaigns.list_campaigns(core.uow(), company.sofia).total == 0
    with pytest.raises(PermissionDenied):
        campaigns.campaign_results(core.uow(), company.rosa, made.campaign.id)


def test_stage_rules_are_checked_when_defining_a_campaign(core, company):
    with pytest.raises(InvalidInput, match="only SMS and email"):
        company.campaign([{"name": "Visita", "task_type": "visit", "performer": "automatic", "body": "x"}])
    with pytest.raises(InvalidInput, match="attempts"):
        company.campaign([{"name": "Llamar", "task_type": "call", "rule": "attempts", "attempts": 0}])
    with pytest.raises(InvalidInput, match="unknown task type"):
        company.campaign([{"name": "Fax", "task_type": "fax"}])


def test_launch_gives_each_target_account_one_opportunity_and_its_first_task_and_repeats_change_nothing(
        core, company):
    made = company.campaign()
    launched = campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    assert (launched.campaign.status, launched.created, launched.already_in) == ("active", 4, 0)
    a = company.opportunity(made.campaign.id, "A")
    assert (a.opportunity.owner_id, a.opportunity.origin_kind, a.opportunity.origin_id) == (
        company.people.rep.id, "campaign", made.campaign.id)
    assert (a.opportunity.value, a.opportunity.currency, a.stage_name) == (Decimal("2000.00"), "EUR",
                                                                           "Llamada de presentación")
    assert company.opportunity(made.campaign.id, "D").opportunity.owner_id == company.people.rep2.id
    [first] = company.open_tasks(company.rosa, "A")
    assert (first.type, first.start_date, first.due_at, first.assignee_id) == ("call", TODAY, None, company.people.rep.id)
    agenda = tasks.agenda(core.uow(), company.rosa, TODAY)
    assert {t.account_name for t in agenda.free} == {"Cuenta A", "Cuenta B", "Cuenta C"}

    again = campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    assert (again.created, again.already_in) == (0, 4)
    assert campaigns.campaign_opportunities(core.uow(), company.admin, made.campaign.id).total == 4
    assert len(company.open_tasks(company.rosa, "A")) == 1

    late = accounts.create_account(core.uow(), company.rosa, name="Cuenta E").id
    lists.add_accounts(core.uow(), company.marta, company.target.id, [late])
    assert campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id).created == 1


def test_accounts_without_an_owner_go_round_robin_through_the_campaign_team(core, company):
    loose = [accounts.create_account(core.uow(), SYSTEM, name=f"Sin dueño {i}").id for i in range(3)]
    target = lists.create_list(core.uow(), company.admin, name="Sin dueño", public=True, account_ids=loose)
    made = campaigns.create_campaign(core.uow(), company.admin, name="Reparto", kind="acquisition", currency="EUR",
                                     list_id=target.id, owner_id=company.people.manager.id, stages=CALLS_THEN_VISIT)
    campaigns.launch_campaign(core.uow(), company.admin, made.campaign.id)
    owners = [o.opportunity.owner_id
              for o in campaigns.campaign_opportunities(core.uow(), company.admin, made.campaign.id).items]
    rosa, raul = company.people.rep.id, company.people.rep2.id
    assert owners == [min(rosa, raul), max(rosa, raul), min(rosa, raul)]


def test_a_call_stage_moves_on_after_three_attempts_and_plans_the_visit_after_its_delay(core, company):
    made = company.campaign()
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    first = company.call(company.rosa, "A")
    assert first.completed_task is not None and first.campaign is not None
    assert first.campaign.advanced is False
    assert first.campaign.next_task is not None and first.campaign.next_task.start_date == TODAY + timedelta(days=1)
    second = company.call(company.rosa, "A")  # the retry is for tomorrow; a second call today still counts
    assert second.completed_task is not None and second.campaign.advanced is False
    third = company.call(company.rosa, "A")
    assert third.campaign.advanced is True
    visit = third.campaign.next_task
    assert (visit.type, visit.start_date) == ("visit", TODAY + timedelta(days=2))
    a = company.opportunity(made.campaign.id, "A")
    assert a.stage_name == "Visita comercial"
    assert [t.type for t in company.open_tasks(company.rosa, "A")] == ["visit"]
    results = campaigns.campaign_results(core.uow(), company.marta, made.campaign.id)
    assert results.tasks_done == 3 and results.by_stage[0].tasks_done == 3
    assert [s.opportunities_here for s in results.by_stage] == [3, 1]


def test_undoing_the_attempt_that_moved_the_stage_puts_the_opportunity_back(core, company):
    made = company.campaign([{**CALLS_THEN_VISIT[0], "attempts": 1}, CALLS_THEN_VISIT[1]])
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    logged = company.call(company.rosa, "B")
    assert company.opportunity(made.campaign.id, "B").stage_name == "Visita comercial"
    activities.undo_activity(core.uow(), company.rosa, logged.activity.id)
    assert company.opportunity(made.campaign.id, "B").stage_name == "Llamada de presentación"
    assert [t.type for t in company.open_tasks(company.rosa, "B")] == ["call"]


def test_winning_ends_the_chain_and_cancels_pending_campaign_tasks(core, company):
    made = company.campaign()
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    c = company.opportunity(made.campaign.id, "C")
    opportunities.win_opportunity(core.uow(), company.rosa, c.opportunity.id, value=Decimal(2500))
    after = company.opportunity(made.campaign.id, "C")
    assert after.stage_id is None and after.finished_at == NOW and after.opportunity.status == "won"
    assert company.open_tasks(company.rosa, "C") == []


def test_the_last_stage_done_finishes_the_chain(core, company):
    made = company.campaign([{"name": "Encuesta", "task_type": "interview", "rule": "attempts", "attempts": 1}])
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    [task] = company.open_tasks(company.rosa, "A")
    assert task.type == "meeting"  # an interview is held as a meeting
    logged = activities.log_activity(core.uow(), company.rosa, account_id=company.id("A"), type="meeting",
                                     outcome="Encuesta de satisfacción hecha")
    assert logged.campaign.advanced is True and logged.campaign.stage_id is None
    assert company.opportunity(made.campaign.id, "A").finished_at == NOW


def test_an_automatic_mail_goes_out_through_the_inbox_and_the_reply_moves_the_opportunity_on(core, company):
    made = company.campaign([WELCOME_MAIL, CALLS_THEN_VISIT[0]], kind="loyalty")
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    assert company.open_tasks(company.rosa, "A") == []  # scheduled for the scheduler, not in the rep's agenda
    sent = campaign_runs.execute_due(core.uow(), NOW, channels={"email"})
    assert len(sent) == 4 and {s.state for s in sent} == {"queued"}
    assert campaign_runs.execute_due(core.uow(), NOW, channels={"email"}) == []
    outbound = inbox.claim_outbound(core.uow())
    mail = next(o for o in outbound if o.conversation.thread_key == "contacto.a@cliente.test")
    assert mail.message.text == "Hola Contacto A, gracias por elegirnos. ¿Hablamos?"
    assert mail.message.meta["subject"] == "Bienvenido, Contacto A"
    logged = activities.list_activities(core.uow(), company.rosa, account_id=company.id("A")).items
    assert [(a.type, a.author_id) for a in logged] == [("email", company.people.rep.id)]
    assert company.opportunity(made.campaign.id, "A").stage_name == "Correo de bienvenida"

    inbox.receive(core.uow(), IncomingMessage(channel="email", external_id="<r1@cliente.test>",
                                              thread_key="contacto.a@cliente.test", text="¡Sí, hablemos!",
                                              email="contacto.a@cliente.test"), now=NOW + timedelta(hours=1))
    assert company.opportunity(made.campaign.id, "A").stage_name == "Llamada de presentación"
    assert company.opportunity(made.campaign.id, "B").stage_name == "Correo de bienvenida"
    assert [t.type for t in company.open_tasks(company.rosa, "A")] == ["call"]


def test_an_automatic_send_rumbo_cannot_make_is_left_to_the_rep_with_the_reason(core, company):
    sms = {"name": "SMS promocional", "task_type": "sms", "performer": "automatic", "body": "Promo", "attempts": 1}
    made = company.campaign([WELCOME_MAIL, sms])
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    handed = campaign_runs.execute_due(core.uow(), NOW, channels=())
    assert {(s.state, s.reason) for s in handed} == {("not_sent", "email is off: SMTP_URL is not set")}
    [task] = company.open_tasks(company.rosa, "A")
    assert (task.type, task.start_date, task.due_at) == ("email", TODAY, None)
    assert inbox.claim_outbound(core.uow()) == []
    assert campaign_runs.execute_due(core.uow(), NOW, channels=()) == []
    results = campaigns.campaign_results(core.uow(), company.marta, made.campaign.id)
    assert results.not_sent == 4 and results.tasks_done == 0


def test_an_activity_can_start_another_campaign_with_itself_as_the_origin(core, company):
    pilates = company.campaign([CALLS_THEN_VISIT[0]], name="Promoción pilates", list_id=None, kind="cross_selling")
    with pytest.raises(Conflict):
        activities.log_activity(core.uow(), company.rosa, account_id=company.id("B"), type="call",
                                outcome="Pide información de pilates", trigger_campaign_id=pilates.campaign.id)
    campaigns.launch_campaign(core.uow(), company.marta, pilates.campaign.id)
    logged = activities.log_activity(core.uow(), company.rosa, account_id=company.id("B"), type="note",
                                     outcome="Pide información de pilates", trigger_campaign_id=pilates.campaign.id)
    started = logged.triggered
    assert started is not None
    assert (started.origin_kind, started.origin_id, started.owner_id) == ("activity", logged.activity.id,
                                                                          company.people.rep.id)
    assert [t.type for t in company.open_tasks(company.rosa, "B")] == ["call"]
    again = activities.log_activity(core.uow(), company.rosa, account_id=company.id("B"), type="note",
                                    outcome="Insiste", trigger_campaign_id=pilates.campaign.id)
    assert again.triggered is None


def test_a_continuous_campaign_picks_up_new_matches_once_a_day(core, company, frozen):
    made = company.campaign(name="Trae un amigo", mode="continuous", list_id=None,
                            target_filter={"sector": "referidos"})
    friend = accounts.create_account(core.uow(), company.rosa, name="Amigo 1", sector="referidos").id
    assert campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id).created == 1
    assert campaign_runs.run_daily(core.uow(), NOW) == []  # launch day already ran
    accounts.create_account(core.uow(), company.rosa, name="Amigo 2", sector="referidos")
    assert campaign_runs.run_daily(core.uow(), NOW + timedelta(hours=2)) == []
    tomorrow = NOW + timedelta(days=1)
    frozen.move_to(tomorrow)
    [run] = campaign_runs.run_daily(core.uow(), tomorrow)
    assert (run.campaign_id, run.day, run.created) == (made.campaign.id, TODAY + timedelta(days=1), 1)
    assert campaign_runs.run_daily(core.uow(), tomorrow + timedelta(hours=3)) == []
    owned = campaigns.campaign_opportunities(core.uow(), company.admin, made.campaign.id).items
    assert len(owned) == 2 and friend in {o.opportunity.account_id for o in owned}
    runs = [e for e in audit.list_audit(core.uow(), company.admin, entity="campaign",
                                        entity_id=made.campaign.id).items if e.action == "daily_run"]
    assert len(runs) == 1


def test_results_equal_the_hand_computed_fixture(core, company):
    """Global 1,000 EUR; calls cost 10 and visits 50 each; A, B, C are Rosa's, D is Raul's.

    Done: calls on A, B (Rosa) and D (Raul), the visit on A (Rosa): 3 × 10 + 1 × 50 = 80, so the
    cost is 1,080. A is won at 3,000, B is lost, C and D stay open: revenue 3,000, one conversion of
    four generated (25 %). ROI = (3,000 − 1,080) / 1,080 = 1.7778 → 178 %. Rosa also did one task
    outside the campaign: 3 of her 4 done tasks are campaign ones (75 %); Raul's one is (100 %).
    """
    made = company.campaign([{**CALLS_THEN_VISIT[0], "attempts": 1}, CALLS_THEN_VISIT[1]])
    campaign_id = made.campaign.id
    campaigns.launch_campaign(core.uow(), company.marta, campaign_id)
    for actor, name in ((company.rosa, "A"), (company.rosa, "B"), (company.raul, "D")):
        company.call(actor, name)
    activities.log_activity(core.uow(), company.rosa, account_id=company.id("A"), type="visit", outcome="Visita")
    own = tasks.schedule_task(core.uow(), company.rosa, type="todo", title="Ordenar catálogo", start_date=TODAY)
    tasks.complete_task(core.uow(), company.rosa, own.id)
    opportunities.win_opportunity(core.uow(), company.rosa, company.opportunity(campaign_id, "A").opportunity.id,
                                  value=Decimal(3000))
    opportunities.lose_opportunity(core.uow(), company.rosa, company.opportunity(campaign_id, "B").opportunity.id,
                                   "Sin presupuesto")

    results = campaigns.campaign_results(core.uow(), company.marta, campaign_id, TODAY - timedelta(days=7), TODAY)
    assert (results.opportunities, results.open_opportunities, results.tasks_done) == (4, 2, 4)
    assert (results.conversions, results.conversion_rate, results.revenue) == (1, 25, Decimal("3000.00"))
    assert (results.global_cost, results.tasks_cost, results.cost) == (
        Decimal("1000.00"), Decimal("80.00"), Decimal("1080.00"))
    assert (results.roi, results.roi_percent) == (Decimal("1.7778"), 178)
    assert [(s.tasks_done, s.cost) for s in results.by_stage] == [(3, Decimal("30.00")), (1, Decimal("50.00"))]
    by_rep = {r.name: (r.tasks_done, r.conversions, r.revenue, r.all_tasks_done, r.occupancy) for r in results.by_rep}
    assert by_rep == {"Rosa": (3, 1, Decimal("3000.00"), 4, 75), "Raul": (1, 0, Decimal("0.00"), 1, 100)}

    before = campaigns.campaign_results(core.uow(), company.marta, campaign_id, date(2025, 1, 1), date(2025, 1, 31))
    assert (before.tasks_done, before.revenue, before.cost, before.roi) == (0, 0, 0, None)

    report = campaigns.campaigns_report(core.uow(), company.marta, TODAY - timedelta(days=7), TODAY)
    assert report.currency == "EUR" and [r.campaign.id for r in report.rows] == [campaign_id]
    assert (report.revenue, report.cost, report.roi_percent) == (Decimal("3000.00"), Decimal("1080.00"), 178)


def test_the_campaigns_report_ranks_by_roi_and_adds_only_the_main_currency(core, company):
    best = company.campaign([CALLS_THEN_VISIT[1]], name="Visitas", global_cost=100)
    worst = company.campaign([CALLS_THEN_VISIT[1]], name="Otra", global_cost=500)
    pesos = company.campaign([CALLS_THEN_VISIT[1]], name="Pesos", currency="CLP", global_cost=900_000)
    for made in (best, worst, pesos):
        campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    won = next(o for o in campaigns.campaign_opportunities(core.uow(), company.admin, best.campaign.id).items)
    opportunities.win_opportunity(core.uow(), company.rosa, won.opportunity.id, value=Decimal(400))
    report = campaigns.campaigns_report(core.uow(), company.marta, TODAY, TODAY)
    assert [r.campaign.name for r in report.rows] == ["Visitas", "Otra", "Pesos"]
    assert [r.roi_percent for r in report.rows] == [300, -100, -100]
    assert (report.currency, report.other_currencies) == ("EUR", ["CLP"])
    assert (report.revenue, report.cost) == (Decimal("400.00"), Decimal("600.00"))
    with pytest.raises(PermissionDenied):
        campaigns.campaigns_report(core.uow(), company.rosa, TODAY, TODAY)


def test_a_rep_sees_their_own_campaign_tasks_and_wins(core, company):
    made = company.campaign()
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    company.call(company.rosa, "A")
    [mine] = campaigns.my_campaigns(core.uow(), company.rosa)
    assert (mine.campaign.name, mine.open_opportunities, mine.tasks_done, mine.conversions) == (
        "Captación Pymes", 3, 1, 0)
    assert sorted(t.account_name for t in mine.open_tasks) == ["Cuenta A", "Cuenta B", "Cuenta C"]
    [raul] = campaigns.my_campaigns(core.uow(), company.raul)
    assert raul.open_opportunities == 1 and raul.tasks_done == 0
    assert campaigns.my_campaigns(core.uow(), company.sofia) == []


def test_finishing_a_campaign_stops_every_chain(core, company):
    made = company.campaign()
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    finished = campaigns.finish_campaign(core.uow(), company.marta, made.campaign.id)
    assert finished.status == "finished"
    assert company.open_tasks(company.rosa, "A") == []
    assert all(o.stage_id is None for o in campaigns.campaign_opportunities(core.uow(), company.admin,
                                                                             made.campaign.id).items)
    with pytest.raises(Conflict):
        campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)


def test_stages_are_replaced_only_before_the_campaign_reaches_anyone(core, company):
    made = company.campaign()
    stages = campaigns.set_stages(core.uow(), company.marta, made.campaign.id, [WELCOME_MAIL])
    assert [s.name for s in stages] == ["Correo de bienvenida"]
    campaigns.launch_campaign(core.uow(), company.marta, made.campaign.id)
    with pytest.raises(Conflict):
        campaigns.set_stages(core.uow(), company.marta, made.campaign.id, CALLS_THEN_VISIT)
    added = campaigns.add_stage(core.uow(), company.marta, made.campaign.id, CALLS_THEN_VISIT[1])
    assert added.position == 2
    changed = campaigns.update_stage(core.uow(), company.marta, made.campaign.id, added.id, rule="attempts")
    assert (changed.rule, changed.attempts) == ("attempts", 1)


def test_resolving_a_campaign_name_is_fuzzy_and_never_guesses(core, company):
    company.campaign(name="Captación Pymes Q4")
    company.campaign(name="Bienvenida clientes nuevos")
    found = campaigns.resolve_campaign(core.uow(), company.marta, "captacion")
    assert found.match is not None and found.match.name == "Captación Pymes Q4"
    company.campaign(name="Captación Pymes Q3")
    unsure = campaigns.resolve_campaign(core.uow(), company.marta, "captacion pymes")
    assert unsure.match is None and {c.name for c in unsure.candidates} == {"Captación Pymes Q4", "Captación Pymes Q3"}
    assert campaigns.resolve_campaign(core.uow(), company.sofia, "captacion").match is None
