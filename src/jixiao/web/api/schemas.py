"""The JSON shapes the API reads and answers, as OpenAPI 3.1 (JSON Schema 2020-12) components.

The schema-1 form is described from the core model's own definitions (its fields, kinds and
funds sources), so the document follows the model when it grows.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from jixiao.core.model import FORM_KINDS, FUNDS_SOURCES, SCHEMA_VERSION, Indicator
from jixiao.services.workflow import Action, Status

Schema = dict[str, Any]

TEXT: Schema = {"type": ["string", "null"]}
NUMBER_TEXT: Schema = {"type": ["string", "null"],
                       "description": "两位小数的数字字符串，如 \"93.00\""}
STATUS: Schema = {"type": "string", "enum": [s.value for s in Status],
                  "description": "；".join(f"{s.value}＝{s.label}" for s in Status)}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict[str, Schema], *, required: list[str] | None = None,
        description: str = "", closed: bool = True) -> Schema:
    """An object schema; `required` defaults to every property."""
    schema: Schema = {"type": "object", "properties": properties,
                      "required": list(properties) if required is None else required}
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


def array(items: Schema, description: str = "") -> Schema:
    schema: Schema = {"type": "array", "items": items}
    if description:
        schema["description"] = description
    return schema


def _form() -> Schema:
    row = obj({"source": {"type": "string", "enum": list(FUNDS_SOURCES)}, "label": TEXT,
               "initial": TEXT, "annual": TEXT, "executed": TEXT, "rate": TEXT},
              required=["source"],
              description="资金来源一行（年初预算数、全年预算数、全年执行数、执行率）")
    indicator = obj({f.name: TEXT for f in fields(Indicator)}, required=[],
                    description="三级指标一行：年度指标值 target，实际完成值 actual，分值 weight，"
                                "得分 score，偏差原因分析及改进措施 note")
    return obj({
        "schema_version": {"const": SCHEMA_VERSION},
        "kind": {"type": "string", "enum": list(FORM_KINDS)},
        "year": {"type": ["integer", "null"]},
        "project_name": {"type": "string"},
        "department": TEXT,
        "implementing_unit": TEXT,
        "funds": obj({"unit": TEXT, "weight": TEXT, "rate": TEXT, "score": TEXT,
                      "rows": array(row)}, required=[]),
        "goals": obj({"expected": TEXT, "actual": TEXT}, required=[]),
        "indicators": array(indicator),
        "total": obj({"weight": TEXT, "score": TEXT}, required=[]),
        "grade": TEXT,
    }, required=["schema_version", "project_name"],
        description="自评表（schema 1，见 docs/form-json.md）；印刷的数字均为字符串")


def _explanation() -> Schema:
    return obj({"formula": TEXT, "inputs": {"type": "object"}, "rule": TEXT, "source": TEXT,
                "text": {"type": "string"}}, description="数字的来由：公式、输入、规则与依据")


def _score() -> Schema:
    row = obj({
        "index": {"type": "integer"}, "level1": TEXT, "level2": TEXT, "name": TEXT,
        "target": TEXT, "actual": TEXT, "weight": TEXT, "kind": {"type": "string"},
        "printed_score": NUMBER_TEXT, "computed_score": NUMBER_TEXT,
        "counted_score": NUMBER_TEXT,
        "band": {"type": ["array", "null"], "items": NUMBER_TEXT},
        "status": {"type": "string"}, "status_label": {"type": "string"},
        "explanation": ref("Explanation")})
    return obj({
        "project_name": {"type": "string"}, "profile": {"type": "string"},
        "execution_rate": NUMBER_TEXT, "execution_rate_explanation": ref("Explanation"),
        "execution_score": NUMBER_TEXT, "execution_score_explanation": ref("Explanation"),
        "printed_execution_score": TEXT,
        "total": NUMBER_TEXT, "total_explanation": ref("Explanation"),
        "printed_total": TEXT,
        "total_note": {"type": ["string", "null"],
                       "description": "总分未经复核的部分：未印分值的指标按表中印制的得分计入"},
        "grade": TEXT, "grade_explanation": ref("Explanation"),
        "printed_grade": TEXT, "indicators": array(row),
    }, description="与 jixiao score --format json 输出的对象相同，另有 total_note")


def _finding() -> Schema:
    return obj({
        "form": TEXT, "code": {"type": "string", "description": "问题代码，如 JX407"},
        "severity": {"type": "string", "enum": ["error", "warning", "info"]},
        "message": {"type": "string"}, "path": TEXT,
        "source": {"type": ["integer", "null"]}, "file": TEXT, "hint": TEXT,
    }, description="与 jixiao check --format json 输出的一项相同")


def _summary() -> Schema:
    return obj({"id": {"type": "integer"}, "project_name": {"type": "string"},
                "implementing_unit": {"type": "string"}, "year": {"type": ["integer", "null"]},
                "status": STATUS, "version": {"type": "integer"}, "total": NUMBER_TEXT,
                "grade": TEXT})


def _public() -> Schema:
    return obj({"id": {"type": "integer"}, "project_name": {"type": "string"},
                "implementing_unit": {"type": "string"}, "department": {"type": "string"},
                "year": {"type": ["integer", "null"]}, "total": NUMBER_TEXT, "grade": TEXT,
                "reviewed_total": NUMBER_TEXT,
                "published_at": {"type": ["string", "null"], "format": "date-time"}})


def _history_event() -> Schema:
    change = obj({"field": {"type": "string", "description": "JSON 位置，如 indicators[2].target"},
                  "label": {"type": "string",
                            "description": "字段的中文名，如 指标第3行 年度指标值"},
                  "before": {}, "after": {}, "reason": {"type": "string"}},
                 required=["field", "before", "after"],
                 description="一个字段的修改：修改前 → 修改后（复核改分另有理由）")
    return obj({
        "at": {"type": "string", "format": "date-time"},
        "actor": {"type": "string", "description": "操作人用户名"},
        "action": {"type": "string", "description": "create、edit 或流转操作名"},
        "from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]},
        "comment": {"type": "string"}, "changes": array(change),
        "version": {"type": ["integer", "null"]},
    })


def _transition() -> Schema:
    rescore = obj({"index": {"type": "integer", "minimum": 0, "description": "指标行号，从 0 起"},
                   "score": {"type": "string", "description": "复核得分，如 \"8.50\""},
                   "reason": {"type": "string", "description": "复核意见（必填）"}})
    return obj({
        "action": {"type": "string", "enum": [a.value for a in Action],
                   "description": "；".join(f"{a.value}＝{a.label}" for a in Action)},
        "comment": {"type": ["string", "null"], "description": "意见；退回时必填"},
        "rescores": {"type": ["array", "null"], "items": rescore,
                     "description": "复核（review）时财政的改分"},
    }, required=["action"])


def _error() -> Schema:
    detail = obj({"code": {"type": "string", "description": "稳定的错误代码"},
                  "message": {"type": "string", "description": "中文说明"}},
                 closed=False,
                 description="附加信息：version（409 版本冲突时的当前版本）、findings（提交被"
                             "阻止时的问题）、path（表数据出错的 JSON 位置）等")
    return obj({"error": detail}, description="所有错误的统一格式")


def components() -> dict[str, Schema]:
    """Every shape, by name, for `#/components/schemas`."""
    form_with_reasons = obj({"form": ref("Form"), "target_reasons": {
        "type": "object", "additionalProperties": {"type": "string"},
        "description": "由批复目标生成的表修改目标时的理由：{行号(从0起): 理由}"}},
        required=["form"])
    return {
        "Error": _error(),
        "Health": obj({"status": {"const": "ok"}}),
        "TokenRequest": obj({"username": {"type": "string"}, "password": {"type": "string"}}),
        "Token": obj({"token": {"type": "string"}}),
        "Form": _form(),
        "FormInput": {"oneOf": [ref("Form"), form_with_reasons],
                      "description": "一张 schema 1 自评表；或 {form, target_reasons}"},
        "FormEnvelope": obj({"id": {"type": "integer"}, "status": STATUS,
                             "version": {"type": "integer"}, "form": ref("Form")}),
        "FormSummary": _summary(),
        "FormSummaryList": array(ref("FormSummary")),
        "PublicForm": _public(),
        "PublicFormList": array(ref("PublicForm")),
        "Explanation": _explanation(),
        "Score": _score(),
        "Finding": _finding(),
        "FindingList": array(ref("Finding")),
        "TransitionRequest": _transition(),
        "TransitionResult": obj({"id": {"type": "integer"}, "status": STATUS,
                                 "version": {"type": "integer"},
                                 "reviewed_total": NUMBER_TEXT}),
        "HistoryEvent": _history_event(),
        "HistoryList": array(ref("HistoryEvent")),
        "ImportResult": obj({
            "forms": array(obj({"id": {"type": "integer"}, "project_name": {"type": "string"},
                                "findings": ref("FindingList")})),
            "errors": array(obj({"file": {"type": "string"}, "message": {"type": "string"}}),
                            "未导入的文件及原因：空文件、不可导入的类型、读不出表等"),
        }, description="生成的草稿（含导入与检查发现的问题）和无法读取的文件"),
        "OpenAPIDocument": {"type": "object"},
    }
