"""The 実務従事 ledger as a Word document a 中小企業診断士 hands in (様式19/20 in
substance): the practitioner's 氏名・登録番号, the five-year view with the running
total against 30 points and whether the renewal is on track, then one page per client
with its 名称・所在地・業種, whether it is a 中小企業者, the 期間, 日数 and 内容 of the
work, each day's record, and the 証明者 lines left blank for the client's 代表者 to sign.

Hours print with one decimal (15.6時間). Dates follow the 和暦 setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from companion.domain.calendar import fiscal_year_label
from companion.domain.practice_points import HOURS_PER_POINT, RENEWAL_POINTS
from companion.reports.formatting import format_day, format_short_day
from companion.reports.ledger_csv import hours_label
from companion.reports.styles import GOTHIC, MINCHO, set_east_asian_font
from companion.services.visits.ledger import ActivityLedger, ClientLedger

SIGN_LINE = "＿" * 22
BLANK = "＿" * 10


@dataclass(frozen=True)
class Practitioner:
    """Who the ledger belongs to (設定: 氏名, 登録番号)."""

    name: str = ""
    number: str = ""  # 中小企業診断士 登録番号


def period_text(ledger: ActivityLedger, *, wareki: bool) -> str:
    years = ledger.fiscal_years
    first, last = years[0], years[-1]
    span = f"{fiscal_year_label(first, wareki=wareki)}〜{fiscal_year_label(last, wareki=wareki)}"
    return span + (f"({first}〜{last}年度)" if wareki else "")


def client_days_text(client: ClientLedger) -> str:
    """「5日(訪問4日、訪問以外 6.5時間)」: the 実務従事日数 (= points) and how they add up."""
    return (f"{client.points_estimate}日(訪問{client.on_site_days}日、訪問以外"
            f" {hours_label(client.other_hours)}。{HOURS_PER_POINT}時間で1日)")


def client_content_text(client: ClientLedger) -> str:
    titles = "・".join(client.engagements)
    sponsors = "・".join(client.sponsors)
    return f"{titles}(委託元: {sponsors})" if sponsors else titles


def _style(document: Any) -> None:
    from docx.shared import Mm, Pt

    for name, font, size in (("Normal", MINCHO, 10.5), ("Title", GOTHIC, 16),
                             ("Heading 1", GOTHIC, 13), ("Heading 2", GOTHIC, 11.5)):
        style = document.styles[name]
        style.font.size = Pt(size)
        set_east_asian_font(style.element.get_or_add_rPr(), font)
        if name != "Normal":
            style.font.bold = True
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = section.bottom_margin = Mm(20)


def _table(document: Any, header: Sequence[str] | None, rows: Sequence[Sequence[str]],
           widths_mm: Sequence[float], *, right: frozenset[int] = frozenset()) -> Any:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    count = len(rows) + (1 if header else 0)
    table = document.add_table(rows=count, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for index, width in enumerate(widths_mm):  # LibreOffice reads the grid's widths
        table.columns[index].width = Mm(width)
    lines = ([list(header)] if header else []) + [list(row) for row in rows]
    for r, values in enumerate(lines):
        row = table.rows[r]
        for c, value in enumerate(values):
            cell = row.cells[c]
            cell.width = Mm(widths_mm[c])
            paragraph = cell.paragraphs[0]
            if c in right and not (header and r == 0):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = paragraph.add_run(value)
            run.font.size = Pt(9)
            if header and r == 0:
                run.font.bold = True
                set_east_asian_font(run._element.get_or_add_rPr(), GOTHIC)
        if header and r == 0:  # repeat the header row on every page
            properties = row._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)
    return table


def build_ledger_document(ledger: ActivityLedger, *, practitioner: Practitioner,
                          wareki: bool = True, today: date | None = None) -> Any:
    """The ledger as a python-docx Document (not saved)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    today = today or ledger.today or ledger.last_day
    document = Document()
    _style(document)
    document.core_properties.title = "実務従事の記録"
    document.core_properties.author = practitioner.name or "Companion"
    document.add_paragraph("実務従事の記録(中小企業診断士 登録更新用)", style="Title")
    document.add_paragraph(
        f"氏名: {practitioner.name or BLANK}    登録番号: {practitioner.number or BLANK}")
    document.add_paragraph(f"対象期間: {period_text(ledger, wareki=wareki)}    "
                           f"作成日: {format_day(today, wareki=wareki)}")

    document.add_paragraph("5年間のポイントと更新の見通し", style="Heading 1")
    years = ledger.yearly
    _table(document, ("年度", "西暦", "事業者数", "訪問日数", "訪問以外の時間", "ポイント",
                      f"累計(目標{RENEWAL_POINTS})"),
           [(fiscal_year_label(y.fiscal_year, wareki=wareki), f"{y.fiscal_year}年度",
             f"{y.clients}者", f"{y.on_site_days}日", hours_label(y.other_hours),
             f"{y.points}", f"{y.running_total}") for y in years]
           + [("合計", "", f"{len(ledger.clients)}者", f"{sum(y.on_site_days for y in years)}日",
               hours_label(sum(y.other_hours for y in years)), f"{ledger.points}",
               f"{ledger.points}")],
           (24, 22, 20, 20, 30, 20, 30), right=frozenset(range(2, 7)))
    document.add_paragraph(f"見通し: {ledger.outlook.summary()}")
    if ledger.clients:
        document.add_paragraph("事業者ごとの集計", style="Heading 1")
        _table(document, ("名称", "所在地", "期間", "日数(ポイント)", "訪問日数", "訪問以外"),
               [(c.client_name, c.address or "―",
                 f"{format_short_day(c.period_start, wareki=wareki)}〜"
                 f"{format_short_day(c.period_end, wareki=wareki)}",
                 f"{c.points_estimate}", f"{c.on_site_days}日", hours_label(c.other_hours))
                for c in ledger.clients],
               (42, 28, 34, 26, 18, 22), right=frozenset(range(3, 6)))
    document.add_paragraph(
        f"ポイントは、訪問して助言した日を1日1ポイント、窓口・オンライン・電話での相談を"
        f"事業者ごとの合計{HOURS_PER_POINT}時間で1ポイントとして数えた目安です(同じ日の訪問と"
        "重なる相談は数えません。短い電話は1日になりません)。実務従事として認められるかは"
        "支援者が確認してください。")

    for client in ledger.clients:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _client_page(document, client, practitioner=practitioner, wareki=wareki)
    return document


def _client_page(document: Any, client: ClientLedger, *, practitioner: Practitioner,
                 wareki: bool) -> None:
    document.add_paragraph(f"実務従事の内容 — {client.client_name}", style="Heading 1")
    period = (f"{format_day(client.period_start, wareki=wareki)}〜"
              f"{format_day(client.period_end, wareki=wareki)}")
    _table(document, None, [
        ("名称", client.client_name),
        ("所在地", client.address or "―"),
        ("業種", client.industry or "―"),
        ("中小企業者であること", client.sme.text),
        ("代表者", client.representative or "―"),
        ("期間", period),
        ("日数", client_days_text(client)),
        ("内容", client_content_text(client)),
    ], (40, 130))
    document.add_paragraph("従事した日(訪問は1日1ポイント、訪問以外は時間で計上)",
                           style="Heading 2")
    rows = []
    for entry in client.entries:
        end = f"–{entry.ended_at:%H:%M}" if entry.ended_at else ""
        rows.append((format_short_day(entry.day, wareki=wareki),
                     f"{entry.started_at:%H:%M}{end}", hours_label(entry.hours), str(entry.mode),
                     entry.place or "―", entry.content or "―"))
    _table(document, ("日付", "時刻", "時間", "方式", "場所", "内容"), rows,
           (18, 22, 16, 22, 26, 66), right=frozenset({2}))
    document.add_paragraph("証明欄", style="Heading 2")
    name = practitioner.name or BLANK
    document.add_paragraph(
        f"上記のとおり、中小企業診断士 {name} が当社の経営診断・助言の実務に従事したことを"
        "証明します。")
    for line in ("証明日　　　　年　　月　　日", f"所在地　{SIGN_LINE}", f"名称　　{SIGN_LINE}",
                 f"代表者 役職・氏名　{SIGN_LINE}　印"):
        document.add_paragraph(line)


def write_ledger_docx(ledger: ActivityLedger, out: Path, *, practitioner: Practitioner,
                      wareki: bool = True) -> Path:
    """Write the ledger document to ``out`` (complete or not at all)."""
    from companion.atomic import atomic_output

    document = build_ledger_document(ledger, practitioner=practitioner, wareki=wareki)
    with atomic_output(out) as temporary:
        document.save(str(temporary))
    return out
