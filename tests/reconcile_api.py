"""The Reconciliation API's JSON Schemas and examples from ../shared/reconcile (specs at 8d66bdb), for the tests
of tropekg/reconcile: a validator per schema, and each valid or invalid example; encodeURI as JavaScript does it."""

from __future__ import annotations

import json
import urllib.parse
from functools import cache
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .conftest import shared

VERSIONS = {"0.2": "/reconcile", "1.0-draft": "/reconcile/v1"}


@cache
def _registry(version: str) -> Registry:
    folder = shared("reconcile", "schemas", version)
    resources = []
    for path in sorted(folder.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["$id"].rstrip("#"), Resource.from_contents(schema, default_specification=DRAFT7)))
    return Registry().with_resources(resources)


def check(version: str, schema: str, document: object) -> None:
    """Fail with the schema's own message when `document` does not validate against `schema` of `version`."""
    path = shared("reconcile", "schemas", version, f"{schema}.json")
    validator = Draft7Validator(json.loads(path.read_text(encoding="utf-8")), registry=_registry(version))
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, f"{schema} ({version}): {errors[0].message} at {list(errors[0].absolute_path)}"


def examples(version: str, schema: str, kind: str) -> list[Path]:
    return sorted(shared("reconcile", "examples", version, schema, kind).glob("*.json"))


def encode_uri(text: str) -> str:
    """JavaScript's encodeURI (ECMA-262, 19.2.6.4): everything but the URI's reserved and unreserved characters
    and `#` percent-encoded, so `&`, `?` and `#` stay as they are."""
    return urllib.parse.quote(text, safe=";,/?:@&=+$-_.!~*'()#")
