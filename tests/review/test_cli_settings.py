"""The command line reads the data folder's settings once per command: the language
and the practitioner's name in a review bundle come from the same read."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from companion import cli
from companion.services.storage import OpenedData
from companion.settings import Settings


def test_review_export_reads_the_settings_once(practice: OpenedData, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    paths = practice.db.paths
    settings = Settings(paths.settings_file)
    settings.set("practitioner_name", "佐藤 みのり")
    settings.set("organisation", "ゆざわ-Biz")
    settings.set("language", "ja")
    practice.db.close()
    reads: list[Path] = []
    read_text = Path.read_text

    def counting(self: Path, *args: Any, **kwargs: Any) -> str:
        if self == paths.settings_file:
            reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    out = tmp_path / "bundle.zip"
    code = cli.main(["--data-dir", str(paths.root), "review-export", "--out", str(out)])
    assert code == cli.EXIT_OK
    assert reads == [paths.settings_file]
    with zipfile.ZipFile(out) as bundle:
        texts = [bundle.read(name).decode("utf-8", "replace") for name in bundle.namelist()
                 if name.endswith(".json")]
    assert any("佐藤 みのり ゆざわ-Biz" in json.dumps(json.loads(text), ensure_ascii=False)
               for text in texts)


def test_a_report_takes_its_defaults_from_the_settings(practice: OpenedData, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    """報告者 and 和暦/西暦 come from 設定 unless the command line says otherwise."""
    from docx import Document

    paths = practice.db.paths
    settings = Settings(paths.settings_file)
    settings.set("practitioner_name", "佐藤 みのり")
    settings.set("organisation", "ゆざわ-Biz")
    settings.set("wareki", False)
    practice.db.close()
    assert cli.main(["--data-dir", str(paths.root), "list", "engagements", "--json"]) == 0
    engagement = json.loads(capsys.readouterr().out)[0]["id"]

    def report(*extra: str) -> str:
        out = tmp_path / f"report{len(extra)}.docx"
        assert cli.main(["--data-dir", str(paths.root), "report", engagement,
                         "--out", str(out), *extra]) == cli.EXIT_OK
        document = Document(str(out))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)

    text = report()
    assert "佐藤 みのり（ゆざわ-Biz）" in text  # 報告者: 氏名（所属）, from 設定
    assert "令和" not in text
    assert "山田 太郎" in report("--practitioner", "山田 太郎")
