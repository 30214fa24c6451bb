"""The web chat page in a real headless Chromium: send a message, click a button, see the answer."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from bot.app import create_app
from bot.settings import Settings
from connectors.widget.webchat import chat_link
from crm_core.bootstrap import bootstrap
from crm_core.persistence.migrate import upgrade
from crm_core.services import flow, users
from crm_core.services.common import SYSTEM
from tests.fakes.rasa import FakeRasa

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def chromium() -> str:
    """The system Chromium; installed with apt when missing and running as root, never downloaded."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        if os.geteuid() == 0 and shutil.which("apt-get"):
            subprocess.run(["apt-get", "install", "-y", "chromium", "chromium-driver"], check=False,
                           capture_output=True, timeout=900)
        if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
            pytest.fail("the browser test needs Debian's chromium and chromium-driver: "
                        "run `apt-get install -y chromium chromium-driver` as root")
    return CHROMIUM


@pytest.fixture
def browser(chromium: str) -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()


@pytest.fixture
def chat_url(tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    rasa = FakeRasa().start()
    core = bootstrap(f"sqlite:///{tmp_path / 'rumbo.db'}")
    upgrade(core.engine)
    flow.ensure_default_flow(core.uow())
    users.add_user(core.uow(), SYSTEM, name="Rosa", email="rosa@rumbo.test", role="rep", team="Norte")
    app = create_app(Settings(database_url=str(core.engine.url), rasa_url=rasa.url, secret_key="browser-test"),
                     core=core)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(secret_key="browser-test", public_url=f"http://127.0.0.1:{server.server_port}")
    yield chat_link(settings, core, "rosa@rumbo.test")
    server.shutdown()
    rasa.stop()
    core.engine.dispose()


def test_web_chat_sends_a_message_shows_buttons_and_answers_a_click(browser, chat_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(chat_url)
    wait = WebDriverWait(browser, 15)
    box = wait.until(ready.presence_of_element_located((By.ID, "text")))
    box.send_keys("hola")
    browser.find_element(By.ID, "send").click()
    wait.until(ready.text_to_be_present_in_element((By.ID, "log"), "eco: hola"))
    box.send_keys("botones")
    browser.find_element(By.ID, "send").click()
    button = wait.until(ready.element_to_be_clickable((By.XPATH, "//div[@class='choices']/button[text()='No']")))
    assert "¿Cerrar el sprint <Q1> & pasar cuentas?" in browser.find_element(By.ID, "log").text
    button.click()
    wait.until(ready.text_to_be_present_in_element((By.ID, "log"), "eco: /deny"))
    assert not button.is_enabled()
