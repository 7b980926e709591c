"""The command line (DESIGN.md "Command line"). Never imports PySide6: the window is
opened through ``companion.app``, imported only when a window is asked for."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, NoReturn

from companion import __version__
from companion.errors import KnownError
from companion.i18n import cli_language, t, translate_error, using_language

if TYPE_CHECKING:
    from companion.db.database import Database

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


def build_parser() -> argparse.ArgumentParser:
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

    demo = commands.add_parser("demo", parents=[common], help="デモデータを作成する")
    demo.add_argument("--size", choices=["small", "large"], default="small")

    listing = commands.add_parser("list", parents=[common], help="一覧を表示する")
    listing.add_argument("what", choices=["engagements", "visits", "disclosures", "plan", "kpis"])
    listing.add_argument("id", nargs="?", metavar="ENGAGEMENT",
                         help="plan・kpis: 案件ID(companion list engagements)")
    listing.add_argument("--engagement", metavar="ID", help="訪問記録を案件で絞り込む")
    listing.add_argument("--json", action="store_true", help="JSON で出力する")

    search = commands.add_parser("search", parents=[common], help="全文検索")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=50)
    search.add_argument("--json", action="store_true", help="JSON で出力する")

    backup = commands.add_parser("backup", parents=[common], help="バックアップを作成する")
    backup.add_argument("--out", metavar="FILE",
                        help="持ち出し用の1ファイル(.zip)に書き出す(省略時は自動バックアップと同じ場所)")

    restore = commands.add_parser("restore", parents=[common], help="バックアップから復元する")
    restore.add_argument("file", metavar="FILE")

    export = commands.add_parser("review-export", parents=[common],
                                 help="第三者レビュー用の署名付きバンドルを書き出す")
    export.add_argument("--out", metavar="FILE.zip", required=True)
    export.add_argument("--from", dest="period_from", metavar="YYYY-MM-DD", type=_date)
    export.add_argument("--to", dest="period_to", metavar="YYYY-MM-DD", type=_date)

    verify = commands.add_parser("verify", parents=[common],
                                 help="レビューバンドルの完全性と署名を検証する(データ不要)")
    verify.add_argument("bundle", metavar="FILE.zip")
    verify.add_argument("--expect-key", metavar="FINGERPRINT", help="実践者の鍵の指紋を固定する")
    verify.add_argument("--since", metavar="OLD",
                        help="前回のバンドル・チェックポイント・レビュー応答: その記録を書き換えずに追記しているか")

    import_review = commands.add_parser("import-review", parents=[common],
                                        help="レビュー担当者の署名付き応答を取り込む")
    import_review.add_argument("file", metavar="FILE")
    import_review.add_argument("--trust-key", metavar="FINGERPRINT",
                               help="初めてのレビュー担当者の鍵の指紋(確認済みのもの)")

    commands.add_parser("rotate-key", parents=[common],
                        help="署名鍵を更新する(旧鍵と新鍵の両方で署名した記録を追加)")

    report = commands.add_parser("report", parents=[common], help="案件の実施報告書(Word)を作成する")
    report.add_argument("engagement", metavar="ENGAGEMENT", help="案件ID(companion list engagements)")
    report.add_argument("--out", metavar="FILE.docx", required=True)
    report.add_argument("--fiscal-year", type=int, metavar="YYYY", help="対象の年度(省略時は案件の全期間)")
    report.add_argument("--template", metavar="FILE.docx", help="委託元の書式(.docx)を使う")
    report.add_argument("--seireki", action="store_true", help="日付を西暦で書く(既定は和暦)")
    report.add_argument("--practitioner", default="", metavar="NAME", help="報告者の氏名・所属")

    figures = commands.add_parser("export-figures", parents=[common],
                                  help="委託元向けの集計を Excel / CSV に書き出す")
    figures.add_argument("--out", metavar="FILE.xlsx|FILE.csv", required=True,
                         help=".xlsx は全表、.csv は訪問件数の表のみ")
    figures.add_argument("--fiscal-year", type=int, metavar="YYYY")
    figures.add_argument("--sponsor", metavar="ID", help="委託元のIDまたは名前で絞り込む")

    ledger = commands.add_parser("ledger", parents=[common],
                                 help="活動日数台帳(実務従事の日数・時間)を CSV に書き出す")
    ledger.add_argument("--fiscal-year", type=int, metavar="YYYY",
                        help="対象の年度(省略時は今年度)")
    ledger.add_argument("--out", metavar="FILE.csv", required=True)

    check = commands.add_parser("check", parents=[common], help="データベースを検査する")
    check.add_argument("--repair", action="store_true", help="再構築できるもの(検索索引)を修復する")
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("日付は YYYY-MM-DD で指定してください: {text}",
                                           text=text)) from None


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


def _print_table(rows: list[Sequence[Any]]) -> None:
    for row in rows:
        print("\t".join("" if cell is None else str(cell) for cell in row))


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    from companion.passphrase_prompt import ask_in_terminal
    from companion.paths import resolve_data_paths
    from companion.services.storage import open_data_folder

    paths = resolve_data_paths(args.data_dir)
    return open_data_folder(paths, ask=ask_in_terminal, create=create).db


def _read(args: argparse.Namespace, use_case: Callable[..., Any], **kwargs: Any) -> Any:
    from companion.services.session import session_scope

    db = _open(args)
    try:
        with session_scope(db, write=False) as session:
            return use_case(session=session, **kwargs)
    finally:
        db.close()


def cmd_demo(args: argparse.Namespace) -> int:
    from companion.services.demo import generate_demo
    from companion.services.session import session_scope

    db = _open(args, create=True)
    try:
        with session_scope(db) as session:
            summary = generate_demo(session=session, size=args.size, today=date.today())
    finally:
        db.close()
    print(t("デモデータを作成しました: {path}", path=db.paths.root))
    _print_table([[key, value] for key, value in asdict(summary).items()])
    return EXIT_OK


def _engagement_id(text: str | None) -> uuid.UUID | None:
    if text is None:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise KnownError(f"案件IDの形式が正しくありません: {text}") from None


def cmd_list(args: argparse.Namespace) -> int:
    from companion.services import disclosures, engagements

    if args.what == "engagements":
        rows = _read(args, engagements.list_engagements)
        table = [[r.id, r.title, r.client_name, r.sponsor_name, r.status, r.start_on,
                  r.planned_end_on or "", r.visit_count] for r in rows]
    elif args.what == "visits":
        rows = _read(args, engagements.list_visits, engagement_id=_engagement_id(args.engagement))
        table = [[r.id, r.started_at.astimezone().strftime("%Y-%m-%d %H:%M"), r.mode,
                  r.client_name, r.purpose] for r in rows]
    elif args.what in ("plan", "kpis"):
        rows, table = _list_plan_or_kpis(args)
    else:
        rows = _read(args, disclosures.list_disclosures)
        table = [[r.number, f"v{r.version}", r.kind, r.counterpart_name, r.started_on,
                  r.declared_on, r.status] for r in rows]
    if args.json:
        _print_json(rows)
    else:
        _print_table(table)
    return EXIT_OK


def _list_plan_or_kpis(args: argparse.Namespace) -> tuple[Any, list[list[Any]]]:
    """``list plan ID``: the plan tree with rolled-up progress; ``list kpis ID``: each
    KPI's target and actual per fiscal year."""
    from companion.services.kpis import kpi_listing
    from companion.services.plans import plan_listing

    if not args.id:
        raise KnownError(f"案件IDを指定してください: companion list {args.what} ENGAGEMENT",
                         hint="案件IDは companion list engagements で確認できます。")
    engagement_id = _engagement_id(args.id)
    if args.what == "plan":
        plan = _read(args, plan_listing, engagement_id=engagement_id)
        return plan, [[r.fiscal_year_label, r.level, "  " * r.depth + r.title, r.owner,
                       r.due_on or "", r.status, f"{r.progress}%"] for r in plan]
    kpis = _read(args, kpi_listing, engagement_id=engagement_id)
    return kpis, [[k.name, k.unit, y.fiscal_year_label, "" if y.target is None else f"{y.target:g}",
                   "" if y.actual is None else f"{y.actual:g}", y.basis]
                  for k in kpis for y in k.years]


def cmd_search(args: argparse.Namespace) -> int:
    from companion.services.search import search

    hits = _read(args, search, query=args.query, limit=args.limit)
    if args.json:
        _print_json(hits)
    else:
        _print_table([[h.when, h.kind, h.client_name, h.engagement_title, h.snippet] for h in hits])
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from companion.services.health import check_database

    db = _open(args)
    try:
        report = check_database(db, repair=args.repair)
    finally:
        db.close()
    for line in report.repaired:
        print(t("修復: {line}", line=line))
    for problem in report.problems:
        print(t("問題: {problem}", problem=t(problem)), file=sys.stderr)
    if report.ok:
        print(t("OK: {file}(スキーマ {revision})", file=db.file, revision=report.revision))
        return EXIT_OK
    return EXIT_PROBLEMS


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.services.backups import export_backup, make_backup

    db = _open(args)
    try:
        written = export_backup(db, Path(args.out)) if args.out else make_backup(db).path
    finally:
        db.close()
    print(t("バックアップを作成しました: {path}", path=written))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.passphrase_prompt import ask_in_terminal
    from companion.paths import resolve_data_paths
    from companion.security.data_key import has_data_key
    from companion.services.backups import restore_backup
    from companion.services.storage import open_data_folder

    paths = resolve_data_paths(args.data_dir)
    source = Path(args.file)
    if has_data_key(paths):
        opened = open_data_folder(paths, ask=ask_in_terminal)
        try:
            result = restore_backup(paths, source, current=opened.db, current_key=opened.key.key,
                                    ask=ask_in_terminal, close_current=opened.db.close)
        finally:
            opened.db.close()
    else:
        paths.root.mkdir(parents=True, exist_ok=True)
        result = restore_backup(paths, source, current=None, current_key=None, ask=ask_in_terminal)
    if result.safety_backup:
        print(t("復元前の状態を保存しました: {path}", path=result.safety_backup.path))
    print(t("復元しました: {path}", path=result.restored_from))
    return EXIT_OK


def _write(args: argparse.Namespace, use_case: Callable[..., Any], **kwargs: Any) -> Any:
    from companion.services.session import session_scope

    db = _open(args)
    try:
        with session_scope(db) as session:
            return use_case(session=session, **kwargs)
    finally:
        db.close()


def _practitioner(args: argparse.Namespace) -> str:
    from companion.paths import resolve_data_paths
    from companion.settings import Settings

    settings = Settings(resolve_data_paths(args.data_dir).settings_file)
    return " ".join(part for part in (settings.get("practitioner_name"),
                                      settings.get("organisation")) if part)


def cmd_review_export(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.review.keys import short_fingerprint
    from companion.services.review_bundle import export_review_bundle

    result = _write(args, export_review_bundle, out=Path(args.out), period_from=args.period_from,
                    period_to=args.period_to, practitioner=_practitioner(args))
    print(t("レビューバンドルを書き出しました: {path}", path=result.path))
    print(t("記録 {size} 件 / 鍵の指紋 {fingerprint}", size=result.checkpoint.size,
            fingerprint=short_fingerprint(result.fingerprint)))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.review.verify import inspect_bundle, verify_since

    bundle = Path(args.bundle)
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
    from pathlib import Path

    from companion.services.review_import import import_review

    source = Path(args.file)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnownError(f"応答ファイルを読めません: {source} ({exc})") from exc
    result = _write(args, import_review, envelope_text=text, trust_fingerprint=args.trust_key)
    print(t("{reviewer} さんのレビュー結果 {count} 件を取り込みました", reviewer=result.reviewer,
            count=result.findings))
    return EXIT_OK


def cmd_rotate_key(args: argparse.Namespace) -> int:
    from companion.review.keys import short_fingerprint
    from companion.services.register import rotate_signing_key

    new = _write(args, rotate_signing_key)
    print(t("署名鍵を更新しました。新しい鍵の指紋: {fingerprint}", fingerprint=short_fingerprint(new)))
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.reports import export_report
    from companion.services.session import session_scope

    engagement_id = _engagement_id(args.engagement)
    assert engagement_id is not None
    db = _open(args)
    try:
        with session_scope(db, write=False) as session:
            result = export_report(
                session=session, engagement_id=engagement_id, out=Path(args.out),
                fiscal_year=args.fiscal_year, template=Path(args.template) if args.template else None,
                wareki=not args.seireki, practitioner=args.practitioner)
    finally:
        db.close()
    for warning in result.warnings:
        print(t("警告: {warning}", warning=t(warning)), file=sys.stderr)
    print(t("報告書を作成しました: {path}", path=result.path))
    return EXIT_OK


def cmd_export_figures(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.reports.figures import export_figures, find_sponsor_id
    from companion.services.session import session_scope

    db = _open(args)
    try:
        with session_scope(db, write=False) as session:
            sponsor_id = find_sponsor_id(session=session, text=args.sponsor) if args.sponsor else None
            result = export_figures(session=session, out=Path(args.out),
                                    fiscal_year=args.fiscal_year, sponsor_id=sponsor_id)
    finally:
        db.close()
    for warning in result.warnings:
        print(t("警告: {warning}", warning=t(warning)), file=sys.stderr)
    print(t("集計を書き出しました: {path}({tables})", path=result.path,
            tables="・".join(result.tables)))
    return EXIT_OK


def cmd_ledger(args: argparse.Namespace) -> int:
    from pathlib import Path

    from companion.domain.fiscal import fiscal_year_label, fiscal_year_of
    from companion.services.visits import export_ledger

    fiscal_year = args.fiscal_year or fiscal_year_of(date.today())
    ledger = _read(args, export_ledger, fiscal_year=fiscal_year, out=Path(args.out))
    print(t("活動日数台帳を書き出しました: {path}({year}、事業者 {clients}件・延べ {days}日・{hours}時間)",
            path=args.out, year=fiscal_year_label(fiscal_year), clients=len(ledger.clients),
            days=ledger.days, hours=f"{ledger.hours:g}"))
    _print_table([[c.client_name, f"{c.days}日", f"{c.hours:g}時間",
                   f"うち訪問 {c.on_site_days}日"] for c in ledger.clients])
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "review-export": cmd_review_export,
    "verify": cmd_verify,
    "import-review": cmd_import_review,
    "rotate-key": cmd_rotate_key,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
    "list": cmd_list,
    "search": cmd_search,
    "report": cmd_report,
    "export-figures": cmd_export_figures,
    "check": cmd_check,
    "ledger": cmd_ledger,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    # Messages follow COMPANION_LANG, then the data folder's ``language`` setting, then
    # the locale (companion.i18n); errors from the services stay Japanese unless known.
    with using_language(cli_language(args.data_dir)):
        try:
            if args.command is None:
                from companion.app import run

                return run(data_dir=args.data_dir, exit_when_ready=args.exit_when_ready)
            return COMMANDS[args.command](args)
        except KnownError as exc:
            print(t("companion: エラー: {message}", message=translate_error(exc)), file=sys.stderr)
            return EXIT_ERROR
        except KeyboardInterrupt:
            print(t("companion: 中断しました"), file=sys.stderr)
            return 130
