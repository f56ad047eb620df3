"""Producing documents, listing them, downloading them and picturing their first page."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response

from contractkit.account import explain
from contractkit.account.account import NodeState
from contractkit.errors import ContractkitError
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.types import parse_date
from contractkit.render.docx import soffice
from contractkit.web import documents
from contractkit.web.app import as_of, open_project, project_ref, render, settings_of
from contractkit.web.workspace import Opened, ProjectRef

STAGE_LABELS = {
    "": "the next one the ledger calls for",
    "reminder": "reminder",
    "notice": "formal notice",
    "suspension": "notice of suspension",
    "final": "final demand (with a case summary)",
    "acknowledgment": "statement of account, for the client to sign",
    "dispute-reply": "reply to the client's dispute",
    "default-notice": "notice in default (no payment notice came)",
    "notified-sum": "notified sum payable in full (no valid pay less notice)",
}


async def documents_page(request: Request) -> Response:
    ref = project_ref(request)
    return _page(request, ref, open_project(request, ref), None, "ok")


def _page(
    request: Request, ref: ProjectRef, opened: Opened, flash: str | None, kind: str, produced: list[str] | None = None
) -> HTMLResponse:
    account = opened.account
    unpaid: list[str] = []
    overdue: list[str] = []
    letters: list[str] = []
    next_letters: list[tuple[str, str]] = []
    if account is not None:
        unpaid = [n.id for n in account.nodes if n.state is not NodeState.PAID]
        overdue = [n.id for n in account.nodes if n.state is NodeState.OVERDUE]
        answered = [n.id for n in account.nodes if n.claim is not None and n.applied_on is not None]
        letters = list(dict.fromkeys(overdue + answered + [n.id for n in account.nodes if n.interest]))
        next_letters = [(n.id, explain.next_step(n, account.as_of)) for n in account.nodes if n.id in overdue]
    language = str(opened.loaded.project.language) if opened.loaded else "zh"
    return render(
        request,
        "documents.html",
        ref=ref,
        opened=opened,
        account=account,
        unpaid=unpaid,
        overdue=overdue,
        letter_nodes=letters,
        next_letters=[(node, text) for node, text in next_letters if text],
        stages=STAGE_LABELS,
        deliveries=[str(d) for d in DeliveryMethod],
        language=language,
        outputs=documents.list_outputs(ref),
        produced=set(produced or []),
        converter=soffice() is not None,
        tab="documents",
        flash=flash,
        flash_kind=kind,
    )


def _lang(form: FormData, opened: Opened) -> str:
    chosen = str(form.get("lang") or "")
    if chosen in ("zh", "en", "bilingual"):
        return chosen
    return str(opened.loaded.project.language) if opened.loaded else "zh"


async def produce(request: Request, form: FormData) -> Response:
    """Produce a document (draft, pack, letter, report) as its command would, into outputs/."""
    ref = project_ref(request)
    opened = open_project(request, ref)
    kind = str(request.path_params["kind"])
    loaded = opened.loaded
    if loaded is None:
        return _page(request, ref, opened, "The project file cannot be read; see the overview.", "error")
    day, _ = as_of(request)
    lang = _lang(form, opened)
    try:
        if kind == "draft":
            result = await run_in_threadpool(documents.produce_draft, ref, loaded, lang)
        elif kind == "pack":
            node = str(form.get("node") or "")
            allow = bool(form.get("allow_missing"))
            pdf = bool(form.get("pdf"))
            result = await run_in_threadpool(documents.produce_pack, ref, loaded, node, day, lang, allow, pdf)
        elif kind == "letter":
            node = str(form.get("node") or "")
            stage = str(form.get("stage") or "") or None
            if stage is not None and stage not in {str(s) for s in DemandStage}:
                raise ContractkitError(f"{stage!r} is not a letter contractkit writes")
            record = None
            if form.get("record"):
                via = str(form.get("via") or "")
                if via not in {str(d) for d in DeliveryMethod}:
                    raise ContractkitError("to record the letter as sent, say how it is sent")
                record = (DeliveryMethod(via), str(form.get("tracking") or "").strip() or None)
            pdf = bool(form.get("pdf"))
            result = await run_in_threadpool(documents.produce_letter, ref, loaded, node, stage, day, lang, record, pdf)
        elif kind == "report":
            since_text = str(form.get("since") or "").strip()
            since = parse_date(since_text) if since_text else None
            result = await run_in_threadpool(documents.produce_report, ref, loaded, day, since, lang)
        else:
            return _page(request, ref, opened, f"There is no document called {kind!r}.", "error")
    except ContractkitError as exc:
        text = exc.message.removeprefix("contractkit: ")
        return _page(request, ref, open_project(request, ref), f"Not written: {text}", "error")
    except ValueError as exc:
        return _page(request, ref, opened, f"Not written: {exc}", "error")
    flash = result.message + "." + "".join(f" {w.removeprefix('warning: ').capitalize()}." for w in result.warnings)
    return _page(request, ref, open_project(request, ref), flash, "ok", result.files)


async def download(request: Request) -> Response:
    ref = project_ref(request)
    path = documents.output_path(ref, str(request.path_params["path"]))
    if path is None:
        return render(request, "message.html", status=404, title="Not found", text="There is no such document.")
    media = documents.MEDIA.get(path.suffix.lower(), "application/octet-stream")
    headers: dict[str, Any] = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"}
    return FileResponse(path, media_type=media, filename=path.name, headers=headers)


async def preview(request: Request) -> Response:
    """The first page of a document as a picture."""
    ref = project_ref(request)
    path = documents.output_path(ref, str(request.path_params["path"]))
    if path is None or path.suffix.lower() not in (".docx", ".pdf"):
        return render(request, "message.html", status=404, title="Not found", text="There is no such document.")
    image = await run_in_threadpool(settings_of(request).previews.first_page, path)
    media = "image/png" if image.startswith(b"\x89PNG") else "image/svg+xml"
    headers = {
        "Cache-Control": "no-cache",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'",
    }
    return Response(image, media_type=media, headers=headers)
