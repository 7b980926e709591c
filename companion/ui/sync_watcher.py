"""Sync in the background (issue #20, docs/sync.md), and what the status bar says of it.

``BackgroundSync`` runs ``companion.services.sync.sync_once`` on the database worker
(``ops.write``, so it takes its turn between autosaves and never holds the GUI thread):

- when the sync folder changes: a ``QFileSystemWatcher`` on the folder and on the
  other devices' folders (and their ``segments``/``snapshots``/``keys``), re-added as
  new ones appear; this device's own folder is not watched (its own writes would wake
  it again). A change waits ``FOLDER_DELAY_MS`` (the engine is still copying);
- every ``PERIOD_MS`` (5 minutes): a change the watcher missed (a network share), a
  folder that was away (a USB stick, a NAS) and is back;
- ``WRITES_DELAY_MS`` after the last write in this window (a burst of edits is one
  sync), but not after the sync's own writes (``SYNC_LABEL``).

One sync at a time: asked again while one runs, it runs once more afterwards. A folder
that is not there (the USB stick is out) is said quietly (「同期フォルダが見つかりません」)
and tried again later; other failures are shown in the status bar and on the 同期 page,
never as a dialog (a bug is reported once, then only shown). The folder's directories
are listed on the second pool: a NAS that hangs never freezes the window.

``SyncStatusBar`` is the status bar's part: 最終同期 HH:MM・未送信 n件・競合 n件
(競合 opens ホーム's list), or 同期していません.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from companion.errors import KnownError
from companion.ui import ops
from companion.ui.tasks import autosave_label
from companion.ui.widgets.common import error_colour

if TYPE_CHECKING:
    from companion.services.sync import SyncResult, SyncStatus
    from companion.services.sync.background import SyncOutcome
    from companion.ui.tasks import DbWorker

log = logging.getLogger("companion.ui.sync")

PERIOD_MS = 5 * 60_000  # look at the folder this often anyway
FOLDER_DELAY_MS = 3_000  # after the folder changed: the engine may still be copying
WRITES_DELAY_MS = 20_000  # after the last write of a burst
STATUS_DELAY_MS = 1_000  # after a write, the status (未送信, 競合) is read again
# The sync's own writes: not undone (an autosave label), and no reason to sync again.
SYNC_LABEL = autosave_label("同期")
WATCHED_SUBFOLDERS = ("segments", "snapshots", "keys")


def _tr(text: str) -> str:
    return QCoreApplication.translate("BackgroundSync", text)


def folders_to_watch(folder: str, own_device: str) -> list[str]:
    """On the second pool: the sync folder and every other device's folders in it
    (a device's folder is named by its id; this device's own is left out)."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        return []
    watched = [str(root)]
    try:
        devices = [entry for entry in root.iterdir() if entry.is_dir()]
    except OSError:
        return watched
    own = own_device.replace("-", "").lower()
    for device in sorted(devices):
        if device.name.replace("-", "").lower() == own or device.name.startswith("."):
            continue
        watched.append(str(device))
        watched.extend(str(device / name) for name in WATCHED_SUBFOLDERS
                       if (device / name).is_dir())
    return watched


def problem_text(error: BaseException) -> str:
    """A KnownError as one line for the status bar and the 同期 page."""
    from companion.ui.i18n import known_error_texts

    message, hint = known_error_texts(error)
    return f"{message} {hint}".strip()


class BackgroundSync(QObject):
    """Decides when to sync; the window owns one (and hands it to the 同期 page)."""

    changed = Signal()  # status, running or problem changed: show them again
    data_arrived = Signal()  # a sync brought or sealed records: pages reload
    synced = Signal(object)  # SyncResult of a sync that ran

    def __init__(self, worker: DbWorker, *, parent: QObject | None = None,
                 sync_fn: Callable[[Any], SyncOutcome] | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.sync_fn = sync_fn  # tests hold a sync on the worker with their own
        self.status: SyncStatus | None = None
        self.running = False
        self.offline = False
        self.problem = ""  # why the last background sync failed ('' = it did not)
        self.last_result: SyncResult | None = None
        self.started = False
        self._again = False  # asked while one ran: once more afterwards
        self._bug_reported = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.periodic = QTimer(self)
        self.periodic.setInterval(PERIOD_MS)
        self.periodic.timeout.connect(self._periodic)
        self.folder_delay = QTimer(self)
        self.folder_delay.setSingleShot(True)
        self.folder_delay.setInterval(FOLDER_DELAY_MS)
        self.folder_delay.timeout.connect(self.request_sync)
        self.writes_delay = QTimer(self)
        self.writes_delay.setSingleShot(True)
        self.writes_delay.setInterval(WRITES_DELAY_MS)
        self.writes_delay.timeout.connect(self.request_sync)
        self.status_delay = QTimer(self)  # 未送信 grows with each write: read it again
        self.status_delay.setSingleShot(True)
        self.status_delay.setInterval(STATUS_DELAY_MS)
        self.status_delay.timeout.connect(self.refresh)
        worker.data_changed.connect(self._data_changed)

    # -- state ------------------------------------------------------------------------

    @property
    def configured(self) -> bool:
        return self.status is not None and self.status.configured

    def start(self) -> None:
        """The database is open: read the status; if sync is set up, sync soon."""
        self.started = True
        self.refresh(sync_after=True)

    def stop(self) -> None:
        """The window is closing (or replaced): no more timers nor watching."""
        self.started = False
        for timer in (self.periodic, self.folder_delay, self.writes_delay, self.status_delay):
            timer.stop()
        self._unwatch()

    def take_over(self, previous: BackgroundSync) -> None:
        """Continue where ``previous`` (the window this one's replaces) left off."""
        self.status, self.offline, self.problem = previous.status, previous.offline, previous.problem
        self.last_result = previous.last_result
        previous.stop()
        previous.worker.data_changed.disconnect(previous._data_changed)
        if previous.started:
            self.started = True
            self._arm()
        self.changed.emit()

    def refresh(self, *, sync_after: bool = False) -> None:
        """Read the status again (after a change on the 同期 page, a write)."""

        def shown(status: SyncStatus) -> None:
            self.show_status(status)
            if sync_after and self.configured:
                self.request_sync()

        from companion.services.sync import sync_status

        ops.read(sync_status).named("sync_status").success(shown) \
            .failure(self._status_failed).run(self.worker)

    def show_status(self, status: SyncStatus) -> None:
        """A status read or returned by a set-up, a join or a removal."""
        was = self.status.folder if self.configured and self.status is not None else None
        self.status = status
        if self.started:
            self._arm(rewatch=status.folder != was)
        self.changed.emit()

    def _status_failed(self, error: BaseException) -> None:
        if isinstance(error, KnownError):
            self._set_problem(problem_text(error))
        else:
            self._report_bug(error)

    # -- when --------------------------------------------------------------------------

    def _arm(self, *, rewatch: bool = True) -> None:
        if not self.configured:
            self.periodic.stop()
            self._unwatch()
            return
        if not self.periodic.isActive():
            self.periodic.start()
        if rewatch:
            self._watch()

    def _periodic(self) -> None:
        self._watch()  # a folder that was away may be back, new devices may have come
        self.request_sync()

    def _data_changed(self, label: str, _change_set: object) -> None:
        if label == SYNC_LABEL or not self.configured or not self.started:
            return
        self.status_delay.start()
        self.writes_delay.start()  # (re)started: the sync follows the burst's last write

    def _folder_changed(self, _path: str) -> None:
        if not self.started:
            return
        self._watch()  # a new device's folder, a new segments/ folder
        self.folder_delay.start()

    def _unwatch(self) -> None:
        watched = self.watcher.directories() + self.watcher.files()
        if watched:
            self.watcher.removePaths(watched)

    def _watch(self) -> None:
        status = self.status
        if status is None or not status.configured:
            return
        ops.background(folders_to_watch, status.folder, status.device_id) \
            .named("sync_folders").success(self._set_watched) \
            .failure(lambda error: log.warning("cannot list the sync folder: %s", error)) \
            .run(self.worker)

    def _set_watched(self, folders: list[str]) -> None:
        if not self.started:
            return
        current = set(self.watcher.directories())
        gone = sorted(current - set(folders))
        if gone:
            self.watcher.removePaths(gone)
        new = [folder for folder in folders if folder not in current]
        if new:
            refused = self.watcher.addPaths(new)
            if refused:
                log.info("not watched (the periodic scan covers them): %s", refused)

    # -- syncing -------------------------------------------------------------------------

    def request_sync(self) -> bool:
        """Sync now unless one runs (then once more after it). False: not set up."""
        if not self.configured or self.worker.closed:
            return False
        self.writes_delay.stop()
        self.folder_delay.stop()
        if self.running:
            self._again = True
            return True
        self.running = True
        self._again = False
        self.changed.emit()
        from companion.services.sync.background import sync_in_background

        ops.on_database(self.sync_fn or sync_in_background).named("sync").success(self._done) \
            .failure(self._failed).run(self.worker)
        return True

    def sync_now(self) -> bool:
        """今すぐ同期 (the 同期 page)."""
        return self.request_sync()

    def _finish_run(self) -> None:
        self.running = False
        if self._again:
            QTimer.singleShot(0, self.request_sync)

    def _done(self, outcome: SyncOutcome) -> None:
        self.status = outcome.status
        self.offline = outcome.offline
        result = outcome.result
        if outcome.offline:
            self.problem = _tr("同期フォルダが見つかりません: {folder}(後でもう一度試します)").format(
                folder=outcome.status.folder)
            log.info("sync folder not found: %s", outcome.status.folder)
        else:
            self.problem = ""
        if result is not None:
            self.last_result = result
            log.info("synced: sent %s, received %s, conflicts %s, sealed %s", result.sent,
                     result.received, result.conflicts, result.sealed)
        self._finish_run()
        self.changed.emit()
        if result is not None:
            self.synced.emit(result)
            if result.received or result.sealed or result.conflicts or result.restored:
                self.records_arrived()
        if not outcome.offline and self.started:
            self._watch()  # new devices' folders are watched from now on

    def records_arrived(self) -> None:
        """Records came from another device (a sync, a join): what the window shows may
        be old, and a backup follows (as after any write, but never on the undo stack:
        the label is an autosave's)."""
        self.worker.data_changed.emit(SYNC_LABEL, None)
        self.data_arrived.emit()

    def _failed(self, error: BaseException) -> None:
        self._finish_run()
        if isinstance(error, KnownError):
            log.warning("sync failed: %s", error)
            self._set_problem(problem_text(error))
            return
        self._report_bug(error)

    def _report_bug(self, error: BaseException) -> None:
        """A bug: the crash dialog once; later ones (every 5 minutes) only in the log and
        the status bar, never a storm of dialogs."""
        self._set_problem(_tr("同期で予期しないエラーが起きました。詳しくはログファイルを見てください。"))
        if self._bug_reported:
            log.error("sync failed again", exc_info=error)
            return
        self._bug_reported = True
        self.worker.report_error(error)

    def _set_problem(self, text: str) -> None:
        self.problem = text
        self.offline = False
        self.changed.emit()


# -- the status bar -----------------------------------------------------------------------

def short_time(moment: datetime | None, *, today: datetime | None = None) -> str:
    """14:05 today, 11/28 14:05 another day, on this computer's clock."""
    if moment is None:
        return _tr("まだ")
    local = moment.astimezone()
    now = (today or datetime.now().astimezone()).astimezone()
    if local.date() == now.date():
        return f"{local.hour:02d}:{local.minute:02d}"
    return f"{local.month}/{local.day} {local.hour:02d}:{local.minute:02d}"


class SyncStatusBar(QWidget):
    """最終同期 14:05・未送信 3件・競合 1件 (競合 is a link to ホーム's list), or
    同期していません (a link to 設定 → 同期)."""

    conflicts_requested = Signal()
    settings_requested = Signal()

    def __init__(self, sync: BackgroundSync, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sync = sync
        self.label = QLabel()
        self.label.setObjectName("syncStatus")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.label.linkActivated.connect(self._link)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        sync.changed.connect(self.show_state)
        self.show_state()

    def _link(self, target: str) -> None:
        if target == "conflicts":
            self.conflicts_requested.emit()
        else:
            self.settings_requested.emit()

    def plain_text(self) -> str:
        """What the label says, without its markup (tests, the tooltip)."""
        from PySide6.QtGui import QTextDocument

        document = QTextDocument()
        document.setHtml(self.label.text())
        return document.toPlainText()

    def show_state(self) -> None:
        from html import escape

        sync = self.sync
        status = sync.status
        if status is None or not status.configured:
            self.label.setText('<a href="settings">{}</a>'.format(escape(self.tr("同期していません"))))
            self.label.setToolTip(self.tr("設定 → 同期 で、別のパソコンとの同期を始められます。"))
            return
        parts = [escape(self.tr("同期中…") if sync.running else
                        self.tr("最終同期 {time}").format(time=short_time(status.last_synced_at))),
                 escape(self.tr("未送信 {n}件").format(n=status.unsent))]
        conflicts = escape(self.tr("競合 {n}件").format(n=status.conflicts))
        if status.conflicts:
            parts.append(f'<a href="conflicts" style="color: {error_colour(self)};">'
                         f"{conflicts}</a>")
        else:
            parts.append(conflicts)
        problem = sync.problem or status.last_error
        if sync.offline:  # the USB stick is out, the NAS is off: said quietly, tried later
            parts.append(escape(self.tr("同期フォルダが見つかりません")))
        elif problem:
            parts.append(f'<span style="color: {error_colour(self)};">'
                         f'{escape(self.tr("同期できません"))}</span>')
        self.label.setText("・".join(parts))
        tip = [self.tr("同期フォルダ: {folder}").format(folder=status.folder)]
        if problem:
            tip.append(problem)
        self.label.setToolTip("\n".join(tip))
