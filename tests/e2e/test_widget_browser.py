"""The web chat widget in a real headless Chromium: a visitor writes, the rep answers from a Slack thread."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
import requests
from slack_sdk.signature import SignatureVerifier
from werkzeug.serving import make_server

from bot.app import create_app
from bot.settings import Settings
from crm_core.bootstrap import bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow, users
from crm_core.services.common import SYSTEM
from tests.e2e.test_webchat_browser import browser, chromium  # noqa: F401 - shared browser fixtures
from tests.fakes.slack import FakeSlack

pytestmark = pytest.mark.e2e
SIGNING_SECRET = "widget-signing-secret"


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[str, FakeSlack]]:  # type: ignore[no-untyped-def]
    slack = FakeSlack().start()
    core = bootstrap(f"sqlite:///{tmp_path / 'rumbo.db'}")
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    users.add_user(core.uow(), SYSTEM, name="Rosa", email="rosa@rumbo.test", role="rep", team="Norte",
                   slack_id="U0ROSA")
    settings = Settings(database_url=str(core.engine.url), secret_key="widget-test", slack_bot_token="xoxb-test",
                        slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.api_url,
                        rasa_url="http://127.0.0.1:9", inbox_worker=True)
    app = create_app(settings, core=core)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", slack
    app.extensions["inbox_worker"].stop()
    server.shutdown()
    slack.stop()
    core.engine.dispose()


def _rep_replies_in_thread(url: str, thread_ts: str, text: str) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "EvWIDGET1", "event": {
        "type": "message", "channel": "DU0ROSA", "channel_type": "im", "user": "U0ROSA", "text": text,
        "ts": f"{time.time():.6f}", "thread_ts": thread_ts}}).encode()
    timestamp = str(int(time.time()))
    signature = SignatureVerifier(SIGNING_SECRET).generate_signature(timestamp=timestamp, body=body)
    response = requests.post(f"{url}/slack/events", data=body, timeout=10, headers={
        "Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature})
    assert response.status_code == 200


def test_visitor_writes_and_sees_the_reps_answer_from_slack(browser, site) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    url, slack = site
    browser.get(f"{url}/widget/demo")
    wait = WebDriverWait(browser, 20)
    wait.until(ready.visibility_of_element_located((By.ID, "rumbo-name"))).send_keys("Ana Pérez")
    browser.find_element(By.ID, "rumbo-contact").send_keys("ana@correo.cl")
    browser.find_element(By.ID, "rumbo-start").click()
    box = wait.until(ready.visibility_of_element_located((By.ID, "rumbo-input")))
    box.send_keys("¿Tienen pintura látex blanca?")
    browser.find_element(By.ID, "rumbo-send").click()

    wait.until(lambda _: any(p.get("thread_ts") for p in slack.posted()))
    notification = next(p for p in slack.posted() if p.get("thread_ts"))
    assert "Ana Pérez" in notification["text"] and "pintura látex" in notification["text"]
    _rep_replies_in_thread(url, notification["thread_ts"], "Sí Ana, en galón y tineta")

    wait.until(lambda b: any("galón y tineta" in e.text for e in b.find_elements(By.CSS_SELECTOR, ".rumbo-agent")))
    visitor_lines = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".rumbo-visitor")]
    assert visitor_lines == ["¿Tienen pintura látex blanca?"]

    # A page load keeps the same signed identity: the history comes back.
    browser.refresh()
    wait.until(lambda b: any("galón y tineta" in e.text for e in b.find_elements(By.CSS_SELECTOR, ".rumbo-agent")))
