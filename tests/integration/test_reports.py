"""Profitability and pipeline reports against a hand-computed fixture."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from crm_core.errors import InvalidInput
from crm_core.services import accounts, activities, opportunities, reports

Q2 = (date(2025, 4, 1), date(2025, 6, 30))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def at(text: str):
    return time_machine.travel(utc(text), tick=False)


@pytest.fixture
def quarter(core, people):
    """Second quarter of 2025, counted by hand:

    Retail (R1, R2): created opp1, opp2, opp4 (opp3 was created in March) = 3; won opp1 3,000
    and opp3 2,000 = 2 / 5,000; lost opp2 = 1; win rate 2/3 = 67 %; activities 3 + 1 = 4
    (R1's March call is outside); 5,000 / 4 = 1,250 per activity.
    Hostelería (H1): created opp5, opp6 = 2; opp6 is won in July, outside; lost opp5 = 1;
    win rate 0 %; activities 4; 0 per activity.
    Construcción (C1): created opp7 = 1; nothing closed; no activities.
    Salud (S1) belongs to Sofia (team Sur): invisible to Rosa.
    """
    rosa, sofia = people.actor(people.rep), people.actor(people.other_rep)
    uow = core.uow
    with at("2025-01-10 15:00"):
        ids = {n: accounts.create_account(uow(), rosa, name=n, sector=s).id
               for n, s in (("R1", "Retail"), ("R2", "Retail"), ("H1", "Hostelería"), ("C1", "Construcción"))}
        ids["S1"] = accounts.create_account(uow(), sofia, name="S1", sector="Salud").id

    def opened(when: str, who, account: str, value: int, stage: str = "qualified") -> int:
        with at(when):
            return opportunities.open_opportunity(uow(), who, account_id=ids[account], value=value, stage=stage).id

    def won(when: str, who, opportunity: int) -> None:
        with at(when):
            opportunities.win_opportunity(uow(), who, opportunity)

    def lost(when: str, who, opportunity: int) -> None:
        with at(when):
            opportunities.lose_opportunity(uow(), who, opportunity, "precio")

    opp3 = opened("2025-03-15 15:00", rosa, "R2", 2000)
    opp1 = opened("2025-04-10 15:00", rosa, "R1", 3000)
    opp2 = opened("2025-04-12 15:00", rosa, "R1", 1000)
    opp5 = opened("2025-04-05 15:00", rosa, "H1", 800)
    opp4 = opened("2025-05-01 15:00", rosa, "R2", 500)
    opp6 = opened("2025-06-01 15:00", rosa, "H1", 1500)
    opened("2025-05-05 15:00", rosa, "C1", 2000, stage="proposal")
    opp_s = opened("2025-04-10 15:00", sofia, "S1", 900)
    won("2025-04-20 15:00", rosa, opp3)
    lost("2025-04-25 15:00", rosa, opp5)
    won("2025-05-02 15:00", rosa, opp1)
    lost("2025-05-10 15:00", rosa, opp2)
    won("2025-07-02 15:00", rosa, opp6)
    won("2025-04-15 15:00", sofia, opp_s)
    assert opp4
    calls = {"R1": ["2025-03-01", "2025-04-10", "2025-04-20", "2025-05-01"], "R2": ["2025-06-30"],
             "H1": ["2025-04-02", "2025-04-03", "2025-05-03", "2025-06-03"]}
    for name, days in calls.items():
        for day in days:
            activities.log_activity(uow(), rosa, account_id=ids[name], type="call", occurred_at=utc(f"{day} 15:00"))
    for day in ("2025-04-11", "2025-04-12"):
        activities.log_activity(uow(), sofia, account_id=ids["S1"], type="visit", occurred_at=utc(f"{day} 15:00"))
    return ids


def test_profitability_by_sector_equals_the_hand_computed_fixture(core, people, quarter):
    report = reports.profitability(core.uow(), people.actor(people.rep), *Q2, group="sector")
    rows = {r.key: r for r in report.rows}
    assert list(rows) == ["Retail", "Hostelería", "Construcción"]
    retail, hotels, building = rows["Retail"], rows["Hostelería"], rows["Construcción"]
    assert (retail.accounts, retail.opportunities_created, retail.won, retail.lost) == (2, 3, 2, 1)
    assert (retail.won_value, retail.win_rate, retail.activities, retail.value_per_activity) == (
        Decimal("5000.00"), 67, 4, Decimal("1250.00"))
    assert (hotels.opportunities_created, hotels.won, hotels.lost, hotels.won_value) == (2, 0, 1, 0)
    assert (hotels.win_rate, hotels.activities, hotels.value_per_activity) == (0, 4, Decimal("0.00"))
    assert (building.opportunities_created, building.win_rate, building.activities,
            building.value_per_activity) == (1, None, 0, None)
    assert report.least_worked == ["Construcción", "Retail", "Hostelería"]
    assert report.least_effective == ["Hostelería", "Retail"]


def test_profitability_includes_other_teams_only_for_those_who_see_them(core, people, quarter):
    admin = reports.profitability(core.uow(), people.actor(people.admin), *Q2)
    salud = {r.key: r for r in admin.rows}["Salud"]
    assert (salud.won, salud.won_value, salud.win_rate, salud.activities, salud.value_per_activity) == (
        1, Decimal("900.00"), 100, 2, Decimal("450.00"))


def test_profitability_per_account_names_each_account(core, people, quarter):
    report = reports.profitability(core.uow(), people.actor(people.rep), *Q2, group="account")
    r1 = {r.label: r for r in report.rows}["R1"]
    assert (r1.key, r1.opportunities_created, r1.won, r1.lost, r1.win_rate, r1.activities) == (
        quarter["R1"], 2, 1, 1, 50, 3)
    assert r1.value_per_activity == Decimal("1000.00")
    assert report.least_worked == []


def test_profitability_rejects_an_unknown_grouping_or_a_backwards_period(core, people):
    with pytest.raises(InvalidInput):
        reports.profitability(core.uow(), people.actor(people.rep), *Q2, group="country")
    with pytest.raises(InvalidInput):
        reports.profitability(core.uow(), people.actor(people.rep), date(2025, 6, 1), date(2025, 5, 1))


def test_pipeline_summary_equals_the_hand_computed_fixture(core, people, quarter):
    summary = reports.pipeline_summary(core.uow(), people.actor(people.rep), *Q2)
    stages = {s.stage: (s.count, s.value, s.weighted_value) for s in summary.open_stages}
    assert stages == {"qualified": (1, Decimal("500.00"), Decimal("125.00")),
                      "proposal": (1, Decimal("2000.00"), Decimal("1000.00"))}
    assert (summary.open_count, summary.open_value, summary.weighted_value) == (2, 2500, 1125)
    assert (summary.won_count, summary.won_value, summary.lost_count, summary.lost_value) == (2, 5000, 2, 1800)
    assert [(r.name, r.conversions, r.won, r.won_value) for r in summary.by_rep] == [("Rosa", 2, 2, 5000)]


def test_both_ways_of_counting_activities_give_the_same_report(core, people, quarter, monkeypatch):
    by_account_ranges = reports.profitability(core.uow(), people.actor(people.admin), *Q2, group="account")
    monkeypatch.setattr(reports, "LONG_PERIOD", timedelta(days=10_000))
    by_one_search = reports.profitability(core.uow(), people.actor(people.admin), *Q2, group="account")
    assert by_account_ranges == by_one_search
    assert sum(r.activities for r in by_one_search.rows) > 0
