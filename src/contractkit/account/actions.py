"""What the contractor should do next on a node, and by when: one line, from the account alone.

``status --explain`` prints it for every node; the JSON output carries it as ``next``. Each line names the
letter (a ``demand --stage``) where a letter is the next step, and the day it is due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from contractkit.account.account import NodeAccount, NodeState
from contractkit.model.models import DemandStage


@dataclass(frozen=True)
class Action:
    text: str  # what to do, in a sentence
    by: dt.date | None  # when (None: no date)
    stage: DemandStage | None = None  # the letter to send, where the next step is a letter

    def __str__(self) -> str:
        return self.text


def _ladder(node: NodeAccount, as_of: dt.date) -> Action:
    step = node.next_step
    if step is None:
        return Action("chase payment", None)
    if step.stage is None:
        return Action("every letter has been sent: refer the debt to proceedings or the dispute procedure", None)
    assert step.on is not None
    when = "now" if step.on <= as_of else f"on {step.on}"
    return Action(f"send the {step.stage} letter {when} (contractkit demand --stage {step.stage})", step.on, step.stage)


def _replied(node: NodeAccount) -> bool:
    claim = node.claim
    if claim is None or claim.dispute is None:
        return True
    return any(n.stage is DemandStage.DISPUTE_REPLY and n.on >= claim.dispute.on for n in node.notices)


def limitation_ended(node: NodeAccount, as_of: dt.date) -> str:
    """What to do about a node whose limitation period had ended by ``as_of``, in a sentence ("" where it has not):
    no letter can press the claim as a live one, and ``demand`` writes none."""
    if not node.limitation.ended(as_of):
        return ""
    return (
        f"the limitation period ended on {node.limitation_on}: take legal advice before writing to the client "
        "(contractkit demand writes no letter pressing the claim)"
    )


def next_action(node: NodeAccount, as_of: dt.date) -> Action:
    """The next thing to do on ``node`` as of ``as_of``."""
    claim = node.claim
    state = node.state
    ended = limitation_ended(node, as_of)
    if state is NodeState.PAID:
        extra = " (interest for late payment remains claimable)" if node.interest else ""
        if node.interest and ended:
            extra = f" (for the interest on the late payment, {ended})"
        return Action("nothing: paid in full" + extra, None)
    if ended:
        return Action(ended, None)
    if node.missing:
        return Action("supply " + "; ".join(node.missing), node.invoice.deadline if node.invoice.deadline else None)
    notices = claim.notices if claim else None
    dispute_open = claim is not None and claim.dispute is not None and claim.held > 0 and not claim.dispute_late
    reply = ""
    if dispute_open and not _replied(node):
        assert claim is not None and claim.dispute is not None
        reply = f"; answer the dispute of {claim.dispute.on} (contractkit demand --stage dispute-reply)"
    if state is NodeState.DISPUTED:
        assert claim is not None
        return Action(
            f"the sum due is paid; {claim.held:,.2f} is contested: resolve it by agreement or the dispute procedure "
            f"and record the outcome (type: resolved){reply}",
            None,
            DemandStage.DISPUTE_REPLY if reply else None,
        )
    if notices is not None and state is not NodeState.OVERDUE:
        if notices.default_notice_open and as_of > notices.payment_notice_by:
            return Action(
                f"give a notice in default of the sum due now: no payment notice came by {notices.payment_notice_by} "
                "(contractkit demand --stage default-notice)",
                as_of,
                DemandStage.DEFAULT_NOTICE,
            )
        if notices.default_notice_open:
            return Action(
                f"wait for the client's payment notice, due by {notices.payment_notice_by}; without one, give a notice "
                "in default",
                notices.payment_notice_by,
            )
        return Action(
            f"wait: the final date for payment is {notices.final_date}; a pay less notice is out of time after "
            f"{notices.pay_less_by}",
            notices.final_date,
        )
    if state is NodeState.OVERDUE:
        promise = claim.promise if claim else None
        if promise is not None and promise.kept is None:
            amount = f"{promise.amount:,.2f}" if promise.amount is not None else "the sum due"
            after = _ladder(node, as_of)
            return Action(
                f"wait for the payment of {amount} promised by {promise.by}; then {after.text}{reply}",
                promise.last_day,
                after.stage,
            )
        action = _ladder(node, as_of)
        text = action.text
        if notices is not None and notices.pay_less_missing and action.stage is not None:
            text = (
                f"{text}, or the notified-sum letter: no valid pay less notice, so {notices.notified_sum:,.2f} is "
                "payable in full"
            )
        if promise is not None and promise.broken:
            text += f" (the promise of {promise.on} to pay by {promise.by} was broken)"
        if dispute_open:
            assert claim is not None
            text = f"chase the undisputed {node.outstanding:,.2f}: {text}{reply}"
        return Action(text, action.by, action.stage)
    pending = claim is not None and claim.certify_by is not None and claim.certified is None and node.applied_on
    if pending and claim is not None and claim.certify_by is not None and claim.certify_by >= as_of:
        text = f"wait: the certificate is due by {claim.certify_by}, then payment by {node.due_on}"
        return Action(text, node.due_on)
    if state is NodeState.NOT_DUE:
        return Action(f"wait: due {node.due_on}{reply}", node.due_on)
    return Action(f"wait: {node.due_note}", node.due.latest)
