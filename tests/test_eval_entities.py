"""scripts/eval_entities.py: a mention that clean left as written and reported with a reason is counted
apart from the spellings clean should have made one, on small data of its own."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter

from conftest import ROOT
from normalize import load_rules


def _script():
    sys.path.insert(0, str(ROOT / "scripts"))  # it imports its sibling scripts
    spec = importlib.util.spec_from_file_location("eval_entities", ROOT / "scripts" / "eval_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mentions_left_and_reported_are_counted_apart(tmp_path, capsys):
    eval_entities = _script()
    (tmp_path / "a.txt").write_text("Dnipro is far. The Volga-Dnepr plane landed. Dnepr again.\n", encoding="utf-8")
    report = {"files": [{"path": "a.txt", "left": [{"form": "Dnepr", "reason": "part of a longer name: Volga-Dnepr"}]}]}
    seen, left = eval_entities.spellings_seen(tmp_path, {"a.txt": None}, load_rules(), report)
    assert seen["dnipro"] == Counter({"dnipro": 1, "dnepr": 1})  # the second Dnepr was not reported: counted
    assert left["dnipro"] == Counter({("dnepr", "part of a longer name: Volga-Dnepr"): 1})
    eval_entities.print_measure("sample", 1, (seen, left))
    out = capsys.readouterr().out
    assert "in more than one spelling 1 (1 with the mentions left and reported)" in out
    assert "dnipro             dnepr 1: part of a longer name: Volga-Dnepr" in out
