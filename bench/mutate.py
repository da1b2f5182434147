"""Mutation testing of the modules that hold the rules, each with only the tests aimed at it.

    .venv/bin/python bench/mutate.py                      # every module below
    .venv/bin/python bench/mutate.py standings text       # the modules whose key contains a word
    .venv/bin/python bench/mutate.py --list               # the modules and their tests

For each module, the project's files (as `git ls-files` lists them, tracked or new) are copied to
a scratch folder, mutmut is told which file to mutate and which tests to run, and it runs there, so
the work tree is never touched. Prints, per module, how many mutants the tests killed and every
surviving mutant as a diff; the whole report is also written to <scratch>/report.txt. Not in CI:
`make mutate` runs it, niced. Needs mutmut (requirements-test.txt).
"""

import argparse
import ast
import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# module key: (the files to mutate, as mutmut's only_mutate globs; the tests aimed at them)
MODULES = {
    "inspections/scoring.py": (
        ["inspections/scoring.py"],
        ["tests/inspections/test_scoring.py", "tests/inspections/test_scoring_rules.py"],
    ),
    "inspections/standings.py": (
        ["inspections/standings.py"],
        ["tests/inspections/test_standings_rules.py"],
    ),
    "inspections/access.py": (
        ["inspections/access.py"],
        ["tests/inspections/test_access_rules.py"],
    ),
    "villages/access.py": (["villages/access.py"], ["tests/inspections/test_access_rules.py"]),
    "villages/text.py": (["villages/text.py"], ["tests/villages/test_text_cleaning_rules.py"]),
    "reports/summary.py": (["reports/summary.py"], ["tests/reports/test_summary_sentences.py"]),
    "reports/zone.py": (["reports/zone.py"], ["tests/reports/test_zone_figures.py"]),
    "reports/issuing.py": (
        ["reports/issuing.py", "reports/asof.py"],
        ["tests/reports/test_issuing.py", "tests/reports/test_issuing_rules.py"],
    ),
    "audit/chain.py": (
        ["audit/chain.py"],
        ["tests/audit/test_trail.py", "tests/audit/test_concurrency.py", "tests/audit/test_chain_rules.py"],
    ),
    "inspections/views/offline.py": (
        ["inspections/views/offline.py"],
        ["tests/inspections/test_offline.py", "tests/inspections/test_outbox_rules.py"],
    ),
    "inspections/services/": (  # the slowest: last
        ["inspections/services/*"],
        [
            "tests/inspections/test_service_guards.py",
            "tests/inspections/test_import_rules.py",
            "tests/inspections/test_service_records.py",
            "tests/inspections/test_service_setup.py",
        ],
    ),
}

# What the tests import or read, copied beside the mutated packages (tests/ is copied by mutmut).
SOURCE_PATHS = ["inspections", "villages", "reports", "audit", "accounts", "config", "bench"]
ALSO_COPY = ["templates", "static", "locale", "manage.py"]  # pytest-django looks for manage.py
# mutmut leaves decorated functions alone; a function whose decorators are all among these gets them
# applied after it instead (`f = never_cache(require_POST(f))`), in the scratch copy only, so the
# functions behind them are mutated.
UNDECORATE = {
    "transaction.atomic",
    "property",
    "never_cache",  # and the views' decorators
    "login_required",
    "require_GET",
    "require_POST",
}


def undecorate(source):
    """`@transaction.atomic def f` → `def f …` then `f = transaction.atomic(f)`; the same for the
    other decorators of UNDECORATE, several in their order."""
    lines = source.splitlines(keepends=True)
    edits = []  # (line index, "remove" | text to insert after it)
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.decorator_list:
            continue
        decorators = [ast.unparse(d) for d in node.decorator_list]
        if not all(d in UNDECORATE for d in decorators):
            continue
        indent = " " * node.col_offset
        for d in node.decorator_list:
            edits.append((d.lineno - 1, None))
        wrapped = node.name
        for decorator in reversed(decorators):  # the one nearest the function is applied first
            wrapped = f"{decorator}({wrapped})"
        edits.append((node.end_lineno - 1, f"{indent}{node.name} = {wrapped}\n"))
    for index, text in sorted(edits, key=lambda e: e[0], reverse=True):
        if text is None:
            del lines[index]
        else:
            lines.insert(index + 1, text)
    return "".join(lines)


def project_files():
    out = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    return [name for name in out.decode().split("\0") if name and (ROOT / name).is_file()]


def toml_list(items):
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def prepare(scratch, only_mutate, tests):
    if scratch.exists():
        shutil.rmtree(scratch)
    for name in project_files():
        target = scratch / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
        if name.endswith(".py") and any(fnmatch.fnmatch(name, glob) for glob in only_mutate):
            target.write_text(undecorate(target.read_text(encoding="utf-8")), encoding="utf-8")
    pyproject = scratch / "pyproject.toml"
    pyproject.write_text(
        pyproject.read_text(encoding="utf-8")
        + "\n[tool.mutmut]\n"
        + f"source_paths = {toml_list(SOURCE_PATHS)}\n"
        + f"also_copy = {toml_list(ALSO_COPY)}\n"
        + f"only_mutate = {toml_list(only_mutate)}\n"
        + f"pytest_add_cli_args_test_selection = {toml_list(tests)}\n"
        + 'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q", "-x", "--nomigrations"]\n'
        + "use_git_change_detection = false\n",
        encoding="utf-8",
    )


RESULT = re.compile(r"^\s+(\S+): (\S.*)$")


def run_module(key, scratch_root, children):
    only_mutate, tests = MODULES[key]
    scratch = scratch_root / re.sub(r"[^a-z]+", "-", key).strip("-")
    prepare(scratch, only_mutate, tests)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings_test", PYTHONDONTWRITEBYTECODE="1")
    env.pop("DATABASE_URL", None)  # SQLite in memory: each worker its own database
    mutmut = [sys.executable, "-m", "mutmut"]
    started = time.monotonic()
    log = scratch / "mutmut.log"
    with open(log, "w") as out:
        run = subprocess.run(
            [*mutmut, "run", "--max-children", str(children)], cwd=scratch, env=env, stdout=out, stderr=out
        )
    seconds = time.monotonic() - started
    if run.returncode != 0:
        return {"key": key, "error": f"mutmut run failed ({run.returncode}), see {log}", "seconds": seconds}
    listing = subprocess.run(
        [*mutmut, "results", "--all", "true"], cwd=scratch, env=env, capture_output=True, text=True
    ).stdout
    statuses = {}
    for line in listing.splitlines():
        match = RESULT.match(line)
        if match:
            statuses[match.group(1)] = match.group(2).strip()
    survivors = []
    for name, status in sorted(statuses.items()):
        if status in ("survived", "no tests", "suspicious"):
            diff = subprocess.run(
                [*mutmut, "show", name], cwd=scratch, env=env, capture_output=True, text=True
            ).stdout
            survivors.append((name, status, diff))
    caught = sum(1 for s in statuses.values() if s in ("killed", "timeout", "segfault"))
    return {
        "key": key,
        "total": len(statuses),
        "caught": caught,
        "survivors": survivors,
        "seconds": seconds,
        "statuses": statuses,
    }


def report(result):
    lines = []
    if "error" in result:
        lines.append(f"## {result['key']}: {result['error']}")
        return "\n".join(lines)
    total, caught = result["total"], result["caught"]
    score = 100 * caught / total if total else 100.0
    lines.append(
        f"## {result['key']}: {caught}/{total} killed ({score:.0f} %), "
        f"{len(result['survivors'])} left, {result['seconds']:.0f} s"
    )
    for name, status, diff in result["survivors"]:
        lines.append(f"--- {name} ({status})")
        lines.append(diff.rstrip())
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("words", nargs="*", help="run only the modules whose key contains one of these")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "liangsaibi-mutate")
    args = parser.parse_args()
    keys = [k for k in MODULES if not args.words or any(w in k for w in args.words)]
    if args.list:
        for key in keys:
            print(key, "←", " ".join(MODULES[key][1]))
        return 0
    args.scratch.mkdir(parents=True, exist_ok=True)
    summary, texts = [], []
    for key in keys:
        print(f"mutating {key} …", flush=True)
        result = run_module(key, args.scratch, args.children)
        text = report(result)
        texts.append(text)
        print(text, flush=True)
        summary.append(text.splitlines()[0])
    whole = "\n\n".join(texts) + "\n\n# Scores\n" + "\n".join(summary) + "\n"
    (args.scratch / "report.txt").write_text(whole, encoding="utf-8")
    print("\n# Scores")
    print("\n".join(summary))
    print(f"(report: {args.scratch / 'report.txt'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
