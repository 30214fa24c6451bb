"""The gateway: one Flask app (APIFlask) for the REST API, webhooks and web chat."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from apiflask import APIFlask
from flask import Flask, current_app, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.wrappers import Request

from bot.settings import Settings
from crm_core.bootstrap import Core, bootstrap

logger = logging.getLogger(__name__)


@dataclass
class Rumbo:
    """What every route needs, kept on `app.extensions["rumbo"]`."""

    settings: Settings
    core: Core


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without building the signer for a request that has no cookie.

    Flask opens a session for every request; building its signer (an itsdangerous serializer and
    key derivation) was 5% of the CPU of a webhook, which never carries a session cookie.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def rumbo() -> Rumbo:
    """Settings and core of the app handling the current request."""
    return current_app.extensions["rumbo"]


def create_app(settings: Settings | None = None, core: Core | None = None) -> APIFlask:
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
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.session_interface = CookieSessions()
    app.extensions["rumbo"] = Rumbo(settings=settings, core=core)

    from bot.api import errors, openapi

    errors.init_app(app)
    openapi.init_app(app)
    app.before_request(_limit_body_size)
    app.get("/health")(health)
    _register_blueprints(app)
    from bot import security

    security.init_app(app)  # rate limits, security headers, /api/v1/tokens, quiet HTTP client logs
    return app


def _register_blueprints(app: APIFlask) -> None:
    """Every blueprint of the gateway; each channel adds its line here."""
    from bot import api

    for blueprint in api.BLUEPRINTS:
        app.register_blueprint(blueprint)
    from bot import charts_blueprint

    app.register_blueprint(charts_blueprint.bp)  # chart images behind signed links, for chat replies
    from bot import inbox_worker

    inbox_worker.init_app(app)  # customer channels and the inbox queue
    from bot import dispatch

    dispatch.install(app, app.extensions["rumbo"].settings, app.extensions["rumbo"].core, retry_interval=None)


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
