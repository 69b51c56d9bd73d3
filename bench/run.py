#!/usr/bin/env python3
"""archcite's benchmark: medians of repeated runs, each beside a baseline measured in the same run.

    python bench/run.py [--volumes DIR] [--runs N] [--quick]

Builds record stores from real FRUS volumes (the shared TEI files, imported, then copied
under other volume ids to reach 1,000 and 30,000 records) in a temporary directory, and
times the installed ``archcite`` command as a user runs it. Nothing here is a test: it
prints figures. ``--quick`` uses 3,000 records instead of 30,000.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_VOLUMES = HERE.parents[1] / "shared" / "frus"
ARCHCITE = shutil.which("archcite") or str(Path(sys.executable).with_name("archcite"))


def timed(args: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def median(args: list[str], env: dict[str, str], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        timed(args, env)
    return statistics.median(timed(args, env) for _ in range(runs))


def build_stores(volumes: list[Path], work: Path, big: int) -> dict[str, Path]:
    """Stores of 1, 1,000 and *big* records, from the volumes imported once and copied."""
    base = work / "imported"
    subprocess.run(
        [ARCHCITE, "import", "frus", *map(str, volumes), "--into", str(base)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "ARCHCITE_CACHE": str(work / "scratch-cache")},
    )
    sources = sorted(p for p in base.iterdir() if p.is_dir())
    stores = {"1": work / "store-1", "1000": work / "store-1000", str(big): work / f"store-{big}"}
    one = stores["1"] / sources[0].name
    one.mkdir(parents=True)
    shutil.copy(sources[0] / "volume.yaml", one)
    shutil.copy(sorted(sources[0].glob("d*.yaml"))[0], one)
    for size in ("1000", str(big)):
        _fill(stores[size], sources, int(size))
    return stores


def _fill(store: Path, sources: list[Path], size: int) -> None:
    copied, round_ = 0, 0
    while copied < size:
        for source in sources:
            new_id = source.name if round_ == 0 else f"{source.name}x{round_:03d}"
            target = store / new_id
            target.mkdir(parents=True)
            for path in sorted(source.glob("*.yaml"), key=lambda p: p.name != "volume.yaml"):
                if path.name != "volume.yaml" and copied >= size:
                    break
                text = path.read_text(encoding="utf-8")
                text = re.sub(rf"\b{re.escape(source.name)}\b", new_id, text)
                (target / path.name).write_text(text, encoding="utf-8")
                copied += path.name != "volume.yaml"
            if copied >= size:
                return
        round_ += 1


def first_id(store: Path) -> str:
    volume = sorted(p for p in store.iterdir() if p.is_dir())[0]
    doc = sorted(volume.glob("d*.yaml"))[0]
    return f"{volume.name}-{doc.stem}"


def citeproc_py_rate(store: Path, env: dict[str, str], sample: int) -> float:
    """citeproc-py alone, one process, rendering archcite's CSL-JSON export with archcite's style."""
    items = json.loads(
        subprocess.run(
            [ARCHCITE, "export", "--all", "--records", str(store)], env=env, capture_output=True, text=True, check=True
        ).stdout
    )[:sample]
    style = HERE.parent / "styles" / "chicago-18.csl"
    code = f"""
import json, sys, time, warnings
warnings.simplefilter("ignore")
from citeproc import CitationStylesStyle, CitationStylesBibliography, Citation, CitationItem, formatter
from citeproc.source.json import CiteProcJSON
items = json.load(sys.stdin)
style = CitationStylesStyle({str(style)!r}, validate=False)
start = time.perf_counter()
for item in items:
    bib = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    citation = Citation([CitationItem(item["id"])])
    bib.register(citation)
    bib.cite(citation, lambda c: None)
print(len(items) / (time.perf_counter() - start))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], input=json.dumps(items), capture_output=True, text=True, check=True, env=env
    )
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--volumes", type=Path, default=DEFAULT_VOLUMES)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    big = 3000 if args.quick else 30000
    volumes = sorted(p for p in args.volumes.glob("frus*.xml") if "bibliography" not in p.name)
    if not volumes:
        sys.exit(f"no FRUS volumes in {args.volumes}")
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="archcite-bench-") as tmp:
        work = Path(tmp)
        cache = work / "cache"
        env = {**os.environ, "ARCHCITE_CACHE": str(cache)}
        stores = build_stores(volumes, work, big)
        runs = args.runs

        python_pass = median([sys.executable, "-c", "pass"], env, runs)
        import_archcite = median([sys.executable, "-c", "import archcite"], env, runs)
        rows += [
            ("python -c pass", f"{python_pass * 1000:.1f} ms", "baseline"),
            (
                "python -c 'import archcite'",
                f"{import_archcite * 1000:.1f} ms",
                f"{import_archcite / python_pass:.2f}× python",
            ),
        ]
        cite_times = {}
        for size, store in stores.items():
            cite_times[size] = median([ARCHCITE, "cite", first_id(store), "--records", str(store)], env, runs)
            rows.append(
                (
                    f"archcite cite, {int(size):,} records",
                    f"{cite_times[size] * 1000:.1f} ms",
                    f"{cite_times[size] / cite_times['1']:.2f}× 1 record; "
                    f"{cite_times[size] / import_archcite:.2f}× import archcite",
                )
            )
        target = 2.5 * import_archcite + 0.060
        rows.append((f"  target at {big:,}", f"< {target * 1000:.1f} ms", "and within 1.2× 1 record"))

        big_store = stores[str(big)]
        cold_runs = 1 if not args.quick else 3
        colds = []
        for i in range(cold_runs):
            colds.append(timed([ARCHCITE, "validate", str(big_store)], {**env, "ARCHCITE_CACHE": str(work / f"v{i}")}))
        validate_cold = statistics.median(colds)
        validate_warm = median([ARCHCITE, "validate", str(big_store)], env, runs)
        rows += [
            (f"archcite validate, {big:,} records, cold", f"{validate_cold:.2f} s", "target < 60 s"),
            (f"archcite validate, {big:,} records, warm", f"{validate_warm:.3f} s", "target < 1 s"),
        ]

        size_mb = sum(p.stat().st_size for p in volumes) / 1e6
        imports = [
            timed(
                [ARCHCITE, "import", "frus", *map(str, volumes), "--into", str(work / f"imp{i}")],
                {**env, "ARCHCITE_CACHE": str(work / f"ic{i}")},
            )
            for i in range(3)
        ]
        parse_code = "import sys; from lxml import etree\nfor p in sys.argv[1:]: etree.parse(p)"
        parses = [timed([sys.executable, "-c", parse_code, *map(str, volumes)], env) for _ in range(3)]
        rows += [
            (
                f"archcite import frus, {len(volumes)} volumes ({size_mb:.1f} MB)",
                f"{size_mb / statistics.median(imports):.1f} MB/s",
                "target ≥ 5 MB/s",
            ),
            (
                "  lxml parse of the same files",
                f"{size_mb / statistics.median(parses):.1f} MB/s",
                f"import is {statistics.median(imports) / statistics.median(parses):.1f}× the parse time",
            ),
        ]

        cite_all = [ARCHCITE, "cite", "--all", "--records", str(big_store)]
        cold_cite = timed(cite_all, {**env, "ARCHCITE_CACHE": str(work / "render-cold")})
        timed(cite_all, env)  # fills the warm cache
        warm_cite = statistics.median(timed(cite_all, env) for _ in range(3))
        raw = citeproc_py_rate(stores["1000"], env, 1000)
        rows += [
            (
                f"archcite cite --all, {big:,} records, cold",
                f"{big / cold_cite:,.0f} citations/s",
                f"{big / cold_cite / raw:.2f}× citeproc-py (target ≥ 2×)",
            ),
            (f"archcite cite --all, {big:,} records, warm", f"{big / warm_cite:,.0f} citations/s", "target ≥ 5,000/s"),
            ("  citeproc-py alone, same CSL-JSON, 1 process", f"{raw:,.0f} citations/s", "baseline"),
        ]

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'median':>22}  ratio / target")
    for name, value, ratio in rows:
        print(f"{name:<{width}}  {value:>22}  {ratio}")


if __name__ == "__main__":
    main()
