"""Forms the web tests fill in: a clean one, as a unit would type it into the editor."""

from __future__ import annotations

import copy
from typing import Any

#: A small 2025 form with nothing an error check objects to: 执行率 100%, targets met,
#: one satisfaction row docked with its reason written.
CLEAN_FORM: dict[str, Any] = {
    "schema_version": "1", "kind": "project", "year": 2025,
    "project_name": "科技社团能力提升及港澳台科技交流",
    "department": "上海市科学技术协会", "implementing_unit": "上海市科学技术协会学会服务中心",
    "funds": {"unit": "万元", "weight": "10.00", "rate": None, "score": None, "rows": [
        {"source": "total", "initial": "75.00", "annual": "75.00", "executed": "75.00",
         "rate": None},
        {"source": "fiscal", "initial": "75.00", "annual": "75.00", "executed": "75.00",
         "rate": None},
    ]},
    "goals": {"expected": "组织科技社团开展能力提升培训与港澳台科技交流活动。",
              "actual": "全年完成培训与交流活动，参与人数超过预期。"},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "举办交流活动场次",
         "target": "≥10.00(场)", "actual": "11.00(场)", "weight": "30.00", "score": "30.00",
         "note": None},
        {"level1": "产出指标", "level2": "质量指标", "name": "活动完成率",
         "target": "=100.00(%)", "actual": "100.00(%)", "weight": "20.00", "score": "20.00",
         "note": None},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "参与社团数",
         "target": "≥30.00(家)", "actual": "35.00(家)", "weight": "30.00", "score": "30.00",
         "note": None},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参与人员满意度",
         "target": "≥90.00(%)", "actual": "95.00(%)", "weight": "10.00", "score": "10.00",
         "note": None},
    ],
    "total": {"weight": "100.00", "score": None},
    "grade": None,
}


def clean_form(**changes: Any) -> dict[str, Any]:
    """A deep copy of CLEAN_FORM with top-level keys replaced."""
    form = copy.deepcopy(CLEAN_FORM)
    form.update(changes)
    return form
