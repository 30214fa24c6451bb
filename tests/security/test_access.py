"""Access per resource with a second team: what the caller may not see answers like what does not exist."""

from __future__ import annotations

from datetime import date, timedelta

from crm_core.persistence.models import Activity
from crm_core.services import accounts, activities, contacts, lists, opportunities, sprints, tasks
from tests.integration.test_imports import run


def _foreign(core, people):  # type: ignore[no-untyped-def]
    """Team Sur's private records: an account with a contact, an opportunity and a task."""
    sofia = people.actor(people.other_rep)
    account = accounts.create_account(core.uow(), sofia, name="Secreto del Sur")
    contact = contacts.add_contact(core.uow(), sofia, account_id=account.id, name="Sra. Sur")
    opportunity = opportunities.open_opportunity(core.uow(), sofia, account_id=account.id, value=900)
    task = tasks.schedule_task(core.uow(), sofia, type="call", account_id=account.id, start_date=date.today())
    return account, contact, opportunity, task


def test_every_read_and_write_of_another_teams_ids_is_a_404_like_a_missing_id(core, people, client, tokens):
    account, contact, opportunity, task = _foreign(core, people)
    rep = tokens.headers(people.rep)
    missing = 999_999
    probes = [
        ("get", "/api/v1/accounts/{}", account.id, None),
        ("get", "/api/v1/accounts/{}/summary", account.id, None),
        ("patch", "/api/v1/accounts/{}", account.id, {"name": "Mío"}),
        ("put", "/api/v1/accounts/{}/status", account.id, {"status": "client"}),
        ("patch", "/api/v1/contacts/{}", contact.id, {"name": "Otro"}),
        ("post", "/api/v1/opportunities/{}/win", opportunity.id, {}),
        ("post", "/api/v1/opportunities/{}/lose", opportunity.id, {"reason": "precio"}),
        ("put", "/api/v1/opportunities/{}/stage", opportunity.id, {"stage": "proposal"}),
        ("get", "/api/v1/tasks/{}", task.id, None),
        ("post", "/api/v1/tasks/{}/complete", task.id, None),
    ]
    for method, path, hidden_id, body in probes:
        seen = [getattr(client, method)(path.format(i), json=body, headers=rep) for i in (hidden_id, missing)]
        assert [r.status_code for r in seen] == [404, 404], path
        hidden, absent = (r.get_json()["error"] for r in seen)
        assert hidden["code"] == absent["code"] == "not_found"
        assert hidden["message"] == absent["message"], path
        assert "Sur" not in str(hidden)
    assert accounts.get_account(core.uow(), people.actor(people.admin), account.id).name == "Secreto del Sur"


def test_an_activity_cannot_name_another_teams_contact_or_opportunity(core, people, client, tokens):
    _, contact, opportunity, _ = _foreign(core, people)
    rep = tokens.headers(people.rep)
    mine = accounts.create_account(core.uow(), people.actor(people.rep), name="Mía")
    for field, value in (("contact_id", contact.id), ("opportunity_id", opportunity.id),
                         ("contact_id", 999_999), ("opportunity_id", 999_999)):
        response = client.post("/api/v1/activities", json={"account_id": mine.id, "type": "call", field: value},
                               headers=rep)
        assert response.status_code == 404, (field, value, response.get_json())
        assert "Sur" not in response.get_data(as_text=True)
    with core.uow() as uow:
        assert uow.session.query(Activity).count() == 0
    status = opportunities.list_opportunities(core.uow(), people.actor(people.admin), status="open")
    assert {o.id for o in status.items} >= {opportunity.id}


def test_an_activity_with_a_contact_of_another_visible_account_is_refused(core, people, client, tokens):
    rosa = people.actor(people.rep)
    one = accounts.create_account(core.uow(), rosa, name="Una")
    two = accounts.create_account(core.uow(), rosa, name="Dos")
    contact = contacts.add_contact(core.uow(), rosa, account_id=two.id, name="Pepa")
    response = client.post("/api/v1/activities", json={"account_id": one.id, "type": "call", "contact_id": contact.id},
                           headers=tokens.headers(people.rep))
    # the same answer as for a contact of another team's account: it is not at this account
    assert response.status_code == 404
    assert activities.list_activities(core.uow(), rosa, account_id=one.id).items == []


def test_owners_are_only_people_the_caller_may_assign(core, people, client, tokens):
    rep, manager = tokens.headers(people.rep), tokens.headers(people.manager)
    assert client.post("/api/v1/accounts", json={"name": "X", "owner_id": 1.5}, headers=rep).status_code == 422
    assert client.post("/api/v1/accounts", json={"name": "X", "owner_id": True}, headers=rep).status_code == 422
    for owner in (people.other_rep.id, people.rep2.id, 999_999):
        refused = client.post("/api/v1/accounts", json={"name": "X", "owner_id": owner}, headers=rep)
        assert refused.status_code == 422, owner
    other_team = client.post("/api/v1/accounts", json={"name": "X", "owner_id": people.other_rep.id}, headers=manager)
    missing = client.post("/api/v1/accounts", json={"name": "X", "owner_id": 999_999}, headers=manager)
    assert other_team.status_code == missing.status_code == 422
    assert other_team.get_json()["error"]["message"] == missing.get_json()["error"]["message"]
    given = client.post("/api/v1/accounts", json={"name": "Para Raúl", "owner_id": people.rep2.id}, headers=manager)
    assert given.status_code == 201 and given.get_json()["owner_id"] == people.rep2.id
    moved = client.patch(f"/api/v1/accounts/{given.get_json()['id']}", json={"owner_id": people.other_rep.id},
                         headers=manager)
    assert moved.status_code == 422
    assert accounts.get_account(core.uow(), people.actor(people.admin), given.get_json()["id"]).team_id == \
        people.manager.team_id


def test_sprint_lists_hide_a_teammates_private_account_and_never_name_hidden_ones(core, people, client, tokens):
    marta = people.actor(people.manager)
    private = accounts.create_account(core.uow(), people.actor(people.rep2), name="Privada de Raúl")
    mine = accounts.create_account(core.uow(), people.actor(people.rep), name="De Rosa")
    sprint = sprints.create_sprint(core.uow(), marta, name="S", start=date.today(),
                                   end=date.today() + timedelta(days=6), owner_id=people.rep.id)
    sprints.add_accounts(core.uow(), marta, sprint.id, [private.id, mine.id])
    listed = client.get(f"/api/v1/sprints/{sprint.id}/accounts", headers=tokens.headers(people.rep)).get_json()
    assert [a["id"] for a in listed["items"]] == [mine.id] and listed["total"] == 1
    shared = lists.create_list(core.uow(), marta, name="Equipo", public=True, account_ids=[private.id, mine.id])
    own = sprints.create_sprint(core.uow(), people.actor(people.rep), name="Mío", start=date.today(),
                                end=date.today() + timedelta(days=6))
    added = client.post(f"/api/v1/sprints/{own.id}/accounts", json={"list_id": shared.id},
                        headers=tokens.headers(people.rep)).get_json()
    assert (added["added"], added["skipped"], added["hidden"]) == (1, [], 1)


def test_another_teams_sprint_team_view_and_agenda_look_missing(core, people, client, tokens):
    sofia_sprint = sprints.create_sprint(core.uow(), people.actor(people.other_rep), name="Sur", start=date.today(),
                                         end=date.today() + timedelta(days=6))
    manager = tokens.headers(people.manager)
    assert client.get(f"/api/v1/sprints/{sofia_sprint.id}", headers=manager).status_code == 404
    assert client.get(f"/api/v1/sprints/{sofia_sprint.id}/chart.png", headers=manager).status_code == 404
    assert client.get(f"/api/v1/sprints/team?team_id={people.other_rep.team_id}", headers=manager).status_code == 404
    agenda = client.get(f"/api/v1/agenda?from={date.today()}&user_id={people.other_rep.id}", headers=manager)
    assert agenda.status_code == 404


def test_import_errors_never_name_another_teams_records_or_people(core, people):
    account, contact, _, _ = _foreign(core, people)
    manager = people.actor(people.manager)
    report = run(core, manager, "accounts", f"""id;name;owner_email
{account.id};Secreto del Sur;
;Nueva;{people.other_rep.email}
;Otra;nadie@rumbo.test
""")
    messages = [e.message for e in report.errors]
    assert not report.written and len(messages) == 3
    assert messages[1] == f"no user has email {people.other_rep.email}"  # the same as for nobody
    assert messages[2] == "no user has email nadie@rumbo.test"
    assert all("Sur" not in m and "someone else" not in m for m in messages)
    report = run(core, manager, "contacts", f"account_id;name\n{account.id};X\n")
    assert [e.message for e in report.errors] == [f"no account has id {account.id}"]
    assert contacts.list_contacts(core.uow(), people.actor(people.admin)).total == 1
    free = run(core, manager, "accounts", "id;name\n424242;Libre\n")
    taken = run(core, manager, "accounts", f"id;name\n{account.id};X\n")
    assert [e.message for e in free.errors] == [e.message.replace(str(account.id), "424242") for e in taken.errors]
