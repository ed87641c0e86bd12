"""Text damaged the way PDF extraction damages it reads as the clean text does."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SARA_AM_SPLIT = ("\u0e33", "\u0e4d\u0e32")           # ำ written as ํ + า


def _json(command: str, option: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-m", "ita_audit", command, option, str(path),
                           "--format", "json"], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    return json.loads(done.stdout.replace(json.dumps(str(path))[1:-1], "REPORT"))


@pytest.mark.slow
@pytest.mark.parametrize(("command", "option", "seed"), [
    ("plan", "--report", "msdhs-ops-ita-improvement-progress-2565.txt"),
    ("hr", "--report", "sso-hr-annual-report-2562.txt"),
])
def test_a_split_sara_am_changes_nothing(tmp_path, command, option, seed):
    """pdftotext writes ำ as ํ + า: the plan read 0 of 46 measures as ticked ("ดําเนินการ") and
    the HR report lost its year, both silently. Read through pythainlp's reorder_vowels."""
    source = ROOT / "data" / "raw" / seed
    damaged = tmp_path / seed
    damaged.write_text(source.read_text("utf-8").replace(*SARA_AM_SPLIT), "utf-8")
    assert "\u0e4d\u0e32" in damaged.read_text("utf-8")
    copy = tmp_path / "clean" / seed
    copy.parent.mkdir()
    copy.write_text(source.read_text("utf-8"), "utf-8")
    assert _json(command, option, damaged) == _json(command, option, copy)
