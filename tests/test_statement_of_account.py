"""The statement of account (对账单) the acknowledgment letter asks the client to sign adds up, row by row and in
its totals, and each row says what `status` says for that node."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from contractkit.account.account import Account, NodeState, build_account
from contractkit.cli import main
from contractkit.documents.letters import _account_rows, statement_certified
from contractkit.model.project import load_project
from tests.conftest import SAMPLES
from tests.docs import docx_text

SAMPLE_NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "project.yaml").is_file())
DAYS = (dt.date(2026, 3, 1), dt.date(2026, 5, 20), dt.date(2026, 7, 1), dt.date(2026, 11, 29), dt.date(2027, 6, 1))


def amount(text: str) -> Decimal:
    """A figure as the statement writes it (GBP 1,000.00, 人民币1,000.00元), or 0 where the cell is empty."""
    found = re.search(r"-?[\d,]+\.\d{2}", text)
    return Decimal(found.group(0).replace(",", "")) if found else Decimal(0)


def check_statement(account: Account, lang: str) -> None:
    rows, totals = _account_rows(account, lang)
    listed = {row["id"] for row in rows}
    for n in account.nodes:
        if n.requested or n.paid or n.state in (NodeState.OVERDUE, NodeState.DISPUTED):
            assert n.id in listed, n.id  # everything asked for, paid or fallen due is on the statement
    for row in rows:
        n = account.node(row["id"])
        assert n is not None
        # the row says what status says
        assert amount(row["paid"]) == n.paid, row
        assert amount(row["outstanding"]) == n.outstanding, row
        assert amount(row["held"]) == n.held, row
        assert amount(row["certified"]) == statement_certified(n), row
        # and adds up: certified or agreed, less paid, is outstanding
        assert amount(row["certified"]) - amount(row["paid"]) == amount(row["outstanding"]), row
        if n.requested:
            assert row["applied"] and row["applied_on"], row  # invoiced without an application: still claimed
    for column in ("applied", "certified", "paid", "outstanding", "held"):
        assert sum((amount(row[column]) for row in rows), Decimal(0)) == amount(totals[column]), column
    assert amount(totals["certified"]) - amount(totals["paid"]) == amount(totals["outstanding"]), totals
    assert amount(totals["overdue"]) <= amount(totals["outstanding"]), totals


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_every_samples_statement_adds_up_on_every_day(sample: str) -> None:
    loaded = load_project(SAMPLES / sample)
    lang = "zh" if str(loaded.project.language) == "zh" else "en"
    for day in DAYS:
        check_statement(build_account(loaded, day), lang)


def test_a_node_invoiced_without_an_application_is_claimed_and_certified(runner: CliRunner, tmp_path: Path) -> None:
    # software-uk P1 was invoiced (no application) and paid: its row must carry the claim, so that
    # 252,000 certified less 166,000 paid is the 86,000 outstanding
    folder = tmp_path / "software-uk"
    shutil.copytree(SAMPLES / "software-uk", folder)
    out = tmp_path / "ack.docx"
    args = ["demand", str(folder), "--node", "P3", "--stage", "acknowledgment", "--as-of", "2026-11-29"]
    result = runner.invoke(main, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = docx_text(out)
    assert "GBP 252,000.00" in text and "GBP 166,000.00" in text and "GBP 86,000.00" in text
    assert "GBP 198,000.00" not in text
    # each row equals status
    status = json.loads(runner.invoke(main, ["status", str(folder), "--as-of", "2026-11-29", "--json"]).output)
    rows, _ = _account_rows(build_account(load_project(folder), dt.date(2026, 11, 29)), "en")
    for row in rows:
        node = next(n for n in status["nodes"] if n["node"] == row["id"])
        assert amount(row["paid"]) == Decimal(node["paid"]) and amount(row["outstanding"]) == Decimal(
            node["outstanding"]
        )
        assert amount(row["certified"]) == Decimal(node["claim"]["due"])


def test_an_invoiced_node_left_unpaid_is_on_the_statement(tmp_path: Path) -> None:
    folder = tmp_path / "software-uk"
    shutil.copytree(SAMPLES / "software-uk", folder)
    path = folder / "project.yaml"
    text = path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if "node: P1, type: paid" not in line]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    account = build_account(load_project(folder), dt.date(2026, 11, 29))
    p1 = account.node("P1")
    assert p1 is not None and p1.state is NodeState.OVERDUE and p1.applied_on is None
    check_statement(account, "en")
    rows, totals = _account_rows(account, "en")
    assert any(row["id"] == "P1" for row in rows)
    assert amount(totals["outstanding"]) == Decimal("140000.00") == amount(totals["overdue"])


def test_with_vat_the_client_confirms_the_debt_as_invoiced(tmp_path: Path) -> None:
    """The software sample invoices with VAT at 20%: the statement's figures are net, the confirmation names the
    VAT and the total as invoiced, so that a signed confirmation acknowledges the whole debt."""
    from contractkit.model.models import DemandStage
    from contractkit.render.letters import write_demand
    from tests.docs import docx_text

    folder = tmp_path / "software-uk"
    shutil.copytree(SAMPLES / "software-uk", folder)
    out = tmp_path / "ack.docx"
    write_demand(load_project(folder), "P3", out, as_of=dt.date(2026, 11, 29), lang="en",
                 stage=DemandStage.ACKNOWLEDGMENT)  # fmt: skip
    text = docx_text(out)
    assert "with VAT of GBP 17,200.00: GBP 103,200.00 as invoiced" in text and "net of VAT" in text
    assert "owe you GBP 86,000.00 with VAT of GBP 17,200.00, GBP 103,200.00" in text
