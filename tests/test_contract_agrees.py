"""The drafted contract states the rule the account applies: each test drafts the contract in zh, en and bilingual,
reads the rule back from the .docx, and checks it against the dates the engine computes for the same project."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import build_account
from contractkit.account.dates import Clock
from contractkit.cli import main
from contractkit.model.project import load_project
from tests.docs import docx_text
from tests.projects import copy_sample

LANGS = ("zh", "en", "bilingual")

#: The final account statement (node PF) goes in on 2026-09-03: the 28-day review period would end on 2026-10-01,
#: National Day, and moves past the holiday, so "14 days after the certificate is deemed issued" and "42 days after
#: the statement is received" give different days.
STATEMENT_ON = dt.date(2026, 9, 3)
FINAL_EVENT = f'  - {{on: {STATEMENT_ON}, node: PF, type: applied, amount: "14,438,163.00", ref: 竣工结算申请单}}\n'

#: The final-account sub-clause on payment, as each language states it: the days and what they run from.
FINAL_PAY_ZH = re.compile(r"无论竣工付款证书何时签发或者视为签发，发包人均应当在收到竣工结算申请单之日起(\d+)日内")
FINAL_PAY_EN = re.compile(
    r"Whenever the final payment certificate is issued or deemed issued, the Employer shall pay the Contractor the "
    r"final account sum within (\d+) days after receiving the final account statement"
)


def _draft(runner: CliRunner, project: Path, out: Path, lang: str) -> str:
    result = runner.invoke(main, ["draft", str(project), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    return docx_text(out)


def _stated_days(text: str, lang: str) -> int:
    """The days the drafted final-account clause gives for payment, the same in every language the draft has."""
    found = []
    if lang in ("zh", "bilingual"):
        found += FINAL_PAY_ZH.findall(text)
    if lang in ("en", "bilingual"):
        found += FINAL_PAY_EN.findall(text)
    assert found, f"the {lang} draft does not state when the final account sum is paid"
    assert len(set(found)) == 1, found
    return int(found[0])


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    edits = [("\nescalation:", FINAL_EVENT + "\nescalation:")]
    return copy_sample("warehouse-cn", tmp_path / "warehouse", *edits, count=1)


@pytest.mark.parametrize("lang", LANGS)
def test_final_account_payment_period_is_the_one_the_account_counts(
    runner: CliRunner, tmp_path: Path, warehouse: Path, lang: str
) -> None:
    text = _draft(runner, warehouse, tmp_path / f"contract.{lang}.docx", lang)
    days = _stated_days(text, lang)
    # the clause no longer counts the payment period from the certificate, which the account does not do
    assert "after that certificate is issued or deemed issued" not in text
    assert "付款证书签发或者视为签发之日起14日内" not in text

    account = build_account(load_project(warehouse), dt.date(2026, 12, 31))
    node = account.node("PF")
    assert node is not None and node.due.on is not None
    clock = Clock(account.terms, account.calendar, account.as_of)
    stated, _, _ = clock.end(STATEMENT_ON, days)  # the first day not counted, a rest day rolled (sub-clause 1.5)
    assert node.due.on == stated == dt.date(2026, 10, 15)
    # the review period's last day moved past National Day: counting 14 days from the deemed certificate, as the
    # clause used to, would have given a later date than the one the account charges interest from
    assert node.claim.certify_by is not None and node.claim.certify_by > STATEMENT_ON + dt.timedelta(days=28)
    from_certificate, _, _ = clock.end(node.claim.certify_by, 14)
    assert from_certificate is not None and from_certificate > node.due.on


def test_an_early_final_certificate_does_not_move_the_due_date(runner: CliRunner, tmp_path: Path) -> None:
    """“Whenever the certificate is issued”: a certificate on day 10 leaves the due date where the clause puts it."""
    certified = '  - {on: 2026-09-13, node: PF, type: certified, amount: "1,000,000.00", ref: 竣工付款证书}\n'
    folder = copy_sample(
        "warehouse-cn", tmp_path / "early", ("\nescalation:", FINAL_EVENT + certified + "\nescalation:"), count=1
    )
    days = _stated_days(_draft(runner, folder, tmp_path / "c.docx", "en"), "en")
    account = build_account(load_project(folder), dt.date(2026, 12, 31))
    node = account.node("PF")
    assert node is not None
    clock = Clock(account.terms, account.calendar, account.as_of)
    assert node.due.on == clock.end(STATEMENT_ON, days)[0]
