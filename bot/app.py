"""The gateway's composition root: one Flask app (APIFlask) with every blueprint and every channel.

Everything the gateway process runs is put together here and only here: the REST API
blueprints, the chart images, the rep-message dispatcher, each connector (`register(app,
deps)`) and the inbox worker.
"""

from __future__ import annotations

import logging

from apiflask import APIBlueprint, APIFlask
from flask import Blueprint, Flask, Request, current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from bot import charts_blueprint, mailing_webhooks, ops, security, sms_webhooks
from bot.api import (
    accounts,
    activities,
    audit,
    campaigns,
    contacts,
    conversations,
    errors,
    exports,
    flow,
    imports,
    lists,
    mailing_api,
    openapi,
    opportunities,
    privacy_api,
    reports,
    sales_reports,
    sprints,
    tasks,
    tokens,
    users,
    webhooks_api,
)
from bot.context import Rumbo, rumbo
from bot.dispatch import Assistant, Dispatcher, pooled_session
from bot.inbox_worker import InboxWorker
from bot.rasa_client import RasaClient
from bot.settings import CHANNEL_NEEDS, CUSTOMER_CHANNELS, Settings
from connectors import email, meta, slack, telegram, widget
from connectors.deps import Deps
from connectors.rep_inbox import RepNotifier
from crm_core.bootstrap import Core, bootstrap

logger = logging.getLogger(__name__)

__all__ = ["Rumbo", "create_app", "rumbo"]

API_BLUEPRINTS: tuple[APIBlueprint, ...] = (
    users.bp,
    accounts.bp,
    contacts.bp,
    opportunities.bp,
    activities.bp,
    tasks.bp,
    audit.bp,
    flow.bp,
    conversations.bp,
    sprints.bp,
    campaigns.bp,
    lists.bp,
    reports.bp,
    sales_reports.bp,
    imports.bp,
    exports.bp,
    privacy_api.bp,
    webhooks_api.bp,
    mailing_api.bp,
    tokens.bp,
)
# Webhooks of the integrations (mailing tools' unsubscribes, SMS), verified by their own secrets.
INTEGRATION_BLUEPRINTS: tuple[Blueprint, ...] = (mailing_webhooks.bp, sms_webhooks.bp)
# Customer channels first: their webhooks are plain routes; then the rep channels, whose
# listeners hand what belongs to the inbox to the inbox queue.
CHANNELS = (meta, telegram, widget, email, slack)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that has no cookie.

    Flask opens a session for every request; building its signer (an itsdangerous serializer and
    key derivation) was 5% of the CPU of a webhook, which never carries a session cookie.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def create_app(settings: Settings | None = None, core: Core | None = None,
               assistant: Assistant | None = None) -> APIFlask:
    """Build the gateway; the database is only reached when a request needs it."""
    settings = settings or Settings.from_env()
    # Creating the engine opens no connection, so start-up works with the database down.
    core = core or bootstrap(settings.database_url)
    app = APIFlask(
        __name__,
        title="Rumbo API",
        version="1",
        spec_path="/api/openapi.json",
        docs_path="/api/docs",
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]  # flask's JSON provider type omits it
    app.session_interface = CookieSessions()
    app.extensions["rumbo"] = Rumbo(settings=settings, core=core)

    errors.init_app(app)
    openapi.init_app(app)
    app.before_request(_limit_body_size)
    app.get("/health")(health)
    for blueprint in (*API_BLUEPRINTS, *INTEGRATION_BLUEPRINTS):
        app.register_blueprint(blueprint)
    app.register_blueprint(charts_blueprint.bp)  # chart images behind signed links, for chat replies
    _register_channels(app, settings, core, assistant)
    security.init_app(app, API_BLUEPRINTS)  # rate limits, security headers, /api/v1/tokens, quiet HTTP client logs
    ops.init_app(app)  # /ready, /metrics, request ids, access log
    return app


def _register_channels(app: APIFlask, settings: Settings, core: Core, assistant: Assistant | None) -> None:
    """The rep-message dispatcher, every connector and the inbox worker."""
    dispatcher = Dispatcher(core, assistant or RasaClient(settings.rasa_url, session=pooled_session()).send)
    deps = Deps(settings=settings, core=core, dispatcher=dispatcher)
    for connector in CHANNELS:
        connector.register(app, deps)
    for name, on in settings.channels().items():
        kind = "inbox channel" if name in CUSTOMER_CHANNELS else "channel"
        if on:
            logger.info("%s %s on", kind, name)
        else:
            logger.info("%s %s off: %s is not set", kind, name, CHANNEL_NEEDS[name])
    app.extensions["rumbo.dispatcher"] = dispatcher
    for name, service in deps.services.items():
        app.extensions[f"rumbo.{name}"] = service
    # The inbox worker shows customer messages to reps through the same platform clients.
    notifier = RepNotifier(core.background(), settings, slack=slack.shared_client(deps),
                           telegram=telegram.shared_client(deps))
    worker = InboxWorker(core, settings, notifier=notifier)
    app.extensions["inbox_worker"] = worker
    if settings.inbox_worker:
        worker.start()


def _limit_body_size() -> None:
    """Refuse an oversized body up front, even on routes that never read it."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        from werkzeug.exceptions import RequestEntityTooLarge

        raise RequestEntityTooLarge()


def health() -> tuple[dict[str, str], int]:
    """Liveness plus a database round trip."""
    if rumbo().core.database_ok():
        return {"status": "ok", "database": "ok"}, 200
    logger.warning("health check: database unreachable")
    return {"status": "degraded", "database": "unreachable"}, 503
