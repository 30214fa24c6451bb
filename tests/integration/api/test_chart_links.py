"""Chart images behind signed links: `GET /charts/<token>.png` (bot/charts_blueprint.py, bot/chart_links.py)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from itsdangerous import URLSafeTimedSerializer

from bot import chart_links
from bot.chart_links import chart_url
from crm_core.services import accounts, campaigns, opportunities, sprints

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _path(app, url: str) -> str:
    return url.removeprefix(app.extensions["rumbo"].settings.public_url)


def _sprint(core, people, owner):
    today = date.today()
    return sprints.create_sprint(core.uow(), people.actor(owner), name="Semana 1", start=today - timedelta(days=2),
                                 end=today + timedelta(days=5))


def test_signed_burnup_link_renders_a_png_for_its_owner(app, client, core, people):
    sprint = _sprint(core, people, people.rep)
    url = chart_url(app.extensions["rumbo"].settings, "burnup", people.actor(people.rep), "es", sprint=sprint.id)
    response = client.get(_path(app, url))
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert response.data.startswith(PNG_MAGIC)


def test_profitability_and_pipeline_links_render_pngs_in_one_currency(app, client, core, people):
    account = accounts.create_account(core.uow(), people.actor(people.rep), name="Acme")
    opportunities.open_opportunity(core.uow(), people.actor(people.rep), account_id=account.id,
                                   value=Decimal("5000"), currency="CLP")
    settings = app.extensions["rumbo"].settings
    period = {"start": date.today() - timedelta(days=89), "end": date.today(), "currency": "CLP"}
    for kind in ("profitability", "pipeline"):
        response = client.get(_path(app, chart_url(settings, kind, people.actor(people.rep), "en", **period)))
        assert response.status_code == 200, kind
        assert response.data.startswith(PNG_MAGIC), kind


def test_tampered_link_is_a_404_json_error(app, client, core, people):
    sprint = _sprint(core, people, people.rep)
    url = chart_url(app.extensions["rumbo"].settings, "burnup", people.actor(people.rep), "es", sprint=sprint.id)
    tampered = url.replace(".png", "x.png")
    response = client.get(_path(app, tampered))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_expired_link_is_a_403_json_error(app, client, core, people, monkeypatch):
    sprint = _sprint(core, people, people.rep)
    url = chart_url(app.extensions["rumbo"].settings, "burnup", people.actor(people.rep), "es", sprint=sprint.id)
    monkeypatch.setattr(chart_links, "MAX_AGE", -1)
    response = client.get(_path(app, url))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "expired"


def test_link_signed_with_another_key_is_refused(app, client, core, people):
    sprint = _sprint(core, people, people.rep)
    forged = URLSafeTimedSerializer("not-the-key", salt=chart_links.SALT).dumps(
        {"k": "burnup", "u": people.rep.id, "c": "web", "l": "es", "sprint": sprint.id})
    response = client.get(f"/charts/{forged}.png")
    assert response.status_code == 404


def test_link_for_another_teams_sprint_is_404(app, client, core, people):
    sprint = _sprint(core, people, people.other_rep)
    url = chart_url(app.extensions["rumbo"].settings, "burnup", people.actor(people.rep), "es", sprint=sprint.id)
    response = client.get(_path(app, url))
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


def test_campaign_roi_link_renders_for_a_manager_and_refuses_a_rep(app, client, core, people):
    campaigns.create_campaign(core.uow(), people.actor(people.manager), name="Captación", kind="acquisition",
                              currency="EUR", global_cost=100, stages=[{"name": "Llamar", "task_type": "call"}])
    settings = app.extensions["rumbo"].settings
    period = {"start": date.today() - timedelta(days=89), "end": date.today()}
    shown = client.get(_path(app, chart_url(settings, "campaigns", people.actor(people.manager), "es", **period)))
    assert shown.status_code == 200 and shown.data.startswith(PNG_MAGIC)
    refused = client.get(_path(app, chart_url(settings, "campaigns", people.actor(people.rep), "es", **period)))
    assert refused.status_code == 403
