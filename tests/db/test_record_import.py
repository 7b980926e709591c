"""Bringing clients and visit logs in from Excel and CSV: reading, the mapping, rejected
rows, duplicates, one transaction that is one undo step."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from companion_testing.import_files import (
    CLIENT_HEADER,
    add_registered,
    clients_xlsx,
    visits_csv,
    write_csv,
    write_xlsx,
)
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Client, Visit, VisitAction
from companion.domain.calendar import local_day
from companion.domain.enums import VisitMode
from companion.domain.record_columns import (
    ImportKind,
    OnDuplicate,
    parse_count,
    parse_mode,
    parse_time,
    parse_time_span,
    phone_numbers,
    propose_mapping,
    split_address,
)
from companion.errors import KnownError, ValidationError
from companion.services import record_import
from companion.services.record_import import (
    RowStatus,
    check_mapping,
    guess_kind,
    import_records,
    mapping_with_options,
    read_table,
    suggest_mapping,
)
from companion.services.session import last_change_set, session_scope
from companion.services.undo import undo_change_set

TODAY = date(2025, 11, 20)


def _clients(db: Database) -> dict[str, Client]:
    with session_scope(db, write=False) as session:
        return {client.name: client for client in session.exec(select(Client))}


def _reasons(result: record_import.ImportResult) -> dict[int, str]:
    return {outcome.row: str(outcome.reason) for outcome in result.outcomes
            if outcome.status is not RowStatus.IMPORT}


def test_headers_in_the_practitioners_words_are_mapped_to_fields() -> None:
    assert propose_mapping(ImportKind.CLIENTS, ["No.", "会社名", "住所", "TEL", "代表者名",
                                                "従業員数(人)"]) == {
        1: "name", 2: "address", 3: "phone", 4: "representative", 5: "employees"}
    assert propose_mapping(ImportKind.VISITS, ["実施日", "事業者名", "支援形態", "件名",
                                               "相談内容", "次回予定日"]) == {
        0: "date", 1: "client", 2: "mode", 3: "purpose", 4: "notes", 5: "next"}
    # the exact name wins over a header that only begins with it, leftmost first
    assert propose_mapping(ImportKind.CLIENTS, ["名称かな", "名称"]) == {0: "kana", 1: "name"}


def test_cells_are_read_as_practitioners_write_them() -> None:
    assert [parse_mode(text) for text in ("訪問", "現地", "Zoom", "ＴＥＬ", "来所", "", "出前")] == [
        VisitMode.ON_SITE, VisitMode.ON_SITE, VisitMode.ONLINE, VisitMode.PHONE,
        VisitMode.AT_CENTRE, VisitMode.ON_SITE, None]
    assert [parse_time(text) for text in ("10:00", "１０：３０", "9時", "13時45分", "1030", "25:00",
                                          "午後")] == [
        time(10), time(10, 30), time(9), time(13, 45), time(10, 30), None, None]
    assert parse_time_span("10:00〜12:00") == (time(10), time(12))
    assert parse_time_span("13時から15時まで") == (time(13), time(15))
    assert parse_time_span("午前中") is None
    assert [parse_count(text) for text in ("12", "1,200", "４名", "12人", "十数人")] == [
        12, 1200, 4, 12, None]
    assert split_address("山形県西置賜郡小国町大字小国1234") == ("山形県", "西置賜郡小国町大字小国1234")
    assert split_address("東京都千代田区丸の内1-1") == ("東京都", "千代田区丸の内1-1")
    assert split_address("小国町") == ("", "小国町")
    assert phone_numbers("TEL 0238-62-1234 / 携帯 090-1234-5678") == {"0238621234",
                                                                     "09012345678"}
    assert phone_numbers("内線 123") == set()


def test_an_xlsx_with_a_title_line_is_read_from_its_header_row(tmp_path: Path) -> None:
    table = read_table(clients_xlsx(tmp_path))
    assert table.headers == tuple(CLIENT_HEADER)
    assert table.sheet == "一覧" and table.encoding == ""
    assert [row.number for row in table.rows] == [4, 5, 6, 7, 8, 9, 10]  # as Excel numbers them
    assert guess_kind(table) is ImportKind.CLIENTS
    assert table.first_value(1) == "有限会社 山田酒造"


@pytest.mark.parametrize(("encoding", "shown"), [
    ("cp932", "Shift_JIS"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8")])
def test_a_csv_is_read_in_shift_jis_or_utf8_with_or_without_bom(
        tmp_path: Path, encoding: str, shown: str) -> None:
    table = read_table(visits_csv(tmp_path, encoding=encoding))
    assert table.encoding == shown
    assert table.headers[:2] == ("訪問日", "事業者名")  # no BOM left on the first header
    assert table.rows[0].cells[1] == "有限会社 山田酒造"
    assert guess_kind(table) is ImportKind.VISITS


def test_clients_are_imported_with_duplicates_skipped_and_bad_rows_named(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        add_registered(session)
    table = read_table(clients_xlsx(tmp_path))
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.CLIENTS,
                                mapping=suggest_mapping(table, ImportKind.CLIENTS), today=TODAY)
    assert (result.imported, len(result.duplicates), len(result.rejected)) == (2, 3, 2)
    assert str(result.summary) == "取り込み 2件、重複 3件、不可 2件"
    assert _reasons(result) == {
        4: "登録済みの「山田酒造」と同じ事業者です",
        7: "登録済みの「民宿かわせみ」と同じ事業者です",
        8: "創業日の日付が読めません: 「R7.13.1」",
        9: "名称が空です。",
        10: "5行目の「合同会社 ひなた農園」と同じ事業者です",
    }
    clients = _clients(db)
    assert set(clients) == {"山田酒造", "民宿かわせみ", "合同会社 ひなた農園",
                            "道の駅 白い森おぐに 加工所"}
    hinata = clients["合同会社 ひなた農園"]
    assert (hinata.prefecture, hinata.city) == ("山形県", "長井市館町北5-6")
    assert (hinata.employees, hinata.founded_on) == (4, date(2020, 6, 1))
    assert hinata.contact == "0238-84-5678"
    # a phone number typed into Excel as a number keeps its leading 0
    assert clients["道の駅 白い森おぐに 加工所"].contact == "0238611100"
    assert clients["山田酒造"].representative == ""  # skipped: left as it was


def test_merging_fills_only_the_blank_fields_of_a_registered_client(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        add_registered(session)
    table = read_table(clients_xlsx(tmp_path))
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.CLIENTS,
                                mapping=suggest_mapping(table, ImportKind.CLIENTS),
                                on_duplicate=OnDuplicate.MERGE, today=TODAY)
    assert result.merged == 2
    assert _reasons(result)[4] == (
        "登録済みの「山田酒造」と同じ事業者です(空欄を補いました: 代表者、連絡先、メモ、従業員数、創業日)")
    yamada = _clients(db)["山田酒造"]
    assert (yamada.representative, yamada.employees, yamada.founded_on) == (
        "山田 太一", 12, date(1952, 4, 1))
    assert (yamada.industry, yamada.city) == ("清酒製造業", "西置賜郡小国町")  # kept


def test_a_client_with_the_same_phone_is_a_duplicate_whatever_its_name(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        add_registered(session)
    path = write_csv(tmp_path / "clients.csv", ["名称", "電話番号"],
                     [["川瀬民宿", "(0238)77-2222"], ["株式会社 かわせみ", "0238-77-9999"]])
    table = read_table(path)
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.CLIENTS,
                                mapping=suggest_mapping(table, ImportKind.CLIENTS), today=TODAY)
    assert _reasons(result) == {2: "登録済みの「民宿かわせみ」と同じ事業者です"}
    assert result.imported == 1


def test_the_import_is_one_undo_step(db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        add_registered(session)
    table = read_table(clients_xlsx(tmp_path))
    with session_scope(db) as session:
        import_records(session=session, table=table, kind=ImportKind.CLIENTS,
                       mapping=suggest_mapping(table, ImportKind.CLIENTS),
                       on_duplicate=OnDuplicate.MERGE, today=TODAY)
        change_set = last_change_set(session)
    assert change_set is not None and len(_clients(db)) == 4
    with session_scope(db) as session:
        undo_change_set(session=session, change_set=change_set)
    clients = _clients(db)
    assert set(clients) == {"山田酒造", "民宿かわせみ"}
    assert clients["山田酒造"].representative == ""  # the merge is undone with the rest


def test_a_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    table = read_table(clients_xlsx(tmp_path))
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.CLIENTS,
                                mapping=suggest_mapping(table, ImportKind.CLIENTS),
                                dry_run=True, today=TODAY)
        assert last_change_set(session) is None
    assert result.dry_run and result.imported == 4
    assert _clients(db) == {}


def test_visits_go_to_the_engagement_whose_period_holds_their_day(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        engagements = add_registered(session)
    table = read_table(visits_csv(tmp_path))
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.VISITS,
                                mapping=suggest_mapping(table, ImportKind.VISITS))
        change_set = last_change_set(session)
    assert (result.imported, len(result.duplicates), len(result.rejected)) == (4, 0, 2)
    assert _reasons(result) == {5: "日付が読めません: 「R7.13.1」",
                                6: "事業者「合同会社 ひなた農園」が登録されていません"}
    with session_scope(db, write=False) as session:
        visits = {visit.purpose: visit for visit in session.exec(select(Visit))}
        action = session.exec(select(VisitAction)).one()
    first = visits["県外出荷の現状把握"]
    assert first.engagement_id == engagements["sake"].id
    assert local_day(first.started_at) == date(2025, 5, 12)
    assert first.follow_up_on == date(2025, 6, 3) and not first.is_draft
    assert visits["試飲会の企画"].mode == VisitMode.ONLINE
    assert action.text == "試飲会の参加者名簿を共有"
    assert action.visit_id == visits["試飲会の企画"].id
    assert visits["夏の予約状況の確認"].engagement_id == engagements["inn_first"].id
    assert visits["繁忙期の人手"].engagement_id == engagements["inn_second"].id
    # the same file again: every visit is already there
    with session_scope(db) as session:
        again = import_records(session=session, table=table, kind=ImportKind.VISITS,
                               mapping=suggest_mapping(table, ImportKind.VISITS))
    assert (again.imported, len(again.duplicates)) == (0, 4)
    assert str(again.duplicates[0].reason) == (
        "同じ日・同じ目的の訪問記録「県外出荷の現状把握」がすでにあります")
    with session_scope(db) as session:
        assert change_set is not None
        undo_change_set(session=session, change_set=change_set)
        assert session.exec(select(Visit)).all() == []


def test_a_visit_outside_every_engagement_or_of_an_unknown_form_is_rejected(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as session:
        add_registered(session)
    path = write_xlsx(tmp_path / "log.xlsx", ["日付", "事業者名", "方式", "目的", "時間帯"], [
        [date(2024, 12, 2), "山田酒造", "訪問", "事前相談", ""],
        [date(2025, 8, 4), "山田酒造", "出前", "試飲会の振り返り", ""],
        [date(2025, 8, 5), "山田酒造", "訪問", "", ""],
        [date(2025, 8, 6), "山田酒造", "訪問", "ラベル案の検討", "14時〜13時"],
        [date(2025, 8, 7), "山田酒造", "Teams", "ラベル案の決定", "10:00〜11:30"],
    ])
    table = read_table(path)
    with session_scope(db) as session:
        result = import_records(session=session, table=table, kind=ImportKind.VISITS,
                                mapping=suggest_mapping(table, ImportKind.VISITS))
    assert _reasons(result) == {
        2: "2024/12/02 を期間に含む「山田酒造」の案件がありません",
        3: "形態が読めません: 「出前」(訪問・オンライン・電話・来所)",
        4: "目的を入力してください(例: 定期訪問、試作品の評価)。",
        5: "終了時刻 13:00 が開始時刻 14:00 より前です。",
    }
    with session_scope(db, write=False) as session:
        visit = session.exec(select(Visit)).one()
    assert visit.mode == VisitMode.ONLINE
    assert (visit.ended_at - visit.started_at).seconds == 90 * 60  # type: ignore[operator]


def test_a_mapping_is_checked_and_changed_by_column_name(tmp_path: Path) -> None:
    table = read_table(visits_csv(tmp_path))
    guessed = suggest_mapping(table, ImportKind.VISITS)
    assert guessed == {0: "date", 1: "client", 2: "mode", 3: "purpose", 4: "notes", 5: "next"}
    changed = mapping_with_options(table, ImportKind.VISITS, ["記録=目的", "目的=", "C=-"])
    assert changed == {0: "date", 1: "client", 4: "purpose", 5: "next"}
    with pytest.raises(ValidationError, match="「目的」にする列を選んでください"):
        check_mapping(table, ImportKind.VISITS, {0: "date", 1: "client"})
    with pytest.raises(ValidationError, match="「日付」に2つの列"):
        check_mapping(table, ImportKind.VISITS, {0: "date", 5: "date", 1: "client", 3: "purpose"})
    with pytest.raises(ValidationError, match="「備考」という列がありません"):
        mapping_with_options(table, ImportKind.VISITS, ["備考=notes"])
    with pytest.raises(ValidationError, match="「天気」という項目はありません"):
        mapping_with_options(table, ImportKind.VISITS, ["記録=天気"])


def test_files_that_cannot_be_read_are_refused_with_a_reason(tmp_path: Path) -> None:
    old = tmp_path / "台帳.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(KnownError, match="この形式のファイルは取り込めません") as refused:
        read_table(old)
    assert ".xlsx" in str(refused.value.hint)
    broken = tmp_path / "壊れた.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(KnownError, match="Excel ブックが壊れています"):
        read_table(broken)
    latin = tmp_path / "latin.csv"
    latin.write_bytes("名称\n".encode() + b"\x82\xa0\xff\xfe\x81\n")
    with pytest.raises(KnownError, match="文字コードを判別できません"):
        read_table(latin)
    empty = tmp_path / "空.csv"
    empty.write_text("\n,,\n", encoding="utf-8")
    with pytest.raises(KnownError, match="表がありません"):
        read_table(empty)
    with pytest.raises(KnownError, match="ファイルがありません"):
        read_table(tmp_path / "ない.csv")


def test_files_over_the_limits_are_refused_before_anything_is_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(record_import, "MAX_ROWS", 3)
    many = write_csv(tmp_path / "many.csv", ["名称"], [[f"農園{n}"] for n in range(4)])
    with pytest.raises(KnownError, match="行が多すぎます"):
        read_table(many)
    assert len(read_table(write_csv(tmp_path / "few.csv", ["名称"], [["農園"]] * 3)).rows) == 3
    monkeypatch.setattr(record_import, "MAX_FILE_BYTES", 10)
    with pytest.raises(KnownError, match="ファイルが大きすぎます"):
        read_table(many)


def test_rows_are_numbered_as_excel_shows_them_and_blank_rows_do_not_count(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = write_csv(tmp_path / "log.csv", ["日付", "事業者名", "目的", "記録"], [
        ["2025/6/3", "山田酒造", "試飲会の企画", "一、会場\n二、告知\n三、当日の段取り"],
        ["", "", "", ""],
        ["R7.13.1", "山田酒造", "試飲会の振り返り", ""],
    ])
    table = read_table(log)
    assert [row.number for row in table.rows] == [2, 4]  # the note's lines are one row
    monkeypatch.setattr(record_import, "MAX_ROWS", 2)
    assert len(read_table(log).rows) == 2  # the blank row is not a record
    wide = write_xlsx(tmp_path / "wide.xlsx", ["名称", *[f"列{n}" for n in range(120)]],
                      [["民宿 かわせみ", *range(120)]])
    with pytest.raises(KnownError, match="列が多すぎます"):
        read_table(wide)

