#!/usr/bin/env python3
"""Check an OpenAPI document's answers against the official client's models.

    openapi_client_models.py DOC

Every schema of the document that names the official client's model it is read into
(`x-rlcm-client-model: Recipe`, a class of workato-platform-cli's generated
`workato_api.models`) must agree with that model on what may be null and what must be there:

- a property the document lets be null must be nullable in the model (the generated
  `to_dict` keeps a None only for those); any other optional key is left out when it has no
  value, never sent as null;
- a property the model requires must be one the document requires;
- a property the document describes must be a field of the model.

Answers are validated against the document (openapi_validate.py), so an answer holding a null
where the client's model has none fails there; this check keeps the document itself true to the
client. Prints one line per disagreement and the number of schemas checked.

Exit status: 0 agreement, 1 disagreements, 2 usage errors (a model that does not exist).
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import openapi_validate as v  # noqa: E402

try:
    from workato_platform_cli.client.workato_api import models
except ImportError as missing:  # pragma: no cover - environment problem
    sys.stderr.write(f"openapi_client_models: needs workato-platform-cli ({missing})\n")
    sys.exit(2)


def nullable_fields(model: type) -> set[str]:
    """The fields the generated `to_dict` writes as null: its nullable ones."""
    source = inspect.getsource(model.to_dict)
    return set(re.findall(r'if self\.(\w+) is None and "\1" in self\.model_fields_set', source))


def may_be_null(document: dict[str, Any], schema: Any, seen: frozenset[str] = frozenset()) -> bool:
    if not isinstance(schema, dict):
        return False
    if "$ref" in schema:
        ref = schema["$ref"]
        if ref in seen:
            return False
        return may_be_null(document, v.resolve_pointer(document, ref[1:]), seen | {ref})
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    if "const" in schema and schema["const"] is None:
        return True
    return any(may_be_null(document, option, seen) for key in ("oneOf", "anyOf") for option in schema.get(key, []))


def check(document: dict[str, Any]) -> tuple[list[str], int]:
    problems, checked = [], 0
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        model_name = schema.get("x-rlcm-client-model")
        if model_name is None:
            continue
        model = getattr(models, model_name, None)
        if model is None:
            raise v.UsageError(f"{name}: the official client has no model {model_name}")
        checked += 1
        fields = {(info.alias or field): field for field, info in model.model_fields.items()}
        nullable = nullable_fields(model)
        required = set(schema.get("required", []))
        label = f"{name} ({model_name})"
        for key, property_schema in schema.get("properties", {}).items():
            if key not in fields:
                problems.append(f"{label}.{key}: the client's model has no such field")
            elif may_be_null(document, property_schema) and fields[key] not in nullable:
                problems.append(f"{label}.{key}: may be null in the document, but the client's model does not make it "
                                "nullable: leave the key out when it has no value")
        for key, field in fields.items():
            if model.model_fields[field].is_required() and key not in required:
                problems.append(f"{label}.{key}: the client's model requires it, the document does not")
    return problems, checked


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: openapi_client_models.py DOC\n")
        return 2
    try:
        problems, checked = check(v.load_document(argv[0]))
    except v.UsageError as error:
        sys.stderr.write(f"openapi_client_models: {error}\n")
        return 2
    print("\n".join(problems + [f"{checked} schemas checked against the official client's models"]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
