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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm

LANGS = ("zh", "en", "bilingual")
WIDTH = 16.2  # A4 portrait between margins, in cm

#: The names a report context has (``chart`` is shared by both languages and never scoped).
_NAMES = (
    "confidential",
    "terms",
    "client",
    "contractor",
    "project",
    "contract",
    "doc",
    "applications",
    "acceptances",
    "variations",
    "nodes",
    "totals",
    "upcoming",
    "overdue",
    "risks",
    "notes",
)
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
    "ref": (
        "编号：{{ doc.reference }}　　日期：{{ doc.date }}",
        "Our ref: {{ doc.reference }}    Date: {{ doc.date }}",
    ),
    "salutation": (
        "{{ client.name }}：",
        "Dear {% if client.salutation %}{{ client.salutation }}{% else %}Sir or Madam{% endif %},",
    ),
    "intro": (
        "感谢贵方对本项目的支持与配合。现将《{{ project.name }}》（合同编号：{{ contract.number }}）本期的进展及合同项下的付款安排报告如下，供贵方参阅并提前安排资金。",
        "Thank you for your continued support of the project. We set out below the progress made on {{ project.name }} (Contract No. {{ contract.number }}) in this period and the payments expected under the Contract, to help you plan ahead.",
    ),
    "progress": ("一、本期进展", "1. Progress this period"),
    "milestones": ("（一）付款节点里程碑", "1.1 Milestones reached"),
    "milestones_intro": (
        "本期付款条件已经成就、我方已提交付款申请的付款节点如下：",
        "In this period the following milestones were reached and we applied for payment:",
    ),
    "milestones_none": ("本期无新提交的付款申请。", "No application for payment was made in this period."),
    "acceptance": ("（二）验收", "1.2 Acceptance"),
    "acceptance_intro": (
        "本期完成的验收及尚待验收的事项如下：",
        "Acceptances given in this period, and those still pending:",
    ),
    "acceptance_none": (
        "本期无新完成的验收，亦无尚待验收的事项。",
        "No acceptance was given in this period and none is pending.",
    ),
    "variations": ("（三）变更", "1.3 Variations approved"),
    "variations_intro": ("本期经贵方批准的变更如下：", "In this period you approved the following variations:"),
    "variations_none": ("本期无新批准的变更。", "No variation was approved in this period."),
    "outlook": ("二、付款计划与展望", "2. Payment outlook"),
    "outlook_intro": (
        "合同价款（含已批准的变更）为{{ totals.sum }}，截至{{ doc.date }}贵方已支付{{ totals.received }}，尚待支付{{ totals.outstanding }}{% if totals.held %}，另有{{ totals.held }}未获确认或有异议、待解决{% endif %}{% if totals.given_up %}，{{ totals.given_up }}经协商不再主张{% endif %}{% if totals.discounted %}，{{ totals.discounted }}为贵方提前付款所享受的折扣{% endif %}。{% if totals.unallocated %}此外，贵方另付{{ totals.unallocated }}，未对应本合同项下任何已到期或将到期的款项，请与我方核对。{% endif %}各付款节点的情况如下：",
        "The contract sum, including approved variations, is {{ totals.sum }}. By {{ doc.date }} you had paid {{ totals.received }}, and {{ totals.outstanding }} remains to be paid{% if totals.held %}, with {{ totals.held }} held until resolved (not certified or disputed){% endif %}{% if totals.given_up %}; {{ totals.given_up }} was given up in a resolution{% endif %}{% if totals.discounted %}; {{ totals.discounted }} was the early-payment discount you earned{% endif %}.{% if totals.unallocated %} You also paid {{ totals.unallocated }} that matches no sum due or falling due under the Contract; please check it with us.{% endif %} The payment nodes stand as follows:",
    ),
    "upcoming": ("（一）未来90日内到期的款项", "2.1 Payments falling due in the next 90 days"),
    "upcoming_intro": (
        "为便于贵方提前安排资金，谨将未来90日内到期的款项预告如下：",
        "To help you plan your cash flow, we give advance notice of the payments falling due in the next 90 days:",
    ),
    "upcoming_thanks": ("感谢贵方按期安排上述款项。", "Thank you in advance for arranging these payments on time."),
    "upcoming_none": (
        "按目前已确定的到期日，未来90日内没有到期的款项。",
        "On the due dates fixed so far, no payment falls due in the next 90 days.",
    ),
    "overdue": ("（二）已过付款期限的款项", "2.2 Payments past their due date"),
    "overdue_intro": (
        "根据我方记录，下列款项已过付款期限，我方尚未收到：",
        "According to our records, the following payments have passed their due date and we have not yet received them:",
    ),
    "overdue_item": (
        "{{ o.id }} {{ o.title }}：应于{{ o.due_date }}支付，尚有{{ o.outstanding }}未付（逾期{{ o.days }}）。",
        "{{ o.id }} {{ o.title }}: due on {{ o.due_date }}; {{ o.outstanding }} remains unpaid ({{ o.days }} overdue).",
    ),
    "overdue_ask": (
        "恳请贵方核对并尽早安排支付；如款项已在支付途中，请告知我方，谢谢。",
        "We would be grateful if you could check these and arrange payment at your earliest convenience. If payment is already on its way, please let us know.",
    ),
    "overdue_none": (
        "截至本报告日，没有已过付款期限的款项。",
        "As of the date of this report, no payment is past its due date.",
    ),
    "chart": ("三、资金曲线", "3. Cash curve"),
    "chart_intro": (
        "下图对比计划累计付款、我方累计申请的金额与贵方累计支付的金额（截至{{ doc.date }}）。",
        "The chart compares the planned cumulative payments with the amounts applied for and the amounts received to {{ doc.date }}.",
    ),
    "risks": ("四、需关注的事项", "4. Points for attention"),
    "risks_none": (
        "截至本报告日，项目记录未显示需要特别关注的事项。",
        "The project records show nothing that needs your particular attention at present.",
    ),
    "risk_review": (
        "{{ loop.index }}. {{ x.id }} {{ x.title }}：我方已于{{ x.requested }}{% if x.by_application %}提交付款申请及验收资料{% else %}提请验收并提交验收资料{% endif %}{% if x.count > 1 %}（共{{ x.count }}次提请，审核期限自第{{ x.number }}次{% if x.ref %}（{{ x.ref }}）{% endif %}起算）{% endif %}，审核期限已于{{ x.review_end }}届满，尚未收到验收结论。敬请贵方尽快组织验收或书面提出意见。",
        "{{ loop.index }}. {{ x.id }} {{ x.title }}: we requested acceptance on {{ x.requested }}{% if x.by_application %} with our application for payment{% endif %}{% if x.count > 1 %} (request {{ x.number }} of {{ x.count }}{% if x.ref %}, {{ x.ref }}{% endif %}, from which the review period ran){% endif %}; the review period ended on {{ x.review_end }} and we have not yet received your acceptance. We should be grateful if you would complete the acceptance or send us your written comments.",
    ),
    "risk_evidence": (
        "{{ loop.index }}. 下一付款节点“{{ x.id }} {{ x.title }}”申请付款尚需以下证明材料：{{ x.missing|join('、') }}。其中需由贵方或贵方代表签署、出具的，恳请协助及时办理。",
        "{{ loop.index }}. To apply for the next payment node, {{ x.id }} {{ x.title }}, we still need: {{ x.missing|join('; ') }}. Where a document is to be signed or issued by you or your representative, your help in arranging it would be appreciated.",
    ),
    "risk_limitation": (
        "{{ loop.index }}. {{ x.id }} {{ x.title }}：按现有记录，该笔款项的诉讼时效期间{% if x.ended %}已于{% else %}将于{% endif %}{{ x.date }}届满。我方希望与贵方及时核对确认该笔款项。",
        "{{ loop.index }}. {{ x.id }} {{ x.title }}: on the present records the limitation period for this sum {% if x.ended %}ended{% else %}ends{% endif %} on {{ x.date }}. We would welcome the chance to reconcile and confirm it with you in good time.",
    ),
    "notes": ("五、说明", "5. Notes"),
    "note_ledger": (
        "{{ loop.index }}. 本报告依据截至{{ doc.date }}的合同台账（付款申请、验收、变更及收款记录）编制；“本期”指上次报告日{{ doc.since }}之后至本报告日。如贵方记录与此不符，敬请告知。",
        "{{ loop.index }}. This report is prepared from the contract ledger (applications, acceptances, variations and payments) as of {{ doc.date }}; “this period” runs from the day after the last report of {{ doc.since }} to the date of this report. Should your records differ, please let us know.",
    ),
    "note_amounts": (
        "{{ loop.index }}. 表中金额单位为{{ contract.currency_name }}{% if contract.currency == 'CNY' %}元{% endif %}，为各付款节点的应付金额（含已批准的变更）。",
        "{{ loop.index }}. Amounts in the tables are in {{ contract.currency_name }}: what is payable at each node, including approved variations.",
    ),
    "note_due_dates": (
        "{{ loop.index }}. 到期日按合同约定的付款期限及台账记载的申请、验收、开票日期计算。",
        "{{ loop.index }}. Due dates follow the contract's payment periods from the application, acceptance and invoice dates in the ledger.",
    ),
    "note_curve": (
        "{{ loop.index }}. 资金曲线中，累计申请金额按付款申请日期累计（未单独提交付款申请的节点按发票日期），累计收款按收款日期累计。",
        "{{ loop.index }}. In the cash curve, amounts applied for accumulate by the date of each application (of the invoice, for a node with no separate application) and amounts received by the date of payment.",
    ),
    "note_latest": (
        "{{ loop.index }}. 标注“最迟”的到期日假定审核期限届满时视为验收合格。",
        "{{ loop.index }}. A due date “at the latest” assumes deemed acceptance at the end of the review period.",
    ),
    "note_estimate": (
        "{{ loop.index }}. 标注“计划”的日期为按项目计划估算的日期。"
        "{% if x.share %}{{ x.share|join('、') }}：计划开工日（{{ x.start }}）加上计划工期（至{{ x.finish }}）乘以截至该节点的累计付款比例。{% endif %}"
        "{% if x.completion %}{{ x.completion|join('、') }}：结算款不早于竣工，取计划竣工日（{{ x.finish }}）。{% endif %}"
        "{% if x.defects %}{{ x.defects|join('、') }}：质量保证金于缺陷责任期届满后返还，取计划竣工日（{{ x.finish }}）起{% if x.defects_months %}{{ x.defects_months }}个月{% else %}{{ x.defects_days }}{% endif %}的缺陷责任期届满之日。{% endif %}"
        "{% if x.behind %}标注“已滞后”的节点（{{ x.behind|join('、') }}）按计划应已达到付款条件而尚未达到，其款项将晚于计划日期到期。{% endif %}"
        "资金曲线中的计划累计付款按上述计划日期绘制。",
        "{{ loop.index }}. Dates marked “planned” are estimates from the project programme. "
        "{% if x.share %}{{ x.share|join(', ') }}: the planned start ({{ x.start }}) plus the planned duration (to {{ x.finish }}) times the node's cumulative share of the payments. {% endif %}"
        "{% if x.completion %}{{ x.completion|join(', ') }}: the planned completion ({{ x.finish }}), as the final account does not come before completion. {% endif %}"
        "{% if x.defects %}{{ x.defects|join(', ') }}: the end of the defects liability period of {% if x.defects_months %}{{ x.defects_months }} months{% else %}{{ x.defects_days }}{% endif %} from the planned completion ({{ x.finish }}), when the retention is released. {% endif %}"
        "{% if x.behind %}A planned date marked “behind plan” ({{ x.behind|join(', ') }}) has passed without the milestone being reached: the payment will fall due later than planned. {% endif %}"
        "The planned curve of the chart uses these dates.",
    ),
    "note_unknown": (
        "{{ loop.index }}. 项目文件未载明计划竣工日期，尚无到期日的节点未计入计划累计付款。",
        "{{ loop.index }}. The project file gives no planned finish, so nodes without a due date are left out of the planned curve.",
    ),
    "contact": (
        "如对本报告有任何疑问，敬请与我方联系{% if contractor.representative %}，联系人：{{ contractor.representative }}{% endif %}{% if contractor.phone %}，电话：{{ contractor.phone }}{% endif %}{% if contractor.email %}，电子邮箱：{{ contractor.email }}{% endif %}。",
        "Should you have any question about this report, please contact {% if contractor.representative %}{{ contractor.representative }}{% else %}us{% endif %}{% if contractor.phone %}, telephone {{ contractor.phone }}{% endif %}{% if contractor.email %}, email {{ contractor.email }}{% endif %}.",
    ),
    "closing": ("此致", "Yours {% if client.salutation %}sincerely{% else %}faithfully{% endif %},"),
    "salute": ("敬礼！", ""),
    "signature": ("{{ contractor.name }}", "For and on behalf of {{ contractor.name }}"),
}

#: Points for attention and notes: the kinds of item, in the order the template tests them (the TEXT key is
#: the prefix and the kind).
RISKS = ("review", "evidence", "limitation")
NOTES = ("ledger", "amounts", "due_dates", "curve", "latest", "estimate", "unknown")

#: Table cells that word a fact: the date a node is due (or expected), a node's state, an acceptance's state,
#: the advance-notice window.
DATE = (
    "{% if r.basis == 'unknown' %}待定{% elif r.basis == 'latest' %}最迟{{ r.date }}"
    "{% elif r.basis == 'estimate' %}{{ r.date }}（计划）{% if r.behind %}，已滞后{% endif %}{% else %}{{ r.date }}{% endif %}",
    "{% if r.basis == 'unknown' %}not yet fixed{% elif r.basis == 'latest' %}{{ r.date }} at the latest"
    "{% elif r.basis == 'estimate' %}{{ r.date }} (planned){% if r.behind %}, behind plan{% endif %}{% else %}{{ r.date }}{% endif %}",
)
NODE_STATE = (
    "{% if r.state == 'paid' %}已付清{% elif r.state == 'not_due' %}未到期{% elif r.state == 'past_due' %}逾期{{ r.days }}"
    "{% elif r.state == 'waiting' %}付款条件尚未成就{% elif r.state == 'notice' %}尚无通知金额，待我方发出付款通知"
    "{% elif r.state == 'acceptance' %}已申请，待验收"
    "{% elif r.state == 'invoice' %}已申请，待开票{% else %}已申请{% endif %}",
    "{% if r.state == 'paid' %}paid{% elif r.state == 'not_due' %}not yet due{% elif r.state == 'past_due' %}{{ r.days }} overdue"
    "{% elif r.state == 'waiting' %}milestone not yet reached{% elif r.state == 'notice' %}no sum notified yet; our notice to follow"
    "{% elif r.state == 'acceptance' %}applied for; awaiting acceptance"
    "{% elif r.state == 'invoice' %}applied for; invoice to follow{% else %}applied for{% endif %}",
)
ACCEPTANCE_STATE = (
    "{% if r.state == 'accepted' %}已于{{ r.on }}验收合格{% elif r.state == 'deemed' %}审核期限届满，于{{ r.on }}视为验收合格{% if r.late %}（贵方{{ r.late }}的书面确认晚于验收期限，不改变验收合格之日）{% endif %}"
    "{% elif r.state == 'pending_deemed' %}待验收；审核期限内未提出书面异议的，于{{ r.on }}视为验收合格"
    "{% elif r.state == 'pending_review' %}待验收（审核期限至{{ r.on }}）{% else %}待验收{% endif %}",
    "{% if r.state == 'accepted' %}accepted on {{ r.on }}{% elif r.state == 'deemed' %}deemed accepted on {{ r.on }} (review period expired{% if r.late %}; your written acceptance of {{ r.late }} came after it and does not change that date{% endif %})"
    "{% elif r.state == 'pending_deemed' %}awaiting acceptance; deemed accepted on {{ r.on }} unless you comment in writing within the review period"
    "{% elif r.state == 'pending_review' %}awaiting acceptance (review period ends on {{ r.on }}){% else %}awaiting acceptance{% endif %}",
)
#: The request for acceptance of an acceptance row: the one that started the review period, and which it was.
REQUEST = (
    "{{ r.requested }}{% if r.requested %}{% if r.lacking %}（{% if r.count > 1 %}共{{ r.count }}次提请，最近一次{% endif %}资料不全，审核期限尚未起算）"
    "{% elif not r.started %}（验收未通过，待重新提请验收）"
    "{% elif r.count > 1 %}（共{{ r.count }}次提请，审核期限自第{{ r.number }}次{% if r.ref %}（{{ r.ref }}）{% endif %}起算）{% endif %}{% endif %}",
    "{{ r.requested }}{% if r.requested %}{% if r.lacking %} ({% if r.count > 1 %}the latest of {{ r.count }} requests; {% endif %}incomplete: the review period has not started)"
    "{% elif not r.started %} (rejected; acceptance to be requested again)"
    "{% elif r.count > 1 %} (request {{ r.number }} of {{ r.count }}{% if r.ref %}, {{ r.ref }}{% endif %}, from which the review period runs){% endif %}{% endif %}",
)
WINDOW = (
    "{% if r.window_from %}第{{ r.window_from }}至{{ r.window_to }}日{% else %}{{ r.window_to }}日内{% endif %}",
    "{% if r.window_from %}in {{ r.window_from }} to {{ r.window_to }} days{% else %}within {{ r.window_to }} days{% endif %}",
)

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
    _NODE,
    ("付款条件", "Milestone", 6.0, "{{ r.milestone }}", "text"),
    ("申请日期", "Applied on", 2.9, "{{ r.date }}", "lang"),
    ("申请金额", "Amount applied", 3.3, "{{ r.amount }}", "num"),
]
ACCEPTANCES: list[Column] = [
    _NODE,
    ("验收事项", "Acceptance", 3.0, "{{ r.criterion }}", "text"),
    ("提请验收日期", "Acceptance requested", 3.5, REQUEST, "lang"),
    ("验收情况", "State", 5.7, ACCEPTANCE_STATE, "lang"),
]
VARIATIONS: list[Column] = [
    ("编号", "No.", 1.6, "{{ r.id }}", "text"),
    ("变更内容", "Variation", 6.9, "{{ r.title }}", "text"),
    ("金额", "Amount", 3.1, "{{ r.amount }}", "num"),
    ("批准日期", "Approved on", 2.9, "{{ r.approved }}", "lang"),
    ("计入节点", "Node", 1.7, "{{ r.node }}", "text"),
]
NODES: list[Column] = [
    ("付款节点", "Payment node", 3.6, "{{ r.id }} {{ r.title }}", "text"),
    ("应付金额", "Amount", 2.6, "{{ r.amount }}", "num"),
    ("已付金额", "Paid", 2.6, "{{ r.paid }}", "num"),
    ("状态", "State", 3.0, NODE_STATE, "lang"),
    ("到期日/计划日期", "Due or planned date", 4.4, DATE, "lang"),
]
NODES_TOTAL = [("合计", "Total"), ("{{ totals.amount }}", ""), ("{{ totals.paid }}", ""), ("", ""), ("", "")]
UPCOMING: list[Column] = [
    ("付款节点", "Payment node", 5.6, "{{ r.id }} {{ r.title }}", "text"),
    ("金额", "Amount", 3.8, "{{ r.amount }}", "lang"),
    ("到期日", "Due date", 3.5, DATE, "lang"),
    ("期间", "When", 3.3, WINDOW, "lang"),
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
            return _scoped(zh, "written")  # the same in both: the project's words as written
        return f"{_scoped(zh, 'zh')}{sep}{_scoped(en, 'en')}" if zh else _scoped(en, "en")

    def name(self, expr: str) -> str:
        return _NAME.sub(r"zh.\1", expr) if self.bilingual else expr

    def para(
        self, key: str, style: str | None = None, align: WD_ALIGN_PARAGRAPH | None = None, keep: bool = False
    ) -> None:
        zh, en = TEXT[key]
        out = []
        if self.lang in ("zh", "bilingual") and zh:
            # Chinese body text is indented two characters; a styled line (a note, the signature) is not
            zh_style = "Letter Body" if style is None and align is None else style
            out.append(p(self.doc, _scoped(zh, "zh") if self.bilingual else zh, zh_style, align))
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

    def kinds(self, var: str, seq: str, prefix: str, kinds: tuple[str, ...], style: str = "Clause Item") -> None:
        """In a loop over ``seq``, the item's sentence for its ``.kind``: TEXT[prefix_kind]."""
        for i, kind in enumerate(kinds):
            tag(self.doc, f"{{%p {'if' if i == 0 else 'elif'} {var}.kind == '{kind}' %}}")
            self.item(TEXT[f"{prefix}_{kind}"], var, seq, style)
        tag(self.doc, "{%p endif %}")

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
                row.append(_scoped(zh_cell, "written"))
        totals = [self.pick(zh, None if zh.startswith("{{") or not en else en) for zh, en in total] if total else None
        shared = _NAME.sub(r"written.\1", seq) if self.bilingual else seq  # a shared table: as written
        t = table(
            self.doc,
            widths,
            [self.pick(c[0], c[1]) for c in columns],
            row,
            loop=f"r in {shared}",
            total=totals,
        )
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
            w.kinds("x", "risks", "risk", RISKS)
        w.otherwise()
        w.para("risks_none")
    w.heading("notes")
    with w.each("x", "notes"):
        w.kinds("x", "notes", "note", NOTES, "Table Text")
    p(w.doc)
    w.para("contact")
    keep_last_paragraph(w.doc)
    # the closing words, signature and date: one block that travels with the last paragraph
    body, w.doc = w.doc, kept_block(w.doc)
    if lang != "en":
        p(w.doc, TEXT["closing"][0], "Letter Body")
        p(w.doc, TEXT["salute"][0])
    if lang != "zh":
        p(w.doc, _scoped(TEXT["closing"][1], "en") if lang == "bilingual" else TEXT["closing"][1])
    p(w.doc)
    right = WD_ALIGN_PARAGRAPH.RIGHT if lang != "en" else None
    w.para("signature", align=right)
    p(w.doc, w.pick("{{ doc.date }}", None), align=right)
    w.doc = body
    return save(w.doc, f"report.{lang}.docx")


def build_report() -> list[Path]:
    return [build_report_template(lang) for lang in LANGS]
