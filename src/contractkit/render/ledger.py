"""Append events to a project file's ledger without disturbing the rest of it (comments and order kept)."""

from __future__ import annotations

import datetime as dt
import io

from contractkit.errors import InputError
from contractkit.model.models import DeliveryMethod, DemandStage
from contractkit.model.project import LoadedProject, parse_project


def notices_text(
    loaded: LoadedProject,
    node_ids: list[str],
    stage: DemandStage,
    on: dt.date,
    via: DeliveryMethod,
    tracking: str | None,
    reference: str,
) -> str:
    """The project file's text with one notice event per node appended to ``events``, checked by loading it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    original = loaded.path.read_text(encoding="utf-8-sig")
    try:
        data = yaml.load(original)
    except YAMLError as exc:  # pragma: no cover - the file was loaded once already
        raise InputError(file=loaded.path, message=f"cannot be edited: {exc}") from None
    events = data.get("events")
    if events is None:
        events = CommentedSeq()
        data["events"] = events
    flow = bool(events) and all(getattr(e, "fa", None) is not None and e.fa.flow_style() for e in events)
    for node_id in node_ids:
        event = CommentedMap()
        event["on"] = on.isoformat()
        event["node"] = node_id
        event["type"] = "notice"
        event["stage"] = str(stage)
        event["via"] = str(via)
        if tracking:
            event["tracking"] = tracking
        event["ref"] = reference
        if flow:
            event.fa.set_flow_style()
        events.append(event)
    if hasattr(events, "fa"):
        events.fa.set_block_style()
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    parse_project(text, str(loaded.path))  # the edited file must still load, or nothing is written
    return text
