#!/usr/bin/env python3
"""Validate one HTTP response body against an OpenAPI 3.1 document.

Tests call this so that every answer `rlcm serve` gives is checked against
Schemas/workato-api.openapi.yaml, the contract the platform's clients rely on.

    openapi_validate.py DOC METHOD PATH STATUS [BODY]
    openapi_validate.py --check-document DOC

PATH is a concrete path (/api/packages/31, a query string is ignored) or a
template of the document (/api/packages/{id}). BODY is a file holding the
response body; without it, or with "-", the body is read from stdin.

The operation, the response for STATUS and its JSON schema are looked up in the
document (following $refs), and the body is validated with JSON Schema Draft
2020-12, formats date-time, uri and int64 included, and 1.0 is not an integer
(the platform's clients refuse it). Every error is printed as
"/json/pointer: message" ("/" is the whole body).

Exit status: 0 valid; 1 invalid (or, with --check-document, a faulty
document); 2 usage errors, among them a path, method or status the document
does not describe, so that a test cannot pass by asking about the wrong thing.

--unrouted validates the 404 of an unknown path and the 405 of a method a known
path does not take against the document's `x-rlcm-unrouted` responses.
--allow-extra ignores `additionalProperties: false`, for answers of a server
that may add fields (the platform itself).

Needs only the standard library, jsonschema (4.18 or later) and PyYAML.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

try:
    import jsonschema
    import referencing
    import referencing.jsonschema
    import yaml
except ImportError as missing:  # pragma: no cover - environment problem
    sys.stderr.write(f"openapi_validate: needs jsonschema>=4.18 and PyYAML ({missing})\n")
    sys.exit(2)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
DOCUMENT_URI = "urn:rlcm:openapi-document"
MAX_MESSAGE = 300


class UsageError(Exception):
    """A question the document cannot answer: exit status 2."""


# ---------------------------------------------------------------- loading


class _JSONCompatibleLoader(yaml.SafeLoader):
    """YAML as JSON sees it: dates stay strings, and yes/no/on/off are not booleans."""


_JSONCompatibleLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_JSONCompatibleLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_document(path: str) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise UsageError(f"cannot read the document {path}: {error.strerror}") from error
    try:
        document = yaml.load(text, Loader=_JSONCompatibleLoader)  # noqa: S506 - safe loader subclass
    except yaml.YAMLError as error:
        raise UsageError(f"{path} is not YAML: {error}") from error
    if not isinstance(document, dict) or "paths" not in document:
        raise UsageError(f"{path} is not an OpenAPI document (no 'paths')")
    if not str(document.get("openapi", "")).startswith("3.1"):
        raise UsageError(f"{path} is OpenAPI {document.get('openapi')!r}; this validator reads 3.1")
    return document


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def load_body(source: str | None) -> str:
    """The body's text, from a file or (None, "-") stdin."""
    if source in (None, "-"):
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    try:
        return Path(source).read_bytes().decode("utf-8", errors="replace")
    except OSError as error:
        raise UsageError(f"cannot read the body {source}: {error.strerror}") from error


def parse_json(text: str) -> Any:
    return json.loads(text, parse_constant=_reject_constant)


# ---------------------------------------------------------------- references


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def resolve_pointer(document: dict[str, Any], pointer: str) -> Any:
    node: Any = document
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def follow(document: dict[str, Any], node: Any, pointer: str) -> tuple[Any, str]:
    """Follow $refs of a non-schema object (response, parameter); returns it and its pointer."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not isinstance(ref, str) or not ref.startswith("#/") or ref in seen:
            raise UsageError(f"unresolvable $ref {ref!r} at {pointer}")
        seen.add(ref)
        try:
            node, pointer = resolve_pointer(document, ref[1:]), ref[1:]
        except KeyError as error:
            raise UsageError(f"$ref {ref!r} at {pointer} points at nothing") from error
    return node, pointer


# ---------------------------------------------------------------- routing


def template_segments(template: str) -> list[str]:
    return template.strip("/").split("/")


def is_placeholder(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def match_path(document: dict[str, Any], path: str) -> str | None:
    """The document's path template for PATH; literal segments win over placeholders.

    Every placeholder of the document is an id (a JSON integer), so it matches a segment of
    digits: `/api/connections/runtime_user_connections` is no connection's path."""
    path = urlsplit(path).path if "://" in path else path.split("?", 1)[0]
    if path in document["paths"]:
        return path
    wanted = template_segments(path)
    candidates = []
    for template in document["paths"]:
        segments = template_segments(template)
        if len(segments) != len(wanted):
            continue
        rank = []
        for have, want in zip(segments, wanted):
            if have == want:
                rank.append(0)
            elif is_placeholder(have) and want.isdigit():
                rank.append(1)
            else:
                break
        else:
            candidates.append((rank, template))
    return min(candidates)[1] if candidates else None


def find_response(document: dict[str, Any], method: str, path: str, status: str,
                  unrouted: bool) -> tuple[Any, str, str]:
    """The response object, its pointer and a label such as 'GET /api/recipes 200'."""
    template = match_path(document, path)
    unrouted_responses = document.get("x-rlcm-unrouted", {}).get("responses", {})
    if template is None:
        if unrouted and status == "404" and "404" in unrouted_responses:
            return (*follow(document, unrouted_responses["404"], "/x-rlcm-unrouted/responses/404"),
                    f"{method.upper()} {path} 404 (unrouted)")
        raise UsageError(f"the document describes no path matching {path}")
    path_item, item_pointer = follow(document, document["paths"][template],
                                     "/paths/" + escape_pointer_token(template))
    operations = [name for name in HTTP_METHODS if name in path_item]
    if method.lower() not in operations:
        if unrouted and status == "405" and "405" in unrouted_responses:
            return (*follow(document, unrouted_responses["405"], "/x-rlcm-unrouted/responses/405"),
                    f"{method.upper()} {template} 405 (unrouted)")
        raise UsageError(f"{template} has no {method.upper()} operation "
                         f"(it has {', '.join(m.upper() for m in operations) or 'none'})")
    operation_pointer = f"{item_pointer}/{method.lower()}"
    responses = path_item[method.lower()].get("responses", {})
    for key in (status, status[0] + "XX", "default"):
        if key in responses:
            response, pointer = follow(document, responses[key],
                                       f"{operation_pointer}/responses/{escape_pointer_token(key)}")
            return response, pointer, f"{method.upper()} {template} {status}"
    raise UsageError(f"{method.upper()} {template} documents no {status} response "
                     f"(it documents {', '.join(sorted(responses))})")


def json_media_type(content: dict[str, Any]) -> str | None:
    for media_type in content:
        base = media_type.split(";", 1)[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return media_type
    return None


# ---------------------------------------------------------------- validation


RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def is_rfc3339(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = RFC3339.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60


def is_absolute_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and not any(c.isspace() for c in value)


def is_int64(value: object) -> bool:
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**63


def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date-time")(is_rfc3339)
    checker.checks("uri")(is_absolute_uri)
    checker.checks("int64")(is_int64)
    return checker


def without_additional_properties_false(node: Any) -> Any:
    if isinstance(node, dict):
        return {key: without_additional_properties_false(value) for key, value in node.items()
                if not (key == "additionalProperties" and value is False)}
    if isinstance(node, list):
        return [without_additional_properties_false(value) for value in node]
    return node


def is_json_integer(checker: Any, instance: object) -> bool:
    # JSON Schema counts 1.0 as an integer; the platform's clients do not, and neither do we.
    return isinstance(instance, int) and not isinstance(instance, bool)


StrictIntegerValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", is_json_integer),
)


def validator_for(document: dict[str, Any], schema_pointer: str) -> jsonschema.Draft202012Validator:
    resource = referencing.jsonschema.DRAFT202012.create_resource(document)
    registry = referencing.Registry().with_resource(DOCUMENT_URI, resource)
    root = {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$ref": f"{DOCUMENT_URI}#{schema_pointer}"}
    return StrictIntegerValidator(root, registry=registry, format_checker=format_checker())


def pointer_of(path: Iterator[Any]) -> str:
    tokens = [escape_pointer_token(str(token)) for token in path]
    return "/" + "/".join(tokens) if tokens else "/"


def shorten(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def error_lines(error: jsonschema.ValidationError, indent: str = "") -> list[str]:
    lines = [f"{indent}{pointer_of(error.absolute_path)}: {shorten(error.message)}"]
    for sub in sorted(error.context or [], key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        lines.extend(error_lines(sub, indent + "  "))
    return lines


def validate_instance(document: dict[str, Any], schema_pointer: str, instance: Any) -> list[str]:
    validator = validator_for(document, schema_pointer)
    errors = sorted(validator.iter_errors(instance),
                    key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [line for error in errors for line in error_lines(error)]


def validate_response(document: dict[str, Any], method: str, path: str, status: str,
                      body_text: str, unrouted: bool) -> tuple[str, list[str]]:
    response, pointer, label = find_response(document, method, path, status, unrouted)
    content = response.get("content")
    if not content:
        problems = [] if not body_text.strip() else [f"/: {label} has no body, but one was given"]
        return label, problems
    media_type = json_media_type(content)
    if media_type is None:
        raise UsageError(f"{label} answers {', '.join(content)}, not JSON; there is no JSON body to validate")
    if "schema" not in content[media_type]:
        raise UsageError(f"{label} has no schema for {media_type}")
    try:
        instance = parse_json(body_text)
    except ValueError as error:
        return label, [f"/: the body is not JSON ({error})"]
    schema_pointer = f"{pointer}/content/{escape_pointer_token(media_type)}/schema"
    return label, validate_instance(document, schema_pointer, instance)


# ---------------------------------------------------------------- document check


def walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{escape_pointer_token(str(key))}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{pointer}/{index}")


def check_refs(document: dict[str, Any]) -> list[str]:
    problems = []
    for pointer, node in walk(document):
        if isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                problems.append(f"{pointer}: $ref {ref!r} is not a local reference")
                continue
            try:
                resolve_pointer(document, ref[1:])
            except KeyError:
                problems.append(f"{pointer}: $ref {ref!r} points at nothing")
    return problems


def media_types(document: dict[str, Any]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(label, pointer, media type, its object) of every request body and response, $refs followed."""
    for template, raw_item in document["paths"].items():
        path_item, item_pointer = follow(document, raw_item, "/paths/" + escape_pointer_token(template))
        for method in HTTP_METHODS:
            if method not in path_item:
                continue
            operation = path_item[method]
            op_pointer = f"{item_pointer}/{method}"
            if "requestBody" in operation:
                body, body_pointer = follow(document, operation["requestBody"], f"{op_pointer}/requestBody")
                for name, media in body.get("content", {}).items():
                    yield (f"{method.upper()} {template} request {name}",
                           f"{body_pointer}/content/{escape_pointer_token(name)}", name, media)
            for status, raw_response in operation.get("responses", {}).items():
                response, response_pointer = follow(
                    document, raw_response, f"{op_pointer}/responses/{escape_pointer_token(status)}")
                for name, media in response.get("content", {}).items():
                    yield (f"{method.upper()} {template} {status} {name}",
                           f"{response_pointer}/content/{escape_pointer_token(name)}", name, media)


def check_schemas(document: dict[str, Any]) -> list[str]:
    problems = []
    for pointer, node in walk(document):
        if pointer.endswith("/schema") or re.fullmatch(r"/components/schemas/[^/]+", pointer):
            if isinstance(node, dict):
                try:
                    jsonschema.Draft202012Validator.check_schema(node)
                except jsonschema.SchemaError as error:
                    problems.append(f"{pointer}: not a Draft 2020-12 schema: {shorten(error.message)}")
    return problems


def check_operations(document: dict[str, Any]) -> tuple[list[str], int]:
    problems, operation_ids, count = [], {}, 0
    for template, raw_item in document["paths"].items():
        path_item, item_pointer = follow(document, raw_item, "/paths/" + escape_pointer_token(template))
        placeholders = {segment[1:-1] for segment in template_segments(template) if is_placeholder(segment)}
        shared = [follow(document, p, item_pointer)[0] for p in path_item.get("parameters", [])]
        for method in HTTP_METHODS:
            if method not in path_item:
                continue
            count += 1
            operation = path_item[method]
            label = f"{method.upper()} {template}"
            own = [follow(document, p, item_pointer)[0] for p in operation.get("parameters", [])]
            declared = {p["name"] for p in shared + own if p.get("in") == "path"}
            for name in sorted(placeholders - declared):
                problems.append(f"{label}: path parameter {{{name}}} is not declared")
            for name in sorted(declared - placeholders):
                problems.append(f"{label}: declares path parameter {name!r} that the path lacks")
            for parameter in shared + own:
                if parameter.get("in") == "path" and parameter.get("required") is not True:
                    problems.append(f"{label}: path parameter {parameter.get('name')!r} must be required")
            operation_id = operation.get("operationId")
            if operation_id in operation_ids:
                problems.append(f"{label}: operationId {operation_id!r} also used by {operation_ids[operation_id]}")
            elif operation_id:
                operation_ids[operation_id] = label
            if not any(str(status).startswith("2") for status in operation.get("responses", {})):
                problems.append(f"{label}: documents no 2XX response")
    return problems, count


def check_examples(document: dict[str, Any]) -> tuple[list[str], int, list[str]]:
    problems, checked, unexampled = [], 0, []
    for label, pointer, media_type, media in media_types(document):
        if json_media_type({media_type: media}) is None or "schema" not in media:
            continue
        examples = []
        if "example" in media:
            examples.append(("example", media["example"]))
        for name, raw in media.get("examples", {}).items():
            example, _ = follow(document, raw, f"{pointer}/examples/{name}")
            if "value" in example:
                examples.append((f"examples/{name}", example["value"]))
        if not examples and " request " not in label:
            unexampled.append(label)
        for name, value in examples:
            checked += 1
            for line in validate_instance(document, f"{pointer}/schema", value):
                problems.append(f"{label} {name}: {line}")
    return problems, checked, unexampled


def check_document(document: dict[str, Any]) -> int:
    problems = check_refs(document)
    if problems:
        print("\n".join(problems))
        return 1
    problems += check_schemas(document)
    operation_problems, operations = check_operations(document)
    problems += operation_problems
    for status, raw in document.get("x-rlcm-unrouted", {}).get("responses", {}).items():
        response, _ = follow(document, raw, f"/x-rlcm-unrouted/responses/{status}")
        if json_media_type(response.get("content", {})) is None:
            problems.append(f"/x-rlcm-unrouted/responses/{status}: has no JSON body")
    if problems:
        print("\n".join(problems))
        return 1
    example_problems, examples, unexampled = check_examples(document)
    if example_problems:
        print("\n".join(example_problems))
        return 1
    print(f"OK: {operations} operations, {examples} examples valid against their schemas")
    for label in unexampled:
        print(f"note: no example for {label}")
    return 0


# ---------------------------------------------------------------- command line


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="openapi_validate.py",
        description="Validate a response body against an OpenAPI 3.1 document, or check the document.",
        epilog="Exit status: 0 valid, 1 invalid, 2 usage error (unknown path, method or status included).",
    )
    parser.add_argument("document", metavar="DOC", help="the OpenAPI 3.1 document (YAML or JSON)")
    parser.add_argument("method", metavar="METHOD", nargs="?", help="GET, POST, ...")
    parser.add_argument("path", metavar="PATH", nargs="?", help="/api/packages/31 or /api/packages/{id}")
    parser.add_argument("status", metavar="STATUS", nargs="?", help="the response's status code")
    parser.add_argument("body", metavar="BODY", nargs="?", help="file with the body; stdin when absent or -")
    parser.add_argument("--check-document", action="store_true",
                        help="check the document itself: $refs, schemas, path parameters, examples")
    parser.add_argument("--unrouted", action="store_true",
                        help="validate an unknown path's 404 and an unknown method's 405 (x-rlcm-unrouted)")
    parser.add_argument("--allow-extra", action="store_true",
                        help="ignore additionalProperties: false (answers of a server that adds fields)")
    arguments = parser.parse_args(argv)
    if arguments.check_document:
        if arguments.method is not None:
            parser.error("--check-document takes only DOC")
    elif arguments.status is None:
        parser.error("METHOD, PATH and STATUS are required (or use --check-document)")
    elif not re.fullmatch(r"[1-5][0-9][0-9]", arguments.status):
        parser.error(f"STATUS {arguments.status!r} is not an HTTP status code")
    elif arguments.method.lower() not in HTTP_METHODS:
        parser.error(f"METHOD {arguments.method!r} is not an HTTP method")
    elif not arguments.path.startswith("/") and "://" not in arguments.path:
        parser.error(f"PATH {arguments.path!r} must start with /")
    return arguments


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    try:
        document = load_document(arguments.document)
        if arguments.check_document:
            return check_document(document)
        if arguments.allow_extra:
            document = without_additional_properties_false(copy.deepcopy(document))
        body_text = load_body(arguments.body)
        label, problems = validate_response(document, arguments.method, arguments.path,
                                            arguments.status, body_text, arguments.unrouted)
    except UsageError as error:
        sys.stderr.write(f"openapi_validate: {error}\n")
        return 2
    if problems:
        print("\n".join(problems))
        sys.stderr.write(f"openapi_validate: {label}: {len(problems)} error line(s)\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
