"""Automatic backups, and the backups the 設定 page lists, takes and restores.

A backup is taken after data changed (``DbWorker.data_changed``, autosaves included),
at most once every ``backup_interval_minutes`` (a setting, 30 by default), and once
more when the window closes if anything changed since the last one. A change made
within the interval is not forgotten: a timer looks again every minute until the
interval has passed. ``services.backups.make_backup`` verifies each copy and thins the
older ones.

Every backup and restore runs on the database worker (``ops.on_database`` /
``ops.replacing_database``): the GUI thread never touches the database file. The
backup on exit is waited for with a progress dialog (``MainWindow.closeEvent``). Backups go to
the data folder's ``backups/`` or to the folder set as ``backup_folder``.

The clock is ``now`` (a callable returning an aware datetime) so tests can move time
without waiting.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from companion.domain.backup_policy import backup_due
from companion.errors import KnownError
from companion.paths import DataPaths
from companion.settings import Settings
from companion.ui import ops

if TYPE_CHECKING:
    from companion.security.data_key import PassphrasePurpose
    from companion.services.backups import BackupInfo, RestoreResult
    from companion.ui.tasks import DbWorker, Job

log = logging.getLogger("companion.ui.backups")

TICK_MS = 60_000  # while a change waits for the interval, look again this often


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclasses.dataclass(frozen=True)
class BackupFolderPaths(DataPaths):
    """A data folder whose automatic backups live in another folder (``backup_folder``):
    the services find the backups through ``paths.backups``."""

    backup_folder: Path = Path()

    @property
    def backups(self) -> Path:
        return self.backup_folder


def backup_paths_for(paths: DataPaths, settings: Settings) -> DataPaths:
    """Where the backups of ``paths`` go, as the settings say."""
    folder = str(settings.get("backup_folder")).strip()
    if not folder:
        return paths
    return BackupFolderPaths(paths.root, Path(folder).expanduser())


def interval_from(settings: Settings) -> timedelta:
    # Out of its declared bounds in the file, the setting reads as its default.
    return timedelta(minutes=int(settings.get("backup_interval_minutes")))


# -- on the worker ----------------------------------------------------------------------

def _require_folder(paths: DataPaths) -> None:
    if isinstance(paths, BackupFolderPaths) and not paths.backups.is_dir():
        raise KnownError(
            QCoreApplication.translate("BackupScheduler", "バックアップ先のフォルダがありません: {folder}")
            .format(folder=paths.backups),
            hint=QCoreApplication.translate(
                "BackupScheduler",
                "USB メモリなどが外れていないか確認するか、設定の「バックアップ先」を変えてください。"))


def take_backup(database: Any, *, paths: DataPaths, now: datetime) -> BackupInfo:
    """Take, verify and thin (``make_backup``) into the folder of ``paths``."""
    from companion.services.backups import make_backup

    _require_folder(paths)
    try:
        return make_backup(dataclasses.replace(database, paths=paths), now=now)
    except OSError as exc:
        raise KnownError(
            QCoreApplication.translate("BackupScheduler", "バックアップを作成できません: {folder}({reason})")
            .format(folder=paths.backups, reason=exc.strerror or exc),
            hint=QCoreApplication.translate("BackupScheduler",
                                            "空き容量と書き込みの権限を確認してください。")) from exc


def list_backups_in(paths: DataPaths) -> list[BackupInfo]:
    """The automatic backups, newest first (none when the folder is missing)."""
    from companion.services.backups import list_backups

    try:
        return list_backups(paths)
    except OSError as exc:
        raise KnownError(
            QCoreApplication.translate("BackupScheduler", "バックアップの一覧を読めません: {folder}({reason})")
            .format(folder=paths.backups, reason=exc.strerror or exc)) from exc


def _refuse_other_key(_purpose: PassphrasePurpose) -> str:
    raise KnownError(
        QCoreApplication.translate("BackupScheduler", "このバックアップは別の鍵で暗号化されています。"),
        hint=QCoreApplication.translate(
            "BackupScheduler",
            "別のパソコンで書き出したバックアップは、コマンド「companion restore」で"
            "復旧用パスフレーズを入力して復元してください。"))


def restore_from(database: Any, *, paths: DataPaths, backup_paths: DataPaths,
                 source: Path, allow_rollback: bool = False) -> RestoreResult:
    """Back up the current state, then replace the data with ``source``."""
    from companion.services.backups import restore_backup

    _require_folder(backup_paths)
    try:
        return restore_backup(paths, source,
                              current=dataclasses.replace(database, paths=backup_paths),
                              current_key=database.key, ask=_refuse_other_key,
                              close_current=database.close, allow_rollback=allow_rollback)
    except OSError as exc:
        raise KnownError(
            QCoreApplication.translate("BackupScheduler", "復元できませんでした: {name}({reason})")
            .format(name=source.name, reason=exc.strerror or exc),
            hint=QCoreApplication.translate("BackupScheduler",
                                            "データは復元前の状態のままです。")) from exc


# -- on the GUI thread ------------------------------------------------------------------

class BackupScheduler(QObject):
    """Decides when to back up; the window owns one and closes it with itself."""

    backup_made = Signal(object)  # BackupInfo
    backup_failed = Signal(str)  # a message for the user
    restored = Signal(object)  # RestoreResult: every page shows old data now

    def __init__(self, worker: DbWorker, *, paths: DataPaths, settings: Settings,
                 now: Callable[[], datetime] = utc_now, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.paths = paths
        self.settings = settings  # the window's, in memory: read at each decision
        self.now = now  # the clock; tests replace it
        self.last_backup: datetime | None = None
        self.last_attempt: datetime | None = None  # a failed backup waits an interval too
        self.last_error = ""
        self.changed = False  # data changed since the last backup was started
        # DbWorker.changes_written when the last backup began: touched on the worker only.
        self._changes_backed_up = 0
        self.running = False
        self.started = False
        self.closing = False  # the window is closing: only the backup on exit runs
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        worker.data_changed.connect(self._data_changed)

    def take_over(self, previous: BackupScheduler) -> None:
        """Continue where ``previous`` (the scheduler of a window this one's window
        replaces, on the same worker) left off, and silence it."""
        self.last_backup, self.last_attempt = previous.last_backup, previous.last_attempt
        self.last_error, self.changed = previous.last_error, previous.changed
        self.started = previous.started  # (it is idle: windows are replaced when idle)
        self._changes_backed_up = previous._changes_backed_up
        previous.timer.stop()
        previous.worker.data_changed.disconnect(previous._data_changed)
        previous.changed = False
        previous.started = False  # its window's close backs nothing up: this one does
        self.check()

    # -- settings, asked each time (the 設定 page may have changed them) ----------------

    def backup_paths(self) -> DataPaths:
        return backup_paths_for(self.paths, self.settings)

    def interval(self) -> timedelta:
        return interval_from(self.settings)

    def setting_changed(self, key: str) -> None:
        """A backup setting changed: a change waiting for the interval may be due now."""
        if key in ("backup_folder", "backup_interval_minutes"):
            self.check()

    # -- deciding ---------------------------------------------------------------------

    def start(self) -> None:
        """The database is open: learn when the newest backup was taken."""
        self.started = True
        self.list_backups(on_done=self._found_backups, on_error=self._listing_failed)

    def _found_backups(self, backups: list[BackupInfo]) -> None:
        if backups and (self.last_backup is None or backups[0].taken_at > self.last_backup):
            self.last_backup = backups[0].taken_at
        self.check()

    def _listing_failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        log.warning("cannot list the backups: %s", error)
        self.check()

    def _data_changed(self, _label: str, _change_set: object) -> None:
        self.changed = True
        self.check()

    def _latest(self) -> datetime | None:
        """The last backup, or the last attempt if it failed since."""
        return max((t for t in (self.last_backup, self.last_attempt) if t is not None),
                   default=None)

    def check(self) -> None:
        """Back up now if a change waits and the interval has passed; else keep the timer
        running while a change waits."""
        if not self.changed or self.worker.closed or self.closing:
            self.timer.stop()
            return
        if self.running:
            return
        if backup_due(self._latest(), self.now(), changed=True, interval=self.interval()):
            self.timer.stop()
            self._run_backup()
        elif not self.timer.isActive():
            self.timer.start()

    # -- backing up ---------------------------------------------------------------------

    def backup_now(self) -> Job:
        """今すぐバックアップ: whatever the interval says."""
        return self._run_backup()

    def _run_backup(self) -> Job:
        self.running = True
        self.changed = False
        now = self.now()
        self.last_attempt = now
        paths = self.backup_paths()

        def backup(database: Any) -> BackupInfo:
            written = self.worker.changes_written  # all of them are in the copy
            info = take_backup(database, paths=paths, now=now)
            self._changes_backed_up = written
            return info

        return ops.on_database(backup).named("backup").success(self._made) \
            .failure(self._failed).run(self.worker)

    def _made(self, info: BackupInfo) -> None:
        self.running = False
        self.last_backup = info.taken_at
        self.last_error = ""
        log.info("automatic backup %s", info.path.name)
        self.backup_made.emit(info)
        self.check()  # a change made while it ran

    def _failed(self, error: BaseException) -> None:
        self.running = False
        self.changed = True  # still not backed up: try again after the interval
        if not isinstance(error, KnownError):
            self.worker.report_error(error)
            return
        self.last_error = str(error)
        log.warning("backup failed: %s", error)
        self.backup_failed.emit(self.last_error)
        self.check()

    def backup_on_exit(self) -> Job | None:
        """The window is closing: back up what changed since the last backup. Queued
        before ``DbWorker.shutdown``, it runs after every queued write (and decides there,
        counting the writes that committed) and before the database is closed; its errors
        can only be logged (the window is gone)."""
        if self.worker.closed or not self.started:
            return None
        self.closing = True  # no other backup starts while this one is waited for
        self.timer.stop()
        self.changed = False
        now, paths, worker = self.now(), self.backup_paths(), self.worker

        def backup_before_closing(database: Any) -> BackupInfo | None:
            written = worker.changes_written
            if written == self._changes_backed_up:
                return None  # nothing changed since the last backup
            try:
                info = take_backup(database, paths=paths, now=now)
            except KnownError as exc:
                log.warning("backup on exit failed: %s", exc)
                return None
            except Exception:
                log.exception("backup on exit failed")
                return None
            self._changes_backed_up = written
            log.info("backup on exit %s", info.path.name)
            return info

        return ops.on_database(backup_before_closing).named("backup_on_exit").run(self.worker)

    # -- listing and restoring ------------------------------------------------------------

    def list_backups(self, *, on_done: Callable[[list[BackupInfo]], None],
                     on_error: Callable[[BaseException], None] | None = None) -> Job:
        op = ops.in_order(list_backups_in, self.backup_paths()).named("list_backups") \
            .success(on_done)
        if on_error is not None:
            op.failure(on_error)
        return op.run(self.worker)

    def restore(self, source: Path, *, on_done: Callable[[RestoreResult], None] | None = None,
                on_error: Callable[[BaseException], None] | None = None,
                allow_rollback: bool = False) -> Job:
        """Back up the current state, replace the database with ``source`` and open it
        again; ``restored`` tells the window to reload what it shows."""
        paths, backup_paths = self.paths, self.backup_paths()

        def restore(database: Any) -> RestoreResult:
            written = self.worker.changes_written
            result = restore_from(database, paths=paths, backup_paths=backup_paths,
                                  source=source, allow_rollback=allow_rollback)
            self._changes_backed_up = written  # backed up first, then replaced
            return result

        def done(result: RestoreResult) -> None:
            if result.safety_backup is not None:
                self.last_backup = result.safety_backup.taken_at
            self.changed = False
            log.info("restored %s", source.name)
            self.restored.emit(result)
            if on_done is not None:
                on_done(result)

        op = ops.replacing_database(restore).named("restore").success(done)
        if on_error is not None:
            op.failure(on_error)
        return op.run(self.worker)
