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

if TYPE_CHECKING:
    from companion.db.database import Database

log = logging.getLogger("companion.cli")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"companion: エラー: {message}(companion --help で使い方を表示)\n")


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
    listing.add_argument("what", choices=["engagements", "visits", "disclosures"])
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

    check = commands.add_parser("check", parents=[common], help="データベースを検査する")
    check.add_argument("--repair", action="store_true", help="再構築できるもの(検索索引)を修復する")
    return parser


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
    print(f"デモデータを作成しました: {db.paths.root}")
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
    else:
        rows = _read(args, disclosures.list_disclosures)
        table = [[r.number, f"v{r.version}", r.kind, r.counterpart_name, r.started_on,
                  r.declared_on, r.status] for r in rows]
    if args.json:
        _print_json(rows)
    else:
        _print_table(table)
    return EXIT_OK


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
        print(f"修復: {line}")
    for problem in report.problems:
        print(f"問題: {problem}", file=sys.stderr)
    if report.ok:
        print(f"OK: {db.file}(スキーマ {report.revision})")
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
    print(f"バックアップを作成しました: {written}")
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
        print(f"復元前の状態を保存しました: {result.safety_backup.path}")
    print(f"復元しました: {result.restored_from}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": cmd_backup,
    "restore": cmd_restore,
    "demo": cmd_demo,
    "list": cmd_list,
    "search": cmd_search,
    "check": cmd_check,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    try:
        if args.command is None:
            from companion.app import run

            return run(data_dir=args.data_dir, exit_when_ready=args.exit_when_ready)
        return COMMANDS[args.command](args)
    except KnownError as exc:
        print(f"companion: エラー: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("companion: 中断しました", file=sys.stderr)
        return 130
