"""A model-based test of the index and the caches: whatever happens to the files, every answer is
the answer of a fresh run.

hypothesis drives random sequences of what people and tools do to a records directory (create,
edit in place, edit keeping the size and putting the time back, rename, move between folders,
delete, rename and swap folders as ``git checkout`` does) interleaved with archcite's commands
(``cite``, ``cite --all``, ``export --all``, ``bib --all``, ``validate``, ``find``). Each command runs with
the long-lived cache directory and again with a new, empty one; the two must agree exactly.

CI runs a bounded number of steps; a longer run:

    ARCHCITE_MODEL_STEPS=200 ARCHCITE_MODEL_EXAMPLES=200 python -m pytest tests/test_model_based.py
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from archcite import index
from test_trust import run

STAT_IN_TWO_ABOVE = index.STAT_IN_TWO_ABOVE

NAMES = ["Creel", "House", "Wilson", "Lansing"]  # same length: an edit that keeps the size
PLACES = ["Paris", "Rome", "Bonn"]
FOLDERS = ["a", "b", "c"]
STEMS = [f"r{i}" for i in range(6)]


def record_text(stem: str, sender: str, place: str) -> str:
    return (
        f"id: {stem}\nkind: letter\ndate: 1918-09-25\nplace: {place}\n"
        f"from: [{{name: George {sender}}}]\nto: [{{name: Colonel House}}]\n"
        "archive: {repository: Yale University Library, collection: Edward M. House Papers}\n"
    )


class RecordsDirectory(RuleBasedStateMachine):
    """A records directory, a cache directory, and what is done to them."""

    def __init__(self) -> None:
        super().__init__()
        index.STAT_IN_TWO_ABOVE = 0  # the long-lived index checks its files with a forked process too
        self.work = Path(tempfile.mkdtemp(prefix="archcite-model-"))
        self.root = self.work / "records"
        self.cache = self.work / "cache"
        self.root.mkdir()

    def teardown(self) -> None:
        index.STAT_IN_TWO_ABOVE = STAT_IN_TWO_ABOVE
        shutil.rmtree(self.work, ignore_errors=True)

    def files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.yaml"))

    def folders(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*") if p.is_dir())

    @initialize()
    def start(self) -> None:
        for stem in STEMS[:3]:
            (self.root / f"{stem}.yaml").write_text(record_text(stem, "Creel", "Paris"), encoding="utf-8")

    # --- what happens to the files -----------------------------------------------------------

    @rule(stem=st.sampled_from(STEMS), folder=st.sampled_from(["", *FOLDERS]), sender=st.sampled_from(NAMES))
    def create(self, stem: str, folder: str, sender: str) -> None:
        where = self.root / folder
        where.mkdir(exist_ok=True)
        (where / f"{stem}.yaml").write_text(record_text(stem, sender, "Paris"), encoding="utf-8")

    @precondition(lambda self: self.files())
    @rule(data=st.data(), sender=st.sampled_from(NAMES), place=st.sampled_from(PLACES))
    def edit(self, data: st.DataObject, sender: str, place: str) -> None:
        path = data.draw(st.sampled_from(self.files()))
        path.write_text(record_text(path.stem, sender, place), encoding="utf-8")

    @precondition(lambda self: self.files())
    @rule(data=st.data(), sender=st.sampled_from(NAMES))
    def edit_keeping_size_and_time(self, data: st.DataObject, sender: str) -> None:
        """As ``touch -d`` after an edit: same size, the old modification time put back."""
        path = data.draw(st.sampled_from(self.files()))
        before = path.stat()
        text = path.read_text(encoding="utf-8")
        for name in NAMES:
            text = text.replace(f"George {name}", f"George {sender}")
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))

    @precondition(lambda self: self.files())
    @rule(data=st.data(), stem=st.sampled_from(STEMS))
    def rename(self, data: st.DataObject, stem: str) -> None:
        path = data.draw(st.sampled_from(self.files()))
        path.rename(path.with_name(f"{stem}.yaml"))

    @precondition(lambda self: self.files())
    @rule(data=st.data(), folder=st.sampled_from(["", *FOLDERS]))
    def move(self, data: st.DataObject, folder: str) -> None:
        path = data.draw(st.sampled_from(self.files()))
        target = self.root / folder
        target.mkdir(exist_ok=True)
        path.rename(target / path.name)

    @precondition(lambda self: self.files())
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        data.draw(st.sampled_from(self.files())).unlink()

    @precondition(lambda self: self.folders())
    @rule(data=st.data(), name=st.sampled_from([*FOLDERS, "d"]))
    def rename_folder(self, data: st.DataObject, name: str) -> None:
        folder = data.draw(st.sampled_from(self.folders()))
        target = self.root / name
        if not target.exists() and not str(target).startswith(str(folder) + os.sep):
            folder.rename(target)

    @precondition(lambda self: len([f for f in self.folders() if f.parent == self.root]) >= 2)
    @rule(data=st.data())
    def swap_folders(self, data: st.DataObject) -> None:
        """Two folders exchange their contents at once, as a checkout of another branch does."""
        top = [f for f in self.folders() if f.parent == self.root]
        first, second = data.draw(st.permutations(top))[:2]
        aside = self.root / ".swap"
        first.rename(aside)
        second.rename(first)
        aside.rename(second)

    @precondition(lambda self: self.folders())
    @rule(data=st.data())
    def delete_folder(self, data: st.DataObject) -> None:
        shutil.rmtree(data.draw(st.sampled_from(self.folders())))

    # --- archcite's answers --------------------------------------------------------------------

    def agree(self, args: list[str]) -> None:
        cached = run(args, cache_dir=self.cache)
        fresh = run(args)
        assert cached == fresh, (args, cached, fresh)

    @rule(stem=st.sampled_from(STEMS))
    def cite(self, stem: str) -> None:
        self.agree(["cite", stem, "--records", str(self.root)])

    @rule()
    def cite_all(self) -> None:
        if self.files():
            self.agree(["cite", "--all", "--records", str(self.root)])

    @rule()
    def export_all(self) -> None:
        if self.files():
            self.agree(["export", "--all", "--records", str(self.root)])

    @rule()
    def bib_all(self) -> None:
        if self.files():
            self.agree(["bib", "--all", "--records", str(self.root)])

    @rule()
    def validate(self) -> None:
        self.agree(["validate", str(self.root)])

    @rule(sender=st.sampled_from(NAMES), place=st.sampled_from(PLACES))
    def find(self, sender: str, place: str) -> None:
        """``find`` agrees with a fresh run, and with what the files say, read here directly."""
        args = ["find", "--from", sender, "--records", str(self.root), "--sort", "id"]
        self.agree(args)
        self.agree(["find", place, "--records", str(self.root), "--format", "json"])
        code, out, _ = run(args, cache_dir=self.cache)
        said = sorted(p.stem for p in self.files() if f"George {sender}" in p.read_text(encoding="utf-8"))
        assert (code, sorted(out.split())) == (0 if said else 1, said)

    @invariant()
    def no_file_outside_the_directories(self) -> None:
        assert not list(self.root.rglob("*.tmp"))


RecordsDirectory.TestCase.settings = settings(
    max_examples=int(os.environ.get("ARCHCITE_MODEL_EXAMPLES", "40")),
    stateful_step_count=int(os.environ.get("ARCHCITE_MODEL_STEPS", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestRecordsDirectory = RecordsDirectory.TestCase
