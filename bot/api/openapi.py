"""Finishing touches on the generated OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

from apiflask import APIFlask

from bot.api.auth import auth

PROTECTED_PREFIX = "/api/v1/"
SCHEME = "BearerAuth"
_NUMBERED = re.compile(r"^(?P<base>.+?)(?P<n>\d+)$")


def init_app(app: APIFlask) -> None:
    """Register the processor that completes the document."""
    app.spec_processor(complete_spec)


def complete_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Describe the bearer token on every `/api/v1` operation and merge duplicated schemas."""
    # APIFlask documents blueprint-wide auth for only the first blueprint sharing an auth
    # object, so the document is completed from the one rule that holds: /api/v1 needs a token.
    schemes = spec.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[SCHEME] = {"type": "http", "scheme": "bearer", "description": auth.description}
    for path, operations in spec.get("paths", {}).items():
        if not path.startswith(PROTECTED_PREFIX):
            continue
        for operation in operations.values():
            operation["security"] = [{SCHEME: []}]
            operation.setdefault("responses", {}).setdefault("401", {
                "description": "Missing or invalid bearer token",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}},
            })
    return _merge_duplicates(spec)


def _merge_duplicates(spec: dict[str, Any]) -> dict[str, Any]:
    # A schema used both nested and at top level is registered twice (X and X1) by APIFlask.
    # Merging one copy can make another equal (its nested refs pointed at the first), so repeat.
    while True:
        schemas = spec.get("components", {}).get("schemas", {})
        renames = {}
        for name, body in list(schemas.items()):
            match = _NUMBERED.match(name)
            if match and schemas.get(match["base"]) == body:
                renames[f"#/components/schemas/{name}"] = f"#/components/schemas/{match['base']}"
                del schemas[name]
        if not renames:
            return spec
        spec = _rewrite_refs(spec, renames)


def _rewrite_refs(node: Any, renames: dict[str, str]) -> Any:
    if isinstance(node, dict):
        return {k: renames.get(v, v) if k == "$ref" else _rewrite_refs(v, renames) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v, renames) for v in node]
    return node
