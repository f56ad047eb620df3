"""An application for a node paid on acceptance is made once the milestone is achieved (the payment clause
says so): one received before acceptance is reviewed from acceptance, and nothing is deemed certified, or
due to be invoiced, before the work is accepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from contractkit.account.account import build_account
from contractkit.account.claims import review_start
from contractkit.model.models import NodeKind
from contractkit.model.project import load_project
from tests.conftest import SAMPLES

AS_OF = dt.date(2026, 11, 29)


def test_the_review_runs_from_the_later_of_application_and_acceptance() -> None:
    applied, accepted = dt.date(2026, 6, 26), dt.date(2026, 7, 10)
    assert review_start(applied, accepted, False) == accepted
    assert review_start(accepted, applied, False) == accepted  # accepted first: from the application
    assert review_start(applied, None, False) == applied  # a node not paid on acceptance
    assert review_start(applied, None, True) is None  # acceptance still pending: no review yet
    assert review_start(None, accepted, False) is None


def test_no_node_is_deemed_certified_before_its_work_is_accepted() -> None:
    for sample in ("fitout-cn", "software-uk", "epc-intl", "warehouse-cn"):
        account = build_account(load_project(SAMPLES / sample), AS_OF)
        for node in account.nodes:
            claim = node.claim
            if claim is None or not claim.certified_deemed or node.accepted_on is None:
                continue
            assert claim.certified_on is not None and claim.certified_on > node.accepted_on, (sample, node.id)


def test_a_premature_application_is_reviewed_from_acceptance() -> None:
    account = build_account(load_project(SAMPLES / "software-uk"), AS_OF)
    p3 = account.node("P3")
    assert p3 is not None and p3.claim is not None
    assert p3.applied_on == dt.date(2026, 6, 26) and p3.accepted_on == dt.date(2026, 7, 10)
    assert p3.claim.certified_on == dt.date(2026, 7, 20)  # ten days' review from acceptance, not from 26 June
    assert "the review ran from acceptance on 2026-07-10" in p3.claim.basis
    assert p3.invoice.invoiced_on == dt.date(2026, 7, 10)
    assert p3.due_on == dt.date(2026, 8, 9)  # the due date runs from acceptance as before


def test_while_acceptance_is_pending_nothing_is_deemed_certified(tmp_path: Path) -> None:
    text = (SAMPLES / "software-uk" / "project.yaml").read_text(encoding="utf-8")
    accepted = "  - {on: 2026-07-10, node: P3, type: accepted, ref: UAT acceptance certificate UAT-R1-ACC}\n"
    assert accepted in text
    (tmp_path / "project.yaml").write_text(text.replace(accepted, ""), encoding="utf-8")
    # ten days after the application of 26 June, with the work not accepted: reviewed from the application, it
    # would have been deemed certified on 6 July
    account = build_account(load_project(tmp_path), dt.date(2026, 7, 8))
    p3 = account.node("P3")
    assert p3 is not None and p3.claim is not None and p3.accepted_on is None
    assert not p3.claim.certified_deemed and p3.claim.certify_by is None
    assert p3.invoice.deadline is None  # nothing to invoice before the amount can be confirmed


def test_the_application_letter_says_its_review_runs_from_acceptance(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from contractkit.cli import main
    from tests.docs import docx_text
    from tests.projects import copy_sample

    runner = CliRunner()
    early, late = tmp_path / "early", tmp_path / "late"
    # 12 May: acceptance requested on 8 May, not yet given; 20 May: accepted on 15 May (the ledger's application moved
    # to that day: a pack for an application recorded earlier is that application, as it was made)
    applied = "  - {on: 2026-05-12, node: P2, type: applied"
    after = copy_sample("fitout-cn", tmp_path / "after", (applied, applied.replace("05-12", "05-20")))
    for out, day, folder in ((early, "2026-05-12", SAMPLES / "fitout-cn"), (late, "2026-05-20", after)):
        args = ["apply", str(folder), "--node", "P2", "-o", str(out), "--as-of", day, "--no-pdf"]
        result = runner.invoke(main, args)
        assert result.exit_code == 0, result.output
    assert "本付款申请的审核期限自工作成果验收合格（或者视为验收合格）之日起算" in docx_text(
        early / "application-letter.docx"
    )
    assert "审核期限自工作成果验收合格" not in docx_text(late / "application-letter.docx")


def test_the_monthly_valuation_clause_does_not_certify_the_advance() -> None:
    """payment.monthly-progress reviews the monthly valuations; the advance is paid under its own clause, which
    has no review: it was shown "deemed certified … (Clause 6 (payment.monthly-progress))"."""
    account = build_account(load_project(SAMPLES / "warehouse-cn"), AS_OF)
    advance = account.node("P1")
    assert advance is not None and advance.claim is not None
    assert not advance.claim.certified_deemed and "monthly-progress" not in advance.claim.basis
    assert account.terms.certification_for(NodeKind.PROGRESS) is not None  # the valuations it does review
