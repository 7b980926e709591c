"""Work off the GUI thread (STYLE.md habit 3): the database worker and a second pool.

One ``DbWorker`` per window owns ONE single-thread executor: every database job runs
there, one after the other, so SQLite writes are serialised and the GUI thread never
opens a Session. The first job opens the database itself; each later job is a use case
``fn(session=..., **kwargs)`` run inside ``session_scope`` on the worker thread.

Slow work that needs no database (thumbnails, matplotlib's first import, docx and zip
writing, keyring calls) runs on the worker's ``background`` pool (``BackgroundPool``, a
few threads of its own), so an autosave never waits behind a report.

Views do not call these directly: they build ops (``companion.ui.ops``), which run here.
Results and errors come back to the GUI thread through a queued Qt signal on these
QObjects (which live on the GUI thread) and are handed to the callbacks given with the
job. A job can be cancelled: its result is then dropped (work already running is left
to finish). ``ProgressAfterDelay`` shows a progress dialog only for jobs that take
longer than ~500 ms; ``wait_with_progress`` waits for one while the window closes.

Nothing heavy is imported here: sqlmodel and the session code are imported on the
worker thread by the jobs, after the window has been painted.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from companion.errors import KnownError

log = logging.getLogger("companion.ui.tasks")

PROGRESS_DELAY_MS = 500
BACKGROUND_THREADS = 2  # the second pool: slow work that needs no database

Callback = Callable[[Any], object]
ErrorCallback = Callable[[BaseException], object]

# Autosaves (a visit draft saved every few seconds while it is typed) are writes the
# user did not ask for. Their jobs use an undo label that starts with this prefix: they
# still emit ``data_changed`` (so a backup follows), but whoever listens must not put
# them on the undo stack nor reload pages for them (drafts appear in no list).
AUTOSAVE_PREFIX = "自動保存: "


def autosave_label(what: str) -> str:
    return AUTOSAVE_PREFIX + what


def is_autosave(label: str) -> bool:
    """True for the undo label of an autosave job (not to be undone or refreshed for)."""
    return label.startswith(AUTOSAVE_PREFIX)


class Job:
    """A handle on one submitted job: whether it is done, and a way to cancel it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.done = False
        self.cancelled = False
        self._listeners: list[Callable[[Job], None]] = []

    def cancel(self) -> None:
        """Drop the result when it arrives (the callbacks are not called)."""
        if not self.done:
            self.cancelled = True

    def when_done(self, listener: Callable[[Job], None]) -> None:
        """Call ``listener(job)`` on the GUI thread when the job has finished."""
        if self.done:
            listener(self)
        else:
            self._listeners.append(listener)

    def finish(self) -> None:
        """Mark the job finished (on the GUI thread) and tell its listeners: done by the
        runner that ran it, or by whoever composed it of other jobs (``all_of``, a chain
        of ops)."""
        if self.done:
            return
        self.done = True
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener(self)

    def __repr__(self) -> str:
        return f"<Job {self.name} done={self.done} cancelled={self.cancelled}>"


@dataclass(frozen=True)
class _Written:
    """A write job's result together with the change set it wrote (None: no change)."""

    result: Any
    change_set: Any
    label: str


@dataclass(eq=False)
class _Outcome:
    job: Job
    on_done: Callback | None
    on_error: ErrorCallback | None
    writes: bool = False
    result: Any = None
    error: BaseException | None = field(default=None)


def _perform(work: Callable[[], Any], outcome: _Outcome) -> None:
    """Run a job's work (unless it was cancelled) and keep its result or its error,
    which is handed to the GUI thread, never lost."""
    if outcome.job.cancelled:
        return
    try:
        outcome.result = work()
    except BaseException as exc:
        outcome.error = exc


def all_of(jobs: Iterable[Job | None], *, name: str = "all") -> Job:
    """One job that finishes when every one of ``jobs`` has (None: skipped), e.g. to
    show one progress dialog for them."""
    combined = Job(name)
    waiting = [job for job in jobs if job is not None and not job.done]
    remaining = len(waiting)
    if not remaining:
        combined.finish()
        return combined

    def one_done(_job: Job) -> None:
        nonlocal remaining
        remaining -= 1
        if remaining == 0:
            combined.finish()

    for job in waiting:
        job.when_done(one_done)
    return combined


def _report_bug_or_message(error: BaseException,
                           known_error_handler: Callable[[KnownError], None] | None) -> None:
    """A KnownError goes to the window's handler (a message), anything else is a bug
    (sys.excepthook: logged, crash dialog)."""
    if isinstance(error, KnownError) and known_error_handler is not None:
        log.info("job failed: %s", error)
        known_error_handler(error)
        return
    sys.excepthook(type(error), error, error.__traceback__)


class BackgroundPool(QObject):
    """The second lane: slow work that needs no database — thumbnails, matplotlib's
    first import, docx and zip writing, keyring calls — on a few threads of its own, so
    the database worker (and with it every autosave) never waits behind it.

    The same contract as ``DbWorker``: ``run(fn)`` returns a ``Job``; the result or the
    error comes back on the GUI thread to the callbacks; without an error callback the
    error is reported (``report_error``). Jobs here run side by side and in any order:
    work that must follow a database write is chained after it (``ops.Op.then``)."""

    # Emitted on a pool thread, delivered on the GUI thread (queued connection).
    _finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, threads: int = BACKGROUND_THREADS,
                 report_error: ErrorCallback | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=threads,
                                            thread_name_prefix="companion-background")
        self._report_error = report_error
        self._unfinished: set[_Outcome] = set()  # submitted, not delivered (GUI thread)
        self._closed = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def busy(self) -> bool:
        return bool(self._unfinished)

    @property
    def closed(self) -> bool:
        return self._closed

    def pending_jobs(self) -> list[Job]:
        """The jobs submitted and not yet finished (queued or running)."""
        return [outcome.job for outcome in self._unfinished if not outcome.job.done]

    def drop_display_work(self) -> None:
        """The window is closing: cancel what only feeds the display (work not marked
        ``keep_on_exit``); what already runs finishes, its result dropped."""
        for outcome in self._unfinished:
            if not outcome.writes:
                outcome.job.cancel()

    def run(self, fn: Callable[[], Any], *, on_done: Callback | None = None,
            on_error: ErrorCallback | None = None, job_name: str = "",
            keep_on_exit: bool = False) -> Job:
        """Run ``fn()`` on the pool. ``keep_on_exit``: work the user asked for (a file
        being written) that ``shutdown`` still runs when it is only queued; other queued
        work (a thumbnail) is skipped then."""
        job = Job(job_name or getattr(fn, "__name__", "background"))
        if self._closed:
            job.cancel()
            job.finish()
            return job
        outcome = _Outcome(job=job, on_done=on_done, on_error=on_error, writes=keep_on_exit)
        self._unfinished.add(outcome)
        if len(self._unfinished) == 1:
            self.busy_changed.emit(True)
        self._executor.submit(self._run, fn, outcome)
        return job

    def _run(self, fn: Callable[[], Any], outcome: _Outcome) -> None:
        """On a pool thread: do the work, then post the outcome to the GUI thread."""
        _perform(fn, outcome)
        if not self._closed:
            self._finished.emit(outcome)

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._unfinished.discard(outcome)
        if not self._unfinished:
            self.busy_changed.emit(False)
        job = outcome.job
        job.finish()
        if job.cancelled or self._closed:
            return
        if outcome.error is None:
            if outcome.on_done is not None:
                outcome.on_done(outcome.result)
            return
        if outcome.on_error is not None:
            outcome.on_error(outcome.error)
        elif self._report_error is not None:
            self._report_error(outcome.error)
        else:
            _report_bug_or_message(outcome.error, None)

    def shutdown(self) -> None:
        """Skip queued work that only feeds the display, finish what runs and what the
        user asked for (``keep_on_exit``), then stop the threads. The window waits for
        these with a progress dialog before it calls this (``MainWindow.closeEvent``)."""
        if self._closed:
            return
        self._closed = True
        self.drop_display_work()
        self._executor.shutdown(wait=True)
        log.debug("background pool shut down")


class DbWorker(QObject):
    """The one thread that talks to the database, and the bridge back to the GUI. It
    also owns the second pool (``background``) that ops run slow non-database work on."""

    # Emitted on the worker thread, delivered on the GUI thread (queued connection).
    _finished = Signal(object)
    busy_changed = Signal(bool)
    # A write job changed data: (undo label, change-set id). The window records it for
    # undo, refreshes what shows the data and schedules a backup.
    data_changed = Signal(str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="companion-db")
        self._db: Any = None  # companion.db.database.Database, touched on the worker only
        self._opener: Callable[[], Any] | None = None  # what last opened it (see
        # replace_database)
        # Write jobs that changed data, counted on the worker as they commit (data_changed
        # is not delivered once shutdown began; a backup on exit compares this count).
        self.changes_written = 0
        self._pending = 0
        self._queued: set[_Outcome] = set()  # submitted, not started yet
        self._queued_lock = threading.Lock()
        self._closed = False
        self.known_error_handler: Callable[[KnownError], None] | None = None
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        # The second lane (slow work without the database); ``busy`` counts it too.
        self.background = BackgroundPool(self, report_error=self.report_error)
        self._was_busy = False
        self.background.busy_changed.connect(lambda _busy: self._update_busy())

    # -- submitting ---------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """Work is queued or running on the database worker or the second pool."""
        return self._pending > 0 or self.background.busy

    def _update_busy(self) -> None:
        busy = self.busy
        if busy != self._was_busy:
            self._was_busy = busy
            self.busy_changed.emit(busy)

    @property
    def closed(self) -> bool:
        return self._closed

    def open(self, opener: Callable[[], Any], *, on_done: Callback | None = None,
             on_error: ErrorCallback | None = None) -> Job:
        """Open the database on the worker with ``opener()`` (returns a Database).

        Opening again (after a failed attempt, e.g. a wrong passphrase) replaces
        nothing until it succeeds.
        """

        def open_on_worker() -> Any:
            database = opener()
            if self._db is not None:
                self._db.close()
            self._db = database
            self._opener = opener
            return database

        return self._enqueue("open", open_on_worker, on_done, on_error, writes=True)

    def submit(self, fn: Callable[..., Any], *, on_done: Callback | None = None,
               on_error: ErrorCallback | None = None, write: bool = False,
               job_name: str = "", undo_label: str = "", with_database: bool = False,
               **kwargs: Any) -> Job:
        """Run ``fn(session=..., **kwargs)`` in one ``session_scope`` on the worker.

        A write job that changes data emits ``data_changed(undo_label, change_set)``
        before its ``on_done`` is called. With ``with_database`` the job also gets the
        open ``Database`` as ``database=`` (for work that needs its folder or key, such
        as ``services.attachments.store_for``); it must not keep it past the job.
        An ``undo_label`` made with ``autosave_label`` marks a write the user did not
        ask for (see ``AUTOSAVE_PREFIX``)."""

        def run_on_worker() -> Any:
            from companion.services.session import last_change_set, session_scope

            if self._db is None:
                raise KnownError(QCoreApplication.translate("DbWorker", "データベースがまだ開かれていません。"))
            extra = {"database": self._db} if with_database else {}
            with session_scope(self._db, write=write) as session:
                result = fn(session=session, **extra, **kwargs)
                if not write:
                    return result
                change_set = last_change_set(session)
                if change_set is not None:
                    self.changes_written += 1
                return _Written(result, change_set,
                                undo_label or getattr(fn, "__name__", "変更"))

        return self._enqueue(job_name or getattr(fn, "__name__", "job"), run_on_worker,
                             on_done, on_error, writes=write)

    def call(self, fn: Callable[[], Any], *, on_done: Callback | None = None,
             on_error: ErrorCallback | None = None, job_name: str = "") -> Job:
        """Run ``fn()`` on the worker without a session (e.g. asking the keyring)."""
        return self._enqueue(job_name or getattr(fn, "__name__", "call"), fn, on_done,
                             on_error)

    def call_with_db(self, fn: Callable[[Any], Any], *, on_done: Callback | None = None,
                     on_error: ErrorCallback | None = None, job_name: str = "") -> Job:
        """Run ``fn(database)`` on the worker with the open ``Database`` and no session:
        work on the whole file or its key (a backup, changing the recovery passphrase).

        It counts as a write: it runs after every job queued before it, and
        ``shutdown`` still runs it, so a backup queued just before ``shutdown`` is taken
        after the queued writes and before the database is closed. ``fn`` must not keep
        the database past the job."""

        def run_on_worker() -> Any:
            if self._db is None:
                raise KnownError(QCoreApplication.translate("DbWorker", "データベースがまだ開かれていません。"))
            return fn(self._db)

        return self._enqueue(job_name or getattr(fn, "__name__", "call_with_db"),
                             run_on_worker, on_done, on_error, writes=True)

    def replace_database(self, fn: Callable[[Any], Any], *, on_done: Callback | None = None,
                         on_error: ErrorCallback | None = None, job_name: str = "") -> Job:
        """Run ``fn(database)`` on the worker where it replaces the database file (a
        restore), then open the database again with the opener that last opened it
        (migrations run again). ``fn`` closes the database before replacing the file;
        when it fails, the database it was given stays in use."""

        def run_on_worker() -> Any:
            database, opener = self._db, self._opener
            if database is None or opener is None:
                raise KnownError(QCoreApplication.translate("DbWorker", "データベースがまだ開かれていません。"))
            result = fn(database)
            self._db = None
            database.close()
            try:
                self._db = opener()
            except KnownError as exc:
                raise KnownError(
                    QCoreApplication.translate("DbWorker", "データベースを開き直せませんでした: {reason}")
                    .format(reason=exc.message),
                    hint=QCoreApplication.translate("DbWorker", "Companion を再起動してください。")
                ) from exc
            return result

        return self._enqueue(job_name or getattr(fn, "__name__", "replace_database"),
                             run_on_worker, on_done, on_error, writes=True)

    def _enqueue(self, name: str, work: Callable[[], Any], on_done: Callback | None,
                 on_error: ErrorCallback | None, *, writes: bool = False) -> Job:
        job = Job(name)
        if self._closed:
            job.cancel()
            job.finish()
            return job
        outcome = _Outcome(job=job, on_done=on_done, on_error=on_error, writes=writes)
        with self._queued_lock:
            self._queued.add(outcome)
        self._pending += 1
        self._update_busy()
        self._executor.submit(self._run, work, outcome)
        return job

    def _run(self, work: Callable[[], Any], outcome: _Outcome) -> None:
        """On the worker thread: do the work, then post the outcome to the GUI thread."""
        with self._queued_lock:
            self._queued.discard(outcome)
        _perform(work, outcome)
        if not self._closed:
            self._finished.emit(outcome)

    # -- delivering, on the GUI thread ----------------------------------------------

    @Slot(object)
    def _deliver(self, outcome: _Outcome) -> None:
        self._pending = max(0, self._pending - 1)
        self._update_busy()
        job = outcome.job
        job.finish()
        if job.cancelled or self._closed:
            return
        if outcome.error is None:
            result = outcome.result
            if isinstance(result, _Written):
                if result.change_set is not None:
                    self.data_changed.emit(result.label, result.change_set)
                result = result.result
            if outcome.on_done is not None:
                outcome.on_done(result)
            return
        if outcome.on_error is not None:
            outcome.on_error(outcome.error)
        else:
            self.report_error(outcome.error)

    def report_error(self, error: BaseException) -> None:
        """The default for a job without its own error callback: a KnownError goes to
        the window's handler (a message), anything else is a bug (sys.excepthook)."""
        _report_bug_or_message(error, self.known_error_handler)

    # -- shutting down ----------------------------------------------------------------

    def shutdown(self) -> None:
        """Skip queued reads, finish the running job and queued writes (nothing the user
        saved is dropped), then close the database. The second pool stops first (what
        it runs needs no database)."""
        if self._closed:
            return
        self.background.shutdown()
        self._closed = True
        with self._queued_lock:
            for outcome in self._queued:
                if not outcome.writes:
                    outcome.job.cancelled = True
        self._executor.shutdown(wait=True)
        if self._db is not None:
            self._db.close()  # engine.dispose(): the worker thread is gone
            self._db = None
        log.debug("database worker shut down")


class ProgressAfterDelay(QObject):
    """A busy dialog for a job, shown only if it is still running after ``delay_ms``.

    Cancelling the dialog cancels the job (its result is dropped). A job that must
    finish once started (a backup, a restore: dropping its result would leave the
    window not knowing what happened) passes ``cancellable=False``: no cancel button.
    """

    def __init__(self, job: Job, *, parent: QWidget, label: str,
                 delay_ms: int = PROGRESS_DELAY_MS, cancellable: bool = True) -> None:
        super().__init__(parent)
        self._job = job
        self._cancellable = cancellable
        self._parent = parent
        self._label = label
        self.dialog: QProgressDialog | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show)
        self._timer.start(delay_ms)
        job.when_done(self._finished)

    @Slot()
    def _show(self) -> None:
        if self._job.done or self._job.cancelled:
            return
        dialog = QProgressDialog(self._label, self.tr("キャンセル"), 0, 0, self._parent)
        dialog.setWindowTitle(self.tr("処理中"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumSize(360, 120)
        dialog.setMinimumDuration(0)
        if self._cancellable:
            dialog.canceled.connect(self._job.cancel)
        else:
            dialog.setCancelButton(None)
        dialog.show()
        self.dialog = dialog

    def _finished(self, _job: Job) -> None:
        self._timer.stop()
        if self.dialog is not None:
            if self._cancellable:
                self.dialog.canceled.disconnect(self._job.cancel)
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.deleteLater()


def wait_with_progress(job: Job, *, parent: QWidget, label: str,
                       delay_ms: int = PROGRESS_DELAY_MS) -> None:
    """Wait for ``job`` without freezing the window: a local event loop runs until it
    has finished, and a progress dialog without a cancel button appears when it takes
    longer than ``delay_ms``. For closing (the exit backup): the window must not vanish
    nor hang silently while its data is still being saved."""
    if job.done:
        return
    loop = QEventLoop()
    job.when_done(lambda _job: loop.quit())
    ProgressAfterDelay(job, parent=parent, label=label, delay_ms=delay_ms, cancellable=False)
    loop.exec()
