"""Spreadsheets as practitioners keep them, for the import tests: a client list in Excel
(a title line above the table, 和暦 and Western dates, phone numbers, a bad row) and a
visit log saved from Excel as CSV in Shift_JIS.

Registered before the import (``add_registered``): 有限会社 山田酒造 with its engagement
for 令和7年度, and 民宿 かわせみ with two engagements one after the other."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from companion.db.models import Client, Engagement
from companion.domain.enums import EngagementStatus, Scheme

CLIENT_HEADER = ["No.", "事業者名", "フリガナ", "業種", "所在地", "代表者", "電話", "従業員数",
                 "創業", "備考"]
CLIENT_ROWS: list[list[Any]] = [
    [1, "有限会社 山田酒造", "ヤマダシュゾウ", "清酒製造業", "山形県西置賜郡小国町大字小国1234",
     "山田 太一", "0238-62-1234", 12, "昭和27年4月1日", "純米酒の県外出荷を増やしたい"],
    [2, "合同会社 ひなた農園", "ヒナタノウエン", "農業(野菜・加工品)", "山形県長井市館町北5-6",
     "日向 さくら", "0238-84-5678", "4人", "R2.6.1", ""],
    [3, "道の駅 白い森おぐに 加工所", "ミチノエキシロイモリオグニカコウジョ", "食品加工",
     "山形県西置賜郡小国町大字岩井沢704", "佐藤 恵", 238611100, 6, None, "笹巻きと漬物"],
    [4, "民宿 かわせみ", "ミンシュクカワセミ", "宿泊業", "山形県西置賜郡飯豊町中津川22",
     "川瀬 美代子", "0238-77-2222", 2, datetime(1988, 7, 1), ""],
    [5, "小国まちづくり工房", "", "まちづくり", "小国町", "", "", "", "R7.13.1", "創業日の誤記"],
    [6, "", "", "飲食店", "山形県長井市本町1-1", "", "", "", "", "名称の書き忘れ"],
    [7, "(株)ひなた農園", "", "", "", "", "0238-84-5678", "", "", "ファイル内の重複"],
]

VISIT_HEADER = ["訪問日", "事業者名", "形態", "目的", "記録", "次回"]
VISIT_ROWS: list[list[str]] = [
    ["令和7年5月12日", "有限会社 山田酒造", "訪問", "県外出荷の現状把握",
     "蔵を見学。首都圏の酒販店2社と取引があるが、出荷量は横ばい。", "R7.6.3"],
    ["R7.6.3", "山田酒造", "オンライン", "試飲会の企画", "Zoom で打合せ。6月末の試飲会の段取りを決めた。",
     "試飲会の参加者名簿を共有"],
    ["2025/7/1", "民宿 かわせみ", "電話", "夏の予約状況の確認", "7月の予約は昨年並み。", ""],
    ["R7.13.1", "民宿 かわせみ", "来所", "補助金の相談", "月の誤記", ""],
    ["2025/7/8", "合同会社 ひなた農園", "訪問", "加工品の試作", "未登録の事業者", ""],
    ["2026/5/20", "民宿 かわせみ", "来所", "繁忙期の人手", "二つ目の案件の期間", ""],
]


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *,
               title: str = "") -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "一覧"
    if title:
        sheet.append([title])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def clients_xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "事業者一覧.xlsx", CLIENT_HEADER, CLIENT_ROWS,
                      title="支援先事業者一覧(令和7年4月現在)")


def write_csv(path: Path, header: list[str], rows: list[list[str]], *,
              encoding: str = "cp932") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def visits_csv(folder: Path, *, encoding: str = "cp932") -> Path:
    return write_csv(folder / "訪問記録.csv", VISIT_HEADER, VISIT_ROWS, encoding=encoding)


def add_registered(session: Session) -> dict[str, Engagement]:
    """山田酒造 (one engagement, 令和7年度) and 民宿 かわせみ (two, one after the other)."""
    yamada = Client(name="山田酒造", kana="やまだしゅぞう", industry="清酒製造業",
                    prefecture="山形県", city="西置賜郡小国町")
    kawasemi = Client(name="民宿かわせみ", kana="みんしゅくかわせみ", industry="宿泊業",
                      contact="0238-77-2222")
    sake = Engagement(client_id=yamada.id, title="純米酒の首都圏販路開拓",
                      scheme=Scheme.COMMISSIONED, status=EngagementStatus.ACTIVE,
                      start_on=date(2025, 4, 1), planned_end_on=date(2026, 3, 31))
    inn_first = Engagement(client_id=kawasemi.id, title="民宿の通年営業化",
                           scheme=Scheme.COMMISSIONED, status=EngagementStatus.ACTIVE,
                           start_on=date(2025, 4, 1), planned_end_on=date(2026, 3, 31))
    inn_second = Engagement(client_id=kawasemi.id, title="民宿の人材確保",
                            scheme=Scheme.COMMISSIONED, status=EngagementStatus.ACTIVE,
                            start_on=date(2026, 4, 1), planned_end_on=date(2027, 3, 31))
    session.add_all([yamada, kawasemi, sake, inn_first, inn_second])
    session.commit()
    return {"sake": sake, "inn_first": inn_first, "inn_second": inn_second}
