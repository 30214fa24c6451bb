"""Automatic campaign mails skip a contact who unsubscribed in a mailing tool."""

from __future__ import annotations

from bot import jobs
from crm_core.services import campaigns, inbox, mailing_sync, tasks
from tests.integration import test_campaign_jobs
from tests.integration.test_campaign_jobs import MAIL_THEN_SMS, _campaign, _friends, _runtime

clock = test_campaign_jobs.clock  # the campaign jobs' fixtures: a controlled clock and time travel
travel = test_campaign_jobs.travel


def test_an_opted_out_contact_gets_no_automatic_mail_and_the_task_goes_to_the_rep(core, people, clock, travel):  # noqa: F811
    _runtime(core, clock, ("email",))
    _friends(core, people, "Ana", "Bea")
    assert mailing_sync.opt_out(core.uow(), "ANA@cliente.test", "email", "mailchimp") == 1
    campaign_id = _campaign(core, people, MAIL_THEN_SMS)
    campaigns.launch_campaign(core.uow(), people.actor(people.manager), campaign_id)
    jobs.send_campaign_steps()
    mails = inbox.claim_outbound(core.uow())
    assert [m.message.meta["subject"] for m in mails] == ["Hola Amiga de Bea"]
    handed = tasks.list_tasks(core.uow(), people.actor(people.rep), status="open").items
    assert [t.type for t in handed] == ["email"]
