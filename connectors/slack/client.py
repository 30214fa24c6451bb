"""The one Slack Web API client of a process."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler


def make_client(token: str | None, api_url: str) -> WebClient:
    """A Web API client that waits out Slack's 429 Retry-After and tries again."""
    client = WebClient(token=token, base_url=api_url)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client
