"""The payment application pack's templates, in zh, en and bilingual:

apply-letter.*.docx (付款申请函 / Application for Payment), apply-statement.*.docx (付款申请明细表 /
Payment Statement, G702/G703 adapted), apply-progress.*.docx (工程进度说明 / Progress Summary) and
apply-evidence.*.docx (付款证明材料清单 / Evidence Index).
"""

from __future__ import annotations

import re
from pathlib import Path

from build_templates import (
    _fixed_layout,
    borderless,
    kept_block,
    new_document,
    p,
    save,
    section_table,
    set_widths,
    table,
    tag,
)
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt

# Letter paragraphs: (zh, en). Each is Jinja over the pack context of its language.
LETTER = {
    "title": ("付款申请函", "Application for Payment"),
    "ref": (
        "编号：{{ doc.reference }}　　日期：{{ doc.date }}",
        "Our ref: {{ doc.reference }}    Date: {{ doc.date }}",
    ),
    "to": ("致：{{ client.name }}", "To: {{ client.name }}"),
    "attn": ("收件人：{{ client.representative }}", "For the attention of: {{ client.representative }}"),
    "address": ("地址：{{ client.address }}", "Address: {{ client.address }}"),
    "subject": (
        "事由：关于合同（编号：{{ contract.number }}）{{ node.title }}的付款申请",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: application for payment of {{ node.title }}",
    ),
    "salutation": (
        "{{ client.name }}：",
        "Dear {% if client.salutation %}{{ client.salutation }}{% else %}Sir or Madam{% endif %},",
    ),
    "milestone": (
        "根据贵我双方于{{ contract.signed_on }}签订的《{{ doc.title }}》（合同编号：{{ contract.number }}，以下简称“合同”）{{ node.clause }}的约定，付款节点“{{ node.title }}”的付款条件为：{{ node.milestone }}。{% if node.acceptance == 'accepted' %}该付款条件已经成就，工作成果已于{{ node.accepted_on }}验收合格。{% elif node.acceptance == 'deemed' %}该付款条件已经成就：{{ terms.client }}未在验收期限内验收，也未书面说明验收不合格的理由，工作成果于{{ node.accepted_on }}视为验收合格{% if node.acceptance_clause %}（合同第{{ node.acceptance_clause }}条）{% endif %}{% if node.late_record %}；贵方于{{ node.late_record }}出具的书面验收确认晚于验收期限，不改变验收合格之日{% endif %}。{% elif node.acceptance == 'pending' %}相关工作已经完成，{{ terms.contractor }}已于{{ node.requested_on }}提请验收{% if node.review_ends %}，验收期限于{{ node.review_ends }}届满{% if node.deemed_rule %}；{{ terms.client }}在该期限内既未验收也未书面说明验收不合格理由的，视为验收合格{% endif %}{% endif %}。{% if node.review_clause %}依合同第{{ node.review_clause }}条的约定，本付款申请的审核期限自工作成果验收合格（或者视为验收合格）之日起算。{% endif %}{% elif node.acceptance %}相关工作已经完成，请{{ terms.client }}按照合同约定组织验收{% if node.acceptance_clause %}（合同第{{ node.acceptance_clause }}条）{% endif %}；验收期限自{{ terms.client }}收到附齐验收资料的验收通知之日起算{% if node.review_clause %}；依合同第{{ node.review_clause }}条的约定，本付款申请的审核期限自工作成果验收合格（或者视为验收合格）之日起算{% endif %}。{% else %}该付款条件已经成就。{% endif %}",
        "Under {{ node.clause }} of the contract between us dated {{ contract.signed_on }}, “{{ doc.title }}” (Contract No. {{ contract.number }}, the “Contract”), the milestone for the payment node “{{ node.title }}” is: {{ node.milestone }}. {% if node.acceptance == 'accepted' %}That milestone has been reached: the work was accepted on {{ node.accepted_on }}.{% elif node.acceptance == 'deemed' %}That milestone has been reached: {{ terms.client }} neither carried out acceptance nor gave written reasons for rejection within the review period, and the work was deemed accepted on {{ node.accepted_on }}{% if node.acceptance_clause %} (Clause {{ node.acceptance_clause }}){% endif %}{% if node.late_record %}; your written acceptance of {{ node.late_record }} came after the review period had expired and does not change the date of acceptance{% endif %}.{% elif node.acceptance == 'pending' %}The work is complete and {{ terms.contractor }} requested acceptance on {{ node.requested_on }}{% if node.review_ends %}; the review period ends on {{ node.review_ends }}{% if node.deemed_rule %}, and if {{ terms.client }} neither accepts the work nor gives written reasons for rejection by then, the work is deemed accepted{% endif %}{% endif %}.{% if node.review_clause %} Under Clause {{ node.review_clause }} of the Contract, the period for reviewing this application runs from the day the work is accepted (or deemed accepted).{% endif %}{% elif node.acceptance %}The work is complete; please carry out acceptance as the Contract provides{% if node.acceptance_clause %} (Clause {{ node.acceptance_clause }}){% endif %}. The review period runs from your receipt of a notice of completion with the acceptance documents{% if node.review_clause %}; under Clause {{ node.review_clause }} of the Contract, the period for reviewing this application runs from the day the work is accepted (or deemed accepted){% endif %}.{% else %}That milestone has been reached.{% endif %}",
    ),
    "amount": (
        "现{{ terms.contractor }}申请支付“{{ node.title }}”款项，金额为{{ node.money }}（大写：{{ node.words }}）。付款申请明细表、工程进度说明、付款证明材料清单及证明材料汇编随函附上。",
        "{{ terms.Contractor }} therefore applies for payment of “{{ node.title }}” in the amount of {{ node.money }} ({{ node.words }}). The payment statement, progress summary, evidence index and evidence bundle are enclosed.",
    ),
    "measured": (
        "根据贵我双方于{{ contract.signed_on }}签订的《{{ doc.title }}》（合同编号：{{ contract.number }}，以下简称“合同”）{{ node.clause }}的约定，本合同项下的工作按月计量并支付进度款。{{ terms.contractor }}现提交第{{ valuation.number }}期进度付款申请，计量周期为{{ valuation.period_from }}至{{ valuation.period_to }}：截至本期末累计已完成工作价值（含现场材料）为{{ valuation.value_money }}，其中本期完成工作价值{{ valuation.this_money }}{% if valuation.carried %}（{{ valuation.carried }}）{% endif %}。",
        "Under {{ node.clause }} of the contract between us dated {{ contract.signed_on }}, “{{ doc.title }}” (Contract No. {{ contract.number }}, the “Contract”), the work is measured and paid for monthly. {{ terms.Contractor }} submits its application for progress payment No. {{ valuation.number }}, for the measurement period from {{ valuation.period_from }} to {{ valuation.period_to }}: the value of the work done up to the end of the period, including materials on Site, is {{ valuation.value_money }}, of which {{ valuation.this_money }} was done in the period{% if valuation.carried %} ({{ valuation.carried }}){% endif %}.",
    ),
    "measured_amount": (
        "按合同约定，以累计已完成工作价值的{{ valuation.terms.share }}计算进度款{% if valuation.terms.retention %}，扣留质量保证金{% endif %}{% if valuation.terms.recovery %}，扣回预付款{% endif %}，并减去以前各期应付进度款累计金额后，本期应付进度款为{{ node.money }}（大写：{{ node.words }}）。付款申请明细表（附各清单项目明细）、工程量确认单、工程进度说明、付款证明材料清单及证明材料汇编随函附上，请贵方在合同约定的审核期限内审核确认，签发进度款支付证书。",
        "Taking {{ valuation.terms.share }} of that value{% if valuation.terms.retention %}, less the retention{% endif %}{% if valuation.terms.recovery %}, less the advance payment recovered{% endif %}, and less the amounts due for earlier periods, the progress payment due for the period is {{ node.money }} ({{ node.words }}). The payment statement with its continuation sheet by item, the measurement sheet, the progress summary, the evidence index and the evidence bundle are enclosed; please review them and issue the payment certificate within the review period the Contract provides.",
    ),
    "due": (
        "按照合同约定，本期款项应于{{ node.due_rule }}支付{% if node.due_date %}，即{% if node.due_at_latest %}最迟于{{ node.due_date }}（以验收期限届满视为验收合格计）{% else %}不迟于{{ node.due_date }}{% endif %}{% endif %}。",
        "Under the Contract this payment falls due {{ node.due_rule }}{% if node.due_date %}, that is by {{ node.due_date }}{% if node.due_at_latest %} at the latest (counting acceptance as deemed at the end of the review period){% endif %}{% endif %}.",
    ),
    "discount": (
        "按照合同第{{ discount.clause }}条的约定，贵方自收到本期{% if discount.from_invoice %}发票{% else %}付款申请{% endif %}之日起{{ discount.days }}内"
        "{% if discount.by %}（本期{% if discount.from_invoice %}发票{% else %}付款申请{% endif %}{% if discount.received_deemed %}最迟于{{ discount.received }}视为送达{% else %}已于{{ discount.received }}送达{% endif %}，该期限至{{ discount.by }}届满{% if discount.rolled_from %}；期限末日{{ discount.rolled_from }}为休息日，顺延至其后第一个工作日{% endif %}）{% endif %}"
        "足额支付本期全部应付款项，且付款时没有其他已到期未付款项的，可以扣减{{ discount.rate }}的提前付款折扣，实付金额为{{ discount.money }}（大写：{{ discount.words }}）。"
        "{% if discount.overdue %}截至本函日期，贵方尚有{{ discount.overdue_nodes }}已到期未付款项共计{{ discount.overdue_money }}；该等款项须在付款时已经付清，方可扣减上述折扣。{% endif %}",
        "Under Clause {{ discount.clause }} of the Contract, if you pay this instalment in full within {{ discount.days }} after receiving our {% if discount.from_invoice %}invoice for it{% else %}application{% endif %}"
        "{% if discount.by %} ({% if discount.from_invoice %}the invoice{% else %}this application{% endif %} {% if discount.received_deemed %}is deemed delivered by {{ discount.received }} at the latest{% else %}was delivered to you on {{ discount.received }}{% endif %}, so that period ends on {{ discount.by }}{% if discount.rolled_from %}, {{ discount.rolled_from }} being a rest day{% endif %}){% endif %}"
        ", with no other sum then overdue, you may deduct the early-payment discount of {{ discount.rate }} and pay {{ discount.money }} ({{ discount.words }})."
        "{% if discount.overdue %} As at the date of this letter {{ discount.overdue_money }} due under {{ discount.overdue_nodes }} remains unpaid: the discount may be deducted only if that sum has been paid by the time of this payment.{% endif %}",
    ),
    "bank_intro": ("请将款项汇入以下账户：", "Please pay into the following account:"),
    "account_name": ("户名：{{ contractor.account_name }}", "Account name: {{ contractor.account_name }}"),
    "bank": ("开户银行：{{ contractor.bank_name }}", "Bank: {{ contractor.bank_name }}"),
    "account": ("账号：{{ contractor.bank_account }}", "Account number: {{ contractor.bank_account }}"),
    "swift": ("SWIFT代码：{{ contractor.swift }}", "SWIFT/BIC: {{ contractor.swift }}"),
    "contact": (
        "如需补充材料，请在合同约定的审核期限内{% if node.review_by %}（该期限于{{ node.review_by }}届满）{% endif %}一次性书面告知。联系人：{{ contractor.representative }}{% if contractor.phone %}，电话：{{ contractor.phone }}{% endif %}{% if contractor.email %}，电子邮箱：{{ contractor.email }}{% endif %}。",
        "Should you need any further document, please tell us in writing, in a single list, within the review period the Contract provides{% if node.review_by %} (which ends on {{ node.review_by }}){% endif %}. Our contact is {{ contractor.representative }}{% if contractor.phone %}, telephone {{ contractor.phone }}{% endif %}{% if contractor.email %}, email {{ contractor.email }}{% endif %}.",
    ),
    "missing": (
        "下列付款证明材料尚未取得，将于取得后另行补交：",
        "The following supporting documents are not yet available and will follow:",
    ),
    "enclosures": ("附件：", "Enclosures:"),
    "closing": ("此致", "Yours {% if client.salutation %}sincerely{% else %}faithfully{% endif %},"),
    "salute": ("敬礼！", ""),
    "signature": ("{{ contractor.name }}（盖章）", "For and on behalf of {{ contractor.name }}"),
}

STATEMENT_LINES = [
    ("l1", "1. 合同价款", "1. Original contract sum"),
    ("l2", "2. 经批准的变更金额", "2. Net change by approved variations"),
    ("l3", "3. 调整后合同价款（1+2）", "3. Contract sum to date (1+2)"),
    ("l4", "4. 累计完成价值（不含预付款）", "4. Total completed to date (not the advance payment)"),
    ("l5", "5. 质量保证金", "5. Retention"),
    ("l6", "6. 扣除质量保证金后的累计完成价值（4-5）", "6. Total completed less retention (4-5)"),
    (
        "l7",
        "7. 加：预付款（累计已申请{% if statement.recovers %}，减累计已扣回{% endif %}）",
        "7. Add: advance payment applied for to date{% if statement.recovers %}, less recovered to date{% endif %}",
    ),
    ("l8", "8. 累计应付金额（6+7）", "8. Total earned less retention, with the advance payment (6+7)"),
    (
        "l9",
        "9. 减：以前各期已申请金额{% if statement.received_before %}（含本节点此前已收款项{{ statement.received_before }}）"
        "{% endif %}",
        "9. Less previous applications{% if statement.received_before %} (with {{ statement.received_before }} "
        "received against this node before){% endif %}",
    ),
    ("l10", "10. 本期应付金额（8-9）", "10. Current payment due (8-9)"),
    ("l11", "11. 剩余合同价款（含质量保证金）（3-8）", "11. Balance to finish, including retention (3-8)"),
    ("released", "本期返还的质量保证金", "Retention released by this application"),
    ("advance", "本期扣回的预付款", "Advance payment recovered from this payment"),
    ("paid", "截至本期已收款项", "Payments received to date"),
    ("unpaid", "以前各期应付未付金额", "Due on earlier applications and still unpaid"),
]
#: Rows of the summary stated only where the account has such a sum on the earlier nodes (key, flag, zh, en).
STATEMENT_HELD = [
    (
        "held",
        "has_held",
        "以前各期未获确认或有异议、待解决的金额",
        "Held on earlier applications until resolved (not certified or disputed)",
    ),
    ("given_up", "has_given_up", "以前各期经协商不再主张的金额", "Given up on earlier applications in a resolution"),
]
#: The note under the summary: each earlier node whose sum due is not what was applied for (``statement.earlier``).
EARLIER = (
    "以前各期申请与确认情况（依据台账）：",
    "Earlier applications as certified and resolved (from the ledger):",
)

G703_HEAD = {
    "zh": ["节点", "名称", "计划价值", "以前申请", "本次申请", "累计完成", "完成比例", "剩余价值", "质保金"],
    "en": [
        "Node",
        "Description",
        "Scheduled value",
        "Previous applications",
        "This application",
        "Completed to date",
        "%",
        "Balance to finish",
        "Retention",
    ],
}
G703_ROW = [
    "{{ r.id }}",
    "{{ r.title }}",
    "{{ r.scheduled }}",
    "{{ r.previous }}",
    "{{ r.this }}",
    "{{ r.to_date }}",
    "{{ r.percent }}",
    "{{ r.balance }}",
    "{{ r.retention }}",
]
G703_TOTAL = {"zh": "合计", "en": "Total"}
G703_WIDTHS = [1.4, 4.5, 2.9, 2.9, 2.9, 2.9, 1.8, 2.9, 2.6]  # landscape A4: 24.9 cm between margins

HEADINGS = {
    "statement": ("付款申请明细表", "Payment Statement"),
    "summary": ("一、汇总（G702格式）", "Summary (G702 form)"),
    "detail": ("二、各付款节点明细（G703格式）", "Detail by payment node (G703 form)"),
    "progress": ("工程进度说明", "Progress Summary"),
    "evidence": ("付款证明材料清单", "Evidence Index"),
}


def _text(key: str, lang: str, source: dict[str, tuple[str, str]] = LETTER) -> str:
    zh, en = source[key]
    return zh if lang == "zh" else en


_NAMES = re.compile(r"(?<![.\w])(doc|client|contractor|contract|project|node|terms|discount|statement|valuation)\.")
#: names used without an attribute
_BARE = re.compile(r"(?<![.\w])(currency_unit)\b")


def _scoped(text: str, scope: str) -> str:
    """Point every name of a Jinja text at zh.* or en.* for the bilingual templates."""
    return re.sub(
        r"({{.*?}}|{%.*?%})",
        lambda m: _BARE.sub(
            lambda n: f"{scope}.{n.group(1)}", _NAMES.sub(lambda n: f"{scope}.{n.group(1)}.", m.group(0))
        ),
        text,
    )


def _para(doc, key: str, lang: str, source=LETTER, style=None, align=None):  # type: ignore[no-untyped-def]
    """A paragraph in the template's language(s); Chinese body text (``style`` None) is indented two characters."""
    zh_style = "Letter Body" if style is None else style
    if lang == "bilingual":
        p(doc, _scoped(source[key][0], "zh"), zh_style, align)
        return p(doc, _scoped(source[key][1], "en"), style, align)
    return p(doc, _text(key, lang, source), zh_style if lang == "zh" else style, align)


def _line(key: str, lang: str) -> str:
    """A labelled line ("地址：...") in one language, or with both labels and the project's value once."""
    zh, en = LETTER[key]
    if lang != "bilingual":
        return zh if lang == "zh" else en
    label_zh, _, value = zh.partition("：")
    label_en = en.partition(":")[0]
    return f"{label_zh} {label_en}：{_scoped(value, 'zh')}"


def _header(lang: str) -> str:
    return "{{ confidential }}"


def _scope(lang: str) -> str:
    """Where a bilingual pack's shared cells, tables and conditions read: ``written.``, the Chinese context with the
    project's words as the project file writes them (each language's sentences read ``zh.`` and ``en.``, which
    give the project's name and the node's title in their own language)."""
    return "written." if lang == "bilingual" else ""


def build_letter(lang: str) -> Path:
    doc = new_document(_header(lang))
    s = _scope(lang)
    if lang == "bilingual":
        p(doc, f"{LETTER['title'][0]}\n{LETTER['title'][1]}", "Title")
    else:
        p(doc, _text("title", lang), "Title")
    ref = _text("ref", lang)
    if lang == "bilingual":  # the reference once, the date in each language
        ref = "编号 Our ref：{{ zh.doc.reference }}　　日期 Date：{{ zh.doc.date }} / {{ en.doc.date }}"
    p(doc, ref, align=WD_ALIGN_PARAGRAPH.RIGHT)
    p(doc, _line("to", lang))
    for key, field in (("attn", "client.representative"), ("address", "client.address")):
        tag(doc, f"{{%p if {s}{field} %}}")
        p(doc, _line(key, lang))
        tag(doc, "{%p endif %}")
    if lang == "bilingual":
        p(doc, _scoped(LETTER["subject"][0], "zh"), bold=True)
        p(doc, _scoped(LETTER["subject"][1], "en"), bold=True)
    else:
        p(doc, _text("subject", lang), bold=True)
    # a bilingual letter closes in both languages ("此致 敬礼" and "Yours ..."): it opens in both
    if lang != "en":
        p(doc, _scoped(LETTER["salutation"][0], "zh") if lang == "bilingual" else LETTER["salutation"][0])
    if lang != "zh":
        p(doc, _scoped(LETTER["salutation"][1], "en") if lang == "bilingual" else LETTER["salutation"][1])
    tag(doc, f"{{%p if {s}node.measured %}}")
    for key in ("measured", "measured_amount"):
        _para(doc, key, lang)
    tag(doc, "{%p else %}")
    for key in ("milestone", "amount"):
        _para(doc, key, lang)
    tag(doc, "{%p endif %}")
    # documents not yet on file are named, so that the letter never claims more than the pack holds
    tag(doc, f"{{%p if {s}missing %}}")
    _para(doc, "missing", lang)
    # as the evidence index names them: in a bilingual pack, as the project file writes them (both languages)
    loop = "m in written.missing" if lang == "bilingual" else "m in missing"
    tag(doc, f"{{%p for {loop} %}}")
    p(doc, "{{ loop.index }}. {{ m }}", "Clause Item")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    _para(doc, "due", lang)
    tag(doc, f"{{%p if {s}discount.applies %}}")
    _para(doc, "discount", lang)
    tag(doc, "{%p endif %}")
    _para(doc, "bank_intro", lang)
    for key in ("account_name", "bank", "account"):
        p(doc, _line(key, lang), "Clause Item")
    tag(doc, f"{{%p if {s}contractor.swift %}}")
    p(doc, _line("swift", lang), "Clause Item")
    tag(doc, "{%p endif %}")
    _para(doc, "contact", lang).paragraph_format.keep_with_next = True
    # The closing, signature, date and enclosures form one block that travels with the last paragraph:
    # a page never holds the closing and the seal alone. 此致 is indented, 敬礼 at the margin, then the
    # signature and seal, the date and the enclosures, as Chinese business letters are set.
    block = kept_block(doc)
    if lang in ("zh", "bilingual"):
        p(block, LETTER["closing"][0], "Letter Body")
        p(block, LETTER["salute"][0])
    if lang in ("en", "bilingual"):
        closing = LETTER["closing"][1]
        p(block, _scoped(closing, "en") if lang == "bilingual" else closing)
    p(block)
    if lang == "en":
        p(block)
        p(block, _text("signature", lang))
        p(block, "{{ doc.date }}")
    else:
        right = WD_ALIGN_PARAGRAPH.RIGHT
        signature = LETTER["signature"][0]
        p(block, _scoped(signature, "zh") if s else signature, align=right)
        if lang == "bilingual":
            p(block, _scoped(LETTER["signature"][1], "en"), align=right)
        p(block, "{{ zh.doc.date }} / {{ en.doc.date }}" if s else "{{ doc.date }}", align=right)
    p(block)
    p(block, _line("enclosures", lang))
    loop = "e in zh.enclosures" if lang == "bilingual" else "e in enclosures"
    tag(block, f"{{%p for {loop} %}}")
    p(block, "{{ e }}" if lang != "bilingual" else "{{ e }}　{{ en.enclosures[loop.index0] }}", "Clause Item")
    tag(block, "{%p endfor %}")
    return save(doc, f"apply-letter.{lang}.docx")


def _label(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en if lang == "en" else f"{zh}\n{en}"


def _facts_table(doc, lang: str, width: float = 16.2) -> None:
    s = _scope(lang)
    # a label opens its line: "The Client", not "the Client", in English
    client, contractor = ("Client", "Contractor") if lang == "en" else ("client", "contractor")
    facts = [
        (_label("合同编号", "Contract No.", lang), f"{{{{ {s}contract.number }}}}"),
        (_label("项目", "Project", lang), f"{{{{ {s}project.name }}}}"),
        (
            f"{{{{ {s}terms.{client} }}}}" + (" {{ en.terms.Client }}" if lang == "bilingual" else ""),
            f"{{{{ {s}client.name }}}}",
        ),
        (
            f"{{{{ {s}terms.{contractor} }}}}" + (" {{ en.terms.Contractor }}" if lang == "bilingual" else ""),
            f"{{{{ {s}contractor.name }}}}",
        ),
        (_label("付款节点", "Payment node", lang), f"{{{{ {s}node.id }}}} {{{{ {s}node.title }}}}"),
        (_label("申请金额", "Amount applied for", lang), f"{{{{ {s}node.money }}}}"),
        (_label("申请编号", "Application ref.", lang), f"{{{{ {s}doc.reference }}}}"),
        (
            _label("申请日期", "Date", lang),
            f"{{{{ {s}doc.date }}}}" + (" / {{ en.doc.date }}" if lang == "bilingual" else ""),
        ),
    ]
    t = doc.add_table(rows=0, cols=2)
    borderless(t)
    for label, value in facts:
        row = t.add_row()
        row.cells[0].paragraphs[0].text = label
        row.cells[0].paragraphs[0].style = doc.styles["Table Head"]
        row.cells[1].paragraphs[0].text = value
        row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[0].width, row.cells[1].width = Cm(3.6), Cm(width - 3.6)
    _fixed_layout(t, [3.6, width - 3.6])
    p(doc)


#: The statement's note on the advance (``statement.has_advance``), and the G703 rows that split the total.
STATEMENT_TEXT = {
    "advance": (
        "预付款是开始工作前支付的款项，不是已完成工作的价值，故单列于第7行，不计入第4行"
        "{% if statement.advance_in_price %}；付款计划各节点金额合计等于合同价款，预付款是其中一个节点，"
        "不从其他各期款项中扣回{% endif %}"
        "{% if statement.recovers %}；按合同{% if statement.recovery_clause %}第{{ statement.recovery_clause }}条"
        "{% else %}约定{% endif %}，预付款从各期进度款和竣工结算款中扣回：明细表中各期付款按扣回预付款前的金额列示，"
        "第4行不因扣回而减少，累计已扣回的预付款{{ statement.recovered }}单列一行，从第7行中减除{% endif %}。",
        "The advance payment is paid before the work, not for work completed: it is stated on line 7, not in line 4"
        "{% if statement.advance_in_price %}; the nodes of the payment schedule add up to the contract sum and the "
        "advance payment is one of them, so it is not recovered from the other instalments{% endif %}"
        "{% if statement.recovers %}; under {% if statement.recovery_clause %}Clause {{ statement.recovery_clause }} "
        "of {% endif %}the Contract the advance payment is recovered from the progress payments and the final "
        "account payment: the detail states each payment before the advance it recovers, so that line 4 is not "
        "reduced by the recovery, and the advance recovered to date, {{ statement.recovered }}, is on a row of its "
        "own, deducted on line 7{% endif %}.",
    ),
}
G703_ADVANCE = (
    (
        "其中：预付款{% if statement.recovers %}，减已扣回{% endif %}（第7行）",
        "Of which the advance payment{% if statement.recovers %}, less recovered{% endif %} (line 7)",
        "advance_rows",
    ),
    ("已完成工作（第4行）", "Work completed (line 4)", None),
)


#: The opening of a statement's closing note: on what footing it lists its items (``statement.model_basis``). Only
#: a contract that incorporates GF-2017-0201 (``contract.form``) makes its sub-clause 12.4.2 a term; a valuation
#: lists what the contract's own monthly-progress clause asks an application to state; otherwise the statement
#: lists the items 12.4.2 lists as a reference, and says that the model form is not part of the contract. The final
#: account's application is not a progress application: the model form lists its contents in sub-clause 14.1.
MODEL_NOTE = (
    "{% if statement.model_basis == 'form' %}本表按本合同采用的《建设工程施工合同（示范文本）》（GF—2017—0201）"
    "通用合同条款{% if statement.final %}第14.1款所列竣工结算申请单的内容{% else %}第12.4.2项所列内容{% endif %}编制，"
    "格式参照AIA G702/G703"
    "{% elif statement.model_basis == 'clause' %}本表列明合同第{{ statement.model_clause }}条约定进度付款申请应当载明"
    "的事项，格式参照AIA G702/G703"
    "{% elif statement.model_contents %}本表列明《建设工程施工合同（示范文本）》（GF—2017—0201）通用合同条款"
    "{% if statement.final %}第14.1款所列竣工结算申请单{% else %}第12.4.2项所列进度付款申请单{% endif %}"
    "的各项内容，仅作列项参照，该示范文本不是本合同的组成部分；格式参照AIA G702/G703"
    "{% else %}本表按AIA G702/G703格式编制{% endif %}；",
    "{% if statement.model_basis == 'form' %}Prepared with the contents listed in sub-clause "
    "{% if statement.final %}14.1 (the application for completion settlement){% else %}12.4.2{% endif %} of the "
    "General Conditions of the PRC Model Construction Contract (GF-2017-0201), which the Contract incorporates, in "
    "the layout of AIA G702/G703"
    "{% elif statement.model_basis == 'clause' %}Lists the items Clause {{ statement.model_clause }} of the Contract "
    "requires an application for a progress payment to state, in the layout of AIA G702/G703"
    "{% elif statement.model_contents %}Lists the items that sub-clause "
    "{% if statement.final %}14.1{% else %}12.4.2{% endif %} of the General Conditions of the PRC Model "
    "Construction Contract (GF-2017-0201) lists for an application for "
    "{% if statement.final %}completion settlement (the final account){% else %}a progress payment{% endif %}, as a "
    "reference only: that model form is not part of the Contract; in the layout of AIA G702/G703"
    "{% else %}Prepared in the layout of AIA G702/G703{% endif %}; ",
)


def _advance_rows(doc, t, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Under the G703 total, where the schedule has an advance: the advance's part of the total, and line 4."""
    s = _scope(lang)
    t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {s}statement.has_advance %}}"
    for zh, en, key in G703_ADVANCE:
        row = t.add_row()
        if key:
            texts = [f"{{{{ {s}statement.{key}.{c} }}}}" for c in ("scheduled", "previous", "this", "to_date")]
            texts += ["", f"{{{{ {s}statement.{key}.balance }}}}", ""]
        else:
            texts = ["", "", "", f"{{{{ {s}statement.l4 }}}}", "", "", ""]
        cells = row.cells
        cells[0].paragraphs[0].text = _label(zh, en, lang).replace("statement.", f"{s}statement.")
        cells[0].paragraphs[0].style = doc.styles["Table Text"]
        for cell, text in zip(cells[2:], texts, strict=True):
            cell.paragraphs[0].text = text
            cell.paragraphs[0].style = doc.styles["Table Text"]
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for i, width in enumerate(G703_WIDTHS):
            cells[i].width = Cm(width)
        merged = cells[0].merge(cells[1])
        for extra in merged.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"


def build_statement(lang: str) -> Path:
    doc = new_document(_header(lang), landscape=True)
    s = _scope(lang)
    p(doc, _label(*HEADINGS["statement"], lang).replace("\n", "  "), "Title")
    _facts_table(doc, lang, 24.9)
    p(doc, _label(*HEADINGS["summary"], lang).replace("\n", "  "), "Heading 2")
    t = doc.add_table(rows=0, cols=2)
    t.style = doc.styles["Table Grid"]
    for key, zh, en in STATEMENT_LINES:
        row = t.add_row()
        row.cells[0].paragraphs[0].text = _label(zh, en, lang).replace("statement.", f"{s}statement.")
        row.cells[0].paragraphs[0].style = doc.styles["Table Head" if key == "l10" else "Table Text"]
        row.cells[1].paragraphs[0].text = f"{{{{ {s}statement.{key} }}}}"
        row.cells[1].paragraphs[0].style = doc.styles["Table Head" if key == "l10" else "Table Text"]
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row.cells[0].width, row.cells[1].width = Cm(17.0), Cm(7.9)
    for key, flag, zh, en in STATEMENT_HELD:
        t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {s}statement.{flag} %}}"
        row = t.add_row()
        row.cells[0].paragraphs[0].text = _label(zh, en, lang)
        row.cells[0].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[1].paragraphs[0].text = f"{{{{ {s}statement.{key} }}}}"
        row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row.cells[0].width, row.cells[1].width = Cm(17.0), Cm(7.9)
        t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    for text in _both("advance", lang, STATEMENT_TEXT):
        tag(doc, f"{{%p if {s}statement.has_advance %}}")
        p(doc, text, "Table Text")
        tag(doc, "{%p endif %}")
    note = "zh." if lang == "bilingual" else ""
    tag(doc, f"{{%p if {note}statement.earlier %}}")
    p(doc, _label(*EARLIER, lang).replace("\n", "  "), "Table Text")
    tag(doc, f"{{%p for x in {note}statement.earlier %}}")
    p(doc, "{{ x }}", "Table Text")
    tag(doc, "{%p endfor %}")
    if lang == "bilingual":
        tag(doc, "{%p for x in en.statement.earlier %}")
        p(doc, "{{ x }}", "Table Text")
        tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    p(doc)
    due_now = {
        "zh": "本期申请付款金额：{{ node.money }}（大写：{{ node.words }}）",
        "en": "Amount applied for now: {{ node.money }} ({{ node.words }})",
    }
    if lang == "bilingual":
        p(doc, _scoped(due_now["zh"], "zh"), bold=True)
        p(doc, _scoped(due_now["en"], "en"), bold=True)
    else:
        p(doc, due_now[lang], bold=True)
    p(doc, _label(*HEADINGS["detail"], lang).replace("\n", "  "), "Heading 2")
    head = (
        G703_HEAD["zh"]
        if lang == "zh"
        else G703_HEAD["en"]
        if lang == "en"
        else [f"{a}\n{b}" for a, b in zip(G703_HEAD["zh"], G703_HEAD["en"], strict=True)]
    )
    total = _label(G703_TOTAL["zh"], G703_TOTAL["en"], lang)
    row = list(G703_ROW)
    if lang == "bilingual":
        # the advance's and the recovery's rows say what they are in English too
        note = "en.statement.rows[loop.index0].note"
        row[1] = f"{{{{ r.title }}}}{{% if {note} %}} {{{{ {note} }}}}{{% endif %}}"
    t = table(
        doc,
        G703_WIDTHS,
        head,
        row,
        right=(2, 3, 4, 5, 6, 7, 8),
        loop=f"r in {s}statement.rows",
        total=[
            total,
            "",
            f"{{{{ {s}statement.totals.scheduled }}}}",
            f"{{{{ {s}statement.totals.previous }}}}",
            f"{{{{ {s}statement.totals.this }}}}",
            f"{{{{ {s}statement.totals.to_date }}}}",
            "",
            f"{{{{ {s}statement.totals.balance }}}}",
            f"{{{{ {s}statement.totals.retention }}}}",
        ],
    )
    _advance_rows(doc, t, lang)
    p(doc)
    tag(doc, f"{{%p if {s}statement.variation_rows %}}")
    p(doc, _label("三、经批准的变更", "Approved variations", lang).replace("\n", "  "), "Heading 2")
    var_head = {
        "zh": ["编号", "变更内容", "金额", "批准日期", "计入节点"],
        "en": ["No.", "Variation", "Amount", "Approved", "Carried by node"],
    }
    labels = var_head.get(lang) or [f"{a}\n{b}" for a, b in zip(var_head["zh"], var_head["en"], strict=True)]
    carried = "{{ v.node }}"
    if lang == "bilingual":  # a node's id reads the same in both; what carries a measured variation is said in both
        other = "en.statement.variation_rows[loop.index0].node"
        carried += f"{{% if {other} != v.node %}} {{{{ {other} }}}}{{% endif %}}"
    table(
        doc,
        [2.0, 11.9, 4.0, 4.0, 3.0],
        labels,
        ["{{ v.id }}", "{{ v.title }}", "{{ v.amount }}", "{{ v.approved }}", carried],
        right=(2,),
        loop=f"v in {s}statement.variation_rows",
    )
    p(doc)
    tag(doc, "{%p endif %}")
    note = {
        "zh": MODEL_NOTE[0] + "金额单位：{{ currency_unit }}。",
        "en": MODEL_NOTE[1] + "amounts in {{ contract.currency }}.",
    }
    if lang == "bilingual":
        p(doc, _scoped(note["zh"], "zh"), "Table Text")
        p(doc, _scoped(note["en"], "en"), "Table Text")
    else:
        p(doc, note[lang], "Table Text")
    _sign_off(doc, lang)
    return save(doc, f"apply-statement.{lang}.docx")


#: The sign-off boxes of the statement: the contractor signs and seals it, the client reviews and certifies.
SIGN_OFF = {
    "contractor": ("{{ terms.contractor }}（申请人）", "{{ terms.Contractor }} (applicant)"),
    "client": ("{{ terms.client }}审核意见", "{{ terms.Client }}'s review"),
    "contractor_lines": (
        ["编制人（签字）：", "负责人（签字）：", "盖章：", "日期："],
        ["Prepared by (signature):", "Authorised by (signature):", "Seal:", "Date:"],
    ),
    "client_lines": (
        ["审核金额：", "审核意见：", "审核人（签字）：", "盖章：", "日期："],
        ["Amount certified:", "Comments:", "Reviewed by (signature):", "Seal:", "Date:"],
    ),
}


def _sign_off(doc, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Signature, seal (盖章) and review boxes, kept together on one page with room for a seal."""
    from docx.enum.table import WD_ROW_HEIGHT_RULE

    p(doc).paragraph_format.keep_with_next = True
    t = doc.add_table(rows=2, cols=2)
    t.style = doc.styles["Table Grid"]
    _fixed_layout(t, [12.45, 12.45])
    heads = (SIGN_OFF["contractor"], SIGN_OFF["client"])
    lines = (SIGN_OFF["contractor_lines"], SIGN_OFF["client_lines"])
    for i in range(2):
        head = t.rows[0].cells[i].paragraphs[0]
        zh, en = heads[i]
        head.text = zh if lang == "zh" else en if lang == "en" else f"{_scoped(zh, 'zh')}  {_scoped(en, 'en')}"
        head.style = doc.styles["Table Head"]
        head.paragraph_format.keep_with_next = True
        cell = t.rows[1].cells[i]
        zh_lines, en_lines = lines[i]
        texts = (
            zh_lines
            if lang == "zh"
            else en_lines
            if lang == "en"
            else [f"{a} {b}" for a, b in zip(zh_lines, en_lines, strict=True)]
        )
        cell.paragraphs[0].text = texts[0]
        cell.paragraphs[0].style = doc.styles["Table Text"]
        for text in texts[1:]:
            para = cell.add_paragraph(text, style=doc.styles["Table Text"])
            para.paragraph_format.space_before = Pt(12)
        for row in t.rows:
            row.cells[i].width = Cm(12.45)
    t.rows[1].height = Cm(4.2)
    t.rows[1].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST


def build_progress(lang: str) -> Path:
    doc = new_document(_header(lang))
    s = _scope(lang)
    p(doc, _label(*HEADINGS["progress"], lang).replace("\n", "  "), "Title")
    _facts_table(doc, lang)
    intro = {
        "zh": "截至{{ doc.date }}，本合同各付款节点的付款条件、验收及付款情况如下；本次申请的付款节点为“{{ node.title }}”，其付款条件为“{{ node.milestone }}”{% if node.acceptance == 'accepted' %}，已于{{ node.accepted_on }}验收合格{% elif node.acceptance == 'deemed' %}，已于{{ node.accepted_on }}视为验收合格{% elif node.acceptance == 'pending' %}，已于{{ node.requested_on }}提请验收{% if node.review_ends %}，验收期限于{{ node.review_ends }}届满{% endif %}{% elif node.acceptance %}，相关工作已经完成，待验收{% endif %}。",
        "en": "As of {{ doc.date }}, the milestones, acceptances and payments of the Contract's payment nodes stand as below. This application is for “{{ node.title }}”, whose milestone is “{{ node.milestone }}”{% if node.acceptance == 'accepted' %}; the work was accepted on {{ node.accepted_on }}{% elif node.acceptance == 'deemed' %}; the work was deemed accepted on {{ node.accepted_on }}{% elif node.acceptance == 'pending' %}; acceptance was requested on {{ node.requested_on }}{% if node.review_ends %} and the review period ends on {{ node.review_ends }}{% endif %}{% elif node.acceptance %}; the work is complete and awaits acceptance{% endif %}.",
    }
    if lang == "bilingual":
        p(doc, _scoped(intro["zh"], "zh"))
        p(doc, _scoped(intro["en"], "en"))
    else:
        p(doc, intro[lang])
    head = {
        "zh": ["节点", "名称", "付款条件", "申请日期", "验收日期", "已收款", "状态"],
        "en": ["Node", "Description", "Milestone", "Applied", "Accepted", "Paid", "State"],
    }
    labels = head.get(lang) or [f"{a}\n{b}" for a, b in zip(head["zh"], head["en"], strict=True)]
    state = "{{ r.state }}" if lang != "bilingual" else "{{ r.state }}\n{{ en.progress[loop.index0].state }}"
    table(
        doc,
        [1.3, 2.3, 3.5, 2.2, 2.3, 2.5, 2.1],
        labels,
        [
            "{{ r.id }}",
            "{{ r.title }}",
            "{{ r.milestone }}",
            "{{ r.applied }}",
            "{{ r.accepted }}",
            "{{ r.paid }}",
            state,
        ],
        loop=f"r in {s}progress",
    )
    return save(doc, f"apply-progress.{lang}.docx")


def build_evidence(lang: str) -> Path:
    doc = new_document(_header(lang))
    s = _scope(lang)
    p(doc, _label(*HEADINGS["evidence"], lang).replace("\n", "  "), "Title")
    _facts_table(doc, lang)
    intro = {
        "zh": "下表列明本期付款节点的每一项付款证明材料要求、满足该要求的材料及其在证明材料汇编（{{ bundle }}）中的页码。",
        "en": "For each supporting-evidence requirement of this payment node, the table lists the documents that meet it and their pages in the evidence bundle ({{ bundle }}).",
    }
    if lang == "bilingual":
        p(doc, intro["zh"].replace("{{ bundle }}", "{{ zh.bundle }}"))
        p(doc, intro["en"].replace("{{ bundle }}", "{{ en.bundle }}"))
    else:
        p(doc, intro[lang])
    head = {
        "zh": ["序号", "付款证明材料要求", "提交的材料", "汇编页码", "状态"],
        "en": ["No.", "Requirement", "Documents", "Pages in bundle", "State"],
    }
    labels = head.get(lang) or [f"{a}\n{b}" for a, b in zip(head["zh"], head["en"], strict=True)]
    state = "{{ r.state }}" if lang != "bilingual" else "{{ r.state }}\n{{ en.evidence[loop.index0].state }}"
    pages = "{{ r.pages }}" if lang != "bilingual" else "{{ r.pages }}\n{{ en.evidence[loop.index0].pages }}"
    requirement = "{{ r.requirement }}"
    if lang == "bilingual":
        # the heading of the documents that meet no requirement is contractkit's, not the project's: in both
        # languages, as the bundle's index has it
        other = "en.evidence[loop.index0]"
        requirement += f"{{% if r.supporting %}} {{{{ {other}.requirement }}}}{{% endif %}}"
    table(
        doc,
        [1.1, 4.4, 6.0, 2.6, 2.1],
        labels,
        ["{{ r.no }}", requirement, "{{ r.documents }}", pages, state],
        loop=f"r in {s}evidence",
    )
    return save(doc, f"apply-evidence.{lang}.docx")


VALUATION_LINES = [
    ("l1", "1. 合同价款", "1. Original contract sum"),
    ("l2", "2. 经批准的变更金额", "2. Net change by approved variations"),
    ("l3", "3. 调整后合同价款（1+2）", "3. Contract sum to date (1+2)"),
    ("l4", "4. 累计完成价值（含现场材料）", "4. Total completed and stored to date"),
    (
        "l5",
        "5. 按累计完成价值的{{ valuation.terms.share }}计算的进度款",
        "5. Progress payments at {{ valuation.terms.share }} of line 4",
    ),
    ("l6", "6. 累计扣留的质量保证金", "6. Retention to date"),
    ("l7", "7. 累计扣回的预付款", "7. Advance payment recovered to date"),
    ("l8", "8. 累计应付金额（5-6-7）", "8. Total earned less retention and advance recovered (5-6-7)"),
    ("l9", "9. 减：以前各期应付进度款累计金额", "9. Less the amounts due for earlier periods"),
    ("l10", "10. 本期应付金额（8-9）", "10. Current payment due (8-9)"),
    ("l11", "11. 剩余合同价款（3-4）", "11. Balance to finish (3-4)"),
    ("work_this_period", "本期完成工作价值", "Work done in this period"),
    ("materials", "期末现场材料价值", "Materials stored on Site at the end of the period"),
    (
        "previous_value",
        "上期支付证书第4行（累计完成价值，含现场材料）：截至上期累计完成{{ valuation.previous_work }}"
        "＋上期末现场材料{{ valuation.previous_materials }}",
        "Line 4 of the previous certificate: work done to that date {{ valuation.previous_work }} + materials "
        "stored at that date {{ valuation.previous_materials }}",
    ),
    ("retention_this_period", "本期扣留的质量保证金", "Retention withheld in this period"),
    ("advance_this_period", "本期扣回的预付款", "Advance payment recovered in this period"),
    ("received", "截至本期已收进度款", "Progress payments received to date"),
    ("applied_unpaid", "以前各期应付未付金额", "Due on earlier applications and still unpaid"),
]
#: The row after them where part of the earlier valuations applied for is held until resolved.
#: The advance as GF-2017-0201 12.4.2 lists it (paid, and recovered): rows where the schedule pays an advance. It is
#: not in line 4 (work done) but recovered on line 7.
VALUATION_ADVANCE = [
    ("advance_total", "预付款（付款计划所列预付款节点）", "Advance payment (the advance node of the payment schedule)"),
    ("advance_paid", "其中已收预付款", "Advance payment received"),
    ("advance_balance", "尚待扣回的预付款（预付款－7）", "Advance payment still to be recovered (advance - line 7)"),
]
VALUATION_HELD = (
    "以前各期未获确认或有异议、待解决的金额",
    "Held on earlier applications until resolved (not certified or disputed)",
)

#: G703 by item on landscape A4: 24.9 cm between the margins.
ITEM_COLUMNS = [
    ("项目编码", "Item", 2.5, "{{ r.code }}"),
    ("项目名称", "Description", 3.0, "{{ r.description }}"),
    ("单位", "Unit", 1.1, "{{ r.unit }}"),  # "Unit" on one line in the English header
    ("计划价值", "Scheduled value", 2.6, "{{ r.scheduled }}"),
    ("以前完成", "From previous", 2.5, "{{ r.previous }}"),
    ("本期完成", "This period", 2.5, "{{ r.this }}"),
    ("现场材料", "Materials stored", 2.0, "{{ r.materials }}"),
    ("累计完成", "Completed and stored to date", 2.6, "{{ r.to_date }}"),
    ("完成比例", "%", 1.6, "{{ r.percent }}"),
    ("剩余价值", "Balance to finish", 2.4, "{{ r.balance }}"),
    ("质保金", "Retention", 2.1, "{{ r.retention }}"),
]
ITEM_TOTALS = ["", "", "", "scheduled", "previous", "this", "materials", "to_date", "percent", "balance", "retention"]

MEASUREMENT_COLUMNS = [
    ("项目编码", "Item", 2.6, "{{ r.code }}"),
    ("项目名称", "Description", 4.5, "{{ r.description }}"),
    ("单位", "Unit", 1.1, "{{ r.unit }}"),
    ("清单工程量", "Bill quantity", 2.1, "{{ r.bill_quantity }}"),
    ("综合单价", "Rate", 2.0, "{{ r.rate }}"),
    ("上期累计", "Previous quantity", 2.1, "{{ r.previous_quantity }}"),
    ("本期完成", "Quantity this period", 2.1, "{{ r.this_quantity }}"),
    ("累计完成", "Quantity to date", 2.1, "{{ r.quantity }}"),
    ("本期金额", "Value this period", 2.4, "{{ r.this }}"),
    ("现场材料", "Materials stored", 2.0, "{{ r.materials }}"),
    ("证明材料", "Evidence", 1.9, "{{ r.evidence }}"),
]

VALUATION_TEXT = {
    "period": (
        "第{{ valuation.number }}期进度款　计量周期：{{ valuation.period_from }}至{{ valuation.period_to }}{% if valuation.carried %}（{{ valuation.carried }}）{% endif %}",
        "Progress payment No. {{ valuation.number }}    Measurement period: {{ valuation.period_from }} to {{ valuation.period_to }}{% if valuation.carried %} ({{ valuation.carried }}){% endif %}",
    ),
    "basis": (
        "计算依据（合同第{{ valuation.clause }}条）：进度款按累计已完成工作价值的{{ valuation.terms.share }}计算{% if valuation.terms.retention %}；质量保证金为累计已完成工作价值的{{ valuation.terms.retention }}{% endif %}{% if valuation.terms.recovery %}；预付款按{{ valuation.terms.recovery }}扣回{% endif %}{% if valuation.terms.minimum %}；每期进度款支付证书的最低金额为{{ valuation.terms.minimum }}{% endif %}；清单项目金额按工程量乘以综合单价{{ valuation.terms.rounding }}。",
        "Basis (Clause {{ valuation.clause }} of the Contract): progress payments are {{ valuation.terms.share }} of the value of the work done to date{% if valuation.terms.retention %}; retention is {{ valuation.terms.retention }}{% endif %}{% if valuation.terms.recovery %}; the advance payment is recovered at {{ valuation.terms.recovery }}{% endif %}{% if valuation.terms.minimum %}; the minimum amount of a payment certificate is {{ valuation.terms.minimum }}{% endif %}; each item's value is its quantity times its rate, {{ valuation.terms.rounding }}.",
    ),
    "adjustment": (
        "{% if valuation.adjustment_kind == 'line' %}质量保证金累计上限调整{% else %}按累计完成价值合计计算的质量保证金{% endif %}",
        "{% if valuation.adjustment_kind == 'line' %}Retention limit adjustment{% else %}Retention on the total value of work done{% endif %}",
    ),
    "measurement_intro": (
        "第{{ valuation.number }}期（{{ valuation.period_from }}至{{ valuation.period_to }}{% if valuation.carried %}，{{ valuation.carried }}{% endif %}）完成的工程量如下表所列，金额按工程量清单所列综合单价计算。请监理工程师及{{ terms.client }}代表现场核实后签署确认意见；证明材料编号见证明材料汇编。",
        "The quantities done in period No. {{ valuation.number }} ({{ valuation.period_from }} to {{ valuation.period_to }}{% if valuation.carried %}, {{ valuation.carried }}{% endif %}) are listed below, valued at the rates of the bill of quantities. Please verify them on Site and sign below; the evidence numbers refer to the evidence bundle.",
    ),
    "measurement_total": (
        "本期完成工作价值合计：{{ valuation.this_money }}；期末现场材料价值：{{ valuation.materials_money }}。",
        "Value of the work done in the period: {{ valuation.this_money }}; materials stored on Site at the end of the period: {{ valuation.materials_money }}.",
    ),
}

SIGN_BLOCKS = [
    (
        "{{ terms.contractor }}（盖章）",
        "{{ terms.Contractor }} (seal)",
        ["计量人：", "日期："],
        ["Measured by:", "Date:"],
    ),
    ("监理工程师审核意见", "Engineer's review", ["意见：", "签字：", "日期："], ["Comments:", "Signature:", "Date:"]),
    (
        "{{ terms.client }}代表确认",
        "{{ terms.Client }}'s representative",
        ["签字：", "日期："],
        ["Signature:", "Date:"],
    ),
]


def _both(key: str, lang: str, source: dict[str, tuple[str, str]]) -> list[str]:
    """A text in one language, or in both (each scoped) for a bilingual template."""
    zh, en = source[key]
    if lang == "bilingual":
        return [_scoped(zh, "zh"), _scoped(en, "en")]
    return [zh if lang == "zh" else en]


def _item_table(doc, lang: str, columns, loop: str, *, adjustment: bool, totals: list[str] | None):  # type: ignore[no-untyped-def]
    """Rows by item under a heading row per section (one merged cell), an optional retention row and a total."""
    s = _scope(lang)
    widths = [c[2] for c in columns]
    head = [_label(zh, en, lang) for zh, en, _, _ in columns]
    t = section_table(doc, widths, head, [c[3] for c in columns], loop=loop)
    if adjustment:
        t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {s}valuation.adjustment %}}"
        row = t.add_row()
        label = row.cells[0].merge(row.cells[-2])
        texts = _both("adjustment", lang, VALUATION_TEXT)
        label.paragraphs[0].text = texts[0] if len(texts) == 1 else f"{texts[0]}\n{texts[1]}"
        label.paragraphs[0].style = doc.styles["Table Text"]
        row.cells[-1].paragraphs[0].text = f"{{{{ {s}valuation.adjustment }}}}"
        row.cells[-1].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    if totals is not None:
        total = _label(G703_TOTAL["zh"], G703_TOTAL["en"], lang)
        cells = [total] + [f"{{{{ {s}valuation.totals.{key} }}}}" if key else "" for key in totals[1:]]
        row = t.add_row()
        for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
            cell.paragraphs[0].text = text
            # figures in the text face: a contract's totals run to eleven digits and must fit their columns
            cell.paragraphs[0].style = doc.styles["Table Head" if i == 0 else "Table Text"]
            if i >= 3:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    set_widths(t, widths)
    return t


def build_valuation(lang: str) -> Path:
    """The payment statement of a valuation: the G702 summary worked out from the G703 rows by item."""
    doc = new_document(_header(lang), landscape=True)
    s = _scope(lang)
    p(doc, _label(*HEADINGS["statement"], lang).replace("\n", "  "), "Title")
    for text in _both("period", lang, VALUATION_TEXT):
        p(doc, text, "Subtitle")
    _facts_table(doc, lang, 24.9)
    p(doc, _label(*HEADINGS["summary"], lang).replace("\n", "  "), "Heading 2")
    t = doc.add_table(rows=0, cols=2)
    t.style = doc.styles["Table Grid"]
    for key, zh, en in VALUATION_LINES:
        row = t.add_row()
        label = _label(_scoped(zh, "zh"), _scoped(en, "en"), lang) if lang == "bilingual" else _label(zh, en, lang)
        style = "Table Head" if key == "l10" else "Table Text"
        row.cells[0].paragraphs[0].text = label
        row.cells[0].paragraphs[0].style = doc.styles[style]
        row.cells[1].paragraphs[0].text = f"{{{{ {s}valuation.{key} }}}}"
        row.cells[1].paragraphs[0].style = doc.styles[style]
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row.cells[0].width, row.cells[1].width = Cm(17.0), Cm(7.9)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {s}valuation.has_applied_held %}}"
    row = t.add_row()
    row.cells[0].paragraphs[0].text = _label(*VALUATION_HELD, lang)
    row.cells[0].paragraphs[0].style = doc.styles["Table Text"]
    row.cells[1].paragraphs[0].text = f"{{{{ {s}valuation.applied_held }}}}"
    row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
    row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    row.cells[0].width, row.cells[1].width = Cm(17.0), Cm(7.9)
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    t.add_row().cells[0].paragraphs[0].text = f"{{%tr if {s}valuation.has_advance %}}"
    for key, zh, en in VALUATION_ADVANCE:
        row = t.add_row()
        row.cells[0].paragraphs[0].text = _label(zh, en, lang)
        row.cells[0].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[1].paragraphs[0].text = f"{{{{ {s}valuation.{key} }}}}"
        row.cells[1].paragraphs[0].style = doc.styles["Table Text"]
        row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        row.cells[0].width, row.cells[1].width = Cm(17.0), Cm(7.9)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    t.add_row().cells[0].paragraphs[0].text = "{%tr endif %}"
    note = "zh." if lang == "bilingual" else ""
    tag(doc, f"{{%p if {note}valuation.l9_note %}}")
    p(doc, f"{{{{ {note}valuation.l9_note }}}}", "Table Text")
    if lang == "bilingual":
        p(doc, "{{ en.valuation.l9_note }}", "Table Text")
    tag(doc, "{%p endif %}")
    p(doc)
    due_now = {
        "zh": "本期申请付款金额：{{ node.money }}（大写：{{ node.words }}）",
        "en": "Amount applied for now: {{ node.money }} ({{ node.words }})",
    }
    if lang == "bilingual":
        p(doc, _scoped(due_now["zh"], "zh"), bold=True)
        p(doc, _scoped(due_now["en"], "en"), bold=True)
    else:
        p(doc, due_now[lang], bold=True)
    for text in _both("basis", lang, VALUATION_TEXT):
        p(doc, text, "Table Text")
    p(
        doc,
        _label("二、各清单项目明细（G703格式）", "Continuation sheet by item (G703 form)", lang).replace("\n", "  "),
        "Heading 2",
    )
    _item_table(doc, lang, ITEM_COLUMNS, f"r in {s}valuation.rows", adjustment=True, totals=ITEM_TOTALS)
    p(doc)
    tag(doc, f"{{%p if {s}statement.variation_rows %}}")
    p(doc, _label("三、经批准的变更", "Approved variations", lang).replace("\n", "  "), "Heading 2")
    var_head = {
        "zh": ["编号", "变更内容", "金额", "批准日期"],
        "en": ["No.", "Variation", "Amount", "Approved"],
    }
    labels = var_head.get(lang) or [f"{a}\n{b}" for a, b in zip(var_head["zh"], var_head["en"], strict=True)]
    table(
        doc,
        [2.0, 14.9, 4.0, 4.0],
        labels,
        ["{{ v.id }}", "{{ v.title }}", "{{ v.amount }}", "{{ v.approved }}"],
        right=(2,),  # amounts flush right, as in the tables above
        loop=f"v in {s}statement.variation_rows",
    )
    p(doc)
    tag(doc, "{%p endif %}")
    note = {
        "zh": MODEL_NOTE[0]
        + "计划价值为清单工程量乘以综合单价，累计完成含期末现场材料；金额单位：{{ contract.currency_unit }}。",
        "en": MODEL_NOTE[1]
        + "the scheduled value is the bill quantity times the rate, and completed to date includes materials stored "
        "at the end of the period; amounts in {{ contract.currency }}.",
    }
    if lang == "bilingual":
        p(doc, _scoped(note["zh"], "zh"), "Table Text")
        p(doc, _scoped(note["en"], "en"), "Table Text")
    else:
        p(doc, note[lang], "Table Text")
    # the contractor signs and seals the statement it applies with, and the client certifies on it
    _sign_off(doc, lang)
    return save(doc, f"apply-valuation.{lang}.docx")


def build_measurement(lang: str) -> Path:
    """The measurement sheet (工程量确认单) for the engineer to verify and sign."""
    doc = new_document(_header(lang), landscape=True)
    s = _scope(lang)
    p(doc, _label("工程量确认单", "Measurement Sheet", lang).replace("\n", "  "), "Title")
    for text in _both("period", lang, VALUATION_TEXT):
        p(doc, text, "Subtitle")
    _facts_table(doc, lang, 24.9)
    for text in _both("measurement_intro", lang, VALUATION_TEXT):
        p(doc, text)
    _item_table(doc, lang, MEASUREMENT_COLUMNS, f"r in {s}valuation.measured_rows", adjustment=False, totals=None)
    p(doc)
    for text in _both("measurement_total", lang, VALUATION_TEXT):
        p(doc, text, bold=True).paragraph_format.keep_with_next = True
    p(doc).paragraph_format.keep_with_next = True
    signs = doc.add_table(rows=1, cols=3)
    signs.style = doc.styles["Table Grid"]
    # the three signatures stay on one page, with the totals above them
    signs.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, (zh, en, zh_lines, en_lines) in zip(signs.rows[0].cells, SIGN_BLOCKS, strict=True):
        if lang == "bilingual":
            head = f"{_scoped(zh, 'zh')}\n{_scoped(en, 'en')}"
            lines = [f"{a} {b}" for a, b in zip(zh_lines, en_lines, strict=True)]
        else:
            head = zh if lang == "zh" else en
            lines = zh_lines if lang == "zh" else en_lines
        cell.paragraphs[0].text = head
        cell.paragraphs[0].style = doc.styles["Table Head"]
        for line in lines:
            para = cell.add_paragraph(line, style=doc.styles["Table Text"])
            para.paragraph_format.space_before = Cm(0.7)
        cell.add_paragraph("", style=doc.styles["Table Text"])
        cell.width = Cm(8.3)
    return save(doc, f"apply-measurement.{lang}.docx")


def build_pack() -> list[Path]:
    out = []
    for lang in ("zh", "en", "bilingual"):
        out += [build_letter(lang), build_statement(lang), build_progress(lang), build_evidence(lang)]
        out += [build_valuation(lang), build_measurement(lang)]
    return out
