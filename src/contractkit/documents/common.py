"""Turn models into template contexts: the one place that decides what a document may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contractkit.account.account import NodeAccount
from contractkit.account.schedule import RetentionMode, Schedule, ScheduledNode
from contractkit.account.terms import ReviewStart, contract_terms
from contractkit.law import law_for
from contractkit.model import formatting
from contractkit.model.models import (
    AcceptanceCriterion,
    ContractForm,
    DueBasis,
    DueRule,
    NodeKind,
    Party,
    PartyForm,
    PartySize,
    Project,
    ProjectKind,
)

#: Party labels by project kind and language (GLOSSARY.md).
_TERMS = {
    ("construction", "zh"): ("发包人", "承包人"),
    ("services", "zh"): ("委托方", "受托方"),
    ("construction", "en"): ("the Employer", "the Contractor"),
    ("services", "en"): ("the Client", "the Supplier"),
}


@dataclass(frozen=True)
class Terms:
    client: str
    contractor: str

    @property
    def Client(self) -> str:
        return self.client[:1].upper() + self.client[1:]

    @property
    def Contractor(self) -> str:
        return self.contractor[:1].upper() + self.contractor[1:]


def party_terms(kind: ProjectKind | None, lang: str) -> Terms:
    """发包人/承包人 and Employer/Contractor for construction only; 委托方/受托方 and Client/Supplier otherwise."""
    family = "construction" if kind is ProjectKind.CONSTRUCTION else "services"
    client, contractor = _TERMS[(family, "zh" if lang == "zh" else "en")]
    return Terms(client, contractor)


def due_rule_text(due: DueRule | None, lang: str) -> str:
    """The due rule in words: 验收合格之日起14日内 / within 14 days after acceptance."""
    if due is None:
        return "按约定" if lang == "zh" else "as agreed"
    if due.on is not None:
        day = formatting.date(due.on, lang)
        return f"{day}（含当日）前" if lang == "zh" else f"on or before {day}"
    assert due.after is not None and due.days is not None
    span = formatting.days(due.days, lang, working=due.working_days)
    if lang == "zh":
        start = {
            DueBasis.SIGNING: "本合同签订之日",
            DueBasis.APPLICATION: "收到付款申请之日",
            DueBasis.ACCEPTANCE: "验收合格之日",
            DueBasis.INVOICE: "收到发票之日",
        }[due.after]
        return f"{start}起{span}内"
    event = {
        DueBasis.SIGNING: "the signing of this Contract",
        DueBasis.APPLICATION: "receiving the application",
        DueBasis.ACCEPTANCE: "acceptance",
        DueBasis.INVOICE: "receiving the invoice",
    }[due.after]
    return f"within {span} after {event}"


def milestone_text(scheduled: ScheduledNode, lang: str) -> str:
    """What makes a node payable, in words: its milestone, or for a valuation the period of work it measures."""
    if scheduled.valuation is not None:
        period = scheduled.valuation.valuation.period
        start, end = formatting.date(period.from_, lang), formatting.date(period.to, lang)
        if lang == "zh":
            return f"{start}至{end}完成的工作经计量"
        return f"the work done from {start} to {end}, as measured"
    return scheduled.node.milestone or ""


@dataclass(frozen=True)
class NodeView:
    id: str
    title: str
    kind: str
    share: Decimal | None
    amount: Decimal
    milestone: str | None
    evidence: list[str]
    due: str
    acceptance: str | None


def node_views(project: Project, schedule: Schedule, lang: str) -> list[NodeView]:
    return [
        NodeView(
            id=s.node.id,
            title=s.node.title,
            kind=str(s.node.kind),
            share=s.node.share,
            amount=s.base,
            milestone=s.node.milestone,
            evidence=list(s.node.evidence),
            due=due_rule_text(s.node.due, lang),
            acceptance=s.node.acceptance,
        )
        for s in schedule.nodes
    ]


@dataclass(frozen=True)
class CriterionView:
    id: str
    title: str
    criteria: list[str]
    review_days: int | None
    deemed_accepted: bool | None


def criterion_view(criterion: AcceptanceCriterion) -> CriterionView:
    return CriterionView(
        criterion.id, criterion.title, list(criterion.criteria), criterion.review_days, criterion.deemed_accepted
    )


class UnknownClauseReference(ValueError):
    """A clause text asked for the number of a clause the contract does not use."""


def clause_context(
    project: Project,
    schedule: Schedule,
    lang: str,
    numbers: Mapping[str, str],
    parameters: Mapping[str, Any],
) -> dict[str, Any]:
    """What clause text may use (clause_library/README.md), for one language."""

    def ref(clause_id: str) -> str:
        if clause_id not in numbers:
            raise UnknownClauseReference(
                f"ref({clause_id!r}): this contract does not use that clause; guard with has({clause_id!r})"
            )
        return numbers[clause_id]

    context: dict[str, Any] = {
        "lang": lang,
        # what the governing law makes the text say, as named facts; never the jurisdiction code (issue #12)
        "law": law_for(project).drafting(project),
        "retention_mode": str(schedule.retention_mode),
        "terms": party_terms(project.project.kind, lang),
        "project": project.project,
        "client": project.parties.client,
        "contractor": project.parties.contractor,
        "contract": project.contract,
        "schedule": node_views(project, schedule, lang),
        "acceptance": [criterion_view(a) for a in project.acceptance],
        "has": lambda clause_id: clause_id in numbers,
        "ref": ref,
        "calendar": rest_days_view(project, lang),
    }
    context.update(parameters)
    return context


#: Public holidays the account counts as rest days, named as a contract names them: by the ISO 3166 code of the
#: country (and subdivision) whose holidays count (``calendar.country``, else the jurisdiction's default).
_HOLIDAY_NAMES = {
    "GB": ("全英国通行的银行假日", "bank holidays throughout the United Kingdom"),
    "GB-ENG": ("英格兰和威尔士的银行假日", "bank holidays in England and Wales"),
    "GB-WLS": ("英格兰和威尔士的银行假日", "bank holidays in England and Wales"),
    "GB-SCT": ("苏格兰的银行假日", "bank holidays in Scotland"),
    "GB-NIR": ("北爱尔兰的银行假日", "bank holidays in Northern Ireland"),
}


def _country_name(code: str) -> str:
    """An English name for an ISO 3166 country code, from the holidays package's registry (the code itself where
    it has none), with the subdivision's name where one is given."""
    from holidays.registry import COUNTRIES

    country, _, subdivision = code.partition("-")
    name = next(
        (module.replace("_", " ").title() for module, entry in COUNTRIES.items() if entry[1] == country), country
    )
    if not subdivision:
        return name
    try:
        import holidays

        aliases = holidays.country_holidays(country).subdivisions_aliases
    except (NotImplementedError, AttributeError):  # pragma: no cover - validation refuses an unknown code
        aliases = {}
    sub = next((alias for alias, value in aliases.items() if value == subdivision), subdivision)
    return f"{sub}, {name}"


def rest_days_view(project: Project, lang: str) -> dict[str, Any]:
    """The rest days the account counts beyond Saturdays and Sundays, for a clause to name (outside China, whose
    official arrangements the law facts word): ``.public`` the public holidays of the calendar's country, in words
    (empty where no country's holidays count), and ``.listed`` whether the project keeps a working-day calendar of
    its own (holidays and working days listed in ``calendar:`` or its file), which the account also applies."""
    from contractkit.law.calendars import DEFAULT_COUNTRY

    settings = project.calendar
    code = (settings.country if settings else None) or DEFAULT_COUNTRY.get(project.jurisdiction)
    public = ""
    if code:
        code = code.upper()
        names = _HOLIDAY_NAMES.get(code)
        if names is not None:
            public = names[0] if lang == "zh" else names[1]
        elif lang == "zh":
            public = f"{_country_name(code)}（ISO 3166代码{code}）的公众假日"
        else:
            public = f"public holidays in {_country_name(code)}"
    listed = settings is not None and bool(settings.file or settings.holidays or settings.workdays)
    return {"public": public, "listed": listed}


#: The standard conditions a contract incorporates (``contract.form``), as the drafted contract names them: (title,
#: its general part, the part the drafted clauses make up, the role that reviews and certifies), by language. The
#: engine applies their periods where no drafted clause gives one (account/terms.py), so the contract must say it
#: incorporates them, that its own clauses prevail, and who certifies where that role is not appointed.
_FORMS = {
    ContractForm.GF_2017_0201: {
        "zh": ("《建设工程施工合同（示范文本）》（GF—2017—0201）", "通用合同条款", "专用合同条款", "监理人"),
        "en": (
            "the Model Construction Contract (GF-2017-0201)",
            "General Conditions",
            "Special Conditions",
            "Supervisor",
        ),
    },
    ContractForm.FIDIC_RED_1999: {
        "zh": ("国际咨询工程师联合会（FIDIC）《施工合同条件》（1999年第1版）", "通用条件", "专用条件", "工程师"),
        "en": (
            "FIDIC's Conditions of Contract for Construction for Building and Engineering Works Designed by the "
            "Employer (First Edition, 1999)",
            "General Conditions",
            "Particular Conditions",
            "Engineer",
        ),
    },
    ContractForm.FIDIC_RED_2017: {
        "zh": ("国际咨询工程师联合会（FIDIC）《施工合同条件》（2017年第2版）", "通用条件", "专用条件", "工程师"),
        "en": (
            "FIDIC's Conditions of Contract for Construction for Building and Engineering Works Designed by the "
            "Employer (Second Edition, 2017)",
            "General Conditions",
            "Particular Conditions",
            "Engineer",
        ),
    },
}


def form_view(project: Project, lang: str) -> dict[str, str]:
    """The incorporated standard conditions in one language (all empty where the contract incorporates none)."""
    names = _FORMS.get(project.contract.form)
    title, general, particular, role = names["zh" if lang == "zh" else "en"] if names else ("", "", "", "")
    return {"title": title, "general": general, "particular": particular, "role": role}


_CURRENCY_NAMES = {
    "zh": {"CNY": "人民币", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "HKD": "港币", "JPY": "日元"},
    "en": {
        "CNY": "Renminbi",
        "USD": "US dollars",
        "EUR": "euros",
        "GBP": "pounds sterling",
        "HKD": "Hong Kong dollars",
        "JPY": "Japanese yen",
    },
}
_CURRENCY_UNITS = {"CNY": "元", "USD": "美元", "EUR": "欧元", "GBP": "英镑", "HKD": "港元", "JPY": "日元"}


def party_view(party: Party) -> dict[str, str]:
    """A party's facts as text for a document; a missing fact is the empty string (templates test it)."""
    bank = party.bank
    person, _, position = (party.representative or "").partition(",")
    return {
        "name": party.name,
        "address": party.address or "",
        "representative": party.representative or "",
        "person": person.strip(),  # the representative's name alone: a named addressee or signatory
        # whom "Dear ..." greets: "Ms Gallagher" as the project writes it, else the name; empty: "Sir or Madam"
        "salutation": party.salutation or person.strip(),
        "position": position.strip(),
        "email": party.email or "",
        "phone": party.phone or "",
        "registration": party.registration or "",
        "bank_name": bank.name if bank else "",
        "bank_account": bank.account if bank else "",
        "account_name": (bank.account_name or party.name) if bank else "",
        "swift": (bank.swift or "") if bank else "",
        "size": _size(party),  # sme, large or government
    }


def _size(party: Party) -> str:
    """The party's size as letters name its kind: a public body (``form: public-body``) is a 机关/事业单位,
    ``government``, whatever its ``size`` says (SME Payment Regulations art. 9 ¶1), as the model reads it."""
    if party.form is PartyForm.PUBLIC_BODY:
        return str(PartySize.GOVERNMENT)
    return str(party.size) if party.size else ""


def _review_text(criterion: AcceptanceCriterion, terms: Terms, lang: str, by_application: bool) -> str:
    """The criterion's own review period, as the account counts it: from a complete request for acceptance
    (or the application, where the contract makes the application the request)."""
    if criterion.review_days is None:
        return "。" if lang == "zh" else "."
    span = formatting.days(criterion.review_days, lang)
    if lang == "zh":
        start = "收到付款申请及所附验收资料" if by_application else "收到附齐验收资料的验收通知"
        text = f"。{terms.client}应当在{start}之日起{span}内完成验收"
        if criterion.deemed_accepted:
            text += "；期限届满既未验收也未提出书面异议的，视为验收合格"
        return text + "。"
    start = (
        "receiving the application for payment with the acceptance documents"
        if by_application
        else "receiving notice that the work is ready, with the acceptance documents"
    )
    text = f". {terms.Client} shall complete acceptance within {span} after {start}"
    if criterion.deemed_accepted:
        text += (
            "; if it neither accepts nor gives written reasons for rejection within that period, "
            "the work is deemed accepted"
        )
    return text + "."


def document_title(project: Project, lang: str) -> str:
    if project.contract.title:
        return project.contract.title
    kind = str(project.project.kind) if project.project.kind else ""
    if lang == "zh":
        suffix = {"construction": "施工合同", "software": "软件开发合同", "services": "服务合同"}.get(kind, "合同")
        return f"{project.project.name}{suffix}"
    noun = {
        "construction": "Construction Contract",
        "software": "Software Development Contract",
        "services": "Services Contract",
    }.get(kind, "Contract")
    return f"{noun}: {project.project.name}"


@dataclass(frozen=True)
class Article:
    """One picked clause as drafted: its number, title and numbered sub-clauses."""

    clause_id: str
    number: str
    title: str
    paragraphs: list[dict[str, str]]


def contract_context(project: Project, schedule: Schedule, lang: str, articles: list[Article]) -> dict[str, Any]:
    """Everything contract.<lang>.docx may use (templates/README.md lists it)."""
    terms = party_terms(project.project.kind, lang)
    currency = project.contract.currency
    join = "；" if lang == "zh" else "; "
    applied = contract_terms(project)
    by_application = applied.review_start is ReviewStart.APPLICATION
    nodes: list[dict[str, str]] = []
    measured = schedule.measurement is not None
    drafted = [s for s in schedule.nodes if s.valuation is None]  # valuations come after signing, month by month
    for s in drafted:
        node = s.node
        if measured and node.kind is NodeKind.FINAL:
            nodes.append({**_progress_row(project, schedule, lang), "no": str(len(nodes) + 1)})
        # a node that releases retention withheld from each payment has no share of the price of its own
        releases = schedule.retention_mode is RetentionMode.WITHHELD and node.kind is NodeKind.RETENTION and not s.base
        release_text = "各期扣留的质量保证金" if lang == "zh" else "the retention withheld from each payment"
        if measured and node.kind is NodeKind.FINAL:
            releases = True
            release_text = (
                "结算价款扣除预付款、各期进度款及质量保证金后的余额"
                if lang == "zh"
                else "the balance of the final account after the advance, the progress payments and the retention"
            )
        nodes.append(
            {
                "no": str(len(nodes) + 1),
                "id": node.id,
                "title": node.title,
                "milestone": node.milestone or "",
                "share": formatting.percent(node.share) if node.share is not None else "—",
                "amount": "—" if releases else formatting.figures(s.base, currency),
                "money": release_text if releases else formatting.money(s.base, currency, lang),
                "words": release_text if releases else formatting.words(s.base, currency, lang),
                "evidence_text": join.join(node.evidence),
                "evidence_lines": "\n".join(f"{j}. {e}" for j, e in enumerate(node.evidence, start=1)),
                "due": due_rule_text(node.due, lang),
            }
        )
    total = schedule.total_base
    shares = [n.share for n in project.payment_schedule]
    info = project.project
    return {
        "measured": measured,
        "measured_clause": project.clause_number("payment.monthly-progress") or "",
        "bill": _bill_view(schedule, lang),
        "lang": lang,
        "doc": {"title": document_title(project, lang), "number": project.contract.number},
        "time": {
            "rest_day_roll": applied.rest_day_roll,
            "clause": project.clause_number("general.time-computation") or "",
        },
        "terms": terms,
        "client": party_view(project.parties.client),
        "contractor": party_view(project.parties.contractor),
        "project": {
            "name": info.name,
            "code": info.code,
            "location": info.location or "",
            "start": formatting.date(info.start, lang) if info.start else "",
            "finish": formatting.date(info.finish, lang) if info.finish else "",
            "kind": str(info.kind) if info.kind else "",
        },
        "contract": {
            "number": project.contract.number,
            "signed_on": formatting.date(project.contract.signed_on, lang),
            "currency": currency,
            "currency_name": _CURRENCY_NAMES["zh" if lang == "zh" else "en"][currency],
            "currency_unit": _CURRENCY_UNITS[currency],
            "price": formatting.figures(project.contract.price, currency),
            "price_money": formatting.money(project.contract.price, currency, lang),
            "price_words": formatting.words(project.contract.price, currency, lang),
            "retention": formatting.percent(project.contract.retention) if project.contract.retention else "",
            # the VAT the client pays on top of the price and every instalment (empty: the contract adds none)
            "vat": formatting.percent(project.contract.vat) if project.contract.vat else "",
            "form": form_view(project, lang),
        },
        "nodes": nodes,
        "totals": {
            "share": formatting.percent(sum((s for s in shares if s is not None), Decimal(0)))
            if any(s is not None for s in shares) and not measured
            else "—",
            "amount": formatting.figures(total, currency),
            "words": formatting.words(total, currency, lang),
        },
        "acceptance": [
            {
                "id": a.id,
                "title": a.title,
                "criteria_text": join.join(a.criteria) if a.criteria else a.title,
                "review": _review_text(a, terms, lang, by_application),
            }
            for a in project.acceptance
        ],
        "articles": [
            {"number": a.number, "title": a.title, "paragraphs": a.paragraphs, "id": a.clause_id} for a in articles
        ],
    }


def _progress_row(project: Project, schedule: Schedule, lang: str) -> dict[str, str]:
    """The measured progress payments as one row of the drafted schedule: paid monthly on the measured value."""
    measurement = schedule.measurement
    assert measurement is not None
    terms = measurement.terms
    number = project.clause_number("payment.monthly-progress")
    share = formatting.percent(terms.share)
    due = due_rule_text(DueRule(after=DueBasis.APPLICATION, days=terms.due_days), lang)
    if lang == "zh":
        where = f"第{number}条" if number else "按月计量支付进度款条款"
        evidence = ["进度付款申请单", "付款申请明细表", "工程量确认单及计量资料"]
        return {
            "no": "",
            "id": "",
            "title": "进度款（按月计量）",
            "milestone": f"每月按{where}计量的已完成工作",
            "share": "—",
            "amount": "按计量",
            "money": f"经计量的已完成工作价值的{share}",
            "words": f"经计量的已完成工作价值的{share}",
            "evidence_text": "；".join(evidence),
            "evidence_lines": "\n".join(f"{j}. {e}" for j, e in enumerate(evidence, start=1)),
            "due": due,
        }
    where = f"Clause {number}" if number else "the monthly progress payments clause"
    evidence = ["application for payment", "payment statement", "measurement sheet with the measurement records"]
    return {
        "no": "",
        "id": "",
        "title": "Progress payments (monthly measurement)",
        "milestone": f"the work done each month, as measured under {where}",
        "share": "—",
        "amount": "as measured",
        "money": f"{share} of the value of the work done, as measured",
        "words": f"{share} of the value of the work done, as measured",
        "evidence_text": "; ".join(evidence),
        "evidence_lines": "\n".join(f"{j}. {e}" for j, e in enumerate(evidence, start=1)),
        "due": due,
    }


def _bill_view(schedule: Schedule, lang: str) -> dict[str, Any]:
    """The bill of quantities as the contract's annex: items under their section headings, and the total."""
    measurement = schedule.measurement
    if measurement is None:
        return {"rows": [], "total": "", "words": ""}
    currency = schedule.currency
    rows: list[dict[str, Any]] = []
    section: str | None = None
    number = 0
    for item in (i for i in measurement.items if i.variation is None):
        if item.section != section:
            section = item.section
            if section:
                number += 1
                rows.append({"heading": True, "code": str(number), "description": section})
        rows.append(
            {
                "heading": False,
                "code": item.code,
                "description": item.description,
                "unit": item.unit,
                "quantity": f"{item.quantity:,f}",
                "rate": formatting.figures(item.rate, currency)
                if item.rate == item.rate.quantize(Decimal("0.01"))
                else f"{item.rate:,f}",
                "amount": formatting.figures(item.amount, currency),
            }
        )
    total = measurement.bill_total
    return {
        "rows": rows,
        "total": formatting.figures(total, currency),
        "words": formatting.words(total, currency, lang),
    }


def bilingual_context(zh: dict[str, Any], en: dict[str, Any]) -> dict[str, Any]:
    """contract.bilingual.docx: both languages, with the clauses paired sub-clause by sub-clause."""
    pairs = []
    for a_zh, a_en in zip(zh["articles"], en["articles"], strict=True):
        rows = []
        count = max(len(a_zh["paragraphs"]), len(a_en["paragraphs"]))
        for i in range(count):
            left = a_zh["paragraphs"][i] if i < len(a_zh["paragraphs"]) else {"number": "", "text": ""}
            right = a_en["paragraphs"][i] if i < len(a_en["paragraphs"]) else {"number": "", "text": ""}
            rows.append({"number": left["number"] or right["number"], "zh": left["text"], "en": right["text"]})
        pairs.append({"number": a_zh["number"], "zh_title": a_zh["title"], "en_title": a_en["title"], "rows": rows})

    def both(left: str, right: str) -> str:
        return left if left == right or not right else f"{left}\n{right}"

    nodes = []
    for n_zh, n_en in zip(zh["nodes"], en["nodes"], strict=True):
        # Titles, milestones and evidence are the project's own words, the same in both columns;
        # only what contractkit phrases itself (the due rule) has two languages.
        merged = dict(n_zh)
        merged["due"] = both(n_zh["due"], n_en["due"])
        if not n_zh["id"]:  # the measured progress payments: contractkit's words, in both languages
            for key in ("title", "milestone", "amount", "words", "evidence_text", "evidence_lines"):
                merged[key] = both(n_zh[key], n_en[key])
        nodes.append(merged)
    acceptance = [
        {"title": both(a_zh["title"], a_en["title"]), "zh": a_zh, "en": a_en}
        for a_zh, a_en in zip(zh["acceptance"], en["acceptance"], strict=True)
    ]
    # the contract's own language clause decides which text prevails; without one, the Chinese text does
    language_clause = any(a["id"] == "general.language" for a in zh["articles"])
    return {
        "lang": "bilingual",
        "zh": zh,
        "en": en,
        "pairs": pairs,
        "nodes": nodes,
        "bill": zh["bill"],
        "acceptance": acceptance,
        "language_clause": language_clause,
    }


def is_confidential(project: Project) -> bool:
    """The contract has a confidentiality clause: its documents are marked confidential in the header."""
    return any(c.use.startswith("confidentiality.") for c in project.clauses)


def common_context(project: Project, lang: str) -> dict[str, Any]:
    """What every letter, pack document and report shows of the parties, the project and the contract."""
    info = project.project
    return {
        "lang": lang,
        "confidential": ("保密" if lang == "zh" else "CONFIDENTIAL") if is_confidential(project) else "",
        "terms": party_terms(info.kind, lang),
        "client": party_view(project.parties.client),
        "contractor": party_view(project.parties.contractor),
        "project": {"name": info.name, "code": info.code, "location": info.location or ""},
        "contract": {
            "number": project.contract.number,
            "signed_on": formatting.date(project.contract.signed_on, lang),
            "currency": project.contract.currency,
            # the currency by name, as a Chinese reader reads it (人民币); English keeps the ISO code
            "currency_name": (
                _CURRENCY_NAMES["zh"][project.contract.currency] if lang == "zh" else project.contract.currency
            ),
            "currency_unit": _CURRENCY_UNITS[project.contract.currency],  # 金额单位：元
        },
    }


def side_by_side(zh: dict[str, Any], en: dict[str, Any], written: dict[str, Any] | None = None) -> dict[str, Any]:
    """A bilingual letter, pack or report context: each language under its own name, one confidential mark, and
    ``written``: what the tables both languages share read (the Chinese context with the project's words as the
    project file writes them, where ``zh`` and ``en`` may give them in their own language)."""
    return {
        "lang": "bilingual",
        "zh": zh,
        "en": en,
        "written": zh if written is None else written,
        "confidential": f"{zh['confidential']} {en['confidential']}".strip(),
    }


def given_up(n: NodeAccount) -> Decimal:
    """What a resolution gave up of what was asked for on ``n``: with what is paid, outstanding and held, it makes
    up the node's amount, so that a document stating the rest of the price states the account's figures."""
    claim = n.claim
    return max(n.amount - claim.due - claim.held - claim.discount, Decimal(0)) if claim is not None else Decimal(0)
