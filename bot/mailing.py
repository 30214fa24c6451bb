"""Mailchimp and Brevo: pushing a list's contacts to an audience, and reading their unsubscribe webhooks.

Mailchimp's Marketing API: `POST /lists/{list_id}` batch-subscribes up to 500 members per call
(`update_existing`), `DELETE /lists/{list_id}/members/{md5 of the lower-cased email}` archives one;
Basic auth with the API key. Brevo: `POST /contacts/import` with `jsonBody` and `listIds` (updating
existing contacts), `POST /contacts/lists/{id}/contacts/remove` with up to 150 `emails`; header
`api-key`.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from typing import Any

import requests

from bot.data_settings import DataSettings
from crm_core.bootstrap import Core
from crm_core.errors import InvalidInput
from crm_core.services import mailing_sync
from crm_core.services.common import Actor
from crm_core.services.mailing_sync import Member, SyncResult

logger = logging.getLogger(__name__)

MAILCHIMP_BATCH = 500
BREVO_IMPORT_BATCH = 5000
BREVO_REMOVE_BATCH = 150
TIMEOUT = 30.0


class MailingToolError(Exception):
    """The mailing tool refused a request."""


def _check(answer: requests.Response) -> Any:
    if answer.status_code >= 400:
        raise MailingToolError(f"{answer.request.method} {answer.url}: HTTP {answer.status_code} {answer.text[:300]}")
    return answer.json() if answer.content else {}


class Mailchimp:
    """The few Marketing API calls a sync needs."""

    def __init__(self, api_url: str, api_key: str, http: requests.Session | None = None) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = http or requests.Session()
        self.http.auth = ("rumbo", api_key)

    def upsert(self, audience: str, members: list[Member]) -> tuple[int, list[dict[str, Any]]]:
        """Subscribe or update members in batches; returns how many were taken and the rejected ones."""
        taken, errors = 0, []
        for start in range(0, len(members), MAILCHIMP_BATCH):
            chunk = members[start:start + MAILCHIMP_BATCH]
            body: dict[str, Any] = {"update_existing": True, "members": [
                {"email_address": m.email, "status": "subscribed",
                 "merge_fields": {"FNAME": m.first_name, "LNAME": m.last_name}} for m in chunk]}
            answer = _check(self.http.post(f"{self.api_url}/lists/{audience}", json=body, timeout=TIMEOUT))
            taken += int(answer.get("total_created", 0)) + int(answer.get("total_updated", 0))
            errors += [{"email": e.get("email_address"), "error": e.get("error")} for e in answer.get("errors", [])]
        return taken, errors

    def archive(self, audience: str, emails: list[str]) -> int:
        """Archive members who left the list (a missing one counts as archived)."""
        for email in emails:
            digest = hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()
            answer = self.http.delete(f"{self.api_url}/lists/{audience}/members/{digest}", timeout=TIMEOUT)
            if answer.status_code != 404:
                _check(answer)
        return len(emails)


class Brevo:
    """The few Brevo contact calls a sync needs."""

    def __init__(self, api_url: str, api_key: str, http: requests.Session | None = None) -> None:
        self.api_url = api_url.rstrip("/")
        self.http = http or requests.Session()
        self.http.headers.update({"api-key": api_key, "accept": "application/json"})

    def upsert(self, list_id: str, members: list[Member]) -> tuple[int, list[dict[str, Any]]]:
        """Import members into the list, updating contacts Brevo already has."""
        for start in range(0, len(members), BREVO_IMPORT_BATCH):
            chunk = members[start:start + BREVO_IMPORT_BATCH]
            body: dict[str, Any] = {"listIds": [int(list_id)], "updateExistingContacts": True, "emptyContactsAttributes": False,
                    "disableNotification": True,
                    "jsonBody": [{"email": m.email, "attributes": {"FIRSTNAME": m.first_name,
                                                                   "LASTNAME": m.last_name}} for m in chunk]}
            _check(self.http.post(f"{self.api_url}/contacts/import", json=body, timeout=TIMEOUT))
        return len(members), []

    def archive(self, list_id: str, emails: list[str]) -> int:
        """Take addresses off the list (the contacts stay in Brevo)."""
        for start in range(0, len(emails), BREVO_REMOVE_BATCH):
            body = {"emails": emails[start:start + BREVO_REMOVE_BATCH]}
            _check(self.http.post(f"{self.api_url}/contacts/lists/{int(list_id)}/contacts/remove", json=body,
                                  timeout=TIMEOUT))
        return len(emails)


def client_for(provider: str, settings: DataSettings) -> Mailchimp | Brevo:
    """The API client of a mailing tool, or an error naming the missing setting."""
    if provider == "mailchimp":
        url = settings.mailchimp_url()
        if not settings.mailchimp_api_key or not url:
            raise InvalidInput("set MAILCHIMP_API_KEY (with its data-centre suffix, e.g. ...-us21)")
        return Mailchimp(url, settings.mailchimp_api_key)
    if provider == "brevo":
        if not settings.brevo_api_key:
            raise InvalidInput("set BREVO_API_KEY")
        return Brevo(settings.brevo_api_url, settings.brevo_api_key)
    raise InvalidInput(f"unknown mailing tool {provider!r}", valid=list(mailing_sync.PROVIDERS))


def run_sync(core: Core, settings: DataSettings, actor: Actor, provider: str, list_name: str, remote_id: str,
             progress: Callable[[str], None] | None = None) -> SyncResult:
    """Send the list's contacts to the audience and archive those who left it."""
    if provider == "brevo" and not remote_id.strip().isdigit():
        raise InvalidInput("a Brevo list id is a number", brevo_list=remote_id)
    client = client_for(provider, settings)
    plan = mailing_sync.plan_sync(core.uow(), actor, provider, list_name, remote_id)
    say = progress or (lambda line: None)
    say(f"{provider} {remote_id}: {len(plan.upserts)} contacts to send, {len(plan.removals)} to archive")
    sent: list[Member] = []
    errors: list[dict[str, Any]] = []
    batch = MAILCHIMP_BATCH if provider == "mailchimp" else BREVO_IMPORT_BATCH
    for start in range(0, len(plan.upserts), batch):
        chunk = plan.upserts[start:start + batch]
        _, rejected = client.upsert(remote_id, chunk)
        sent += chunk
        errors += rejected
        say(f"{provider} {remote_id}: {len(sent)}/{len(plan.upserts)} sent")
    archived = client.archive(remote_id, plan.removals) if plan.removals else 0
    result = mailing_sync.record_sync(core.uow(), plan, sent, plan.removals[:archived], errors)
    logger.info("sync %s %s -> %s: %s sent, %s archived, %s rejected", provider, list_name, remote_id,
                result.sent, result.archived, len(errors))
    return result


def secret_matches(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison of a webhook's shared secret; no secret configured refuses everything."""
    return bool(expected) and bool(given) and hmac.compare_digest(expected or "", given or "")
