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
    app.spec_processor(complete_spec)  # type: ignore[arg-type]  # apiflask types the callback dict | str; it is called with the spec dict


def complete_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Describe the bearer token on every `/api/v1` operation and merge duplicated schemas."""
    # APIFlask documents blueprint-wide auth for only the first blueprint sharing an auth
    # object, so the document is completed from the one rule that holds: /api/v1 needs a token.
    schemes = spec.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes[SCHEME] = {"type": "http", "scheme": "bearer", "description": auth.description}
    for path, operations in spec.get("paths", {}).items():
        if not path.startswith(PROTECTED_PREFIX):
            continue
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            operation["security"] = [{SCHEME: []}]
            responses = operation.setdefault("responses", {})
            for status, description in COMMON_ERRORS.items():
                if status == "400" and "requestBody" not in operation:
                    continue
                responses.setdefault(status, _error(description))
            responses.setdefault("401", _error("Missing, unknown, expired or revoked bearer token"))
    _numeric_bounds(spec)
    return _merge_duplicates(spec)


METHODS = ("get", "post", "put", "patch", "delete")
# What any operation of /api/v1 may answer besides its success; each in the error envelope.
COMMON_ERRORS = {
    "400": "The body is not valid JSON, or is nested too deeply",
    "403": "The caller's role may not do this",
    "404": "A record the request names does not exist or is hidden from the caller (both answer alike)",
    "409": "The change clashes with the record's state or with another record",
    "422": "A value breaks a rule of the field or of the resource; details name it",
    "429": "Too many requests with this token; Retry-After says when to try again",
}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPError"}}}}


def _numeric_bounds(node: Any) -> None:
    # JSON Schema bounds are numbers; marshmallow may hand apispec a Decimal written as a string.
    if isinstance(node, dict):
        for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if isinstance(node.get(key), str):
                number = float(node[key])
                node[key] = int(number) if number.is_integer() else number
        for value in node.values():
            _numeric_bounds(value)
    elif isinstance(node, list):
        for value in node:
            _numeric_bounds(value)


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
