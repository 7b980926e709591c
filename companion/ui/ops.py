"""The one way the window runs work: ops, in the spirit of Anki's ``CollectionOp`` /
``QueryOp`` (qt/aqt/operations). Views never call a service, open a Session or touch the
database worker directly; they build an op from a use case of ``companion.services``
(or other slow work) and its keyword arguments, say what follows, and run it::

    ops.read(plan_overview, engagement_id=engagement_id, today=today) \\
        .success(self._show).run(self.worker)
    ops.write(delete_kpi, undo_label=self.tr("指標を削除"), kpi_id=kpi.id) \\
        .failure(self._failed).run(self.worker)
    ops.background(write_response, paths=paths, bundle=bundle, ...) \\
        .success(self._written).with_progress(self, label).run(self.worker)

Where an op runs:

- ``read`` / ``write``: ``fn(session=..., **kwargs)`` in one session on the database
  worker (``DbWorker``: ONE thread, so SQLite writes are serialised). The service owns
  its transaction (it commits). A write that changed data emits
  ``DbWorker.data_changed(undo_label, change_set)`` before its success callback: the
  window records it for undo, refreshes what shows the data and schedules a backup.
  ``with_database()`` also hands the service the open ``Database`` as ``database=``.
- ``on_database``: ``fn(database, **kwargs)`` on the database worker without a session:
  work on the whole file or its key (a backup, a new recovery passphrase). It runs after
  every job queued before it, and still runs when the window closes.
- ``replacing_database``: ``fn(database, **kwargs)`` that replaces the file (a restore);
  the database is opened again afterwards.
- ``in_order``: ``fn(*args, **kwargs)`` on the database worker without the database:
  file work that must not overlap it (listing the backups while one is thinned).
- ``background``: ``fn(*args, **kwargs)`` on the second pool (``BackgroundPool``): slow
  work that needs no database (thumbnails, matplotlib's first import, docx and zip
  writing, keyring calls), so an autosave never waits behind it.

``success`` and ``failure`` are called on the GUI thread. Without ``failure``, a
KnownError becomes the window's message and anything else the crash dialog
(``DbWorker.report_error``). ``then`` chains the next op on a result (prepare on the
database worker, write the file on the pool, record it on the worker) under one ``Job``,
so one progress dialog and one cancel cover the whole chain.

Service modules are imported inside the methods that build ops, never at the top of a
view module: nothing of the database layer loads before the first paint.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from companion.ui.tasks import Job, ProgressAfterDelay

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from companion.ui.tasks import DbWorker

T = TypeVar("T")
U = TypeVar("U")

Failure = Callable[[BaseException], object]


class _Lane(enum.Enum):
    READ = "read"
    WRITE = "write"
    ON_DATABASE = "on_database"
    REPLACING_DATABASE = "replacing_database"
    IN_ORDER = "in_order"
    BACKGROUND = "background"


class Op(Generic[T]):
    """One piece of work to run off the GUI thread, and what follows it on the GUI
    thread. Built by ``read``, ``write``, ``on_database``, ``replacing_database``,
    ``in_order`` or ``background``; configured by chaining; started by ``run``. The
    keyword arguments are the use case's own (none may be named like ``DbWorker.submit``'s
    options: write, job_name, undo_label, with_database, on_done, on_error)."""

    def __init__(self, lane: _Lane, fn: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any], *, undo_label: str = "") -> None:
        self._lane = lane
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._undo_label = undo_label
        self._name = getattr(fn, "__name__", lane.value)
        self._with_database = False
        self._keep_on_exit = False
        self._success: Callable[[T], object] | None = None
        self._failure: Failure | None = None
        self._progress: tuple[QWidget, str, bool] | None = None

    # -- configuring ------------------------------------------------------------------

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        """Call ``callback(result)`` on the GUI thread when the work is done."""
        self._success = callback
        return self

    def failure(self, callback: Failure) -> Op[T]:
        """Call ``callback(error)`` on the GUI thread instead of reporting the error."""
        self._failure = callback
        return self

    def named(self, job_name: str) -> Op[T]:
        """The job's name in logs and tests (the function's name by default)."""
        self._name = job_name
        return self

    def with_database(self) -> Op[T]:
        """A read or write use case that also needs the open ``Database`` (its folder
        or its key, e.g. for attachments) gets it as ``database=``; it must not keep it
        past the call."""
        if self._lane not in (_Lane.READ, _Lane.WRITE):
            raise ValueError("with_database() is for read and write use cases")
        self._with_database = True
        return self

    def keep_on_exit(self) -> Op[T]:
        """Background work the user asked for (a file being written): still run when
        the window closes while it waits in the queue."""
        self._keep_on_exit = True
        return self

    def with_progress(self, parent: QWidget, label: str, *, cancellable: bool = True) -> Op[T]:
        """Show a progress dialog over ``parent`` if the work takes longer than ~500 ms
        (``ProgressAfterDelay``); cancelling it drops the result."""
        self._progress = (parent, label, cancellable)
        return self

    def then(self, step: Callable[[T], Op[U]]) -> Op[U]:
        """The op that runs this one and then ``step(result)``'s, under one Job. The
        chain's ``success``/``failure`` are set on the op returned here; a failure or a
        cancel at any step ends the chain."""
        return _Chain(self, step)

    # -- running ----------------------------------------------------------------------

    def run(self, worker: DbWorker) -> Job:
        """Start the work on ``worker`` (or its ``background`` pool); returns its Job."""
        job = self._start(worker, self._success, self._failure)
        if self._progress is not None:
            parent, label, cancellable = self._progress
            ProgressAfterDelay(job, parent=parent, label=label, cancellable=cancellable)
        return job

    def _start(self, worker: DbWorker, on_done: Callable[[Any], object] | None,
               on_error: Failure | None) -> Job:
        fn, args, kwargs = self._fn, self._args, self._kwargs
        if self._lane in (_Lane.READ, _Lane.WRITE):
            return worker.submit(fn, on_done=on_done, on_error=on_error,
                                 write=self._lane is _Lane.WRITE, job_name=self._name,
                                 undo_label=self._undo_label,
                                 with_database=self._with_database, **kwargs)
        if self._lane is _Lane.ON_DATABASE:
            return worker.call_with_db(lambda database: fn(database, **kwargs), on_done=on_done,
                                       on_error=on_error, job_name=self._name)
        if self._lane is _Lane.REPLACING_DATABASE:
            return worker.replace_database(lambda database: fn(database, **kwargs),
                                           on_done=on_done, on_error=on_error,
                                           job_name=self._name)
        if self._lane is _Lane.IN_ORDER:
            return worker.call(lambda: fn(*args, **kwargs), on_done=on_done, on_error=on_error,
                               job_name=self._name)
        return worker.background.run(lambda: fn(*args, **kwargs), on_done=on_done,
                                     on_error=on_error, job_name=self._name,
                                     keep_on_exit=self._keep_on_exit)


class _ChainJob(Job):
    """The Job of a chain: cancelling it cancels the step running."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.step: Job | None = None

    def cancel(self) -> None:
        super().cancel()
        if self.step is not None:
            self.step.cancel()


class _Chain(Op[U]):
    def __init__(self, first: Op[Any], step: Callable[[Any], Op[U]]) -> None:
        super().__init__(first._lane, first._fn, first._args, first._kwargs,
                         undo_label=first._undo_label)
        self._first = first
        self._step = step
        self._name = first._name

    def with_database(self) -> Op[U]:
        raise ValueError("with_database() belongs on the step that needs the database")

    def keep_on_exit(self) -> Op[U]:
        raise ValueError("keep_on_exit() belongs on the background step that writes")

    def _start(self, worker: DbWorker, on_done: Callable[[Any], object] | None,
               on_error: Failure | None) -> Job:
        chain = _ChainJob(self._name)

        def follow(step: Job) -> None:
            chain.step = step
            step.when_done(lambda job: chain.finish() if job.cancelled else None)

        def failed(error: BaseException) -> None:
            chain.finish()
            if on_error is not None:
                on_error(error)
            else:
                worker.report_error(error)

        def finished(result: Any) -> None:
            chain.finish()
            if on_done is not None:
                on_done(result)

        def first_done(result: Any) -> None:
            if chain.cancelled:
                chain.finish()
                return
            follow(self._step(result)._start(worker, finished, failed))

        follow(self._first._start(worker, first_done, failed))
        return chain


# -- building ops ------------------------------------------------------------------------

def read(fn: Callable[..., T], /, **kwargs: Any) -> Op[T]:
    """A use case that only reads: ``fn(session=..., **kwargs)`` on the database worker."""
    return Op(_Lane.READ, fn, (), kwargs)


def write(fn: Callable[..., T], /, *, undo_label: str, **kwargs: Any) -> Op[T]:
    """A use case that writes: ``fn(session=..., **kwargs)`` on the database worker;
    ``undo_label`` names it on the 編集 menu (``tasks.autosave_label`` for an autosave)."""
    return Op(_Lane.WRITE, fn, (), kwargs, undo_label=undo_label)


def on_database(fn: Callable[..., T], /, **kwargs: Any) -> Op[T]:
    """Work on the whole database file or its key, without a session:
    ``fn(database, **kwargs)`` on the database worker (a backup, a new passphrase)."""
    return Op(_Lane.ON_DATABASE, fn, (), kwargs)


def replacing_database(fn: Callable[..., T], /, **kwargs: Any) -> Op[T]:
    """``fn(database, **kwargs)`` replaces the database file (a restore); the worker
    opens the database again afterwards."""
    return Op(_Lane.REPLACING_DATABASE, fn, (), kwargs)


def in_order(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Op[T]:
    """``fn(*args, **kwargs)`` on the database worker, in order with its jobs but with
    neither a session nor the database: file work that must not overlap them."""
    return Op(_Lane.IN_ORDER, fn, args, kwargs)


def background(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Op[T]:
    """Slow work that needs no database: ``fn(*args, **kwargs)`` on the second pool."""
    return Op(_Lane.BACKGROUND, fn, args, kwargs)
