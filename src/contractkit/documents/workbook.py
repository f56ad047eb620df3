"""What the exported workbooks hold: the bill, a valuation by item (G703) and its summary (G702), the statement of
account and the aging of receivables, as sheets of cells — values where a figure is an input, formulas a project
manager can follow where it is worked out (each formula gives the figure the account gives).

The sheets are laid out here; ``render/xlsx.py`` writes them. The bill and valuation sheets use the column names
``contractkit import`` reads, so a sheet exported, edited and imported again keeps every item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from contractkit.account.account import Account, NodeAccount
from contractkit.account.valuation import CLAUSE, LineRounding, Measurement, RetentionBasis, ValuationResult
from contractkit.documents.pack import carried_text, state_label
from contractkit.model import formatting
from contractkit.model.types import MINOR_UNITS

ZERO = Decimal(0)
#: Days overdue that start each aging bucket after "not yet due" (as ``contractkit status`` buckets them).
BUCKETS = (("not yet due", "未到期"), ("1-30", "1-30"), ("31-60", "31-60"), ("61-90", "61-90"), ("90+", "90+"))


class Format(StrEnum):
    TEXT = "text"
    MONEY = "money"
    QUANTITY = "quantity"
    RATE = "rate"
    PERCENT = "percent"
    DATE = "date"
    INTEGER = "integer"


@dataclass(frozen=True)
class Cell:
    """A value (an input or a fact) or a formula, with how to show it."""

    value: str | Decimal | int | dt.date | None = None
    formula: str | None = None  # "=ROUND(E5*F5,2)"
    format: Format = Format.TEXT
    currency: str = "CNY"
    bold: bool = False


@dataclass
class Sheet:
    """A sheet: title lines, a header row (frozen with the columns left of ``frozen_columns``), rows of cells."""

    name: str
    title: list[str]
    header: list[str]
    widths: list[float]
    rows: list[list[Cell]] = field(default_factory=list)
    frozen_columns: int = 1
    landscape: bool = True
    cells: dict[str, Cell] = field(default_factory=dict)  # cells outside the table, by reference ("B3")

    @property
    def header_row(self) -> int:
        return len(self.title) + 2  # a blank row between the title and the table

    @property
    def next_row(self) -> int:
        """The sheet row the next appended row will occupy."""
        return self.header_row + 1 + len(self.rows)


def _day(day: dt.date, lang: str) -> str:
    """A date as the documents write it: 2026年6月26日, 26 June 2026."""
    return formatting.date(day, lang)


def _label(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en if lang == "en" else f"{zh}\n{en}"


def _sheet_name(zh: str, en: str, lang: str, suffix: str = "") -> str:
    name = (zh if lang == "zh" else en) + (f" {suffix}" if suffix else "")
    for bad in "[]:*?/\\":
        name = name.replace(bad, "-")
    return name[:31]


def _round(expression: str, places: int, rounding: LineRounding = LineRounding.HALF_UP) -> str:
    function = "ROUNDDOWN" if rounding is LineRounding.DOWN else "ROUND"
    return f"{function}({expression},{places})"


def _text(value: str, bold: bool = False) -> Cell:
    return Cell(value, bold=bold)


def _money(value: Decimal | None, currency: str, bold: bool = False) -> Cell:
    return Cell(value, format=Format.MONEY, currency=currency, bold=bold)


def _formula(formula: str, fmt: Format, currency: str, bold: bool = False) -> Cell:
    return Cell(None, formula, fmt, currency, bold)


# ----------------------------------------------------------------------------------------------------------- bill


def bill_sheet(account: Account, lang: str) -> Sheet:
    """The bill of quantities in the columns ``import boq`` reads, with each amount as a formula."""
    project = account.project
    measurement = account.schedule.measurement
    assert measurement is not None
    cur = account.currency
    places = MINOR_UNITS.get(cur, 2)
    rounding = measurement.terms.rounding
    sheet = Sheet(
        _sheet_name("工程量清单", "Bill", lang),
        [
            f"{project.project.name}　{project.contract.number}",
            _label("工程量清单（合同签订时的综合单价）", "Bill of quantities (rates as signed)", lang).replace(
                "\n", "  "
            ),
        ],
        [
            _label("项目编码", "Item", lang),
            _label("分部", "Section", lang),
            _label("项目名称", "Description", lang),
            _label("计量单位", "Unit", lang),
            _label("工程量", "Quantity", lang),
            _label("综合单价", "Rate", lang),
            _label("合价", "Amount", lang),
        ],
        [16, 16, 36, 8, 14, 13, 16],
    )
    first = sheet.next_row
    for item in (i for i in measurement.items if i.variation is None):
        r = sheet.next_row
        sheet.rows.append(
            [
                _text(item.code),
                _text(item.section),
                _text(item.description),
                _text(item.unit),
                Cell(item.quantity, format=Format.QUANTITY),
                Cell(item.rate, format=Format.RATE, currency=cur),
                _formula(f"={_round(f'E{r}*F{r}', places, rounding)}", Format.MONEY, cur),
            ]
        )
    last = sheet.next_row - 1
    total = _formula(f"=SUM(G{first}:G{last})", Format.MONEY, cur, True)
    sheet.rows.append([_text(""), _text(""), _text(_label("合计", "Total", lang), True), *[_text("")] * 3, total])
    return sheet


def variations_sheet(account: Account, lang: str) -> Sheet | None:
    """Items the approved variations add (a variation without items is one lump-sum line)."""
    measurement = account.schedule.measurement
    assert measurement is not None
    varied = [i for i in measurement.items if i.variation is not None]
    if not varied:
        return None
    cur = account.currency
    places = MINOR_UNITS.get(cur, 2)
    approved = {v.id: v.approved_on for v in account.project.variations}
    sheet = Sheet(
        _sheet_name("变更项目", "Variations", lang),
        [
            f"{account.project.project.name}　{account.project.contract.number}",
            _label("经批准的变更所增加的项目", "Items added by approved variations", lang).replace("\n", "  "),
        ],
        [
            _label("变更", "Variation", lang),
            _label("批准日期", "Approved", lang),
            _label("项目编码", "Item", lang),
            _label("项目名称", "Description", lang),
            _label("计量单位", "Unit", lang),
            _label("工程量", "Quantity", lang),
            _label("综合单价", "Rate", lang),
            _label("合价", "Amount", lang),
        ],
        [10, 12, 16, 36, 8, 12, 13, 16],
    )
    first = sheet.next_row
    for item in varied:
        r = sheet.next_row
        sheet.rows.append(
            [
                _text(item.variation or ""),
                Cell(approved.get(item.variation or ""), format=Format.DATE),
                _text(item.code),
                _text(item.description),
                _text(item.unit or _label("项", "sum", lang).replace("\n", " ")),
                Cell(item.quantity, format=Format.QUANTITY),
                Cell(item.rate, format=Format.RATE, currency=cur),
                _formula(f"={_round(f'F{r}*G{r}', places, measurement.terms.rounding)}", Format.MONEY, cur),
            ]
        )
    last = sheet.next_row - 1
    sheet.rows.append([_text("")] * 3 + [_text(_label("合计", "Total", lang), True)] + [_text("")] * 3)
    sheet.rows[-1].append(_formula(f"=SUM(H{first}:H{last})", Format.MONEY, cur, True))
    return sheet


# ------------------------------------------------------------------------------------------------------ valuation

#: Columns of the valuation sheet, by letter (the summary's formulas refer to them).
VALUATION_HEADERS = [
    ("A", "项目编码", "Item", 16),
    ("B", "分部", "Section", 14),
    ("C", "项目名称", "Description", 30),
    ("D", "计量单位", "Unit", 7),
    ("E", "清单工程量", "Bill quantity", 12),
    ("F", "综合单价", "Rate", 12),
    ("G", "计划价值", "Scheduled value", 15),
    ("H", "上期累计工程量", "Previous quantity", 12),
    ("I", "累计完成工程量", "Quantity to date", 12),
    ("J", "本期工程量", "Quantity this period", 12),
    ("K", "以前完成价值", "From previous", 15),
    ("L", "本期完成价值", "This period", 15),
    ("M", "现场材料", "Materials stored", 13),
    ("N", "累计完成价值", "Completed and stored to date", 15),
    ("O", "完成比例", "% complete", 9),
    ("P", "剩余价值", "Balance to finish", 15),
    ("Q", "质保金", "Retention", 12),
]


def valuation_sheet(account: Account, result: ValuationResult, lang: str) -> tuple[Sheet, int]:
    """The G703 continuation sheet by item with formulas; the row of its totals."""
    measurement = account.schedule.measurement
    assert measurement is not None
    terms = measurement.terms
    cur = account.currency
    places = MINOR_UNITS.get(cur, 2)
    rounding = terms.rounding
    period = result.valuation.period
    by_line = terms.retention_basis is RetentionBasis.LINE and bool(terms.retention_rate)
    # earlier valuations without a certificate are carried into this one: "previous" is the last certificate's
    carried_zh = carried_text(measurement.valuations, result, "zh")
    carried_en = carried_text(measurement.valuations, result, "en")
    sheet = Sheet(
        _sheet_name("计量明细", "Valuation", lang, result.id),
        [
            f"{account.project.project.name}　{account.project.contract.number}",
            _label(
                f"第{result.number}期进度款（{result.id}）计量周期："
                f"{_day(period.from_, 'zh')}至{_day(period.to, 'zh')}" + (f"（{carried_zh}）" if carried_zh else ""),
                f"Progress payment No. {result.number} ({result.id}), measurement period {_day(period.from_, 'en')} "
                f"to {_day(period.to, 'en')}" + (f" ({carried_en})" if carried_en else ""),
                lang,
            ).replace("\n", "  "),
            _label(
                "修改“累计完成工程量”后可用 contractkit import valuation 导入为下一期",
                "Edit 'Quantity to date' and bring it in as the next valuation with contractkit import valuation",
                lang,
            ).replace("\n", "  "),
        ],
        [_label(zh, en, lang) for _, zh, en, _ in VALUATION_HEADERS],
        [w for _, _, _, w in VALUATION_HEADERS],
        frozen_columns=3,
    )
    first = sheet.next_row
    for row in result.rows:
        r = sheet.next_row
        value = _round(f"I{r}*F{r}", places, rounding)
        retention = (
            _formula(f"=ROUND(N{r}*{terms.retention_rate},{places})", Format.MONEY, cur) if by_line else _text("")
        )
        unit = row.item.unit or _label("项", "sum", lang).replace("\n", " ")
        sheet.rows.append(
            [
                _text(row.item.code),
                _text(row.item.section),
                _text(row.item.description),
                _text(unit),
                Cell(row.item.quantity, format=Format.QUANTITY),
                Cell(row.item.rate, format=Format.RATE, currency=cur),
                _formula(f"={_round(f'E{r}*F{r}', places, rounding)}", Format.MONEY, cur),
                Cell(row.previous_quantity, format=Format.QUANTITY),
                Cell(row.quantity, format=Format.QUANTITY),
                _formula(f"=I{r}-H{r}", Format.QUANTITY, cur),
                _formula(f"={_round(f'H{r}*F{r}', places, rounding)}", Format.MONEY, cur),
                _formula(f"={value}-K{r}", Format.MONEY, cur),
                _money(row.materials if row.materials else None, cur),
                _formula(f"={value}+M{r}", Format.MONEY, cur),
                _formula(f"=IF(G{r}=0,0,N{r}/G{r})", Format.PERCENT, cur),
                _formula(f"=G{r}-N{r}", Format.MONEY, cur),
                retention,
            ]
        )
    last = sheet.next_row - 1
    total = sheet.next_row
    sums = {col: _formula(f"=SUM({col}{first}:{col}{last})", Format.MONEY, cur, True) for col in "GKLMNP"}
    if by_line:
        sums["Q"] = _formula(f"=SUM(Q{first}:Q{last})", Format.MONEY, cur, True)
    cells = []
    for col, *_ in VALUATION_HEADERS:
        if col == "C":
            cells.append(_text(_label("合计", "Total", lang).replace("\n", " "), True))
        elif col == "O":
            cells.append(_formula(f"=IF(G{total}=0,0,N{total}/G{total})", Format.PERCENT, cur, True))
        else:
            cells.append(sums.get(col, _text("")))
    sheet.rows.append(cells)
    return sheet, total


def _clause_zh(account: Account) -> str:
    number = account.project.clause_number(CLAUSE)
    return f"第{number}条（按月计量支付进度款）" if number else "按月计量支付进度款条款"


def summary_sheet(account: Account, result: ValuationResult, valuation: Sheet, total: int, lang: str) -> Sheet:
    """The G702 summary of a valuation: the clause's figures as inputs, every line a formula on them."""
    measurement = account.schedule.measurement
    assert measurement is not None
    terms = measurement.terms
    cur = account.currency
    places = MINOR_UNITS.get(cur, 2)
    ref = f"'{valuation.name}'"
    sheet = Sheet(
        _sheet_name("计量汇总", "Summary", lang, result.id),
        [
            f"{account.project.project.name}　{account.project.contract.number}",
            _label(
                f"第{result.number}期进度款（{result.id}）付款申请汇总（G702格式），按合同{_clause_zh(account)}",
                f"Progress payment No. {result.number} ({result.id}): summary in G702 form, under {terms.clause}",
                lang,
            ).replace("\n", "  "),
        ],
        [_label("行", "Line", lang), _label("项目", "Item", lang), _label("金额", "Amount", lang)],
        [8, 62, 20],
        frozen_columns=0,
        landscape=False,
    )

    def add(line: str, zh: str, en: str, cell: Cell) -> str:
        sheet.rows.append([_text(line), _text(_label(zh, en, lang).replace("\n", " / ")), cell])
        return f"C{sheet.next_row - 1}"

    share = add("a", "进度款支付比例", "Share of the value paid", Cell(terms.share, format=Format.PERCENT))
    rate = add("b", "质量保证金比例", "Retention rate", Cell(terms.retention_rate, format=Format.PERCENT))
    cap = add("c", "质量保证金上限", "Retention limit", _money(terms.retention_cap, cur))
    # the advance recovered is limited to the advance paid by the end of the period (one not paid is not recovered)
    if result.advance_unpaid > 0:
        advance = add(
            "d",
            "预付款（截至本期末已支付部分）",
            "Advance payment (the part paid by the end of the period)",
            _money(result.advance_paid, cur),
        )
    else:
        advance = add("d", "预付款", "Advance payment", _money(terms.advance, cur))
    start = add("e", "预付款起扣点", "Advance recovered above", _money(terms.recovery_from, cur))
    recovery = add("f", "预付款扣回比例", "Advance recovery rate", Cell(terms.recovery_rate, format=Format.PERCENT))
    minimum = add("g", "每期最低付款金额", "Minimum certificate", _money(terms.minimum or ZERO, cur))
    l1 = add("1", "合同价款", "Original contract sum", _money(result.original_sum, cur))
    l2 = add("2", "经批准的变更金额", "Net change by approved variations", _money(result.variations, cur))
    add("3", "调整后合同价款（1+2）", "Contract sum to date (1+2)", _formula(f"={l1}+{l2}", Format.MONEY, cur))
    l3 = f"C{sheet.next_row - 1}"
    l4 = add(
        "4",
        "累计完成价值（含现场材料）",
        "Completed and stored to date",
        _formula(f"={ref}!N{total}", Format.MONEY, cur),
    )
    l5 = add(
        "5",
        "按支付比例计算的进度款（4×a）",
        "Progress payments at the share (4 × a)",
        _formula(f"=ROUND({l4}*{share},{places})", Format.MONEY, cur),
    )
    if terms.retention_basis is RetentionBasis.LINE and terms.retention_rate:
        held = f"{ref}!Q{total}"
    else:
        held = f"ROUND({l4}*{rate},{places})"
    if terms.retention_cap is not None:
        held = f"MIN({held},{cap})"
    l6 = add("6", "累计扣留的质量保证金", "Retention to date", _formula(f"={held}", Format.MONEY, cur))
    l7 = add(
        "7",
        "累计扣回的预付款",
        "Advance payment recovered to date",
        _formula(f"=MIN({advance},MAX(0,ROUND(({l4}-{start})*{recovery},{places})))", Format.MONEY, cur),
    )
    l8 = add(
        "8",
        "累计应付金额（5-6-7）",
        "Total earned less retention and advance (5-6-7)",
        _formula(f"={l5}-{l6}-{l7}", Format.MONEY, cur),
    )
    l9 = add(
        "9",
        "减：以前各期应付进度款累计金额",
        "Less the amounts due for earlier periods",
        _money(result.previous_certified, cur),
    )
    add(
        "10",
        "本期应付金额（8-9；低于最低金额或不为正数的结转下期）",
        "Current payment due (8-9; carried forward when below the minimum or not positive)",
        _formula(f"=IF(AND({l8}-{l9}>0,{l8}-{l9}>={minimum}),{l8}-{l9},0)", Format.MONEY, cur, True),
    )
    add("11", "剩余合同价款（3-4）", "Balance to finish (3-4)", _formula(f"={l3}-{l4}", Format.MONEY, cur))
    return sheet


# ------------------------------------------------------------------------------------------- account and aging


def account_sheet(accounts: Sequence[Account], lang: str) -> Sheet:
    """The statement of account: every node of every project, amounts and dates as the account has them."""
    sheet = Sheet(
        _sheet_name("对账单", "Account", lang),
        [
            _label("对账单", "Statement of account", lang).replace("\n", "  "),
            _label(f"截至{_day(accounts[0].as_of, 'zh')}", f"As of {_day(accounts[0].as_of, 'en')}", lang).replace(
                "\n", "  "
            ),
        ],
        [
            _label("项目", "Project", lang),
            _label("节点", "Node", lang),
            _label("名称", "Title", lang),
            _label("币种", "Currency", lang),
            _label("应付金额", "Amount", lang),
            _label("申请日期", "Applied", lang),
            _label("到期日", "Due", lang),
            _label("已付", "Paid", lang),
            _label("争议暂扣", "Held", lang),
            _label("未付", "Outstanding", lang),
            _label("逾期天数", "Days overdue", lang),
            _label("逾期利息", "Interest", lang),
            _label("状态", "State", lang),
        ],
        [14, 8, 28, 8, 15, 11, 11, 15, 15, 15, 9, 13, 14],
        frozen_columns=3,
    )
    # the fixed compensation a statute adds to late payment (the UK Late Payment Act's GBP 40/70/100, the EU
    # directive's EUR 40) is a sum the demand letters claim beside the interest: a column of its own where any is due
    compensation = any(_compensation(n) for account in accounts for n in account.nodes)
    if compensation:
        sheet.header.append(_label("固定补偿", "Fixed compensation", lang))
        sheet.widths.append(13)
    # a bilingual sheet states a node's state in both languages, as its headers are
    for account in accounts:
        cur = account.currency
        first = sheet.next_row
        for n in account.nodes:
            r = sheet.next_row
            extra = [_money(_compensation(n), cur)] if compensation else []
            sheet.rows.append(
                [
                    _text(account.project.project.code),
                    _text(n.id),
                    _text(n.scheduled.node.title),
                    _text(cur),
                    _money(n.amount, cur),
                    Cell(n.applied_on, format=Format.DATE),
                    Cell(n.due_on, format=Format.DATE),
                    _money(n.paid, cur),
                    _money(n.held, cur),
                    _outstanding(n, r, cur),
                    Cell(n.days_overdue, format=Format.INTEGER),
                    _money(n.accrued_interest, cur),
                    _text(_label(state_label(n, "zh"), state_label(n, "en"), lang).replace("\n", " / ")),
                    *extra,
                ]
            )
        last = sheet.next_row - 1
        sheet.rows.append(
            [
                _text(account.project.project.code, True),
                _text(""),
                _text(_label("合计", "Total", lang).replace("\n", " "), True),
                _text(cur),
            ]
            + [_formula(f"=SUM(E{first}:E{last})", Format.MONEY, cur, True), _text(""), _text("")]
            + [_formula(f"=SUM({c}{first}:{c}{last})", Format.MONEY, cur, True) for c in "HIJ"]
            + [_text(""), _formula(f"=SUM(L{first}:L{last})", Format.MONEY, cur, True), _text("")]
            + ([_formula(f"=SUM(N{first}:N{last})", Format.MONEY, cur, True)] if compensation else [])
        )
        if account.unallocated > 0:
            # paid, but matched to no sum of the contract (status: "payments not matched to any debt"): below the
            # total, which is what the nodes were paid, so that the two add up to what the client paid
            sheet.rows.append(
                [
                    _text(account.project.project.code),
                    _text(""),
                    _text(_label("未对应任何款项的付款", "Payments not matched to any sum", lang).replace("\n", " / ")),
                    _text(cur),
                    _text(""),
                    _text(""),
                    _text(""),
                    _money(account.unallocated, cur),
                ]
            )
    return sheet


def _compensation(node: NodeAccount) -> Decimal:
    """The fixed compensation the account adds to the node's late payment (0 where none)."""
    return node.interest.compensation if node.interest is not None else ZERO


def _outstanding(node: NodeAccount, row: int, currency: str) -> Cell:
    """What is unpaid and not held back in dispute: the amount less paid and held where that is the account's figure;
    the account's figure as it is where the sum due is not the node's amount (a certificate for less, not disputed),
    which a formula of this row cannot give."""
    if max(node.amount - node.paid - node.held, Decimal(0)) == node.outstanding:
        return _formula(f"=MAX(0,E{row}-H{row}-I{row})", Format.MONEY, currency)
    return _money(node.outstanding, currency)


def aging_sheet(accounts: Sequence[Account], lang: str) -> Sheet:
    """Receivables by age: one row per sum outstanding, days overdue and bucket as formulas on the as-of date, a row
    for each node paid late whose interest is still owed (nothing outstanding, its state for a bucket), and the total
    per currency and bucket below, with the interest of every node as ``status`` totals it."""
    as_of = accounts[0].as_of
    names = [zh if zh == en else _label(zh, en, lang).replace("\n", " / ") for en, zh in BUCKETS]
    sheet = Sheet(
        _sheet_name("账龄", "Aging", lang),
        [_label("应收账款账龄", "Aging of receivables", lang).replace("\n", "  ")],
        [
            _label("项目", "Project", lang),
            _label("发包人", "Client", lang),
            _label("节点", "Node", lang),
            _label("币种", "Currency", lang),
            _label("到期日", "Due", lang),
            _label("逾期天数", "Days overdue", lang),
            _label("未付金额", "Outstanding", lang),
            _label("账龄", "Bucket", lang),
            _label("逾期利息", "Interest", lang),
        ],
        [14, 28, 8, 8, 11, 10, 16, 12, 14],
        frozen_columns=3,
    )
    # the as-of date sits in the title block, where every days-overdue formula reads it
    sheet.title.append(_label("截至日期", "As of", lang).replace("\n", " / "))
    sheet.cells[f"B{len(sheet.title)}"] = Cell(as_of, format=Format.DATE, bold=True)
    date_cell = f"$B${len(sheet.title)}"
    first = sheet.next_row
    currencies: list[str] = []
    for account in accounts:
        cur = account.currency
        if cur not in currencies:
            currencies.append(cur)
        for n in account.nodes:
            if n.due_on is None or (n.outstanding <= 0 and n.accrued_interest <= 0):
                continue
            r = sheet.next_row
            if n.outstanding <= 0:
                # paid, but late: nothing outstanding and no days overdue, yet the interest is still owed, and the
                # interest column adds up to the account's (status's) interest as the aging of `status` does
                sheet.rows.append(
                    [
                        _text(account.project.project.code),
                        _text(account.project.parties.client.name),
                        _text(n.id),
                        _text(cur),
                        Cell(n.due_on, format=Format.DATE),
                        Cell(0, format=Format.INTEGER),
                        _money(ZERO, cur),
                        _text(_label(state_label(n, "zh"), state_label(n, "en"), lang).replace("\n", " / ")),
                        _money(n.accrued_interest, cur),
                    ]
                )
                continue
            bucket = (
                f'=IF(F{r}<=0,"{names[0]}",IF(F{r}<=30,"{names[1]}",IF(F{r}<=60,"{names[2]}",'
                f'IF(F{r}<=90,"{names[3]}","{names[4]}"))))'
            )
            sheet.rows.append(
                [
                    _text(account.project.project.code),
                    _text(account.project.parties.client.name),
                    _text(n.id),
                    _text(cur),
                    Cell(n.due_on, format=Format.DATE),
                    # days overdue as the account has them: counted from the due date where the node is overdue;
                    # a sum past its due date but not late (under the Construction Act, while no sum is notified)
                    # is 0 days overdue in status, and here
                    _formula(f"=MAX(0,{date_cell}-E{r})", Format.INTEGER, cur)
                    if n.days_overdue or n.due_on >= as_of
                    else Cell(0, format=Format.INTEGER),
                    _money(n.outstanding, cur),
                    _formula(bucket, Format.TEXT, cur),
                    _money(n.accrued_interest, cur),
                ]
            )
    last = max(sheet.next_row - 1, first)
    sheet.rows.append([])
    sheet.rows.append(
        [_text(_label("币种", "Currency", lang).replace("\n", " / "), True)]
        + [_text(name, True) for name in names]
        + [_text(_label("逾期合计", "Overdue total", lang).replace("\n", " / "), True)]
        + [_text(_label("逾期利息", "Interest", lang).replace("\n", " / "), True)]
    )
    for cur in currencies:
        r = sheet.next_row
        cells = [_text(cur, True)]
        for name in names:
            cells.append(
                _formula(
                    f'=SUMIFS($G${first}:$G${last},$D${first}:$D${last},"{cur}",$H${first}:$H${last},"{name}")',
                    Format.MONEY,
                    cur,
                )
            )
        cells.append(_formula(f"=SUM(C{r}:F{r})", Format.MONEY, cur, True))
        cells.append(_formula(f'=SUMIFS($I${first}:$I${last},$D${first}:$D${last},"{cur}")', Format.MONEY, cur))
        sheet.rows.append(cells)
    return sheet


def project_sheets(account: Account, valuation_id: str | None, lang: str) -> list[Sheet]:
    """One project's workbook: its valuation and summary (where it is measured), bill, variations, account and aging."""
    sheets: list[Sheet] = []
    measurement: Measurement | None = account.schedule.measurement
    if measurement is not None:
        result = _pick(measurement, account, valuation_id)
        if result is not None:
            valuation, total = valuation_sheet(account, result, lang)
            sheets += [summary_sheet(account, result, valuation, total, lang), valuation]
        sheets.append(bill_sheet(account, lang))
        extra = variations_sheet(account, lang)
        if extra is not None:
            sheets.append(extra)
    sheets += [account_sheet([account], lang), aging_sheet([account], lang)]
    return sheets


def portfolio_sheets(accounts: Sequence[Account], lang: str) -> list[Sheet]:
    return [aging_sheet(accounts, lang), account_sheet(accounts, lang)]


def _pick(measurement: Measurement, account: Account, valuation_id: str | None) -> ValuationResult | None:
    """The valuation asked for, or the latest whose period has ended by the as-of date (None when none has)."""
    if valuation_id is not None:
        return measurement.get(valuation_id)
    return latest_ended(measurement, account.as_of)


def latest_ended(measurement: Measurement, as_of: dt.date) -> ValuationResult | None:
    """The latest valuation whose period has ended by ``as_of``; None before the first one ends (a valuation
    still under way has no quantities to date to lay out)."""
    ended = [v for v in measurement.valuations if v.valuation.period.to <= as_of]
    return ended[-1] if ended else None
