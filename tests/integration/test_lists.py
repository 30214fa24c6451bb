"""Account lists: public or private, static or saved filters, to and from sprints."""

from __future__ import annotations

from datetime import date

import pytest

from crm_core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from crm_core.services import accounts, lists, sprints


def test_private_lists_are_invisible_to_another_rep_but_not_to_admins(core, people):
    rosa, raul = people.actor(people.rep), people.actor(people.rep2)
    mine = lists.create_list(core.uow(), rosa, name="Mis prioridades")
    public = lists.create_list(core.uow(), rosa, name="Estratégicos", public=True)
    assert [x.name for x in lists.list_lists(core.uow(), raul)] == ["Estratégicos"]
    with pytest.raises(NotFound):
        lists.get_list(core.uow(), raul, mine.id)
    with pytest.raises(NotFound):
        lists.list_accounts(core.uow(), raul, mine.id)
    assert {x.id for x in lists.list_lists(core.uow(), people.actor(people.admin))} == {mine.id, public.id}


def test_only_the_owner_changes_a_public_list(core, people):
    rosa, raul = people.actor(people.rep), people.actor(people.rep2)
    public = lists.create_list(core.uow(), rosa, name="Estratégicos", public=True)
    account = accounts.create_account(core.uow(), raul, name="Hotel Mirador").id
    with pytest.raises(PermissionDenied):
        lists.add_accounts(core.uow(), raul, public.id, [account])


def test_a_public_list_shows_each_reader_only_accounts_they_may_see(core, people):
    rosa, raul = people.actor(people.rep), people.actor(people.rep2)
    shared = accounts.create_account(core.uow(), rosa, name="Grupo Andino", shared=True).id
    private = accounts.create_account(core.uow(), rosa, name="TechNova").id
    public = lists.create_list(core.uow(), rosa, name="Estratégicos", public=True, account_ids=[shared, private])
    assert lists.list_accounts(core.uow(), rosa, public.id).total == 2
    assert [a.id for a in lists.list_accounts(core.uow(), raul, public.id).items] == [shared]


def test_a_saved_filter_list_follows_the_accounts_that_match(core, people):
    rosa = people.actor(people.rep)
    accounts.create_account(core.uow(), rosa, name="Hotel Mirador", sector="Hostelería", country="CL")
    hotels = lists.create_list(core.uow(), rosa, name="Hoteles de Chile",
                               filter={"sector": "hostelería", "country": "CL"})
    assert hotels.kind == "filter"
    assert lists.list_accounts(core.uow(), rosa, hotels.id).total == 1
    accounts.create_account(core.uow(), rosa, name="Hostal del Sur", sector="Hostelería", country="CL")
    assert lists.list_accounts(core.uow(), rosa, hotels.id).total == 2
    with pytest.raises(Conflict):
        lists.add_accounts(core.uow(), rosa, hotels.id, [1])


def test_a_saved_filter_with_an_unknown_status_or_field_is_rejected(core, people):
    rosa = people.actor(people.rep)
    with pytest.raises(InvalidInput):
        lists.create_list(core.uow(), rosa, name="x", filter={"status": "ganado"})
    with pytest.raises(InvalidInput):
        lists.create_list(core.uow(), rosa, name="x", filter={"colour": "red"})


def test_not_contacted_filter_list_can_fill_a_sprint(core, people):
    rosa = people.actor(people.rep)
    for name in ("A", "B"):
        accounts.create_account(core.uow(), rosa, name=name)
    stale = lists.create_list(core.uow(), rosa, name="Sin contacto", filter={"not_contacted_days": 30})
    sprint = sprints.create_sprint(core.uow(), rosa, name="S1", start=date(2025, 3, 1), end=date(2025, 3, 31))
    added = sprints.add_list(core.uow(), rosa, sprint.id, stale.id)
    assert (added.added, added.already_there) == (2, 0)


def test_a_sprints_accounts_can_be_added_to_a_list(core, people):
    rosa = people.actor(people.rep)
    ids = [accounts.create_account(core.uow(), rosa, name=n).id for n in ("A", "B", "C")]
    sprint = sprints.create_sprint(core.uow(), rosa, name="S1", start=date(2025, 3, 1), end=date(2025, 3, 31))
    sprints.add_accounts(core.uow(), rosa, sprint.id, ids[:2])
    target = lists.create_list(core.uow(), rosa, name="Marzo", account_ids=[ids[1]])
    added = sprints.add_to_list(core.uow(), rosa, sprint.id, target.id)
    assert (added.added, added.already_there) == (1, 1)
    assert {a.id for a in lists.list_accounts(core.uow(), rosa, target.id).items} == set(ids[:2])
    assert lists.remove_accounts(core.uow(), rosa, target.id, [ids[0]]) == 1
