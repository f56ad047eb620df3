"""The demand letters' templates and the case summary, in zh, en and bilingual:

demand-reminder.*.docx (付款提醒函 / Payment Reminder), demand-notice.*.docx (催款通知书 / Formal Notice of
Default), demand-suspension.*.docx (暂停施工通知书 / Notice of Suspension of Work), demand-final.*.docx
(最后催告函 / Letter before Action), demand-acknowledgment.*.docx (对账单 / Statement of
Account) and case-summary.*.docx (案件摘要 / Case Summary for Counsel).

Every text is a (zh, en) pair of Jinja over one language's demand context (templates/README.md, "Demand
letters"); the bilingual templates point each name at ``zh.`` or ``en.`` with ``_scoped``. Statutes named in
the prose are only those shared/REFERENCE.md supports; every other citation comes from the context's ``law``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from build_templates import (
    _fixed_layout,
    borderless,
    keep_last_paragraph,
    kept_block,
    new_document,
    p,
    save,
    table,
    tag,
)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

LANGS = ("zh", "en", "bilingual")
WIDTH = 16.2  # A4 portrait between margins, in cm

#: The names a demand context has at its top level (README: common names and "Demand letters").
_NAMES = (
    "lang",
    "delivered_by",
    "confidential",
    "terms",
    "client",
    "contractor",
    "project",
    "contract",
    "doc",
    "nodes",
    "totals",
    "periods",
    "interest_basis",
    "clauses",
    "deadline_days",
    "deadline",
    "law",
    "suspension",
    "termination",
    "dispute",
    "regime",
    "invoices",
    "priority_deadline",
    "priority_scope",
    "priority_excluded",
    "priority_lapsed",
    "limitation",
    "previous",
    "acknowledgments",
    "enclosures",
    "chronology",
    "evidence",
    "held",
    "held_kind",
    "disputes",
    "broken",
    "statutory",
    "accounts",
    "account_totals",
    "regime_source",
    "notified",
    "interest_term",
    "sme_law",
)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_NAME = re.compile(r"(?<![\w.])(" + "|".join(_NAMES) + r")\b")


#: A string literal inside a Jinja expression: its words are values, never context names.
_LITERAL = re.compile(r"('[^']*'|\"[^\"]*\")")


def _scope_expr(expr: str, scope: str) -> str:
    """Point the context names of ``expr`` at ``scope``, leaving string literals alone: in
    ``termination.route == 'suspension'`` the value 'suspension' is not the context's ``suspension``."""
    parts = _LITERAL.split(expr)
    return "".join(part if i % 2 else _NAME.sub(scope + r".\1", part) for i, part in enumerate(parts))


def _scoped(text: str, scope: str) -> str:
    """Point every context name inside the Jinja tags of ``text`` at ``zh.`` or ``en.``."""
    return _TAG.sub(lambda m: _scope_expr(m.group(0), scope), text)


def _en_item(text: str, var: str, seq: str) -> str:
    """In a bilingual loop over ``zh.seq``, read the loop item ``var`` from the English context instead."""
    pattern = re.compile(r"(?<![\w.])" + re.escape(var) + r"\b")
    repl = f"en.{seq}[loop.index0]"
    return _TAG.sub(lambda m: pattern.sub(repl, _scope_expr(m.group(0), "en")), text)


# ------------------------------------------------------------------------------------- shared wording

#: Citations from the context's ``law`` in one sentence.
LAW_ZH = "{% for l in law %}{{ l.cite }}{% if not loop.last %}、{% endif %}{% endfor %}"
LAW_EN = (
    "{% for l in law %}{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}"
    "{{ l.cite }}{% endfor %}"
)

#: What an earlier letter left unpaid: the sums, or, where every price it chased has since been paid (late), the
#: interest on the late payment alone; a letter must not tell a client who has paid the price that it remains unpaid.
_STILL_UNPAID_ZH = "{% if totals.principal_due %}贵方至今仍未付清{% else %}贵方此后虽已付清欠款本金，但逾期付款产生的{{ interest_term }}至今未付{% endif %}"
_STILL_UNPAID_EN = (
    "{% if totals.principal_due %}the sums remain unpaid{% else %}although you have since paid the principal, "
    "the {{ interest_term }} on the late payment remains unpaid{% endif %}"
)

#: The contract, named once in each letter: 贵我双方于…签订的《…》合同（合同编号：…，以下简称“合同”）.
_SIGNED_ZH = (
    "贵我双方{% if contract.signed_on %}于{{ contract.signed_on }}{% endif %}签订的《{{ project.name }}》合同"
    "（合同编号：{{ contract.number }}，以下简称“合同”）"
)
_SIGNED_EN = (
    "the contract between us{% if contract.signed_on %} dated {{ contract.signed_on }}{% endif %}"
    " for {{ project.name }} (Contract No. {{ contract.number }}, the “Contract”)"
)
#: An English citation at the start of a list item: "the Late Payment ... Act 1998" reads "The Late ...".
_CITE_EN = "{{ l.cite[:1]|upper }}{{ l.cite[1:] }}"
#: What is suspended: the works (施工) in construction, performance (履行) otherwise.
_SUSPEND_ZH = "{% if regime.works %}施工{% else %}履行{% endif %}"
_PLURAL = "{% if n.days_overdue|string != '1' %}s{% endif %}"

COMMON = {
    "sme": (
        "我方为中小企业，贵方{% if client.size == 'government' %}属于机关、事业单位{% else %}为大型企业{% endif %}。依照{{ sme_law.duties }}，贵方应当在约定的付款期限内付款，逾期付款的应当支付逾期利息；贵方仍不付款的，我方可以依照{{ sme_law.complaint }}向省级以上人民政府负责中小企业促进工作综合管理的部门投诉。",
        "We are a small or medium-sized enterprise and you are {% if client.size == 'government' %}a public body{% else %}a large enterprise{% endif %}. Under {{ sme_law.duties }} you are to pay within the agreed term and, if you pay late, to pay interest; if you still do not pay, we may complain under {{ sme_law.complaint }} to the department in charge of promoting small and medium-sized enterprises at provincial level or above.",
    ),
    "acknowledged": (
        "贵方{% for a in acknowledgments %}{% if not loop.first %}，并{% endif %}于{{ a.date }}{% if a.ref %}以{{ a.ref }}{% endif %}书面确认{% if a.amount %}欠付{{ a.amount }}{% else %}上述欠款{% endif %}{% endfor %}，但至今仍未付清。",
        "You acknowledged the debt in writing {% for a in acknowledgments %}{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}on {{ a.date }}{% if a.ref %} ({{ a.ref }}){% endif %}{% if a.amount %} in the sum of {{ a.amount }}{% endif %}{% endfor %}, but it remains unpaid.",
    ),
    "held": (
        "上述欠款不含{% if held_kind == 'uncertified' %}贵方证书未予确认、尚待解决的{% elif held_kind == 'notice' %}贵方付款通知未予确认、尚待解决的{% elif held_kind == 'both' %}贵方提出异议或者证书未予确认、尚待解决的{% else %}贵方提出异议、尚待解决的{% endif %}{{ held }}{% for d in disputes %}{% if d.held %}（{{ d.node }}：贵方{{ d.date }}{% if d.ref %}以{{ d.ref }}{% endif %}提出异议，理由为“{{ d.reason }}”）{% endif %}{% endfor %}；我方就该部分保留全部权利，将另行解决。本函所催告的为无争议部分，其支付不以该部分的解决为条件。",
        "The sums above leave out {{ held }} {% if held_kind == 'uncertified' %}that your certificate left out and that remains to be resolved{% elif held_kind == 'notice' %}that your payment notice left out and that remains to be resolved{% elif held_kind == 'both' %}that you dispute or that your certificate left out, and that remains to be resolved{% else %}that you dispute and that remains to be resolved{% endif %}{% for d in disputes %}{% if d.held %} ({{ d.node }}: your dispute of {{ d.date }}{% if d.ref %}, {{ d.ref }}{% endif %}, on the ground that “{{ d.reason }}”){% endif %}{% endfor %}; we reserve our position on it, and it will be resolved separately. This letter claims the undisputed part, the payment of which does not wait for that part to be resolved.",
    ),
    "act_dates": (
        "{% for s in statutory %}{{ s.node }}的应付日为{{ s.due_date }}，最终付款日为{{ s.final_date }}；贵方未在最终付款日或者之前足额付款，自{{ s.late_from }}起即构成逾期付款{% if totals.accrues %}，{{ interest_term }}自该日起计算{% endif %}。{% endfor %}",
        "{% for s in statutory %}For {{ s.node }} the payment due date was {{ s.due_date }} and the final date for payment {{ s.final_date }}; payment is late from {{ s.late_from }}, the day after the final date for payment{% if totals.accrues %}, and interest runs from that day{% endif %}.{% if not loop.last %} {% endif %}{% endfor %}",
    ),
    "broken": (
        "{% for b in broken %}贵方曾于{{ b.made }}承诺{% if b.ref %}（{{ b.ref }}）{% endif %}于{{ b.by }}（含当日）前支付{{ b.node }}{% if b.amount %}款项{{ b.amount }}{% else %}全部欠款{% endif %}，但{% if b.until %}至{{ b.until }}（承诺之日为休息日，顺延至其后第一个工作日）{% else %}至该日{% endif %}{% if b.paid %}仅支付{{ b.paid }}{% else %}未支付任何款项{% endif %}，未履行承诺。{% endfor %}",
        "{% for b in broken %}On {{ b.made }}{% if b.ref %} ({{ b.ref }}){% endif %} you promised to pay {% if b.amount %}{{ b.amount }} on {{ b.node }}{% else %}the whole sum due on {{ b.node }}{% endif %} by {{ b.by }}; {% if b.until %}by {{ b.until }} (the day promised being a rest day, the first working day after it) {% else %}by that day {% endif %}{% if b.paid %}you had paid only {{ b.paid }}{% else %}you had paid nothing{% endif %}, and the promise was not kept.{% if not loop.last %} {% endif %}{% endfor %}",
    ),
    "notified": (
        "{% for s in notified %}{{ s.node }}的通知金额为{{ s.notified_sum }}，依据为{{ s.notified_by }}，最终付款日为{{ s.final_date }}；{% if s.pay_less %}贵方{{ s.pay_less }}的少付通知晚于最后期限{{ s.pay_less_by }}，不构成有效的少付通知{% else %}贵方未在{{ s.pay_less_by }}（含当日）前发出少付通知{% endif %}，{% if regime.construction_act %}依照英国《1996年住房补助、建设和重建法》第111条{% else %}依照{{ regime_source }}的约定{% endif %}，该通知金额应当足额支付{% if s.paid %}；其中贵方已付{{ s.paid }}，尚欠{{ s.unpaid }}{% endif %}。{% endfor %}",
        "{% for s in notified %}The notified sum for {{ s.node }} is {{ s.notified_sum }} ({{ s.notified_by }}), with a final date for payment of {{ s.final_date }}; {% if s.pay_less %}your notice of {{ s.pay_less }} came after {{ s.pay_less_by }}, the last day for a pay less notice, and is not a valid one{% else %}no pay less notice was given by {{ s.pay_less_by }}{% endif %}, so under {% if regime.construction_act %}section 111 of the Housing Grants, Construction and Regeneration Act 1996{% else %}{{ regime_source }}{% endif %} that sum is payable in full{% if s.paid %}; of it you have paid {{ s.paid }}, and {{ s.unpaid }} remains unpaid{% endif %}.{% if not loop.last %} {% endif %}{% endfor %}",
    ),
    "ref": (
        "编号：{{ doc.reference }}　　日期：{{ doc.date }}",
        "Our ref: {{ doc.reference }}    Date: {{ doc.date }}",
    ),
    "to": ("致：{{ client.name }}", "To: {{ client.name }}"),
    "attn": ("收件人：{{ client.representative }}", "For the attention of: {{ client.representative }}"),
    "address": ("送达地址：{{ client.address }}", "Address for service: {{ client.address }}"),
    "salutation": (
        "{{ client.name }}：",
        "Dear {% if client.salutation %}{{ client.salutation }}{% else %}Sir or Madam{% endif %},",
    ),
    "account_name": ("户名：{{ contractor.account_name }}", "Account name: {{ contractor.account_name }}"),
    "bank": ("开户银行：{{ contractor.bank_name }}", "Bank: {{ contractor.bank_name }}"),
    "account": ("账号：{{ contractor.bank_account }}", "Account number: {{ contractor.bank_account }}"),
    "swift": ("SWIFT代码：{{ contractor.swift }}", "SWIFT/BIC: {{ contractor.swift }}"),
    "pay_to": ("请将上述款项汇入我方以下账户：", "Payment should be made to the following account:"),
    "contact": (
        "如对上述款项有任何疑问，敬请及时与我方联系{% if contractor.representative %}，联系人：{{ contractor.representative }}{% endif %}{% if contractor.phone %}，电话：{{ contractor.phone }}{% endif %}{% if contractor.email %}，电子邮箱：{{ contractor.email }}{% endif %}。",
        "Should you have any query about these sums, please contact {% if contractor.representative %}{{ contractor.representative }}{% else %}us{% endif %}{% if contractor.phone %}, telephone {{ contractor.phone }}{% endif %}{% if contractor.email %}, email {{ contractor.email }}{% endif %}.",
    ),
    "law_list": (
        "我方的上述主张以合同约定及下列规定为依据：",
        "Our claim rests on the Contract and on the following provisions:",
    ),
    "enclosures": ("附件：", "Enclosures:"),
    "sincerely": ("此致", "Yours {% if client.salutation %}sincerely{% else %}faithfully{% endif %},"),
    "salute": ("敬礼！", ""),
    "signature": (
        "{{ contractor.name }}（盖章）",
        "For and on behalf of {{ contractor.name }}{% if contractor.person %}\n{{ contractor.person }}{% if contractor.position %}, {{ contractor.position }}{% endif %}{% endif %}{% if contractor.address %}\n{{ contractor.address }}{% endif %}",
    ),
    "limitation": (
        "本函系我方依法向贵方提出的付款请求。依照《中华人民共和国民法典》第一百九十五条，诉讼时效自本函送达贵方之日起中断，重新计算。",
        "This letter is a demand for payment: under Article 195 of the Civil Code of the People's Republic of China it interrupts the limitation period, which runs afresh from the day the letter reaches you.",
    ),
}

#: Statement of account: the totals, one row each; a row with a condition is left out when it is empty.
TOTALS = [
    (
        "欠付本金合计",
        "Total outstanding",
        "{{ totals.outstanding }}（大写：{{ totals.outstanding_words }}）",
        "{{ totals.outstanding }} ({{ totals.outstanding_words }})",
        None,
        False,
    ),
    (
        "增值税（{{ totals.vat_rate }}）",
        "VAT at {{ totals.vat_rate }} on the sum outstanding",
        "{{ totals.vat }}",
        "{{ totals.vat }}",
        "totals.vat",
        False,
    ),
    (
        "{{ interest_term }}（截至{{ doc.date }}）",
        "Interest to {{ doc.date }}",
        "{{ totals.interest }}（大写：{{ totals.interest_words }}）",
        "{{ totals.interest }} ({{ totals.interest_words }})",
        "totals.accrues",
        False,
    ),
    (
        "固定补偿金",
        "Fixed compensation",
        "{{ totals.compensation }}",
        "{{ totals.compensation }}",
        "totals.compensation",
        False,
    ),
    (
        "请求支付总额",
        "Total claimed",
        "{{ totals.claim }}（大写：{{ totals.claim_words }}）",
        "{{ totals.claim }} ({{ totals.claim_words }})",
        None,
        True,
    ),
    (
        "此后每日新增{{ interest_term }}",
        "Further interest per day",
        "{{ totals.daily }}",
        "{{ totals.daily }}",
        "totals.continues",
        False,
    ),
]

# Table columns: (zh head, en head, width cm, cell, kind); cell is one text, or (zh, en) where they differ.
# kind: "text" prints the zh context's value in a bilingual table (names, ids: the same in both), "lang"
# prints both languages, "money" the zh value right-aligned, "num" a right-aligned number. The widths of
# each table add up to WIDTH.
# As LibreOffice sets them at 9 pt, money text in Chinese (人民币1,234,567.89元) needs about 3.7 cm and a date
# (2026年11月29日) 2.9 cm; the widths below keep both on one line.


def _node(width: float) -> Column:
    return ("付款节点", "Payment node", width, "{{ n.id }} {{ n.title }}", "text")


def _money(zh: str, en: str, field: str, width: float = 3.7) -> Column:
    return (zh, en, width, "{{ n." + field + " }}", "money")


#: The due date with the days overdue under it.
NODE_DUE_DAYS = (
    "{% if statutory %}最终付款日{% else %}到期日{% endif %}",
    "{% if statutory %}Final date for payment{% else %}Due date{% endif %}",
    2.9,
    (
        "{{ n.due_date }}\n{% if n.settled_on %}{{ n.settled_on }}付清，逾期{{ n.days_late }}日{% else %}逾期{{ n.days_overdue }}日{% endif %}",
        "{{ n.due_date }}\n{% if n.settled_on %}paid {{ n.settled_on }}, {{ n.days_late }} day{% if n.days_late != '1' %}s{% endif %} late{% else %}{{ n.days_overdue }} day"
        + _PLURAL
        + " overdue{% endif %}",
    ),
    "lang",
)
NODE_DUE = (
    "{% if statutory %}最终付款日{% else %}到期日{% endif %}",
    "{% if statutory %}Final date for payment{% else %}Due date{% endif %}",
    2.9,
    "{{ n.due_date }}",
    "lang",
)

PERIOD_COLUMNS = [
    ("节点", "Node", 1.2, "{{ q.node }}", "text"),
    ("计息期间", "Period", 3.5, ("{{ q.first }}至\n{{ q.last }}", "{{ q.first }} to\n{{ q.last }}"), "lang"),
    ("天数", "Days", 1.2, "{{ q.days }}", "num"),
    ("计息本金", "Principal", 3.7, "{{ q.principal }}", "money"),
    ("利率", "Rate", 2.9, "{{ q.rate }}", "lang"),
    ("{{ interest_term }}", "Interest", 3.7, "{{ q.amount }}", "money"),
]
PREVIOUS_COLUMNS = [
    ("节点", "Node", 1.3, "{{ r.node }}", "text"),
    ("日期", "Date", 2.9, "{{ r.date }}", "lang"),
    ("函件", "Letter", 3.6, ("{{ r.stage }}", "{{ r.stage|capitalize }}"), "lang"),
    ("发送方式", "Sent by", 2.6, "{{ r.via }}", "lang"),
    ("单号", "Tracking no.", 2.8, "{{ r.tracking }}", "text"),
    ("送达日期", "Delivered", 3.0, "{{ r.delivered }}", "lang"),
]


#: A table column: zh head, en head, width in cm, cell (one text, or zh and en), kind.
Column = tuple[str, str, float, str | tuple[str, str], str]
#: A row of a facts table: label zh, label en, value zh, value en (None: reads the same in both), condition.
FactRow = tuple[str, str, str, str | None, str | None]


def _widths(columns: list[Column]) -> list[float]:
    widths = [c[2] for c in columns]
    assert abs(sum(widths) - WIDTH) < 0.01, (widths, sum(widths))
    return widths


# ------------------------------------------------------------------------------------------ the writer


class _Writer:
    """One template being built: paragraphs, guards, loops and tables in the template's language(s)."""

    def __init__(self, lang: str, *, marked: bool = False) -> None:
        """``marked``: the header carries the contract's confidentiality mark. A demand letter is not marked:
        it is written to be shown to a court or an arbitrator; the case summary for counsel is."""
        self.lang = lang
        self.bilingual = lang == "bilingual"
        self.doc = new_document("{{ confidential }}" if marked else None)

    # names ----------------------------------------------------------------------------------------
    def zh(self, text: str) -> str:
        return _scoped(text, "zh") if self.bilingual else text

    def en(self, text: str) -> str:
        return _scoped(text, "en") if self.bilingual else text

    def name(self, expr: str) -> str:
        """A context expression in a tag of its own ({%p if %}, {%p for %}): the zh context's in bilingual."""
        return _scope_expr(expr, "zh") if self.bilingual else expr

    def pick(self, zh: str, en: str | None, sep: str = "\n") -> str:
        """One text for a table cell or a label: either language, or both (``en`` None: the zh text alone)."""
        if self.lang == "zh":
            return zh
        if self.lang == "en":
            return zh if en is None else en
        if en is None or not zh:
            return _scoped(zh, "written") if en is None else self.en(en)
        return f"{self.zh(zh)}{sep}{self.en(en)}"

    # paragraphs -----------------------------------------------------------------------------------
    def para(
        self,
        pair: tuple[str, str],
        style: str | None = "body",
        align: WD_ALIGN_PARAGRAPH | None = None,
        bold: bool = False,
        *,
        keep: bool = False,
    ) -> None:
        """A paragraph in the template's language(s); ``keep`` holds it on the page of what follows (a table)."""
        zh, en = pair
        out = []
        if self.lang in ("zh", "bilingual") and zh:
            out.append(p(self.doc, self.zh(zh), "Letter Body" if style == "body" else style, align, bold))
        if self.lang in ("en", "bilingual") and en:
            out.append(p(self.doc, self.en(en), None if style == "body" else style, align, bold))
        if keep:
            for paragraph in out:
                paragraph.paragraph_format.keep_with_next = True

    def item(self, pair: tuple[str, str], var: str, seq: str, style: str = "Clause Item") -> None:
        """A paragraph inside ``{%p for var in seq %}``: the English one reads the same item in English."""
        zh, en = pair
        if self.lang == "zh":
            p(self.doc, zh, style)
        elif self.lang == "en":
            p(self.doc, en, style)
        else:
            p(self.doc, _scoped(zh, "zh"), style)
            p(self.doc, _en_item(en, var, seq), style)

    def blank(self) -> None:
        p(self.doc)

    @contextmanager
    def when(self, condition: str) -> Iterator[None]:
        tag(self.doc, "{%p if " + self.name(condition) + " %}")
        yield
        tag(self.doc, "{%p endif %}")

    def client_answers(self) -> None:
        """What the client answered that the letter must state: a part held in dispute, the sum notified under a
        construction-payment statute, a broken promise to pay; each paragraph only where the ledger has it."""
        for name in ("held", "notified", "broken"):
            with self.when(name):
                self.para(COMMON[name])

    def act_dates(self) -> None:
        """Under the Construction Act: each node's payment due date and final date for payment, and that lateness
        (and interest) runs from the day after the final date."""
        with self.when("statutory"):
            self.para(COMMON["act_dates"])

    @contextmanager
    def each(self, var: str, seq: str) -> Iterator[None]:
        tag(self.doc, f"{{%p for {var} in {self.name(seq)} %}}")
        yield
        tag(self.doc, "{%p endfor %}")

    def heading(self, pair: tuple[str, str], style: str = "Heading 2") -> None:
        p(self.doc, self.pick(*pair, sep="　"), style)

    # tables ---------------------------------------------------------------------------------------
    def grid(self, columns: list[Column], var: str, seq: str, total: list[tuple[str, str]] | None = None) -> None:
        """A table of ``seq``, one row per item, with an optional total row of (zh, en) cells."""
        head = [self.pick(c[0], c[1]) for c in columns]
        row = []
        for _, _, _, cell, kind in columns:
            zh_cell, en_cell = cell if isinstance(cell, tuple) else (cell, cell)
            if self.lang != "bilingual":
                row.append(zh_cell if self.lang == "zh" else en_cell)
            elif kind == "lang":
                row.append(f"{_scoped(zh_cell, 'zh')}\n{_en_item(en_cell, var, seq)}")
            else:
                row.append(_scoped(zh_cell, "written"))
        totals = None
        assert total is None or len(total) == len(columns), (len(total), len(columns))
        if total:  # labels in the template's language(s); amounts as the rows above read them
            totals = [self._total_cell(zh, en) for zh, en in total]
        # a bilingual table is shared by both languages: it reads the project's words as written (``written``)
        loop = f"{var} in {_scope_expr(seq, 'written') if self.bilingual else seq}"
        t = table(self.doc, _widths(columns), head, row, loop=loop, total=totals)
        for i, column in enumerate(columns):
            if column[4] in ("money", "num"):
                for r in t.rows[1:]:
                    r.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def _total_cell(self, zh: str, en: str) -> str:
        """A total row's cell: a label in the template's language(s); an amount (a cell that opens with a tag) in
        the template's language, and in a bilingual table once, read from the project's words as written, like the
        money cells of the rows above it."""
        if not zh.startswith("{{"):
            return self.pick(zh, en)
        if self.lang == "zh":
            return zh
        if self.lang == "en":
            return en
        return _scoped(zh, "written")

    def facts(
        self, rows: list[FactRow], label_cm: float, *, grid: bool = False, bold_rows: tuple[int, ...] = ()
    ) -> None:
        """A two-column table of labelled facts (label zh, en; value zh, en or None when it reads the same in both;
        condition): a row with a condition is dropped by {%tr if %} when the condition is false."""
        t = self.doc.add_table(rows=0, cols=2)
        t.alignment = WD_TABLE_ALIGNMENT.CENTER  # aligned with the grids above and below it
        if grid:
            t.style = self.doc.styles["Table Grid"]
        else:
            borderless(t)
        for i, (zh_label, en_label, zh_value, en_value, condition) in enumerate(rows):
            if condition:
                t.add_row().cells[0].paragraphs[0].text = "{%tr if " + self.name(condition) + " %}"
            r = t.add_row()
            strong = i in bold_rows
            r.cells[0].paragraphs[0].text = self.pick(zh_label, en_label)
            r.cells[0].paragraphs[0].style = self.doc.styles["Table Head"]
            r.cells[1].paragraphs[0].text = self.pick(zh_value, en_value)
            r.cells[1].paragraphs[0].style = self.doc.styles["Table Head" if strong else "Table Text"]
            if condition:
                t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
        _fixed_layout(t, [label_cm, WIDTH - label_cm])
        for r in t.rows:
            r.cells[0].width, r.cells[1].width = Cm(label_cm), Cm(WIDTH - label_cm)

    def totals(self) -> None:
        self.facts(
            [(zl, el, zv, ev, cond) for zl, el, zv, ev, cond, _ in TOTALS],
            5.4,
            grid=True,
            bold_rows=tuple(i for i, row in enumerate(TOTALS) if row[5]),
        )

    def law_list(self, intro: tuple[str, str]) -> None:
        with self.when("law"):
            self.para(intro)
            with self.each("l", "law"):
                self.item(("{{ loop.index }}. {{ l.cite }}", "{{ loop.index }}. " + _CITE_EN), "l", "law")

    # letter parts ---------------------------------------------------------------------------------
    def letter_head(self, title: tuple[str, str], subject: tuple[str, str]) -> None:
        p(self.doc, self.pick(*title), "Title")
        p(self.doc, self.line("ref"), align=WD_ALIGN_PARAGRAPH.RIGHT)
        p(self.doc, self.line("to"))
        for key, field in (("attn", "client.representative"), ("address", "client.address")):
            with self.when(field):
                p(self.doc, self.line(key))
        self.para(subject, style=None, bold=True)
        self.para(COMMON["salutation"], style=None)

    def line(self, key: str) -> str:
        return self.labelled(COMMON[key])

    def labelled(self, pair: tuple[str, str]) -> str:
        """A labelled line ("送达地址：...") in one language, or with both labels and the zh value once."""
        zh, en = pair
        if not self.bilingual:
            return zh if self.lang == "zh" else en
        if pair == COMMON["ref"]:
            return "编号 Our ref：{{ zh.doc.reference }}　　日期 Date：{{ zh.doc.date }} / {{ en.doc.date }}"
        label_zh, _, value = zh.partition("：")
        label_en = en.partition(":")[0]
        return f"{label_zh} {label_en}：{_scoped(value, 'zh')}"

    def bank(self, *, with_intro: bool = True) -> None:
        """The contractor's account, when it has one; each optional line only when given."""
        with self.when("contractor.bank_account"):
            if with_intro:
                self.para(COMMON["pay_to"])
            for key, field in (
                ("account_name", "contractor.account_name"),
                ("bank", "contractor.bank_name"),
                ("account", None),
                ("swift", "contractor.swift"),
            ):
                line = self.line(key)
                if field:
                    with self.when(field):
                        p(self.doc, line, "Clause Item")
                else:
                    p(self.doc, line, "Clause Item")

    def previous_table(self, intro: tuple[str, str]) -> None:
        with self.when("previous"):
            self.para(intro, keep=True)
            self.grid(PREVIOUS_COLUMNS, "r", "previous")
            self.blank()

    def statement(self, node_columns: list[Column], node_total: list[tuple[str, str]]) -> None:
        """The statement of account: the nodes, the interest by period and the totals."""
        self.grid(node_columns, "n", "nodes", total=node_total)
        with self.when("periods"):
            self.heading(("{{ interest_term }}计算", "Interest by period"), "Heading 2")
            blanks = [("", "")] * (len(PERIOD_COLUMNS) - 2)
            self.grid(
                PERIOD_COLUMNS,
                "q",
                "periods",
                total=[("合计", "Total"), *blanks, ("{{ totals.interest }}", "{{ totals.interest }}")],
            )
            with self.when("totals.net_interest"):
                self.para(
                    ("上表按不含增值税的欠款本金计算。", "The table is calculated on the sums due excluding VAT."),
                    "Table Text",
                )
            with self.when("totals.gross_interest"):
                self.para(
                    (
                        "上表按含增值税的欠款本金（即发票金额）计算，因此本金与上文不含增值税的欠款金额不同。",
                        "The table is calculated on the sums due including VAT, as invoiced, so its principal differs "
                        "from the amounts above, which exclude VAT.",
                    ),
                    "Table Text",
                )
        self.blank()
        self.totals()
        with self.when("interest_basis"):
            self.para(("计息依据：{{ interest_basis }}。", "Basis of interest: {{ interest_basis }}."), "Table Text")
        self.blank()

    def close(self, closing: tuple[str, str] | None, *, salute: bool = False) -> None:
        """Closing words, the contractor's name for signature and seal, the date, and the enclosures.

        They form one block that cannot split across pages (``kept_block``) and the last paragraph of the
        body travels with it, so that no page holds only the closing words and the seal, and the
        enclosures follow the signature on its page."""
        keep_last_paragraph(self.doc)
        body, self.doc = self.doc, kept_block(self.doc)
        if closing:
            self.para(closing)
        if self.lang in ("zh", "bilingual") and salute:
            p(self.doc, self.zh(COMMON["sincerely"][0]), "Letter Body")
            p(self.doc, COMMON["salute"][0])
        if self.lang == "en":
            p(self.doc)
        if self.lang in ("en", "bilingual"):
            p(self.doc, self.en(COMMON["sincerely"][1]) if self.bilingual else COMMON["sincerely"][1])
        p(self.doc)
        right = WD_ALIGN_PARAGRAPH.RIGHT
        if self.lang == "en":
            p(self.doc)
            p(self.doc, COMMON["signature"][1])
        else:
            p(self.doc, self.zh(COMMON["signature"][0]), align=right)
            if self.bilingual:
                p(self.doc, self.en(COMMON["signature"][1]), align=right)
            p(self.doc, self.zh("{{ doc.date }}"), align=right)
        with self.when("enclosures"):
            self.blank()
            p(self.doc, self.line("enclosures"))
            with self.each("e", "enclosures"):
                self.item(("{{ e }}", "{{ e }}"), "e", "enclosures")
        self.doc = body

    def save(self, name: str) -> Path:
        return save(self.doc, f"{name}.{self.lang}.docx")


# ------------------------------------------------------------------------------------------ reminder

REMINDER = {
    "title": ("付款提醒函", "Payment Reminder"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下到期款项的付款提醒",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: payment reminder",
    ),
    "intro": (
        "感谢贵方一直以来对我方工作的支持与配合。就"
        + _SIGNED_ZH
        + "，经我方核对，合同项下下列款项已届付款期限，截至本函发出之日我方尚未收到：",
        "We write about "
        + _SIGNED_EN
        + ". According to our records, the following payments under the Contract have fallen due but have not yet been received:",
    ),
    "node": (
        "{{ n.id }}　{{ n.title }}：付款条件{% if n.milestone %}“{{ n.milestone }}”{% endif %}已经成就{% if n.accepted %}，工作成果已于{{ n.accepted }}{% if n.deemed %}视为验收合格{% else %}验收合格{% endif %}{% endif %}{% if n.applied %}，我方已于{{ n.applied }}提交付款申请{% endif %}。该期款项{{ n.amount }}{% if n.sum %}（现确定的金额为{{ n.sum }}）{% endif %}{% if n.statutory_due %}的应付日为{{ n.statutory_due }}，最终付款日{{ n.due_date }}已经届满，自最终付款日的次日起计算，{% elif n.due_date %}的付款期限已于{{ n.due_date }}届满，{% endif %}现已逾期{{ n.days_overdue }}日{% if n.paid_any %}，其中已付{{ n.paid }}{% endif %}{% if n.held %}，尚未支付{{ n.unpaid }}；其中{{ n.held }}{% if n.held_kind == 'uncertified' %}贵方证书未予确认{% elif n.held_kind == 'notice' %}贵方付款通知未予确认{% elif n.held_kind == 'both' %}贵方有争议或者证书未予确认{% else %}贵方有争议{% endif %}、尚待解决，不在本函催告之列，无争议部分尚欠{{ n.outstanding }}（大写：{{ n.outstanding_words }}）{% else %}，尚欠{{ n.outstanding }}（大写：{{ n.outstanding_words }}）{% endif %}。",
        "{{ n.id }} {{ n.title }}: the milestone{% if n.milestone %} “{{ n.milestone }}”{% endif %} has been reached{% if n.accepted %}{% if n.deemed %} and the work was deemed accepted on {{ n.accepted }}{% else %} and the work was accepted on {{ n.accepted }}{% endif %}{% endif %}{% if n.applied %}; we applied for payment on {{ n.applied }}{% endif %}. The instalment of {{ n.amount }}{% if n.sum %} (now fixed at {{ n.sum }}){% endif %} {% if n.statutory_due %}became due on {{ n.statutory_due }}, the payment due date; its final date for payment was {{ n.due_date }}, and counted from that final date it {% elif n.due_date %}fell due on {{ n.due_date }} and {% endif %}is now {{ n.days_overdue }} day"
        + _PLURAL
        + " overdue{% if n.paid_any %}; {{ n.paid }} of it has been paid{% endif %}. {% if n.held %}{{ n.unpaid }} remains unpaid, of which {{ n.held }} {% if n.held_kind == 'uncertified' %}was left out of your certificate{% elif n.held_kind == 'notice' %}was left out of your payment notice{% elif n.held_kind == 'both' %}is in dispute or was left out of your certificate{% else %}is in dispute{% endif %} and yet to be resolved and is not claimed in this letter; the undisputed sum outstanding is {{ n.outstanding }} ({{ n.outstanding_words }}).{% else %}The sum outstanding is {{ n.outstanding }} ({{ n.outstanding_words }}).{% endif %}",
    ),
    "total": (
        "上述{% if held %}无争议的{% endif %}逾期款项合计{{ totals.outstanding }}（大写：{{ totals.outstanding_words }}）{% if totals.vat %}，另加增值税{{ totals.vat }}，共计{{ totals.gross }}（大写：{{ totals.gross_words }}）{% endif %}。",
        "The total {% if held %}undisputed sum {% endif %}outstanding is {{ totals.outstanding }} ({{ totals.outstanding_words }}){% if totals.vat %}, with VAT of {{ totals.vat }}: {{ totals.gross }} ({{ totals.gross_words }}) as invoiced{% endif %}.",
    ),
    "late": (
        "需要提示的是，根据合同{{ clauses.late }}的约定，贵方逾期付款的，应自{% if statutory %}最终付款日{% else %}应付之日{% endif %}的次日起按合同约定支付{{ interest_term }}。",
        "We would remind you that under {{ clauses.late }} of the Contract interest accrues on late payments from the day after the {% if statutory %}final date for payment{% else %}due date{% endif %} as the Contract provides.",
    ),
    "law": (
        "根据合同约定及" + LAW_ZH + "的规定，贵方应当按照约定全面履行付款义务。",
        "Under the Contract and " + LAW_EN + ", payment is to be made in full as agreed.",
    ),
    "ask": (
        "敬请贵方于{{ deadline }}（含当日）前安排支付上述款项{% if contractor.bank_account %}，收款账户信息如下：{% else %}。{% endif %}",
        "We should be grateful if you would arrange payment of the outstanding sum by {{ deadline }}{% if contractor.bank_account %} to the following account:{% else %}.{% endif %}",
    ),
    "paid": (
        "如贵方已安排付款，请告知我方并忽略本函。",
        "If you have already arranged payment, please let us know and disregard this letter.",
    ),
    "thanks": (
        "感谢贵方的理解与配合，期待双方继续保持良好的合作关系。",
        "Thank you for your attention to this matter. We look forward to continuing our good working relationship.",
    ),
}


def build_reminder(lang: str) -> Path:
    w = _Writer(lang)
    t = REMINDER
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    with w.each("n", "nodes"):
        w.item(t["node"], "n", "nodes")
    w.para(t["total"])
    w.client_answers()
    with w.when("clauses.late"):
        w.para(t["late"])
    with w.when("law"):
        w.para(t["law"])
    w.para(t["ask"])
    w.bank(with_intro=False)
    w.para(t["paid"])
    w.para(COMMON["contact"])
    w.close(t["thanks"], salute=True)
    return w.save("demand-reminder")


# -------------------------------------------------------------------------------------------- notice

#: The Amount column: the sum scheduled, and the sum now fixed where a resolution or a notice fixed another.
AMOUNT_CELL = (
    "{{ n.amount }}{% if n.sum %}\n现定为{{ n.sum }}{% endif %}",
    "{{ n.amount }}{% if n.sum %}\nnow {{ n.sum }}{% endif %}",
)
#: The Outstanding column: what the letter claims, and the part held back in dispute beside it, so that each row
#: adds up (amount less paid is the outstanding and the part disputed), as the statement of account's rows do.
OUTSTANDING_CELL = (
    "{{ n.outstanding }}{% if n.held %}\n（另有{% if n.held_kind == 'uncertified' %}未获证书确认{% elif n.held_kind == 'notice' %}未列入付款通知{% elif n.held_kind == 'both' %}争议或未获确认{% else %}争议{% endif %}{{ n.held }}）{% endif %}",
    "{{ n.outstanding }}{% if n.held %}\n(and {{ n.held }} {% if n.held_kind == 'uncertified' %}not certified{% elif n.held_kind == 'notice' %}not in the payment notice{% elif n.held_kind == 'both' %}disputed or not certified{% else %}disputed{% endif %}){% endif %}",
)
#: The total row's cells for those columns.
AMOUNT_TOTAL = (
    "{{ totals.amount }}{% if totals.sum %}\n现定为{{ totals.sum }}{% endif %}",
    "{{ totals.amount }}{% if totals.sum %}\nnow {{ totals.sum }}{% endif %}",
)
OUTSTANDING_TOTAL = (
    "{{ totals.outstanding }}{% if held %}\n（另有{% if held_kind == 'uncertified' %}未获证书确认{% elif held_kind == 'notice' %}未列入付款通知{% elif held_kind == 'both' %}争议或未获确认{% else %}争议{% endif %}{{ held }}）{% endif %}",
    "{{ totals.outstanding }}{% if held %}\n(and {{ held }} {% if held_kind == 'uncertified' %}not certified{% elif held_kind == 'notice' %}not in the payment notice{% elif held_kind == 'both' %}disputed or not certified{% else %}disputed{% endif %}){% endif %}",
)

NODE_COLUMNS = [
    _node(2.2),
    NODE_DUE_DAYS,
    ("应付金额", "Amount", 3.7, AMOUNT_CELL, "money"),
    _money("已付金额", "Paid", "paid"),
    ("欠付金额", "Outstanding", 3.7, OUTSTANDING_CELL, "money"),
]
NODE_TOTAL = [
    ("合计", "Total"),
    ("", ""),
    AMOUNT_TOTAL,
    ("{{ totals.paid }}", "{{ totals.paid }}"),
    OUTSTANDING_TOTAL,
]

NOTICE = {
    "title": ("催款通知书", "Formal Notice of Default"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下逾期付款的催款通知",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: formal notice of default in payment",
    ),
    "intro": (
        "根据"
        + _SIGNED_ZH
        + "{% if clauses.payment %}{{ clauses.payment }}{% endif %}的约定，各付款节点的付款条件成就后，贵方应当在约定的付款期限内向我方支付相应款项。我方已按照合同约定履行义务，下列款项的付款条件均已成就，付款期限均已届满，{% if totals.principal_due %}但贵方至今未足额支付{% if totals.late_paid %}，或者虽已付清但逾期付款、由此产生的{{ interest_term }}至今未付{% endif %}{% else %}但贵方未在付款期限内付清，{{ interest_term }}至今未付{% endif %}，已构成逾期付款违约。",
        "We refer to "
        + _SIGNED_EN
        + ". Under {% if clauses.payment %}{{ clauses.payment }} of {% endif %}the Contract, once the milestone of a payment node has been reached you are to pay that instalment within the agreed period. We have performed our obligations under the Contract. The milestones of the instalments set out below have been reached and the periods for payment have expired, but {% if totals.principal_due %}you have not paid them in full{% if totals.late_paid %}, or paid some of them late and the interest on the late payment remains unpaid{% endif %}{% else %}you paid them late, and the interest on the late payment remains unpaid{% endif %}. You are therefore in default of payment.",
    ),
    "statement": ("欠款明细", "Statement of account"),
    "daily": (
        "自{{ doc.date }}次日起，{{ interest_term }}按每日{{ totals.daily }}继续计算，直至贵方付清欠款之日止。",
        "Interest continues to accrue at {{ totals.daily }} a day from the day after the date of this notice until payment.",
    ),
    "demand": (
        "据此，我方正式通知贵方：请于{{ deadline }}（含当日）前向我方付清{% if not totals.accrues %}欠款本金{{ totals.outstanding }}{% if totals.vat %}及增值税{{ totals.vat }}，合计{{ totals.claim }}{% endif %}（大写：{{ totals.claim_words }}）{% else %}{% if totals.principal_due %}欠款本金{{ totals.outstanding }}{% if totals.vat %}、增值税{{ totals.vat }}{% endif %}及{% endif %}{{ interest_term }}{{ totals.interest }}{% if totals.compensation %}、固定补偿金{{ totals.compensation }}{% endif %}，合计{{ totals.claim }}（大写：{{ totals.claim_words }}）{% if totals.principal_due %}，以及自{{ doc.date }}次日起至实际付款之日止继续产生的{{ interest_term }}{% endif %}{% endif %}。",
        "We therefore give you formal notice to pay us, by {{ deadline }}, {% if not totals.accrues %}the outstanding principal of {{ totals.outstanding }}{% if totals.vat %} and VAT of {{ totals.vat }}, in all {{ totals.claim }}{% endif %} ({{ totals.claim_words }}){% else %}{% if totals.principal_due %}the outstanding principal of {{ totals.outstanding }}{% if totals.vat %}, VAT of {{ totals.vat }}{% endif %} and {% endif %}interest of {{ totals.interest }}{% if totals.compensation %} together with fixed compensation of {{ totals.compensation }}{% endif %}, in all {{ totals.claim }} ({{ totals.claim_words }}){% if totals.principal_due %}, and the further interest accruing from the day after the date of this notice until payment{% endif %}{% endif %}.",
    ),
    "suspend": (
        "如贵方未在上述期限内付清，我方有权{% if clauses.suspension %}根据合同{{ clauses.suspension }}的约定{% else %}依照英国《1996年住房补助、建设和重建法》第112条{% endif %}另行向贵方发出暂停"
        + _SUSPEND_ZH
        + "通知{% if not clauses.suspension %}并说明理由{% endif %}；自该通知送达贵方之日起{{ suspension.notice_days }}日{% if suspension.holidays_excluded %}（圣诞节、耶稣受难日及银行假日不计入）{% endif %}的通知期限届满时贵方仍未付清逾期欠款本金{% if totals.vat %}及其增值税{% endif %}的，我方将暂停"
        + _SUSPEND_ZH
        + "，由此增加的费用由贵方承担，{% if regime.works %}工期{% else %}履行期限{% endif %}相应顺延。本通知并非该暂停"
        + _SUSPEND_ZH
        + "通知。",
        "If you do not pay in full by that date, we may give you a separate notice {% if clauses.suspension %}under {{ clauses.suspension }} of the Contract{% else %}under section 112 of the Housing Grants, Construction and Regeneration Act 1996, stating the grounds,{% endif %} that we will suspend work unless the overdue principal{% if totals.vat %} with its VAT{% endif %} is paid in full within {{ suspension.notice_days }} days{% if suspension.holidays_excluded %} (Christmas Day, Good Friday and bank holidays not counted){% endif %} after that notice is delivered, and suspend work if it has not been paid when that period ends; you would then bear the resulting costs, and the time for completion would be extended accordingly. This notice is not that notice of suspension.",
    ),
    "confirm": (
        "请贵方收到本通知后核对上述欠款明细，并于{{ deadline }}（含当日）前以书面形式{% if regime.company_seal %}（加盖公章）{% endif %}向我方确认欠款金额；如有异议，请于同一期限内书面提出，并说明理由、附相关依据。",
        "Please check the statement above and confirm the amount owed to us in writing{% if regime.company_seal %} under your company seal{% endif %} by {{ deadline }}. If you dispute any part of it, please tell us in writing by the same date, with your reasons and the documents on which you rely.",
    ),
    "previous": (
        "我方此前已向贵方发出下列函件催告付款（各函所涉付款节点见下表），" + _STILL_UNPAID_ZH + "：",
        "We have written to you as follows (the table gives the payment node each letter was about), and "
        + _STILL_UNPAID_EN.replace("the sums remain", "the sums outstanding above remain")
        + ":",
    ),
    "closing": ("特此通知。", ""),
}


def build_notice(lang: str) -> Path:
    w = _Writer(lang)
    t = NOTICE
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    w.heading(t["statement"])
    w.statement(NODE_COLUMNS, NODE_TOTAL)
    with w.when("totals.continues"):
        w.para(t["daily"])
    w.act_dates()
    w.client_answers()
    w.previous_table(t["previous"])
    with w.when("acknowledgments"):
        w.para(COMMON["acknowledged"])
    w.para(t["demand"])
    w.bank()
    with w.when("suspension.threaten"):
        w.para(t["suspend"])
    with w.when("regime.sme_complaint"):
        w.para(COMMON["sme"])
    w.law_list(COMMON["law_list"])
    w.para(t["confirm"])
    with w.when("regime.demand_interrupts_limitation"):
        w.para(COMMON["limitation"])
    w.close(t["closing"])
    return w.save("demand-notice")


# ------------------------------------------------------------------------------------------ suspension

SUSPENSION_COLUMNS = [
    _node(5.9),
    NODE_DUE_DAYS,
    ("欠付金额", "Outstanding", 3.7, OUTSTANDING_CELL, "money"),
    _money("{{ interest_term }}", "Interest", "interest"),
]
SUSPENSION_TOTAL = [
    ("合计", "Total"),
    ("", ""),
    OUTSTANDING_TOTAL,
    ("{{ totals.interest }}", "{{ totals.interest }}"),
]

#: What a notice of suspension requires to be paid to stop it: the overdue price (with its VAT, as invoiced), never
#: the interest or compensation the letter also claims. The suspension clause stops work unless "the overdue amount"
#: is paid within the notice, and the Construction Act's right (s.112) ceases once the sum due is paid in full:
#: a notice that made interest a condition of avoiding the suspension would ask for more than either allows.
_OVERDUE_ZH = "逾期欠款本金{{ totals.outstanding }}{% if totals.vat %}及其增值税{{ totals.vat }}（合计{{ totals.gross }}）{% endif %}"
_OVERDUE_EN = (
    "the overdue principal of {{ totals.outstanding }}{% if totals.vat %} with its VAT of {{ totals.vat }} "
    "({{ totals.gross }} in all){% endif %}"
)

SUSPENSION = {
    "title": (
        "{% if regime.works %}暂停施工通知书{% else %}暂停履行通知书{% endif %}",
        "Notice of Suspension of Work",
    ),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下暂停" + _SUSPEND_ZH + "的通知",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: notice of suspension of work",
    ),
    "intro": (
        "就" + _SIGNED_ZH + "，截至{{ doc.date }}，贵方逾期未付下列款项：",
        "We refer to "
        + _SIGNED_EN
        + ". As at {{ doc.date }} the following sums due to us under the Contract remain unpaid:",
    ),
    "totals": (
        "以上欠款本金合计{{ totals.outstanding }}（大写：{{ totals.outstanding_words }}）{% if totals.vat %}，增值税{{ totals.vat }}{% endif %}{% if totals.accrues %}，截至{{ doc.date }}的{{ interest_term }}为{{ totals.interest }}{% if totals.compensation %}，固定补偿金为{{ totals.compensation }}{% endif %}，合计{{ totals.claim }}（大写：{{ totals.claim_words }}）{% elif totals.vat %}，合计{{ totals.claim }}（大写：{{ totals.claim_words }}）{% endif %}。",
        "The outstanding principal is {{ totals.outstanding }} ({{ totals.outstanding_words }}){% if totals.vat %}, with VAT of {{ totals.vat }}{% endif %}{% if totals.accrues %}; interest to {{ doc.date }} amounts to {{ totals.interest }}{% if totals.compensation %}, with fixed compensation of {{ totals.compensation }}{% endif %}: {{ totals.claim }} ({{ totals.claim_words }}) in all{% elif totals.vat %}: {{ totals.claim }} ({{ totals.claim_words }}) in all{% endif %}.",
    ),
    "previous": (
        "我方已向贵方发出{% for r in previous %}{{ r.date }}就{{ r.node }}的{{ r.stage }}{% if not loop.last %}、{% endif %}{% endfor %}，催告贵方付款，但贵方至今仍未付清。",
        "We have written to you in {% for r in previous %}{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}our {{ r.stage }} of {{ r.date }} about {{ r.node }}{% endfor %}, but the sums remain unpaid.",
    ),
    "notice": (
        "{% if clauses.suspension %}根据合同{{ clauses.suspension }}的约定，{% endif %}我方现正式通知贵方：{% if suspension.effective %}自本通知送达贵方之日起{{ suspension.notice_days }}日的通知期限届满后，即自{{ suspension.effective }}起（本通知最迟于{{ delivered_by }}视为送达，通知期限至{{ suspension.last_day }}届满）{% else %}自合同约定的通知期限届满之日的次日起{% endif %}，我方将暂停{% if regime.works %}本合同项下的全部施工{% else %}履行本合同项下的工作{% endif %}，直至贵方付清"
        + _OVERDUE_ZH
        + "{% if suspension.clause_interest and totals.accrues %}及{{ interest_term }}{% endif %}。",
        "{% if clauses.suspension %}In accordance with {{ clauses.suspension }} of the Contract, we{% else %}We{% endif %} hereby give you notice that we will suspend {% if regime.works %}all work under the Contract{% else %}the performance of the work under the Contract{% endif %} {% if suspension.effective %}with effect from {{ suspension.effective }}, the day after the {{ suspension.notice_days }} days' notice from delivery of this notice ends (this notice is delivered, or deemed delivered, by {{ delivered_by }} at the latest, so the notice period ends on {{ suspension.last_day }}){% else %}from the day after the period of notice the Contract requires has expired{% endif %}, and that the suspension will continue until "
        + _OVERDUE_EN
        + "{% if suspension.clause_interest and totals.accrues %}, with the interest on it,{% endif %} has been paid in full.",
    ),
    "unless": (
        "如贵方在{{ suspension.last_day }}（含当日）前付清" + _OVERDUE_ZH + "，我方将不暂停" + _SUSPEND_ZH + "。",
        "If you pay " + _OVERDUE_EN + " in full by {{ suspension.last_day }}, the work will not be suspended.",
    ),
    # under the contract's suspension clause, the costs it lists, in its words for the kind of work; else the costs
    # of a suspension in the kind's words (no idle labour or demobilisation for software or services)
    "costs": (
        "{% if suspension.own_clause %}依照合同{{ clauses.suspension }}的约定，贵方应当承担我方因暂停和恢复{% if regime.works %}施工{% else %}履行{% endif %}而增加的费用，包括{% if regime.works %}人员窝工和机械设备闲置、现场看护和材料保管、撤离和重新进场的费用{% else %}人员和设备闲置、重新安排和重新投入工作的费用{% endif %}，以及由此增加的其他合理费用；约定的{% if regime.works %}竣工{% else %}完成{% endif %}日期按暂停期间相应顺延；我方保留就暂停给我方造成的其他损失依法要求赔偿的权利。"
        "{% else %}暂停期间，因暂停而增加的费用（包括但不限于{% if regime.works %}人员窝工、设备闲置以及撤场、复工等费用{% else %}人员和设备闲置、重新安排和重新投入工作等费用{% endif %}）由贵方承担，{% if regime.works %}工期{% else %}履行期限{% endif %}相应顺延；由此给我方造成的其他损失，亦由贵方承担。{% endif %}",
        "{% if suspension.own_clause %}Under {{ clauses.suspension }} of the Contract, you will bear the additional costs we incur in suspending and resuming work, including the costs of {% if regime.works %}idle labour and equipment, site security and storage of materials, demobilisation and remobilisation{% else %}idle personnel and equipment and of reassigning and redeploying them{% endif %}, and any other reasonable costs arising from the suspension; the agreed {% if regime.works %}date for completion{% else %}completion date{% endif %} is extended by the period of the suspension. We reserve our right to claim any further loss the suspension causes us."
        "{% else %}You will bear the costs caused by the suspension, including the cost of {% if regime.works %}idle staff and equipment and of demobilising and remobilising{% else %}idle personnel and equipment and of reassigning and redeploying them{% endif %}, and the time for completion will be extended by the period of the suspension{% if regime.works and not clauses.suspension %} and its consequences{% endif %}. Any further loss the suspension causes us will be for your account.{% endif %}",
    ),
    "resume": (
        "{% if clauses.suspension %}根据合同{{ clauses.suspension }}的约定，{% endif %}贵方付清全部到期款项{% if suspension.clause_interest and totals.accrues %}（含{{ interest_term }}）{% endif %}后，我方将{% if suspension.resume_days %}在{{ suspension.resume_days }}日内{% else %}及时{% endif %}恢复"
        + _SUSPEND_ZH
        + "。",
        "{% if clauses.suspension %}As {{ clauses.suspension }} of the Contract provides, we{% else %}We{% endif %} will resume work {% if suspension.resume_days %}within {{ suspension.resume_days }} days{% else %}promptly{% endif %} after you have paid in full the sums due{% if suspension.clause_interest and totals.accrues %}, including interest{% endif %}.",
    ),
    "care": (
        "暂停期间，我方将妥善保护已完成的工作成果{% if regime.works %}，并做好现场安全防护{% endif %}。",
        "During the suspension we will take reasonable care of the work already done{% if regime.works %} and keep the site safe{% endif %}.",
    ),
    "law": (
        "我方暂停" + _SUSPEND_ZH + "以合同约定及下列规定为依据：",
        "The suspension rests on the Contract and on the following provisions:",
    ),
    "closing": ("特此通知。", ""),
}


def build_suspension(lang: str) -> Path:
    w = _Writer(lang)
    t = SUSPENSION
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"], keep=True)
    w.grid(SUSPENSION_COLUMNS, "n", "nodes", total=SUSPENSION_TOTAL)
    w.blank()
    w.para(t["totals"])
    w.act_dates()
    w.client_answers()
    with w.when("previous"):
        w.para(t["previous"])
    with w.when("acknowledgments"):
        w.para(COMMON["acknowledged"])
    w.para(t["notice"])
    with w.when("suspension.effective"):
        w.para(t["unless"])
    w.para(t["costs"])
    w.para(t["resume"])
    w.para(t["care"])
    w.law_list(t["law"])
    w.bank()
    w.close(t["closing"])
    return w.save("demand-suspension")


# --------------------------------------------------------------------------------------------- final

_ACTION_ZH = (
    "{% if dispute.kind == 'arbitration' %}{% if dispute.forum %}向{{ dispute.forum }}{% endif %}申请仲裁"
    "{% if dispute.seat %}（仲裁地：{{ dispute.seat }}）{% endif %}"
    "{% elif dispute.kind == 'court' %}{% if dispute.forum %}向{{ dispute.forum }}{% else %}向有管辖权的法院{% endif %}提起诉讼"
    "{% else %}依法提起诉讼或者申请仲裁{% endif %}"
)
_ACTION_EN = (
    "{% if dispute.kind == 'arbitration' %}refer the dispute to arbitration{% if dispute.forum %} administered by {{ dispute.forum }}{% endif %}"
    "{% if dispute.seat %}, seated in {{ dispute.seat }}{% endif %}"
    "{% elif dispute.kind == 'court' %}issue proceedings against you{% if dispute.forum %} in {{ dispute.forum }}{% endif %}"
    "{% else %}commence proceedings against you{% endif %}"
)

FINAL = {
    "title": ("最后催告函", "Letter before Action"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下欠款的最后催告",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: letter before action",
    ),
    "intro": (
        "根据"
        + _SIGNED_ZH
        + "{% if clauses.payment %}{{ clauses.payment }}{% endif %}的约定，各付款节点的付款条件成就后，贵方应当在约定的付款期限内向我方支付相应款项。我方已按照合同约定履行义务，{% if totals.principal_due %}但贵方对下列到期款项至今未予足额支付{% if totals.late_paid %}，或者虽已付清但逾期付款、由此产生的{{ interest_term }}至今未付{% endif %}{% else %}但贵方未在付款期限内付清下列款项，由此产生的{{ interest_term }}至今未付{% endif %}{% if previous %}，经我方催告仍未付清{% endif %}，已构成违约。",
        "We refer to "
        + _SIGNED_EN
        + ". Under {% if clauses.payment %}{{ clauses.payment }} of {% endif %}the Contract, once the milestone of a payment node has been reached you are to pay that instalment within the agreed period. We have performed our obligations under the Contract, but {% if totals.principal_due %}you have not paid in full the instalments set out below{% if totals.late_paid %}, or paid some of them late and the interest on the late payment remains unpaid{% endif %}{% else %}you paid the instalments set out below late, and the interest on the late payment remains unpaid{% endif %}{% if previous %}, despite our earlier {% if previous|length == 1 %}letter{% else %}letters{% endif %}{% endif %}. You are in default of payment.",
    ),
    "previous": (
        "我方已向贵方发出下列函件催告付款（各函所涉付款节点见下表），" + _STILL_UNPAID_ZH + "：",
        "We have written to you as follows (the table gives the payment node each letter was about), and "
        + _STILL_UNPAID_EN
        + ":",
    ),
    "statement": ("欠款及{{ interest_term }}", "The sums due"),
    "demand": (
        "现我方最后一次催告贵方：请于{{ deadline }}（含当日）前{% if deadline_days %}（即自本函送达之日起{{ deadline_days }}日内）{% endif %}向我方付清上述款项合计{{ totals.claim }}（大写：{{ totals.claim_words }}）{% if totals.principal_due and totals.accrues %}，以及自{{ doc.date }}次日起至实际付款之日止按每日{{ totals.daily }}继续产生的{{ interest_term }}{% endif %}。",
        "We now make a final demand for payment of {{ totals.claim }} ({{ totals.claim_words }}), {% if totals.principal_due and totals.accrues %}together with further interest at {{ totals.daily }} a day from the day after the date of this letter until payment, {% endif %}by {{ deadline }}{% if deadline_days %}, that is within {{ deadline_days }} days of receiving this letter{% endif %}.",
    ),
    "action": (
        "如贵方逾期仍未付清，我方{% if regime.pre_action == 'debt-protocol' %}可以{% else %}将不再另行通知，{% endif %}{% if clauses.dispute %}依据合同{{ clauses.dispute }}的约定，{% endif %}"
        + _ACTION_ZH
        + "，要求贵方支付{% if totals.principal_due %}全部欠款本金{% if totals.accrues %}、计至实际付款之日的{{ interest_term }}{% endif %}{% else %}{{ interest_term }}{% endif %}{% if totals.compensation %}及固定补偿金{% endif %}{% if totals.costs %}，并{% if clauses.costs %}按照合同{{ clauses.costs }}的约定{% endif %}承担我方为实现债权而支出的费用{% if totals.compensation %}中超出固定补偿金的部分{% endif %}{% endif %}。",
        "If you do not pay in full by that date, we {% if regime.pre_action == 'debt-protocol' %}may{% else %}will without further notice{% endif %} "
        + _ACTION_EN
        + "{% if clauses.dispute %} in accordance with {{ clauses.dispute }} of the Contract{% endif %}, claiming {% if totals.principal_due %}the principal sum{% if totals.accrues %}{% if totals.compensation or totals.costs %}, {% else %} and {% endif %}interest until payment{% endif %}{% else %}the interest on the late payment{% endif %}{% if totals.compensation %}{% if totals.costs %}, {% else %} and {% endif %}fixed compensation{% endif %}{% if totals.costs %} and our costs of recovery{% if totals.compensation %} in excess of the fixed compensation{% endif %}{% if clauses.costs %} under {{ clauses.costs }} of the Contract{% endif %}{% endif %}.",
    ),
    # the contract's negotiation clause keeps a sum objected to before its time for payment out of proceedings
    # until its days after a Notice of Dispute have run: this letter is that notice, and says so
    "negotiate": (
        "贵方已在付款期限届满前就{{ dispute.negotiate }}书面提出异议。依照合同{{ clauses.negotiation }}的约定，本函即为该条所称的争议通知；就该部分款项，我方将先与贵方协商，自本函送达之日起{{ dispute.negotiation_days }}日内（即{{ dispute.negotiate_until }}（含当日）前）协商不成的，再依照上述方式解决。对其余款项，本函规定的付款期限届满后我方即依照上述方式主张。",
        "You objected in writing, before the time for payment expired, to {{ dispute.negotiate }}. As to that part, this letter is our Notice of Dispute under {{ clauses.negotiation }} of the Contract: we will first negotiate it with you, and will proceed as set out above only if it is not resolved within {{ dispute.negotiation_days }} days after this letter is delivered, that is by {{ dispute.negotiate_until }}. As to the rest, we will proceed as set out above once the date for payment in this letter has passed.",
    ),
    "priority": (
        "本函同时构成《中华人民共和国民法典》第八百零七条规定的催告。贵方逾期仍不支付工程价款的，除根据建设工程的性质不宜折价、拍卖外，我方可以与贵方协议将该工程折价，也可以请求人民法院将该工程依法拍卖，建设工程的价款就该工程折价或者拍卖的价款优先受偿{% if regime.priority_fitout %}；本工程为装饰装修工程，该装饰装修工程具备折价或者拍卖条件的，我方可以就该装饰装修工程折价或者拍卖的价款优先受偿{% endif %}。优先受偿的范围为建设工程价款，不包括{{ interest_term }}等其他款项{% if priority_scope %}，亦不包括预付款和尚未完成的工作的款项，仅及于{{ priority_scope }}的工程价款{% endif %}。{% if priority_deadline %}我方将在{{ priority_deadline }}（含当日）前依法行使建设工程价款优先受偿权。{% endif %}",
        "This letter is also the demand referred to in Article 807 of the Civil Code of the People's Republic of China. If you still fail to pay the price of the works, we may, unless the nature of the works does not allow it, agree with you to convert the works into money or apply to the people's court to have them auctioned, and the price of the works is to be paid first out of the proceeds{% if regime.priority_fitout %}; as these are fit-out works, the priority is over the proceeds of the fit-out works themselves, where the fit-out works can be converted into money or auctioned{% endif %}. The priority covers the price of the works, not interest or other sums{% if priority_scope %}, nor an advance or a price for work not yet done: it covers only the price of {{ priority_scope }}{% endif %}. {% if priority_deadline %}We will exercise this priority right over the works by {{ priority_deadline }}.{% endif %}",
    ),
    "terminate": (
        "付款是贵方在合同项下的主要债务。贵方迟延履行该债务，经本函催告后在上述合理期限内仍未履行的，依照《中华人民共和国民法典》第五百六十三条，我方有权解除合同，并依法追究贵方的违约责任。",
        "Payment is your main obligation under the Contract. If you fail to pay within the reasonable period this letter gives you, we will be entitled under Article 563 of the Civil Code of the People's Republic of China to terminate the Contract, without prejudice to our claims for your breach.",
    ),
    "terminate_clause": (
        "付款是贵方在合同项下的主要债务。依照合同{{ termination.clause }}的约定，贵方逾期支付任何款项满{{ termination.unpaid_days }}日的，我方可以书面催告贵方自催告送达之日起{{ termination.notice_days }}日内付清全部逾期款项{% if totals.accrues %}及{{ interest_term }}{% endif %}，贵方在该期限内仍未付清的，我方有权书面通知贵方解除合同。"
        "{% if termination.ready %}本函即为该条约定的书面催告：贵方应当自本函送达之日起{{ termination.days }}日内（即{{ termination.last_day }}（含当日）前）付清全部逾期款项{% if totals.accrues %}及{{ interest_term }}{% endif %}；贵方在该期限内仍未付清的，我方有权依照合同{{ termination.clause }}书面通知贵方解除合同，合同自解除通知送达贵方之日起解除，我方并将依法追究贵方的违约责任。"
        "{% else %}截至本函日期，上述款项逾期尚未满{{ termination.unpaid_days }}日；自{{ termination.from }}起贵方仍未付清的，我方可以依照合同{{ termination.clause }}书面催告贵方付款，并在催告期限届满后仍未付清时书面通知贵方解除合同。{% endif %}",
        "Payment is your main obligation under the Contract. Under {{ termination.clause }} of the Contract, once any sum has been overdue for {{ termination.unpaid_days }} days or more, we may by written demand require you to pay all overdue sums{% if totals.accrues %} with {{ interest_term }}{% endif %} within {{ termination.notice_days }} days after the demand is delivered, and if you do not pay in full within that period, we may terminate the Contract by written notice to you. "
        "{% if termination.ready %}This letter is that written demand: if you do not pay all overdue sums{% if totals.accrues %} with {{ interest_term }}{% endif %} in full within {{ termination.days }} days of receiving this letter, that is by {{ termination.last_day }}, we will be entitled under {{ termination.clause }} of the Contract to terminate the Contract by written notice to you, taking effect on the day the notice is delivered, without prejudice to our claims for your breach."
        "{% else %}On the date of this letter the sums above have not yet been overdue for {{ termination.unpaid_days }} days; if they remain unpaid on or after {{ termination.from }}, we may serve that demand under {{ termination.clause }} of the Contract and, if you do not pay within its period, terminate the Contract by written notice to you.{% endif %}",
    ),
    "terminate_suspension": (
        "付款是贵方在合同项下的主要债务。依照合同{{ termination.clause }}的约定，自我方依该条暂停{% if regime.works %}施工{% else %}履行{% endif %}之日起满{{ termination.terminate_days }}日，贵方仍未付清全部逾期款项{% if termination.interest and totals.accrues %}及{{ interest_term }}{% endif %}的，我方有权书面通知贵方解除合同，合同自解除通知送达贵方之日起解除。"
        "{% if termination.suspended_on %}我方已于{{ termination.suspended_on }}依该条向贵方发出暂停{% if regime.works %}施工{% else %}履行{% endif %}的通知；暂停满{{ termination.terminate_days }}日贵方仍未付清的，我方将依照合同{{ termination.clause }}书面通知贵方解除合同，并依法追究贵方的违约责任。"
        "{% else %}截至本函日期，我方尚未依该条暂停{% if regime.works %}施工{% else %}履行{% endif %}；该条约定的解除须先经书面通知暂停{% if regime.works %}施工{% else %}履行{% endif %}，并在暂停满{{ termination.terminate_days }}日后贵方仍未付清时方可行使。贵方逾期仍不付款的，我方将依该条发出暂停通知，并保留依照该条解除合同的权利。{% endif %}上述约定不影响我方依照法律规定享有的其他解除合同的权利。",
        "Payment is your main obligation under the Contract. Under {{ termination.clause }} of the Contract, if you have not paid all overdue sums{% if termination.interest and totals.accrues %} with {{ interest_term }}{% endif %} in full within {{ termination.terminate_days }} days after we suspend {% if regime.works %}the Works{% else %}work{% endif %} under that Clause, we may terminate the Contract by written notice to you, taking effect on the day the notice is delivered. "
        "{% if termination.suspended_on %}We gave you notice of suspension under that Clause on {{ termination.suspended_on }}; if you have not paid in full when the suspension has lasted {{ termination.terminate_days }} days, we will terminate the Contract by written notice under {{ termination.clause }} of the Contract, without prejudice to our claims for your breach."
        "{% else %}On the date of this letter we have not suspended {% if regime.works %}the Works{% else %}work{% endif %} under that Clause; termination under it requires written notice of suspension first, and is open only if you still have not paid when the suspension has lasted {{ termination.terminate_days }} days. If you do not pay, we will give notice of suspension under that Clause and reserve our right to terminate under it.{% endif %} This is without prejudice to any other right to terminate the Contract that the law gives us.",
    ),
    "uk": (
        "本函系依照英格兰及威尔士《诉前行为与诉前规程实务指引》第6段发出。{% if invoices %}上述款项系{% if not totals.principal_due %}贵方逾期支付我方{% else %}依据我方{% endif %}{% for i in invoices %}{% if not loop.first %}、{% endif %}{{ i.date }}{% if i.ref %}的发票（{{ i.ref }}）{% else %}开具的发票{% endif %}{% endfor %}{% if not totals.principal_due %}项下款项产生的{{ interest_term }}{% else %}主张{% endif %}，发票副本随函附上。{% endif %}请贵方自收到本函之日起{{ deadline_days }}日内（即{{ deadline }}（含当日）前）书面答复是否认可上述欠款；如对其中任何部分有异议，请详细说明理由，并附所依据文件的副本。{% if regime.statutory_interest %}依照英国《1998年商业债务逾期付款（利息）法》第1条及第4条，法定利息计至付款之日；{% if totals.compensation %}我方并依该法第5A条主张固定补偿金{{ totals.compensation }}。{% endif %}{% endif %}如贵方不予答复，我方将在诉讼中就费用问题向法院提交本函。",
        "This letter is sent in accordance with paragraph 6 of the Practice Direction on Pre-Action Conduct and Protocols. {% if invoices %}The sums claimed are {% if not totals.principal_due %}{{ interest_term }} on your late payment of {% else %}due under {% endif %}our {% for i in invoices %}{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}invoice of {{ i.date }}{% if i.ref %} ({{ i.ref }}){% endif %}{% endfor %}, a copy of which is enclosed. {% endif %}Please reply in writing within {{ deadline_days }} days of receiving this letter, that is by {{ deadline }}, stating whether you accept the debt; if you dispute any part of it, please give your reasons in full and enclose copies of the documents on which you rely. {% if regime.statutory_interest %}Statutory interest runs until payment under sections 1 and 4 of the Late Payment of Commercial Debts (Interest) Act 1998{% if totals.compensation %}, and we also claim the fixed compensation of {{ totals.compensation }} due under section 5A of that Act{% endif %}. {% endif %}Should you fail to reply, we will refer the court to this letter on the question of costs.",
    ),
    "protocol": (
        "本函系依照英格兰及威尔士《债务索赔诉前规程》发出。{% if invoices %}上述款项系{% if not totals.principal_due %}贵方逾期支付我方{% else %}依据我方{% endif %}{% for i in invoices %}{% if not loop.first %}、{% endif %}{{ i.date }}{% if i.ref %}的发票（{{ i.ref }}）{% else %}开具的发票{% endif %}{% endfor %}{% if not totals.principal_due %}项下款项产生的{{ interest_term }}{% else %}主张{% endif %}，发票副本随函附上。{% endif %}随函附上债务信息说明、答复表及财务状况表。请贵方自收到本函之日起{{ deadline_days }}日内（即{{ deadline }}（含当日）前）填妥答复表寄回我方；如需时间寻求法律或者债务咨询，请在答复表中说明。贵方在该期限内未答复的，我方可以提起诉讼。",
        "This letter is sent under the Pre-Action Protocol for Debt Claims. {% if invoices %}The sums claimed are {% if not totals.principal_due %}{{ interest_term }} on your late payment of {% else %}due under {% endif %}our {% for i in invoices %}{% if not loop.first %}{% if loop.last %} and {% else %}, {% endif %}{% endif %}invoice of {{ i.date }}{% if i.ref %} ({{ i.ref }}){% endif %}{% endfor %}, a copy of which is enclosed. {% endif %}Enclosed are an information sheet, a reply form and a financial statement. Please complete the reply form and return it within {{ deadline_days }} days of receiving this letter, that is by {{ deadline }}; if you need time to get advice on the debt, say so on the form. If you do not reply within that time, we may start court proceedings.",
    ),
    "adr": (
        "在提起诉讼前，我方愿意{% if clauses.negotiation %}按照合同{{ clauses.negotiation }}的约定{% endif %}通过协商或者调解解决上述争议，请贵方在答复中说明是否同意；无正当理由拒绝替代性争议解决方式的，法院可以在决定诉讼费用时予以考虑。",
        "Before any proceedings we are willing to resolve this by negotiation or mediation{% if clauses.negotiation %}, as {{ clauses.negotiation }} of the Contract provides{% endif %}; please say in your reply whether you agree. A court may take an unreasonable refusal to consider alternative dispute resolution into account when it decides on costs.",
    ),
    "reply": (
        "如贵方对上述欠款有任何异议，请于{{ deadline }}（含当日）前{% if clauses.notices %}按照合同{{ clauses.notices }}约定的方式{% endif %}书面提出，并说明理由、附相关依据。",
        "If you dispute any part of the sums claimed, please tell us in writing by {{ deadline }}{% if clauses.notices %}, in the manner required by {{ clauses.notices }} of the Contract{% endif %}, with your reasons and copies of the documents on which you rely.",
    ),
    "reserve": (
        "本函不构成我方对合同项下及法律规定的任何权利的放弃，我方保留依法追究贵方全部违约责任的权利。",
        "Nothing in this letter waives any of our rights under the Contract or at law, all of which are reserved.",
    ),
    "closing": ("特此函告。", ""),
}


def build_final(lang: str) -> Path:
    w = _Writer(lang)
    t = FINAL
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    w.previous_table(t["previous"])
    with w.when("acknowledgments"):
        w.para(COMMON["acknowledged"])
    w.heading(t["statement"])
    w.statement(NODE_COLUMNS, NODE_TOTAL)
    w.act_dates()
    w.client_answers()
    w.para(t["demand"])
    w.bank()
    w.para(t["action"])
    with w.when("dispute.negotiate"):
        w.para(t["negotiate"])
    with w.when("regime.priority_right"):
        w.para(t["priority"])
    # the contract's termination clause, where it has one, states the period and conditions of the warning
    with w.when("termination.route == 'demand'"):
        w.para(t["terminate_clause"])
    # ... or the suspension clause's termination paragraph: termination only after suspension for its days
    with w.when("termination.route == 'suspension' and regime.termination_after_demand"):
        w.para(t["terminate_suspension"])
    with w.when("regime.termination_after_demand and not termination.clause"):
        w.para(t["terminate"])
    with w.when("regime.sme_complaint"):
        w.para(COMMON["sme"])
    with w.when("regime.demand_interrupts_limitation"):
        w.para(COMMON["limitation"])
    with w.when("regime.pre_action == 'practice-direction'"):
        w.para(t["uk"])
    with w.when("regime.pre_action == 'debt-protocol'"):
        w.para(t["protocol"])
    with w.when("regime.adr"):
        w.para(t["adr"])
    with w.when("not regime.pre_action"):
        w.para(t["reply"])
    w.law_list(COMMON["law_list"])
    w.para(t["reserve"])
    w.close(t["closing"])
    return w.save("demand-final")


# ------------------------------------------------------------------------- debt claims protocol pack

#: What goes with a letter of claim to an individual or a sole trader in England (Pre-Action Protocol for
#: Debt Claims): an information sheet, a reply form and a financial statement, in contractkit's own words.
PROTOCOL = {
    "title": ("债务索赔答复材料", "Information Sheet, Reply Form and Financial Statement"),
    "subject": (
        "事由：{{ contractor.name }}就合同（编号：{{ contract.number }}）向{{ client.name }}主张的欠款，本函日期{{ doc.date }}",
        "Re: the debt claimed by {{ contractor.name }} from {{ client.name }} under Contract No. {{ contract.number }}, letter of {{ doc.date }}",
    ),
    "info": ("一、债务信息说明", "1. Information sheet"),
    "info_text": (
        "我方在随附函件中向贵方主张{{ totals.claim }}（大写：{{ totals.claim_words }}）。请贵方自收到该函之日起{{ deadline_days }}日内（即{{ deadline }}（含当日）前）选择下列方式之一答复：付清欠款；确认欠款并提出付款安排；对全部或者部分欠款提出异议并说明理由；或者要求我方提供相关文件。如需时间寻求独立意见，请在答复表中说明，我方将在合理期间内暂不起诉。",
        "Our letter with this sheet claims {{ totals.claim }} ({{ totals.claim_words }}). Please reply within {{ deadline_days }} days of receiving it, that is by {{ deadline }}, in one of these ways: pay the debt; agree that you owe it and propose how you will pay; dispute all or part of it and say why; or ask us for documents. If you need time to take independent advice, say so on the reply form and we will not start proceedings for a reasonable period while you do.",
    ),
    "advice": (
        "贵方可以向独立的免费咨询机构寻求意见，例如Citizens Advice、National Debtline、StepChange Debt Charity；个体经营者可以联系Business Debtline。",
        "Free independent advice is available from organisations such as Citizens Advice, National Debtline and StepChange Debt Charity; a sole trader may contact Business Debtline.",
    ),
    "warning": (
        "贵方未在上述期限内答复的，我方可以向法院起诉；法院作出的判决可能影响贵方的信用记录，并可能产生额外的费用和利息。",
        "If you do not reply in time we may issue a claim in court; a court judgment may affect your credit rating and may add costs and interest to the debt.",
    ),
    "reply": ("二、答复表", "2. Reply form"),
    "reply_items": [
        ("□ 我确认欠付上述全部款项。", "□ I agree that I owe the whole debt."),
        (
            "□ 我确认欠付部分款项，金额为：____________；其余部分有异议，理由见下。",
            "□ I agree that I owe part of the debt, namely: ____________; I dispute the rest for the reasons below.",
        ),
        ("□ 我对全部欠款有异议，理由如下：", "□ I dispute the whole debt, for these reasons:"),
        (
            "______________________________________________________________",
            "______________________________________________________________",
        ),
        ("□ 我将于________年____月____日前付清。", "□ I will pay the debt in full by ____________."),
        (
            "□ 我提议分期付款，每期____________，每____付款一次（请同时填写财务状况表）。",
            "□ I offer to pay by instalments of ____________ every ____________ (please also complete the financial statement).",
        ),
        (
            "□ 我需要时间寻求意见，正在咨询：____________________。",
            "□ I need time to take advice; I am getting it from: ____________________.",
        ),
        (
            "□ 请提供下列文件副本：____________________________。",
            "□ Please send me copies of these documents: ____________________________.",
        ),
    ],
    "signed": (
        "签字：____________________　　日期：____________________",
        "Signed: ____________________    Date: ____________________",
    ),
    "finance": ("三、财务状况表", "3. Financial statement"),
    "finance_note": (
        "请按月填写（单位：{{ contract.currency_unit }}）。",
        "Please give monthly figures (in {{ contract.currency }}).",
    ),
    "income": [
        ("工资或经营收入（税后）", "Wages or business income (after tax)"),
        ("养老金", "Pensions"),
        ("社会福利", "Benefits"),
        ("其他收入", "Other income"),
        ("收入合计", "Total income"),
    ],
    "spending": [
        ("房租或房贷", "Rent or mortgage"),
        ("市政税", "Council tax"),
        ("水电燃气", "Water, gas and electricity"),
        ("食品及日用品", "Food and housekeeping"),
        ("交通", "Travel"),
        ("其他债务还款", "Payments on other debts"),
        ("其他支出", "Other spending"),
        ("支出合计", "Total spending"),
    ],
}


def build_protocol(lang: str) -> Path:
    w = _Writer(lang)
    t = PROTOCOL
    p(w.doc, w.pick(*t["title"]), "Title")
    p(w.doc, w.line("ref"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.para(t["subject"], style=None, bold=True)
    w.heading(t["info"], "Heading 1")
    w.para(t["info_text"])
    w.para(t["advice"])
    w.para(t["warning"])
    w.heading(t["reply"], "Heading 1")
    for item in t["reply_items"]:
        w.para(item, style=None)
    w.blank()
    w.para(t["signed"], style=None)
    w.heading(t["finance"], "Heading 1")
    w.para(t["finance_note"], style="Table Text")
    for rows in (t["income"], t["spending"]):
        grid = w.doc.add_table(rows=0, cols=2)
        grid.style = w.doc.styles["Table Grid"]
        for label in rows:
            cells = grid.add_row().cells
            cells[0].paragraphs[0].text = w.pick(*label)
            cells[0].paragraphs[0].style = w.doc.styles["Table Text"]
            cells[1].paragraphs[0].style = w.doc.styles["Table Text"]
        _fixed_layout(grid, [WIDTH * 0.65, WIDTH * 0.35])
        for r in grid.rows:
            r.cells[0].width, r.cells[1].width = Cm(WIDTH * 0.65), Cm(WIDTH * 0.35)
        w.blank()
    return w.save("demand-protocol")


# ------------------------------------------------------------------------------------ acknowledgment

#: The statement of account (对账单): every node asked for or paid so far, not only those overdue.
ACK_COLUMNS = [
    ("付款节点", "Payment node", 2.4, "{{ a.id }} {{ a.title }}", "text"),
    (
        "申请",
        "Applied for",
        3.45,
        ("{{ a.applied }}\n{{ a.applied_on }}", "{{ a.applied }}\n{{ a.applied_on }}"),
        "money",
    ),
    ("应付金额", "Amount due", 3.45, "{{ a.certified }}", "money"),
    ("已付", "Paid", 3.45, "{{ a.paid }}", "money"),
    (
        "未付",
        "Outstanding",
        3.45,
        (
            "{{ a.outstanding }}{% if a.held %}\n（另有争议{{ a.held }}）{% endif %}",
            "{{ a.outstanding }}{% if a.held %}\n(and {{ a.held }} disputed){% endif %}",
        ),
        "money",
    ),
]
ACK_TOTAL = [
    ("合计", "Total"),
    ("{{ account_totals.applied }}", "{{ account_totals.applied }}"),
    ("{{ account_totals.certified }}", "{{ account_totals.certified }}"),
    ("{{ account_totals.paid }}", "{{ account_totals.paid }}"),
    ("{{ account_totals.outstanding }}", "{{ account_totals.outstanding }}"),
]

ACKNOWLEDGMENT = {
    "title": ("对账单", "Statement of Account"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下款项的对账确认",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: statement of account for your confirmation",
    ),
    "intro": (
        "感谢贵方对我方工作的支持。为便于双方核对账目，现将截至{{ doc.date }}"
        + _SIGNED_ZH
        + "项下各付款节点的申请金额、应付金额、已付金额及未付金额列明如下，敬请核对：",
        "So that our accounts agree, we set out below, for each payment node under "
        + _SIGNED_EN
        + ", what has been applied for, what is due, what has been paid and what remains outstanding as at {{ doc.date }}, and should be grateful if you would check it:",
    ),
    "note": (
        "截至{{ doc.date }}，贵方已付{{ account_totals.paid }}，尚欠{{ account_totals.outstanding }}（大写：{{ account_totals.outstanding_words }}）{% if account_totals.vat %}及增值税{{ account_totals.vat }}，按发票金额合计{{ account_totals.gross }}（上表金额均不含增值税）{% endif %}，{% if account_totals.overdue == account_totals.outstanding %}均已届付款期限{% else %}其中已届付款期限的为{{ account_totals.overdue }}（大写：{{ account_totals.overdue_words }}）{% endif %}{% if account_totals.held %}；另有{{ account_totals.held }}尚存争议，不在上述欠款之内，双方将另行解决{% endif %}。{{ interest_term }}计算至实际付款之日，我方并不因本次对账而放弃该项权利。",
        "As at {{ doc.date }} you have paid {{ account_totals.paid }} and {{ account_totals.outstanding }} ({{ account_totals.outstanding_words }}) remains outstanding{% if account_totals.vat %}, with VAT of {{ account_totals.vat }}: {{ account_totals.gross }} as invoiced{% endif %}, {% if account_totals.overdue == account_totals.outstanding %}all of which has fallen due{% else %}of which {{ account_totals.overdue }} ({{ account_totals.overdue_words }}) has fallen due{% endif %}{% if account_totals.held %}; a further {{ account_totals.held }} is in dispute, is not included, and will be resolved separately{% endif %}. {% if account_totals.vat %}The figures above are net of VAT. {% endif %}Interest continues to run on late payments until payment and is not waived by this statement.",
    ),
    "ask": (
        "请贵方核对无误后，在本函所附确认回执上签字{% if regime.company_seal %}并加盖公章{% endif %}，于{{ deadline }}（含当日）前将原件寄回我方{% if contractor.address %}（地址：{{ contractor.address }}）{% endif %}{% if contractor.email %}，并将扫描件发送至{{ contractor.email }}{% endif %}。如有不符，请于同一期限内书面说明不符的金额及理由，并附相关依据，以便双方及时核对。",
        "Once you have checked it, please sign the confirmation below{% if regime.company_seal %} and affix your company seal{% endif %}, and return the original to us by {{ deadline }}{% if contractor.address %} at {{ contractor.address }}{% endif %}{% if contractor.email %}, with a scanned copy to {{ contractor.email }}{% endif %}. If any figure does not agree with your records, please tell us in writing by the same date which figure and why, with supporting documents, so that we can reconcile the accounts promptly.",
    ),
    "sme": (
        "依照《保障中小企业款项支付条例》第十六条，中小企业以应收账款融资的，机关、事业单位和大型企业应当自中小企业提出确权请求之日起30日内确认债权债务关系。本函同时作为我方就上述应收账款提出的确权请求，敬请贵方在该期限内予以确认。",
        "Under Article 16 of the Regulations on Ensuring Payments to Small and Medium-sized Enterprises, where a small or medium-sized enterprise finances a receivable, the public body or large enterprise that owes it is to confirm the debt within 30 days of the enterprise's request for confirmation. This letter is also our request for confirmation of the receivable set out above, and we ask you to confirm it within that period.",
    ),
    "thanks": ("感谢贵方的支持与配合！", "Thank you for your help with this."),
    "receipt": ("确认回执", "Confirmation"),
    "receipt_note": (
        "（由{{ terms.client }}填写，签字盖章后寄回{{ contractor.name }}）",
        "(to be completed by {{ terms.client }} and returned to {{ contractor.name }})",
    ),
    "receipt_to": ("致：{{ contractor.name }}", "To: {{ contractor.name }}"),
    "receipt_text": (
        "经核对，我方确认上列对账单无误：截至{{ doc.date }}，我方已付{{ account_totals.paid }}，尚欠贵方《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下款项{% if account_totals.vat %}{{ account_totals.outstanding }}及增值税{{ account_totals.vat }}，合计{{ account_totals.gross }}（大写：{{ account_totals.gross_words }}）{% else %}{{ account_totals.outstanding }}（大写：{{ account_totals.outstanding_words }}）{% endif %}{% if account_totals.overdue != account_totals.outstanding %}，其中已届付款期限的为{{ account_totals.overdue }}{% endif %}，并同意按照合同约定支付。",
        "We confirm that the statement of account above is correct: as of {{ doc.date }} we have paid {{ account_totals.paid }} and owe you {% if account_totals.vat %}{{ account_totals.outstanding }} with VAT of {{ account_totals.vat }}, {{ account_totals.gross }} ({{ account_totals.gross_words }}) in all,{% else %}{{ account_totals.outstanding }} ({{ account_totals.outstanding_words }}){% endif %} under Contract No. {{ contract.number }} for {{ project.name }}{% if account_totals.overdue != account_totals.outstanding %}, of which {{ account_totals.overdue }} has fallen due{% endif %}, and we will pay it as the Contract provides.",
    ),
    "receipt_end": ("特此确认。", ""),
}


def _cut_line(paragraph) -> None:  # type: ignore[no-untyped-def]
    """A dashed rule above the paragraph: the confirmation is cut off and returned."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attr, value in (("w:val", "dashed"), ("w:sz", "6"), ("w:space", "8"), ("w:color", "auto")):
        top.set(qn(attr), value)
    borders.append(top)
    ppr.append(borders)


def _confirmation_block(w: _Writer) -> None:
    """The client's seal, signature and date: blank lines to be filled in by hand."""
    right = WD_ALIGN_PARAGRAPH.RIGHT
    if w.lang == "zh":
        p(w.doc, "{{ client.name }}（盖章）", align=right)
        p(w.doc)
        p(w.doc, "法定代表人或授权代表（签字）：____________________", align=right)
        p(w.doc, "日期：________年____月____日", align=right)
    elif w.lang == "en":
        p(w.doc, "Signed for and on behalf of {{ client.name }}")
        p(w.doc)
        p(w.doc, "Signature: ______________________________")
        p(w.doc, "Name and position: ______________________")
        with w.when("regime.company_seal"):
            p(w.doc, "Company seal:")
            p(w.doc)
        p(w.doc, "Date: ___________________________________")
    else:
        p(w.doc, "{{ zh.client.name }}（盖章 Company seal）", align=right)
        p(w.doc)
        p(w.doc, "法定代表人或授权代表（签字）Authorised signatory：____________________", align=right)
        p(w.doc, "姓名及职务 Name and position：____________________", align=right)
        p(w.doc, "日期 Date：____________________", align=right)


def build_acknowledgment(lang: str) -> Path:
    w = _Writer(lang)
    t = ACKNOWLEDGMENT
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"], keep=True)
    w.grid(ACK_COLUMNS, "a", "accounts", total=ACK_TOTAL)
    w.blank()
    w.para(t["note"])
    w.para(t["ask"])
    w.para(COMMON["contact"])
    w.close(t["thanks"], salute=True)
    w.blank()
    # the tear-off confirmation is one block: it moves to the next page whole rather than split
    body, w.doc = w.doc, kept_block(w.doc)
    receipt = p(w.doc, w.pick(*t["receipt"], sep="　"), "Heading 1", WD_ALIGN_PARAGRAPH.CENTER)
    _cut_line(receipt)
    w.para(t["receipt_note"], style="Table Text", align=WD_ALIGN_PARAGRAPH.CENTER)
    p(w.doc, w.labelled(t["receipt_to"]))
    w.para(t["receipt_text"])
    w.para(t["receipt_end"])
    w.blank()
    _confirmation_block(w)
    w.doc = body
    return w.save("demand-acknowledgment")


# -------------------------------------------------------------------------------------- case summary

SUMMARY = {
    "title": ("案件摘要", "Case Summary for Counsel"),
    "subtitle": (
        "《{{ project.name }}》合同（合同编号：{{ contract.number }}）欠款",
        "{{ project.name }} (Contract No. {{ contract.number }}): unpaid sums",
    ),
    "overview": (
        "截至{{ doc.date }}，{{ client.name }}（{{ terms.client }}）欠付{{ contractor.name }}（{{ terms.contractor }}）合同款项本金{{ totals.outstanding }}{% if totals.vat %}，增值税{{ totals.vat }}{% endif %}{% if totals.accrues %}，{{ interest_term }}{{ totals.interest }}{% if totals.compensation %}，固定补偿金{{ totals.compensation }}{% endif %}，合计{{ totals.claim }}（大写：{{ totals.claim_words }}）；{{ interest_term }}此后每日增加{{ totals.daily }}{% else %}{% if totals.vat %}，合计{{ totals.claim }}{% endif %}（大写：{{ totals.claim_words }}），合同及法律均未规定逾期利息{% endif %}。{% if deadline %}随附函件要求的付款期限为{{ deadline }}。{% endif %}",
        "As at {{ doc.date }}, {{ client.name }} ({{ terms.client }}) owes {{ contractor.name }} ({{ terms.contractor }}) a principal sum of {{ totals.outstanding }}{% if totals.vat %} with VAT of {{ totals.vat }}{% endif %}{% if totals.accrues %} and interest of {{ totals.interest }}{% if totals.compensation %}, with fixed compensation of {{ totals.compensation }}{% endif %}: {{ totals.claim }} ({{ totals.claim_words }}) in all. Interest accrues at {{ totals.daily }} a day.{% else %}{% if totals.vat %}: {{ totals.claim }} in all{% endif %} ({{ totals.claim_words }}); neither the Contract nor the law gives interest on it.{% endif %}{% if deadline %} The accompanying letter asks for payment by {{ deadline }}.{% endif %}",
    ),
    "parties": ("一、当事人", "1. The parties"),
    "contract": ("二、合同", "2. The contract"),
    "chronology": ("三、大事记", "3. Chronology"),
    "account": ("四、欠款明细", "4. Statement of account"),
    "nodes_facts": ("付款节点", "Payment nodes"),
    "nodes_money": ("欠款", "Sums due"),
    "notices": ("五、已发函件", "5. Letters sent"),
    "no_notices": ("尚无发函记录。", "No earlier letter has been recorded."),
    "dates": ("六、关键期限", "6. Key dates"),
    "law": ("七、法律依据", "7. Legal basis"),
    "evidence": ("八、证据清单", "8. Evidence"),
    "no_evidence": ("尚无证据记录。", "No evidence has been recorded."),
    "sme": (
        "{{ terms.client }}{% if client.size == 'government' %}属于机关、事业单位{% else %}为大型企业{% endif %}，{{ terms.contractor }}为中小企业，适用《保障中小企业款项支付条例》。",
        "{{ terms.Client }} is a public body or large enterprise and {{ terms.contractor }} a small or medium-sized enterprise: the Regulations on Ensuring Payments to Small and Medium-sized Enterprises apply.",
    ),
    "uk": (
        "起诉前应遵循{% if regime.pre_action == 'debt-protocol' %}英格兰及威尔士《债务索赔诉前规程》（债务人为个人或者个体经营者）{% else %}英格兰及威尔士《诉前行为与诉前规程实务指引》{% endif %}。",
        "Before issuing a claim, follow {% if regime.pre_action == 'debt-protocol' %}the Pre-Action Protocol for Debt Claims (the debtor is an individual or a sole trader){% else %}the Practice Direction on Pre-Action Conduct and Protocols{% endif %}.",
    ),
}

FACT_COLUMNS = [
    ("节点", "Node", 1.2, "{{ n.id }}", "text"),
    ("名称", "Description", 2.3, "{{ n.title }}", "text"),
    ("付款条件", "Milestone", 4.0, "{{ n.milestone }}", "text"),
    ("申请日期", "Applied", 2.9, "{{ n.applied }}", "lang"),
    (
        "验收日期",
        "Accepted",
        2.9,
        (
            "{{ n.accepted }}{% if n.deemed %}（视为验收合格）{% endif %}",
            "{{ n.accepted }}{% if n.deemed %} (deemed){% endif %}",
        ),
        "lang",
    ),
    NODE_DUE_DAYS,
]
MONEY_COLUMNS = [
    _node(2.2),
    ("应付金额", "Amount", 3.5, AMOUNT_CELL, "money"),
    _money("已付金额", "Paid", "paid", 3.5),
    ("欠付金额", "Outstanding", 3.5, OUTSTANDING_CELL, "money"),
    _money("{{ interest_term }}", "Interest", "interest", 3.5),
]
MONEY_TOTAL = [
    ("合计", "Total"),
    AMOUNT_TOTAL,
    ("{{ totals.paid }}", "{{ totals.paid }}"),
    OUTSTANDING_TOTAL,
    ("{{ totals.interest }}", "{{ totals.interest }}"),
]
CHRONOLOGY_COLUMNS: list[Column] = [
    ("日期", "Date", 3.2, "{{ c.date }}", "lang"),
    ("事件", "Event", 13.0, "{{ c.event }}", "lang"),
]
EVIDENCE_COLUMNS = [
    ("编号", "ID", 1.2, "{{ x.id }}", "text"),
    ("名称", "Title", 4.0, "{{ x.title }}", "text"),
    ("文件", "File", 4.2, "{{ x.file }}", "text"),
    # in groups of eight, so that the 64 digits break between groups and a reader can compare them
    (
        "SHA-256",
        "SHA-256",
        6.8,
        "{% for i in range(0, x.sha256|length, 8) %}{{ x.sha256[i:i + 8] }} {% endfor %}",
        "text",
    ),
]

_DISPUTE_ZH = (
    "{% if dispute.kind == 'arbitration' %}仲裁{% else %}诉讼{% endif %}"
    "{% if dispute.forum %}：{{ dispute.forum }}{% endif %}{% if dispute.seat %}（仲裁地：{{ dispute.seat }}）{% endif %}"
)
_DISPUTE_EN = (
    "{% if dispute.kind == 'arbitration' %}Arbitration{% else %}Litigation{% endif %}"
    "{% if dispute.forum %}: {{ dispute.forum }}{% endif %}{% if dispute.seat %} (seat: {{ dispute.seat }}){% endif %}"
)


def _party_rows(role: str, bank: bool) -> list[FactRow]:
    """A party's facts: names and numbers read the same in both languages (value None for English)."""
    rows: list[FactRow] = [
        ("{{ terms." + role + " }}", "{{ terms." + role.capitalize() + " }}", f"{{{{ {role}.name }}}}", None, None),
    ]
    fields = [
        ("送达地址", "Address for service", "address"),
        ("联系人", "Representative", "representative"),
        ("电话", "Telephone", "phone"),
        ("电子邮箱", "Email", "email"),
        ("统一社会信用代码", "Registration no.", "registration"),
    ]
    if bank:
        fields += [
            ("开户银行", "Bank", "bank_name"),
            ("户名", "Account name", "account_name"),
            ("账号", "Account number", "bank_account"),
            ("SWIFT代码", "SWIFT/BIC", "swift"),
        ]
    for zh, en, field in fields:
        rows.append((zh, en, f"{{{{ {role}.{field} }}}}", None, f"{role}.{field}"))
    return rows


def build_case_summary(lang: str) -> Path:
    w = _Writer(lang, marked=True)
    t = SUMMARY
    p(w.doc, w.pick(*t["title"]), "Title")
    p(w.doc, w.pick(*t["subtitle"]), "Subtitle")
    p(w.doc, w.line("ref"), align=WD_ALIGN_PARAGRAPH.RIGHT)
    w.para(t["overview"])

    w.heading(t["parties"], "Heading 1")
    w.facts(_party_rows("client", bank=False), 4.6, bold_rows=(0,))
    w.blank()
    w.facts(_party_rows("contractor", bank=True), 4.6, bold_rows=(0,))

    w.heading(t["contract"], "Heading 1")
    contract_rows: list[FactRow] = [
        ("合同编号", "Contract No.", "{{ contract.number }}", None, None),
        ("签订日期", "Signed on", "{{ contract.signed_on }}", "{{ contract.signed_on }}", "contract.signed_on"),
        ("项目", "Project", "{{ project.name }}", None, None),
        ("项目编号", "Project code", "{{ project.code }}", None, "project.code"),
        ("项目地点", "Location", "{{ project.location }}", None, "project.location"),
        ("币种", "Currency", "{{ contract.currency_name }}", None, None),
        ("付款条款", "Payment clause", "{{ clauses.payment }}", "{{ clauses.payment }}", "clauses.payment"),
        ("逾期付款条款", "Late-payment clause", "{{ clauses.late }}", "{{ clauses.late }}", "clauses.late"),
        ("暂停条款", "Suspension clause", "{{ clauses.suspension }}", "{{ clauses.suspension }}", "clauses.suspension"),
        ("争议解决条款", "Dispute clause", "{{ clauses.dispute }}", "{{ clauses.dispute }}", "clauses.dispute"),
        ("通知条款", "Notices clause", "{{ clauses.notices }}", "{{ clauses.notices }}", "clauses.notices"),
        ("争议解决方式", "Forum", _DISPUTE_ZH, _DISPUTE_EN, "dispute.kind"),
        ("计息依据", "Basis of interest", "{{ interest_basis }}", "{{ interest_basis }}", "interest_basis"),
    ]
    w.facts(contract_rows, 4.6)

    w.heading(t["chronology"], "Heading 1")
    w.grid(CHRONOLOGY_COLUMNS, "c", "chronology")

    w.heading(t["account"], "Heading 1")
    w.heading(t["nodes_facts"])
    w.grid(FACT_COLUMNS, "n", "nodes")
    w.heading(t["nodes_money"])
    w.statement(MONEY_COLUMNS, MONEY_TOTAL)

    w.heading(t["notices"], "Heading 1")
    with w.when("previous"):
        w.grid(PREVIOUS_COLUMNS, "r", "previous")
        tag(w.doc, "{%p else %}")
        w.para(t["no_notices"], style=None)

    w.heading(t["dates"], "Heading 1")
    w.facts(
        [
            ("函件付款期限", "Deadline in the letter", "{{ deadline }}", "{{ deadline }}", "deadline"),
            ("诉讼时效届满日", "Limitation period expires", "{{ limitation }}", "{{ limitation }}", "limitation"),
            (
                "建设工程价款优先受偿权（《中华人民共和国民法典》第八百零七条）行使期限届满日",
                "Last day to exercise the priority right over the works (Article 807 of the Civil Code of the People's Republic of China)",
                "{{ priority_deadline }}",
                "{{ priority_deadline }}",
                "priority_deadline",
            ),
            (
                "建设工程价款优先受偿权行使期限已届满、本函未主张（《最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）》第四十一条）",
                "Priority right over the works no longer open, not invoked in the letter (Article 41 of the Supreme People's Court Interpretation (I) on Construction Contract Disputes)",
                "{{ priority_lapsed }}",
                "{{ priority_lapsed }}",
                "priority_lapsed",
            ),
            (
                "不享有建设工程价款优先受偿权的款项、本函未就其主张（预付款或者尚未完成的工作的款项不属于建设工程价款；《中华人民共和国民法典》第八百零七条，《最高人民法院关于审理建设工程施工合同纠纷案件适用法律问题的解释（一）》第三十五条）",
                "Sums with no priority over the works, not invoked in the letter (an advance, or a price for work not yet done, is not the price of the works: Article 807 of the Civil Code of the People's Republic of China; Article 35 of the Supreme People's Court Interpretation (I) on Construction Contract Disputes)",
                "{{ priority_excluded }}",
                "{{ priority_excluded }}",
                "priority_excluded",
            ),
        ],
        7.2,
        grid=True,
    )
    w.blank()
    with w.when("regime.sme_complaint"):
        w.para(t["sme"])
    with w.when("regime.pre_action"):
        w.para(t["uk"])

    w.heading(t["law"], "Heading 1")
    with w.each("l", "law"):
        w.item(
            (
                "{{ loop.index }}. {{ l.cite }}{% if l.gist %}：{{ l.gist }}{% endif %}",
                "{{ loop.index }}. " + _CITE_EN + "{% if l.gist %}: {{ l.gist }}{% endif %}",
            ),
            "l",
            "law",
        )

    w.heading(t["evidence"], "Heading 1")
    with w.when("evidence"):
        w.grid(EVIDENCE_COLUMNS, "x", "evidence")
        tag(w.doc, "{%p else %}")
        w.para(t["no_evidence"], style=None)
    return w.save("case-summary")


def build_demand() -> list[Path]:
    out = []
    for lang in LANGS:
        out += [
            build_reminder(lang),
            build_notice(lang),
            build_suspension(lang),
            build_final(lang),
            build_acknowledgment(lang),
            build_case_summary(lang),
            build_protocol(lang),
        ]
    from claim_templates import build_claims

    return out + build_claims()
