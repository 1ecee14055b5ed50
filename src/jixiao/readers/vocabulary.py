"""The form's caption vocabulary (栏目名称), shared by every reader: what a caption means.

One enum of caption kinds (`CaptionKind`), the synonyms of each kind as data (`SYNONYMS`, exact
captions; `PATTERNS`, suffix and prefix rules for the open-ended families such as `…完成值`),
one `classify(text)` that tolerates wrapping and spacing (`年初 预算数`, `产出 指标 (50分 )`,
`年度总 体目标`), the one `(NN分)` pattern (`SCORE_SUFFIX`) and the named limits every reader
uses. Readers decide *where* a caption stands (a header row, a cell of the stream, a line);
this module decides *what* it is.

Adding a synonym is a one-line edit of `SYNONYMS` (or `PATTERNS`, `FUNDS_ROW_PATTERNS`): the
lookup index is built from the tables at import, and `tests/readers/test_vocabulary.py` feeds
every entry through `classify` and through every layout, and checks that no caption is listed
under two kinds.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

# ---------------------------------------------------------------- named limits

#: The longest caption, in characters once whitespace, enumerator, `(NN分)` and bracketed
#: qualifiers are gone: the longest known caption (未完成原因及拟采取的改进措施, 14) plus a
#: two-character qualifier; a longer cell is a value or a note, not a caption.
CAPTION_MAX = 16
#: The longest title line (`…项目支出绩效自评表` with a unit's and a project's name in it);
#: a longer text that names the form is prose about the form, not its title.
TITLE_MAX = 80
#: The longest line or cell that only prints the form's year (`（2024年度）`, `2024年`,
#: `填报年度：2024年`); a longer one mentioning a year is prose.
YEAR_LINE_MAX = 12
#: The longest header value (项目名称, 主管部门, 实施单位) taken as such: the longest real names
#: are about 40 characters; a longer one is text glued onto the caption, not a name.
HEADER_VALUE_MAX = 60
#: Pieces one caption is split into by spaces or line breaks (`年度 总体 目标`): three, as the
#: longest captions wrap over three lines of a narrow cell.
WRAP_TOKENS = 3


# ---------------------------------------------------------------- kinds


class Section(StrEnum):
    """The parts of a form, in printed order: what a caption opens."""

    HEADER = "header"
    FUNDS = "funds"
    GOALS = "goals"
    INDICATORS = "indicators"
    TAIL = "tail"


class CaptionKind(StrEnum):
    """What a caption of the form introduces. The value names the form field where there is
    one (form-json.md); `IGNORED_*` kinds are recognised so that they are not read as values."""

    # header
    PROJECT_NAME = "project_name"
    DEPARTMENT = "department"
    IMPLEMENTING_UNIT = "implementing_unit"
    YEAR = "year"
    # funds: the block, its columns, its rows (FundsRow.source)
    FUNDS_BLOCK = "funds"
    FUNDS_INITIAL = "initial"
    FUNDS_ANNUAL = "annual"
    FUNDS_EXECUTED = "executed"
    FUNDS_RATE = "rate"
    FUNDS_TOTAL = "funds.total"
    FUNDS_FISCAL = "funds.fiscal"
    FUNDS_CARRYOVER = "funds.carryover"
    FUNDS_SPECIAL_ACCOUNT = "funds.special_account"
    FUNDS_UNIT_FUNDS = "funds.unit_funds"
    FUNDS_OTHER = "funds.other"
    # columns of both tables
    WEIGHT = "weight"
    SCORE = "score"
    NOTE = "note"
    #: 备注 / 改进措施: a note column in a table header, the end of the table on its own
    REMARK = "remark"
    # goals
    GOALS_BLOCK = "goals"
    GOALS_EXPECTED = "expected"
    GOALS_ACTUAL = "actual_goals"
    # indicators
    INDICATOR_BLOCK = "indicators"
    LEVEL1 = "level1"
    LEVEL2 = "level2"
    LEVEL3 = "name"
    TARGET = "target"
    #: `指标值` under a `年度指标值` group caption, between 指标性质 and 度量单位 (Sichuan)
    VALUE = "value"
    OPERATOR = "op"
    UNIT = "unit"
    ACTUAL = "actual"
    # tail
    TOTAL = "total"
    SELF_SCORE = "self_score"
    GRADE = "grade"
    END = "end"
    # recognised, not read
    IGNORED_FIELD = "ignored_field"
    IGNORED_COLUMN = "ignored_column"


K = CaptionKind

#: Header fields (the value stands after or below the caption).
HEADER_KINDS = frozenset({K.PROJECT_NAME, K.DEPARTMENT, K.IMPLEMENTING_UNIT, K.YEAR})
#: Column captions of the funds table.
FUNDS_COLUMN_KINDS = frozenset({K.FUNDS_INITIAL, K.FUNDS_ANNUAL, K.FUNDS_EXECUTED, K.FUNDS_RATE,
                                K.WEIGHT, K.SCORE, K.NOTE, K.REMARK})
#: Column captions of the indicator table.
INDICATOR_COLUMN_KINDS = frozenset({K.LEVEL1, K.LEVEL2, K.LEVEL3, K.TARGET, K.VALUE,
                                    K.OPERATOR, K.UNIT, K.ACTUAL, K.WEIGHT, K.SCORE, K.NOTE,
                                    K.REMARK, K.IGNORED_COLUMN})
#: Funds row captions → `FundsRow.source`.
FUNDS_ROW_SOURCES: dict[CaptionKind, str] = {
    K.FUNDS_TOTAL: "total", K.FUNDS_FISCAL: "fiscal", K.FUNDS_CARRYOVER: "carryover",
    K.FUNDS_SPECIAL_ACCOUNT: "special_account", K.FUNDS_UNIT_FUNDS: "unit_funds",
    K.FUNDS_OTHER: "other",
}


# ---------------------------------------------------------------- synonyms (data)

#: The name column of the process part some provinces score before the results (项目决策 /
#: 项目管理 rows, Hubei 20/80): what is evaluated names the row. Captions of `K.LEVEL3`.
PROCESS_NAME_CAPTIONS = ("评价内容", "评价要点")

#: Header fields not read that a form also prints above its table, introducing it: the unit
#: that files it (the 主管部门 or the 实施单位, which the form names again in its own fields),
#: the date, the money unit.
PREAMBLE_FIELDS = ("填报单位", "单位名称", "填报日期", "金额单位")
#: The captions of a department-wide form's 年度主要任务 table (任务名称 | 主要内容 | 预算数 |
#: 执行数), printed between the funds block and the goals: its amounts are no funds rows.
TASK_TABLE_CAPTIONS = ("年度主要任务", "主要任务", "任务名称")

#: Exact captions of each kind, written as printed (any spacing, full- or half-width brackets:
#: keys are normalised by `caption_key`). A caption stands under one kind only.
SYNONYMS: dict[CaptionKind, tuple[str, ...]] = {
    K.PROJECT_NAME: ("项目名称", "转移支付(项目)名称", "政策(项目)名称"),
    K.DEPARTMENT: ("主管部门", "项目主管部门", "项目主管单位", "中央主管部门", "地方主管部门",
                   "主管单位", "部门名称", "部门(单位)名称"),
    K.IMPLEMENTING_UNIT: ("实施单位", "项目实施单位", "资金使用单位", "项目单位", "项目执行单位",
                          "实施(主管)单位"),
    K.YEAR: ("项目年度", "评价年度", "预算年度", "自评年度", "所属年度"),
    K.FUNDS_BLOCK: ("项目资金", "资金投入情况", "预算执行情况", "预算资金", "资金情况",
                    "项目资金情况", "资金执行情况", "预算执行", "部门预算执行情况", "资金来源",
                    "年度预算资金"),
    K.FUNDS_INITIAL: ("年初预算数", "年初预算", "年初预算金额"),
    K.FUNDS_ANNUAL: ("全年预算数", "预算数", "调整后预算数", "年度预算数", "全年调整预算数",
                     "全年预算", "调整后预算", "预算金额", "批复数", "预算安排情况"),
    K.FUNDS_EXECUTED: ("全年执行数", "执行数", "预算执行数", "实际执行数", "实际支出",
                       "执行金额", "决算数", "支出数"),
    K.FUNDS_RATE: ("执行率", "预算执行率", "执行进度"),
    K.WEIGHT: ("分值", "分数", "权重", "满分", "指标分值", "指标权重", "权重分", "标准分值",
               "指标权重分", "权重分值", "权重占比"),
    K.SCORE: ("得分", "单项指标折算得分", "指标得分", "自评得分分值", "自评分"),
    K.NOTE: ("偏差原因", "偏差原因分析", "偏差原因分析及改进措施", "原因分析及改进措施",
             "未完成原因分析", "未完成原因及拟采取的改进措施", "情况说明", "说明"),
    K.REMARK: ("备注", "改进措施"),
    K.GOALS_BLOCK: ("年度总体目标", "总体目标完成情况", "项目年度目标完成情况", "年度总体目标完成",
                    "项目基本情况", "全年(调整)绩效目标", "当年绩效目标"),
    K.GOALS_EXPECTED: ("预期目标", "项目年度目标", "年度目标", "总体目标", "年初目标",
                       "年初设定目标", "年初绩效目标", "年度预期目标", "年初预期目标",
                       "全年绩效目标", "年度绩效目标"),
    K.GOALS_ACTUAL: ("实际完成情况", "年度目标完成情况", "全年实际完成情况", "目标实际完成情况",
                     "全年目标实际完成情况", "年度总体目标完成情况", "具体完成情况", "实际完成",
                     "年度目标实际完成情况", "目标完成情况", "年度总体目标完成情况综述"),
    K.INDICATOR_BLOCK: ("绩效指标", "年度绩效指标", "绩效指标完成情况", "年度绩效指标完成情况",
                        "绩效目标完成情况"),
    K.LEVEL1: ("一级指标", "一级"),
    K.LEVEL2: ("二级指标", "二级"),
    K.LEVEL3: ("三级指标", "三级", "指标名称", "三级指标名称", "绩效指标名称", "具体指标",
               "三级指标内容", "指标内容", *PROCESS_NAME_CAPTIONS),
    K.VALUE: ("指标值",),
    K.TARGET: ("年度指标值", "目标值", "年度目标值", "全年指标值", "年初目标值"),
    K.OPERATOR: ("指标性质", "计算符号", "符号", "指标方向", "运算符号", "比较符号"),
    K.UNIT: ("度量单位", "计量单位", "单位", "指标单位"),
    K.ACTUAL: ("实际完成值", "全年实际值", "实际值", "完成值", "全年完成值", "实际完成情况值"),
    K.TOTAL: ("总分", "合计", "总计", "总分值", "合计得分", "总得分", "综合得分"),
    K.SELF_SCORE: ("自评总分", "自评得分", "绩效自评总分"),
    K.GRADE: ("评分等级", "自评等级", "等级", "评价等级", "绩效等级", "绩效评价等级",
              "自评结果等级", "综合等级"),
    K.END: ("其他需要说明事项", "其他需要说明的事项", "评价结论", "自评结论", "存在问题",
            "存在的问题", "偏差大或目标未完成原因分析", "项目负责人", "项目负责人及电话",
            "财务负责人", "填表人", "联系电话", "审核意见", "结论", "改进措施及结果应用方案",
            "填报说明"),
    K.IGNORED_FIELD: ("项目编码", "项目代码", "项目编号", "联系人", "资金性质", "项目类别",
                      "项目类型", "项目属性", "部门联系人", "主要领导签字", *PREAMBLE_FIELDS,
                      # system exports (Hebei): a yes/no flag in the header
                      "是否为专项资金", "是否专项资金",
                      # Chongqing department forms: the finance bureau's division in charge
                      "财政处室",
                      # Sichuan: the project's description under 项目基本情况 (its 项目实施
                      # is no process level name)
                      "项目实施内容及过程概述"),
    K.IGNORED_COLUMN: ("得分系数", "是否核心指标",
                       # system exports (Hebei): the indicator's definition beside its name, a
                       # 完成/未完成 status, the raw 0–100 score before 权重占比 weighs it
                       # (单项指标折算得分 is the form's score), the goals' overall rate
                       "指标解释", "指标说明", "单项指标完成情况", "单项指标得分", "总体完成率",
                       # funds received, between the budget and the spending (no form key)
                       "资金到位情况", "到位数", "资金到位数",
                       # system exports (Hebei): how each row is scored, after 得分
                       "评分标准", "评分规则", "评分办法", "计分方法"),
}

#: Captions too short to stand alone (`值` is part of every 指标值, so running text is full
#: of it): read only in an indicator header's second row, under a group caption (预期指标值
#: over 符号 | 值 | 单位).
SUB_CAPTIONS: dict[str, CaptionKind] = {"值": K.VALUE}

#: Captions that name two roles at once (`实施(主管)单位`: the unit both carries out and
#: oversees the project): the value fills the second field too when that field is not printed.
SECOND_ROLES: dict[str, CaptionKind] = {"实施(主管)单位": K.DEPARTMENT}

#: Open-ended families, tried in order after the exact synonyms (on the key without brackets).
PATTERNS: tuple[tuple[re.Pattern[str], CaptionKind], ...] = (
    (re.compile(r"^(年度)?绩效(指标|目标)\d*(完成情况)?$"), K.INDICATOR_BLOCK),
    (re.compile(r"完成值$|实际值$"), K.ACTUAL),
    (re.compile(r"指标值$|目标值$"), K.TARGET),
    (re.compile(r"执行率|执行进度"), K.FUNDS_RATE),
    (re.compile(r"^年初"), K.FUNDS_INITIAL),
    (re.compile(r"执行数|支出数|实际支出|执行金额|决算数"), K.FUNDS_EXECUTED),
    (re.compile(r"预算数|预算金额|^调整后|全年预算|批复数"), K.FUNDS_ANNUAL),
    (re.compile(r"得分$"), K.SCORE),
    (re.compile(r"(分值|分数|权重|满分)$"), K.WEIGHT),
    # a caption begins with 偏差 or (未完成…)原因, or names the 偏差原因; a note's text may
    # say 原因 anywhere (`天气原因部分活动延期`, `受疫情原因影响`) and is no caption
    (re.compile(r"偏差原因|^偏差|^(?:未完成|未达到|未达标|差异)?原因"), K.NOTE),
)
#: Suffixes a header caption may carry (`实施单位及代码`): tried when nothing else matched.
_CODE_SUFFIX = re.compile(r"(及代码|及编码|代码|编码)$")

#: A level of the budget a source of money is named by (`中央`, `省级`, `市县`, `省、市`,
#: `本级`; the autonomous regions' and Inner Mongolia's names of their levels, `自治区`,
#: `自治州`, `盟`, `旗`): money from any of them is fiscal money.
#: (Plain groups: the glued reader widens the `:` of these patterns to either colon width.)
BUDGET_LEVEL = (r"(中央|省|省级|自治区|自治区级|市|市级|自治州|州|州级|盟|盟级|县|县级|自治县"
                r"|旗|旗级|区|区级|乡镇|本级|地方|上级)"
                r"([、，,/]?(省|市|州|地|县|区|乡镇)级?)*")

#: Funds row captions (found anywhere in a short caption) → kind; first match wins. The
#: fiscal sub-rows (`其中：中央、省补助`, `省级补助`, `市县资金`, `市级/县级财政资金`) are fiscal
#: funds, as corpus 013's 中央财政资金 / 地方资金 are labelled; so are the department forms'
#: rows by budget kind (`一般公共预算拨款`, `政府性基金预算拨款`): both are appropriations.
FUNDS_ROW_PATTERNS: tuple[tuple[re.Pattern[str], CaptionKind], ...] = (
    (re.compile(r"^(年度)?(财政)?资金总额|^总额|^合计|^(年度)?总金额|^总计"), K.FUNDS_TOTAL),
    (re.compile(r"(当年|本年)财政拨款|^其中:?(中央)?财政资金|^其中:?财政"
                r"|^财政(拨款|资金|补助)"  # a source column's rows: 合计 / 财政资金 / 其他资金
                rf"|^(其中:?)?{BUDGET_LEVEL}(财政)?(补助|资金|拨款)"
                r"|^(其中:?)?(一般公共预算|政府性基金(预算)?)(拨款|资金|收入)?$"  # by budget kind
                r"|彩票公益金"), K.FUNDS_FISCAL),  # 彩票公益金 is a government fund
    (re.compile(r"上年结转"), K.FUNDS_CARRYOVER),
    (re.compile(r"财政专户"), K.FUNDS_SPECIAL_ACCOUNT),
    (re.compile(r"单位资金"), K.FUNDS_UNIT_FUNDS),
    (re.compile(r"其他资金|^其他$"), K.FUNDS_OTHER),
)

# 一级/二级指标 names as printed (the 一级/二级 cells' values, not captions).
#: 一级 names of the process part some provinces score before the results (Hubei 20/80).
PROCESS_LEVEL1_NAMES = ("项目决策", "项目管理", "项目产出", "项目效益")
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标", "效果指标",
                *PROCESS_LEVEL1_NAMES)
#: 二级 names of the process part: the national framework's (项目立项, 资金投入, 资金管理,
#: 组织实施 under 决策 and 过程) and the variants provinces print (项目目标, 决策过程, 财务管理,
#: 业务管理, 项目实施).
PROCESS_LEVEL2_NAMES = ("项目目标", "项目立项", "决策过程", "资金投入", "资金管理", "财务管理",
                        "业务管理", "组织实施", "项目实施", "绩效目标")
LEVEL2_NAMES = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标",
    "生态环境成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标",
    "可持续影响指标", "服务对象满意度指标", "进度指标", *PROCESS_LEVEL2_NAMES,
)
#: The 一级 each 二级 name belongs to in the national framework (成本指标 and 进度指标, 二级
#: under 产出指标 in older templates and 一级 or absent in others, left out): what a 二级 group
#: tells of its 一级 where the 一级 captions' places do not.
LEVEL1_OF: dict[str, str] = {
    **dict.fromkeys(("数量指标", "质量指标", "时效指标"), "产出指标"),
    **dict.fromkeys(("经济成本指标", "社会成本指标", "生态环境成本指标"), "成本指标"),
    **dict.fromkeys(("经济效益指标", "社会效益指标", "生态效益指标", "环境效益指标",
                     "可持续影响指标"), "效益指标"),
    "服务对象满意度指标": "满意度指标",
}
#: Pieces of captions left alone on a line or in a cell when a narrow cell wraps them.
WRAP_FRAGMENTS = frozenset({"年度", "总体", "目标", "指标", "一级", "二级", "三级", "及改进措施"})
GRADES = ("优", "良", "中", "差")
#: A grade as printed in its cell (`优`, `良好`, `中等`).
GRADE_VALUE = re.compile(r"^(优|良|中|差)(秀|好|等)?$")
#: A subtotal row of the indicator table (`产出指标小计`, `合计`): not an indicator.
SUBTOTAL = re.compile(r"^(.{0,8}小计|小计.{0,8}|合计|分项合计)$")
NOT_APPLICABLE_NAMES = ("不适用", "不涉及")

#: The national template's indicator value columns in printed order (年度指标值, 实际完成值,
#: 分值, 得分): the order a table is read by when its header says nothing else or is lost.
TEMPLATE_VALUE_COLUMNS = ("target", "actual", "weight", "score")
#: The one `(NN分)` pattern: a score printed in brackets after a caption or a level name
#: (`产出指标(50分)`, `预算执行情况（20 分 ）`); group 1 is the number.
SCORE_SUFFIX = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
#: The form's title (`…项目支出绩效自评表`, `…绩效评价表`).
TITLE = re.compile(r"自评表|绩效评价表")
#: A year as titles print it: `2024年度` (strict) or `2024年`.
YEAR = re.compile(r"((?:19|20)\d{2})\s*年度")
YEAR_LOOSE = re.compile(r"((?:19|20)\d{2})\s*年")
#: The year a 年度 field prints (`2024`, `2024年`).
YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")
#: A bare 年度 caption with its year in one cell (`年度：2024`, a system export's line under its
#: title): bare 年度 is no field caption elsewhere (年度总体目标 wraps to it), so only with a colon.
YEAR_FIELD = re.compile(r"年度[:：]((?:19|20)\d{2})(?!\d)")
#: Captions of the form's conclusion (K.END), which some templates print as the grade alone
#: (`自评结论 | 优`, Zhejiang); a conclusion in words is no grade.
CONCLUSION_CAPTIONS = frozenset({"自评结论", "评价结论", "绩效自评结论"})
#: The money unit in a caption or a note: `(万元)`, `单位：万元`.
BRACKETED_MONEY_UNIT = re.compile(r"[(（](万元|元)[)）]")
MONEY_UNIT = re.compile(rf"{BRACKETED_MONEY_UNIT.pattern}|单位[:：]?(万元|元)")


# ---------------------------------------------------------------- keys

_WHITESPACE = re.compile(r"\s+")
_ENUMERATOR = re.compile(r"^(\d+[.、．]|[一二三四五六七八九十]+[、.．]|"
                         r"[(（][一二三四五六七八九十\d]+[)）])")
_BRACKETED = re.compile(r"\([^()]*\)")
_CACHE = 8192  # entries of each memo: the distinct strings a batch repeats, memory stays flat


@lru_cache(maxsize=_CACHE)
def compact(text: str) -> str:
    """Drop all whitespace (wrapping artefacts) from a caption or a Chinese cell."""
    return _WHITESPACE.sub("", text)


@lru_cache(maxsize=_CACHE)
def caption_key(text: str) -> str:
    """Caption key: NFKC (half-width brackets and colons), no whitespace, no leading
    enumerator (`一、`, `(1)`), no trailing colon."""
    key = unicodedata.normalize("NFKC", compact(text))
    return _ENUMERATOR.sub("", key).rstrip(":")


@lru_cache(maxsize=_CACHE)
def bare_key(text: str) -> str:
    """Caption key without bracketed parts: `执行率(B/A)` → `执行率`."""
    return _BRACKETED.sub("", caption_key(text))


def enumerated(text: str) -> bool:
    """Whether a text opens with an item number (`2.`, `二、`, `（三）`)."""
    return _ENUMERATOR.match(compact(text)) is not None


def without_item_number(text: str) -> str:
    """A compacted text without the item number it opens with (`1、某局…` → `某局…`)."""
    return _ENUMERATOR.sub("", text, count=1)


def strip_score(text: str) -> str:
    """The text without its `(NN分)` suffix."""
    return SCORE_SUFFIX.sub("", text).strip()


def score_in(text: str) -> str | None:
    """The NN of a `(NN分)` the text prints, or None."""
    m = SCORE_SUFFIX.search(text)
    return m.group(1) if m else None


def _index() -> dict[str, CaptionKind]:
    index: dict[str, CaptionKind] = {}
    for kind, captions in SYNONYMS.items():
        for caption in captions:
            index.setdefault(caption_key(caption), kind)
    return index


_INDEX = _index()
#: A text longer than this is no caption however it is spaced or qualified (a caption of
#: `CAPTION_MAX` characters, a space between each two, a bracketed qualifier): the quick no.
_LONGEST = 3 * CAPTION_MAX + 16
#: The longest piece of a caption between two spaces: a caption and its bracketed qualifier.
_LONGEST_PIECE = CAPTION_MAX + 16


@lru_cache(maxsize=_CACHE)
def classify(text: str) -> CaptionKind | None:
    """The kind of caption `text` is, or None for a value.

    Tolerates wrapping and spacing (`年初 预算数`, `年度总 体目标`), full-width brackets, a
    leading enumerator, a trailing colon, bracketed qualifiers (`执行率(B/A)`, `(万元)`,
    `(50分 )`). Level names (`产出指标`) are values of the level columns, not captions: see
    `canonical_level1`. Funds row captions: see `funds_row`.
    """
    if not text or len(text) > _LONGEST:
        return None
    key = caption_key(text)
    kind = _INDEX.get(key)
    if kind is not None:
        return kind
    bare = bare_key(text)
    if not bare or len(bare) > CAPTION_MAX:
        return None
    kind = _INDEX.get(bare)
    if kind is not None:
        return kind
    for pattern, kind in PATTERNS:
        if pattern.search(bare):
            return kind
    kind = _INDEX.get(_CODE_SUFFIX.sub("", bare))
    return kind if kind in HEADER_KINDS else None


def leading_caption(text: str) -> CaptionKind | None:
    """The kind of a caption, or of the caption before the first colon (`填报说明：1.…`)."""
    kind = classify(text)
    if kind is None:
        head = caption_key(text).partition(":")
        if head[1]:
            kind = classify(head[0])
    return kind


def exact_kind(text: str) -> CaptionKind | None:
    """`classify` by the synonyms alone (no open-ended pattern): for joining pieces."""
    if len(text) > _LONGEST:
        return None
    return _INDEX.get(caption_key(text)) or _INDEX.get(bare_key(text))


@lru_cache(maxsize=_CACHE)
def funds_row(text: str) -> CaptionKind | None:
    """The funds row kind a row caption denotes (`其中：当年财政拨款` → FUNDS_FISCAL), or None."""
    key = caption_key(text)
    for pattern, kind in FUNDS_ROW_PATTERNS:
        if pattern.search(key):
            return kind
    return None


def sub_caption(text: str) -> CaptionKind | None:
    """The kind of a caption of a header's second row: `classify`, or a short caption of
    `SUB_CAPTIONS`."""
    return classify(text) or SUB_CAPTIONS.get(caption_key(text))


def second_role(caption: str) -> CaptionKind | None:
    """The second field a two-role caption (`SECOND_ROLES`) fills, or None."""
    return _SECOND_ROLES.get(caption_key(caption))


_SECOND_ROLES = {caption_key(c): kind for c, kind in SECOND_ROLES.items()}


def funds_source(caption: str) -> str | None:
    """The `FundsRow.source` a row caption denotes, or None."""
    kind = funds_row(caption)
    return FUNDS_ROW_SOURCES[kind] if kind is not None else None


def caption_pattern(*kinds: CaptionKind, where: str = "") -> str:
    """A regex alternation of the synonyms of `kinds` (those containing `where`), longest
    first, each tolerant of spaces (not line breaks) between characters and of either bracket
    width: for finding captions inside running text (`项目名称：…主管部门：…`)."""
    captions = sorted({c for k in kinds for c in SYNONYMS[k] if where in c}, key=len,
                      reverse=True)
    return "|".join(_spaced(c) for c in captions)


def extending_pattern(*heads_of: CaptionKind | str) -> str:
    """`caption_pattern` of the captions, of any kind, that begin with a caption of the kinds
    (or with one of the words) given and go on (`项目年度目标` after `项目年度`, `项目实施单位`
    after the level name `项目实施`): where such a caption or word may be only the head of a
    longer caption. A pattern that never matches when there are none."""
    heads = {caption_key(c) for k in heads_of
             for c in (SYNONYMS[k] if isinstance(k, CaptionKind) else (k,))}
    longer = sorted({c for captions in SYNONYMS.values() for c in captions
                     if any(caption_key(c).startswith(h) and caption_key(c) != h
                            for h in heads)}, key=len, reverse=True)
    return "|".join(_spaced(c) for c in longer) or r"(?!)"


def _spaced(caption: str) -> str:
    out: list[str] = []
    for ch in caption:
        if ch in "()（）":
            out.append(r"[(（]" if ch in "(（" else r"[)）]")
        else:
            out.append(re.escape(ch))
    return "[ \t\u3000]*".join(out)


def leading_kind(tokens: list[str]) -> CaptionKind | None:
    """The kind of the caption a line of tokens begins with, joining up to `WRAP_TOKENS`
    tokens (a caption split by spaces: `年初 预算数`, `总 分 100 95`)."""
    for n in range(1, min(len(tokens), WRAP_TOKENS) + 1):
        kind = classify(" ".join(tokens[:n]))
        if kind is not None:
            return kind
    return None


def caption_sized(tokens: list[str]) -> bool:
    """Whether every token is short enough to be a caption or a piece of one: the quick no
    for a line of values or prose before classifying its tokens."""
    return all(len(t) <= _LONGEST_PIECE for t in tokens)


def caption_kinds(tokens: list[str]) -> list[CaptionKind] | None:
    """The kinds of a line made only of captions (each possibly split over up to `WRAP_TOKENS`
    tokens), in order; None when some token is not part of a caption."""
    if not caption_sized(tokens):
        return None
    kinds: list[CaptionKind] = []
    i = 0
    while i < len(tokens):
        for n in range(min(len(tokens) - i, WRAP_TOKENS), 0, -1):
            joined = " ".join(tokens[i:i + n])
            kind = classify(joined) if n == 1 else exact_kind(joined)
            if kind is not None:
                kinds.append(kind)
                i += n
                break
        else:
            return None
    return kinds


def is_title(text: str) -> bool:
    """Whether a line or cell is the form's title (`…绩效自评表`, not prose about it)."""
    if "表" not in text:  # every title ends in …表: most lines are told apart here
        return False
    c = compact(text)
    return len(c) <= TITLE_MAX and TITLE.search(c) is not None


@lru_cache(maxsize=_CACHE)
def canonical_level1(text: str) -> str | None:
    """`产出\\n指标` / `产 出 指 标` / `产出指标(50分)` → `产出指标`; a short name stays as
    printed (`产出` — the rules match names without 指标); otherwise None."""
    c = strip_score(compact(text))
    if c in LEVEL1_NAMES or c + "指标" in LEVEL1_NAMES:
        return c
    return None


@lru_cache(maxsize=_CACHE)
def canonical_level2(text: str) -> str | None:
    """`社会\\n效益\\n指标` → `社会效益指标`; `经济效益` stays `经济效益` as printed (the
    rules match names without 指标); otherwise None."""
    c = strip_score(compact(text)).removesuffix("等")
    if c in LEVEL2_NAMES or c + "指标" in LEVEL2_NAMES:
        return c
    return None


def full_level(name: str | None) -> str:
    """A level name with its 指标 (`经济效益` → `经济效益指标`); "" for none."""
    return "" if name is None else name if name.endswith("指标") else name + "指标"


def level1_family(level2: str | None) -> str | None:
    """The 一级 a printed 二级 name belongs to (`LEVEL1_OF`); 成本指标 printed as a 二级 is the
    older template's, under 产出指标 (where it is a 一级, its 二级 are 经济成本指标 …)."""
    full = full_level(canonical_level2(level2 or ""))
    return LEVEL1_OF.get(full) or ("产出指标" if full == "成本指标" else None)


def is_level_name(text: str) -> bool:
    """A 一级 or 二级 name as printed (`产出指标`, `社会效益指标(10分)`)."""
    key = strip_score(compact(text)).removesuffix("等")
    return key in LEVEL1_NAMES or key in LEVEL2_NAMES


__all__ = [
    "BRACKETED_MONEY_UNIT",
    "BUDGET_LEVEL",
    "CAPTION_MAX",
    "FUNDS_COLUMN_KINDS",
    "FUNDS_ROW_PATTERNS",
    "FUNDS_ROW_SOURCES",
    "GRADES",
    "GRADE_VALUE",
    "HEADER_KINDS",
    "HEADER_VALUE_MAX",
    "INDICATOR_COLUMN_KINDS",
    "LEVEL1_NAMES",
    "LEVEL1_OF",
    "LEVEL2_NAMES",
    "MONEY_UNIT",
    "NOT_APPLICABLE_NAMES",
    "PATTERNS",
    "PREAMBLE_FIELDS",
    "PROCESS_LEVEL1_NAMES",
    "PROCESS_LEVEL2_NAMES",
    "PROCESS_NAME_CAPTIONS",
    "SCORE_SUFFIX",
    "SECOND_ROLES",
    "SUBTOTAL",
    "SUB_CAPTIONS",
    "SYNONYMS",
    "TASK_TABLE_CAPTIONS",
    "TEMPLATE_VALUE_COLUMNS",
    "TITLE",
    "TITLE_MAX",
    "WRAP_FRAGMENTS",
    "WRAP_TOKENS",
    "YEAR",
    "YEAR_DIGITS",
    "YEAR_LINE_MAX",
    "YEAR_LOOSE",
    "CaptionKind",
    "Section",
    "bare_key",
    "canonical_level1",
    "canonical_level2",
    "caption_key",
    "caption_kinds",
    "caption_pattern",
    "caption_sized",
    "classify",
    "compact",
    "enumerated",
    "exact_kind",
    "extending_pattern",
    "funds_row",
    "funds_source",
    "is_level_name",
    "is_title",
    "leading_caption",
    "leading_kind",
    "score_in",
    "second_role",
    "strip_score",
    "sub_caption",
]
