"""The command line (DESIGN.md "Command line"). Never imports PySide6: the window is
opened through ``companion.app``, imported only when a window is asked for."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from companion import __version__, cli_referral
from companion.atomic import write_error
from companion.errors import KnownError
from companion.i18n import cli_language, folder_settings, t, translate_error, using_language
from companion.settings import Settings

if TYPE_CHECKING:
    from companion.db.database import Database
    from companion.reports.model import Reporter

log = logging.getLogger("companion.cli")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, t("companion: エラー: {message}(companion --help で使い方を表示)",
                                message=message) + "\n")


def _data_dir_option(parser: argparse.ArgumentParser, *, default: Any) -> None:
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default,
        help="データフォルダ(環境変数 COMPANION_DATA_DIR でも指定可)",
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``command`` (a key of COMMAND_PARSERS), that command's
    parser alone, which is all that parsing a command line starting with its name needs.
    Building every command's parser takes 6–8 ms, a tenth of what ``verify`` or a search
    spends beyond its floor (benchmarks/README.md)."""
    parser = _Parser(prog="companion", description="Companion — 伴走支援の記録と開示")
    parser.add_argument("--version", action="version", version=f"Companion {__version__}")
    _data_dir_option(parser, default=None)
    parser.add_argument("--exit-when-ready", action="store_true",
                        help="ウィンドウを開き、最初の画面を読み込んだら終了する(動作確認用)")
    # Subcommands repeat --data-dir so it works before or after the command name; the
    # SUPPRESS default keeps a value given before the command from being overwritten.
    common = _Parser(add_help=False)
    _data_dir_option(common, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, add_parser in COMMAND_PARSERS.items():
        if command in (None, name):
            add_parser(commands, common)
    return parser


def parse_command_line(argv: Sequence[str] | None) -> argparse.Namespace:
    words = sys.argv[1:] if argv is None else list(argv)
    named = words[0] if words and words[0] in COMMAND_PARSERS else None
    return build_parser(named).parse_args(words)


def _demo_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser("demo", parents=[common], help="デモデータを作成する")
    # huge (5x large) is for benchmarks of growth only: accepted, not offered.
    demo.add_argument("--size", choices=["small", "large", "huge"], default="small",
                      metavar="{small,large}")


def _list_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    listing = commands.add_parser("list", parents=[common], help="一覧を表示する")
    listing.add_argument("what", choices=["engagements", "visits", "disclosures", "plan", "kpis"])
    listing.add_argument("id", nargs="?", metavar="ENGAGEMENT",
                         help="plan・kpis: 案件ID(companion list engagements)")
    listing.add_argument("--engagement", metavar="ID", help="訪問記録を案件で絞り込む")
    listing.add_argument("--json", action="store_true", help="JSON で出力する")
    shown = listing.add_mutually_exclusive_group()
    shown.add_argument("--limit", type=_limit, metavar="N",
                       help=f"visits: 新しい順に表示する件数(1〜{MAX_SEARCH_LIMIT}、"
                            f"既定 {VISITS_SHOWN}。--json は既定で全件)")
    shown.add_argument("--all", action="store_true", help="visits: すべて表示する")


def _search_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    search = commands.add_parser("search", parents=[common], help="全文検索")
    search.add_argument("query")
    search.add_argument("--limit", type=_limit, default=50, metavar="N",
                        help=f"表示する件数の上限(1〜{MAX_SEARCH_LIMIT}、既定 50)")
    search.add_argument("--json", action="store_true", help="JSON で出力する")


def _backup_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    backup = commands.add_parser("backup", parents=[common], help="バックアップを作成する")
    backup.add_argument("--out", metavar="FILE",
                        help="持ち出し用の1ファイル(.zip)に書き出す(省略時は自動バックアップと同じ場所)")


def _restore_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    restore = commands.add_parser("restore", parents=[common], help="バックアップから復元する")
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--allow-rollback", action="store_true",
                         help="署名付きの記録が今より短い・食い違うバックアップでも復元する(記録に残す)")


def _review_export_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser("review-export", parents=[common],
                                 help="第三者レビュー用の署名付きバンドルを書き出す")
    export.add_argument("--out", metavar="FILE.zip", required=True)
    export.add_argument("--from", dest="period_from", metavar="YYYY-MM-DD", type=_date)
    export.add_argument("--to", dest="period_to", metavar="YYYY-MM-DD", type=_date)


def _verify_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    verify = commands.add_parser("verify", parents=[common],
                                 help="レビューバンドルの完全性と署名を検証する(データ不要)")
    verify.add_argument("bundle", metavar="FILE.zip")
    verify.add_argument("--expect-key", metavar="FINGERPRINT", type=_fingerprint("--expect-key"),
                        help="実践者の鍵の指紋を固定する(16桁以上)")
    verify.add_argument("--since", metavar="OLD",
                        help="前回のバンドル・チェックポイント・レビュー応答: その記録を書き換えずに追記しているか")


def _import_review_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    import_review = commands.add_parser("import-review", parents=[common],
                                        help="レビュー担当者の署名付き応答を取り込む")
    import_review.add_argument("file", metavar="FILE")
    import_review.add_argument("--trust-key", metavar="FINGERPRINT", type=_fingerprint("--trust-key"),
                               help="初めてのレビュー担当者の鍵の指紋(確認済みのもの、16桁以上)")


def _review_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    review = commands.add_parser("review", parents=[common],
                                 help="レビュー担当者の操作(画面を使わずに応答を作る)")
    review_actions = review.add_subparsers(dest="review_action", metavar="ACTION",
                                           parser_class=_Parser, required=True)
    respond = review_actions.add_parser(
        "respond", parents=[common],
        help="所見のファイル(JSON)からバンドルへの署名付き応答を書き出す(データフォルダ不要)")
    respond.add_argument("bundle", metavar="BUNDLE.zip")
    respond.add_argument("--findings", metavar="FILE.json", required=True,
                         help="版ごとの所見(形式は docs/review-bundle-format.md の「所見のファイル」)")
    respond.add_argument("--key", metavar="KEY", required=True,
                         help="署名鍵: Ed25519 の PEM 秘密鍵か reviewer-key.json"
                              "(パスフレーズは環境変数 COMPANION_REVIEWER_PASSPHRASE)")
    respond.add_argument("--out", metavar="FILE.dsse.json",
                         help="応答の保存先(省略時は今のフォルダに review-response-….dsse.json)")


def _rotate_key_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    commands.add_parser("rotate-key", parents=[common],
                        help="署名鍵を更新する(旧鍵と新鍵の両方で署名した記録を追加)")


def _report_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    report = commands.add_parser("report", parents=[common], help="案件の実施報告書(Word)を作成する")
    report.add_argument("engagement", metavar="ENGAGEMENT", help="案件ID(companion list engagements)")
    report.add_argument("--out", metavar="FILE.docx", required=True)
    report.add_argument("--fiscal-year", type=_fiscal_year, metavar="YYYY",
                        help="対象の年度(省略時は案件の全期間)")
    report.add_argument("--template", metavar="FILE.docx", help="委託元の書式(.docx)を使う")
    calendar = report.add_mutually_exclusive_group()
    calendar.add_argument("--seireki", action="store_true",
                          help="日付を西暦で書く(既定は設定「和暦で表示」)")
    calendar.add_argument("--wareki", action="store_true", help="日付を和暦で書く")
    report.add_argument("--reiwa-gannen", action="store_true",
                        help="2019年度を令和元年度と書く(既定は平成31年度)")
    report.add_argument("--practitioner", default="", metavar="NAME",
                        help="報告者の氏名(既定は設定「氏名」)")
    report.add_argument("--organisation", default=None, metavar="TEXT",
                        help="報告者の所属(既定は設定「所属」)")
    report.add_argument("--qualifications", default=None, metavar="TEXT",
                        help="報告者の資格(既定は設定「資格」)")
    report.add_argument("--date", dest="report_date", type=_date, metavar="YYYY-MM-DD",
                        help="報告日(既定は今日)")
    report.add_argument("--full", action="store_true",
                        help="支援記録の要点を省略せず全文で載せる(【非開示】の行は除く)")


def _export_figures_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    figures = commands.add_parser("export-figures", parents=[common],
                                  help="委託元向けの集計を Excel / CSV に書き出す")
    figures.add_argument("--out", metavar="FILE.xlsx|FILE.zip|FILE.csv", required=True,
                         help=".xlsx は全表(1表1シート)、.zip は全表の CSV、.csv は訪問件数の表のみ")
    figures.add_argument("--fiscal-year", type=_fiscal_year, metavar="YYYY")
    figures.add_argument("--sponsor", metavar="ID", help="委託元のIDまたは名前で絞り込む")


def _ledger_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    ledger = commands.add_parser("ledger", parents=[common],
                                 help="実務従事の記録(活動日数台帳)を Word / Excel / CSV に書き出す")
    ledger.add_argument("--fiscal-year", type=_fiscal_year, metavar="YYYY",
                        help="最後の年度(省略時は今年度)")
    ledger.add_argument("--years", type=_ledger_years, default=5, metavar="N",
                        help="さかのぼる年度の数(既定 5: 更新に必要な5年間)")
    ledger.add_argument("--out", metavar="FILE.docx|FILE.xlsx|FILE.csv", required=True)


def _export_all_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    export_all = commands.add_parser(
        "export-all", parents=[common],
        help="すべての記録を開かれた形式(JSON Lines と元の添付ファイル)で書き出す")
    export_all.add_argument("--out", metavar="DIR", required=True,
                            help="書き出すフォルダ(まだ無いフォルダか空のフォルダ)")


def _import_all_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    import_all = commands.add_parser(
        "import-all", parents=[common],
        help="export-all で書き出したフォルダを空のデータフォルダに取り込む")
    import_all.add_argument("folder", metavar="DIR")


def _import_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    import_records = commands.add_parser(
        "import", parents=[common], help="Excel・CSV の事業者一覧・訪問記録を取り込む")
    import_records.add_argument("file", metavar="FILE",
                                help=".xlsx または .csv(UTF-8・Shift_JIS)")
    import_records.add_argument("--kind", choices=["clients", "visits"], required=True,
                                help="clients: 事業者、visits: 訪問記録")
    import_records.add_argument("--dry-run", action="store_true",
                                help="何も書き込まず、取り込んだ場合の結果だけを表示する")
    import_records.add_argument("--map", action="append", default=[], metavar="列名=項目",
                                help="列の割り当てを変える(例: --map 会社名=name。"
                                     "--map 備考= でその列を取り込まない)。繰り返し指定できる")
    import_records.add_argument("--merge", action="store_true",
                                help="登録済みの事業者と重複する行で、空欄の項目を補う(既定は取り込まない)")
    import_records.add_argument("--json", action="store_true", help="JSON で出力する")


def _check_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser("check", parents=[common], help="データベースを検査する")
    check.add_argument("--repair", action="store_true", help="再構築できるもの(検索索引)を修復する")


def _sync_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    from companion import cli_sync  # its services load only when it runs

    cli_sync.add_parser(commands, common)


def _sponsor_target_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """``sponsor-target set`` / ``sponsor-target list``: the sponsor's own yearly targets."""
    from companion.domain.sponsor_measures import SponsorMeasure

    targets = commands.add_parser(
        "sponsor-target", parents=[common],
        help="委託元の年度目標(延べ相談件数・支援事業者数など)を設定・一覧する")
    actions = targets.add_subparsers(dest="target_action", metavar="ACTION",
                                     parser_class=_Parser, required=True)
    setting = actions.add_parser("set", parents=[common], help="目標を設定する(--clear で削除)")
    setting.add_argument("--sponsor", required=True, metavar="NAME|ID", help="委託元の名前またはID")
    setting.add_argument("--fiscal-year", type=_fiscal_year, required=True, metavar="YYYY")
    setting.add_argument("--measure", type=_measure, required=True, metavar="CODE",
                         help="指標のコード(または名前): "
                              + ", ".join(f"{m.name} ({m.value})" for m in SponsorMeasure))
    value = setting.add_mutually_exclusive_group(required=True)
    value.add_argument("--target", type=_target, metavar="N", help="目標(1〜999,999 の整数)")
    value.add_argument("--clear", action="store_true", help="この年度・指標の目標を削除する")
    listing = actions.add_parser("list", parents=[common],
                                 help="目標と実績(達成率・評価)を一覧する")
    listing.add_argument("--sponsor", metavar="NAME|ID", help="委託元の名前またはIDで絞り込む")
    listing.add_argument("--fiscal-year", type=_fiscal_year, metavar="YYYY")
    listing.add_argument("--json", action="store_true", help="JSON で出力する")


# Each command's name and the function that adds its parser, in the order --help lists them.
COMMAND_PARSERS: dict[str, Callable[[Any, argparse.ArgumentParser], None]] = {
    "demo": _demo_parser,
    "list": _list_parser,
    "search": _search_parser,
    "backup": _backup_parser,
    "restore": _restore_parser,
    "review-export": _review_export_parser,
    "verify": _verify_parser,
    "import-review": _import_review_parser,
    "review": _review_parser,
    "rotate-key": _rotate_key_parser,
    "report": _report_parser,
    "export-figures": _export_figures_parser,
    "sponsor-target": _sponsor_target_parser,
    "contact-card": cli_referral.add_card_parser,
    "referral": cli_referral.add_referral_parser,
    "ledger": _ledger_parser,
    "export-all": _export_all_parser,
    "import-all": _import_all_parser,
    "import": _import_parser,
    "check": _check_parser,
    "sync": _sync_parser,
}


def _measure(text: str) -> Any:
    """``--measure``: a code (CONSULTATIONS, any case) or the label (延べ相談件数)."""
    from companion.domain.sponsor_measures import SponsorMeasure, parse_measure

    measure = parse_measure(text)
    if measure is None:
        raise argparse.ArgumentTypeError(t("指標が正しくありません: {text}(使える指標: {codes})",
                                           text=text, codes=", ".join(m.name for m in SponsorMeasure)))
    return measure


def _target(text: str) -> int:
    """``--target``: a whole number (1,200 too); its range is the service's to check."""
    digits = text.strip().replace(",", "")
    body = digits[1:] if digits.startswith("-") else digits
    if not body.isdecimal() or len(body) > 9:
        raise argparse.ArgumentTypeError(t("目標は整数で指定してください: {text}", text=text))
    return int(digits)


def _fingerprint(option: str) -> Callable[[str], str]:
    """``--expect-key`` / ``--trust-key``: 16 or more hex digits (an empty or short
    prefix would match keys it should not)."""
    def parse(text: str) -> str:
        from companion.review.keys import fingerprint_prefix

        try:
            return fingerprint_prefix(text, option=option)
        except KnownError as exc:
            raise argparse.ArgumentTypeError(translate_error(exc)) from None
    return parse


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("日付は YYYY-MM-DD で指定してください: {text}",
                                           text=text)) from None


MAX_SEARCH_LIMIT = 1000
FISCAL_YEARS = range(1990, 2101)


def _whole_number(text: str, allowed: range) -> int | None:
    digits = text.strip()
    if digits.isdecimal() and len(digits) <= 9 and int(digits) in allowed:
        return int(digits)
    return None


def _ledger_years(text: str) -> int:
    """``ledger --years``: 1 to 10 fiscal years."""
    number = _whole_number(text, range(1, 11))
    if number is None:
        raise argparse.ArgumentTypeError(t("{low}〜{high} の整数で指定してください: {text}",
                                           low=1, high=10, text=text))
    return number


def _limit(text: str) -> int:
    """``--limit``: a whole number from 1 to MAX_SEARCH_LIMIT (-1 is not "all")."""
    number = _whole_number(text, range(1, MAX_SEARCH_LIMIT + 1))
    if number is None:
        raise argparse.ArgumentTypeError(t("{low}〜{high} の整数で指定してください: {text}",
                                           low=1, high=MAX_SEARCH_LIMIT, text=text))
    return number


def _fiscal_year(text: str) -> int:
    """``--fiscal-year``: 1990 to 2100 (0 is not "this year")."""
    number = _whole_number(text, FISCAL_YEARS)
    if number is None:
        raise argparse.ArgumentTypeError(t("年度は 1990〜2100 で指定してください: {year}",
                                           year=text))
    return number


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {key: _plain(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _print_json(rows: Any) -> None:
    print(json.dumps(_plain(rows), ensure_ascii=False, indent=2))


def _print_table(rows: Sequence[Sequence[Any]]) -> None:
    for row in rows:
        print("\t".join("" if cell is None else str(cell) for cell in row))


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    from companion.passphrase_prompt import ask_in_terminal
    from companion.paths import resolve_data_paths
    from companion.services.storage import open_data_folder

    paths = resolve_data_paths(args.data_dir)
    return open_data_folder(paths, ask=ask_in_terminal, create=create,
                            lock=getattr(args, "folder_lock", None)).db


def _output(args: argparse.Namespace) -> Path:
    """``--out``, checked before any work: never inside the data folder (the live
    database, its key, its backups), never a folder, in a folder that exists."""
    from companion.paths import check_output_path, resolve_data_paths

    return check_output_path(args.out, resolve_data_paths(args.data_dir))


def _read(args: argparse.Namespace, use_case: Callable[..., Any], **kwargs: Any) -> Any:
    from companion.db.database import explaining_damage
    from companion.services.session import session_scope

    db = _open(args)
    try:
        with explaining_damage(db.paths), session_scope(db, write=False) as session:
            return use_case(session=session, **kwargs)
    finally:
        db.close()


def _query(args: argparse.Namespace, read: Callable[..., Any], /, **kwargs: Any) -> Any:
    """A read query of ``db.reads`` (``read(connection, **kwargs)``): on the lean path
    (the driver alone, no SQLAlchemy or models) when the folder is an ordinary one, else
    the ordinary way, which migrates or asks for the passphrase first (``db.lean``)."""
    from functools import partial

    from companion.db.lean import LeanUnavailable, lean_read
    from companion.paths import resolve_data_paths

    try:
        return lean_read(resolve_data_paths(args.data_dir), partial(read, **kwargs))
    except LeanUnavailable as exc:
        log.debug("reading the ordinary way: %s", exc)
    return _read(args, partial(_through_session, read), **kwargs)


def _through_session(read: Callable[..., Any], /, *, session: Any, **kwargs: Any) -> Any:
    from companion.db.reads import driver_connection

    return read(driver_connection(session), **kwargs)


def cmd_demo(args: argparse.Namespace) -> int:
    from companion.services.demo import generate_demo
    from companion.services.session import session_scope

    db = _open(args, create=True)
    try:
        with session_scope(db) as session:
            summary = generate_demo(session=session, size=args.size, today=date.today(),
                                    progress=_terminal_progress(t("デモデータを作成しています…")))
    finally:
        db.close()
    print(t("デモデータを作成しました: {path}", path=db.paths.root))
    _print_table([[key, value] for key, value in asdict(summary).items()])
    return EXIT_OK


def _terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """For a command that takes seconds (``demo --size large``): how far it is, as a
    percentage rewritten on one line of stderr, when stderr is a terminal (a script or a
    log gets only the result)."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        print(f"\r{label} {done * 100 // max(total, 1)}%", end="\n" if done >= total else "",
              file=sys.stderr, flush=True)

    return show


def _engagement_id(text: str | None) -> uuid.UUID | None:
    if text is None:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise KnownError("案件IDの形式が正しくありません: {text}", text=text) from None


def cmd_list(args: argparse.Namespace) -> int:
    if (args.limit is not None or args.all) and args.what != "visits":
        raise KnownError("--limit と --all は list visits にだけ使えます。")
    if args.what == "engagements":
        from companion.db.reads.engagements import engagement_summaries

        rows = _query(args, engagement_summaries)
        table = [[r.id, r.title, r.client_name, r.sponsor_name, r.status, r.start_on,
                  r.planned_end_on or "", r.visit_count] for r in rows]
    elif args.what == "visits":
        rows, table = _list_visits(args)
    elif args.what in ("plan", "kpis"):
        rows, table = _list_plan_or_kpis(args)
    elif args.json:  # the register with its red flags and the records behind them
        from companion.db.reads.dispositions import disclosure_listing

        rows, table = _query(args, disclosure_listing, today=date.today()), []
    else:
        from companion.db.reads.disclosures import disclosure_lines

        rows = _query(args, disclosure_lines)
        table = [[r.number, f"v{r.version}", r.kind, r.counterpart_name, r.started_on,
                  r.declared_on, r.status] for r in rows]
    if args.json:
        _print_json(rows)
    else:
        _print_table(table)
    return EXIT_OK


VISITS_SHOWN = 100  # list visits: the newest this many, unless --limit N or --all


def _list_visits(args: argparse.Namespace) -> tuple[Any, list[list[Any]]]:
    """The table: the newest ``VISITS_SHOWN`` visits' headings (ten years hold
    20,000), and a line on stderr when there are more; --json: every visit's whole
    record (a script reads them all), or the newest N with --limit."""
    from companion.db.reads.engagements import visit_full_records

    engagement_id = _engagement_id(args.engagement)
    if args.json:
        records = _query(args, visit_full_records, engagement_id=engagement_id)
        return records[:args.limit] if args.limit else records, []
    shown = None if args.all else (args.limit or VISITS_SHOWN)
    rows = _query(args, _visit_lines, engagement_id=engagement_id,
                  limit=None if shown is None else shown + 1)
    if shown is not None and len(rows) > shown:
        rows = rows[:shown]
        print(t("新しい順に {count} 件を表示しました。続きは --limit N か --all で表示できます。",
                count=shown), file=sys.stderr)
    return rows, [[r.id, r.started_at.astimezone().strftime("%Y-%m-%d %H:%M"), r.mode,
                   r.client_name, r.purpose] for r in rows]


def _visit_lines(connection: Any, *, engagement_id: uuid.UUID | None,
                 limit: int | None) -> Any:
    from companion.db.reads.engagements import require_engagement, visit_lines

    if engagement_id is not None:  # an unknown engagement is an error, not an empty list
        require_engagement(connection, engagement_id)
    return visit_lines(connection, engagement_id=engagement_id, limit=limit)


def _list_plan_or_kpis(args: argparse.Namespace) -> tuple[Any, list[list[Any]]]:
    """``list plan ID``: the plan tree with rolled-up progress; ``list kpis ID``: each
    KPI's target and actual per fiscal year."""
    from companion.db.reads.kpis import kpi_list_rows
    from companion.db.reads.plans import plan_list_rows

    if not args.id:
        raise KnownError("案件IDを指定してください: companion list {what} ENGAGEMENT",
                         hint="案件IDは companion list engagements で確認できます。", what=args.what)
    engagement_id = _engagement_id(args.id)
    if args.what == "plan":
        plan = _query(args, plan_list_rows, engagement_id=engagement_id)
        return plan, [[r.fiscal_year_label, r.level, "  " * r.depth + r.title, r.owner,
                       r.due_on or "", r.status, f"{r.progress}%"] for r in plan]
    kpis = _query(args, kpi_list_rows, engagement_id=engagement_id)
    return kpis, [[k.name, k.unit, y.fiscal_year_label, "" if y.target is None else f"{y.target:g}",
                   "" if y.actual is None else f"{y.actual:g}", y.basis]
                  for k in kpis for y in k.years]


def cmd_search(args: argparse.Namespace) -> int:
    from companion.db.reads.search import search_hits

    hits = _query(args, search_hits, query=args.query, limit=args.limit)
    if args.json:
        _print_json(hits)
    else:
        _print_table([[h.when, h.kind, h.client_name, h.engagement_title, h.snippet] for h in hits])
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """A damaged database is opened as it is and reported, never a traceback; with
    --repair its readable rows go to a new file beside it (health, db.salvage)."""
    from companion.db.database import damaged_hint, restore_hint
    from companion.passphrase_prompt import ask_in_terminal
    from companion.paths import resolve_data_paths
    from companion.services.health import check_database, open_for_check

    paths = resolve_data_paths(args.data_dir)
    opened = open_for_check(paths, ask=ask_in_terminal, repair=args.repair,
                            lock=getattr(args, "folder_lock", None))
    db = opened.db
    try:
        report = check_database(db, repair=args.repair)
    finally:
        db.close()
    if opened.recreated:
        print(t("修復: 空のデータベースを作り直しました: {path}(以前の記録は入っていません。"
                "バックアップがあれば companion restore で戻せます)", path=db.file))
    for line in report.repaired:
        print(t("修復: {line}", line=line))
    for problem in report.problems:
        print(t("問題: {problem}", problem=t(problem)), file=sys.stderr)
    if report.salvage is not None:
        _print_salvage(report.salvage, db.file)
    elif report.damaged:  # nothing saved yet, or (with --repair) nothing could be
        hint = restore_hint(paths) if args.repair else damaged_hint(paths)
        print(t("対処: {hint}", hint=t(hint)), file=sys.stderr)
    if report.ok:
        print(t("OK: {file}(スキーマ {revision})", file=db.file, revision=report.revision))
        return EXIT_OK
    return EXIT_PROBLEMS


def _print_salvage(salvage: Any, damaged: Any) -> None:
    """What ``check --repair`` saved from a damaged database, and how to switch to it."""
    print(t("修復: 読める部分を新しいファイルに取り出しました: {path}", path=salvage.path))
    for table in salvage.tables:
        line = t("  {table}: {count} 件", table=table.table, count=table.saved)
        print(line if table.complete else line + t("(一部読めませんでした)"))
    for problem in salvage.problems:
        print(t("問題: 取り出したファイル: {problem}", problem=t(problem)), file=sys.stderr)
    print(t("切り替えるには: Companion をすべて終了し、{damaged} を {damaged_name}.damaged に、"
            "{salvaged} を {damaged_name} に名前を変えてから companion check を実行してください。",
            damaged=damaged, damaged_name=damaged.name, salvaged=salvage.path.name))


def _damage_of(db: Database) -> str | None:
    """The first thing SQLite's quick_check finds wrong with the file, or None when it
    is whole (reads every page: ~4 s on ten years of data, so never on list/search)."""
    from companion.services.health import quick_check_problems

    problems = quick_check_problems(db)
    return problems[0] if problems else None


@contextlib.contextmanager
def _warning_if_damaged(db: Database) -> Iterator[None]:
    """SQLite's quick_check alongside the command's own work (db.database's
    BackgroundQuickCheck, which trusts a check of the same file less than a day old);
    the warning comes when the work is done, before the command's own lines."""
    from companion.db.database import BackgroundQuickCheck

    check = BackgroundQuickCheck(db.engine, limit=1)
    try:
        yield
    except BaseException:
        with contextlib.suppress(BaseException):  # the command's own error is the one told
            check.problems()
        raise
    problems = check.problems()
    if problems:
        print(t("警告: データベースに読めない部分があります: {path}({problem})。"
                "companion check を実行してください。", path=db.file, problem=problems[0]),
              file=sys.stderr)


@contextlib.contextmanager
def _backup_blaming_damage(db: Database) -> Iterator[None]:
    """A backup that fails because the database is damaged says so, instead of blaming
    the backup (checked only after a failure: a backup verifies its copy anyway)."""
    from companion.db.database import READ_FAILURES, damaged_hint

    try:
        yield
    except READ_FAILURES as exc:
        db.engine.dispose()  # SQLCipher refuses later reads on a connection that met a bad page
        problem = _damage_of(db)
        if problem is None:
            raise
        raise KnownError("データベースが壊れているため、バックアップを作成できません: {path}({problem})",
                         hint=damaged_hint(db.paths), path=db.file, problem=problem) from exc


def cmd_backup(args: argparse.Namespace) -> int:
    from companion.services.backups import export_backup, make_backup

    out = _output(args) if args.out else None  # refused before any work
    db = _open(args)
    try:
        with _backup_blaming_damage(db):
            written = export_backup(db, out) if out else make_backup(db).path
    finally:
        db.close()
    print(t("バックアップを作成しました: {path}", path=written))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.passphrase_prompt import ask_in_terminal
    from companion.paths import resolve_data_paths
    from companion.security.data_key import has_data_key, unlock_data_key
    from companion.services.backups import restore_backup
    from companion.services.storage import open_data_folder

    paths = resolve_data_paths(args.data_dir)
    source = Path(args.file)
    options: dict[str, Any] = {"ask": ask_in_terminal, "allow_rollback": args.allow_rollback}
    if not has_data_key(paths):
        result = restore_backup(paths, source, current=None, current_key=None, **options)
    else:
        try:
            opened = open_data_folder(paths, ask=ask_in_terminal,
                                      lock=getattr(args, "folder_lock", None))
        except KnownError as exc:
            # A missing or damaged database: restoring is the way out. The key must
            # still open (a wrong passphrase stops here); the file is moved aside.
            key = unlock_data_key(paths, ask_in_terminal).key
            log.info("restoring over a database that does not open: %s", exc.message)
            result = restore_backup(paths, source, current=None, current_key=key, **options)
        else:
            try:
                result = restore_backup(paths, source, current=opened.db,
                                        current_key=opened.key.key,
                                        close_current=opened.db.close, **options)
            finally:
                opened.db.close()
    if result.set_aside:
        print(t("開けなかったデータベースを移しました: {path}", path=result.set_aside))
    if result.safety_backup:
        print(t("復元前の状態を保存しました: {path}", path=result.safety_backup.path))
    if result.rolled_back:
        print(t("署名付きの記録を {count} 件分、以前の状態に戻しました(restore-history.jsonl に記録)",
                count=result.rolled_back), file=sys.stderr)
    print(t("復元しました: {path}", path=result.restored_from))
    for problem in result.problems:
        print(t("問題: {problem}", problem=t(problem)), file=sys.stderr)
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def _write(args: argparse.Namespace, use_case: Callable[..., Any], **kwargs: Any) -> Any:
    from companion.services.session import session_scope

    db = _open(args)
    try:
        with session_scope(db) as session:
            return use_case(session=session, **kwargs)
    finally:
        db.close()


def _settings(args: argparse.Namespace) -> Settings:
    """The data folder's settings, read once per command (``main`` reads them first)."""
    settings: Settings | None = getattr(args, "settings", None)
    if settings is None:
        from companion.paths import resolve_data_paths

        settings = args.settings = Settings(resolve_data_paths(args.data_dir).settings_file)
    return settings


def _practitioner(args: argparse.Namespace) -> str:
    return _settings(args).practitioner()


def _reporter(args: argparse.Namespace) -> Reporter:
    """報告者 from 設定 (氏名・所属・資格), each overridden by its command-line option."""
    from companion.reports.model import Reporter

    settings = _settings(args)

    def chosen(option: str | None, key: str) -> str:
        return (option if option is not None else str(settings.get(key))).strip()

    return Reporter(name=chosen(args.practitioner or None, "practitioner_name"),
                    organisation=chosen(args.organisation, "organisation"),
                    qualifications=chosen(args.qualifications, "qualifications"))


def _report_template(args: argparse.Namespace) -> Path | None:
    """--template, else the 報告書テンプレート setting, else the standard one (None)."""
    chosen = args.template or str(_settings(args).get("report_template")).strip()
    return Path(chosen).expanduser() if chosen else None


def cmd_review_export(args: argparse.Namespace) -> int:
    from companion.review.keys import short_fingerprint
    from companion.services.review_bundle import export_review_bundle

    result = _write(args, export_review_bundle, out=_output(args), period_from=args.period_from,
                    period_to=args.period_to, practitioner=_practitioner(args))
    print(t("レビューバンドルを書き出しました: {path}", path=result.path))
    print(t("記録 {size} 件 / 鍵の指紋 {fingerprint}", size=result.checkpoint.size,
            fingerprint=short_fingerprint(result.fingerprint)))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from companion.review.limits import MAX_BUNDLE_BYTES, check_readable
    from companion.review.verify import inspect_bundle, verify_since

    bundle = Path(args.bundle)
    # A file that cannot be read at all is an error (exit 2), not a failed verification.
    for given in (bundle, Path(args.since)) if args.since else (bundle,):
        check_readable(given, limit=MAX_BUNDLE_BYTES)
    if args.since:
        result = verify_since(bundle, Path(args.since), expect_key=args.expect_key)
    else:
        result = inspect_bundle(bundle, expect_key=args.expect_key)
    if not result.ok:
        for problem in result.problems:
            print(t("NG: {problem}", problem=t(problem)), file=sys.stderr)
        return EXIT_PROBLEMS
    assert result.view is not None
    size = len(result.view.entries)
    key = result.view.key_for(size)
    print(t("OK: {name} は完全で、署名と記録 {size} 件のハッシュチェーンが正しいことを確認しました",
            name=bundle.name, size=size))
    if key is not None:
        print(t("鍵の指紋: {fingerprint}", fingerprint=key.fingerprint))
    if args.since:
        print(t("OK: {name} の記録を書き換えずに追記しています", name=Path(args.since).name))
    return EXIT_OK


def cmd_import_review(args: argparse.Namespace) -> int:
    from companion.services.review_import import import_review
    from companion.services.reviewer import read_response_file

    text = read_response_file(Path(args.file))
    result = _write(args, import_review, envelope_text=text, trust_fingerprint=args.trust_key)
    print(t("{reviewer} さんのレビュー結果 {count} 件を取り込みました", reviewer=result.reviewer,
            count=result.findings))
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    """``review respond``: the reviewer's signed response, from files alone."""
    from companion.review.keys import short_fingerprint
    from companion.services.reviewer import PASSPHRASE_ENV, respond

    assert args.review_action == "respond"
    written = respond(bundle_path=Path(args.bundle), findings_path=Path(args.findings),
                      key_path=Path(args.key), out=Path(args.out) if args.out else None,
                      passphrase=os.environ.get(PASSPHRASE_ENV) or None)
    print(t("署名付きの応答を書き出しました(所見 {count} 件): {path}", count=written.findings,
            path=written.path))
    if written.dispositions:
        print(t("注意事項への判断: {count} 件", count=written.dispositions))
    print(t("レビュー担当者の鍵の指紋: {fingerprint}(支援者に電話などで伝えてください)",
            fingerprint=short_fingerprint(written.fingerprint)))
    return EXIT_OK


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from companion.review.keys import short_fingerprint
    from companion.services.register import rotate_signing_key

    new = _write(args, rotate_signing_key)
    print(t("署名鍵を更新しました。新しい鍵の指紋: {fingerprint}", fingerprint=short_fingerprint(new)))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from companion.db.database import explaining_damage
    from companion.reports import export_report
    from companion.services.session import session_scope

    engagement_id = _engagement_id(args.engagement)
    assert engagement_id is not None
    out = _output(args)
    db = _open(args)
    try:
        # The report reads only its engagement: damage elsewhere is said first, found
        # on a second connection while the report is made.
        with _warning_if_damaged(db), explaining_damage(db.paths), \
                session_scope(db, write=False) as session:
            result = export_report(
                session=session, engagement_id=engagement_id, out=out,
                fiscal_year=args.fiscal_year, template=_report_template(args),
                wareki=args.wareki or (not args.seireki and bool(_settings(args).get("wareki"))),
                reporter=_reporter(args), today=args.report_date, full_texts=args.full,
                reiwa_gannen=args.reiwa_gannen)
    finally:
        db.close()
    for warning in result.warnings:
        print(t("警告: {warning}", warning=t(warning)), file=sys.stderr)
    print(t("報告書を作成しました: {path}", path=result.path))
    return EXIT_OK


def cmd_export_figures(args: argparse.Namespace) -> int:
    from companion.reports.figures import export_figures, find_sponsor_id
    from companion.services.session import session_scope

    out = _output(args)
    db = _open(args)
    try:
        with _warning_if_damaged(db), session_scope(db, write=False) as session:
            sponsor_id = find_sponsor_id(session=session, text=args.sponsor) if args.sponsor else None
            result = export_figures(
                session=session, out=out, fiscal_year=args.fiscal_year, sponsor_id=sponsor_id,
                flat_band_percent=_settings(args).get("flat_band_percent"))
    finally:
        db.close()
    for warning in result.warnings:
        print(t("警告: {warning}", warning=t(warning)), file=sys.stderr)
    print(t("集計を書き出しました: {path}({tables})", path=result.path,
            tables="・".join(result.tables)))
    return EXIT_OK


def _set_target(*, session: Any, sponsor: str, fiscal_year: int, measure: Any,
                target: int | None) -> Any:
    from companion.reports.figures import find_sponsor_id
    from companion.services.sponsor_targets import set_sponsor_target

    return set_sponsor_target(session=session, sponsor_id=find_sponsor_id(session=session,
                                                                          text=sponsor),
                              fiscal_year=fiscal_year, measure=measure, target=target)


def _target_standings(*, session: Any, sponsor: str | None, fiscal_year: int | None,
                      flat_band_percent: float) -> Any:
    from companion.reports.figures import find_sponsor_id, sponsor_target_standings

    sponsor_id = find_sponsor_id(session=session, text=sponsor) if sponsor else None
    return sponsor_target_standings(session=session, fiscal_year=fiscal_year,
                                    sponsor_id=sponsor_id, flat_band_percent=flat_band_percent)


def cmd_sponsor_target(args: argparse.Namespace) -> int:
    from companion.domain.calendar import fiscal_year_label

    if args.target_action == "set":
        target = None if args.clear else args.target
        saved = _write(args, _set_target, sponsor=args.sponsor, fiscal_year=args.fiscal_year,
                       measure=args.measure, target=target)
        what = dict(sponsor=args.sponsor, year=fiscal_year_label(args.fiscal_year),
                    measure=args.measure.value)
        if saved.removed:
            print(t("委託元の目標を削除しました: {sponsor} {year} {measure}", **what))
        elif saved.any:
            print(t("委託元の目標を保存しました: {sponsor} {year} {measure} {target}",
                    target=f"{target:,}", **what))
        else:
            print(t("変更はありません: {sponsor} {year} {measure}", **what))
        return EXIT_OK
    standings = _read(args, _target_standings, sponsor=args.sponsor,
                      fiscal_year=args.fiscal_year,
                      flat_band_percent=_settings(args).get("flat_band_percent"))
    if not standings and not args.json:
        print(t("委託元の目標はまだ設定されていません。companion sponsor-target set で設定できます。"))
        return EXIT_OK
    if args.json:
        _print_json([{
            "sponsor_id": s.sponsor_id, "sponsor": s.sponsor_name, "fiscal_year": s.fiscal_year,
            "fiscal_year_label": fiscal_year_label(s.fiscal_year), "measure": s.measure.name,
            "measure_label": s.measure.value, "unit": s.measure.unit, "target": s.target,
            "actual": s.actual, "percent": None if s.percent is None else float(s.percent),
            "grade": s.grade or None, "final": s.final, "note": s.note}
            for s in standings])
        return EXIT_OK
    _print_table([[s.sponsor_name, fiscal_year_label(s.fiscal_year), s.measure.value,
                   f"{s.target:,}{s.measure.unit}", f"{s.actual:,}{s.measure.unit}",
                   "" if s.percent is None else f"{s.percent}%", s.verdict]
                  for s in standings])
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from companion.domain.calendar import fiscal_year_of
    from companion.reports.ledger_csv import hours_number
    from companion.reports.ledger_docx import Practitioner, period_text
    from companion.reports.ledger_files import export_ledger_file

    fiscal_year = fiscal_year_of(date.today()) if args.fiscal_year is None else args.fiscal_year
    out = _output(args)
    settings = _settings(args)
    wareki = bool(settings.get("wareki"))
    practitioner = Practitioner(name=str(settings.get("practitioner_name")),
                                number=str(settings.get("shindanshi_number")))
    ledger = _read(args, export_ledger_file, fiscal_year=fiscal_year, years=args.years, out=out,
                   practitioner=practitioner, wareki=wareki)
    print(t("活動日数台帳を書き出しました: {path}({year}、事業者 {clients}件・延べ {days}日・{hours}時間)",
            path=out, year=period_text(ledger, wareki=wareki), clients=len(ledger.clients),
            days=ledger.days, hours=hours_number(ledger.hours)))
    _print_table([[c.client_name, f"{c.days}日", f"{hours_number(c.hours)}時間",
                   f"うち訪問 {c.on_site_days}日", f"{c.points_estimate}ポイント"]
                  for c in ledger.clients])
    print(t("実務従事ポイント: {summary}", summary=ledger.outlook.summary()))
    return EXIT_OK


def cmd_export_all(args: argparse.Namespace) -> int:
    from companion.paths import resolve_data_paths
    from companion.services.open_export import check_export_folder, export_all
    from companion.services.session import session_scope

    check_export_folder(args.out, resolve_data_paths(args.data_dir))  # before anything is asked
    db = _open(args)
    try:
        with _warning_if_damaged(db), session_scope(db, write=False) as session:
            result = export_all(session=session, database=db, out=Path(args.out))
    finally:
        db.close()
    for name in result.missing_attachments:
        print(t("警告: {warning}", warning=t("添付ファイルの保存データを読めないため書き出していません: {name}",
                                             name=name)), file=sys.stderr)
    print(t("すべてのデータを書き出しました: {path}", path=result.folder))
    _print_counts(result)
    return EXIT_OK


def _print_counts(result: Any) -> None:
    """Rows per table and attachments of an export-all or import-all."""
    _print_table([[table, count] for table, count in result.tables.items()])
    print(t("添付ファイル {count} 件", count=result.attachments))


def cmd_import_all(args: argparse.Namespace) -> int:
    from companion.paths import resolve_data_paths
    from companion.services.open_import import import_all, read_export, require_empty_folder
    from companion.services.session import session_scope

    require_empty_folder(resolve_data_paths(args.data_dir))
    export = read_export(Path(args.folder))  # every file checked before the folder is made
    db = _open(args, create=True)
    try:
        with session_scope(db) as session:
            result = import_all(session=session, database=db, export=export)
    finally:
        db.close()
    for name in result.missing_attachments:
        print(t("警告: {warning}", warning=t("書き出しに含まれていない添付ファイルがあります: {name}",
                                             name=name)), file=sys.stderr)
    print(t("すべてのデータを取り込みました: {path}", path=result.folder))
    _print_counts(result)
    if result.tables.get("signingkey"):
        print(t("署名鍵の秘密鍵は書き出しに含まれません。新しいレビューバンドルに署名するには、"
                "元のパソコンのキーリングに鍵があるか、バックアップからの復元が必要です。"))
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from companion.domain.record_columns import ImportKind, OnDuplicate, fields_of
    from companion.i18n import translate
    from companion.services.record_import import (
        import_records,
        mapping_with_options,
        read_table,
    )

    kind = ImportKind(args.kind)
    table = read_table(Path(args.file))  # the file is read and checked before the data
    mapping = mapping_with_options(table, kind, args.map)
    on_duplicate = OnDuplicate.MERGE if args.merge else OnDuplicate.SKIP
    use = _read if args.dry_run else _write
    result = use(args, import_records, table=table, kind=kind, mapping=mapping,
                 on_duplicate=on_duplicate, dry_run=args.dry_run, today=date.today())
    labels = {spec.key: spec.label for spec in fields_of(kind)}
    if args.json:
        _print_json({
            "file": str(Path(args.file)), "sheet": table.sheet, "encoding": table.encoding,
            "kind": kind.value, "dry_run": result.dry_run,
            "mapping": [{"column": table.column_label(index), "field": key}
                        for index, key in mapping.items()],
            "imported": result.imported, "merged": result.merged,
            "duplicates": [{"row": o.row, "title": o.title, "reason": translate(o.reason)}
                           for o in result.duplicates],
            "rejected": [{"row": o.row, "title": o.title, "reason": translate(o.reason)}
                         for o in result.rejected]})
        return EXIT_PROBLEMS if result.rejected else EXIT_OK
    if result.dry_run:
        print(t("(試しの実行: 何も書き込んでいません)"))
    print(t("列の割り当て: {pairs}", pairs="、".join(
        f"{table.column_label(index)}→{translate(labels[key])}" for index, key in mapping.items())))
    print(translate(result.summary))
    for outcome in result.duplicates:
        print(t("重複 {row}行目 {title}: {reason}", row=outcome.row, title=outcome.title or "-",
                reason=translate(outcome.reason)))
    for outcome in result.rejected:
        print(t("不可 {row}行目 {title}: {reason}", row=outcome.row, title=outcome.title or "-",
                reason=translate(outcome.reason)))
    return EXIT_PROBLEMS if result.rejected else EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from companion import cli_sync

    return cli_sync.run(args)


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "review-export": cmd_review_export,
    "verify": cmd_verify,
    "import-review": cmd_import_review,
    "review": cmd_review,
    "rotate-key": cmd_rotate_key,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
    "list": cmd_list,
    "search": cmd_search,
    "report": cmd_report,
    "export-figures": cmd_export_figures,
    "sponsor-target": cmd_sponsor_target,
    "check": cmd_check,
    "ledger": cmd_ledger,
    "export-all": cmd_export_all,
    "import-all": cmd_import_all,
    "import": cmd_import,
    "sync": cmd_sync,
    "referral": cli_referral.run,
    "contact-card": cli_referral.run,
}


# The data folder's lock (companion.folder_lock) each command takes for its whole run:
# these create or replace the folder's files and need it alone; "verify" reads only the
# bundle it is given; every other command shares the folder with the window.
EXCLUSIVE_COMMANDS = frozenset({"demo", "restore", "rotate-key", "import-all"})
CREATING_COMMANDS = frozenset({"demo", "restore", "import-all"})
NO_FOLDER_COMMANDS = frozenset({"verify", "review"})


def _hold_folder(args: argparse.Namespace) -> Any:
    """Take the data folder's lock for this command (None when it needs no folder, or
    the folder does not exist and the command will say so)."""
    if args.command in NO_FOLDER_COMMANDS:
        return None
    from companion.folder_lock import Access, FolderLock, prepare_data_folder
    from companion.paths import resolve_data_paths

    paths = resolve_data_paths(args.data_dir)
    if not prepare_data_folder(paths, create=args.command in CREATING_COMMANDS):
        return None
    exclusive = args.command in EXCLUSIVE_COMMANDS or (
        args.command == "check" and getattr(args, "repair", False))
    lock = FolderLock(paths, holder=f"companion {args.command}")
    return lock.acquire(Access.EXCLUSIVE if exclusive else Access.SHARED)


def _run_command(args: argparse.Namespace) -> int:
    from companion.paths import resolve_data_paths

    root = resolve_data_paths(args.data_dir).root
    existed = root.exists()
    lock = _hold_folder(args)
    args.folder_lock = lock
    code = EXIT_ERROR
    try:
        code = COMMANDS[args.command](args)
        return code
    finally:
        if lock is not None:
            lock.release()
        if not existed and code != EXIT_OK:
            _remove_if_only_bookkeeping(root)


def _remove_if_only_bookkeeping(root: Path) -> None:
    """A command that made a new data folder and then failed leaves nothing behind."""
    import shutil

    leftovers = {path.name for path in root.iterdir()} if root.is_dir() else set()
    if leftovers <= {".lock", ".staging"}:
        shutil.rmtree(root, ignore_errors=True)


def _require_display() -> None:
    """On Linux without X11 or Wayland, Qt aborts with no word a user understands: say
    so in one line instead (QT_QPA_PLATFORM=offscreen runs it without a screen)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise KnownError("画面(ディスプレイ)がないため、ウィンドウを開けません。",
                         hint="デスクトップから起動するか、コマンド(companion --help)を使ってください。")


def _open_window(args: argparse.Namespace) -> int:
    """The window. ホーム's kept figures are read meanwhile by a second process, started
    before Qt is imported (services/home_cache_reader.py)."""
    from companion.paths import resolve_data_paths
    from companion.services.home_cache_reader import CachedHomeReader

    reader = CachedHomeReader.start(resolve_data_paths(args.data_dir))
    try:
        from companion.app import run

        return run(data_dir=args.data_dir, exit_when_ready=args.exit_when_ready,
                   settings=args.settings, cached_home=reader)
    finally:
        reader.close()


def _end_quietly_on_broken_pipe() -> int:
    """``companion list | head``: the reader has gone; end without a traceback (and
    without Python complaining again when it flushes stdout at exit)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def run_process() -> NoReturn:
    """``companion`` as a process (the console script, ``python -m companion``). After a
    command the process ends at once: everything is written, flushed and closed by then,
    and tearing down the module graphs of SQLAlchemy and pydantic would add 0.2–0.4 s to
    the user's wait (benchmarks/README.md). The window ends the ordinary way (Qt saves
    its settings as its objects go)."""
    code = main()
    if _window_opened:
        raise SystemExit(code)
    logging.shutdown()
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


_window_opened = False  # main opened the window (not a command)


def main(argv: Sequence[str] | None = None) -> int:
    global _window_opened
    args = parse_command_line(argv)
    _window_opened = args.command is None
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    # Everything Companion writes is the practitioner's alone: folders 0700, files 0600.
    os.umask(0o077)
    # Messages follow COMPANION_LANG, then the data folder's ``language`` setting, then
    # the locale (companion.i18n); errors from the services stay Japanese unless known.
    # The folder's settings are read once, here, for the whole command.
    args.settings = folder_settings(args.data_dir)
    with using_language(cli_language(args.data_dir, settings=args.settings)):
        try:
            if args.command is None:
                _require_display()
                return _open_window(args)
            return _run_command(args)
        except KnownError as exc:
            print(t("companion: エラー: {message}", message=translate_error(exc)), file=sys.stderr)
            return EXIT_ERROR
        except BrokenPipeError:
            return _end_quietly_on_broken_pipe()
        except OSError as exc:
            # A file or the disk failed under a command (no space, no permission, a
            # folder where a file belongs): the environment's problem, said in one line.
            error = write_error(Path(exc.filename or "?"), exc)
            print(t("companion: エラー: {message}", message=translate_error(error)), file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt:
            print(t("companion: 中断しました"), file=sys.stderr)
            return 130
