"""Demand letters that escalate: reminder, formal notice, suspension, final demand, acknowledgment request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from contractkit.account.account import (
    DEADLINE_DAYS,
    LADDER,
    Account,
    LetterPeriod,
    NodeAccount,
    NodeState,
    build_account,
    letter_period,
    suspension_right,
)
from contractkit.account.claims import postponed_final
from contractkit.documents.common import side_by_side
from contractkit.documents.letters import (
    DemandFacts,
    demand_context,
    letter_deadline,
    stage_name,
    suspension_notice,
)
from contractkit.errors import Refusal, UsageError
from contractkit.law import law_for
from contractkit.law.base import PreAction, RestartKind
from contractkit.law.england import EnglishLaw, residential_occupier_possible
from contractkit.model.clauses import resource_dir
from contractkit.model.formatting import date as format_date
from contractkit.model.formatting import money
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.project import LoadedProject
from contractkit.render.docx import (
    ConverterMissing,
    check_template,
    document_properties,
    docx_to_pdf,
    in_one_language,
    normalise_pdf,
    own_words,
    render_docx,
    soffice,
)
from contractkit.render.output import check_writable, command_inputs, write_files

STAGES = tuple(DemandStage)
_TITLES = {
    "case-summary": ("案件摘要", "Case Summary"),
    "demand-protocol": ("债务索赔答复材料", "Information Sheet, Reply Form and Financial Statement"),
}


@dataclass(frozen=True)
class DemandResult:
    written: list[Path]
    stage: DemandStage
    warnings: list[str] = field(default_factory=list)
    recorded: int = 0


def _paid_late(n: NodeAccount) -> bool:
    """Paid in full, but late: the interest (and any fixed compensation) on the late payment is still owed."""
    return n.state is NodeState.PAID and n.interest is not None and n.interest.total > 0


def _covered(loaded: LoadedProject, node: str, as_of: dt.date) -> tuple[list[NodeAccount], Account]:
    """The nodes a letter covers, and the account as of ``as_of``.

    ``all`` is every node the client owes anything on: an overdue price, or the interest (and fixed
    compensation) on a price paid late, so that the letter claims what the account shows as owed.
    """
    status = build_account(loaded, as_of)
    if node == "all":
        nodes = [n for n in status.nodes if n.state is NodeState.OVERDUE or _paid_late(n)]
        if not nodes:
            upcoming = sorted((n.due_on, n.id) for n in status.nodes if n.state is NodeState.NOT_DUE and n.due_on)
            hint = f"; the next payment falls due on {upcoming[0][0]} ({upcoming[0][1]})" if upcoming else ""
            raise Refusal(f"contractkit: nothing is overdue on {as_of}{hint}")
        return nodes, status
    one = status.node(node)
    if one is None:
        known = ", ".join(n.id for n in status.nodes)
        raise UsageError(f"contractkit: there is no payment node {node!r}; nodes: {known} (or all)")
    if _paid_late(one):
        # paid late: the interest (and any fixed compensation) on it remains recoverable
        return [one], status
    if one.state is not NodeState.OVERDUE:
        if one.state is NodeState.PAID:
            why = "it is paid in full, on time"
        elif one.state is NodeState.NOT_DUE:
            why = f"it falls due on {one.due_on}"
        else:
            why = f"it is not yet payable ({one.due_note})"
        raise Refusal(f"contractkit: node {node} is not overdue on {as_of}: {why}")
    return [one], status


#: The letters that ask for an unpaid price, not for interest on one paid late, and what each does.
_ASKS_FOR_THE_PRICE = {
    DemandStage.REMINDER: "asks for the price",
    DemandStage.SUSPENSION: "suspends the work for an unpaid price",
}


def _late_interest(nodes: list[NodeAccount], status: Account) -> str:
    """What is owed on prices paid late, in a sentence: "V04 was paid 25 days late and CNY 41,892.63 ... is owed"."""
    cur = status.currency
    parts = []
    for n in nodes:
        assert n.interest is not None and n.due_on is not None and n.payments
        days = (max(p.on for p in n.payments) - n.due_on).days
        what = f"{money(n.interest.interest, cur, 'en')} of interest"
        if n.interest.compensation:
            what += f" and {money(n.interest.compensation, cur, 'en')} of fixed compensation"
        parts.append(f"{n.id} was paid {days} day{'s' if days != 1 else ''} late and {what} on it is owed")
    return "; ".join(parts)


def _held_back(
    nodes: list[NodeAccount], held: list[NodeAccount], refusal: str, why: str, warnings: list[str]
) -> list[NodeAccount]:
    """``nodes`` without ``held``, the nodes the ladder waits on (a promise, a letter's deadline): refused where it
    waits on every unpaid one, and the user told which are left out otherwise."""
    if not held:
        return nodes
    if len(held) == len([n for n in nodes if n.state is not NodeState.PAID]):
        raise Refusal(refusal)
    warnings.append(f"warning: {', '.join(n.id for n in held)} left out of this letter: {why}")
    return [n for n in nodes if n not in held]


def _default_stage(nodes: list[NodeAccount]) -> DemandStage:
    if all(n.state is NodeState.PAID for n in nodes):
        return DemandStage.NOTICE  # interest on a debt paid late: a formal notice claims it
    steps = [n.next_step.stage for n in nodes if n.next_step is not None and n.next_step.stage is not None]
    if not steps:
        raise Refusal(
            "contractkit: every letter of the escalation ladder has been sent for "
            + ", ".join(n.id for n in nodes if n.state is not NodeState.PAID)
            + "; proceedings are next (use --stage final to send the final demand again)"
        )
    return min(steps, key=LADDER.index)


def _required_facts(loaded: LoadedProject, stage: DemandStage) -> None:
    parties = loaded.project.parties
    missing = []
    if not parties.client.address:
        missing.append("parties.client.address (the client's address for service)")
    if stage is not DemandStage.SUSPENSION and (parties.contractor.bank is None):
        missing.append("parties.contractor.bank (name and account, where the client is to pay)")
    if missing:
        raise Refusal(
            f"contractkit: a {stage} letter needs facts the project file does not give: {'; '.join(missing)}. "
            f"Add them to {loaded.path}; nothing was written."
        )


def _sent_as_the_contract_allows(loaded: LoadedProject, status: Account, via: str | None) -> None:
    """Refuse a letter to be sent a way the contract's notices clause does not allow: it would not be a notice under
    the clause, which deems no day of delivery for it, so no period the letter gives could be counted from one."""
    allowed = status.terms.law.notice_methods(loaded.project, status.terms.email_notices)
    if via is None or allowed is None or via in allowed:
        return
    number = loaded.project.clause_number("general.notices")
    ways = [str(m) for m in DeliveryMethod if m in allowed]
    why = ""
    if via == DeliveryMethod.COURIER and DeliveryMethod.EMS in allowed:
        why = (
            " (--sent-by courier is a carrier other than China Post EMS and SF Express, the couriers the clause names)"
        )
    elif via in (DeliveryMethod.EMAIL, DeliveryMethod.EMAIL_READ_RECEIPT):
        why = " (the clause does not make email a way to give notice: email_notices is false)"
    raise Refusal(
        f"contractkit: Clause {number} of the contract (notices) lets a notice be given only as --sent-by "
        f"{', '.join(ways[:-1])} or {ways[-1]}; a letter sent by {via}{why} is not given under it, and the clause "
        "deems no day on which it is delivered, so the periods the letter gives could not be counted. Send it one of "
        "those ways. Nothing was written."
    )


def _unlisted_notices(loaded: LoadedProject, status: Account, nodes: list[NodeAccount]) -> list[str]:
    """Warnings for the letters already sent on ``nodes`` a way the notices clause does not allow."""
    allowed = status.terms.law.notice_methods(loaded.project, status.terms.email_notices)
    if allowed is None:
        return []
    number = loaded.project.clause_number("general.notices")
    return [
        f"warning: {n.id}: the {notice.stage} of {notice.on} was sent by {notice.via}, which Clause {number} of the "
        "contract (notices) does not allow; it may not have been validly given"
        for n in nodes
        for notice in n.notices
        if notice.via and notice.via not in allowed
    ]


def _within_limitation(
    nodes: list[NodeAccount], status: Account, stage: DemandStage | None
) -> tuple[list[NodeAccount], list[str]]:
    """The nodes whose limitation period had not ended by the letter's date, and warnings for those left out.

    No letter presses a claim the client can defeat by pleading limitation: it could not interrupt the period (a
    demand interrupts only a running one) nor threaten proceedings as if the claim were live. Where every node's
    period has ended, the letter is refused, saying when it ended and what the law leaves. A statement of account
    for the client to sign presses nothing and is written, with a warning.
    """
    law = status.terms.law
    ended = [n for n in nodes if n.limitation.ended(status.as_of)]
    if not ended:
        return nodes, []
    if stage is DemandStage.ACKNOWLEDGMENT:
        return nodes, [
            f"warning: {n.id}: the limitation period ended on {n.limitation_on} ({n.limitation_note}); take legal "
            "advice on what a confirmation the client signs now does for the claim"
            for n in ended
        ]
    notes = [law.limitation_ended_note(n.id, n.limitation) for n in ended]
    live = [n for n in nodes if n not in ended]
    if not live:
        raise Refusal(
            "contractkit: " + " ".join(f"{note[:1].upper()}{note[1:]}." for note in notes) + " Nothing was written."
        )
    return live, [f"warning: {n.id} left out of this letter: {note}" for n, note in zip(ended, notes, strict=True)]


def _limitation_warnings(facts: DemandFacts) -> list[str]:
    """Where a node's limitation period ends before the letter can do its work: a demand that interrupts limitation
    only once delivered, delivered perhaps after the last day; a deadline that falls after the last day, under a
    law where no letter stops time running."""
    status = facts.status
    law = status.terms.law
    regime = law.regime(status.project, facts.stage, status.terms.interest.basis)
    out = []
    for n in facts.nodes:
        end = n.limitation_on
        if end is None or n.limitation.ended(facts.as_of):
            continue
        if regime.demand_interrupts_limitation and facts.period.delivered_by > end:
            out.append(
                f"warning: {n.id}: the limitation period ends on {end}; this letter interrupts it only if it reaches "
                f"the client by then, and it may be delivered as late as {facts.period.delivered_by}: deliver it by "
                f"hand (or by email, where the contract allows email notices) by {end}"
            )
        elif RestartKind.DEMAND not in law.limitation_restarts and facts.deadline > end:
            out.append(
                f"warning: {n.id}: the limitation period ends on {end}, before this letter's deadline "
                f"{facts.deadline}, and a letter does not stop it running: take legal advice on issuing proceedings "
                f"by {end}"
            )
    return out


def plan_demand(
    loaded: LoadedProject, node: str, as_of: dt.date, stage: DemandStage | None, via: str | None = None
) -> tuple[DemandFacts, list[str]]:
    """The letter's facts and any warnings, or a refusal saying why no letter is due.

    ``via`` is how the letter will be sent, where known: periods the letter gives run from its delivery.
    """
    if stage in EXCHANGE:
        assert stage is not None
        return _plan_exchange(loaded, node, as_of, stage, via)
    nodes, status = _covered(loaded, node, as_of)
    _sent_as_the_contract_allows(loaded, status, via)
    nodes, warnings = _within_limitation(nodes, status, stage)
    if stage is None:
        # while the client's promise to pay runs, the ladder waits (as status says); a letter written now
        # would call the client in default of a promise still being kept
        waiting = [
            n
            for n in nodes
            if n.state is not NodeState.PAID
            and n.claim is not None
            and n.claim.promise is not None
            and n.claim.promise.kept is None
        ]
        promised = "; ".join(
            f"{n.id}: promised on {n.claim.promise.on} to pay by {n.claim.promise.by}"
            for n in waiting
            if n.claim and n.claim.promise
        )
        nodes = _held_back(
            nodes,
            waiting,
            f"contractkit: no letter is due on {as_of} while the client's promise runs ({promised}); the next letter "
            "is due the day after the promised day (contractkit status shows it). Give --stage to write one now all "
            "the same",
            "the client promised to pay and the promised day has not passed",
            warnings,
        )
        # a letter's own deadline: the next letter waits for it to pass, as status says (``NextStep.after``)
        running = [
            n
            for n in nodes
            if n.state is not NodeState.PAID
            and n.next_step is not None
            and n.next_step.after is not None
            and as_of < n.next_step.after
        ]
        given = "; ".join(
            f"{n.id}: the {n.next_step.after_letter.stage} of {n.next_step.after_letter.on} gives until "
            f"{n.next_step.after - dt.timedelta(days=1)}"
            for n in running
            if n.next_step is not None and n.next_step.after is not None and n.next_step.after_letter is not None
        )
        nodes = _held_back(
            nodes,
            running,
            f"contractkit: no letter is due on {as_of} while the last letter's deadline runs ({given}); the next "
            "letter is due the day after it (contractkit status shows it). Give --stage to write one now all the same",
            "the deadline the last letter gave has not passed",
            warnings,
        )
        if node == "all" and all(n.state is NodeState.PAID for n in nodes):
            # the escalation ladder follows the unpaid prices; interest alone on a price paid late is claimed
            # when the user asks for a letter that claims it, not by every run of the ladder
            raise Refusal(
                f"contractkit: nothing is overdue on {as_of}, but {_late_interest(nodes, status)}. A notice "
                "(--stage notice) or a final demand (--stage final) claims it. Nothing was written."
            )
    natural = None
    try:
        natural = _default_stage(nodes)
    except Refusal:
        if stage is None:
            raise
    chosen = stage or natural
    assert chosen is not None
    late = [n for n in nodes if n.state is NodeState.PAID]
    asks = _ASKS_FOR_THE_PRICE.get(chosen)
    if asks and late and len(late) == len(nodes):
        # a price paid late leaves only its interest owed: a reminder asks for the price, and unpaid interest
        # alone does not justify stopping the work
        raise Refusal(
            f"contractkit: the price of {', '.join(n.id for n in nodes)} has been paid; only the interest for its "
            f"late payment is owed, and a {chosen} letter {asks}. Send a notice (--stage notice) or a final demand "
            "(--stage final), which claim the interest. Nothing was written."
        )
    if asks and late:
        # a letter for every node owed on: those whose price is owed get the reminder (or the suspension);
        # the interest on a price paid late waits for a letter that claims it
        warnings.append(
            f"warning: {', '.join(n.id for n in late)} left out of this {chosen} letter: "
            f"{_late_interest(late, status)}, and a {chosen} letter {asks}; a notice (--stage notice) or a final "
            "demand (--stage final) claims it"
        )
        nodes = [n for n in nodes if n not in late]
    if chosen is DemandStage.SUSPENSION:
        if not suspension_right(loaded.project, status.terms):
            raise Refusal(
                "contractkit: the contract has no suspension clause, so a notice of suspension has nothing to rely "
                "on; send a formal notice (--stage notice) or a final demand instead"
            )
        suspended = [n for n in nodes if n.suspended]
        if suspended:
            first = min(notice.on for n in suspended for notice in n.notices if notice.stage is DemandStage.SUSPENSION)
            raise Refusal(
                f"contractkit: a notice of suspension for {', '.join(n.id for n in suspended)} was already sent on "
                f"{first}; the work stands suspended, and a second notice would announce a new start date. Send the "
                "final demand (--stage final) instead"
            )
    if natural is not None and chosen in LADDER and LADDER.index(chosen) > LADDER.index(natural):
        skipped = [s for s in LADDER[LADDER.index(natural) : LADDER.index(chosen)] if s is not DemandStage.SUSPENSION]
        if skipped:
            warnings.append(
                f"warning: this {chosen} letter skips the {', '.join(map(str, skipped))} "
                "the escalation ladder calls for first"
            )
    if stage is not None:
        # a letter asked for by name while the client's promise to pay still runs: written, as asked, but the user is
        # told that it calls the client in default before the day the client promised to pay by (the ladder waits)
        for n in nodes:
            promise = n.claim.promise if n.claim is not None else None
            if n.state is not NodeState.PAID and promise is not None and promise.kept is None:
                warnings.append(
                    f"warning: {n.id}: the client promised on {promise.on} to pay by {promise.by}, a day not yet "
                    f"passed; this {chosen} letter calls it in default while that promise runs (the escalation ladder "
                    "waits until the day after it)"
                )
    _required_facts(loaded, chosen)
    suspension = suspension_notice(status)
    if chosen is DemandStage.SUSPENSION:
        assert suspension is not None
        period = suspension.period(status, as_of, via)  # the clause's (or the statute's) notice, from delivery
    else:
        # a letter before action gives the time the law's pre-action rules give (30 days under the Debt Protocol)
        regime = law_for(loaded.project).regime(loaded.project, chosen, status.terms.interest.basis)
        days = regime.reply_days if chosen is DemandStage.FINAL and regime.reply_days else DEADLINE_DAYS[chosen]
        period = letter_deadline(status, as_of, days, via)
    ids = "-".join(n.id for n in nodes) if len(nodes) <= 3 else f"{len(nodes)}N"
    reference = f"{loaded.project.contract.number}-{str(chosen)[:3].upper()}-{ids}-{as_of:%Y%m%d}"
    facts = DemandFacts(chosen, as_of, reference, tuple(nodes), status, period, suspension)
    warnings += _unlisted_notices(loaded, status, nodes) + _limitation_warnings(facts)
    for n in nodes:  # the letter states its rates as the latest known; the user is told to check them
        for note in n.interest.warnings if n.interest else ():
            if f"warning: {note}" not in warnings:
                warnings.append(f"warning: {note}")
    for n, end in facts.priority_lapsed():
        warnings.append(
            f"warning: {n.id}: the priority of the price over the works (due {n.due_on}) could be exercised until "
            f"{end} at the latest (art. 41 of the SPC Interpretation (I) on Construction Contract Disputes); the "
            "letter does not invoke it (the case summary says so)"
        )
    return facts, warnings


#: Letters about what the client answered, outside the escalation ladder.
EXCHANGE = (DemandStage.DEFAULT_NOTICE, DemandStage.NOTIFIED_SUM, DemandStage.DISPUTE_REPLY)


def _eligible(n: NodeAccount, stage: DemandStage, as_of: dt.date) -> str:
    """Why a letter of ``stage`` does not fit node ``n`` now; "" where it does."""
    claim = n.claim
    notices = claim.notices if claim else None
    if stage is DemandStage.DISPUTE_REPLY:
        if claim is None or claim.dispute is None:
            return "no dispute is recorded for it (type: disputed)"
        if claim.resolution is not None:
            return f"the dispute of {claim.dispute.on} was resolved on {claim.resolution.on}"
        if n.state is NodeState.PAID:
            return "it is paid in full"
        return ""
    if notices is None:
        return "the payment notices of the Construction Act do not apply to it (or its payment due date is not known)"
    if stage is DemandStage.DEFAULT_NOTICE:
        if not notices.default_notice_open:
            return f"the notified sum is already fixed by {notices.notified_by}"
        if as_of <= notices.payment_notice_by:
            return f"the client may still give its payment notice until {notices.payment_notice_by}"
        return ""
    # the notified sum
    if n.state is not NodeState.OVERDUE:
        return f"it is not overdue: the final date for payment is {notices.final_date}"
    if not notices.pay_less_missing:
        return "a valid pay less notice was given" if notices.pay_less_valid else "no sum is notified yet"
    return ""


def _plan_exchange(
    loaded: LoadedProject, node: str, as_of: dt.date, stage: DemandStage, via: str | None
) -> tuple[DemandFacts, list[str]]:
    """A notice in default, a notified-sum letter or a reply to a dispute: for the nodes it fits."""
    status = build_account(loaded, as_of)
    if stage in (DemandStage.DEFAULT_NOTICE, DemandStage.NOTIFIED_SUM) and status.terms.payment_regime is None:
        why = "which apply only to construction operations under the law of England and Wales"
        if isinstance(law_for(loaded.project), EnglishLaw) and residential_occupier_possible(loaded.project):
            # construction operations, but the client may be a residential occupier and the contract is silent
            why = (
                "which do not apply to a construction contract with a residential occupier (s.106): the client is "
                "an individual, who may be one, and the contract has no payment.construction-act clause adopting "
                "the notices"
            )
        raise Refusal(
            f"contractkit: a {stage} letter rests on the payment notices of the Housing Grants, Construction and "
            f"Regeneration Act 1996, {why}"
        )
    if node == "all":
        nodes = [n for n in status.nodes if not _eligible(n, stage, as_of)]
        if not nodes:
            raise Refusal(f"contractkit: no node calls for a {stage} letter on {as_of}")
    else:
        one = status.node(node)
        if one is None:
            known = ", ".join(n.id for n in status.nodes)
            raise UsageError(f"contractkit: there is no payment node {node!r}; nodes: {known} (or all)")
        why = _eligible(one, stage, as_of)
        if why:
            raise Refusal(f"contractkit: no {stage} letter for node {node} on {as_of}: {why}")
        nodes = [one]
    _sent_as_the_contract_allows(loaded, status, via)
    nodes, warnings = _within_limitation(nodes, status, stage)
    _required_facts(loaded, stage)
    if stage is DemandStage.DEFAULT_NOTICE:
        # the notice moves the final date by the days it comes after the payer's last day; it is given when it
        # is delivered, so the letter states the final date as its latest delivery makes it
        delivered = letter_period(status, as_of, 0, via).delivered_by
        finals = []
        for n in nodes:
            assert n.claim is not None and n.claim.notices is not None
            notices = n.claim.notices
            finals.append(
                postponed_final(
                    notices.final_date,
                    notices.payment_notice_by,
                    delivered,
                    status.calendar,
                    roll=status.terms.rest_day_roll,
                )
            )
        last = max(finals)
        period = LetterPeriod(as_of, delivered, last, (last - delivered).days)
    else:
        period = letter_deadline(status, as_of, DEADLINE_DAYS[stage], via)
    ids = "-".join(n.id for n in nodes) if len(nodes) <= 3 else f"{len(nodes)}N"
    code = {DemandStage.DEFAULT_NOTICE: "PN", DemandStage.NOTIFIED_SUM: "NS", DemandStage.DISPUTE_REPLY: "DR"}[stage]
    reference = f"{loaded.project.contract.number}-{code}-{ids}-{as_of:%Y%m%d}"
    facts = DemandFacts(stage, as_of, reference, tuple(nodes), status, period, suspension_notice(status))
    return facts, warnings + _unlisted_notices(loaded, status, nodes) + _limitation_warnings(facts)


def render_demand(loaded: LoadedProject, facts: DemandFacts, lang: str, name: str, templates: Path | None) -> bytes:
    project = loaded.project
    if lang == "bilingual":
        zh = demand_context(project, loaded.folder, facts, "zh")
        en = demand_context(project, loaded.folder, facts, "en")
        context = side_by_side(own_words(zh, "zh"), own_words(en, "en"), written=zh)
    else:
        context = demand_context(project, loaded.folder, facts, lang)
    folder = templates if templates is not None else resource_dir("templates")
    path = folder / f"{name}.{lang}.docx"
    if templates is not None:
        check_template(path, context)
    title = _document_title(facts, name, lang)
    return render_docx(path, context, document_properties(project, title, facts.as_of, lang))


def _document_title(facts: DemandFacts, name: str, lang: str) -> str:
    """The document's title with its reference, as its properties and its PDF name it."""
    if name in _TITLES:
        zh_title, en_title = _TITLES[name]
    else:
        zh_title, en_title = stage_name(facts.stage, "zh"), stage_name(facts.stage, "en").title()
    title = zh_title if lang == "zh" else en_title if lang == "en" else f"{zh_title} {en_title}"
    return f"{title} {facts.reference}"


def plan_letter(
    loaded: LoadedProject,
    node: str,
    as_of: dt.date,
    stage: DemandStage | None,
    lang: str,
    method: DeliveryMethod | None = None,
) -> tuple[LoadedProject, DemandFacts, list[str]]:
    """The project in the letter's language (the ledger as written) and the letter ``write_demand`` writes
    for these arguments, sent by ``method`` where known: its facts and warnings."""
    shown = in_one_language(loaded, lang)
    facts, warnings = plan_demand(shown, node, as_of, stage, str(method) if method else None)
    return shown, facts, warnings


def write_demand(
    loaded: LoadedProject,
    node: str,
    output: Path,
    *,
    as_of: dt.date,
    lang: str,
    stage: DemandStage | None = None,
    force: bool = False,
    templates: Path | None = None,
    record: tuple[DeliveryMethod, str | None] | None = None,
    pdf: bool = False,
    via: DeliveryMethod | None = None,
    planned: tuple[LoadedProject, DemandFacts, list[str]] | None = None,
) -> DemandResult:
    """Write the letter (and, for a final demand, the case summary); optionally record it in the ledger.

    With ``pdf`` every document also gets an archival PDF (PDF/A-2b) beside it, all written or none. ``via``
    (or the method of ``record``) is how the letter will be sent: the periods it gives run from its delivery.
    ``planned`` is what ``plan_letter`` gave for the same arguments, where the caller has it already (a
    portfolio names each letter after the stage its plan picks, and plans each project once).
    """
    if output.suffix.lower() != ".docx":
        raise UsageError(f"contractkit: {output}: the output must be a .docx file")
    if pdf and soffice() is None:
        raise ConverterMissing()
    shown, facts, warnings = planned or plan_letter(loaded, node, as_of, stage, lang, record[0] if record else via)
    outputs = {output: f"demand-{facts.stage}"}
    if facts.stage is DemandStage.FINAL:
        outputs[output.with_name(f"{output.stem}-case-summary.docx")] = "case-summary"
        regime = law_for(loaded.project).regime(loaded.project, facts.stage, facts.status.terms.interest.basis)
        if regime.pre_action is PreAction.DEBT_PROTOCOL:
            outputs[output.with_name(f"{output.stem}-reply-pack.docx")] = "demand-protocol"
    inputs = command_inputs(loaded, templates)
    targets = list(outputs) + ([path.with_suffix(".pdf") for path in outputs] if pdf else [])
    for path in targets:
        check_writable(path, force=force, inputs=inputs)
    rendered = {path: render_demand(shown, facts, lang, name, templates) for path, name in outputs.items()}
    if pdf:
        for path, name in outputs.items():
            title = _document_title(facts, name, lang)
            rendered[path.with_suffix(".pdf")] = normalise_pdf(docx_to_pdf(rendered[path], path.stem), as_of, title)
    if record is None:  # the letter and its case summary: both or neither
        write_files(rendered, force=force, inputs=inputs)
        return DemandResult(list(rendered), facts.stage, warnings, 0)
    from contractkit.render.ledger import notice_events, record_with_outputs

    method, tracking = record
    events = notice_events([n.id for n in facts.nodes], facts.stage, as_of, method, tracking, facts.reference)
    record_with_outputs(loaded, rendered, events, force=force, inputs=inputs)
    return DemandResult(list(rendered), facts.stage, warnings, len(facts.nodes))


def describe(facts: DemandFacts, lang: str = "en") -> str:
    nodes = ", ".join(n.id for n in facts.nodes)
    return f"{stage_name(facts.stage, lang)} for {nodes}, deadline {format_date(facts.deadline, lang)}"
