"""Sales reports against the hand-counted quarter in tests/integration/sales_company.py."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from crm_core.errors import InvalidInput, NotFound, PermissionDenied
from crm_core.services import sprints
from crm_core.services.analytics import deals, funnel, performance, plans, sources, team
from tests.integration.sales_company import NOW, at, build, utc

Q2 = "2025-Q2"


@pytest.fixture
def company(core, people):
    return build(core, people)


@pytest.fixture
def marta(people):
    return people.actor(people.manager)


def stage_figures(report):
    return {s.status: (s.entered, s.moved_on, s.lost, s.moved_back, s.still_there, s.conversion, s.average_days)
            for s in report.stages}


def test_funnel_of_the_team_counts_entries_exits_and_days_per_stage(core, people, company, marta):
    with at(NOW):
        report = funnel.funnel(core.uow(), marta, Q2, "team")
    assert (report.start, report.end, report.scope.kind, report.scope.label) == (
        date(2025, 4, 1), date(2025, 6, 30), "team", "Norte")
    assert stage_figures(report) == {
        "target": (0, 0, 0, 0, 0, None, None),
        "lead": (4, 3, 0, 0, 1, 75, Decimal("7.7")),
        "qualified": (4, 2, 1, 1, 0, 50, Decimal("15.3")),
        "proposal": (1, 1, 0, 0, 0, 100, Decimal("16.0")),
        "negotiation": (0, 0, 0, 0, 0, None, None),
        "client": (3, 0, 0, 0, 3, None, None),
        "lost": (1, 0, 0, 0, 1, None, None),
    }


def test_funnel_of_a_rep_holds_only_their_accounts(core, people, company):
    with at(NOW):
        report = funnel.funnel(core.uow(), people.actor(people.rep), Q2)
    figures = stage_figures(report)
    assert figures["lead"] == (3, 2, 0, 0, 1, 67, Decimal("6.5"))
    assert figures["qualified"] == (3, 2, 1, 0, 0, 67, Decimal("17.0"))
    assert figures["client"][0] == 2


def test_funnel_of_a_territory_and_of_may_only(core, people, company, marta):
    with at(NOW):
        centro = funnel.funnel(core.uow(), marta, Q2, f"territory:{company.territory}")
        may = funnel.funnel(core.uow(), marta, "2025-05", "team")
    assert stage_figures(centro)["lead"] == (2, 2, 0, 0, 0, 100, Decimal("6.5"))
    # May: A4 created (lead), A3 qualified, A1 and B1 won
    assert [(s.status, s.entered) for s in may.stages if s.entered] == [("lead", 1), ("qualified", 1), ("client", 2)]


def test_average_deal_and_win_rate_per_rep_and_currency(core, people, company, marta):
    with at(NOW):
        report = deals.average_deal(core.uow(), marta, Q2, "team")
    overall = {f.currency: (f.won, f.lost, f.won_value, f.average_deal, f.win_rate) for f in report.overall}
    assert overall == {"CLP": (1, 0, Decimal("500000.00"), Decimal("500000.00"), 100),
                       "USD": (3, 2, Decimal("5300.00"), Decimal("1766.67"), 60)}
    assert [f.currency for f in report.overall] == ["CLP", "USD"]
    assert [(f.name, f.currency, f.won, f.lost, f.won_value, f.average_deal, f.win_rate) for f in report.by_rep] == [
        ("Rosa", "CLP", 1, 0, Decimal("500000.00"), Decimal("500000.00"), 100),
        ("Rosa", "USD", 2, 1, Decimal("3800.00"), Decimal("1900.00"), 67),
        ("Raul", "USD", 1, 1, Decimal("1500.00"), Decimal("1500.00"), 50),
    ]


def test_average_deal_of_a_sector(core, people, company, marta):
    with at(NOW):
        report = deals.average_deal(core.uow(), marta, Q2, "sector:Retail")
    assert [(f.currency, f.won, f.lost, f.won_value) for f in report.overall] == [("USD", 2, 1, Decimal("3800.00"))]


def test_admin_sees_the_other_team_and_a_manager_does_not(core, people, company, marta):
    with at(NOW):
        sur = deals.average_deal(core.uow(), people.actor(people.admin), Q2, f"team:{company.team_sur}")
        assert [(f.name, f.won, f.won_value) for f in sur.by_rep] == [("Sofia", 1, Decimal("900.00"))]
        with pytest.raises(PermissionDenied):
            deals.average_deal(core.uow(), marta, Q2, f"team:{company.team_sur}")
        with pytest.raises(PermissionDenied):
            deals.average_deal(core.uow(), marta, Q2, f"rep:{people.other_rep.id}")


def test_reps_see_only_their_own_figures(core, people, company):
    rosa = people.actor(people.rep)
    with at(NOW):
        with pytest.raises(PermissionDenied):
            deals.average_deal(core.uow(), rosa, Q2, f"rep:{people.rep2.id}")
        with pytest.raises(PermissionDenied):
            funnel.funnel(core.uow(), rosa, Q2, "team")
        mine = deals.average_deal(core.uow(), rosa, Q2, f"rep:{people.rep.id}")
        centro = sources.lead_sources(core.uow(), rosa, Q2, f"territory:{company.territory}")
    assert {f.name for f in mine.by_rep} == {"Rosa"}
    assert [(r.source, r.accounts) for r in centro.rows] == [("whatsapp", 1)]


@pytest.mark.parametrize(("period", "scope", "error"), [
    ("someday", "team", InvalidInput), ("2025-13", "team", InvalidInput), (Q2, "planet", InvalidInput),
    (Q2, "rep:abc", InvalidInput), (Q2, "rep:9999", NotFound), (Q2, "territory:9999", NotFound),
    (Q2, "sector:", InvalidInput),
])
def test_bad_periods_and_scopes_are_refused(core, people, company, marta, period, scope, error):
    with at(NOW), pytest.raises(error):
        deals.average_deal(core.uow(), marta, period, scope)


def test_plan_vs_actual_gives_gap_run_rate_and_pace(core, people, company, marta):
    with at(NOW):
        report = plans.plan_vs_actual(core.uow(), marta, "2025-06", "team")
    assert report.today == date(2025, 6, 20)
    lines = [(line.name, line.plan.period, line.plan.metric, line.plan.currency, line.plan.target, line.actual,
              line.gap, line.percent, line.days_left, line.needed_per_day, line.needed_per_week, line.pace)
             for line in report.lines]
    assert lines == [
        ("Rosa", "2025-Q2", "value", "USD", Decimal("10000.00"), Decimal("3800.00"), Decimal("6200.00"), 38, 11,
         Decimal("563.64"), Decimal("3945.45"), 43),
        ("Raul", "2025-06", "value", "USD", Decimal("2000.00"), Decimal("0.00"), Decimal("2000.00"), 0, 11,
         Decimal("181.82"), Decimal("1272.73"), 0),
        ("Rosa", "2025-06", "count", None, Decimal("4.00"), Decimal("2"), Decimal("2.00"), 50, 11,
         Decimal("0.18"), Decimal("1.27"), 75),
    ]


def test_plan_vs_actual_for_a_rep_and_for_accounts_scopes(core, people, company, marta):
    with at(NOW):
        mine = plans.plan_vs_actual(core.uow(), people.actor(people.rep), "this_month")
        assert [line.plan.period for line in mine.lines] == ["2025-Q2", "2025-06"]
        april = plans.plan_vs_actual(core.uow(), marta, "2025-04", "team")
        assert [line.plan.period for line in april.lines] == ["2025-Q2"]
        with pytest.raises(InvalidInput):
            plans.plan_vs_actual(core.uow(), marta, Q2, "sector:Retail")


def test_lead_sources_with_conversion_and_won_deals(core, people, company, marta):
    with at(NOW):
        report = sources.lead_sources(core.uow(), marta, Q2, "team")
    rows = [(r.source, r.accounts, r.converted, r.conversion, [(m.currency, m.count, m.value) for m in r.won])
            for r in report.rows]
    assert rows == [
        ("whatsapp", 2, 1, 50, [("USD", 2, Decimal("3800.00"))]),
        ("campaign", 1, 1, 100, [("USD", 1, Decimal("1500.00"))]),
        ("import", 1, 0, 0, []),
        ("manual", 0, 0, None, [("CLP", 1, Decimal("500000.00"))]),
    ]


def test_rep_performance_counts_work_results_and_response_time(core, people, company, marta):
    with at(NOW):
        report = performance.rep_performance(core.uow(), marta, Q2, "team")
    rosa, raul = report.rows
    assert (rosa.name, rosa.activities, rosa.activities_total, rosa.tasks_done, rosa.tasks_overdue,
            rosa.conversions) == ("Rosa", {"call": 3, "visit": 1}, 4, 1, 1, 2)
    assert [(m.currency, m.count, m.value) for m in rosa.won] == [("CLP", 1, Decimal("500000.00")),
                                                                  ("USD", 2, Decimal("3800.00"))]
    assert (rosa.conversations, rosa.response_minutes_median, rosa.response_minutes_average) == (
        1, Decimal("30.0"), Decimal("33.3"))
    assert (raul.name, raul.activities, raul.tasks_done, raul.tasks_overdue, raul.conversions) == (
        "Raul", {"email": 1}, 0, 1, 1)
    assert (raul.conversations, raul.response_minutes_median, raul.response_minutes_average) == (
        1, Decimal("45.0"), Decimal("45.0"))


def test_sales_dynamics_per_month_and_week_per_currency(core, people, company, marta):
    with at(NOW):
        months = deals.dynamics(core.uow(), marta, grain="month", periods=3, scope="team")
        weeks = deals.dynamics(core.uow(), marta, grain="week", periods=2, scope="team")
    assert months.currencies == ["CLP", "USD"]
    assert [(p.period, p.currency, p.count, p.value) for p in months.points] == [
        ("2025-04", "CLP", 0, Decimal("0.00")), ("2025-04", "USD", 0, Decimal("0.00")),
        ("2025-05", "CLP", 0, Decimal("0.00")), ("2025-05", "USD", 2, Decimal("4500.00")),
        ("2025-06", "CLP", 1, Decimal("500000.00")), ("2025-06", "USD", 1, Decimal("800.00")),
    ]
    assert [(p.period, p.end, p.currency, p.count) for p in weeks.points] == [
        ("2025-06-09", date(2025, 6, 15), "CLP", 1), ("2025-06-16", date(2025, 6, 22), "CLP", 0)]
    with pytest.raises(InvalidInput):
        deals.dynamics(core.uow(), marta, grain="decade")


def test_pipeline_by_rep(core, people, company, marta):
    with at(NOW):
        report = deals.pipeline_by_rep(core.uow(), marta, Q2, "team")
    assert [(r.name, r.currency, r.open_count, r.open_value, r.weighted_value, r.won_count, r.won_value, r.lost_count)
            for r in report.rows] == [
        ("Rosa", "CLP", 0, Decimal("0"), Decimal("0"), 1, Decimal("500000.00"), 0),
        ("Rosa", "USD", 2, Decimal("2300.00"), Decimal("1650.00"), 2, Decimal("3800.00"), 1),
        ("Raul", "USD", 0, Decimal("0"), Decimal("0"), 1, Decimal("1500.00"), 1),
    ]


def test_profitability_by_rep(core, people, company, marta):
    with at(NOW):
        report = deals.profitability_by_rep(core.uow(), marta, Q2)
    assert report.scope.kind == "team"
    rosa, raul = report.rows
    assert (rosa.name, rosa.accounts, rosa.opportunities_created, rosa.won, rosa.lost, rosa.win_rate,
            rosa.activities) == ("Rosa", 5, 5, 3, 1, 75, 4)
    assert [(m.currency, m.won, m.won_value, m.value_per_activity) for m in rosa.money] == [
        ("CLP", 1, Decimal("500000.00"), Decimal("125000.00")), ("USD", 2, Decimal("3800.00"), Decimal("950.00"))]
    assert (raul.accounts, raul.opportunities_created, raul.won, raul.lost, raul.win_rate, raul.activities) == (
        1, 2, 1, 1, 50, 1)
    assert [(m.currency, m.won_value, m.value_per_activity) for m in raul.money] == [
        ("USD", Decimal("1500.00"), Decimal("1500.00"))]


def test_team_sprints_sorted_by_risk_with_the_run_rate_needed(core, people, company, marta):
    with at(NOW):
        lines = team.team_sprints(core.uow(), marta)
    assert [(x.name, x.risk, x.goal_kind, x.achieved, x.percent, x.pace, x.days_left, x.remaining, x.needed_per_day,
             x.needed_per_week) for x in lines] == [
        ("Raul", "behind", "revenue", Decimal("0.00"), 0, 0, 11, Decimal("1000.00"), Decimal("90.91"),
         Decimal("636.36")),
        ("Rosa", "behind", "conversions", Decimal("1"), 25, 38, 11, Decimal("3"), Decimal("0.27"), Decimal("1.91")),
    ]
    with at(NOW):
        sur = team.team_sprints(core.uow(), people.actor(people.admin), company.team_sur)
        assert [(x.name, x.risk, x.sprint_id) for x in sur] == [("Sofia", "no_sprint", None)]
        with pytest.raises(PermissionDenied):
            team.team_sprints(core.uow(), people.actor(people.rep))


def test_what_a_rep_needs_names_the_accounts_closest_to_converting(core, people, company, marta):
    with at(NOW):
        needs = team.rep_needs(core.uow(), marta, people.rep.id)
    assert (needs.line.remaining, needs.line.needed_per_week) == (Decimal("3"), Decimal("1.91"))
    assert [(a.name, a.status, a.open_opportunities, [(m.currency, m.value) for m in a.open_value], a.last_contact)
            for a in needs.closest] == [
        ("Zeta", "proposal", 1, [("USD", Decimal("300.00"))], None),
        ("Delta", "lead", 1, [("USD", Decimal("2000.00"))], utc("2025-06-18 15:00")),
    ]
    with at(NOW), pytest.raises(PermissionDenied):
        team.rep_needs(core.uow(), people.actor(people.rep2), people.rep.id)


def test_weekly_digest_says_who_is_behind_and_why(core, people, company, marta):
    with at(NOW):
        digest = team.manager_digest(core.uow(), marta)
    assert (digest.team_id, digest.week_start, digest.week_end) == (company.team_norte, date(2025, 6, 14),
                                                                    date(2025, 6, 20))
    assert digest.ahead == [] and digest.without_goal == []
    raul, rosa = digest.behind
    assert (rosa.sprint.name, rosa.activities_this_week, rosa.activities_last_week, rosa.conversions_this_week,
            rosa.overdue_tasks) == ("Rosa", 1, 0, 0, 1)
    assert rosa.reasons == ["pace_below_goal", "more_activities_than_last_week", "no_conversions_this_week",
                            "overdue_tasks"]
    assert raul.reasons == ["pace_below_goal", "no_activities_this_week", "no_conversions_this_week",
                            "overdue_tasks"]


def test_the_team_view_measures_each_sprint_as_the_sprint_itself_does(core, people, company, marta):
    with at(NOW):
        lines = {x.sprint_id: x for x in team.team_sprints(core.uow(), marta)}
        for sprint_id in company.sprints.values():
            own = sprints.sprint_progress(core.uow(), marta, sprint_id)
            line = lines[sprint_id]
            assert (line.achieved, line.percent, line.pace, line.days_left, line.goal_target) == (
                own.achieved, own.percent, own.pace, own.days_left, own.goal_target)
