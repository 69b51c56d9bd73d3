"""The shape of the code: each concept in one room, imports pointing one way, start-up light.

The rules of docs/architecture.md that a machine can check, read from the source's syntax tree:
which module may import which library, which module alone knows file suffixes, opens input files,
builds an XML parser or a cache key, and that the modules' imports form no cycle.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "archcite"
MODULES = {
    ".".join(p.relative_to(SRC).with_suffix("").parts): ast.parse(p.read_text(encoding="utf-8"))
    for p in sorted(SRC.rglob("*.py"))
}


def imported(tree: ast.Module) -> set[str]:
    """Every module a module imports, anywhere in it but for type checking (archcite's own as ``archcite.x``)."""
    found = set()
    typing_only = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: part of archcite
                found.add("archcite." + (node.module or "") if node.module else "archcite")
                found |= {f"archcite.{alias.name}" for alias in node.names if not node.module}
            elif node.module:
                found.add(node.module)
    return found


def top(name: str) -> str:
    return name.split(".")[0]


# (library, the modules that alone may import it)
LIBRARIES = [
    ("click", {"cli"}),
    ("rich", {"terminal"}),
    ("citeproc", {"render", "citeproc_fixes"}),
    ("lxml", {"safexml"}),
    ("sqlite3", {"cachedir", "index", "rendercache", "finding"}),
    ("pydantic", {"models"}),
    ("yaml", {"yamlfile", "yamlwrite", "recordio", "exporters.csl_json"}),
    ("multiprocessing", {"workers"}),
]


@pytest.mark.parametrize(("library", "allowed"), LIBRARIES, ids=[lib for lib, _ in LIBRARIES])
def test_library_is_imported_in_its_own_room(library: str, allowed: set[str]) -> None:
    users = {name for name, tree in MODULES.items() if any(top(m) == library for m in imported(tree))}
    assert users <= allowed, f"{library} imported by {sorted(users - allowed)}"


def test_exporters_import_no_renderer() -> None:
    """Exporting CSL-JSON, BibLaTeX or RIS never loads citeproc-py, the renderers or the terminal."""
    forbidden = {"archcite.render", "archcite.citation", "archcite.citing", "archcite.output", "archcite.terminal"}
    for name, tree in MODULES.items():
        if name.startswith("exporters"):
            assert not (imported(tree) & forbidden), name


def string_constants(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value


def docstrings(tree: ast.Module) -> set[int]:
    """The ids of the docstring constants (they may mention file names)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def test_only_layout_knows_record_file_names() -> None:
    """File suffixes and the volume file's name are written in layout.py alone."""
    for name, tree in MODULES.items():
        if name == "layout":
            continue
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                assert not node.value.endswith((".yaml", ".yml")), (name, node.value)
                assert node.value not in (".yaml", ".yml"), (name, node.value)


def calls(tree: ast.Module) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_only_boundedio_reads_files() -> None:
    """Every file archcite is given is read through the bounded reader: no open(), read_text() or read_bytes()."""
    for name, tree in MODULES.items():
        if name == "boundedio":
            continue
        for call in calls(tree):
            function = call.func
            assert not (isinstance(function, ast.Name) and function.id == "open"), name
            if isinstance(function, ast.Attribute) and function.attr in ("read_text", "read_bytes"):
                owner = function.value
                assert isinstance(owner, ast.Name), (name, function.attr)
                assert owner.id == "boundedio", (name, function.attr)


def test_one_xml_parser_and_one_cache_key() -> None:
    """Only safexml builds an XML parser; only options makes a cache key, and only citing asks for one."""
    for name, tree in MODULES.items():
        names = {c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", "") for c in calls(tree)}
        if name != "safexml":
            assert "XMLParser" not in names, name
        if name != "citing":
            assert "cache_key" not in names, name
        if name not in ("citing", "styles", "rendercache"):
            assert not ({"get_many", "put_many"} & names), name


def test_imports_form_no_cycle() -> None:
    """archcite's modules import each other at module level in one direction only."""
    graph: dict[str, set[str]] = {}
    for name, tree in MODULES.items():
        package = name.split(".")[:-1]
        edges = set()
        for node in tree.body:  # module level only: imports inside functions are deliberate and lazy
            if isinstance(node, ast.ImportFrom) and node.level:
                base = package[: len(package) - (node.level - 1)]
                if node.module:
                    targets = {".".join([*base, node.module])}
                else:
                    targets = {".".join([*base, alias.name]) for alias in node.names}
                edges |= {t for t in targets if t in MODULES and t != name}
        graph[name] = edges
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " → ".join([*path, node, nxt]))
            if nxt not in state:
                visit(nxt, [*path, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])


def loaded_after(args: list[str], modules: tuple[str, ...]) -> list[str]:
    """Which of *modules* a run of `archcite ARGS` in a fresh interpreter loads."""
    code = (
        "import sys; from archcite.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    found: list[str] = ast.literal_eval(result.stderr.strip().splitlines()[-1])
    return found


def test_help_imports_nothing_heavy() -> None:
    """`archcite --help` loads neither pydantic, citeproc-py, lxml nor rich."""
    assert loaded_after(["--help"], ("pydantic", "citeproc", "lxml", "rich")) == []


def test_piped_cite_does_not_load_rich() -> None:
    """A citation printed to a pipe never loads rich."""
    assert loaded_after(["cite", "120"], ("rich",)) == []


def test_exporting_csl_json_loads_no_renderer() -> None:
    assert loaded_after(["export", "120"], ("citeproc", "rich", "lxml")) == []


def test_security_md_names_tests_that_exist() -> None:
    """Each guarantee in SECURITY.md names the tests that prove it: each named test is real."""
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    sources = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    named = set(re.findall(r"(?:::|`)(test_\w+)(?:`|\b(?!\.py))", text)) - {
        n for n in re.findall(r"`(test_\w+)\.py", text)
    }
    assert named, "SECURITY.md names no tests"
    missing = sorted(n for n in named if f"def {n}(" not in sources)
    assert not missing, f"SECURITY.md names tests that do not exist: {missing}"
