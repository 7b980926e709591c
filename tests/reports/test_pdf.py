"""The report converts to PDF with LibreOffice, in Japanese fonts (skipped without it).

CI: apt-get install --no-install-recommends libreoffice-writer fonts-noto-cjk
poppler-utils. The test points fontconfig at resources/fontconfig/companion-fonts.conf,
which maps 游明朝/游ゴシック to Noto Serif/Sans CJK JP.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from companion_testing.report_factories import TODAY, ReportFixture
from sqlmodel import Session

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
