"""A node's state, what it waits for and what to do next, in the page's language.

The English is the command line's (``status``, ``status --explain``), word for word. The Chinese is built here
from the same account, in the words of contractkit's Chinese documents: the letters by their titles
(付款提醒函, 催款通知书, 最后催告函 ...), the states as the payment statement names them (未到期, 已逾期, 已付清).
Where the account says something in a sentence of its own (what evidence is missing, the statute's notices of
an English contract), the Chinese page shows the command line's English sentence.
"""

from __future__ import annotations

import datetime as dt

from contractkit.account import explain
from contractkit.account.account import NodeAccount, NodeState
from contractkit.account.actions import Action, next_action
from contractkit.account.dates import Waiting
from contractkit.documents.letters import stage_name
from contractkit.documents.pack import state_label as document_state
from contractkit.model.models import DemandStage
from contractkit.web.i18n import Translator


def state(node: NodeAccount, tr: Translator) -> str:
    """The state's pill: ``overdue`` / ``已逾期``."""
    return tr("state\x04" + str(node.state))


def waiting(node: NodeAccount, tr: Translator) -> str:
    """What a node without a due date waits for, in a few words."""
    if tr.lang != "zh":
        return explain.waiting(node)
    if node.state is not NodeState.WAITING:
        return ""
    text = document_state(node, "zh")
    if node.due.latest is not None:
        text += f"（最迟{tr.date(node.due.latest)}到期）"
    return text


def letter(stage: DemandStage, tr: Translator) -> str:
    """A letter by its title: ``催款通知书`` / ``notice``."""
    return stage_name(stage, "zh") if tr.lang == "zh" else str(stage)


def _send(stage: DemandStage, on: dt.date, as_of: dt.date, tr: Translator) -> str:
    when = "立即" if on <= as_of else f"于{tr.date(on)}"
    return f"{when}发出{letter(stage, tr)}"


def next_step(node: NodeAccount, as_of: dt.date, tr: Translator) -> str:
    """The next letter of the escalation ladder and its day, in a few words (the schedule's last column)."""
    if tr.lang != "zh":
        return explain.next_step(node, as_of)
    if node.state is not NodeState.PAID and node.limitation.ended(as_of):
        return f"无：诉讼时效已于{tr.date(node.limitation_on)}届满，请先咨询律师"
    step = node.next_step
    promise = node.promise
    if step is not None and promise is not None and promise.kept is None and step.on is not None:
        after = f"；之后于{tr.date(step.on)}发出{letter(step.stage, tr)}" if step.stage is not None else ""
        return f"发包人承诺于{tr.date(promise.by)}前付款{after}"
    if step is None:
        return "协商或按争议解决程序解决争议" if node.state is NodeState.DISPUTED else ""
    if step.stage is None:
        return "函件均已发出：提起诉讼或仲裁"
    assert step.on is not None
    return _send(step.stage, step.on, as_of, tr)


def action(node: NodeAccount, as_of: dt.date, currency: str, tr: Translator) -> str:
    """What to do next on the node, in a sentence (the overview's next steps, the portfolio's last column)."""
    found = next_action(node, as_of)
    return found.text if tr.lang != "zh" else action_zh(node, found, as_of, currency, tr)


def action_zh(node: NodeAccount, found: Action, as_of: dt.date, currency: str, tr: Translator) -> str:
    state_ = node.state
    ended = node.limitation.ended(as_of)
    ended_text = f"诉讼时效已于{tr.date(node.limitation_on)}届满：向发包人发函之前请先咨询律师" + (
        "（contractkit 不再生成主张该款项的催款函）"
    )
    if state_ is NodeState.PAID:
        if node.interest and ended:
            return f"无需操作：已付清（逾期付款的利息：{ended_text}）"
        return "无需操作：已付清" + ("（逾期付款的利息仍可主张）" if node.interest else "")
    if ended:
        return ended_text
    if node.missing:
        return "补充：" + "；".join(missing_zh(node, tr))
    claim = node.claim
    if state_ is NodeState.DISPUTED:
        held = tr.money(claim.held, currency) if claim is not None else ""
        return f"无争议部分已付；争议金额{held}：协商或按争议解决程序解决，并记录结果（resolved）"
    if state_ is NodeState.OVERDUE:
        promise = node.promise
        step = node.next_step
        if step is None:
            return "催收付款"
        if step.stage is None:
            text = "函件均已发出：可提起诉讼或按合同约定的争议解决方式解决"
        else:
            assert step.on is not None
            text = _send(step.stage, step.on, as_of, tr)
        reply = ""
        if claim is not None and claim.dispute is not None and claim.held > 0 and not claim.dispute_late:
            answered = any(n.stage is DemandStage.DISPUTE_REPLY and n.on >= claim.dispute.on for n in node.notices)
            if not answered:
                reply = f"；答复发包人{tr.date(claim.dispute.on)}提出的异议（{letter(DemandStage.DISPUTE_REPLY, tr)}）"
        if promise is not None and promise.kept is None:
            return f"等待发包人按承诺于{tr.date(promise.by)}前付款；届时未付，{text}{reply}"
        notices = claim.notices if claim is not None else None
        if notices is not None and notices.pay_less_missing and step.stage is not None:
            due = tr.money(notices.notified_sum, currency)
            text += f"，或发出{letter(DemandStage.NOTIFIED_SUM, tr)}：发包人未有效发出少付通知，{due}应足额支付"
        if promise is not None and promise.broken:
            text += f"（发包人{tr.date(promise.on)}承诺于{tr.date(promise.by)}前付款，未履行）"
        if reply:
            text = f"催收无争议部分{tr.money(node.outstanding, currency)}：{text}{reply}"
        return text
    if claim is not None and claim.notices is not None:
        return found.text  # the statute's notices of an English construction contract: the account's sentence
    if state_ is NodeState.NOT_DUE:
        if claim is not None and claim.certify_by is not None and claim.certified is None and claim.certify_by >= as_of:
            return f"等待：发包人应于{tr.date(claim.certify_by)}前确认金额，之后于{tr.date(node.due_on)}前付款"
        return f"等待付款：{tr.date(node.due_on)}到期"
    return "等待：" + waiting(node, tr)


def missing_zh(node: NodeAccount, tr: Translator) -> list[str]:
    """What to supply for the node to fall due, as the account's ``missing`` says it (the same cases, in Chinese)."""
    out = []
    waiting_for = node.due.waiting
    acceptance = node.acceptance
    if waiting_for is Waiting.ACCEPTANCE_REQUEST:
        if acceptance.requests:
            lacking = "、".join(acceptance.requests[-1].missing)
            out.append(f"完整的验收通知（{acceptance.criterion}）：上次通知缺少{lacking}")
        else:
            out.append(f"验收通知（{acceptance.criterion}），登记为“提请验收”（acceptance_requested）")
    invoice = node.invoice
    if waiting_for is Waiting.INVOICE and invoice.deadline is not None:
        out.append(f"发票（应于{tr.date(invoice.deadline)}前开具；开具前付款期限随之顺延）")
    elif invoice.required and invoice.invoiced_on is None and node.state is NodeState.OVERDUE:
        out.append("发票：尚未登记开具发票，而合同约定付款前应开具发票")
    if waiting_for is Waiting.GUARANTEE:
        out.append("预付款保函，随付款申请一并提交")
    return out or list(node.missing)
