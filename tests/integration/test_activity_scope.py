"""An activity names only its own account's contact and opportunity, and campaigns the actor sees."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from crm_core.bootstrap import Core
from crm_core.errors import ContactNotFound, NotFound, OpportunityNotFound
from crm_core.persistence.models import Activity, Opportunity, Task
from crm_core.services import accounts, activities, campaigns, contacts, lists, opportunities

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)
CALLS = [{"name": "Llamada", "task_type": "call", "rule": "attempts", "attempts": 1}]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


class Teams:
    """Norte runs a campaign on Rosa's account; Sofia, of team Sur, has her own account."""

    def __init__(self, core: Core, people) -> None:
        self.core = core
        self.marta, self.rosa = people.actor(people.manager), people.actor(people.rep)
        self.sofia = people.actor(people.other_rep)
        self.norte = accounts.create_account(core.uow(), self.rosa, name="Cuenta Norte").id
        self.norte_contact = contacts.add_contact(core.uow(), self.rosa, account_id=self.norte, name="Nora").id
        self.sur = accounts.create_account(core.uow(), self.sofia, name="Cuenta Sur").id
        self.sur_contact = contacts.add_contact(core.uow(), self.sofia, account_id=self.sur, name="Sergio").id
        target = lists.create_list(core.uow(), self.marta, name="Objetivo", public=True, account_ids=[self.norte])
        made = campaigns.create_campaign(core.uow(), self.marta, name="Captación", kind="acquisition",
                                         currency="EUR", list_id=target.id, stages=CALLS)
        campaigns.launch_campaign(core.uow(), self.marta, made.campaign.id)
        self.campaign = made.campaign.id
        self.norte_opportunity = campaigns.campaign_opportunities(
            core.uow(), self.marta, self.campaign).items[0].opportunity.id
        self.own_opportunity = opportunities.open_opportunity(
            core.uow(), self.sofia, account_id=self.sur, value=100, currency="EUR").id

    def stage_and_tasks(self) -> tuple[int | None, list[str]]:
        with self.core.uow() as uow:
            opportunity = uow.session.get(Opportunity, self.norte_opportunity)
            states = list(uow.session.scalars(select(Task.status).where(Task.opportunity_id == opportunity.id)))
            return opportunity.campaign_stage_id, states


@pytest.fixture
def teams(core: Core, people) -> Teams:
    return Teams(core, people)


@pytest.mark.parametrize(("field", "error"), [("opportunity_id", OpportunityNotFound),
                                              ("contact_id", ContactNotFound)])
def test_another_teams_or_a_missing_id_is_not_found_and_changes_nothing(core: Core, teams: Teams, field, error) -> None:
    before = teams.stage_and_tasks()
    foreign = teams.norte_opportunity if field == "opportunity_id" else teams.norte_contact
    for named in (foreign, 10**6):
        with pytest.raises(error):
            activities.log_activity(core.uow(), teams.sofia, account_id=teams.sur, type="call",
                                    outcome="llamé", **{field: named})
    assert teams.stage_and_tasks() == before
    with core.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Activity)) == 0


def test_a_campaign_of_another_team_is_not_found(core: Core, teams: Teams) -> None:
    with pytest.raises(NotFound):
        activities.log_activity(core.uow(), teams.sofia, account_id=teams.sur, type="call",
                                outcome="llamé", campaign_id=teams.campaign)
    with pytest.raises(NotFound):
        activities.log_activity(core.uow(), teams.sofia, account_id=teams.sur, type="call",
                                outcome="llamé", campaign_id=10**6)


def test_an_opportunity_of_another_account_of_the_same_rep_is_refused_too(core: Core, people, teams: Teams) -> None:
    other = accounts.create_account(core.uow(), teams.rosa, name="Otra de Rosa").id
    with pytest.raises(OpportunityNotFound):
        activities.log_activity(core.uow(), teams.rosa, account_id=other, type="call", outcome="llamé",
                                opportunity_id=teams.norte_opportunity)
    assert teams.stage_and_tasks()[1] == ["open"]


def test_the_accounts_own_contact_and_opportunity_are_accepted_and_work_the_campaign(core: Core, teams: Teams) -> None:
    own = activities.log_activity(core.uow(), teams.sofia, account_id=teams.sur, type="call", outcome="llamé",
                                  contact_id=teams.sur_contact, opportunity_id=teams.own_opportunity)
    assert (own.activity.contact_id, own.activity.opportunity_id) == (teams.sur_contact, teams.own_opportunity)
    worked = activities.log_activity(core.uow(), teams.rosa, account_id=teams.norte, type="call", outcome="llamé",
                                     opportunity_id=teams.norte_opportunity)
    assert worked.campaign is not None and worked.campaign.advanced
    assert teams.stage_and_tasks() == (None, ["done"])
