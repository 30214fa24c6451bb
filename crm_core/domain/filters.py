"""Account filters shared by searches, saved lists and reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class AccountFilter:
    """Every field narrows the set; None means no restriction."""

    sector: str | None = None
    country: str | None = None
    status: str | None = None
    owner_id: int | None = None
    not_contacted_days: int | None = None
    name: str | None = None
    custom: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, {})}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> AccountFilter:
        data = dict(data or {})
        known = {k: data.pop(k) for k in list(data) if k in cls.__dataclass_fields__}
        return cls(**known)
