"""Fixtures for the web app: a folder of projects copied from the samples, and a client that behaves like the
app's own pages (it reads the CSRF token the pages carry and sends it back)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from contractkit.web.app import Settings, create_app
from contractkit.web.i18n import COOKIE
from contractkit.web.security import CSRF_COOKIE
from tests.conftest import SAMPLES

AS_OF = dt.date(2026, 11, 29)


def copy_samples(folder: Path, names: tuple[str, ...] = ("fitout-cn", "software-uk")) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copytree(SAMPLES / name, folder / name)
    return folder


class Browser:
    """A TestClient that posts forms as the pages do: with the token from the CSRF cookie."""

    def __init__(self, client: TestClient, lang: str | None = "en") -> None:
        self.client = client
        if lang is not None:  # the interface language chosen, as the switch on every page keeps it
            client.cookies.set(COOKIE, lang)
        client.get("/")  # the first page sets the CSRF cookie

    @property
    def token(self) -> str:
        return str(self.client.cookies.get(CSRF_COOKIE))

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict[str, Any] | None = None, *, csrf: bool = True, **kwargs: Any) -> Any:
        form = dict(data or {})
        if csrf:
            form.setdefault("csrf_token", self.token)
        return self.client.post(url, data=form, **kwargs)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return copy_samples(tmp_path / "projects")


def make_client(folder: Path, **settings: Any) -> TestClient:
    defaults: dict[str, Any] = {"as_of": AS_OF, "hosts": ("testserver",)}
    defaults.update(settings)
    return TestClient(create_app(Settings(folder, **defaults)), raise_server_exceptions=False)


@pytest.fixture
def browser(workspace: Path) -> Iterator[Browser]:
    with make_client(workspace) as client:
        yield Browser(client)


@pytest.fixture
def chinese(workspace: Path) -> Iterator[Browser]:
    """The same folder, with the Chinese interface chosen."""
    with make_client(workspace) as client:
        yield Browser(client, "zh")


def text_of(html: str) -> str:
    """The visible text of a page, tags dropped, entities as written (for 'does it say X' checks)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
