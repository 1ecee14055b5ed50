"""The REST API for programs (issue 6, "Contract for programs"): tokens, scopes, the error
shape, optimistic locking and the whole review workflow driven by a program."""

from __future__ import annotations

import contextlib
import copy
import gc
import io
import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from jixiao.cli import main as cli_main
from jixiao.web import store
from jixiao.web.api.routes import ROUTES
from jixiao.web.models import Department, FormRecord, Membership, Unit
from jixiao.web.security import issue_token
from tests.conftest import SEED_TEXT
from tests.web.conftest import PASSWORD


class Api:
    """A program calling the API with a bearer token (or none)."""

    def __init__(self, token: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        data = body if isinstance(body, bytes | str) else (
            json.dumps(body, ensure_ascii=False) if body is not None else "")
        return self.client.generic(method, path, data, content_type="application/json",
                                   headers={**self.headers, **headers})

    def get(self, path: str, **headers: str) -> Any:
        return self.call("GET", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("POST", path, body, **headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.call("PUT", path, body, **headers)


@pytest.fixture
def api(demo: dict[str, Any]) -> dict[str, Api]:
    """A token-holding program per demo user, and `anonymous` without one."""
    out = {name: Api(issue_token(user)) for name, user in demo["users"].items()}
    out["anonymous"] = Api()
    return out


def seed_form(demo: dict[str, Any], name: str) -> FormRecord:
    """One of unit1's four seed forms by its project name."""
    return next(r for r in demo["forms"]["unit1"] if r.project_name == name)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape, with a Chinese message."""
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), error["message"]
    if code:
        assert error["code"] == code
    return error


# ---------------------------------------------------------------- no login


def test_health_answers_without_login(db: Any) -> None:
    response = Api().get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_token_from_user_name_and_password_opens_the_api(demo: dict[str, Any]) -> None:
    response = Api().post("/api/token", {"username": "unit1", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    listed = Api(token).get("/api/forms")
    assert listed.status_code == 200
    assert len(listed.json()) == 4


def test_wrong_password_gives_401_and_counts_toward_the_login_lock(
        demo: dict[str, Any]) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        assert_error(Api().post("/api/token", {"username": "unit1", "password": "wrong"}), 401,
                     "invalid_credentials")
    locked = Api().post("/api/token", {"username": "unit1", "password": PASSWORD})
    assert_error(locked, 429, "login_locked")
    # The same lock as the sign-in page: the page refuses too.
    page = Client().post("/login/", {"username": "unit1", "password": PASSWORD})
    assert page.status_code == 429


def test_token_request_needs_both_fields(demo: dict[str, Any]) -> None:
    assert_error(Api().post("/api/token", {"username": "unit1"}), 400)
    assert_error(Api().post("/api/token", {"username": "unit1", "password": 123}), 400)


AUTHENTICATED = [(method, "/api" + route.path.replace("{id}", "1").replace("{format}", "pdf"))
                 for route in ROUTES for method, op in route.methods.items() if op.auth]


def test_every_endpoint_of_the_contract_needs_a_token() -> None:
    expected = {("GET", "/api/forms"), ("POST", "/api/forms"), ("GET", "/api/forms/1"),
                ("PUT", "/api/forms/1"), ("GET", "/api/forms/1/score"),
                ("GET", "/api/forms/1/findings"), ("POST", "/api/forms/1/transitions"),
                ("GET", "/api/forms/1/history"), ("GET", "/api/forms/1/export.pdf"),
                ("POST", "/api/imports")}
    assert set(AUTHENTICATED) == expected


@pytest.mark.parametrize(("method", "path"), AUTHENTICATED)
def test_no_token_gives_401(demo: dict[str, Any], method: str, path: str) -> None:
    form = demo["forms"]["unit1"][0]
    response = Api().call(method, path.replace("/1", f"/{form.pk}"), {})
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer jx_not-a-token", "Token abc", "Bearer",
                                    "Bearer " + "x" * 500])
def test_invalid_token_gives_401(demo: dict[str, Any], header: str) -> None:
    assert_error(Api().get("/api/forms", Authorization=header), 401)


def test_token_of_a_deactivated_user_gives_401(demo: dict[str, Any],
                                               api: dict[str, Api]) -> None:
    user = demo["users"]["unit1"]
    user.is_active = False
    user.save()
    assert_error(api["unit1"].get("/api/forms"), 401, "invalid_token")


def test_a_browser_session_is_not_accepted(clients: dict[str, Client],
                                           demo: dict[str, Any]) -> None:
    """Signed in on the pages but without a token: the API does not know the caller (so a
    page cannot be made to call it: no CSRF hole)."""
    form = demo["forms"]["unit1"][0]
    session = Api(client=clients["unit1"])
    assert_error(session.get("/api/forms"), 401)
    assert_error(session.post(f"/api/forms/{form.pk}/transitions", {"action": "submit"}), 401)
    form.refresh_from_db()
    assert form.status == "draft"


def test_token_calls_need_no_csrf_token(demo: dict[str, Any], api: dict[str, Api]) -> None:
    strict = Api(issue_token(demo["users"]["unit1"]), Client(enforce_csrf_checks=True))
    body = {"schema_version": "1", "project_name": "CSRF 检查项目", "year": 2025}
    assert strict.post("/api/forms", body).status_code == 201


# ---------------------------------------------------------------- scopes


@pytest.fixture
def other_department_form(demo: dict[str, Any]) -> FormRecord:
    """A form of a unit under another department (outside dept1's scope)."""
    department = Department.objects.create(name="上海市教育委员会", profile="shanghai-2024")
    unit = Unit.objects.create(name="上海市某中学", department=department)
    user = demo["users"]["unit2"]
    source = demo["forms"]["unit2"][0]
    return store.create_form(user, unit, store.form_of(source),
                             origin=FormRecord.Origin.IMPORTED)


FORM_ENDPOINTS = [(method, path) for method, path in AUTHENTICATED if "/forms/1" in path]


def test_every_form_endpoint_is_scope_tested() -> None:
    assert len(FORM_ENDPOINTS) == 7


def _call_on(api: Api, method: str, path: str, form: FormRecord) -> Any:
    target = path.replace("/forms/1", f"/forms/{form.pk}")
    body = {"action": "submit"} if method == "POST" else form.data
    return api.call(method, target, body if method != "GET" else None,
                    **({"If-Match": str(form.version)} if method == "PUT" else {}))


@pytest.mark.parametrize(("method", "path"), FORM_ENDPOINTS)
@pytest.mark.parametrize(("caller", "owner"), [("unit2", "unit1"), ("unit1", "unit2"),
                                               ("dept1", "other department")])
def test_another_scopes_form_is_not_found(demo: dict[str, Any], api: dict[str, Api],
                                          other_department_form: FormRecord, method: str,
                                          path: str, caller: str, owner: str) -> None:
    form = (other_department_form if owner == "other department"
            else demo["forms"][owner][0])
    before = (form.version, form.status, form.data)
    assert_error(_call_on(api[caller], method, path, form), 404, "not_found")
    form.refresh_from_db()
    assert (form.version, form.status, form.data) == before


def test_lists_follow_the_scopes(demo: dict[str, Any], api: dict[str, Api],
                                 other_department_form: FormRecord) -> None:
    def ids(name: str) -> set[int]:
        return {f["id"] for f in api[name].get("/api/forms").json()}

    unit1 = {r.pk for r in demo["forms"]["unit1"]}
    unit2 = {r.pk for r in demo["forms"]["unit2"]}
    assert ids("unit1") == unit1
    assert ids("unit2") == unit2
    assert ids("dept1") == unit1 | unit2
    assert ids("finance1") == unit1 | unit2 | {other_department_form.pk}


def test_finance_reads_any_form(demo: dict[str, Any], api: dict[str, Api],
                                other_department_form: FormRecord) -> None:
    response = api["finance1"].get(f"/api/forms/{other_department_form.pk}")
    assert response.status_code == 200
    assert response.json()["id"] == other_department_form.pk


def test_a_user_without_a_role_sees_nothing(demo: dict[str, Any]) -> None:
    Membership.objects.filter(user=demo["users"]["dept1"]).delete()
    lonely = Api(issue_token(demo["users"]["dept1"]))
    assert lonely.get("/api/forms").json() == []
    assert_error(lonely.get(f"/api/forms/{demo['forms']['unit1'][0].pk}"), 404)


# ---------------------------------------------------------------- reading forms


def test_form_list_gives_the_seed_forms_scored(api: dict[str, Api]) -> None:
    listed = api["unit1"].get("/api/forms").json()
    assert {f["project_name"]: f["total"] for f in listed} == {
        "科技社团党建工作": "93.00", "科技工作者系列服务": "93.00",
        "科技社团能力提升及港澳台科技交流": "93.04", "抚恤金": "93.00"}
    first = listed[0]
    assert set(first) == {"id", "project_name", "implementing_unit", "year", "status",
                          "version", "total", "grade"}
    assert first["implementing_unit"] == "上海市科学技术协会学会服务中心"
    assert (first["year"], first["status"], first["version"], first["grade"]) == (
        2024, "draft", 1, "优")


def test_form_list_filters_by_year_and_status(api: dict[str, Api]) -> None:
    assert len(api["unit1"].get("/api/forms?year=2024&status=draft").json()) == 4
    assert api["unit1"].get("/api/forms?year=2023").json() == []
    assert api["unit1"].get("/api/forms?status=published").json() == []
    assert "status" in assert_error(api["unit1"].get("/api/forms?status=done"), 400)["message"]
    assert "year" in assert_error(api["unit1"].get("/api/forms?year=24"), 400)["message"]


def test_form_list_comes_in_pages_with_the_total_and_links(api: dict[str, Api]) -> None:
    everything = api["finance1"].get("/api/forms?status=draft").json()
    first = api["finance1"].get("/api/forms?status=draft&page_size=2")
    assert first["X-Total-Count"] == str(len(everything)) == "5"
    assert [f["id"] for f in first.json()] == [f["id"] for f in everything[:2]]
    links = dict(reversed(part.split("; ")) for part in first["Link"].split(", "))
    assert set(links) == {'rel="first"', 'rel="last"', 'rel="next"'}
    assert links['rel="next"'].endswith("/api/forms?status=draft&page=2&page_size=2>")
    assert links['rel="last"'].endswith("page=3&page_size=2>")
    last = api["finance1"].get("/api/forms?status=draft&page=3&page_size=2")
    assert [f["id"] for f in last.json()] == [everything[4]["id"]]
    assert 'rel="prev"' in last["Link"] and 'rel="next"' not in last["Link"]
    assert api["finance1"].get("/api/forms?page=9").json() == []


@pytest.mark.parametrize("query", ["page=0", "page=x", "page_size=1001", "page_size=²",
                                   "page=-1"])
def test_a_bad_page_is_400_naming_the_parameter(api: dict[str, Api], query: str) -> None:
    error = assert_error(api["finance1"].get(f"/api/forms?{query}"), 400, "invalid_query")
    assert query.split("=")[0] in error["message"]


def test_form_is_given_in_schema_1_with_its_version(demo: dict[str, Any],
                                                    api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    response = api["dept1"].get(f"/api/forms/{record.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body == {"id": record.pk, "status": "draft", "version": 1, "form": record.data}
    assert body["form"]["schema_version"] == "1"
    assert response["ETag"] == '"1"'


def test_history_says_who_did_what(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    events = api["finance1"].get(f"/api/forms/{record.pk}/history").json()
    assert [(e["actor"], e["action"], e["from"], e["to"]) for e in events] == [
        ("unit1", "create", None, "draft")]
    assert "seed-shanghai-2024.txt" in events[0]["comment"]


# ---------------------------------------------------------------- score and findings = CLI


def _cli_json(*args: str) -> Any:
    out = io.StringIO()
    saved = gc.get_threshold()  # the CLI tunes the collector for batches
    try:
        with contextlib.redirect_stdout(out):
            assert cli_main([*args, "--format", "json", str(SEED_TEXT),
                             "--profile", "shanghai-2024"]) in (0, 1)
    finally:
        gc.set_threshold(*saved)
    return json.loads(out.getvalue())


@pytest.fixture(scope="module")
def cli_scores() -> dict[str, Any]:
    return {s["project_name"]: s for s in _cli_json("score")}


@pytest.fixture(scope="module")
def cli_findings() -> list[dict[str, Any]]:
    return _cli_json("check")


def test_score_is_what_the_cli_prints(demo: dict[str, Any], api: dict[str, Api],
                                      cli_scores: dict[str, Any]) -> None:
    for record in demo["forms"]["unit1"]:
        response = api["unit1"].get(f"/api/forms/{record.pk}/score")
        assert response.status_code == 200
        score = response.json()
        assert score.pop("total_note") is None  # every seed row has its 分值
        assert score == cli_scores[record.project_name]


def _place_free(finding: dict[str, Any]) -> dict[str, Any]:
    """A finding without its place in the seed file (a stored form has no file lines)."""
    return {k: v for k, v in finding.items() if k not in ("file", "source")}


def test_findings_are_what_the_cli_prints(demo: dict[str, Any], api: dict[str, Api],
                                          cli_findings: list[dict[str, Any]]) -> None:
    """The same findings for each seed form, save the reading notes of the text file
    (JX0xx: the seed's own line numbering, which a stored form no longer has)."""
    for record in demo["forms"]["unit1"]:
        served = api["unit1"].get(f"/api/forms/{record.pk}/findings").json()
        printed = [_place_free(f) for f in cli_findings
                   if f["form"] == record.project_name and not f["code"].startswith("JX0")]
        assert [_place_free(f) for f in served] == printed
        assert all(f["source"] is None and f["file"] is None for f in served)


# ---------------------------------------------------------------- creating and editing


def test_unit_creates_a_draft_from_json(demo: dict[str, Any], api: dict[str, Api]) -> None:
    data = copy.deepcopy(seed_form(demo, "科技工作者系列服务").data)
    data["year"] = 2025
    data["implementing_unit"] = None
    response = api["unit1"].post("/api/forms", data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("draft", 1)
    assert response["Location"] == f"/api/forms/{body['id']}"
    record = FormRecord.objects.get(pk=body["id"])
    assert record.unit.name == "上海市科学技术协会学会服务中心"
    assert record.origin == FormRecord.Origin.ENTERED
    # An empty 实施单位 is the caller's unit.
    assert body["form"]["implementing_unit"] == "上海市科学技术协会学会服务中心"
    assert str(record.total) == "93.00"


def test_list_shows_the_forms_own_implementing_unit(api: dict[str, Api]) -> None:
    body = {"schema_version": "1", "project_name": "委托实施项目", "year": 2025,
            "implementing_unit": "上海市科技咨询服务中心"}
    created = api["unit1"].post("/api/forms", body).json()
    listed = {f["id"]: f for f in api["dept1"].get("/api/forms?year=2025").json()}
    assert listed[created["id"]]["implementing_unit"] == "上海市科技咨询服务中心"
    assert (listed[created["id"]]["total"], listed[created["id"]]["grade"]) == ("0.00", "差")


@pytest.mark.parametrize("caller", ["dept1", "finance1"])
def test_only_units_create_forms(api: dict[str, Api], caller: str) -> None:
    body = {"schema_version": "1", "project_name": "部门自建项目"}
    assert_error(api[caller].post("/api/forms", body), 403)
    assert not FormRecord.objects.filter(project_name="部门自建项目").exists()


@pytest.mark.parametrize(("body", "path"), [
    ({"schema_version": "1", "project_name": "x", "indicators": [{"weight": 5}]},
     "$.indicators[0].weight"),
    ({"schema_version": "1", "project_name": "x", "funds": {"rows": [{"source": "bank"}]}},
     "$.funds.rows[0].source"),
    ({"schema_version": "2", "project_name": "x"}, "$.schema_version"),
    ({"schema_version": "1"}, "$.project_name"),
    ({"schema_version": "1", "project_name": "x", "colour": "red"}, "$.colour"),
])
def test_a_form_that_is_not_schema_1_is_refused_naming_the_place(
        api: dict[str, Api], body: dict[str, Any], path: str) -> None:
    count = FormRecord.objects.count()
    error = assert_error(api["unit1"].post("/api/forms", body), 400, "invalid_form")
    assert path in error["message"]
    assert error["path"] == path
    assert FormRecord.objects.count() == count


@pytest.mark.parametrize(("raw", "words"), [
    (b'{"schema_version": "1",', "不是合法的 JSON"),
    (b"[1, 2]", "JSON 对象"),
    (b"", "为空"),
    (b'{"year": NaN}', "NaN"),
    ("{\"project_name\": \"项目\"}".encode("gbk"), "UTF-8"),
])
def test_bad_json_is_a_400_in_chinese(api: dict[str, Api], raw: bytes, words: str) -> None:
    error = assert_error(api["unit1"].post("/api/forms", raw), 400, "invalid_json")
    assert words in error["message"]


def test_a_body_over_the_limit_is_413(api: dict[str, Api]) -> None:
    huge = b'{"schema_version": "1", "project_name": "' + b"x" * (3 * 1024 * 1024) + b'"}'
    assert_error(api["unit1"].post("/api/forms", huge), 413, "too_large")


def test_put_saves_a_new_version(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    data = copy.deepcopy(record.data)
    data["goals"]["actual"] = "按时足额发放抚恤金。"
    response = api["unit1"].put(f"/api/forms/{record.pk}", data, **{"If-Match": '"1"'})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["version"], body["form"]["goals"]["actual"]) == (2, "按时足额发放抚恤金。")
    assert response["ETag"] == '"2"'
    edit = api["unit1"].get(f"/api/forms/{record.pk}/history").json()[-1]
    assert (edit["actor"], edit["action"]) == ("unit1", "edit")
    assert [c["field"] for c in edit["changes"]] == ["goals.actual"]


def test_two_puts_on_one_version_second_is_409_with_the_current_version(
        demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    mine, theirs = copy.deepcopy(record.data), copy.deepcopy(record.data)
    mine["goals"]["actual"] = "第一人的修改"
    theirs["goals"]["actual"] = "第二人的修改"
    first = api["unit1"].put(f"/api/forms/{record.pk}", mine, **{"If-Match": "1"})
    assert first.status_code == 200
    second = api["unit1"].put(f"/api/forms/{record.pk}", theirs, **{"If-Match": "1"})
    error = assert_error(second, 409, "version_conflict")
    assert error["version"] == 2
    assert error["changed"][0]["actor"] == "unit1"
    record.refresh_from_db()
    assert (record.version, record.data["goals"]["actual"]) == (2, "第一人的修改")


def test_put_without_if_match_is_428(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    error = assert_error(api["unit1"].put(f"/api/forms/{record.pk}", record.data), 428,
                         "precondition_required")
    assert "If-Match" in error["message"]


@pytest.mark.parametrize("header", ["*", "abc", "v2", '"1.5"'])
def test_put_with_a_malformed_if_match_is_400(demo: dict[str, Any], api: dict[str, Api],
                                              header: str) -> None:
    record = seed_form(demo, "抚恤金")
    assert_error(api["unit1"].put(f"/api/forms/{record.pk}", record.data,
                                  **{"If-Match": header}), 400, "invalid_if_match")


def test_put_of_a_bad_form_names_the_place(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    data = copy.deepcopy(record.data)
    data["indicators"][2]["score"] = 4
    error = assert_error(api["unit1"].put(f"/api/forms/{record.pk}", data,
                                          **{"If-Match": "1"}), 400, "invalid_form")
    assert error["path"] == "$.indicators[2].score"
    record.refresh_from_db()
    assert record.version == 1


@pytest.mark.parametrize("caller", ["dept1", "finance1"])
def test_reviewers_do_not_edit_a_units_form(demo: dict[str, Any], api: dict[str, Api],
                                            caller: str) -> None:
    record = seed_form(demo, "抚恤金")
    assert_error(api[caller].put(f"/api/forms/{record.pk}", record.data,
                                 **{"If-Match": "1"}), 403)


def test_put_with_target_reasons_envelope(demo: dict[str, Any], api: dict[str, Api]) -> None:
    """A program may send `{"form", "target_reasons"}` (reasons for changed approved targets)."""
    record = seed_form(demo, "抚恤金")
    data = copy.deepcopy(record.data)
    data["goals"]["expected"] = "保障抚恤对象生活。"
    response = api["unit1"].put(f"/api/forms/{record.pk}",
                                {"form": data, "target_reasons": {"0": "口径调整"}},
                                **{"If-Match": "1"})
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.target_reasons == {"0": "口径调整"}
    bad = api["unit1"].put(f"/api/forms/{record.pk}", {"form": data, "extra": 1},
                           **{"If-Match": "2"})
    assert "$.extra" in assert_error(bad, 400, "invalid_form")["message"]


# ---------------------------------------------------------------- the workflow


def _step(api: Api, pk: int, action: str, **more: Any) -> Any:
    return api.post(f"/api/forms/{pk}/transitions", {"action": action, **more})


def test_submitting_with_error_findings_is_409_listing_them(
        demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "抚恤金")
    error = assert_error(_step(api["unit1"], record.pk, "submit"), 409, "submit_blocked")
    assert {f["code"] for f in error["findings"]} == {"JX309", "JX407"}
    assert "JX309" in error["message"]
    record.refresh_from_db()
    assert record.status == "draft"


def test_unit_cannot_approve_and_department_cannot_publish(
        demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "科技工作者系列服务")  # no error findings: it can be submitted
    assert _step(api["unit1"], record.pk, "submit").status_code == 200
    assert "主管部门" in assert_error(_step(api["unit1"], record.pk, "approve"), 403,
                                     "transition_role")["message"]
    assert _step(api["dept1"], record.pk, "approve").status_code == 200
    assert_error(_step(api["dept1"], record.pk, "publish"), 403, "transition_role")
    assert_error(_step(api["dept1"], record.pk, "approve"), 409, "transition_state")
    assert_error(_step(api["unit1"], record.pk, "withdraw"), 409, "transition_state")


@pytest.mark.parametrize(("body", "code"), [
    ({"action": "archive"}, "transition_unknown"),
    ({}, "invalid_body"),
    ({"action": 3}, "invalid_body"),
    ({"action": "submit", "comment": ["x"]}, "invalid_body"),
    ({"action": "review", "rescores": {"index": 0}}, "invalid_rescores"),
])
def test_malformed_transition_requests_are_400(demo: dict[str, Any], api: dict[str, Api],
                                               body: dict[str, Any], code: str) -> None:
    record = seed_form(demo, "科技工作者系列服务")
    assert_error(api["unit1"].post(f"/api/forms/{record.pk}/transitions", body), 400, code)


def test_a_unit_withdraws_a_submission(demo: dict[str, Any], api: dict[str, Api]) -> None:
    record = seed_form(demo, "科技工作者系列服务")
    _step(api["unit1"], record.pk, "submit")
    response = _step(api["unit1"], record.pk, "withdraw")
    assert response.json()["status"] == "draft"


def test_the_whole_review_driven_by_programs(demo: dict[str, Any],
                                             api: dict[str, Api]) -> None:
    """A unit files a form from JSON, fixes what blocks it, submits; the department returns
    it with a comment, then approves the resubmission; finance re-scores and publishes."""
    unit, dept, finance = api["unit1"], api["dept1"], api["finance1"]
    source = seed_form(demo, "科技社团党建工作")
    data = unit.get(f"/api/forms/{source.pk}").json()["form"]
    data["year"] = 2025

    created = unit.post("/api/forms", data)
    assert created.status_code == 201
    pk = created.json()["id"]

    # Three notes say the indicator was changed at self-evaluation (JX407): submit is refused.
    blocked = assert_error(_step(unit, pk, "submit"), 409, "submit_blocked")
    assert [f["path"] for f in blocked["findings"]] == [
        "indicators[6].note", "indicators[7].note", "indicators[8].note"]
    for index in (6, 7, 8):
        data["indicators"][index]["note"] = None
    fixed = unit.put(f"/api/forms/{pk}", data, **{"If-Match": created["ETag"]})
    assert fixed.status_code == 200
    assert not [f for f in unit.get(f"/api/forms/{pk}/findings").json()
                if f["severity"] == "error"]

    submitted = _step(unit, pk, "submit")
    assert submitted.json()["status"] == "submitted"
    assert "意见" in assert_error(_step(dept, pk, "return"), 400, "transition_comment")["message"]
    returned = _step(dept, pk, "return", comment="请补充年度总体目标完成情况。")
    assert returned.json()["status"] == "returned"

    data["goals"]["actual"] = "全年开展党建活动12次，完成年度目标。"
    version = unit.get(f"/api/forms/{pk}").json()["version"]
    assert unit.put(f"/api/forms/{pk}", data, **{"If-Match": str(version)}).status_code == 200
    assert _step(unit, pk, "submit").json()["status"] == "submitted"
    assert _step(dept, pk, "approve").json()["status"] == "approved"

    reviewed = _step(finance, pk, "review", rescores=[
        {"index": 1, "score": "6.00", "reason": "培训签到记录不全，扣 2 分。"}])
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["status"] == "reviewed"
    assert reviewed.json()["reviewed_total"] == "91.00"

    assert Api().get("/api/public/forms").json() == []
    published = _step(finance, pk, "publish")
    assert published.json()["status"] == "published"
    public = Api().get("/api/public/forms").json()
    assert [(f["id"], f["project_name"], f["total"], f["reviewed_total"]) for f in public] == [
        (pk, "科技社团党建工作", "93.00", "91.00")]
    assert public[0]["department"] == "上海市科学技术协会"

    history = finance.get(f"/api/forms/{pk}/history").json()
    assert [(e["actor"], e["action"], e["to"]) for e in history] == [
        ("unit1", "create", "draft"), ("unit1", "edit", "draft"),
        ("unit1", "submit", "submitted"), ("dept1", "return", "returned"),
        ("unit1", "edit", "returned"), ("unit1", "submit", "submitted"),
        ("dept1", "approve", "approved"), ("finance1", "review", "reviewed"),
        ("finance1", "publish", "published")]
    assert history[3]["comment"] == "请补充年度总体目标完成情况。"
    assert history[7]["changes"][0]["reason"] == "培训签到记录不全，扣 2 分。"
    assert history[1]["changes"][0]["field"] == "indicators[6].note"


def test_public_list_shows_published_forms_only(demo: dict[str, Any]) -> None:
    record = seed_form(demo, "科技工作者系列服务")
    FormRecord.objects.filter(pk=record.pk).update(status="published")
    listed = Api().get("/api/public/forms?year=2024&department=上海市科学技术协会").json()
    assert [f["id"] for f in listed] == [record.pk]
    assert Api().get("/api/public/forms?department=别的部门").json() == []


# ---------------------------------------------------------------- every error is JSON


def test_unknown_api_path_is_a_json_404(demo: dict[str, Any], api: dict[str, Api]) -> None:
    for path in ("/api/nothing", "/api/forms/", "/api/forms/abc", "/api/forms/1/export.exe",
                 "/api/forms/99999999999999/score"):
        assert_error(api["unit1"].get(path), 404)


def test_a_form_that_does_not_exist_is_404(api: dict[str, Api]) -> None:
    assert_error(api["finance1"].get("/api/forms/999999"), 404, "not_found")


@pytest.mark.parametrize(("method", "path"), [("DELETE", "/api/forms"), ("GET", "/api/token"),
                                              ("POST", "/api/health"),
                                              ("PATCH", "/api/forms/1")])
def test_wrong_method_is_a_json_405(api: dict[str, Api], method: str, path: str) -> None:
    response = api["unit1"].call(method, path)
    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"]


def test_a_crash_is_a_json_500(demo: dict[str, Any], api: dict[str, Api],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(record: FormRecord) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "evaluation_of", broken)
    record = demo["forms"]["unit1"][0]
    error = assert_error(api["unit1"].get(f"/api/forms/{record.pk}/score"), 500,
                         "internal_error")
    assert "boom" not in error["message"]
