"""Pages that read: the portfolio, a project's overview, and the form that starts a new project."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from contractkit.account.explain import BUCKETS, certified, node_lines, terms_lines
from contractkit.errors import ContractkitError
from contractkit.web import create as creating
from contractkit.web import i18n, phrases
from contractkit.web.app import as_of, language, render, settings_of, translator
from contractkit.web.forms import Notes, required_missing, submitted
from contractkit.web.i18n import N_
from contractkit.web.workspace import aging_table, failed_row, portfolio_row, problems_of, sorted_rows

#: Portfolio columns: (key, heading, numeric)
COLUMNS = (
    ("project", N_("Project"), False),
    ("client", N_("Client"), False),
    ("currency", N_("Cur"), False),
    ("due", N_("Due, not late"), True),
    ("overdue", N_("Overdue"), True),
    ("oldest", N_("Oldest"), True),
    ("interest", N_("Interest accrued"), True),
    ("next", N_("Next step"), False),
)

#: Where in the app each section of the project file is edited (for links from findings).
TABS = {
    "project": "contract",
    "contract": "contract",
    "language": "contract",
    "jurisdiction": "contract",
    "escalation": "contract",
    "parties": "contract",
    "payment_schedule": "schedule",
    "acceptance": "schedule",
    "evidence": "evidence",
    "events": "ledger",
}


def tab_for(path: str) -> str | None:
    head = path.split(".", 1)[0].split("[", 1)[0]
    return TABS.get(head)


async def portfolio(request: Request) -> Response:
    """Every project with what is due, overdue and accruing, aging per currency, the next step; sortable."""
    settings = settings_of(request)
    day, _ = as_of(request)
    workspace = settings.workspace
    opened = [workspace.open(ref, day) for ref in workspace.projects()]
    rows = [portfolio_row(o, settings.root, language(request)) for o in opened]
    aging: dict[str, dict[str, Decimal]] = {}
    interest: dict[str, Decimal] = {}
    for i, o in enumerate(opened):
        if o.account is None or rows[i].problem:
            continue
        try:  # one project's failure is its row's, never the whole portfolio's (as in Workspace.open)
            own = aging_table([o])
            accrued = o.account.interest
        except Exception as exc:
            rows[i] = failed_row(o, exc, settings.root)
            continue
        for currency, buckets in own.items():
            total = aging.setdefault(currency, dict.fromkeys(buckets, Decimal(0)))
            for bucket, amount in buckets.items():
                total[bucket] = total.get(bucket, Decimal(0)) + amount
        interest[o.account.currency] = interest.get(o.account.currency, Decimal(0)) + accrued
    key = request.query_params.get("sort", "next")
    descending = request.query_params.get("dir", "desc" if key in ("due", "overdue", "oldest", "interest") else "asc")
    rows = sorted_rows(rows, key, descending == "desc")
    return render(
        request,
        "portfolio.html",
        rows=rows,
        columns=COLUMNS,
        sort=key,
        descending=descending == "desc",
        aging=dict(sorted(aging.items())),
        interest=interest,
        buckets=BUCKETS,
        root=settings.root,
        single=workspace.single,
    )


async def overview(request: Request) -> Response:
    """A project: its schedule with each node's state, dates and figures, the working, the findings."""
    from contractkit.web.app import open_project, project_ref

    tr = translator(request)
    ref = project_ref(request)
    opened = open_project(request, ref)
    account = opened.account
    nodes: list[dict[str, Any]] = []
    if account is not None:
        cur = account.currency
        for node in account.nodes:
            nodes.append(
                {
                    "node": node,
                    "state": phrases.state(node, tr),
                    "certified": certified(node, cur),
                    "waiting": phrases.waiting(node, tr),
                    "next": phrases.next_step(node, account.as_of, tr),
                    "action": phrases.action(node, account.as_of, cur, tr),
                    "lines": node_lines(account, node),
                }
            )
    findings = [(f, tab_for(f.path)) for f in opened.findings]
    return render(
        request,
        "overview.html",
        ref=ref,
        opened=opened,
        account=account,
        nodes=nodes,
        terms=terms_lines(account) if account else [],
        findings=findings,
        tab="overview",
        certified_column=any(n["certified"] for n in nodes),
        held_column=any(n["node"].held for n in nodes),
    )


def _create_context(request: Request, values: dict[str, str], notes: Notes | None = None) -> dict[str, Any]:
    settings = settings_of(request)
    return {
        "fields": creating.create_fields(),
        "values": values,
        "notes": notes or Notes(),
        "single": settings.workspace.single,
        "root": settings.root,
    }


async def new_form(request: Request) -> Response:
    values = {"language": "zh", "kind": "construction", "contract.currency": "CNY", "contract.signed_on": ""}
    return render(request, "new.html", **_create_context(request, values))


async def new_project(request: Request, form: FormData) -> Response:
    """Create a project folder from the form (``init``'s starter with this contract's facts)."""
    settings = settings_of(request)
    fields = creating.create_fields()
    values = {f.path: str(submitted(f, form) or "") for f in fields}
    tr = translator(request)
    if settings.workspace.single:
        notes = Notes()
        notes.add(None, "error", tr("This server is showing one project's folder; start it on a folder of projects"))
        return render(request, "new.html", **_create_context(request, values, notes))
    notes = required_missing(fields, form)
    problem = creating.folder_problem(settings.root, values["folder"], tr) if values["folder"] else None
    if problem:
        notes.add("folder", "error", problem)
    if values["language"] not in {v for v, _ in creating.LANGUAGES}:
        notes.add("language", "error", tr("choose zh, en or bilingual"))
    if values["kind"] not in {v for v, _ in creating.KINDS}:
        notes.add("kind", "error", tr("choose construction or software"))
    if notes:
        return render(request, "new.html", **_create_context(request, values, notes))
    try:
        path = creating.create(settings.root, values)
    except ContractkitError as exc:
        notes = Notes()
        for p in problems_of(exc):
            target = p.field if p.field and any(f.path == p.field for f in fields) else None
            # next to its field, a message says what is wrong without naming the field again (as the edit forms)
            notes.add(target, "error", p.message.removeprefix(f"{p.field}: ") if target else p.message)
        return render(request, "new.html", **_create_context(request, values, notes))
    name = settings.workspace.find(path.parent.name)
    target = f"{name.url if name else '/p/' + quote(path.parent.name, safe='')}/contract?created=1"
    if request.headers.get("hx-request"):
        response: Response = Response(status_code=204, headers={"HX-Redirect": target})
        return response
    return RedirectResponse(target, status_code=303)


def _back(target: str) -> str:
    """A page of this app to go back to: a path on this server, never another site."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(c < " " for c in target):
        return "/"
    return target


async def set_language(request: Request, form: FormData) -> Response:
    """Switch the interface language and remember it in a cookie; back to the page the switch was on."""
    chosen = str(form.get("lang") or "")
    response: Response = RedirectResponse(_back(str(form.get("back") or "/")), status_code=303)
    if chosen in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, chosen, max_age=365 * 24 * 3600, path="/", httponly=True, samesite="strict")
    return response
