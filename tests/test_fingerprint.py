"""The documents and tables the samples make are the ones recorded in tests/data/fingerprint.json.

Speed work must not change what contractkit writes or prints (same inputs and --as-of, same bytes). When a
change means to change an output, `python tests/fingerprint.py --update` records the new one.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.fingerprint import STORED, fingerprint


def test_outputs_are_the_recorded_ones(tmp_path: Path) -> None:
    recorded = json.loads(STORED.read_text(encoding="utf-8"))
    made = fingerprint(tmp_path)
    assert sorted(made) == sorted(recorded)
    changed = [key for key in recorded if made[key] != recorded[key]]
    assert not changed, f"outputs differ from tests/data/fingerprint.json: {changed}"
