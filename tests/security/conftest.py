"""The gateway fixtures of the API tests, shared by the security tests."""

from __future__ import annotations

from tests.integration.api.conftest import Tokens, app, client, tokens

__all__ = ["Tokens", "app", "client", "tokens"]
