"""The record format: frozen, strict Pydantic models of documents and volumes.

These field names are the interface people write by hand in ``records/``; the
reference is docs/records.md. No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from . import edtf
from .vocabulary import NAME_SUFFIXES, VERSIONS

# U+E000–U+E0FF mark italics inside rendered citations; control characters
# would corrupt every output format.
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\ue0ff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
_PAGES = re.compile(r"^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$")


_UNWANTED = re.compile(f"{_FORBIDDEN.pattern}|{_SURROGATE.pattern}")  # one pass over every text


def _text(value: str) -> str:
    if not value or value.isspace():
        raise ValueError("must not be empty")
    if _UNWANTED.search(value):
        if _FORBIDDEN.search(value):
            raise ValueError("contains a control or private-use character")
        raise ValueError("is not valid Unicode text (a lone surrogate)")
    return value


def _number_as_text(value: Any) -> Any:
    # Box and folder numbers are identifiers; `box: 857` unquoted is meant as text.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _date(value: str) -> str:
    try:
        edtf.parse(value)
    except edtf.DateError as e:
        raise ValueError(str(e)) from None
    return value


def _url(value: str) -> str:
    if not _URL.match(value):
        raise ValueError(f"{value!r} is not a well-formed http(s) URL")
    return value


def _pages(value: str) -> str:
    m = _PAGES.match(value)
    if not m:
        raise ValueError(f"{value!r} is not a page or page range (433 or 433–435)")
    if m[2] is not None and int(m[2]) < int(m[1]):
        raise ValueError(f"{value!r}: the range ends before it starts")
    return value


def _document_number(value: str) -> str:
    if not _DOCUMENT_NUMBER.fullmatch(value):
        raise ValueError(f"{value!r} is not a document number (120, or 278A for a lettered document)")
    return value


def _id(value: str) -> str:
    # Ids name files: letters, digits, dots, underscores and hyphens, never a path.
    if not _ID.fullmatch(value) or ".." in value:
        raise ValueError(f"{value!r} is not an id: use letters, digits, '.', '_' and '-' (no '/' or '..')")
    return value


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
_DOCUMENT_NUMBER = re.compile(r"[1-9][0-9]{0,8}[A-Z]?")
Text = Annotated[str, AfterValidator(_text)]
RecordId = Annotated[str, AfterValidator(_id)]
Identifier = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_text)]
EdtfDate = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_date)]
Url = Annotated[str, AfterValidator(_url)]
Pages = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_pages)]
DocumentNumber = Annotated[str, BeforeValidator(_number_as_text), AfterValidator(_document_number)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")


class Person(Model):
    """A correspondent or author: a person, or an office, post or body."""

    name: Text
    role: Text | None = None
    short: Text | None = None  # name in short notes; default: the surname
    office: bool = False  # an office, post or body: never split into names

    @property
    def short_name(self) -> str:
        if self.short:
            return self.short
        if self.office:
            return self.name
        words = self.name.split()
        while len(words) > 1 and words[-1].rstrip(",") in NAME_SUFFIXES:
            words.pop()
        return words[-1].rstrip(",")


class Archive(Model):
    """Where an original is kept, most general level first as FRUS source notes give it."""

    repository: Text
    repository_place: Text | None = None
    record_group: Text | None = None  # RG 59
    collection: Text | None = None
    collection_kind: Text | None = None  # Papers, Records: printed in bibliographies
    collection_short: Text | None = None  # announced as "hereafter cited as …"
    series: list[Text] = Field(default_factory=list)  # most general first
    file_code: Identifier | None = None  # central-file code: POL 27 VIET S
    box: Identifier | None = None
    folder: Identifier | None = None
    item: Identifier | None = None  # item identifier before the folder: MS 228
    call_number: Identifier | None = None  # the collection's number for it: 14200:13


class Copy(Model):
    """Another copy of the document, with the notation it bears and where it is."""

    note: Text
    archive: Archive | None = None


class Publication(Model):
    """Where a document is printed: a volume record, and its place in it."""

    volume: RecordId
    document: DocumentNumber | None = None  # 120, or a lettered document's 278A
    pages: Pages | None = None
    url: Url | None = None  # default: the volume's URL base + /d{document}


class Record(Model):
    """One document, with its archival original and its publication where it has them."""

    id: RecordId
    kind: Text | None = None  # letter, telegram, memorandum of conversation: as the document is described
    title: Text | None = None  # heading as printed, or a description of the item
    document_title: Text | None = None  # a title the document itself bears: quoted
    short_title: Text | None = None
    number: Identifier | None = None  # message or telegram number
    date: EdtfDate | None = None
    date_supplied: bool = False
    place: Text | None = None
    sender: list[Person] = Field(default_factory=list, alias="from")
    recipient: list[Person] = Field(default_factory=list, alias="to")
    participants: list[Person] = Field(default_factory=list)  # of a conversation or meeting, as listed
    classification: list[Text] = Field(default_factory=list)
    caveats: list[Text] = Field(default_factory=list)
    remarks: list[Text] = Field(default_factory=list)
    archive: Archive | None = None
    copies: list[Copy] = Field(default_factory=list)
    published_in: Publication | None = None
    source_note: Text | None = None
    url: Url | None = None  # an online copy of the original
    accessed: EdtfDate | None = None

    @cached_property
    def parsed_date(self) -> edtf.Date | None:
        return edtf.parse(self.date) if self.date else None

    @cached_property
    def parsed_accessed(self) -> edtf.Date | None:
        return edtf.parse(self.accessed) if self.accessed else None

    @property
    def is_collection(self) -> bool:
        return self.kind == "collection"

    @property
    def is_printed(self) -> bool:
        """Printed in an edition: it can be cited in print and online (a whole collection never is)."""
        return self.published_in is not None and not self.is_collection

    @property
    def versions(self) -> tuple[str, ...]:
        """The versions this record can be cited in: ``archive``, ``print``, ``online``."""
        return versions(has_archive=self.archive is not None, printed=self.is_printed)

    @property
    def default_version(self) -> str:
        """Print when printed, else the original in its repository."""
        return "print" if self.is_printed else "archive"

    @property
    def who_met(self) -> list[Person]:
        """Those a citation names as having met (decision D17): the two or three people a record of a
        conversation lists, when it has no correspondents; none otherwise (a longer list, an office)."""
        people = self.participants
        if self.sender or self.recipient or not 2 <= len(people) <= 3 or any(p.office for p in people):
            return []
        return people if self.kind is None or "conversation" in self.kind else []


def versions(*, has_archive: bool, printed: bool) -> tuple[str, ...]:
    """Which versions a record with (or without) an original and a printing can be cited in."""
    return tuple(v for v in VERSIONS if (v == "archive" and has_archive) or (v != "archive" and printed))


class Volume(Model):
    """A volume of a documentary edition, such as a FRUS volume."""

    id: RecordId
    author: Text = "U.S. Department of State"  # issuing body, leads bibliography entries
    series_title: Text = "Foreign Relations of the United States"
    subseries: Text | None = None  # 1969–1976
    volume: Identifier | None = None  # as printed: IX; some volumes have none
    part: Identifier | None = None
    title: Text
    editors: list[Text] = Field(default_factory=list)  # none when the volume names none
    general_editor: Text | None = None
    publisher: Text
    publisher_place: Text
    year: int
    isbn: Identifier | None = None
    url: Url | None = None  # base URL; documents are {url}/d{n}
    cite_by: str | None = Field(default=None, pattern="^(document|page)$")

    @property
    def cites_by_page(self) -> bool:
        """Volumes before the 1955–1957 subseries are cited by page (their web numbers are not in print)."""
        if self.cite_by:
            return self.cite_by == "page"
        first_year = re.match(r"\d{4}", self.subseries or "")
        return bool(first_year) and int(first_year[0]) < 1955 if first_year else False


__all__ = ["ValidationError"]  # the error of model_validate, for modules that build records from data
ModelT = TypeVar("ModelT", bound=BaseModel)
FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record's data: the field path and what is wrong, in words."""

    path: FieldPath
    message: str


def check(data: Any, model: type[ModelT]) -> ModelT | list[Problem]:
    """*data* as a *model*, or every problem found, in the words archcite uses."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        return problems(e)


def _did_you_mean(error: ValidationError, path: FieldPath) -> str:
    """``repositry`` → ``; did you mean `repository`?``: the nearest field of the model it is in."""
    import difflib

    model: Any = {"Record": Record, "Volume": Volume}.get(error.title)
    for part in path[:-1]:
        if model is None:
            return ""
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) or next((f for f in model.model_fields.values() if f.alias == part), None)
        model = _model_of(field.annotation) if field is not None else None
    if model is None or not isinstance(path[-1], str):
        return ""
    names = [f.alias or name for name, f in model.model_fields.items()]
    unquoted = path[-1].strip("“”‘’„«»")
    if unquoted != path[-1] and unquoted in names:  # “kind”: typed with a word processor's quotation marks
        return f"; curly quotation marks around a field name are part of it: write `{unquoted}`"
    near = difflib.get_close_matches(path[-1], names, n=1, cutoff=0.75)
    return f"; did you mean `{near[0]}`?" if near else ""


def _model_of(annotation: Any) -> Any:
    """The model a field holds: ``Archive``, ``list[Person]`` → Person, ``Archive | None`` → Archive."""
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def problems(error: ValidationError) -> list[Problem]:
    """Pydantic's errors as archcite's problems: the one place that turns the first into the second."""
    out = []
    for err in error.errors(include_url=False):
        path: FieldPath = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        kind, message = err["type"], str(err["msg"])
        if kind == "extra_forbidden":
            message = "unknown field" + _did_you_mean(error, path)
        elif kind == "missing":
            message = "required field is missing"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        elif kind.endswith("_type"):
            message = f"{message[0].lower()}{message[1:]}, not {type(err.get('input')).__name__}"
        out.append(Problem(path, message))
    return out
