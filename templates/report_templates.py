"""The client progress report's templates, in zh, en and bilingual: report.*.docx (项目进度及付款计划报告 /
Progress Report and Payment Outlook).

Every text is a (zh, en) pair of Jinja over one language's report context (templates/README.md, "Progress
report"); the bilingual template points each name at ``zh.`` or ``en.``. The chart is ``{{ chart }}``, an
image at the top of the context in every language. The tone is a courteous advance notice: anything overdue
is stated plainly, and the firm language is left to the demand letters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from build_templates import _fixed_layout, borderless, new_document, p, save, table, tag
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm

LANGS = ("zh", "en", "bilingual")
WIDTH = 16.2  # A4 portrait between margins, in cm

#: The names a report context has (``chart`` is shared by both languages and never scoped).
_NAMES = ("confidential", "terms", "client", "contractor", "project", "contract", "doc", "applications",
          "acceptances", "variations", "nodes", "totals", "upcoming", "overdue", "risks", "notes")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_NAME = re.compile(r"(?<![\w.])(" + "|".join(_NAMES) + r")\b")


def _scoped(text: str, scope: str) -> str:
    return _TAG.sub(lambda m: _NAME.sub(scope + r".\1", m.group(0)), text)


def _en_item(text: str, var: str, seq: str) -> str:
    """In a bilingual loop over ``zh.seq``, read the loop item ``var`` from the English context."""
    item = re.compile(r"(?<![\w.])" + re.escape(var) + r"\b")
    return _TAG.sub(lambda m: item.sub(f"en.{seq}[loop.index0]", _NAME.sub(r"en.\1", m.group(0))), text)


#: A table column: zh head, en head, width in cm, cell (one text, or zh and en), kind: "text" prints the zh
#: context's value in a bilingual table (names, ids, figures: the same in both), "lang" both, "num" right-aligned.
Column = tuple[str, str, float, str | tuple[str, str], str]

TEXT = {
    "title": ("项目进度及付款计划报告", "Progress Report and Payment Outlook"),
    "ref": ("编号：{{ doc.reference }}　　日期：{{ doc.date }}", "Our ref: {{ doc.reference }}    Date: {{ doc.date }}"),
    "salutation": ("{{ client.name }}：", "Dear Sirs,"),
    "intro": (
        "感谢贵方对本项目的支持与配合。现将《{{ project.name }}》（合同编号：{{ contract.number }}）本期的进展及合同项下的付款安排报告如下，供贵方参阅并提前安排资金。",
        "Thank you for your continued support of the project. We set out below the progress made on {{ project.name }} (Contract No. {{ contract.number }}) in this period and the payments expected under the Contract, to help you plan ahead.",
    ),
    "progress": ("一、本期进展", "1. Progress this period"),
    "milestones": ("（一）付款节点里程碑", "1.1 Milestones reached"),
    "milestones_intro": ("本期付款条件已经成就、我方已提交付款申请的付款节点如下：",
                         "In this period the following milestones were reached and we applied for payment:"),
    "milestones_none": ("本期无新提交的付款申请。", "No application for payment was made in this period."),
    "acceptance": ("（二）验收", "1.2 Acceptance"),
    "acceptance_intro": ("本期完成的验收及尚待验收的事项如下：", "Acceptances given in this period, and those still pending:"),
    "acceptance_none": ("本期无新完成的验收，亦无尚待验收的事项。", "No acceptance was given in this period and none is pending."),
    "variations": ("（三）变更", "1.3 Variations approved"),
    "variations_intro": ("本期经贵方批准的变更如下：", "In this period you approved the following variations:"),
    "variations_none": ("本期无新批准的变更。", "No variation was approved in this period."),
    "outlook": ("二、付款计划与展望", "2. Payment outlook"),
    "outlook_intro": (
        "合同价款（含已批准的变更）为{{ totals.sum }}，截至{{ doc.date }}贵方已支付{{ totals.received }}，尚待支付{{ totals.outstanding }}。各付款节点的情况如下：",
        "The contract sum, including approved variations, is {{ totals.sum }}. By {{ doc.date }} you had paid {{ totals.received }}, and {{ totals.outstanding }} remains to be paid. The payment nodes stand as follows:",
    ),
    "upcoming": ("（一）未来90日内到期的款项", "2.1 Payments falling due in the next 90 days"),
    "upcoming_intro": ("为便于贵方提前安排资金，谨将未来90日内到期的款项预告如下：",
                       "To help you plan your cash flow, we give advance notice of the payments falling due in the next 90 days:"),
    "upcoming_thanks": ("感谢贵方按期安排上述款项。", "Thank you in advance for arranging these payments on time."),
    "upcoming_none": ("按目前已确定的到期日，未来90日内没有到期的款项。",
                      "On the due dates fixed so far, no payment falls due in the next 90 days."),
    "overdue": ("（二）已过付款期限的款项", "2.2 Payments past their due date"),
    "overdue_intro": ("根据我方记录，下列款项已过付款期限，我方尚未收到：",
                      "According to our records, the following payments have passed their due date and we have not yet received them:"),
    "overdue_item": ("{{ o.id }} {{ o.title }}：应于{{ o.due_date }}支付，尚有{{ o.outstanding }}未付（逾期{{ o.days }}）。",
                     "{{ o.id }} {{ o.title }}: due on {{ o.due_date }}; {{ o.outstanding }} remains unpaid ({{ o.days }} overdue)."),
    "overdue_ask": ("恳请贵方核对并尽早安排支付；如款项已在支付途中，请告知我方，谢谢。",
                    "We would be grateful if you could check these and arrange payment at your earliest convenience. If payment is already on its way, please let us know."),
    "overdue_none": ("截至本报告日，没有已过付款期限的款项。", "As of the date of this report, no payment is past its due date."),
    "chart": ("三、资金曲线", "3. Cash curve"),
    "chart_intro": ("下图对比计划累计付款、我方累计申请的金额与贵方累计支付的金额（截至{{ doc.date }}）。",
                    "The chart compares the planned cumulative payments with the amounts applied for and the amounts received to {{ doc.date }}."),
    "risks": ("四、需关注的事项", "4. Points for attention"),
    "risks_none": ("截至本报告日，项目记录未显示需要特别关注的事项。",
                   "The project records show nothing that needs your particular attention at present."),
    "notes": ("五、说明", "5. Notes"),
    "contact": (
        "如对本报告有任何疑问，敬请与我方联系{% if contractor.representative %}，联系人：{{ contractor.representative }}{% endif %}{% if contractor.phone %}，电话：{{ contractor.phone }}{% endif %}{% if contractor.email %}，电子邮箱：{{ contractor.email }}{% endif %}。",
        "Should you have any question about this report, please contact {% if contractor.representative %}{{ contractor.representative }}{% else %}us{% endif %}{% if contractor.phone %}, telephone {{ contractor.phone }}{% endif %}{% if contractor.email %}, email {{ contractor.email }}{% endif %}.",
    ),
    "closing": ("此致", "Yours faithfully,"),
    "salute": ("敬礼！", ""),
    "signature": ("{{ contractor.name }}", "For and on behalf of {{ contractor.name }}"),
}

#: The facts at the head of the report: label zh, label en, value zh, value en (None: the same in both), guard.
FACTS = [
    ("致", "To", "{{ client.name }}", None, None),
    ("收件人", "Attention", "{{ client.representative }}", None, "client.representative"),
    ("合同编号", "Contract No.", "{{ contract.number }}", None, None),
    ("项目", "Project", "{{ project.name }}", None, None),
    ("报告期间", "Period", "{{ doc.period_start }}至{{ doc.date }}", "{{ doc.period_start }} to {{ doc.date }}", None),
    ("报告人", "From", "{{ contractor.name }}", None, None),
]

_NODE = ("付款节点", "Payment node", 4.0, "{{ r.id }} {{ r.title }}", "text")
APPLICATIONS: list[Column] = [
    _NODE, ("付款条件", "Milestone", 6.0, "{{ r.milestone }}", "text"),
    ("申请日期", "Applied on", 2.9, "{{ r.date }}", "lang"), ("申请金额", "Amount applied", 3.3, "{{ r.amount }}", "num"),
]
ACCEPTANCES: list[Column] = [
    _NODE, ("验收事项", "Acceptance", 3.6, "{{ r.criterion }}", "text"),
    ("申请日期", "Applied on", 2.9, "{{ r.applied }}", "lang"), ("验收情况", "State", 5.7, "{{ r.state }}", "lang"),
]
VARIATIONS: list[Column] = [
    ("编号", "No.", 1.6, "{{ r.id }}", "text"), ("变更内容", "Variation", 6.9, "{{ r.title }}", "text"),
    ("金额", "Amount", 3.1, "{{ r.amount }}", "num"), ("批准日期", "Approved on", 2.9, "{{ r.approved }}", "lang"),
    ("计入节点", "Node", 1.7, "{{ r.node }}", "text"),
]
NODES: list[Column] = [
    ("付款节点", "Payment node", 3.6, "{{ r.id }} {{ r.title }}", "text"),
    ("应付金额", "Amount", 2.6, "{{ r.amount }}", "num"), ("已付金额", "Paid", 2.6, "{{ r.paid }}", "num"),
    ("状态", "State", 3.0, "{{ r.state }}", "lang"), ("到期日/计划日期", "Due or planned date", 4.4, "{{ r.date }}", "lang"),
]
NODES_TOTAL = [("合计", "Total"), ("{{ totals.amount }}", ""), ("{{ totals.paid }}", ""), ("", ""), ("", "")]
UPCOMING: list[Column] = [
    ("付款节点", "Payment node", 5.6, "{{ r.id }} {{ r.title }}", "text"),
    ("金额", "Amount", 3.8, "{{ r.amount }}", "lang"), ("到期日", "Due date", 3.5, "{{ r.date }}", "lang"),
    ("期间", "When", 3.3, "{{ r.window }}", "lang"),
]


class _Writer:
    """One template being built in its language(s)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bilingual = lang == "bilingual"
        self.doc = new_document("{{ confidential }}")

    def pick(self, zh: str, en: str | None, sep: str = "\n") -> str:
        """A cell or label in the template's language(s); ``en`` None: the zh text, which reads the same in both."""
        if self.lang == "zh" or (self.lang == "en" and en is None):
            return zh
        if self.lang == "en":
            return en or ""
        if en is None or not en:
            return _scoped(zh, "zh")
        return f"{_scoped(zh, 'zh')}{sep}{_scoped(en, 'en')}" if zh else _scoped(en, "en")

    def name(self, expr: str) -> str:
        return _NAME.sub(r"zh.\1", expr) if self.bilingual else expr

    def para(self, key: str, style: str | None = None, align: WD_ALIGN_PARAGRAPH | None = None,
             keep: bool = False) -> None:
        zh, en = TEXT[key]
        out = []
        if self.lang in ("zh", "bilingual") and zh:
            out.append(p(self.doc, _scoped(zh, "zh") if self.bilingual else zh, style, align))
        if self.lang in ("en", "bilingual") and en:
            out.append(p(self.doc, _scoped(en, "en") if self.bilingual else en, style, align))
        for paragraph in out:
            paragraph.paragraph_format.keep_with_next = keep

    def heading(self, key: str, style: str = "Heading 1") -> None:
        p(self.doc, self.pick(*TEXT[key], sep="　"), style)

    def item(self, pair: tuple[str, str], var: str, seq: str, style: str = "Clause Item") -> None:
        zh, en = pair
        if self.lang != "en":
            p(self.doc, _scoped(zh, "zh") if self.bilingual else zh, style)
        if self.lang != "zh":
            p(self.doc, _en_item(en, var, seq) if self.bilingual else en, style)

    @contextmanager
    def when(self, condition: str) -> Iterator[None]:
        tag(self.doc, "{%p if " + self.name(condition) + " %}")
        yield
        tag(self.doc, "{%p endif %}")

    def otherwise(self) -> None:
        tag(self.doc, "{%p else %}")

    @contextmanager
    def each(self, var: str, seq: str) -> Iterator[None]:
        tag(self.doc, f"{{%p for {var} in {self.name(seq)} %}}")
        yield
        tag(self.doc, "{%p endfor %}")

    def grid(self, columns: list[Column], seq: str, total: list[tuple[str, str]] | None = None) -> None:
        """A table of ``seq`` (items named ``r``), one row each, with an optional total row."""
        widths = [c[2] for c in columns]
        assert abs(sum(widths) - WIDTH) < 0.01, (seq, sum(widths))
        row = []
        for _, _, _, cell, kind in columns:
            zh_cell, en_cell = cell if isinstance(cell, tuple) else (cell, cell)
            if not self.bilingual:
                row.append(zh_cell if self.lang == "zh" else en_cell)
            elif kind == "lang":
                row.append(f"{_scoped(zh_cell, 'zh')}\n{_en_item(en_cell, 'r', seq)}")
            else:
                row.append(_scoped(zh_cell, "zh"))
        totals = [self.pick(zh, None if zh.startswith("{{") or not en else en) for zh, en in total] if total else None
        t = table(self.doc, widths, [self.pick(c[0], c[1]) for c in columns], row, loop=f"r in {self.name(seq)}",
                  total=totals)
        for r in t.rows:  # rows whole, and the table on one page where it fits: a total is not left alone
            r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for r in t.rows[:-1]:
            for cell in r.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        for i, column in enumerate(columns):
            if column[4] == "num":
                for r in t.rows[1:]:
                    r.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def facts(self, label_cm: float) -> None:
        t = self.doc.add_table(rows=0, cols=2)
        borderless(t)
        for zh_label, en_label, zh_value, en_value, guard in FACTS:
            if guard:
                t.add_row().cells[0].paragraphs[0].text = "{%tr if " + self.name(guard) + " %}"
            r = t.add_row()
            r.cells[0].paragraphs[0].text = self.pick(zh_label, en_label, sep=" ")
            r.cells[0].paragraphs[0].style = self.doc.styles["Table Head"]
            r.cells[1].paragraphs[0].text = self.pick(zh_value, en_value)
            r.cells[1].paragraphs[0].style = self.doc.styles["Table Text"]
            if guard:
                t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
        _fixed_layout(t, [label_cm, WIDTH - label_cm])
        for r in t.rows:
            r.cells[0].width, r.cells[1].width = Cm(label_cm), Cm(WIDTH - label_cm)
        p(self.doc)

    def section(self, heading: str, seq: str, intro: str, columns: list[Column], none: str) -> None:
        """A sub-heading, then the table of ``seq`` with its intro, or one sentence when it is empty."""
        self.heading(heading, "Heading 2")
        with self.when(seq):
            self.para(intro, keep=True)
            self.grid(columns, seq)
            p(self.doc)
            self.otherwise()
            self.para(none)


def build_report_template(lang: str) -> Path:
    w = _Writer(lang)
    p(w.doc, w.pick(*TEXT["title"]), "Title")
    if w.bilingual:
        p(w.doc, "编号 Our ref：{{ zh.doc.reference }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
        p(w.doc, "日期 Date：{{ zh.doc.date }} / {{ en.doc.date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    else:
        p(w.doc, TEXT["ref"][0] if lang == "zh" else TEXT["ref"][1], align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.facts(4.4 if w.bilingual else 3.0)
    w.para("salutation")
    w.para("intro")

    w.heading("progress")
    w.section("milestones", "applications", "milestones_intro", APPLICATIONS, "milestones_none")
    w.section("acceptance", "acceptances", "acceptance_intro", ACCEPTANCES, "acceptance_none")
    w.section("variations", "variations", "variations_intro", VARIATIONS, "variations_none")

    w.heading("outlook")
    w.para("outlook_intro", keep=True)
    w.grid(NODES, "nodes", NODES_TOTAL)
    w.heading("upcoming", "Heading 2")
    with w.when("upcoming"):
        w.para("upcoming_intro", keep=True)
        w.grid(UPCOMING, "upcoming")
        p(w.doc)
        w.para("upcoming_thanks")
        w.otherwise()
        w.para("upcoming_none")
    w.heading("overdue", "Heading 2")
    with w.when("overdue"):
        w.para("overdue_intro", keep=True)
        with w.each("o", "overdue"):
            w.item(TEXT["overdue_item"], "o", "overdue")
        w.para("overdue_ask")
        w.otherwise()
        w.para("overdue_none")

    w.heading("chart")
    w.para("chart_intro", keep=True)
    p(w.doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)

    w.heading("risks")
    with w.when("risks"):
        with w.each("x", "risks"):
            w.item(("{{ loop.index }}. {{ x }}", "{{ loop.index }}. {{ x }}"), "x", "risks")
        w.otherwise()
        w.para("risks_none")
    w.heading("notes")
    with w.each("x", "notes"):
        w.item(("{{ loop.index }}. {{ x }}", "{{ loop.index }}. {{ x }}"), "x", "notes", "Table Text")
    p(w.doc)
    w.para("contact")
    held = []  # the closing words stay on the page of the signature
    if lang != "en":
        held += [p(w.doc, TEXT["closing"][0]), p(w.doc, TEXT["salute"][0])]
    if lang != "zh":
        held.append(p(w.doc, TEXT["closing"][1]))
    held.append(p(w.doc))
    for paragraph in held:
        paragraph.paragraph_format.keep_with_next = True
    right = WD_ALIGN_PARAGRAPH.RIGHT if lang != "en" else None
    w.para("signature", align=right, keep=True)
    p(w.doc, w.pick("{{ doc.date }}", None), align=right)
    return save(w.doc, f"report.{lang}.docx")


def build_report() -> list[Path]:
    return [build_report_template(lang) for lang in LANGS]
