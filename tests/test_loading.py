"""Loading project files: all scalars as text, duplicate and unknown keys refused, every error located."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest

from contractkit.errors import InputError, InputErrors
from contractkit.model.loading import load_yaml_file, parse_yaml
from contractkit.model.project import load_project

MINIMAL = """\
contractkit: 1
project: {code: T-1, name: 测试}
parties:
  client: {name: 甲方}
  contractor: {name: 乙方}
contract:
  number: HT-1
  signed_on: 2026-02-20
  currency: CNY
  price: "1,000.05"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(exc: pytest.ExceptionInfo[Exception]) -> list[str]:
    err = exc.value
    return [e.message for e in err.errors] if isinstance(err, InputErrors) else [str(err)]


def test_every_scalar_arrives_as_text() -> None:
    data, _ = parse_yaml("a: NO\nb: 0123\nc: 1000.05\nd: 12:30\ne: on\nf: 2026-02-20\n", "x.yaml")
    assert data == {"a": "NO", "b": "0123", "c": "1000.05", "d": "12:30", "e": "on", "f": "2026-02-20"}


def test_plain_empty_and_null_are_none_but_quoted_null_is_text() -> None:
    data, _ = parse_yaml('a:\nb: null\nc: "null"\nd: ~\n', "x.yaml")
    assert data == {"a": None, "b": None, "c": "null", "d": None}


def test_amounts_stay_exact(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL))
    assert loaded.project.contract.price == Decimal("1000.05")
    assert isinstance(loaded.project.contract.price, Decimal)


def test_account_numbers_keep_leading_zeros(tmp_path: Path) -> None:
    text = MINIMAL.replace("contractor: {name: 乙方}", "contractor: {name: 乙方, bank: {name: 银行, account: 0012345}}")
    loaded = load_project(write(tmp_path, text))
    assert loaded.project.parties.contractor.bank is not None
    assert loaded.project.parties.contractor.bank.account == "0012345"


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "contract:\n  number: X\n")
    with pytest.raises(InputError) as exc:
        load_project(path)
    assert exc.value.line == 11
    assert "duplicate key 'contract'" in str(exc.value) and "line 6" in str(exc.value)


def test_unknown_key_is_located_with_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("  currency: CNY", "  curency: CNY"))
    with pytest.raises(InputErrors) as exc:
        load_project(path)
    text = "\n".join(messages(exc))
    assert f"{path}:9: contract.curency: unknown key 'curency'; did you mean 'currency'?" in text
    assert "contract.currency: is required but missing" in text


def test_invalid_date_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL.replace("2026-02-20", "2024-02-30"))
    with pytest.raises(InputErrors) as exc:
        load_project(path)
    assert messages(exc) == [f"{path}:8: contract.signed_on: '2024-02-30' is not a date in the calendar"]


@pytest.mark.parametrize(
    ("value", "needle"),
    [('"12,34.00"', "is not an amount"), ('"1.000,00"', "is not an amount"), ("abc", "is not an amount")],
)
def test_bad_amount_is_located(tmp_path: Path, value: str, needle: str) -> None:
    path = write(tmp_path, MINIMAL.replace('"1,000.05"', value))
    with pytest.raises(InputErrors) as exc:
        load_project(path)
    (message,) = messages(exc)
    assert message.startswith(f"{path}:10: contract.price: ") and needle in message


def test_percentage_needs_its_sign(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "  retention: 0.03\n")
    with pytest.raises(InputErrors) as exc:
        load_project(path)
    assert "contract.retention: '0.03' is not a percentage" in messages(exc)[0]
    assert messages(exc)[0].startswith(f"{path}:11:")


def test_deep_path_is_dotted(tmp_path: Path) -> None:
    text = MINIMAL + (
        "payment_schedule:\n"
        "  - {id: P1, title: a, share: 50%, milestone: m, evidence: [x], due: {after: signing, days: 7}}\n"
        "  - {id: P2, title: b, share: 50%, milestone: m, evidence: [x], due: {after: signing, days: x7}}\n"
    )
    with pytest.raises(InputErrors) as exc:
        load_project(write(tmp_path, text))
    assert "project.yaml:13: payment_schedule[1].due.days: 'x7' is not a whole number of days" in messages(exc)[0]


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_bytes(MINIMAL.encode() + "  note: 中文\n".encode("gbk"))
    with pytest.raises(InputError) as exc:
        load_project(path)
    assert exc.value.line == 11 and "not UTF-8" in str(exc.value)


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="the file is empty"):
        load_project(write(tmp_path, ""))


def test_tab_indentation_is_explained(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_project(write(tmp_path, "contractkit: 1\nproject:\n\tcode: x\n"))
    assert exc.value.line == 3 and "tab" in str(exc.value)


def test_control_character_is_refused_with_its_line(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        load_project(write(tmp_path, MINIMAL.replace("name: 甲方", "name: 甲\x07方")))
    assert exc.value.line == 4 and "U+0007" in str(exc.value)


def test_escaped_control_character_in_quotes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputErrors) as exc:
        load_project(write(tmp_path, MINIMAL.replace("name: 甲方", 'name: "甲\\x01方"')))
    assert "parties.client.name: contains the control character U+0001" in messages(exc)[0]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    start = time.perf_counter()
    with pytest.raises(InputError, match="aliases"):
        load_yaml_file(path)
    assert time.perf_counter() - start < 2


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="mapping"):
        load_project(write(tmp_path, "- a\n- b\n"))


def test_missing_file_and_folder_without_project(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_project(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match=r"no project\.yaml"):
        load_project(tmp_path)


# --- the quick build (libyaml's node tree) and the event build agree ------------------------------------

ROOT = Path(__file__).resolve().parent.parent

TRICKY = [
    "a: NO\nb: 0123\nc: 1000.05\nd: 12:30\ne: on\nf: 2026-02-20\n",
    'a:\nb: null\nc: "null"\nd: ~\ne: NULL\nf: Null\ng: ""\nh: \'~\'\ni: !!str null\nj: !!binary aGk=\n',
    "k: [a, [b, {c: d}], {}, []]\nl: {x: 1, y: [2, 3]}\nm:\n  - - - deep\n  - {? complex : value}\n",
    "text: |\n  two\n  lines\nfolded: >\n  one\n  line\nkept: |+\n  end\n\n",
    "'quoted key': 1\n\"double\": 2\n? explicit\n: 3\n~: 4\nnull: 5\n",
    "& : amp\nanchor: &a value\n",  # an anchor without an alias is accepted
    "a: 1\na: 2\n",  # duplicate: the quick build steps aside
    "<<: {a: 1}\n",  # merge key
    "a: &x 1\nb: *x\n",  # alias
    "[a]: b\n",  # a key that is not text
    "a: b\n---\nc: d\n",  # two documents
    "",  # empty
    "---\n",
    "# only a comment\n",
    "plain scalar at the top\n",
    'a: "escaped \\u00e9 \\t tab"\n',
    "a: [unclosed\n",
    "a:\n\tb: tab\n",
    "- " * 40 + "x\n",  # deeper than MAX_DEPTH
    "[" * 40 + "]" * 40 + "\n",
    "- " * 31 + "x\n",
    "- " * 32 + "x\n",  # as deep as allowed
    "- " * 33 + "x\n",
    'a: "{{ (price * share) | money }}"\nb: "line\\nbreak \\x41"\nc: 2*3\n',  # no alias, no long escape
    "a: [&x 1, *x]\n",
    '{"a":*x}\n',
    "a: &x [1]\nb: {? *x : 2}\n",
    'a: "\\ud800"\n',
    'a: "\\U0001F600 is fine"\n',
    "a: \\u in plain text\n",
]


def _texts() -> list[tuple[str, str]]:
    found = [(f"case {i}", text) for i, text in enumerate(TRICKY)]
    for folder in ("samples", "clause_library", "tests/rules", "src/contractkit/law/data"):
        for path in sorted((ROOT / folder).rglob("*.y*ml")):
            found.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf-8-sig")))
    return found


@pytest.mark.parametrize(("name", "text"), _texts(), ids=[name for name, _ in _texts()])
def test_the_quick_build_gives_what_the_events_give_or_steps_aside(name: str, text: str) -> None:
    import yaml

    from contractkit.model.loading import _Builder, _quick

    try:
        expected, source = _Builder("x.yaml").build(yaml.parse(text, Loader=yaml.SafeLoader))
    except (InputError, yaml.YAMLError):
        assert _quick(text) is None, name  # the event build refuses it, with its line: never built quickly
        return
    quick = _quick(text)
    if quick is not None:
        assert quick == expected, name
    got, lazy = parse_yaml(text, "x.yaml")
    assert got == expected
    assert lazy.lines == source.lines  # worked out on demand, the same lines


def test_lines_of_a_quickly_built_file_are_worked_out_when_asked(tmp_path: Path) -> None:
    loaded = load_project(write(tmp_path, MINIMAL))
    assert loaded.source._lines is None  # nothing asked yet
    assert loaded.where(("contract", "price")) == f"{tmp_path / 'project.yaml'}:10"
    assert loaded.source.line_for(("parties", "client", "name")) == 4
