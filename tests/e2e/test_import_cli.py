"""``companion import``: a client list in Excel and a visit log in Shift_JIS CSV brought
into the demo data, as a practitioner runs it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from companion_testing.cli import companion
from companion_testing.import_files import clients_xlsx, write_csv


def test_a_dry_run_shows_what_would_happen_and_writes_nothing(
        demo_copy: Path, tmp_path: Path) -> None:
    workbook = str(clients_xlsx(tmp_path))
    dry = companion("import", workbook, "--kind", "clients", "--dry-run", data_dir=demo_copy)
    assert dry.returncode == 1, dry.stderr  # rows were rejected
    lines = dry.stdout.splitlines()
    assert lines[0] == "(試しの実行: 何も書き込んでいません)"
    assert "事業者名→名称" in lines[1] and "所在地→所在地" in lines[1]
    assert "取り込み 4件、重複 1件、不可 2件" in lines
    assert "不可 8行目 小国まちづくり工房: 創業日の日付が読めません: 「R7.13.1」" in lines
    assert "不可 9行目 -: 名称が空です。" in lines
    assert "重複 10行目 (株)ひなた農園: 5行目の「合同会社 ひなた農園」と同じ事業者です" in lines
    # nothing was written: the real import still finds all four new
    real = companion("import", workbook, "--kind", "clients", data_dir=demo_copy)
    assert real.returncode == 1, real.stderr
    assert "取り込み 4件、重複 1件、不可 2件" in real.stdout.splitlines()
    # and once imported, the same file only has duplicates
    again = companion("import", workbook, "--kind", "clients", "--json", data_dir=demo_copy)
    result = json.loads(again.stdout)
    assert (result["imported"], len(result["duplicates"]), len(result["rejected"])) == (0, 5, 2)
    assert result["duplicates"][0] == {
        "row": 4, "title": "有限会社 山田酒造",
        "reason": "登録済みの「有限会社 山田酒造」と同じ事業者です"}


def test_visits_from_a_shift_jis_csv_reach_their_engagement(
        demo_copy: Path, tmp_path: Path) -> None:
    engagements = json.loads(companion("list", "engagements", "--json",
                                       data_dir=demo_copy).stdout)
    engagement = next(e for e in engagements if e["client_name"] == "有限会社 松月堂")
    day = date.fromisoformat(engagement["start_on"]) + timedelta(days=3)
    log = write_csv(tmp_path / "訪問記録.csv", ["実施日", "会社名", "支援形態", "件名", "相談内容"], [
        [f"{day:%Y/%m/%d}", "松月堂", "来所", "くじら餅の試食会の段取り",
         "3月の試食会に向け、会場と告知の方法を相談。"],
        [f"{day:%Y}/13/1", "松月堂", "電話", "試食会の参加者数", ""],
    ])
    result = companion("import", str(log), "--kind", "visits", "--json", data_dir=demo_copy)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["encoding"] == "Shift_JIS" and report["imported"] == 1
    assert report["mapping"] == [
        {"column": "実施日", "field": "date"}, {"column": "会社名", "field": "client"},
        {"column": "支援形態", "field": "mode"}, {"column": "件名", "field": "purpose"},
        {"column": "相談内容", "field": "notes"}]
    assert report["rejected"] == [{"row": 3, "title": f"{day:%Y}/13/1 松月堂",
                                   "reason": f"日付が読めません: 「{day:%Y}/13/1」"}]
    visits = json.loads(companion("list", "visits", "--engagement", engagement["id"], "--json",
                                  data_dir=demo_copy).stdout)
    imported = [v for v in visits if v["purpose"] == "くじら餅の試食会の段取り"]
    assert len(imported) == 1
    assert imported[0]["notes"] == "3月の試食会に向け、会場と告知の方法を相談。"


def test_a_mapping_option_changes_a_column_and_bad_input_changes_nothing(
        demo_copy: Path, tmp_path: Path) -> None:
    engagements = json.loads(companion("list", "engagements", "--json",
                                       data_dir=demo_copy).stdout)
    start = next(date.fromisoformat(e["start_on"]) for e in engagements
                 if e["client_name"] == "有限会社 松月堂")
    log = write_csv(tmp_path / "log.csv", ["日付", "事業者", "内容"], [
        [f"{start + timedelta(days=10):%Y/%m/%d}", "松月堂", "新商品の価格設定"]],
        encoding="utf-8-sig")
    missing = companion("import", str(log), "--kind", "visits", data_dir=demo_copy)
    assert missing.returncode == 2
    assert "「目的」にする列を選んでください。" in missing.stderr
    unknown = companion("import", str(log), "--kind", "visits", "--map", "備考=目的",
                        data_dir=demo_copy)
    assert unknown.returncode == 2 and "「備考」という列がありません" in unknown.stderr
    english = companion("import", str(log), "--kind", "visits", "--map", "内容=purpose",
                        "--dry-run", data_dir=demo_copy, env={"COMPANION_LANG": "en"})
    assert english.returncode == 0, english.stderr
    assert "Imported 1, duplicates 0, not imported 0" in english.stdout
    old = tmp_path / "台帳.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(512))
    refused = companion("import", str(old), "--kind", "clients", data_dir=demo_copy)
    assert refused.returncode == 2
    assert "この形式のファイルは取り込めません" in refused.stderr
