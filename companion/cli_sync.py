"""``companion sync``: set up, join, sync once, pair, status, remove a device, take the
register (docs/sync.md). Never imports Qt."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.errors import KnownError
from companion.i18n import t, translate

if TYPE_CHECKING:
    from companion.db.database import Database
    from companion.services.sync import SyncStatus

EXIT_OK = 0
EXIT_PROBLEMS = 1


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser(
        "sync", parents=[common], help="同期フォルダを通じてほかの端末と同期する",
        description="初回: --folder と --name で設定(参加は --join CODE か --recovery)。"
                    "以後: companion sync で一度同期する。")
    sync.add_argument("--folder", metavar="DIR",
                      help="同期フォルダ(OneDrive・Dropbox・NAS などで同期しているフォルダ)")
    sync.add_argument("--name", metavar="NAME", help="この端末の名前(例: 事務所のデスクトップ)")
    actions = sync.add_mutually_exclusive_group()
    actions.add_argument("--join", metavar="CODE", help="ほかの端末に表示されたペアリングコードで参加する")
    actions.add_argument("--recovery", action="store_true",
                         help="復旧用パスフレーズで参加する(環境変数 COMPANION_PASSPHRASE でも可)")
    actions.add_argument("--pair", action="store_true", help="ほかの端末が参加するためのペアリングコードを表示する")
    actions.add_argument("--status", action="store_true", help="同期の状態を表示する")
    actions.add_argument("--remove-device", metavar="ID", help="端末を同期から外す(新しい同期鍵に切り替える)")
    actions.add_argument("--take-register", action="store_true",
                         help="この端末を記帳端末にする(記帳端末をなくしたとき)")
    sync.add_argument("--json", action="store_true", help="--status を JSON で表示する")


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    from companion.cli import _open as open_folder

    return open_folder(args, create=create)


def _status(db: Database) -> SyncStatus:
    from companion.services.session import session_scope
    from companion.services.sync import sync_status

    with session_scope(db, write=False) as session:
        return sync_status(session=session)


def _require(args: argparse.Namespace, *options: str) -> None:
    for option in options:
        if not getattr(args, option.lstrip("-").replace("-", "_")):
            raise KnownError("{option} を指定してください。", option=option,
                             hint="例: companion sync --folder ~/OneDrive/Companion --name 事務所のデスクトップ")


def _print_status(status: SyncStatus, *, as_json: bool) -> None:
    from companion.cli import _print_json

    if as_json:
        _print_json(status)
        return
    if not status.configured:
        print(t("同期していません(設定: companion sync --folder DIR --name NAME)"))
        return
    print(t("同期フォルダ: {folder}", folder=status.folder))
    print(t("この端末: {name}({device})", name=status.device_name, device=status.device_id))
    print(t("記帳端末: {name}", name=t("この端末") if status.is_register_keeper
            else status.keeper_name or "-"))
    when = status.last_synced_at.astimezone().strftime("%Y-%m-%d %H:%M") \
        if status.last_synced_at else t("まだ同期していません")
    print(t("最終同期: {when}", when=when))
    print(t("未送信 {count}件", count=status.unsent))
    print(t("競合 {count}件", count=status.conflicts))
    for device in status.devices:
        seen = device.last_seen_at.astimezone().strftime("%Y-%m-%d %H:%M") \
            if device.last_seen_at else "-"
        mark = t("外した端末") if device.removed else (t("この端末") if device.this_device else "")
        print("\t".join([device.id, device.name, seen, mark]).rstrip())
    if status.last_error:
        print(t("前回の同期の問題: {error}", error=translate(status.last_error)), file=sys.stderr)


def _device_id(text: str, status: SyncStatus) -> uuid.UUID:
    given = text.strip().lower().replace("-", "")
    matches = [device.id for device in status.devices
               if not device.this_device and device.id.startswith(given)] if len(given) >= 6 else []
    if len(matches) != 1:
        raise KnownError("端末IDが見つからないか、一つに決まりません: {given}", given=text,
                         hint="companion sync --status で端末IDを確かめてください(先頭 6 文字以上)。")
    return uuid.UUID(matches[0])


def run(args: argparse.Namespace) -> int:
    from companion.services import sync

    if args.join or args.recovery:
        return _join(args)
    if args.json and not args.status:
        raise KnownError("--json は --status と一緒に指定してください。")
    db = _open(args)
    try:
        if args.status:
            _print_status(_status(db), as_json=args.json)
            return EXIT_OK
        if args.pair:
            code = sync.create_pairing_code(db)
            print(t("ペアリングコード: {code}", code=code))
            print(t("参加する端末で companion sync --folder DIR --join {code} --name NAME を実行してください(24 時間有効、一度だけ使えます)。",
                    code=code))
            return EXIT_OK
        if args.remove_device:
            device = _device_id(args.remove_device, _status(db))
            sync.remove_device(db, device_id=device)
            print(t("端末を同期から外しました: {device}。残りの端末は新しい同期鍵を使います。",
                    device=device.hex))
            return EXIT_OK
        if args.take_register:
            sync.take_register(db)
            print(t("この端末が記帳端末になりました。"))
            return EXIT_OK
        if args.folder:
            _require(args, "--name")
            status = sync.set_up_sync(db, folder=Path(args.folder), device_name=args.name)
            print(t("同期を設定しました: {folder}(この端末: {name}、記帳端末)", folder=status.folder,
                    name=status.device_name))
            return EXIT_OK
        return _sync_and_print(db)
    finally:
        db.close()


def _join(args: argparse.Namespace) -> int:
    """Join with a pairing code or the recovery passphrase, in a data folder made for it
    if there is none yet; a join that fails removes the folder it made."""
    import shutil

    from companion.paths import resolve_data_paths
    from companion.services import sync
    from companion.services.sync.folder import require_folder
    from companion.services.sync.pairing import normalise_code

    _require(args, "--folder", "--name")
    code = normalise_code(args.join) if args.join else ""  # checked before anything is made
    require_folder(Path(args.folder).expanduser())
    passphrase = ""
    if args.recovery:
        from companion.passphrase_prompt import ask_in_terminal
        from companion.security.data_key import PassphrasePurpose

        passphrase = ask_in_terminal(PassphrasePurpose.UNLOCK)
    root = resolve_data_paths(args.data_dir).root
    made = not (root / "companion.db").exists()
    db = _open(args, create=True)
    try:
        if args.recovery:
            status = sync.join_with_recovery(db, folder=Path(args.folder), passphrase=passphrase,
                                             device_name=args.name)
        else:
            status = sync.join_with_code(db, folder=Path(args.folder), code=code,
                                         device_name=args.name)
    except KnownError:
        db.close()
        if made:
            shutil.rmtree(root, ignore_errors=True)
        raise
    try:
        print(t("同期に参加しました: {folder}(この端末: {name})", folder=status.folder,
                name=status.device_name))
        return _sync_and_print(db)
    finally:
        db.close()


def _sync_and_print(db: Database) -> int:
    from companion.services import sync

    result = sync.sync_once(db)
    print(t("送信 {count}件", count=result.sent))
    print(t("受信 {count}件", count=result.received))
    print(t("競合 {count}件", count=result.conflicts))
    if result.restored:
        print(t("復元 {count}件", count=result.restored))
    if result.sealed:
        print(t("封印 {count}件", count=result.sealed))
    for line in result.skipped:
        print(t("待機中のファイル: {name}", name=translate(line)))
    for line in result.refused:
        print(t("取り込まなかったファイル: {reason}", reason=translate(line)), file=sys.stderr)
    return EXIT_PROBLEMS if result.refused else EXIT_OK
