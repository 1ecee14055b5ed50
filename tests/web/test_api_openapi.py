"""The OpenAPI document at /api/openapi.json: it lists every URL the API serves, with its
methods, and the API's real answers (successes and errors) match the shapes it describes."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from django.urls import get_resolver, resolve

from jixiao.web.api import urls as api_urls
from jixiao.web.api.routes import ROUTES
from tests.conftest import SEED_TEXT
from tests.web.conftest import PASSWORD
from tests.web.test_api import Api, seed_form

# The `api` fixture (re-exported so that pytest finds it here).
from tests.web.test_api import api as api

SAMPLES = {"id": "7", "format": "pdf"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    response = Api().get("/api/openapi.json")  # no login, no database
    assert response.status_code == 200
    return response.json()


def _sample(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLES[m.group(1)], path)


# ---------------------------------------------------------------- a tiny JSON Schema check


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        node: Any = doc
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


JSON_TYPES = {"object": dict, "array": list, "string": str, "null": type(None),
              "boolean": bool}


def _is(value: Any, kind: str) -> bool:
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, JSON_TYPES[kind])


def check(doc: dict[str, Any], schema: dict[str, Any], value: Any, where: str = "$") -> None:
    """Assert `value` fits `schema` (the keywords the document uses)."""
    schema = _resolve(doc, schema)
    if "oneOf" in schema:
        fits = 0
        for option in schema["oneOf"]:
            try:
                check(doc, option, value, where)
                fits += 1
            except AssertionError:
                pass
        assert fits == 1, f"{where}: fits {fits} of oneOf"
        return
    kinds = schema.get("type")
    if kinds is not None:
        kinds = [kinds] if isinstance(kinds, str) else kinds
        assert any(_is(value, k) for k in kinds), f"{where}: {value!r} is not {kinds}"
    if "const" in schema:
        assert value == schema["const"], where
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict) and "properties" in schema:
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {sorted(missing)}"
        if schema.get("additionalProperties") is False:
            extra = set(value) - set(schema["properties"])
            assert not extra, f"{where}: undocumented {sorted(extra)}"
        for key, sub in schema["properties"].items():
            if key in value:
                check(doc, sub, value[key], f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(doc, schema["items"], item, f"{where}[{i}]")


def check_response(doc: dict[str, Any], method: str, path: str, response: Any) -> None:
    """The answer is documented for this operation and fits its schema."""
    operation = doc["paths"][path][method.lower()]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method} {path}: {status} undocumented"
    answer = _resolve(doc, operation["responses"][status])
    content = answer["content"]
    media = response["Content-Type"].split(";")[0]
    assert media in content, f"{method} {path}: {media} undocumented"
    schema = content[media]["schema"]
    if "contentMediaType" in schema:  # a file to download: its bytes are not checked here
        return
    check(doc, schema, response.json())


# ---------------------------------------------------------------- the document and the URLs


def test_document_is_openapi_3_1_with_bearer_tokens(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["paths"]["/api/health"]["get"]["security"] == []
    assert document["paths"]["/api/forms"]["get"]["security"] == [{"bearer": []}]


def test_every_url_pattern_is_in_the_document(document: dict[str, Any]) -> None:
    """Each path of the document resolves to its own URL pattern, and every pattern of the
    API (but the JSON 404 for unknown paths) is reached by one path of the document."""
    by_doc = {}
    for path in document["paths"]:
        match = resolve(_sample(path))
        assert match.url_name != "api_unknown", path
        by_doc[match.url_name] = path
    patterns = {p.name for p in api_urls.urlpatterns} - {"api_unknown"}
    assert set(by_doc) == patterns
    assert len(patterns) == len(ROUTES) == 12


def test_documented_methods_are_the_served_methods(document: dict[str, Any],
                                                   api: dict[str, Api]) -> None:
    verbs = {"get", "put", "post", "delete", "patch"}
    for path, item in document["paths"].items():
        documented = {m.upper() for m in item if m in verbs}
        route = next(r for r in ROUTES if "/api" + r.path == path)
        assert documented == set(route.methods), path
        for other in {v.upper() for v in verbs} - documented:
            response = api["unit1"].call(other, _sample(path))
            assert response.status_code == 405, (other, path)
            assert set(response["Allow"].split(", ")) == documented


def test_the_api_is_mounted_under_api(document: dict[str, Any]) -> None:
    assert any(getattr(p.pattern, "_route", "") == "api/"
               for p in get_resolver().url_patterns)
    assert all(path.startswith("/api/") for path in document["paths"])


def test_every_reference_resolves_and_every_error_has_the_one_shape(
        document: dict[str, Any]) -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                _resolve(document, node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation["summary"] and operation["operationId"], path
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    schema = _resolve(document, answer)["content"]["application/json"]
                    assert schema["schema"] == {"$ref": "#/components/schemas/Error"}
            assert "500" in operation["responses"], (method, path)
            if operation["security"]:
                assert "401" in operation["responses"], (method, path)


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for item in document["paths"].values()
           for key, op in item.items() if key != "parameters"]
    assert len(ids) == len(set(ids))


# ---------------------------------------------------------------- answers fit the document


def test_answers_of_a_whole_session_fit_the_document(demo: dict[str, Any],
                                                     api: dict[str, Api],
                                                     document: dict[str, Any]) -> None:
    unit, dept, finance, anonymous = (api["unit1"], api["dept1"], api["finance1"],
                                      api["anonymous"])
    record = seed_form(demo, "科技社团党建工作")
    pk = record.pk
    seen: set[tuple[str, str, int]] = set()

    def fits(method: str, path: str, response: Any) -> Any:
        check_response(document, method, path, response)
        seen.add((method, path, response.status_code))
        return response

    fits("GET", "/api/health", anonymous.get("/api/health"))
    fits("POST", "/api/token", anonymous.post("/api/token",
                                              {"username": "dept1", "password": PASSWORD}))
    fits("POST", "/api/token", anonymous.post("/api/token",
                                              {"username": "dept1", "password": "x"}))
    fits("GET", "/api/forms", unit.get("/api/forms"))
    fits("GET", "/api/forms", anonymous.get("/api/forms"))
    fits("GET", "/api/forms/{id}", unit.get(f"/api/forms/{pk}"))
    fits("GET", "/api/forms/{id}", api["unit2"].get(f"/api/forms/{pk}"))
    fits("GET", "/api/forms/{id}/score", unit.get(f"/api/forms/{pk}/score"))
    fits("GET", "/api/forms/{id}/findings", unit.get(f"/api/forms/{pk}/findings"))
    fits("POST", "/api/forms/{id}/transitions",
         unit.post(f"/api/forms/{pk}/transitions", {"action": "submit"}))  # 409 + findings
    fits("POST", "/api/forms/{id}/transitions",
         unit.post(f"/api/forms/{pk}/transitions", {"action": "publish"}))  # 403
    data = copy.deepcopy(record.data)
    for index in (6, 7, 8):
        data["indicators"][index]["note"] = None
    fits("PUT", "/api/forms/{id}", unit.put(f"/api/forms/{pk}", data))  # 428
    fits("PUT", "/api/forms/{id}", unit.put(f"/api/forms/{pk}", data, **{"If-Match": "1"}))
    fits("PUT", "/api/forms/{id}", unit.put(f"/api/forms/{pk}", data, **{"If-Match": "1"}))
    fits("POST", "/api/forms", unit.post("/api/forms", data))
    fits("POST", "/api/forms", unit.post("/api/forms", {"schema_version": "1"}))
    fits("POST", "/api/forms", dept.post("/api/forms", data))
    fits("POST", "/api/forms/{id}/transitions",
         unit.post(f"/api/forms/{pk}/transitions", {"action": "submit"}))
    fits("POST", "/api/forms/{id}/transitions",
         dept.post(f"/api/forms/{pk}/transitions", {"action": "return"}))  # 400
    fits("POST", "/api/forms/{id}/transitions",
         dept.post(f"/api/forms/{pk}/transitions", {"action": "approve"}))
    fits("POST", "/api/forms/{id}/transitions", finance.post(
        f"/api/forms/{pk}/transitions",
        {"action": "review", "comment": "抽查",
         "rescores": [{"index": 1, "score": "6.00", "reason": "记录不全"}]}))
    fits("POST", "/api/forms/{id}/transitions",
         finance.post(f"/api/forms/{pk}/transitions", {"action": "publish"}))
    fits("GET", "/api/forms/{id}/history", finance.get(f"/api/forms/{pk}/history"))
    fits("GET", "/api/forms/{id}/export.{format}", unit.get(f"/api/forms/{pk}/export.json"))
    fits("GET", "/api/public/forms", anonymous.get("/api/public/forms"))
    fits("GET", "/api/public/forms", anonymous.get("/api/public/forms?year=x"))
    upload = unit.client.post("/api/imports", {"file": SEED_TEXT.open("rb")},
                              headers=unit.headers)
    fits("POST", "/api/imports", upload)
    fits("GET", "/api/openapi.json", anonymous.get("/api/openapi.json"))

    statuses = {status for _, _, status in seen}
    assert statuses >= {200, 201, 400, 401, 403, 404, 409, 428}
    assert {path for _, path, _ in seen} == set(document["paths"])
