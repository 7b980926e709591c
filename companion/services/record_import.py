"""Bringing existing records in: clients (事業者) or visits (訪問記録) from an Excel
workbook (.xlsx) or a CSV file (UTF-8 with or without BOM, Shift_JIS/cp932, UTF-16).

Three steps, each usable alone (the window and ``companion import`` use the same):

1. ``read_table(path)`` reads the file into a ``SourceTable`` (no database): the first
   sheet, its header row (the first of the top rows that names fields, so a title line
   above the table is passed over), then every non-empty row with its number as the
   spreadsheet shows it. Files over ``MAX_FILE_BYTES``, ``MAX_ROWS`` or ``MAX_COLUMNS``
   are refused whole, with a message naming the limit.
2. ``propose_mapping`` (``companion.domain.record_columns``) guesses which column goes to
   which field; the user changes it; ``check_mapping`` refuses a mapping without a
   required field or with a field twice.
3. ``import_records`` reads every row against the database: a row that cannot be read
   is rejected with its number and reason (日付が読めません: 「R7.13.1」), a client
   already registered (the same name once 株式会社 and the like, width and spaces are
   set aside, or the same phone number) is a duplicate, skipped or merged (its blank
   fields filled, nothing overwritten), a visit goes to its client's engagement whose
   period holds its day. Everything is then written in ONE transaction, which is one
   change set and so one undo step; ``dry_run`` writes nothing.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, tzinfo
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session, col, select

from companion.db.models import Client, Engagement, Visit, VisitAction
from companion.domain.calendar import DateTextError, day_start, local_day, parse_date
from companion.domain.enums import Owner
from companion.domain.record_columns import (
    KIND_LABELS,
    FieldSpec,
    ImportKind,
    OnDuplicate,
    field_by_name,
    fields_of,
    header_key,
    header_score,
    parse_count,
    parse_mode,
    parse_time,
    parse_time_span,
    phone_digits,
    phone_numbers,
    propose_mapping,
    split_address,
)
from companion.errors import KnownError, Message, ValidationError
from companion.review.limits import MiB, UnreadableInput, read_bytes, size_text
from companion.services.clients import ClientDraft, _clean_client, name_key
from companion.services.visits.capture import (
    MAX_ACTION_TEXT,
    ActionDraft,
    VisitDraft,
    parse_distance,
    validate_visit,
)

MAX_FILE_BYTES = 20 * MiB
MAX_ROWS = 5000  # rows of records, the header not counted
MAX_COLUMNS = 100
MAX_CELL_CHARS = 20_000
MAX_XLSX_UNPACKED = 256 * MiB  # all parts of a workbook, uncompressed
HEADER_SEARCH_ROWS = 10  # a title and a blank line may sit above the header

Cell = str | int | float | date | datetime | time | bool | None


class RowStatus(StrEnum):
    IMPORT = "import"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"


# --- reading the file ------------------------------------------------------------------

@dataclass(frozen=True)
class SourceRow:
    number: int  # as the spreadsheet shows it (1 = the first line of the file)
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class SourceTable:
    """A file's table: its header cells and its non-empty rows."""

    file_name: str
    sheet: str  # the sheet's name; empty for a CSV file
    encoding: str  # how a CSV file was read ("UTF-8", "Shift_JIS"); "" for .xlsx
    headers: tuple[str, ...]
    rows: tuple[SourceRow, ...]

    def column_label(self, index: int) -> str:
        """A column as the user knows it: its header, else its letter (列 C)."""
        header = self.headers[index] if index < len(self.headers) else ""
        return header or f"列 {column_letter(index)}"

    def first_value(self, index: int) -> str:
        """The column's first non-blank value, for the mapping's example."""
        for row in self.rows:
            if index < len(row.cells) and (text := cell_text(row.cells[index])):
                return text
        return ""


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_text(cell: Cell) -> str:
    """A cell as text: dates as 2025/04/01, whole numbers without ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, datetime):
        if cell.time() == time():
            return f"{cell:%Y/%m/%d}"
        return f"{cell:%Y/%m/%d %H:%M}"
    if isinstance(cell, date):
        return f"{cell:%Y/%m/%d}"
    if isinstance(cell, time):
        return f"{cell:%H:%M}"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else str(cell)
    if isinstance(cell, int):
        return str(cell)
    return cell.strip()


def _unreadable(path: Path, reason: Message) -> UnreadableInput:
    return UnreadableInput("取り込むファイルを読めません: {path}({reason})", path=path,
                           reason=reason)


def read_table(path: Path) -> SourceTable:
    """The table in an .xlsx or .csv file. Raises UnreadableInput (nothing read) for a
    file that is missing, too large, of another kind, or not text in a known encoding."""
    suffix = path.suffix.casefold()
    if suffix in (".xls", ".xlsm", ".xlsb", ".ods", ".numbers"):
        raise UnreadableInput(
            "この形式のファイルは取り込めません: {path}", path=path,
            hint="Excel で「名前を付けて保存」から Excel ブック(.xlsx)か CSV で保存し直してください。")
    data = read_bytes(path, limit=MAX_FILE_BYTES)
    if data.startswith(b"PK\x03\x04"):
        rows, sheet = _xlsx_rows(path, data)
        encoding = ""
    elif suffix == ".xlsx":
        raise _unreadable(path, Message("Excel ブックではありません"))
    elif data.startswith(b"\xd0\xcf\x11\xe0"):  # the old binary .xls under another name
        raise UnreadableInput(
            "この形式のファイルは取り込めません: {path}", path=path,
            hint="Excel で「名前を付けて保存」から Excel ブック(.xlsx)か CSV で保存し直してください。")
    else:
        text, encoding = _decode(path, data)
        rows, sheet = _csv_rows(text), ""
    return _table(path, rows, sheet=sheet, encoding=encoding)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """CSV text and the encoding it was in: a BOM says so; else UTF-8 if it is valid
    (Shift_JIS text almost never is), else Shift_JIS as Windows writes it (cp932)."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE,
                                                        codecs.BOM_UTF16_BE)):
        raise _unreadable(path, Message("テキストではありません"))
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS"
    except UnicodeDecodeError:
        raise UnreadableInput(
            "文字コードを判別できません: {path}", path=path,
            hint="UTF-8 か Shift_JIS の CSV で保存し直してください。") from None


def _csv_rows(text: str) -> list[tuple[int, tuple[Cell, ...]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Numbered by record, as Excel shows a CSV file: a note over several lines is
        # one row.
        for number, row in enumerate(reader, start=1):
            if _blank(row):
                continue
            rows.append((number, tuple(row)))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break  # enough to say there are too many
    except csv.Error as exc:
        raise KnownError("CSV の {line}行目を読めません({reason})。", line=reader.line_num,
                         reason=str(exc)) from None
    return rows


def _xlsx_rows(path: Path, data: bytes) -> tuple[list[tuple[int, tuple[Cell, ...]]], str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > 10_000 or sum(p.file_size for p in parts) > MAX_XLSX_UNPACKED:
                raise UnreadableInput("ファイルが大きすぎます(上限 {limit}): {path}",
                                      limit=size_text(MAX_XLSX_UNPACKED), path=path)
    except zipfile.BadZipFile:
        raise _unreadable(path, Message("Excel ブックが壊れています")) from None
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _unreadable(path, Message("Excel ブックとして開けません: {error}",
                                             error=type(exc).__name__)) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        # One column past the limit is enough to say there are too many.
        for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), start=1):
            if _blank(values):
                continue  # rows Excel keeps for their formatting alone
            rows.append((number, tuple(values)))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
                break  # enough to say there are too many
        return rows, str(sheet.title)
    except Exception as exc:
        raise _unreadable(path, Message("Excel ブックとして読めません: {error}",
                                             error=type(exc).__name__)) from None
    finally:
        workbook.close()


def _blank(cells: Sequence[Cell]) -> bool:
    return all(cell_text(cell) == "" for cell in cells)


def _used_width(cells: Sequence[Cell]) -> int:
    """The columns up to the last one that holds something."""
    for index in range(len(cells) - 1, -1, -1):
        if cell_text(cells[index]):
            return index + 1
    return 0


def _table(path: Path, rows: list[tuple[int, tuple[Cell, ...]]], *, sheet: str,
           encoding: str) -> SourceTable:
    filled = [(number, cells) for number, cells in rows if not _blank(cells)]
    if not filled:
        raise KnownError("取り込むファイルに表がありません: {path}", path=path,
                         hint="1行目に列名(事業者名、日付 など)、2行目から記録がある表にしてください。")
    # The header: of the first rows, the one naming the most fields of either kind.
    top = filled[:HEADER_SEARCH_ROWS]
    scores = [max(header_score(kind, [cell_text(c) for c in cells]) for kind in ImportKind)
              for _number, cells in top]
    at = scores.index(max(scores)) if max(scores) > 0 else 0
    header_cells = filled[at][1]
    width = max(_used_width(cells) for _number, cells in filled[at:])
    if width > MAX_COLUMNS:
        raise KnownError("列が多すぎます(上限 {limit}列): {path}", limit=MAX_COLUMNS,
                         path=path)
    records = filled[at + 1:]
    if len(records) > MAX_ROWS:
        raise KnownError("行が多すぎます(上限 {limit:,}行): {path}", limit=MAX_ROWS, path=path,
                         hint="ファイルをいくつかに分けて、順に取り込んでください。")
    headers = tuple(cell_text(cell) for cell in header_cells[:width])
    headers += ("",) * (width - len(headers))
    source_rows = []
    for number, cells in records:
        padded = (tuple(cells[:width]) + (None,) * width)[:width]
        for cell in padded:
            if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
                raise KnownError("{row}行目に長すぎる値があります({limit:,}文字まで): {path}",
                                 row=number, limit=MAX_CELL_CHARS, path=path)
        source_rows.append(SourceRow(number, padded))
    return SourceTable(file_name=path.name, sheet=sheet, encoding=encoding,
                       headers=headers, rows=tuple(source_rows))


# --- the mapping ------------------------------------------------------------------------

def suggest_mapping(table: SourceTable, kind: ImportKind) -> dict[int, str]:
    """Column index -> field key, guessed from the headers."""
    return propose_mapping(kind, table.headers)


def guess_kind(table: SourceTable) -> ImportKind:
    """The kind whose fields the headers name best (visits when they have a date)."""
    visits = propose_mapping(ImportKind.VISITS, table.headers)
    clients = propose_mapping(ImportKind.CLIENTS, table.headers)
    if "date" in visits.values() and len(visits) >= len(clients) - 1:
        return ImportKind.VISITS
    return ImportKind.CLIENTS


def mapping_with_options(table: SourceTable, kind: ImportKind, options: Sequence[str],
                         mapping: dict[int, str] | None = None) -> dict[int, str]:
    """``--map 列名=field`` on top of ``mapping`` (the guess by default): the column by
    its header or letter, the field by key or label; an empty field (``列名=``) leaves
    the column out."""
    result = dict(suggest_mapping(table, kind) if mapping is None else mapping)
    for option in options:
        column_name, sep, field_name = option.partition("=")
        if not sep:
            raise ValidationError("--map は 列名=項目 の形で指定してください: {option}",
                                  field="map", option=option)
        index = _column_index(table, column_name.strip())
        if index is None:
            raise ValidationError(
                "ファイルに「{column}」という列がありません。", field="map",
                column=column_name.strip(),
                hint=Message("列: {columns}", columns="、".join(
                    table.column_label(i) for i in range(len(table.headers)))))
        result.pop(index, None)
        if not field_name.strip() or field_name.strip() == "-":
            continue
        spec = field_by_name(kind, field_name.strip())
        if spec is None:
            raise ValidationError(
                "「{name}」という項目はありません。", field="map", name=field_name.strip(),
                hint=Message("項目: {fields}", fields="、".join(
                    f"{s.key}({s.label})" for s in fields_of(kind))))
        for other, key in list(result.items()):
            if key == spec.key:
                del result[other]  # the option moves the field to this column
        result[index] = spec.key
    return dict(sorted(result.items()))


def _column_index(table: SourceTable, name: str) -> int | None:
    wanted = header_key(name)
    for index, header in enumerate(table.headers):
        if header_key(header) == wanted and wanted:
            return index
    letter = name.upper()
    for index in range(len(table.headers)):
        if column_letter(index) == letter:
            return index
    return None


def check_mapping(table: SourceTable, kind: ImportKind, mapping: dict[int, str]) -> None:
    """Refuse a mapping the import cannot use: a field twice, a column that is not in
    the file, a required field without a column."""
    seen: dict[str, int] = {}
    specs = {spec.key: spec for spec in fields_of(kind)}
    for index, key in mapping.items():
        if key not in specs:
            raise ValidationError("「{name}」という項目はありません。", field="map", name=key)
        if not 0 <= index < len(table.headers):
            raise ValidationError("ファイルにない列が指定されています。", field="map")
        if key in seen:
            raise ValidationError(
                "「{label}」に2つの列(「{first}」と「{second}」)が割り当てられています。",
                field="map", label=specs[key].label, first=table.column_label(seen[key]),
                second=table.column_label(index))
        seen[key] = index
    missing = [spec.label for spec in fields_of(kind) if spec.required and spec.key not in seen]
    if missing:
        raise ValidationError(
            "「{labels}」にする列を選んでください。", field="map", labels="」「".join(missing),
            hint=Message("{kind}の取り込みに必要な項目です。", kind=KIND_LABELS[kind]))
    if kind is ImportKind.VISITS and "time" in seen and ({"start", "end"} & seen.keys()):
        raise ValidationError("「時間帯」と「開始」「終了」は、どちらか一方だけ選んでください。",
                              field="map")


# --- what an import found ----------------------------------------------------------------

@dataclass(frozen=True)
class RowOutcome:
    """One row of the file and what became of it."""

    row: int
    status: RowStatus
    title: str  # the client's name, or the visit's day and client
    reason: Message = field(default_factory=lambda: Message(""))  # why rejected / the duplicate


@dataclass(frozen=True)
class ImportResult:
    kind: ImportKind
    dry_run: bool
    imported: int
    merged: int  # duplicates whose blank fields were filled
    outcomes: tuple[RowOutcome, ...]

    @property
    def duplicates(self) -> tuple[RowOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is RowStatus.DUPLICATE)

    @property
    def rejected(self) -> tuple[RowOutcome, ...]:
        return tuple(o for o in self.outcomes if o.status is RowStatus.REJECTED)

    @property
    def summary(self) -> Message:
        return Message("取り込み {imported}件、重複 {duplicates}件、不可 {rejected}件",
                       imported=self.imported, duplicates=len(self.duplicates),
                       rejected=len(self.rejected))


class _Rejected(Exception):
    def __init__(self, reason: Message) -> None:
        super().__init__(str(reason))
        self.reason = reason


def _values(row: SourceRow, mapping: dict[int, str]) -> dict[str, Cell]:
    return {key: row.cells[index] for index, key in mapping.items() if index < len(row.cells)}


def _text(values: dict[str, Cell], key: str) -> str:
    return cell_text(values.get(key))


def _day(cell: Cell, spec: FieldSpec) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell)
    try:
        return parse_date(text)
    except DateTextError:
        if spec.key == "date":
            raise _Rejected(Message("日付が読めません: 「{text}」", text=text)) from None
        raise _Rejected(Message("{label}の日付が読めません: 「{text}」", label=spec.label,
                                text=text)) from None


def _spec(kind: ImportKind, key: str) -> FieldSpec:
    spec = field_by_name(kind, key)
    assert spec is not None
    return spec


def import_records(*, session: Session, table: SourceTable, kind: ImportKind,
                   mapping: dict[int, str], on_duplicate: OnDuplicate = OnDuplicate.SKIP,
                   dry_run: bool = False, today: date | None = None,
                   tz: tzinfo | None = None) -> ImportResult:
    """Read every row of ``table`` as ``kind`` and, unless ``dry_run``, write what can
    be imported in one transaction (one change set: one undo step). Rows that cannot be
    imported are reported, never half-written; visits' times are on ``tz`` (None: this
    computer's clock)."""
    check_mapping(table, kind, mapping)
    today = today or date.today()
    if kind is ImportKind.CLIENTS:
        result = _import_clients(session, table, mapping, on_duplicate, dry_run=dry_run,
                                 today=today)
    else:
        result = _import_visits(session, table, mapping, dry_run=dry_run, tz=tz)
    if dry_run or not (result.imported or result.merged):
        session.rollback()
    else:
        session.commit()
    return result


def preview_import(*, session: Session, table: SourceTable, kind: ImportKind,
                   mapping: dict[int, str], on_duplicate: OnDuplicate = OnDuplicate.SKIP,
                   today: date | None = None, tz: tzinfo | None = None) -> ImportResult:
    """What ``import_records`` would do, writing nothing (the window's preview)."""
    return import_records(session=session, table=table, kind=kind, mapping=mapping,
                          on_duplicate=on_duplicate, dry_run=True, today=today, tz=tz)


# --- clients ---------------------------------------------------------------------------

_CLIENT_TEXT_FIELDS = ("kana", "industry", "prefecture", "city", "representative", "contact",
                       "notes")
_DRAFT_LABELS = {"kana": "かな", "industry": "業種", "prefecture": "都道府県", "city": "市区町村",
                 "representative": "代表者", "contact": "連絡先", "notes": "メモ",
                 "employees": "従業員数", "founded_on": "創業日"}


def _phone_text(cell: Cell) -> str:
    # A number typed into Excel loses its leading 0 (0238221234 -> 238221234).
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        digits = cell_text(cell)
        return "0" + digits if len(digits) in (9, 10) else digits
    return cell_text(cell)


def _client_draft(values: dict[str, Cell], *, today: date) -> ClientDraft:
    name = _text(values, "name")
    if not name:
        raise _Rejected(Message("名称が空です。"))
    prefecture, city = _text(values, "prefecture"), _text(values, "city")
    if address := _text(values, "address"):
        found_prefecture, rest = split_address(address)
        prefecture = prefecture or found_prefecture
        city = city or rest
    employees = None
    if count_text := _text(values, "employees"):
        employees = parse_count(count_text)
        if employees is None:
            raise _Rejected(Message("従業員数が数字ではありません: 「{text}」", text=count_text))
    founded = None
    if values.get("founded") not in (None, ""):
        founded = _day(values["founded"], _spec(ImportKind.CLIENTS, "founded"))
    contact = " / ".join(part for part in (_phone_text(values.get("phone")),
                                           _text(values, "contact")) if part)
    draft = ClientDraft(name=name, kana=_text(values, "kana"),
                        industry=_text(values, "industry"), prefecture=prefecture, city=city,
                        representative=_text(values, "representative"), employees=employees,
                        founded_on=founded, contact=contact, notes=_text(values, "notes"))
    try:
        return _clean_client(draft, today=today)
    except ValidationError as error:
        raise _Rejected(error.message) from None


@dataclass
class _Known:
    """A client the rows are compared with: registered, or planned from an earlier row."""

    name: str
    phones: set[str]
    client: Client | None = None  # registered
    draft: ClientDraft | None = None  # to be created from row ``row``
    row: int = 0


def _fill_blanks(current: ClientDraft, incoming: ClientDraft) -> tuple[ClientDraft, list[str]]:
    changes: dict[str, object] = {}
    for key in (*_CLIENT_TEXT_FIELDS, "employees", "founded_on"):
        mine, theirs = getattr(current, key), getattr(incoming, key)
        if mine in ("", None) and theirs not in ("", None):
            changes[key] = theirs
    return replace(current, **changes), [_DRAFT_LABELS[key] for key in changes]  # type: ignore[arg-type]


def _as_draft(client: Client) -> ClientDraft:
    return ClientDraft(name=client.name, kana=client.kana, industry=client.industry,
                       prefecture=client.prefecture, city=client.city,
                       representative=client.representative, employees=client.employees,
                       founded_on=client.founded_on, contact=client.contact,
                       notes=client.notes)


def _import_clients(session: Session, table: SourceTable, mapping: dict[int, str],
                    on_duplicate: OnDuplicate, *, dry_run: bool, today: date) -> ImportResult:
    known: dict[str, _Known] = {}
    by_phone: dict[str, _Known] = {}
    for client in session.exec(select(Client)):
        entry = _Known(client.name, phone_numbers(client.contact), client=client)
        known.setdefault(name_key(client.name), entry)
        for phone in entry.phones:
            by_phone.setdefault(phone, entry)
    outcomes: list[RowOutcome] = []
    planned: list[_Known] = []
    merged: dict[int, tuple[_Known, ClientDraft]] = {}  # id(entry) -> the filled draft
    for row in table.rows:
        values = _values(row, mapping)
        title = _text(values, "name")
        try:
            draft = _client_draft(values, today=today)
        except _Rejected as rejected:
            outcomes.append(RowOutcome(row.number, RowStatus.REJECTED, title, rejected.reason))
            continue
        phones = {digits for digits in (phone_digits(_phone_text(values.get("phone"))),)
                  if digits} | phone_numbers(_text(values, "contact"))
        key = name_key(draft.name)  # empty for a name that is only 株式会社
        match = (known.get(key) if key else None) or next(
            (by_phone[p] for p in sorted(phones) if p in by_phone), None)
        if match is None:
            entry = _Known(draft.name, phones, draft=draft, row=row.number)
            planned.append(entry)
            if key:
                known[key] = entry
            for phone in phones:
                by_phone.setdefault(phone, entry)
            outcomes.append(RowOutcome(row.number, RowStatus.IMPORT, draft.name))
            continue
        same = (Message("登録済みの「{name}」と同じ事業者です", name=match.name)
                if match.client is not None else
                Message("{row}行目の「{name}」と同じ事業者です", row=match.row, name=match.name))
        if on_duplicate is OnDuplicate.MERGE:
            if match.draft is not None:
                match.draft, filled = _fill_blanks(match.draft, draft)
            else:
                assert match.client is not None
                current = merged.get(id(match), (match, _as_draft(match.client)))[1]
                new, filled = _fill_blanks(current, draft)
                if filled:
                    merged[id(match)] = (match, new)
            same = (Message("{same}(空欄を補いました: {fields})", same=same,
                            fields="、".join(filled)) if filled else
                    Message("{same}(補う項目はありません)", same=same))
        for phone in phones:
            by_phone.setdefault(phone, match)
        outcomes.append(RowOutcome(row.number, RowStatus.DUPLICATE, draft.name, same))
    if not dry_run:
        for entry in planned:
            assert entry.draft is not None
            session.add(Client(**entry.draft.__dict__))
        for entry, filled_draft in merged.values():
            assert entry.client is not None
            for key, value in filled_draft.__dict__.items():
                if getattr(entry.client, key) != value:
                    setattr(entry.client, key, value)
    return ImportResult(kind=ImportKind.CLIENTS, dry_run=dry_run, imported=len(planned),
                        merged=len(merged), outcomes=tuple(outcomes))


# --- visits ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _ClientEngagements:
    name: str
    engagements: tuple[Engagement, ...]


def _clients_for_visits(session: Session) -> dict[str, list[_ClientEngagements]]:
    engagements: dict[uuid.UUID, list[Engagement]] = {}
    for engagement in session.exec(select(Engagement).order_by(col(Engagement.start_on))):
        engagements.setdefault(engagement.client_id, []).append(engagement)
    clients: dict[str, list[_ClientEngagements]] = {}
    for client in session.exec(select(Client)):
        clients.setdefault(name_key(client.name), []).append(
            _ClientEngagements(client.name, tuple(engagements.get(client.id, ()))))
    return clients


def _period_holds(engagement: Engagement, day: date) -> bool:
    return engagement.start_on <= day and (engagement.planned_end_on is None
                                           or day <= engagement.planned_end_on)


def _engagement_for(clients: dict[str, list[_ClientEngagements]], name: str,
                    engagement_title: str, day: date) -> Engagement:
    found = clients.get(name_key(name), [])
    if not found:
        raise _Rejected(Message("事業者「{name}」が登録されていません", name=name))
    if len(found) > 1:
        raise _Rejected(Message("「{name}」という事業者が{count}件あり、どれか決められません",
                                name=name, count=len(found)))
    client = found[0]
    if not client.engagements:
        raise _Rejected(Message("「{name}」には案件がありません(先に案件を登録してください)",
                                name=client.name))
    candidates = list(client.engagements)
    if engagement_title:
        wanted = name_key(engagement_title)
        candidates = [e for e in candidates if wanted in name_key(e.title)]
        if not candidates:
            raise _Rejected(Message("「{name}」に案件「{title}」がありません", name=client.name,
                                    title=engagement_title))
    holding = [e for e in candidates if _period_holds(e, day)]
    if not holding:
        raise _Rejected(Message("{day} を期間に含む「{name}」の案件がありません",
                                day=f"{day:%Y/%m/%d}", name=client.name))
    if len(holding) > 1:
        raise _Rejected(Message("{day} を期間に含む「{name}」の案件が複数あります({titles})。案件の列で選んでください",
                                day=f"{day:%Y/%m/%d}", name=client.name,
                                titles="、".join(e.title for e in holding)))
    return holding[0]


def _time_of(values: dict[str, Cell], key: str, label: str) -> time | None:
    cell = values.get(key)
    if isinstance(cell, datetime):
        return cell.time()
    if isinstance(cell, time):
        return cell
    text = cell_text(cell)
    if not text:
        return None
    found = parse_time(text)
    if found is None:
        raise _Rejected(Message("{label}の時刻が読めません: 「{text}」", label=label, text=text))
    return found


def _visit_times(values: dict[str, Cell], day: date, tz: tzinfo | None
                 ) -> tuple[datetime, datetime | None]:
    start: time | None
    end: time | None
    if span_text := _text(values, "time"):
        span = parse_time_span(span_text)
        if span is None:
            raise _Rejected(Message("時間帯が読めません: 「{text}」(例: 10:00〜12:00)",
                                    text=span_text))
        start, end = span
    else:
        start, end = _time_of(values, "start", "開始"), _time_of(values, "end", "終了")
    date_cell = values.get("date")
    if start is None and isinstance(date_cell, datetime) and date_cell.time() != time():
        start = date_cell.time()
    midnight = day_start(day, tz)
    started = midnight.replace(hour=start.hour, minute=start.minute) if start else midnight
    ended = midnight.replace(hour=end.hour, minute=end.minute) if end else None
    return started, ended


def _visit_draft(values: dict[str, Cell], engagement: Engagement, day: date,
                 tz: tzinfo | None) -> VisitDraft:
    mode_text = _text(values, "mode")
    mode = parse_mode(mode_text)
    if mode is None:
        raise _Rejected(Message("形態が読めません: 「{text}」(訪問・オンライン・電話・来所)",
                                text=mode_text))
    started, ended = _visit_times(values, day, tz)
    follow_up: date | None = None
    actions: tuple[ActionDraft, ...] = ()
    next_cell = values.get("next")
    if isinstance(next_cell, date):
        follow_up = next_cell.date() if isinstance(next_cell, datetime) else next_cell
    elif next_text := cell_text(next_cell):
        try:
            follow_up = parse_date(next_text)
        except DateTextError as error:
            if error.problem != "format":  # shaped like a date, but no such day
                raise _Rejected(Message("次回の日付が読めません: 「{text}」", text=next_text)) from None
            if len(next_text) > MAX_ACTION_TEXT:
                raise _Rejected(Message("次回の内容が長すぎます({limit}文字まで)",
                                        limit=MAX_ACTION_TEXT)) from None
            actions = (ActionDraft(id=uuid.uuid4(), text=next_text, owner=Owner.JOINT),)
    distance = None
    if distance_text := _text(values, "distance"):
        try:
            distance = parse_distance(distance_text)
        except ValidationError:
            raise _Rejected(Message("移動距離が数字ではありません: 「{text}」",
                                    text=distance_text)) from None
    return VisitDraft(engagement_id=engagement.id, started_at=started, ended_at=ended,
                      mode=mode, place=_text(values, "place"),
                      attendees=_text(values, "attendees"), purpose=_text(values, "purpose"),
                      notes=_text(values, "notes"), follow_up_on=follow_up,
                      distance_km=distance, actions=actions)


def _visit_key(engagement_id: uuid.UUID, day: date, purpose: str) -> tuple[uuid.UUID, date, str]:
    return engagement_id, day, re.sub(r"\s", "", unicodedata.normalize("NFKC", purpose))


def _import_visits(session: Session, table: SourceTable, mapping: dict[int, str], *,
                   dry_run: bool, tz: tzinfo | None) -> ImportResult:
    clients = _clients_for_visits(session)
    existing = {_visit_key(engagement_id, local_day(started, tz), purpose)
                for engagement_id, started, purpose in session.exec(
                    select(Visit.engagement_id, Visit.started_at, Visit.purpose)
                    .where(col(Visit.is_draft).is_(False)))}
    seen: dict[tuple[uuid.UUID, date, str], int] = {}
    drafts: list[VisitDraft] = []
    outcomes: list[RowOutcome] = []
    date_spec = _spec(ImportKind.VISITS, "date")
    for row in table.rows:
        values = _values(row, mapping)
        name = _text(values, "client")
        title = f"{_text(values, 'date')} {name}".strip()
        try:
            day = _day(values.get("date"), date_spec)
            if day is None:
                raise _Rejected(Message("日付が空です"))
            title = f"{day:%Y/%m/%d} {name}".strip()
            if not name:
                raise _Rejected(Message("事業者名が空です"))
            engagement = _engagement_for(clients, name, _text(values, "engagement"), day)
            draft = _visit_draft(values, engagement, day, tz)
            try:
                validate_visit(session, draft, tz=tz)
            except ValidationError as error:
                raise _Rejected(error.message) from None
        except _Rejected as rejected:
            outcomes.append(RowOutcome(row.number, RowStatus.REJECTED, title, rejected.reason))
            continue
        key = _visit_key(engagement.id, day, draft.purpose)
        if key in existing:
            outcomes.append(RowOutcome(row.number, RowStatus.DUPLICATE, title, Message(
                "同じ日・同じ目的の訪問記録「{purpose}」がすでにあります", purpose=draft.purpose)))
            continue
        if key in seen:
            outcomes.append(RowOutcome(row.number, RowStatus.DUPLICATE, title, Message(
                "{row}行目と同じ日・同じ目的の訪問記録です", row=seen[key])))
            continue
        seen[key] = row.number
        drafts.append(draft)
        outcomes.append(RowOutcome(row.number, RowStatus.IMPORT, title))
    if not dry_run:
        for draft in drafts:
            visit = Visit(engagement_id=draft.engagement_id, started_at=draft.started_at,
                          ended_at=draft.ended_at, mode=draft.mode, place=draft.place,
                          attendees=draft.attendees, purpose=draft.purpose, notes=draft.notes,
                          follow_up_on=draft.follow_up_on, distance_km=draft.distance_km,
                          is_draft=False)
            session.add(visit)
            for action in draft.actions:
                session.add(VisitAction(id=action.id, visit_id=visit.id, text=action.text,
                                        owner=action.owner, due_on=action.due_on))
    return ImportResult(kind=ImportKind.VISITS, dry_run=dry_run, imported=len(drafts), merged=0,
                        outcomes=tuple(outcomes))
