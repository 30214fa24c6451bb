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


def test_an_automatic_sms_stage_is_queued_on_the_sms_channel_unless_the_contact_said_stop(
        core, people, clock, travel):  # noqa: F811
    from sqlalchemy import select

    from crm_core.persistence.models import CampaignSend
    from crm_core.services import accounts, contacts

    _runtime(core, clock, ("email", "sms"))
    rosa = people.actor(people.rep)
    for name, phone in (("Ana", "+56 9 1111 2222"), ("Bea", "+56 9 3333 4444")):
        account = accounts.create_account(core.uow(), rosa, name=name, sector="referidos")
        contacts.add_contact(core.uow(), rosa, account_id=account.id, name=f"Amiga de {name}", phone=phone)
    assert mailing_sync.opt_out(core.uow(), "+56933334444", "sms", "twilio") == 1
    sms_only = [{"name": "SMS", "task_type": "sms", "performer": "automatic", "body": "Promo para {account}",
                 "attempts": 1}]
    campaign_id = _campaign(core, people, sms_only)
    campaigns.launch_campaign(core.uow(), people.actor(people.manager), campaign_id)
    jobs.send_campaign_steps()
    queued = inbox.claim_outbound(core.uow())
    assert [(m.conversation.channel, m.conversation.thread_key, m.message.text) for m in queued] == [
        ("sms", "+56911112222", "Promo para Ana")]
    with core.uow() as uow:
        sends = {s.state: s.reason for s in uow.session.scalars(select(CampaignSend))}
    assert sends == {"queued": None, "not_sent": "the contact opted out of sms (twilio)"}
