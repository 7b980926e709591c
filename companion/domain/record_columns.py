"""Columns of a practitioner's own spreadsheet, and the fields they become.

Practitioners keep clients (事業者一覧) and visit logs (訪問記録・支援記録) in Excel, each
with headers of their own: 会社名 or 事業者名 or 名称, 住所 or 所在地, 日付 or 訪問日 or
実施日. ``propose_mapping`` guesses which column holds which field from its header;
the user confirms or changes it (``companion.services.record_import`` does the rest).
The small readers here turn one cell's text into a field's value: 形態 (訪問, Zoom, TEL),
a time of day (10:00, 10時30分), a time span (10:00〜12:00), a head count (12名), an
address split into 都道府県 and the rest, a phone number's digits. Pure Python.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time
from enum import StrEnum

from companion.domain.enums import VisitMode


class ImportKind(StrEnum):
    """What a file holds: one client (事業者) per row, or one visit (訪問記録) per row."""

    CLIENTS = "clients"
    VISITS = "visits"


KIND_LABELS = {ImportKind.CLIENTS: "事業者", ImportKind.VISITS: "訪問記録"}


class OnDuplicate(StrEnum):
    """What to do with a client that is already registered."""

    SKIP = "skip"  # leave the registered client as it is
    MERGE = "merge"  # fill its blank fields from the file; never overwrite


@dataclass(frozen=True)
class FieldSpec:
    """A field a column can go to: its key (``--map 列名=key``), its label (shown, and
    accepted by ``--map`` too), the headers that name it, and whether a file must have it."""

    key: str
    label: str
    headers: tuple[str, ...]
    required: bool = False


CLIENT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", "名称", ("名称", "事業者名", "事業者", "会社名", "企業名", "法人名",
                               "屋号", "事業所名", "店舗名", "商号", "組織名", "団体名"),
              required=True),
    FieldSpec("kana", "かな", ("かな", "ふりがな", "フリガナ", "よみ", "よみがな", "読み",
                               "読み仮名", "名称かな", "カナ")),
    FieldSpec("industry", "業種", ("業種", "業態", "業種名", "事業内容", "主な事業")),
    FieldSpec("address", "所在地", ("所在地", "住所", "所在", "本店所在地", "事業所所在地")),
    FieldSpec("prefecture", "都道府県", ("都道府県", "県")),
    FieldSpec("city", "市区町村", ("市区町村", "市町村", "市町", "自治体")),
    FieldSpec("representative", "代表者", ("代表者", "代表者名", "代表", "代表者氏名",
                                           "経営者", "社長", "店主")),
    FieldSpec("phone", "電話", ("電話", "電話番号", "tel", "連絡先電話", "代表電話",
                                "携帯", "携帯電話")),
    FieldSpec("contact", "連絡先", ("連絡先", "メール", "メールアドレス", "email", "e-mail",
                                    "担当者")),
    FieldSpec("employees", "従業員数", ("従業員数", "従業員", "従業者数", "社員数", "人数")),
    FieldSpec("founded", "創業日", ("創業日", "創業", "設立", "設立日", "創業年月日",
                                    "設立年月日")),
    FieldSpec("notes", "メモ", ("メモ", "備考", "特記事項", "その他")),
)

VISIT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", "日付", ("日付", "訪問日", "実施日", "支援日", "年月日", "相談日",
                               "面談日", "対応日", "日時", "訪問日時", "実施日時"),
              required=True),
    FieldSpec("client", "事業者名", ("事業者名", "事業者", "会社名", "企業名", "名称",
                                     "支援先", "相談者", "訪問先", "屋号", "事業所名"),
              required=True),
    FieldSpec("engagement", "案件", ("案件", "案件名", "事業名", "支援事業")),
    FieldSpec("mode", "形態", ("形態", "方式", "支援形態", "手段", "方法", "区分",
                               "対応方法", "実施方法")),
    FieldSpec("purpose", "目的", ("目的", "件名", "テーマ", "用件", "訪問目的", "相談テーマ",
                                  "支援テーマ", "表題"), required=True),
    FieldSpec("notes", "記録", ("記録", "内容", "記録内容", "相談内容", "支援内容", "詳細",
                                "議事", "議事録", "概要", "メモ", "備考")),
    FieldSpec("time", "時間帯", ("時間帯", "時間", "実施時間")),
    FieldSpec("start", "開始", ("開始", "開始時刻", "開始時間", "自")),
    FieldSpec("end", "終了", ("終了", "終了時刻", "終了時間", "至")),
    FieldSpec("place", "場所", ("場所", "実施場所", "訪問場所")),
    FieldSpec("attendees", "同席者", ("同席者", "参加者", "出席者", "面談者", "対応者")),
    FieldSpec("next", "次回", ("次回", "次回予定", "次回訪問", "次回訪問日", "次回予定日",
                               "次のアクション", "宿題", "フォローアップ")),
    FieldSpec("distance", "移動距離", ("移動距離", "距離", "走行距離", "km")),
)


def fields_of(kind: ImportKind) -> tuple[FieldSpec, ...]:
    return CLIENT_FIELDS if kind is ImportKind.CLIENTS else VISIT_FIELDS


def field_by_name(kind: ImportKind, name: str) -> FieldSpec | None:
    """The field called ``name`` by its key (``date``) or its label (``日付``)."""
    wanted = header_key(name)
    for spec in fields_of(kind):
        if wanted in (spec.key, header_key(spec.label)):
            return spec
    return None


_DECORATION = re.compile(r"[\s\u3000*※:：()（）\[\]【】「」<>＜＞]|必須|任意")


def header_key(header: str) -> str:
    """A header as compared: width folded, lower case, spaces, marks and 必須 dropped."""
    return _DECORATION.sub("", unicodedata.normalize("NFKC", header).casefold())


def propose_mapping(kind: ImportKind, headers: tuple[str, ...] | list[str]) -> dict[int, str]:
    """Column index -> field key for the columns whose header names a field. A header
    that is exactly a field's name wins over one that only begins with it (会社名 over
    会社名かな); each field goes to one column at most, the leftmost."""
    keys = [header_key(header) for header in headers]
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for exact in (True, False):
        for spec in fields_of(kind):
            if spec.key in taken:
                continue
            names = [header_key(name) for name in spec.headers]
            for index, key in enumerate(keys):
                if index in mapping or not key:
                    continue
                if key in names if exact else any(
                        len(name) >= 2 and key.startswith(name) for name in names):
                    mapping[index] = spec.key
                    taken.add(spec.key)
                    break
    return dict(sorted(mapping.items()))


def header_score(kind: ImportKind, row: tuple[str, ...] | list[str]) -> int:
    """How many fields a row would fill if it were the header row."""
    return len(propose_mapping(kind, row))


# --- one cell's text as a field's value ------------------------------------------------

_MODES: tuple[tuple[VisitMode, tuple[str, ...]], ...] = (
    (VisitMode.ONLINE, ("オンライン", "online", "web", "ウェブ", "zoom", "teams", "meet",
                        "リモート", "ビデオ")),
    (VisitMode.PHONE, ("電話", "tel", "phone", "でんわ")),
    (VisitMode.AT_CENTRE, ("来所", "来訪", "来店", "窓口", "来館", "センター")),
    (VisitMode.ON_SITE, ("訪問", "現地", "往訪", "巡回", "臨店", "出張")),
)


def parse_mode(text: str) -> VisitMode | None:
    """形態 as written (訪問, 現地, Zoom, TEL, 来所 …); None when nothing matches.
    A blank cell is a visit on site."""
    folded = unicodedata.normalize("NFKC", text).casefold().strip()
    if not folded:
        return VisitMode.ON_SITE
    for mode, words in _MODES:
        if any(word in folded for word in words):
            return mode
    return None


_TIME = re.compile(r"(\d{1,2})\s*(?::|時)\s*(?:(\d{1,2})\s*分?)?|(\d{1,2})(\d{2})")
_SPAN = re.compile(r"(.+?)\s*(?:〜|~|-|－|ー|から|to)\s*(.+?)(?:まで)?")


def parse_time(text: str) -> time | None:
    """A time of day: 10:00, 10時, 10時30分, 1030, １０：３０; None when it is none."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _TIME.fullmatch(folded)
    if match is None:
        return None
    hour, minute = ((match[1], match[2] or "0") if match[1] is not None
                    else (match[3], match[4]))
    if int(hour) > 23 or int(minute) > 59:
        return None
    return time(int(hour), int(minute))


def parse_time_span(text: str) -> tuple[time, time] | None:
    """From and to: 10:00〜12:00, 10:00-11:30, 13時から15時; None when it is none."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _SPAN.fullmatch(folded)
    if match is None:
        return None
    start, end = parse_time(match[1]), parse_time(match[2])
    return (start, end) if start is not None and end is not None else None


_COUNT = re.compile(r"(\d[\d,]*)\s*(?:人|名)?")


def parse_count(text: str) -> int | None:
    """A head count: 12, 1,200, 12人, １２名; None when it is none."""
    match = _COUNT.fullmatch(unicodedata.normalize("NFKC", text).strip())
    return int(match[1].replace(",", "")) if match else None


_PREFECTURE = re.compile(r"(北海道|東京都|京都府|大阪府|[^\s\d都道府県]{2,3}県)")


def split_address(text: str) -> tuple[str, str]:
    """都道府県 and the rest: 山形県西置賜郡小国町大字小国1-2 -> (山形県, 西置賜郡…). An
    address without a prefecture stays whole in the second part."""
    value = " ".join(text.split())
    match = _PREFECTURE.match(value)
    if match is None:
        return "", value
    return match[1], value[match.end():].strip()


def phone_digits(text: str) -> str:
    """The digits of a phone number, for comparing (0238-22-1234 == 0238221234); empty
    when the text holds no plausible number (fewer than 10 digits)."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", text))
    return digits if 10 <= len(digits) <= 11 else ""


def phone_numbers(text: str) -> set[str]:
    """Every phone number's digits in a text (a contact line may hold several)."""
    folded = unicodedata.normalize("NFKC", text)
    return {digits for part in re.findall(r"[\d\-() ]{10,}", folded)
            if (digits := phone_digits(part))}
