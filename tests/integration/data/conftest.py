"""The gateway fixtures of the API tests (core → app → client, tokens), shared with the data-ownership tests."""

from __future__ import annotations

from tests.integration.api.conftest import Tokens, app, client, tokens  # noqa: F401 - fixtures
