"""The suite stands on its own: nothing under tests/ imports from bench/ or puts bench/
on the path. The benches may use the suite's code (tests/stresskit.py,
tests/oldschema.py, tests/scaledata.py), never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
BENCH = TESTS.parent / "bench"

#: What a bench script is imported as once bench/ is on the path, and bench itself.
BENCH_MODULES = {"bench"} | {path.stem for path in BENCH.glob("*.py")}

#: Calls that put a folder on the path or load a module by name or file.
LOADERS = {
    "sys.path.insert",
    "sys.path.append",
    "sys.path.extend",
    "site.addsitedir",
    "importlib.import_module",
    "import_module",
    "importlib.util.spec_from_file_location",
    "spec_from_file_location",
    "runpy.run_path",
    "runpy.run_module",
    "__import__",
}


def bench_uses(source: str) -> list[str]:
    """Each place in ``source`` that imports from bench/ or puts it on the path."""
    found = []
    for node in ast.walk(ast.parse(source)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            names = []
        found += [
            f"line {line}: import {name}" for name in names if name.split(".")[0] in BENCH_MODULES
        ]
        if isinstance(node, ast.Call) and ast.unparse(node.func) in LOADERS:
            call = ast.unparse(node)
            if "bench" in call or any(f"'{name}'" in call for name in BENCH_MODULES):
                found.append(f"line {line}: {call}")
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(ast.unparse(t) == "sys.path" for t in targets) and "bench" in ast.unparse(
                node.value
            ):
                found.append(f"line {line}: {ast.unparse(node)}")
    return found


def test_no_file_under_tests_imports_from_bench_or_puts_it_on_the_path() -> None:
    sources = sorted(TESTS.rglob("*.py"))
    assert len(sources) > 20
    found = {
        str(path.relative_to(TESTS)): uses
        for path in sources
        if (uses := bench_uses(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_scan_catches_each_way_in() -> None:
    assert {"bench", "common", "stress", "scale_db"} <= BENCH_MODULES
    for source in (
        "import stress",
        "import bench.stress as s",
        "from stress import concurrency",
        "from scale_db import build",
        "from bench import common",
        "def f():\n    from common import tracker_command",
        'import sys\nsys.path.insert(0, str(ROOT / "bench"))',
        "sys.path.append('../bench')",
        "sys.path = [*sys.path, 'bench']",
        "sys.path += ['bench']",
        "importlib.import_module('stress')",
        "spec_from_file_location('s', 'bench/stress.py')",
    ):
        assert len(bench_uses(source)) == 1, source
    for source in (
        "import stresskit",
        "from oldschema import old_schema_database",
        "from tracker.storage import database",
        "from . import common",
        'sys.path.insert(0, "tests")',
        "TEXT = 'bench/stress.py runs it at full size'",
    ):
        assert bench_uses(source) == [], source
