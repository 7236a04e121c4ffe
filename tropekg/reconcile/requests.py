"""Reconciliation requests read and checked: query batches (0.2 and 1.0-draft shapes) and data extension queries
as engine Queries, or BadRequest naming what is wrong (the fields the specs' JSON Schemas require)."""

from __future__ import annotations

import json

from .engine import Query

BATCH_SIZE = 1000  # the manifest's batchSize: larger batches get 413
MAX_LIMIT = 100
_FIELDS_02 = {"query", "type", "limit", "properties", "type_strict"}
_FIELDS_10 = {"type", "limit", "lang", "dir", "conditions"}
_MATCH_TYPES = ("name", "id", "property")
_QUANTIFIERS = ("any", "all", "none")


class BadRequest(Exception):
    """A request answered with a 4xx status and a one-line message."""

    def __init__(self, message: str, status: str = "400 Bad Request") -> None:
        super().__init__(message)
        self.status = status


def parse_json(text: str | bytes, what: str) -> object:
    try:
        return json.loads(text)
    except (ValueError, UnicodeDecodeError) as e:
        raise BadRequest(f"{what} is not JSON ({e})") from None
    except RecursionError:  # nesting deeper than the parser's recursion limit
        raise BadRequest(f"{what} nests too deeply") from None


def _size(count: int) -> None:
    if count > BATCH_SIZE:
        raise BadRequest(f"the batch has {count} queries; at most {BATCH_SIZE} (the manifest's batchSize)",
                         "413 Content Too Large")


def _limit(value: object, where: str) -> int:
    if value is None:
        return 10
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value or abs(value) == float("inf"):
        raise BadRequest(f"{where}.limit must be a number")
    return max(0, min(int(value), MAX_LIMIT))


def _value(value: object, where: str) -> None:
    """A property value (Reconciliation API 0.2 §4.2): a string, number, boolean or {id, name}, or a list of them."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            if not isinstance(item.get("id"), str):
                raise BadRequest(f"{where}: an entity value needs a string `id`")
        elif not isinstance(item, str | int | float | bool):
            raise BadRequest(f"{where}: a value must be a string, number, boolean or {{id, name}}")


def batch_02(batch: object, lang: str) -> list[tuple[str, Query]]:
    """A 0.2 batch {key: {query, type, limit, properties, type_strict}} as (key, Query) in the batch's order."""
    if not isinstance(batch, dict):
        raise BadRequest("`queries` must be a JSON object of queries by key (Reconciliation API 0.2 §4.1)")
    _size(len(batch))
    out = []
    for key, q in batch.items():
        if not isinstance(q, dict):
            raise BadRequest(f"queries.{key} must be an object")
        unknown = sorted(set(q) - _FIELDS_02)
        if unknown:
            raise BadRequest(f"queries.{key}: unknown field {unknown[0]!r}; a query has "
                             f"{', '.join(sorted(_FIELDS_02))}")
        text = q.get("query")
        if text is not None and not isinstance(text, str):
            raise BadRequest(f"queries.{key}.query must be a string")
        props = q.get("properties")
        if props is not None:
            if not isinstance(props, list):
                raise BadRequest(f"queries.{key}.properties must be a list")
            for i, p in enumerate(props):
                if not isinstance(p, dict) or not isinstance(p.get("pid"), str) or "v" not in p:
                    raise BadRequest(f"queries.{key}.properties[{i}] needs `pid` (a string) and `v`")
                _value(p["v"], f"queries.{key}.properties[{i}].v")
        if text is None and not props:
            raise BadRequest(f"queries.{key} needs `query` or a non-empty `properties`")
        types = q.get("type")
        if isinstance(types, str):
            types = [types]
        if types is not None and not (isinstance(types, list) and all(isinstance(t, str) for t in types)):
            raise BadRequest(f"queries.{key}.type must be a string or a list of strings")
        strict = q.get("type_strict", "any")
        if strict not in ("any", "should", "all"):
            raise BadRequest(f"queries.{key}.type_strict must be any, should or all")
        out.append((str(key), Query(text or "", tuple(types or ()), _limit(q.get("limit"), f"queries.{key}"), lang,
                                    strict == "all")))
    return out


def batch_10(batch: object, lang: str) -> list[Query]:
    """A 1.0-draft batch {"queries": [{conditions, type, limit, lang}]} as Queries in order; the text is the
    first `name` (or `id`) condition's value; property conditions are checked and not scored."""
    if not isinstance(batch, dict) or not isinstance(batch.get("queries"), list):
        raise BadRequest("the body must be a JSON object with `queries`, a list (Reconciliation API 1.0-draft §4.1)")
    queries = batch["queries"]
    _size(len(queries))
    out = []
    for i, q in enumerate(queries):
        where = f"queries[{i}]"
        if not isinstance(q, dict):
            raise BadRequest(f"{where} must be an object")
        unknown = sorted(set(q) - _FIELDS_10)
        if unknown:
            raise BadRequest(f"{where}: unknown field {unknown[0]!r}; a query has {', '.join(sorted(_FIELDS_10))}")
        conditions = q.get("conditions")
        if not isinstance(conditions, list) or not conditions:
            raise BadRequest(f"{where}.conditions must be a non-empty list")
        text = None
        for j, c in enumerate(conditions):
            text = _condition(c, f"{where}.conditions[{j}]", text)
        if "type" in q and not isinstance(q["type"], str):
            raise BadRequest(f"{where}.type must be one type id (a string)")
        if "lang" in q and not isinstance(q["lang"], str):
            raise BadRequest(f"{where}.lang must be a language tag (a string)")
        out.append(Query(text or "", (q["type"],) if "type" in q else (), _limit(q.get("limit"), where),
                         q.get("lang") or lang))
    return out


def _condition(c: object, where: str, text: str | None) -> str | None:
    if not isinstance(c, dict):
        raise BadRequest(f"{where} must be an object")
    kind = c.get("matchType")
    if kind not in _MATCH_TYPES:
        raise BadRequest(f"{where}.matchType must be one of {', '.join(_MATCH_TYPES)}")
    if "propertyValue" not in c:
        raise BadRequest(f"{where} needs `propertyValue`")
    _value(c["propertyValue"], f"{where}.propertyValue")
    if kind == "property" and not isinstance(c.get("propertyId"), str):
        raise BadRequest(f"{where}: a property condition needs `propertyId` (a string)")
    if "required" in c and not isinstance(c["required"], bool):
        raise BadRequest(f"{where}.required must be true or false")
    if "matchQuantifier" in c and c["matchQuantifier"] not in _QUANTIFIERS:
        raise BadRequest(f"{where}.matchQuantifier must be one of {', '.join(_QUANTIFIERS)}")
    if text is None and kind in ("name", "id"):
        value = c["propertyValue"]
        first = value[0] if isinstance(value, list) and value else value
        return first.get("id") if isinstance(first, dict) else str(first)
    return text


def extension(query: object) -> tuple[list[str], list[tuple[str, int]]]:
    """A data extension query {ids, properties: [{id, settings}]} as (ids, [(property id, limit)])."""
    if not isinstance(query, dict):
        raise BadRequest("the extension query must be a JSON object with `ids` and `properties`")
    ids, props = query.get("ids"), query.get("properties")
    if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
        raise BadRequest("`ids` must be a list of entity ids (strings)")
    _size(len(ids))
    if not isinstance(props, list):
        raise BadRequest("`properties` must be a list of {id, settings}")
    out = []
    for i, p in enumerate(props):
        if not isinstance(p, dict) or not isinstance(p.get("id"), str):
            raise BadRequest(f"properties[{i}] needs `id`, a string")
        settings = p.get("settings", {})
        if not isinstance(settings, dict):
            raise BadRequest(f"properties[{i}].settings must be an object")
        try:
            limit = int(settings.get("limit") or 0)
        except (TypeError, ValueError, OverflowError):
            raise BadRequest(f"properties[{i}].settings.limit must be a number") from None
        out.append((p["id"], limit))
    return ids, out
