"""The report converts to PDF with LibreOffice, in Japanese fonts (skipped without it).

CI: apt-get install --no-install-recommends libreoffice-writer fonts-noto-cjk
poppler-utils. The test points fontconfig at resources/fontconfig/companion-fonts.conf,
which maps 游明朝/游ゴシック to Noto Serif/Sans CJK JP.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from companion_testing.report_factories import TODAY, ReportFixture
from sqlmodel import Session

from companion.db.database import Database
from companion.paths import resource
from companion.reports import export_report

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_the_report_converts_to_pdf_in_japanese_fonts(filled: ReportFixture, session: Session,
                                                     tmp_path: Path) -> None:
    assert SOFFICE is not None
    report = export_report(session=session, engagement_id=filled.engagement.id,
                           out=tmp_path / "report.docx", fiscal_year=2025,
                           practitioner="佐藤 美咲", today=TODAY)
    out_dir = tmp_path / "pdf"
    environment = {
        **os.environ,
        "FONTCONFIG_FILE": str(resource("fontconfig", "companion-fonts.conf")),
        # A profile of its own: no clash with a running LibreOffice, nothing in ~.
        "HOME": str(tmp_path / "home"),
    }
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore",
         f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(out_dir), str(report.path)],
        capture_output=True, text=True, timeout=180, env=environment, check=False)
    pdf = out_dir / "report.pdf"
    assert result.returncode == 0 and pdf.is_file(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                               check=True).stdout
        assert "NotoSerifCJK" in fonts  # 游明朝 body text, through the alias
        assert "NotoSansCJK" in fonts  # 游ゴシック headings
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        # LibreOffice spaces Japanese from digits (和欧間スペース): compare without spaces.
        compact = "".join(text.split())
        for expected in ("伴走支援実施報告書", "行動計画の進捗", "利益相反の開示", "令和7年4月1日"):
            assert expected in compact
        pages = text.count("\f")
        assert 3 <= pages <= 8


def _pdf_texts(documents: list[Path], tmp_path: Path) -> dict[str, str]:
    """Each .docx converted to PDF in one LibreOffice run, as pdftotext -layout reads
    it (one string per file, pages separated by form feeds)."""
    assert SOFFICE is not None
    out_dir = tmp_path / "pdf"
    environment = {**os.environ,
                   "FONTCONFIG_FILE": str(resource("fontconfig", "companion-fonts.conf")),
                   "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [SOFFICE, "--headless", "--norestore",
         f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
         "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)],
        capture_output=True, text=True, timeout=300, env=environment, check=False)
    assert result.returncode == 0, result.stderr
    texts = {}
    for document in documents:
        pdf = out_dir / f"{document.stem}.pdf"
        assert pdf.is_file(), result.stderr
        texts[document.stem] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"],
                                              capture_output=True, text=True,
                                              check=True).stdout
    return texts


def _narrow_templates(tmp_path: Path) -> list[Path]:
    """The built-in template with a sponsor's 30 mm margins, and on US Letter paper."""
    import docx
    from docx.shared import Inches, Mm

    made = []
    for name, width, height, margin in (("a4-30mm", Mm(210), Mm(297), Mm(30)),
                                        ("letter", Inches(8.5), Inches(11), Inches(1.1))):
        template = docx.Document(str(resource("templates", "report-template.docx")))
        for section in template.sections:
            section.page_width, section.page_height = width, height
            section.left_margin = section.right_margin = margin
        path = tmp_path / f"template-{name}.docx"
        template.save(str(path))
        made.append(path)
    return made


def _unbroken(text: str, word: str, stem: str) -> int:
    """How often ``word`` appears in table rows; fails when a row's line holds its start
    but not all of it (the word was broken across lines in a table cell). pdftotext
    -layout sets table cells apart by runs of spaces; running text has single ones."""
    found = 0
    for line in text.splitlines():
        if not re.search(r"\S {3,}\S", line.strip()):
            continue  # running text, not a table row
        compact = "".join(line.split())
        if stem in compact:
            assert word in compact, f"{word} broken: {line.strip()}"
            found += compact.count(word)
    return found


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or pdftotext is not installed")
def test_tables_hold_under_narrow_templates_and_a_year_in_progress_is_never_final(
        db: Database, tmp_path: Path) -> None:
    from datetime import date

    from companion_testing.report_factories import add_part_year_kpis, add_report_engagement

    from companion.reports.model import Reporter
    from companion.services.session import session_scope

    with session_scope(db) as writing:
        fixture = add_report_engagement(writing)
        add_part_year_kpis(writing, fixture.engagement, 2026, months=8)
    reporter = Reporter("佐藤 美咲", "ゆざわ-Biz", "中小企業診断士")
    templates = [*_narrow_templates(tmp_path), resource("templates", "sponsor-form-sample.docx")]
    documents = []
    with session_scope(db, write=False) as session:
        for template in templates:
            result = export_report(session=session, engagement_id=fixture.engagement.id,
                                   out=tmp_path / f"report-{template.stem}.docx",
                                   fiscal_year=2026, template=template, reporter=reporter,
                                   today=date(2026, 11, 30))
            documents.append(result.path)
    texts = _pdf_texts(documents, tmp_path)
    for stem, text in texts.items():
        compact = "".join(text.split())
        # no word broken inside a table cell
        assert _unbroken(text, "マイルストーン", "マイル") >= 1, stem
        assert _unbroken(text, "141,341千円", "141,") >= 1, stem
        assert _unbroken(text, "36,000,000円", "36,00") >= 1, stem
        # the milestone's row: its short due date on the same line, whole
        milestone = next(line for line in text.splitlines()
                         if "".join(line.split()).startswith("マイルストーン"))
        assert "R8.12.20" in milestone, milestone
        # eight months of a year are never stated as the year's result
        assert "年度途中(8か月)" in compact, stem
        assert "粗利の実績は年度途中(8か月)で94,240千円です" in compact, stem
        for line in text.splitlines():
            if line.strip().startswith(("粗利", "廃棄ロス")):
                assert "%" not in line and " A " not in f" {line} ", line
        assert "令和8年11月30日現在" in compact, stem
        # 報告者 from the reporter (in the standard cover, or the form's 鑑)
        assert ("中小企業診断士佐藤美咲（ゆざわ-Biz）" in compact
                or "中小企業診断士佐藤美咲印" in compact), stem
    sample = "".join(texts["report-sponsor-form-sample"].split())
    assert "取扱注意" in sample and "{{" not in sample and "課長" in sample
