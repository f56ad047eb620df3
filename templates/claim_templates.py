"""Templates for the letters about what the client answered an application, in zh, en and bilingual:

demand-default-notice.*.docx (收款方应付金额通知 / Payee's Notice of the Sum Due, HGCRA s.110B),
demand-notified-sum.*.docx (应付金额通知函 / Notice that the Notified Sum Is Payable, s.111) and
demand-dispute-reply.*.docx (关于付款异议的复函 / Reply to Your Dispute).

They share the demand letters' writer, wording and context (templates/README.md, "Demand letters" and
"What the client answered"). The statutes named in the prose are those of the context's ``law``, and the
Construction Act sections only where Part II applies by statute (``regime.construction_act``): against a client
who may be a residential occupier (s.106) the letters rest on the contract's clause (``regime_source``) instead.
"""

from __future__ import annotations

from pathlib import Path

from demand_templates import (
    _SIGNED_EN,
    _SIGNED_ZH,
    COMMON,
    LANGS,
    NODE_COLUMNS,
    NODE_TOTAL,
    Column,
    _Writer,
)

_ACT_ZH = "英国《1996年住房补助、建设和重建法》"
_ACT_EN = "the Housing Grants, Construction and Regeneration Act 1996"
#: Part II of the Act applies by statute (``regime.construction_act``), or only as the contract's clause adopts it:
#: against a client who may be a residential occupier (s.106) the letters rest on that clause
#: (``regime_source``: "Clause N of the Contract"), never on a section of the Act.
_IF_ACT = "{% if regime.construction_act %}"
_ELSE_SOURCE = "{% else %}{{ regime_source }}{% endif %}"

# ------------------------------------------------------------------------------ the payee's notice (s.110B)

DEFAULT_COLUMNS: list[Column] = [
    ("付款节点", "Payment node", 4.4, "{{ s.node }} {{ s.title }}", "text"),
    ("应付日", "Payment due date", 2.9, "{{ s.due_date }}", "lang"),
    ("应付金额", "Sum due", 3.7, "{{ s.sum }}", "money"),
    ("计算依据", "Basis of calculation", 5.2, "{{ s.basis }}", "lang"),
]

DEFAULT_NOTICE = {
    "title": ("收款方应付金额通知", "Payee's Notice of the Sum Due"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）的付款通知（依"
        + _IF_ACT
        + _ACT_ZH
        + "第110B条{% else %}{{ regime_source }}{% endif %}发出）",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: notice under "
        + _IF_ACT
        + "section 110B of "
        + _ACT_EN
        + _ELSE_SOURCE,
    ),
    "intro": (
        "就"
        + _SIGNED_ZH
        + "，依照"
        + _IF_ACT
        + _ACT_ZH
        + "第110A条{% if regime_source %}及{{ regime_source }}{% endif %}"
        + _ELSE_SOURCE
        + "，贵方应当在每期款项应付日后5日内向我方发出付款通知，载明贵方认为应付的金额及计算依据。下列款项的付款通知期限已经届满，我方未收到贵方的有效付款通知：",
        "We refer to "
        + _SIGNED_EN
        + ". Under "
        + _IF_ACT
        + "section 110A of "
        + _ACT_EN
        + "{% if regime_source %} and {{ regime_source }}{% endif %}"
        + _ELSE_SOURCE
        + ", you were to give us, not later than 5 days after each payment due date, a payment notice stating the sum you considered due and the basis of its calculation. The periods for the payment notices below have expired without a valid notice from you:",
    ),
    "node": (
        "{{ s.node }}：应付日为{{ s.due_date }}，付款通知应于{{ s.notice_by }}（含当日）前发出{% if s.late_notice %}；贵方{{ s.late_notice }}的通知已逾期限{% else %}；我方未收到贵方的付款通知{% endif %}。",
        "{{ s.node }}: the payment due date was {{ s.due_date }} and the payment notice was due by {{ s.notice_by }}{% if s.late_notice %}; your notice of {{ s.late_notice }} came after that day{% else %}; we have received none{% endif %}.",
    ),
    "notice": (
        "据此，我方依照"
        + _IF_ACT
        + "该法第110B条"
        + _ELSE_SOURCE
        + "通知贵方：我方认为于应付日应付的金额及其计算依据如下：",
        "We therefore give you notice under "
        + _IF_ACT
        + "section 110B of the Act"
        + _ELSE_SOURCE
        + " of the sum that we consider to have been due at the payment due date, and of the basis on which it is calculated:",
    ),
    "final": (
        "依照"
        + _IF_ACT
        + "该法第110B条"
        + _ELSE_SOURCE
        + "，最终付款日按本通知晚于付款通知期限的日数相应顺延{% for s in statutory %}：{{ s.node }}的最终付款日为{{ s.final_after }}{% endfor %}（本通知按最迟送达之日{{ delivered_by }}计算；实际送达更早的，最终付款日相应提前）。上述金额即为通知金额，除贵方在{% for s in statutory %}{{ s.pay_less_by_after }}{% if not loop.last %}、{% endif %}{% endfor %}（含当日）前有效发出少付通知外，贵方应当在最终付款日或者之前足额支付（"
        + _IF_ACT
        + "该法第111条"
        + _ELSE_SOURCE
        + "）{% for s in statutory %}{% if s.paid %}；{{ s.node }}的通知金额中贵方已支付{{ s.paid }}，尚欠{{ s.unpaid }}{% endif %}{% endfor %}。",
        "Under "
        + _IF_ACT
        + "section 110B of the Act"
        + _ELSE_SOURCE
        + " the final date for payment is postponed by the number of days after the last day for your payment notice on which this notice is given{% for s in statutory %}: for {{ s.node }} it is {{ s.final_after }}{% endfor %} (counted from {{ delivered_by }}, the latest day this notice is delivered; if it is delivered earlier, the final date is correspondingly earlier). The sum stated above is the notified sum, and unless you give a valid pay less notice by {% for s in statutory %}{{ s.pay_less_by_after }}{% if not loop.last %}, {% endif %}{% endfor %} it must be paid in full on or before the final date for payment ("
        + _IF_ACT
        + "section 111"
        + _ELSE_SOURCE
        + "){% for s in statutory %}{% if s.paid %}; of the notified sum for {{ s.node }} you have paid {{ s.paid }}, "
        "and {{ s.unpaid }} remains unpaid{% endif %}{% endfor %}.",
    ),
    "days": (
        "本通知所称期限依照"
        + _IF_ACT
        + "该法第116条"
        + _ELSE_SOURCE
        + "计算，期间内的圣诞节、耶稣受难日及银行假日不计入。",
        "Periods in this notice are reckoned as "
        + _IF_ACT
        + "section 116 of the Act"
        + _ELSE_SOURCE
        + " provides: Christmas Day, Good Friday and bank holidays are not counted.",
    ),
    "closing": ("特此通知。", ""),
}


def build_default_notice(lang: str) -> Path:
    w = _Writer(lang)
    t = DEFAULT_NOTICE
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    with w.each("s", "statutory"):
        w.item(t["node"], "s", "statutory")
    w.para(t["notice"], keep=True)
    w.grid(DEFAULT_COLUMNS, "s", "statutory")
    w.blank()
    w.para(t["final"])
    w.para(t["days"])
    w.bank()
    w.law_list(COMMON["law_list"])
    w.close(t["closing"])
    return w.save("demand-default-notice")


# --------------------------------------------------------------------- the notified sum is payable (s.111)

NOTIFIED_SUM = {
    "title": ("应付金额通知函", "Notice that the Notified Sum Is Payable"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下通知金额的付款要求",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: the notified sum is payable in full",
    ),
    "intro": (
        "就" + _SIGNED_ZH + "，下列款项的通知金额已经确定，最终付款日已经届满：",
        "We refer to "
        + _SIGNED_EN
        + ". {% if notified|length > 1 %}The notified sums below are fixed, and their final dates for payment have passed{% else %}The notified sum below is fixed, and its final date for payment has passed{% endif %}:",
    ),
    "node": (
        "{{ s.node }}：通知金额为{{ s.notified_sum }}，依据为{{ s.notified_by }}；最终付款日为{{ s.final_date }}。{% if s.pay_less %}贵方{{ s.pay_less }}的通知晚于少付通知的最后期限{{ s.pay_less_by }}，不构成有效的少付通知，不减少通知金额{% else %}贵方未在少付通知的最后期限{{ s.pay_less_by }}（含当日）前发出少付通知{% endif %}。",
        "{{ s.node }}: the notified sum is {{ s.notified_sum }}, fixed by {{ s.notified_by }}; the final date for payment was {{ s.final_date }}. {% if s.pay_less %}Your notice of {{ s.pay_less }} came after {{ s.pay_less_by }}, the last day on which a pay less notice could be given: it is not a valid pay less notice and does not reduce the notified sum{% else %}You gave no pay less notice by {{ s.pay_less_by }}, the last day on which one could be given{% endif %}.",
    ),
    "rule": (
        "依照"
        + _IF_ACT
        + _ACT_ZH
        + "第111条"
        + _ELSE_SOURCE
        + "，付款方未有效发出少付通知的，应当在最终付款日或者之前足额支付通知金额；贵方对该金额如有异议，应当先行付款，再另行通过合同约定的争议解决方式主张。下列金额至今仍未支付：",
        "Under "
        + _IF_ACT
        + "section 111 of "
        + _ACT_EN
        + _ELSE_SOURCE
        + ", a payer who has not given a valid pay less notice must pay the notified sum in full on or before the final date for payment. If you dispute that sum, you must pay it first and pursue the dispute separately under the Contract's dispute procedure. The following remains unpaid:",
    ),
    "statement": ("欠款明细", "Statement of account"),
    "demand": (
        "请贵方于{{ deadline }}（含当日）前向我方付清{% if totals.principal_due %}通知金额中未付的{{ totals.outstanding }}{% if totals.vat %}、增值税{{ totals.vat }}{% endif %}及{% endif %}{{ interest_term }}{{ totals.interest }}{% if totals.compensation %}、固定补偿金{{ totals.compensation }}{% endif %}，合计{{ totals.claim }}（大写：{{ totals.claim_words }}）{% if totals.principal_due %}，以及此后按每日{{ totals.daily }}继续产生的{{ interest_term }}{% endif %}。",
        "Please pay us by {{ deadline }} {% if totals.principal_due %}the {{ totals.outstanding }} of the notified sum that remains unpaid{% if totals.vat %}, VAT of {{ totals.vat }}{% endif %} and {% endif %}interest of {{ totals.interest }}{% if totals.compensation %} and fixed compensation of {{ totals.compensation }}{% endif %}, {{ totals.claim }} ({{ totals.claim_words }}) in all{% if totals.principal_due %}, with further interest at {{ totals.daily }} a day until payment{% endif %}.",
    ),
    "suspend": (
        "通知金额未在最终付款日足额支付的，我方有权依照"
        + _IF_ACT
        + _ACT_ZH
        + "第112条"
        + _ELSE_SOURCE
        + "，在提前至少7日书面通知贵方并说明理由后，暂停履行合同项下的全部或者部分义务，直至贵方足额付款；暂停期间相应顺延工期，由此产生的合理费用由贵方承担。本函并非该暂停通知。",
        "As the notified sum was not paid in full by the final date for payment, we are entitled under "
        + _IF_ACT
        + "section 112 of "
        + _ACT_EN
        + _ELSE_SOURCE
        + " to suspend performance of any or all of our obligations under the Contract after giving you at least 7 days' notice of our intention, stating the ground, until payment is made in full, with the period of suspension added to the time for completion and our reasonable costs paid by you. This letter is not that notice.",
    ),
    "closing": ("特此函告。", ""),
}


def build_notified_sum(lang: str) -> Path:
    w = _Writer(lang)
    t = NOTIFIED_SUM
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    with w.each("s", "notified"):
        w.item(t["node"], "s", "notified")
    w.para(t["rule"], keep=True)
    w.heading(t["statement"])
    w.statement(NODE_COLUMNS, NODE_TOTAL)
    w.act_dates()
    with w.when("broken"):
        w.para(COMMON["broken"])
    w.para(t["demand"])
    w.bank()
    with w.when("regime.works"):
        w.para(t["suspend"])
    w.law_list(COMMON["law_list"])
    w.close(t["closing"])
    return w.save("demand-notified-sum")


# ---------------------------------------------------------------------------------- reply to a dispute

DISPUTE_REPLY = {
    "title": ("关于付款异议的复函", "Reply to Your Dispute"),
    "subject": (
        "事由：关于《{{ project.name }}》合同（合同编号：{{ contract.number }}）项下付款异议的复函",
        "Re: Contract No. {{ contract.number }}, {{ project.name }}: your dispute of our application for payment",
    ),
    "intro": (
        "就" + _SIGNED_ZH + "，我方已收到贵方就下列付款申请提出的异议，现答复如下。",
        "We refer to " + _SIGNED_EN + " and reply below to your dispute of our application for payment.",
    ),
    "heading": ("{{ d.node }}　{{ d.title }}", "{{ d.node }} {{ d.title }}"),
    "dispute": (
        "贵方于{{ d.date }}{% if d.ref %}以{{ d.ref }}{% endif %}对我方该期付款申请金额{{ d.applied }}中的{{ d.amount }}提出异议，理由为：“{{ d.reason }}”。",
        "By your letter of {{ d.date }}{% if d.ref %} ({{ d.ref }}){% endif %} you disputed {{ d.amount }} of the {{ d.applied }} we applied for, on the ground that “{{ d.reason }}”.",
    ),
    "accepted": (
        "一、无争议部分。{% if d.late %}贵方的异议未在合同约定的期限内提出，我方付款申请的全部金额{{ d.undisputed }}均为无争议金额{% elif d.notified %}贵方未有效发出少付通知，通知金额{{ d.undisputed }}（含贵方有异议的{{ d.amount }}）应当足额支付{% else %}贵方未提出异议的{{ d.undisputed }}为无争议金额{% endif %}{% if d.statutory_due %}，应付日为{{ d.statutory_due }}，最终付款日为{{ d.due_date }}{% elif d.due_date %}，付款期限为{{ d.due_date }}{% endif %}。{% if d.notified %}通知金额应当按期足额支付{% else %}无争议金额应当按期足额支付，不因争议部分的存在而拒绝、迟延或者减少支付{% endif %}{% if clauses.undisputed %}（合同{{ clauses.undisputed }}）{% endif %}。{% if d.paid %}扣除贵方已付的{{ d.paid }}，{% endif %}贵方尚应支付{{ d.remaining }}。",
        "1. The undisputed part. {% if d.late %}Your objection came after the period the Contract gives for objections, so the whole amount we applied for, {{ d.undisputed }}, is undisputed{% elif d.notified %}You gave no valid pay less notice, so the notified sum of {{ d.undisputed }}, the {{ d.amount }} you dispute included, is payable in full{% else %}You do not dispute the remaining {{ d.undisputed }}{% endif %}{% if d.statutory_due %} (payment due date {{ d.statutory_due }}, final date for payment {{ d.due_date }}){% elif d.due_date %}, which {% if d.due_passed %}fell{% else %}falls{% endif %} due on {{ d.due_date }}{% endif %}. {% if d.notified %}The notified sum is to be paid in full and on time{% else %}The undisputed sum is to be paid in full and on time, and may not be refused, delayed or reduced on account of the disputed part{% endif %}{% if clauses.undisputed %} ({{ clauses.undisputed }} of the Contract){% endif %}. {% if d.paid %}After the {{ d.paid }} you have paid, {% endif %}{{ d.remaining }} remains to be paid.",
    ),
    "late": (
        "二、争议部分。贵方对付款申请的异议最迟应当于{{ d.objections_by }}送达我方，贵方的异议{% if d.delivered %}于{{ d.delivered }}方送达我方，晚于该期限{% else %}晚于该期限提出{% endif %}。{% if d.certified_deemed %}依照合同约定，付款申请的金额已于审核期限届满之日（{{ d.certify_by }}）视为确认，{% else %}依照合同约定，逾期提出的异议不能扣留任何款项，{% endif %}贵方的异议不影响应付金额，我方不予接受。",
        "2. The disputed part. Any objection to the application was to be made by {{ d.objections_by }}, and yours came later{% if d.delivered %}: it reached us on {{ d.delivered }}{% endif %}. {% if d.certified_deemed %}Under the Contract the amount applied for was deemed confirmed when the review period ended on {{ d.certify_by }}; your{% else %}Under the Contract an objection made after that period holds nothing back; your{% endif %} objection does not reduce the sum due, and we do not accept it.",
    ),
    "statutory": (
        "二、争议部分。依照"
        + _IF_ACT
        + _ACT_ZH
        + "第111条，付款方只能通过在法定期限内{% else %}{{ regime_source }}，付款方只能通过在约定期限内{% endif %}有效发出的少付通知减少应付的通知金额；贵方未发出有效的少付通知，异议不减少贵方应付的金额，我方不予接受。",
        "2. The disputed part. Under "
        + _IF_ACT
        + "section 111 of "
        + _ACT_EN
        + _ELSE_SOURCE
        + ", a payer may pay less than the notified sum only by giving an effective pay less notice in time; you gave none, so your dispute does not reduce the sum payable, and we do not accept it.",
    ),
    "not_accepted": (
        "二、争议部分。我方不接受贵方的异议。我方申请的金额系按照合同付款节点表就该付款节点约定的方式计算（{{ d.basis }}）{% if d.accepted %}，相应工作已于{{ d.accepted }}{% if d.accepted_deemed %}视为{% endif %}验收合格{% endif %}，付款条件已经成就。{% if d.evidence %}我方的主张有下列证据为凭，复印件随函附上：{% endif %}",
        "2. The disputed part. We do not accept your objection. The amount we applied for is calculated as the Payment Schedule provides for this payment node ({{ d.basis }}){% if d.accepted %}, and the work was {% if d.accepted_deemed %}deemed {% endif %}accepted on {{ d.accepted }}{% endif %}, so the condition for payment has been met.{% if d.evidence %} Our position rests on the following documents, copies of which are enclosed:{% endif %}",
    ),
    "evidence": (
        "{{ e.id }}　{{ e.title }}{% if e.date %}（{{ e.date }}）{% endif %}",
        "{{ e.id }} {{ e.title }}{% if e.date %} ({{ e.date }}){% endif %}",
    ),
    "meet": (
        "为解决争议部分，我方提议双方于{{ deadline }}（含当日）前{% if clauses.negotiation %}按照合同{{ clauses.negotiation }}的约定{% endif %}进行协商；协商不成的，我方将{% if clauses.dispute %}依照合同{{ clauses.dispute }}的约定{% endif %}解决争议部分。争议的解决不影响贵方按期支付无争议金额。",
        "To resolve the disputed part, we propose that we meet by {{ deadline }}{% if clauses.negotiation %} as {{ clauses.negotiation }} of the Contract provides{% endif %}; failing agreement, we will refer it to the dispute procedure{% if clauses.dispute %} in {{ clauses.dispute }} of the Contract{% endif %}. The dispute does not affect your obligation to pay the undisputed sum on time.",
    ),
    "reserve": (
        "本函不构成我方对合同项下及法律规定的任何权利的放弃，我方保留全部权利。",
        "Nothing in this letter waives any of our rights under the Contract or at law, all of which are reserved.",
    ),
    "closing": ("特此函复。", ""),
}


def build_dispute_reply(lang: str) -> Path:
    w = _Writer(lang)
    t = DISPUTE_REPLY
    w.letter_head(t["title"], t["subject"])
    w.para(t["intro"])
    with w.each("d", "disputes"):
        if w.bilingual:  # ids and titles read the same in both languages: one heading
            w.para((t["heading"][0], ""), "Heading 2")
        else:
            w.item(t["heading"], "d", "disputes", style="Heading 2")
        w.item(t["dispute"], "d", "disputes", style="Letter Body")
        w.item(t["accepted"], "d", "disputes", style="Letter Body")
        with w.when("d.late"):
            w.item(t["late"], "d", "disputes", style="Letter Body")
        with w.when("not d.late and statutory"):
            w.item(t["statutory"], "d", "disputes", style="Letter Body")
        with w.when("not d.late and not statutory"):
            w.item(t["not_accepted"], "d", "disputes", style="Letter Body")
            with w.each("e", "d.evidence"):
                # ids and titles read the same in both languages: one line each, also in a bilingual letter
                if w.bilingual:
                    w.para((t["evidence"][0], ""), "Clause Item")
                else:
                    w.item(t["evidence"], "e", "d.evidence")
    w.para(t["meet"])
    with w.when("broken"):
        w.para(COMMON["broken"])
    w.bank()
    with w.when("regime.demand_interrupts_limitation"):
        w.para(COMMON["limitation"])
    w.law_list(COMMON["law_list"])
    w.para(t["reserve"])
    w.close(t["closing"])
    return w.save("demand-dispute-reply")


def build_claims() -> list[Path]:
    out = []
    for lang in LANGS:
        out += [build_default_notice(lang), build_notified_sum(lang), build_dispute_reply(lang)]
    return out
