"""Rules on the law the contract lives under: the kind of work, the governing law, and remedies that law
shapes (statutory interest, construction suspension)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from contractkit.errors import ContractkitError
from contractkit.law import law_for
from contractkit.law.base import consumer
from contractkit.law.england import ACT_CLAUSE, HGCRA_SUSPENSION_DAYS, residential_occupier_possible
from contractkit.law.interest import Method
from contractkit.model.clauses import picked
from contractkit.model.findings import Finding, Severity
from contractkit.model.models import Jurisdiction, ProjectKind
from contractkit.model.types import format_percent
from contractkit.rules import Rule, RuleContext, register

#: What the governing-law clause's `law` parameter means, by jurisdiction.
_GOVERNING = {Jurisdiction.CN: "PRC", Jurisdiction.UK: "England and Wales"}


@register
class LAW001(Rule):
    """The project does not say what kind of work it is.

    The kind decides the law that applies to the work: construction-payment statutes (in England only for
    construction operations), the priority of the unpaid construction price in the PRC, and the party terms
    (Employer and Contractor for construction only). contractkit assumes nothing: without a kind, none of the
    construction rules apply.
    """

    code = "LAW001"
    severity = Severity.WARNING
    bad = "project: {code: SW-1, name: Claims portal}"
    good = "project: {code: SW-1, name: Claims portal, kind: software}"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        if ctx.project.project.kind is None:
            yield self.finding(
                ctx,
                ("project",),
                "the project does not say what kind of work it is, so no construction rule applies to it",
                "add kind: construction, software or services",
            )


@register
class LAW002(Rule):
    """The contract names no governing law, or one other than the project's jurisdiction.

    A contract without a governing-law clause leaves the applicable law to be argued; one whose clause names
    another law than the jurisdiction the project file gives makes the letters cite the wrong statutes.
    """

    code = "LAW002"
    severity = Severity.WARNING
    bad = "jurisdiction: UK; clauses: [...]  # no general.governing-law"
    good = "jurisdiction: UK; clauses: [..., {use: general.governing-law, with: {law: England and Wales}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        found = picked(ctx.project, "general.governing-law")
        jurisdiction = ctx.project.jurisdiction
        if found is None:
            yield self.finding(
                ctx,
                ("clauses",),
                "the contract names no governing law; letters will rely on "
                f"{law_for(ctx.project).name} without a clause that says so",
                "add - use: general.governing-law",
            )
            return
        law = str(found[1].get("law") or "")
        expected = _GOVERNING.get(jurisdiction)
        mismatch = (expected is not None and law != expected) or (expected is None and law in _GOVERNING.values())
        if mismatch:
            index = next(i for i, c in enumerate(ctx.project.clauses) if c.use == "general.governing-law")
            yield self.finding(
                ctx,
                ("clauses", index),
                f"the governing-law clause names {law}, but the project's jurisdiction is {jurisdiction}: the "
                "letters would cite the law of the jurisdiction",
                "make jurisdiction and the clause agree",
            )


@register
class LAW003(Rule):
    """An interest clause charges the PRC Loan Prime Rate outside China or on a debt in another currency.

    The LPR is the PRC's reference rate for renminbi loans; on a debt in pounds or dollars, under English or
    another law, it has no meaning a court would apply.
    """

    code = "LAW003"
    severity = Severity.ERROR
    bad = "jurisdiction: UK; currency: GBP; clauses: [{use: penalty.late-payment-lpr}]"
    good = "jurisdiction: UK; currency: GBP; clauses: [{use: penalty.late-payment-annual-rate}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if project.jurisdiction is Jurisdiction.CN and project.contract.currency == "CNY":
            return
        for i, use in enumerate(project.clauses):
            if not use.use.startswith("penalty.late-payment"):
                continue
            lpr = use.use == "penalty.late-payment-lpr" or "lpr_multiplier" in use.with_
            if lpr:
                yield self.finding(
                    ctx,
                    ("clauses", i),
                    f"{use.use} charges the PRC one-year LPR on a {project.contract.currency} debt under "
                    f"{law_for(project).name}",
                    "use an annual or daily rate instead",
                )


@register
class LAW004(Rule):
    """In England, the contract's late-payment rate is below the statutory rate.

    The Late Payment of Commercial Debts (Interest) Act 1998 lets a contract displace statutory interest only
    with a substantial remedy (ss.8-9); a rate well below Bank Rate plus 8 points may be struck out, and the
    statutory rate then applies. Letters compute the contract's rate.
    """

    code = "LAW004"
    severity = Severity.WARNING
    bad = "jurisdiction: UK; clauses: [{use: penalty.late-payment-annual-rate, with: {annual_rate: 2%}}]"
    good = "jurisdiction: UK; clauses: [{use: penalty.late-payment-annual-rate, with: {annual_rate: 11.75%}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if project.jurisdiction is not Jurisdiction.UK or consumer(project):
            return  # a consumer owes no statutory interest (s.2(1)): there is nothing for the clause to displace
        try:
            terms = ctx.interest_terms()
        except ContractkitError:
            return
        if not terms.basis.startswith("clause:"):
            return
        if terms.method is Method.DAILY and terms.daily_rate is not None:
            agreed = terms.daily_rate * 365
        elif terms.method is Method.ANNUAL and terms.annual_rate is not None:
            agreed = terms.annual_rate
        else:
            return
        from contractkit.law.rates import rate_table

        try:
            statutory = rate_table(project, "boe-bank-rate").at(project.contract.signed_on).rate + Decimal("0.08")
        except ContractkitError:
            return
        if agreed < statutory:
            index = next(i for i, c in enumerate(project.clauses) if c.use == terms.basis.removeprefix("clause:"))
            yield self.finding(
                ctx,
                ("clauses", index),
                f"the contract's rate of {format_percent(agreed.quantize(Decimal('0.0001')))} a year is below the "
                f"statutory rate at signing ({format_percent(statutory)}): it may not be the substantial remedy the "
                "Late Payment Act requires to displace statutory interest (ss.8-9)",
                "agree at least Bank Rate plus 8 points, or drop the clause and rely on the Act",
            )


@register
class LAW005(Rule):
    """A construction contract in England gives less notice of suspension than the Construction Act allows.

    Housing Grants, Construction and Regeneration Act 1996 s.112: the payee may suspend on at least seven
    days' notice. A shorter period in the contract does not bind; contractkit's letters give seven days.
    """

    code = "LAW005"
    severity = Severity.WARNING
    bad = "jurisdiction: UK; kind: construction; clauses: [{use: suspension.non-payment, with: {notice_days: 3}}]"
    good = "jurisdiction: UK; kind: construction; clauses: [{use: suspension.non-payment, with: {notice_days: 7}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if project.jurisdiction is not Jurisdiction.UK or project.project.kind is not ProjectKind.CONSTRUCTION:
            return
        found = picked(project, "suspension.non-payment")
        if found is None or found[0] != "suspension.non-payment":
            return
        days = int(str(found[1].get("notice_days") or 7))
        if days < HGCRA_SUSPENSION_DAYS:
            index = next(i for i, c in enumerate(project.clauses) if c.use == "suspension.non-payment")
            yield self.finding(
                ctx,
                ("clauses", index),
                f"suspension.non-payment gives {days} days' notice, less than the seven days of the Construction "
                "Act (s.112): letters will give seven",
                "set notice_days: 7 or more",
            )


@register
class LAW006(Rule):
    """The Construction Act payment clause is used where the Act does not apply.

    Part II of the Housing Grants, Construction and Regeneration Act 1996 governs payment under construction
    contracts for construction operations in England and Wales. In a contract under another law, or for
    software or services, the clause's payment notices and final date would state a regime no court applies.
    """

    code = "LAW006"
    severity = Severity.ERROR
    bad = "jurisdiction: CN; clauses: [{use: payment.construction-act}]"
    good = "jurisdiction: UK; project: {kind: construction}; clauses: [{use: payment.construction-act}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        for i, clause in enumerate(project.clauses):
            if clause.use != "payment.construction-act":
                continue
            if project.jurisdiction is not Jurisdiction.UK:
                yield self.finding(
                    ctx,
                    ("clauses", i),
                    f"payment.construction-act gives effect to an English statute, but the project's jurisdiction is "
                    f"{project.jurisdiction}",
                    "remove the clause: the payment clauses and the governing law set the payment terms",
                )
            elif project.project.kind is not ProjectKind.CONSTRUCTION:
                yield self.finding(
                    ctx,
                    ("clauses", i),
                    "payment.construction-act applies only to construction operations, and the project is "
                    f"{project.project.kind or 'of no stated kind'}",
                    "set project.kind: construction if the work is construction operations, or remove the clause",
                )


@register
class LAW007(Rule):
    """Late-payment interest runs on a reference rate for which there is no table.

    A rate such as the central bank's discount rate (FIDIC's financing charges) is not shipped with contractkit:
    its rows come from the project's ``rates:``. Without them no interest can be computed, and every command that
    states the account would refuse the project.
    """

    code = "LAW007"
    severity = Severity.ERROR
    bad = "clauses: [{use: penalty.financing-charges}]  # and no rates: {central-bank-discount: [...]}"
    good = 'rates: {central-bank-discount: [{from: 2026-01-01, rate: "4.00%", source: central bank}]}'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.law.rates import rate_table

        try:
            terms = ctx.interest_terms()
        except ContractkitError:
            return  # the clause's own problem is reported by the clause rules
        if terms.method is not Method.REFERENCE or not terms.table:
            return
        try:
            rate_table(ctx.project, terms.table)
        except ContractkitError:
            index = next(
                (i for i, c in enumerate(ctx.project.clauses) if c.use == terms.basis.removeprefix("clause:")), None
            )
            yield self.finding(
                ctx,
                ("clauses", index) if index is not None else ("rates",),
                f"the late-payment interest runs on the reference rate {terms.table!r}, and there is no table of it: "
                "contractkit ships none, and the project gives no rows",
                f"add its rates with the day each took effect: rates: {{{terms.table}: [{{from: 2026-01-01, rate: "
                '"4.00%", source: ...}]}',
            )


@register
class LAW008(Rule):
    """The project gives rows for a reference-rate table that no interest term of the contract reads.

    Interest at a reference rate reads one table (``lpr-1y``, ``boe-bank-rate``, ``ecb-mro``, or the one the
    financing-charges clause names). Rows under another name are never used: a misspelt table name drops the rates
    the user meant to add, and the account computes interest on the shipped table as if they were not there.
    """

    code = "LAW008"
    severity = Severity.WARNING
    bad = 'rates: {lpr-1yr: [{from: 2026-06-22, rate: "2.90%"}]}  # the LPR table is lpr-1y'
    good = 'rates: {lpr-1y: [{from: 2026-06-22, rate: "2.90%"}]}'

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        import difflib

        from contractkit.law.rates import shipped_names

        if not ctx.project.rates:
            return
        try:
            terms = ctx.interest_terms()
        except ContractkitError:
            return  # the clause's own problem is reported by the clause rules
        read = terms.table if terms.method is Method.REFERENCE else None
        for name in ctx.project.rates:
            if name == read:
                continue
            # a close name other than the one written: a table the contract does not read is not a misspelling of itself
            names = [n for n in ([read, *shipped_names()] if read else shipped_names()) if n != name]
            close = difflib.get_close_matches(name, names, n=1)
            reads = f"reads {read!r}" if read else "reads no reference-rate table"
            yield self.finding(
                ctx,
                ("rates", name),
                f"no interest term of this contract reads the table {name!r} (its late-payment interest {reads}): "
                "these rows are not used" + (f"; did you mean {close[0]!r}?" if close else ""),
                "name the table the interest reads, or remove the rows",
            )


@register
class LAW009(Rule):
    """The contract incorporates the FIDIC Red Book but its suspension clause gives less notice than Sub-Clause 16.1.

    Sub-Clause 16.1 lets the Contractor suspend on at least 21 days' notice. The drafted contract makes its own
    clauses prevail over the incorporated conditions, so the shorter notice governs, and a notice of suspension
    gives it without citing 16.1; the warning is that an Employer used to the FIDIC period will dispute a shorter
    one, which the drafted clause then has to carry alone.
    """

    code = "LAW009"
    severity = Severity.WARNING
    bad = "contract: {form: fidic-red-1999}; clauses: [{use: suspension.non-payment, with: {notice_days: 7}}]"
    good = "contract: {form: fidic-red-1999}; clauses: [{use: suspension.non-payment, with: {notice_days: 21}}]"

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from contractkit.law.fidic import SUSPENSION_NOTICE_DAYS, drafted_suspension_days, incorporated

        project = ctx.project
        if not incorporated(project):
            return
        days = drafted_suspension_days(project)
        if days is None or days >= SUSPENSION_NOTICE_DAYS:
            return
        index = next(i for i, c in enumerate(project.clauses) if c.use == "suspension.non-payment")
        yield self.finding(
            ctx,
            ("clauses", index),
            f"suspension.non-payment gives {days} days' notice, shorter than the {SUSPENSION_NOTICE_DAYS} days of "
            f"Sub-Clause 16.1 of the incorporated {project.contract.form} conditions: the drafted clause prevails "
            "(the contract's clauses prevail over the conditions it incorporates), so a notice of suspension gives "
            f"{days} days and does not cite Sub-Clause 16.1 for them",
            f"keep it if the Employer agreed the shorter period; else set notice_days: {SUSPENSION_NOTICE_DAYS}",
        )


@register
class LAW010(Rule):
    """An English construction contract with an individual client does not adopt the Construction Act's payment terms.

    Part II of the Housing Grants, Construction and Regeneration Act 1996 (payment notices, pay less notices, the
    final date for payment, the right to suspend under s.112, the Scheme where the contract is silent) does not apply
    to a construction contract with a residential occupier: one principally relating to operations on a dwelling
    which one of the parties occupies, or intends to occupy, as his residence (s.106). The project file cannot say
    whether the works are on the client's home, so against an individual client contractkit relies on the Act only
    where the contract adopts its terms itself (``payment.construction-act``): without that clause the letters state
    no payment due date or final date, rely on no notified sum (s.111) and warn of no suspension but the contract's.
    """

    code = "LAW010"
    severity = Severity.WARNING
    bad = "jurisdiction: UK; project: {kind: construction}; parties: {client: {form: individual}}; clauses: [...]"
    good = (
        "jurisdiction: UK; project: {kind: construction}; parties: {client: {form: individual}}; "
        "clauses: [{use: payment.construction-act}]"
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        if project.jurisdiction is not Jurisdiction.UK or not residential_occupier_possible(project):
            return
        if project.clause_number(ACT_CLAUSE) is not None:
            return  # the contract adopts the Act's payment notices and right to suspend as its own terms
        yield self.finding(
            ctx,
            ("parties", "client", "form"),
            "the client is an individual: if the works are on a dwelling the client occupies or intends to occupy as "
            "his residence, Part II of the Construction Act does not apply (s.106: a contract with a residential "
            "occupier), and with it go the payment and pay less notices, the Scheme's final date for payment and the "
            "statutory right to suspend (s.112). contractkit cannot tell which it is, so the letters rely on none of "
            "them: a sum is late from the payment schedule's due date, and work is suspended only under a clause of "
            "the contract",
            f"add - use: {ACT_CLAUSE} to make those notices and the right to suspend terms of the contract whatever "
            "s.106 decides (and - use: suspension.non-payment for a suspension clause of its own); if the client is "
            "not a residential occupier, the Act applies by itself, but take advice before relying on it",
        )


#: The statute whose interest and fixed compensation a consumer does not owe, by jurisdiction.
_BUSINESS_STATUTES = {
    Jurisdiction.UK: "the Late Payment of Commercial Debts (Interest) Act 1998 (s.2(1))",
    Jurisdiction.EU: "the Late Payment Directive 2011/7/EU (arts. 1(2), 2(1): commercial transactions only)",
}


@register
class LAW011(Rule):
    """The client is a consumer, and the contract sets no late-payment interest of its own.

    The late-payment statutes contractkit applies where a contract is silent are for business debts: the Late
    Payment of Commercial Debts (Interest) Act 1998 in England (a contract between parties acting in the course of a
    business) and the Late Payment Directive 2011/7/EU (transactions between undertakings, or with public
    authorities). An individual client (``form: individual``) owes neither their interest nor their fixed
    compensation: the contract's own late-payment clause is the only basis for interest, and without one the letters
    claim none.
    """

    code = "LAW011"
    severity = Severity.WARNING
    bad = "jurisdiction: EU; parties: {client: {form: individual}}; clauses: [...]  # no penalty.late-payment-*"
    good = (
        "jurisdiction: EU; parties: {client: {form: individual}}; "
        'clauses: [{use: penalty.late-payment-interest, with: {annual_rate: "8%"}}]'
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        project = ctx.project
        statute = _BUSINESS_STATUTES.get(project.jurisdiction)
        if statute is None or not consumer(project):
            return
        try:
            terms = ctx.interest_terms()
        except ContractkitError:
            return  # the clause's own problem is reported by the clause rules
        if terms.basis.startswith("clause:"):
            return  # the contract's own clause gives the interest
        yield self.finding(
            ctx,
            ("parties", "client", "form"),
            f"the client is an individual (a consumer): {statute} gives no interest or fixed compensation on a debt a "
            "consumer owes, so the contract's own late-payment clause is the only basis for interest, and the "
            "contract has none: the letters will claim the price alone",
            "add - use: penalty.late-payment-interest with the rate agreed with the client, if it was",
        )
