"""A generated .docx gets fixed timestamps and modes by setting its zip headers, without unpacking it: the
bytes are those of rewriting every entry, and every part is what python-docx wrote."""

from __future__ import annotations

import io
import zipfile

import pytest

from contractkit.model.project import load_project
from contractkit.render import docx
from contractkit.render.contract import contract_document
from tests.conftest import SAMPLES


def saved_by_python_docx(lang: str) -> bytes:
    """A draft as python-docx saves it, before contractkit fixes its zip (the clock in its timestamps)."""
    made: list[bytes] = []
    original = docx.normalise_zip

    def keep(data: bytes) -> bytes:
        made.append(data)
        return original(data)

    docx.normalise_zip = keep  # type: ignore[assignment]
    try:
        contract_document(load_project(SAMPLES / "fitout-cn"), lang)
    finally:
        docx.normalise_zip = original  # type: ignore[assignment]
    return made[0]


@pytest.mark.parametrize("lang", ["zh", "bilingual"])
def test_setting_headers_gives_the_bytes_of_rewriting_every_entry(lang: str) -> None:
    raw = saved_by_python_docx(lang)
    patched = docx._patch_zip_headers(raw)
    assert patched is not None, "python-docx's zip should need its headers set only"
    assert patched == docx._rewrite_zip(raw)
    with zipfile.ZipFile(io.BytesIO(raw)) as before, zipfile.ZipFile(io.BytesIO(patched)) as after:
        assert [i.filename for i in after.infolist()] == [i.filename for i in before.infolist()]
        for info in after.infolist():
            assert after.read(info) == before.read(info.filename)
            assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.external_attr == 0o644 << 16
            assert info.create_system == 3


def test_a_zip_of_another_kind_is_rewritten() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    data = buffer.getvalue()
    assert docx._patch_zip_headers(data) is None
    assert docx.normalise_zip(data) == docx._rewrite_zip(data)
    assert docx._patch_zip_headers(b"not a zip") is None
