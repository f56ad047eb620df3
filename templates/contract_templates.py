"""The draft-contract templates: contract.zh.docx, contract.en.docx and contract.bilingual.docx.

The fixed articles (definitions, price, payment schedule, acceptance) are numbered 1-4 here; the clauses
a project picks follow from 5 on, numbered by contractkit (``FIRST_CLAUSE_NUMBER`` in compose.py).
"""

from __future__ import annotations

from pathlib import Path

from build_templates import borderless, new_document, p, page_break, save, section_table, set_widths, table, tag
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

# The fixed articles, one source for all three drafts: (number, zh, en). The bilingual draft pairs the very
# same sentences, so the Chinese column is the Chinese draft and the English column the English one.

#: 1.5 states the time computation the account applies (``time`` in the context: the contract's own
#: general.time-computation clause, else the governing law's default).
_DAY_ZH = (
    "“日”除另有约定外指日历日。期间以日计算的，开始的当日不计入，自下一日开始计算"
    "{% if time.rest_day_roll %}；期间的最后一日是{% if time.clause %}第{{ time.clause }}条所称休息日{% else %}星期六、星期日、法定节假日或者按国家放假调休安排放假的日子（国家调休安排为工作日的除外）{% endif %}的，以其后的第一个工作日为期间的最后一日；付款计划表约定的付款日期是上述日子的，亦顺延至其后的第一个工作日{% endif %}"
    "{% if time.clause %}，具体按第{{ time.clause }}条计算{% endif %}。"
)
_DAY_EN = (
    "“Day” means a calendar day unless stated otherwise. A period of days starts on the day after the event that "
    "starts it{% if time.rest_day_roll %}; where its last day is {% if time.clause %}a rest day as defined in Clause "
    "{{ time.clause }}{% else %}a Saturday, Sunday, public holiday or other day off under the official holiday "
    "arrangements (other than a day officially designated a working day){% endif %}, the period ends on the next working day, "
    "and a payment date fixed in the payment schedule that falls on such a day likewise moves to the next working "
    "day{% endif %}"
    "{% if time.clause %}, as Clause {{ time.clause }} provides{% endif %}."
)

DEFINITIONS = [
    (
        "1.1",
        "“付款节点”指本合同第3条付款计划表所列的每一期付款。",
        "“Payment Node” means each instalment listed in the payment schedule in Clause 3.",
    ),
    (
        "1.2",
        "“付款条件”指使某一付款节点的款项可以申请支付的事件，即付款计划表“付款条件”一栏所列的事件。",
        "“Milestone” means the event, stated against each Payment Node in the payment schedule, that entitles {{ terms.contractor }} to apply for payment of the instalment.",
    ),
    (
        "1.3",
        "“付款证明材料”指证明付款条件已经成就、须随付款申请一并提交的文件，见附件一。",
        "“Supporting Evidence” means the documents that prove a Milestone has been reached and that accompany the application for payment, as listed in Annex 1.",
    ),
    (
        "1.4",
        "{% if acceptance %}“验收”指{{ terms.client }}按本合同第4条约定的标准和期限对{{ terms.contractor }}的工作成果进行检验和确认。"
        "{% else %}“验收”指{{ terms.client }}对{{ terms.contractor }}的工作成果进行的检验和确认；除法律规定的验收外，本合同未另行约定验收标准和验收期限（见第4条）。{% endif %}",
        "{% if acceptance %}“Acceptance” means the inspection and confirmation of {{ terms.contractor }}'s work by {{ terms.client }} against the criteria and within the periods set out in Clause 4."
        "{% else %}“Acceptance” means the inspection and confirmation of {{ terms.contractor }}'s work by {{ terms.client }}; apart from acceptance required by law, this Contract sets no further acceptance criteria or acceptance periods (see Clause 4).{% endif %}",
    ),
    ("1.5", _DAY_ZH, _DAY_EN),
]

#: Where the project adds VAT (``contract.vat``), 2.1 says the price and the schedule are net of it: a price silent
#: on VAT is taken to include it (VAT Act 1994 s.19(2)), and the letters claim VAT on top of the sums outstanding.
_VAT_ZH = (
    "{% if contract.vat %}合同价款及第3条付款计划表所列各期付款金额均不含增值税。{{ terms.client }}应当凭{{ terms.contractor }}"
    "开具的合法有效的增值税发票，按{{ contract.vat }}的税率另行支付增值税。{% endif %}"
)
_VAT_EN = (
    "{% if contract.vat %} The Contract Price and every amount in the payment schedule in Clause 3 are exclusive of "
    "value added tax (VAT). {{ terms.Client }} shall pay VAT on them in addition, at the rate of {{ contract.vat }}, "
    "against a valid VAT invoice from {{ terms.contractor }}.{% endif %}"
)

PRICE = [
    (
        "2.1",
        "本合同总价为{{ contract.price_money }}（大写：{{ contract.price_words }}），币种为{{ contract.currency_name }}。"
        + _VAT_ZH,
        "The Contract Price is {{ contract.price_money }} ({{ contract.price_words }})." + _VAT_EN,
    ),
    (
        "2.2",
        "{% if project.start and project.finish %}本项目计划自{{ project.start }}开始，至{{ project.finish }}完成。{% else %}本项目的工作期限按本合同附件及双方书面确认的进度计划执行。{% endif %}",
        "{% if project.start and project.finish %}The work shall start on {{ project.start }} and be completed by {{ project.finish }}.{% else %}The work shall be carried out in accordance with the programme agreed in writing by the parties.{% endif %}",
    ),
    (
        "2.3",
        "合同价款按第3条付款计划分期支付；经双方书面确认的变更，按本合同约定调整合同价款。",
        "The Contract Price is payable in instalments in accordance with the payment schedule in Clause 3, as adjusted for variations agreed in writing under this Contract.",
    ),
]

#: Clause 4 of a project without acceptance criteria (``acceptance:`` empty): it says so, so that the clause is not
#: an empty heading, and points at what takes the place of acceptance (the milestones; for a measured project, the
#: measurement). The engine starts no acceptance review for such a project (certification periods still run).
NO_ACCEPTANCE = (
    "4.1",
    "本合同未就各付款节点所涉工作另行约定验收标准和验收期限。{% if project.kind == 'construction' %}付款条件涉及竣工验收的，"
    "按照法律、行政法规及国家和行业有关施工验收规范、质量检验标准进行。{% endif %}各付款节点的付款条件以第3条付款计划表"
    "“付款条件”一栏所列为准{% if measured_clause %}；各期已完成工作的工程量和价值，以按第{{ measured_clause }}条计量并经"
    "确认的结果为准{% endif %}。",
    "This Contract sets no further acceptance criteria or acceptance periods for the work of the Payment Nodes."
    "{% if project.kind == 'construction' %} Where a Milestone involves completion acceptance, it follows the law, "
    "administrative regulations and the national and industry codes for the acceptance of construction works and "
    "their quality standards.{% endif %} The Milestone of each Payment Node is the one stated against it in the "
    "payment schedule in Clause 3{% if measured_clause %}, and the quantities and value of the work done in each "
    "period are those measured and confirmed under Clause {{ measured_clause }}{% endif %}.",
)

#: The standard conditions the contract incorporates (``contract.form``): the last sub-clause of Clause 2, 2.4 or
#: (after the measured price's 2.4) 2.5.
FORM = (
    "{% if measured %}2.5{% else %}2.4{% endif %}",
    "{{ contract.form.title }}的{{ contract.form.general }}构成本合同的组成部分；本合同各条构成{{ contract.form.particular }}，"
    "与{{ contract.form.general }}不一致的，以本合同各条为准。本合同中所称“第×条”均指本合同各条；引用"
    "{{ contract.form.general }}的，写明“{{ contract.form.general }}第×条”。本合同未委托{{ contract.form.role }}的，"
    "{{ contract.form.general }}中由{{ contract.form.role }}履行的审核、确认和签发职责由{{ terms.client }}履行。",
    "The {{ contract.form.general }} of {{ contract.form.title }} form part of this Contract. The clauses of this "
    "Contract are its {{ contract.form.particular }} and prevail where they differ from the {{ contract.form.general }}. "
    "References to Clauses are to the clauses of this Contract; a reference to the {{ contract.form.general }} says so. "
    "Where no {{ contract.form.role }} is appointed under this Contract, {{ terms.client }} performs the review, "
    "certification and other duties the {{ contract.form.general }} give to the {{ contract.form.role }}.",
)

MEASURED_PRICE = (
    "2.4",
    "本合同按工程量清单计量计价。合同总价为附件二工程量清单所列各项目合价之和；工程价款按实际完成并经计量的工程量乘以清单综合单价计算，按第3条及第{{ measured_clause }}条按月支付进度款，最终以竣工结算为准。",
    "This Contract is priced by measurement. The Contract Price is the total of the items of the bill of quantities in Annex 2; the work is paid for at the quantities actually done and measured times the rates of the bill, by monthly progress payments under Clause 3 and Clause {{ measured_clause }}, and finally by the final account.",
)

BILL_ANNEX = {
    "heading": ("附件二　工程量清单", "Annex 2  Bill of Quantities"),
    "intro": (
        "下表所列综合单价为本合同单价，在本合同签订后不作调整，新的单价只能通过经批准的变更确定；合价为工程量乘以综合单价。",
        "The rates below are the rates of this Contract: they are fixed at its date, and a new rate may be set only by an approved variation. Each amount is the quantity times the rate.",
    ),
    "total": (
        "合计：{{ bill.total }}{{ contract.currency_unit }}（大写：{{ bill.words }}）",
        "Total: {{ contract.currency }} {{ bill.total }} ({{ bill.words }})",
    ),
}
BILL_COLUMNS = [
    ("项目编码", "Item", 2.6, "{{ r.code }}"),
    ("项目名称", "Description", 5.3, "{{ r.description }}"),
    ("计量单位", "Unit", 1.7, "{{ r.unit }}"),
    ("工程量", "Quantity", 2.0, "{{ r.quantity }}"),
    ("综合单价", "Rate", 2.2, "{{ r.rate }}"),
    ("合价", "Amount", 2.4, "{{ r.amount }}"),
]


def _bill_annex(doc, lang: str) -> None:
    """Annex 2, where the contract is paid by measurement: the bill of quantities with its total."""
    scope = "zh." if lang == "bilingual" else ""
    tag(doc, f"{{%p if {scope}bill.rows %}}")
    page_break(doc)
    if lang == "bilingual":
        p(doc, f"{BILL_ANNEX['heading'][0]}　{BILL_ANNEX['heading'][1].replace('  ', ' ')}", "Heading 1")
        p(doc, _in(BILL_ANNEX["intro"][0], "zh"))
        p(doc, _in(BILL_ANNEX["intro"][1], "en"))
        head = [f"{zh}\n{en}" for zh, en, _, _ in BILL_COLUMNS]
    else:
        index = 0 if lang == "zh" else 1
        p(doc, BILL_ANNEX["heading"][index], "Heading 1")
        p(doc, BILL_ANNEX["intro"][index])
        head = [c[index] for c in BILL_COLUMNS]
    widths = [c[2] for c in BILL_COLUMNS]
    t = section_table(doc, widths, head, [c[3] for c in BILL_COLUMNS], loop=f"r in {scope}bill.rows")
    set_widths(t, widths)
    p(doc)
    if lang == "bilingual":
        p(doc, _in(BILL_ANNEX["total"][0], "zh"), bold=True)
        p(doc, _in(BILL_ANNEX["total"][1], "en"), bold=True)
    else:
        p(doc, BILL_ANNEX["total"][0 if lang == "zh" else 1], bold=True)
    tag(doc, "{%p endif %}")


SCHEDULE_INTRO = (
    "3.1",
    "{{ terms.client }}按下表分期向{{ terms.contractor }}支付合同价款。某一付款节点的付款条件成就后，{{ terms.contractor }}提交付款申请及附件一所列的付款证明材料，{{ terms.client }}按该节点约定的付款期限付款。",
    "{{ terms.Client }} shall pay the Contract Price to {{ terms.contractor }} in the instalments below. When the Milestone of a Payment Node is reached, {{ terms.contractor }} shall submit an application for payment with the Supporting Evidence listed in Annex 1, and {{ terms.client }} shall pay within the period stated for that Payment Node.",
)

ANNEX_INTRO = (
    "{{ terms.contractor }}申请每一期付款时，应当随付款申请提交下列付款证明材料。各期款项的付款期限按第3条付款计划表载明的规则计算。",
    "{{ terms.Contractor }} shall submit the following Supporting Evidence with each application for payment. The due date of each instalment is determined by the rule stated for it in the payment schedule in Clause 3.",
)

RECITAL = (
    "{{ terms.client }}拟实施{{ project.name }}（以下简称“本项目”）{% if project.location %}，项目地点为{{ project.location }}{% endif %}，"
    "并委托{{ terms.contractor }}完成本合同约定的工作；{{ terms.contractor }}具备完成该工作的相应能力。"
    "双方遵循平等、自愿、公平和诚实信用原则，经协商一致，订立本合同，以资共同遵守。",
    "{{ terms.Client }} intends to carry out {{ project.name }} (the “Project”){% if project.location %} at {{ project.location }}{% endif %} and wishes {{ terms.contractor }} to perform the work described in this Contract. {{ terms.Contractor }} has the capability to perform that work and has agreed to do so on the terms of this Contract.",
)

HEADINGS = {
    1: ("定义与解释", "Definitions and Interpretation"),
    2: ("合同价款", "Contract Price"),
    3: ("付款计划", "Payment Schedule"),
    4: ("验收标准", "Acceptance Criteria"),
}


def _heading(number: int, lang: str) -> str:
    zh, en = HEADINGS[number]
    if lang == "zh":
        return f"第{number}条　{zh}"
    if lang == "en":
        return f"{number}.  {en}"
    return f"第{number}条 {zh}　{number}. {en}"


def _in(text: str, scope: str) -> str:
    """Point the context names of a sentence at zh.* or en.* for the bilingual draft."""
    import re

    names = r"(?<![\w.])(terms|contract|project|time|client|contractor|doc|totals|bill)\."
    text = re.sub(r"(?<![\w.])measured_clause\b", f"{scope}.measured_clause", text)
    return re.sub(r"({{.*?}}|{%.*?%})", lambda m: re.sub(names, rf"{scope}.\1.", m.group(0)), text)


def _party_rows_zh(doc, role: str, label: str, bank: bool) -> None:
    t = doc.add_table(rows=0, cols=2)
    borderless(t)
    rows = [
        (f"{label}：", f"{{{{ {role}.name }}}}"),
        ("住所（送达地址）：", f"{{{{ {role}.address }}}}"),
        ("联系人：", f"{{{{ {role}.representative }}}}"),
        ("电子邮箱：", f"{{{{ {role}.email }}}}"),
        ("电话：", f"{{{{ {role}.phone }}}}"),
        ("统一社会信用代码：", f"{{{{ {role}.registration }}}}"),
    ]
    if bank:
        rows += [
            ("开户银行：", "{{ contractor.bank_name }}"),
            ("账号：", "{{ contractor.bank_account }}"),
            ("SWIFT：", "{{ contractor.swift }}"),
        ]
    _fill_party(doc, t, rows, 4.2)


def _party_rows_en(doc, role: str, label: str, bank: bool) -> None:
    t = doc.add_table(rows=0, cols=2)
    borderless(t)
    rows = [
        (f"{label}:", f"{{{{ {role}.name }}}}"),
        ("Address for service:", f"{{{{ {role}.address }}}}"),
        ("Representative:", f"{{{{ {role}.representative }}}}"),
        ("Email:", f"{{{{ {role}.email }}}}"),
        ("Telephone:", f"{{{{ {role}.phone }}}}"),
        ("Registration no.:", f"{{{{ {role}.registration }}}}"),
    ]
    if bank:
        rows += [
            ("Bank:", "{{ contractor.bank_name }}"),
            ("Account:", "{{ contractor.bank_account }}"),
            ("SWIFT/BIC:", "{{ contractor.swift }}"),
        ]
    _fill_party(doc, t, rows, 4.2)


def _fill_party(doc, t, rows, label_cm: float) -> None:
    # Every row shows a fact of the project; a row whose fact is missing is dropped by {%tr if %}.
    for i, (label, value) in enumerate(rows):
        field = value.strip("{} ").strip()
        if i > 0:
            t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {field} %}}"
        r = t.add_row()
        r.cells[0].paragraphs[0].text = label
        r.cells[0].paragraphs[0].runs[0].bold = i == 0
        r.cells[1].paragraphs[0].text = value
        if i > 0:
            t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    for r in t.rows:
        r.cells[0].width = Cm(label_cm)
        r.cells[1].width = Cm(16.2 - label_cm)
    p(doc)


def _clause_paragraph(doc, number: str, text: str):
    paragraph = doc.add_paragraph(style=doc.styles["Clause Text"])
    paragraph.add_run(number)
    paragraph.add_run("\t")
    paragraph.add_run(text)
    return paragraph


def _signature_rows(sig, cells) -> None:
    for row, (left, right) in zip(sig.rows, cells, strict=True):
        row.cells[0].paragraphs[0].text = left
        row.cells[1].paragraphs[0].text = right
    # room for a signature and a company seal
    sig.rows[3].height = Cm(2.2)


def build_zh() -> Path:
    doc = new_document("合同编号：{{ doc.number }}")
    p(doc, "{{ doc.title }}", "Title")
    p(doc, "合同编号：{{ doc.number }}", "Subtitle")
    p(doc)
    _party_rows_zh(doc, "client", "{{ terms.client }}", bank=False)
    _party_rows_zh(doc, "contractor", "{{ terms.contractor }}", bank=True)
    p(doc, "鉴于：", bold=True)
    p(doc, RECITAL[0])
    p(doc, _heading(1, "zh"), "Heading 1")
    for number, text, _ in DEFINITIONS:
        _clause_paragraph(doc, number, text)
    p(doc, _heading(2, "zh"), "Heading 1")
    for number, text, _ in PRICE:
        _clause_paragraph(doc, number, text)
    tag(doc, "{%p if measured %}")
    _clause_paragraph(doc, MEASURED_PRICE[0], MEASURED_PRICE[1])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if contract.form.title %}")
    _clause_paragraph(doc, FORM[0], FORM[1])
    tag(doc, "{%p endif %}")
    p(doc, _heading(3, "zh"), "Heading 1")
    _clause_paragraph(doc, SCHEDULE_INTRO[0], SCHEDULE_INTRO[1])
    table(
        doc,
        [1.1, 1.8, 2.7, 1.2, 2.4, 2.5, 2.6, 1.9],
        [
            "序号",
            "付款节点",
            "付款条件",
            "比例",
            "金额（{{ contract.currency_unit }}）",
            "大写金额",
            "付款证明材料",
            "付款期限",
        ],
        [
            "{{ n.no }}",
            "{{ n.title }}",
            "{{ n.milestone }}",
            "{{ n.share }}",
            "{{ n.amount }}",
            "{{ n.words }}",
            "{{ n.evidence_text }}",
            "{{ n.due }}",
        ],
        loop="n in nodes",
        total=["合计", "", "", "{{ totals.share }}", "{{ totals.amount }}", "{{ totals.words }}", "", ""],
        span_total=True,
    )
    p(doc)
    p(doc, _heading(4, "zh"), "Heading 1")
    tag(doc, "{%p for a in acceptance %}")
    _clause_paragraph(doc, "4.{{ loop.index }}", "{{ a.title }}：{{ a.criteria_text }}{{ a.review }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not acceptance %}")
    _clause_paragraph(doc, NO_ACCEPTANCE[0], NO_ACCEPTANCE[1])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for a in articles %}")
    p(doc, "第{{ a.number }}条　{{ a.title }}", "Heading 1")
    tag(doc, "{%p for s in a.paragraphs %}")
    _clause_paragraph(doc, "{{ s.number }}", "{{ s.text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    p(doc, "（以下无正文）", align=WD_ALIGN_PARAGRAPH.CENTER)
    p(doc)
    sig = doc.add_table(rows=5, cols=2)
    borderless(sig)
    cells = [
        ("{{ terms.client }}（盖章）：", "{{ terms.contractor }}（盖章）："),
        ("{{ client.name }}", "{{ contractor.name }}"),
        ("法定代表人或授权代表（签字）：", "法定代表人或授权代表（签字）："),
        ("", ""),
        ("签订日期：{{ contract.signed_on }}", "签订日期：{{ contract.signed_on }}"),
    ]
    _signature_rows(sig, cells)
    page_break(doc)
    p(doc, "附件一　付款证明材料清单", "Heading 1")
    p(doc, ANNEX_INTRO[0])
    table(
        doc,
        [1.1, 2.6, 5.1, 7.4],
        ["序号", "付款节点", "付款条件", "付款证明材料"],
        ["{{ n.no }}", "{{ n.title }}", "{{ n.milestone }}", "{{ n.evidence_lines }}"],
        loop="n in nodes",
    )
    _bill_annex(doc, "zh")
    return save(doc, "contract.zh.docx")


def build_en() -> Path:
    doc = new_document("Contract No. {{ doc.number }}")
    p(doc, "{{ doc.title }}", "Title")
    p(doc, "Contract No. {{ doc.number }}", "Subtitle")
    p(doc)
    p(doc, "This Contract is made on {{ contract.signed_on }} between:")
    _party_rows_en(doc, "client", "{{ terms.Client }}", bank=False)
    _party_rows_en(doc, "contractor", "{{ terms.Contractor }}", bank=True)
    p(doc, "Recitals", bold=True)
    p(doc, RECITAL[1])
    p(doc, "The parties therefore agree as follows:")
    p(doc, _heading(1, "en"), "Heading 1")
    for number, _, text in DEFINITIONS:
        _clause_paragraph(doc, number, text)
    p(doc, _heading(2, "en"), "Heading 1")
    for number, _, text in PRICE:
        _clause_paragraph(doc, number, text)
    tag(doc, "{%p if measured %}")
    _clause_paragraph(doc, MEASURED_PRICE[0], MEASURED_PRICE[2])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if contract.form.title %}")
    _clause_paragraph(doc, FORM[0], FORM[2])
    tag(doc, "{%p endif %}")
    p(doc, _heading(3, "en"), "Heading 1")
    _clause_paragraph(doc, SCHEDULE_INTRO[0], SCHEDULE_INTRO[2])
    table(
        doc,
        [1.0, 2.3, 2.3, 1.3, 2.4, 2.3, 2.3, 2.3],
        [
            "No.",
            "Payment Node",
            "Milestone",
            "Share",
            "Amount ({{ contract.currency }})",
            "Amount in words",
            "Supporting Evidence",
            "Due",
        ],
        [
            "{{ n.no }}",
            "{{ n.title }}",
            "{{ n.milestone }}",
            "{{ n.share }}",
            "{{ n.amount }}",
            "{{ n.words }}",
            "{{ n.evidence_text }}",
            "{{ n.due }}",
        ],
        loop="n in nodes",
        total=["Total", "", "", "{{ totals.share }}", "{{ totals.amount }}", "{{ totals.words }}", "", ""],
        span_total=True,
    )
    p(doc)
    p(doc, _heading(4, "en"), "Heading 1")
    tag(doc, "{%p for a in acceptance %}")
    _clause_paragraph(doc, "4.{{ loop.index }}", "{{ a.title }}: {{ a.criteria_text }}{{ a.review }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not acceptance %}")
    _clause_paragraph(doc, NO_ACCEPTANCE[0], NO_ACCEPTANCE[2])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for a in articles %}")
    p(doc, "{{ a.number }}.  {{ a.title }}", "Heading 1")
    tag(doc, "{%p for s in a.paragraphs %}")
    _clause_paragraph(doc, "{{ s.number }}", "{{ s.text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    p(doc)
    p(doc, "Signed by the parties on the date first written above.")
    sig = doc.add_table(rows=5, cols=2)
    borderless(sig)
    cells = [
        ("For and on behalf of {{ terms.client }}:", "For and on behalf of {{ terms.contractor }}:"),
        ("{{ client.name }}", "{{ contractor.name }}"),
        ("Signature of authorised signatory:", "Signature of authorised signatory:"),
        ("Name and title:", "Name and title:"),
        ("Date: {{ contract.signed_on }}", "Date: {{ contract.signed_on }}"),
    ]
    _signature_rows(sig, cells)
    page_break(doc)
    p(doc, "Annex 1  Supporting Evidence for Each Payment", "Heading 1")
    p(doc, ANNEX_INTRO[1])
    table(
        doc,
        [0.9, 2.8, 5.1, 7.4],
        ["No.", "Payment Node", "Milestone", "Supporting Evidence"],
        ["{{ n.no }}", "{{ n.title }}", "{{ n.milestone }}", "{{ n.evidence_lines }}"],
        loop="n in nodes",
    )
    _bill_annex(doc, "en")
    return save(doc, "contract.en.docx")


def _pair_table(doc, left: str, right: str, loop: str | None = None):
    """A borderless two-column table: Chinese left, English right."""
    t = doc.add_table(rows=0, cols=2)
    borderless(t)
    if loop:
        t.add_row().cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    row = t.add_row()
    for cell, text in zip(row.cells, (left, right), strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.style = doc.styles["Clause Text"]
        number, _, body = text.partition("\t")
        if body:
            paragraph.add_run(number)
            paragraph.add_run("\t")
            paragraph.add_run(body)
        else:
            paragraph.add_run(text)
    if loop:
        t.add_row().cells[0].paragraphs[0].text = "{%tr endfor %}"
    for r in t.rows:
        r.cells[0].width = Cm(8.1)
        r.cells[1].width = Cm(8.1)
    return t


def build_bilingual() -> Path:
    doc = new_document("合同编号 Contract No. {{ zh.doc.number }}")
    p(doc, "{{ zh.doc.title }}", "Title")
    tag(doc, "{%p if en.doc.title != zh.doc.title %}")
    p(doc, "{{ en.doc.title }}", "Title")
    tag(doc, "{%p endif %}")
    p(doc, "合同编号 Contract No. {{ zh.doc.number }}", "Subtitle")
    p(doc)
    for role, bank in (("client", False), ("contractor", True)):
        t = doc.add_table(rows=0, cols=2)
        borderless(t)
        rows = [
            (f"{{{{ zh.terms.{role} }}}} {{{{ en.terms.{role.capitalize()} }}}}", f"{{{{ zh.{role}.name }}}}"),
            ("送达地址 Address for service", f"{{{{ zh.{role}.address }}}}"),
            ("联系人 Representative", f"{{{{ zh.{role}.representative }}}}"),
            ("电子邮箱 Email", f"{{{{ zh.{role}.email }}}}"),
            ("电话 Telephone", f"{{{{ zh.{role}.phone }}}}"),
            ("登记号码 Registration no.", f"{{{{ zh.{role}.registration }}}}"),
        ]
        if bank:
            rows += [
                ("开户银行 Bank", "{{ zh.contractor.bank_name }}"),
                ("账号 Account", "{{ zh.contractor.bank_account }}"),
                ("SWIFT/BIC", "{{ zh.contractor.swift }}"),
            ]
        _fill_party(doc, t, rows, 5.2)
    _pair_table(doc, _in(RECITAL[0], "zh"), _in(RECITAL[1], "en"))
    for number, rows in ((1, DEFINITIONS), (2, PRICE), (3, [SCHEDULE_INTRO])):
        p(doc, _heading(number, "bilingual"), "Heading 1")
        for clause, zh_text, en_text in rows:
            _pair_table(doc, f"{clause}\t{_in(zh_text, 'zh')}", f"{clause}\t{_in(en_text, 'en')}")
        if number == 2:
            tag(doc, "{%p if zh.measured %}")
            clause, zh_text, en_text = MEASURED_PRICE
            _pair_table(doc, f"{clause}\t{_in(zh_text, 'zh')}", f"{clause}\t{_in(en_text, 'en')}")
            tag(doc, "{%p endif %}")
            tag(doc, "{%p if zh.contract.form.title %}")
            number = FORM[0].replace("measured", "zh.measured")
            _pair_table(doc, f"{number}\t{_in(FORM[1], 'zh')}", f"{number}\t{_in(FORM[2], 'en')}")
            tag(doc, "{%p endif %}")
    table(
        doc,
        [1.1, 2.2, 3.0, 1.5, 2.6, 3.1, 2.7],
        [
            "序号\nNo.",
            "付款节点\nPayment Node",
            "付款条件\nMilestone",
            "比例\nShare",
            "金额（{{ zh.contract.currency_unit }}）\nAmount ({{ zh.contract.currency }})",
            "付款证明材料\nSupporting Evidence",
            "付款期限\nDue",
        ],
        [
            "{{ n.no }}",
            "{{ n.title }}",
            "{{ n.milestone }}",
            "{{ n.share }}",
            "{{ n.amount }}\n{{ n.words }}\n{{ en.nodes[loop.index0].words }}",
            "{{ n.evidence_text }}",
            "{{ n.due }}",
        ],
        loop="n in nodes",
        total=[
            "合计\nTotal",
            "",
            "",
            "{{ zh.totals.share }}",
            "{{ zh.totals.amount }}\n{{ zh.totals.words }}\n{{ en.totals.words }}",
            "",
            "",
        ],
        span_total=True,
    )
    p(doc)
    p(doc, _heading(4, "bilingual"), "Heading 1")
    _pair_table(
        doc,
        "4.{{ loop.index }}\t{{ a.zh.title }}：{{ a.zh.criteria_text }}{{ a.zh.review }}",
        "4.{{ loop.index }}\t{{ a.en.title }}: {{ a.en.criteria_text }}{{ a.en.review }}",
        loop="a in acceptance",
    )
    tag(doc, "{%p if not acceptance %}")
    _pair_table(
        doc, f"{NO_ACCEPTANCE[0]}\t{_in(NO_ACCEPTANCE[1], 'zh')}", f"{NO_ACCEPTANCE[0]}\t{_in(NO_ACCEPTANCE[2], 'en')}"
    )
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for a in pairs %}")
    p(doc, "第{{ a.number }}条 {{ a.zh_title }}　{{ a.number }}. {{ a.en_title }}", "Heading 1")
    _pair_table(doc, "{{ r.number }}\t{{ r.zh }}", "{{ r.number }}\t{{ r.en }}", loop="r in a.rows")
    tag(doc, "{%p endfor %}")
    p(doc)
    tag(doc, "{%p if not language_clause %}")
    p(
        doc,
        "本合同中文与英文文本具有同等效力；两种文本不一致的，以中文文本为准。The Chinese and English texts of this Contract are equally authentic; where they differ, the Chinese text prevails.",
    )
    tag(doc, "{%p endif %}")
    sig = doc.add_table(rows=5, cols=2)
    borderless(sig)
    cells = [
        (
            "{{ zh.terms.client }}（盖章）For {{ en.terms.client }}:",
            "{{ zh.terms.contractor }}（盖章）For {{ en.terms.contractor }}:",
        ),
        ("{{ zh.client.name }}", "{{ zh.contractor.name }}"),
        ("授权代表（签字）Authorised signatory:", "授权代表（签字）Authorised signatory:"),
        ("", ""),
        ("日期 Date：{{ zh.contract.signed_on }}", "日期 Date：{{ zh.contract.signed_on }}"),
    ]
    _signature_rows(sig, cells)
    page_break(doc)
    p(doc, "附件一 付款证明材料清单　Annex 1 Supporting Evidence for Each Payment", "Heading 1")
    _pair_table(doc, _in(ANNEX_INTRO[0], "zh"), _in(ANNEX_INTRO[1], "en"))
    table(
        doc,
        [1.2, 3.6, 11.4],
        ["序号\nNo.", "付款节点\nPayment Node", "付款证明材料\nSupporting Evidence"],
        ["{{ n.no }}", "{{ n.title }}", "{{ n.evidence_lines }}"],
        loop="n in nodes",
    )
    _bill_annex(doc, "bilingual")
    return save(doc, "contract.bilingual.docx")


def build_contracts() -> list[Path]:
    return [build_zh(), build_en(), build_bilingual()]
