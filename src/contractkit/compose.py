"""Turn models into template contexts: the one place that decides what a document may see."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from contractkit import formatting
from contractkit.models import AcceptanceCriterion, DueBasis, DueRule, Party, Project, ProjectKind
from contractkit.schedule import Schedule

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
    def Client(self) -> str:  # noqa: N802 - capitalised for the start of a sentence, as templates use it
        return self.client[:1].upper() + self.client[1:]

    @property
    def Contractor(self) -> str:  # noqa: N802
        return self.contractor[:1].upper() + self.contractor[1:]


def party_terms(kind: ProjectKind, lang: str) -> Terms:
    family = "construction" if kind is ProjectKind.CONSTRUCTION else "services"
    client, contractor = _TERMS[(family, "zh" if lang == "zh" else "en")]
    return Terms(client, contractor)


def due_rule_text(due: DueRule | None, lang: str) -> str:
    """The due rule in words: 验收合格之日起14日内 / within 14 days after acceptance."""
    if due is None:
        return "按约定" if lang == "zh" else "as agreed"
    if due.on is not None:
        return f"{formatting.date(due.on, lang)}前" if lang == "zh" else f"on or before {formatting.date(due.on, lang)}"
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
        DueBasis.APPLICATION: "receipt of the application for payment",
        DueBasis.ACCEPTANCE: "acceptance",
        DueBasis.INVOICE: "receipt of the invoice",
    }[due.after]
    return f"within {span} after {event}"


@dataclass(frozen=True)
class NodeView:
    id: str
    title: str
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
    deemed_accepted: bool


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
        "terms": party_terms(project.project.kind, lang),
        "project": project.project,
        "client": project.parties.client,
        "contractor": project.parties.contractor,
        "contract": project.contract,
        "schedule": node_views(project, schedule, lang),
        "acceptance": [criterion_view(a) for a in project.acceptance],
        "has": lambda clause_id: clause_id in numbers,
        "ref": ref,
    }
    context.update(parameters)
    return context


def party_block(party: Party) -> dict[str, Any]:
    """The facts of a party a document prints, as plain values."""
    return party.model_dump(exclude_none=False)
