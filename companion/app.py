"""The GUI composition root: paths -> logging -> QApplication -> window -> database.

The window is painted first; the database (sqlmodel, SQLAlchemy, SQLCipher, the
migrations) is imported and opened afterwards on the database worker thread, so the
first paint costs little more than a bare Qt window. Nothing here or in the modules it
imports at load time pulls in ``sqlmodel``/``sqlalchemy``/``companion.db``. Before the
database opens, ホーム shows the figures the last session kept (marked as such) when the
keyring gives the data key (``HomePage.load_cached``; a process started by the command
line reads them meanwhile, ``services/home_cache_reader.py``), then its fresh figures
read with the driver alone (``HomePage.load_early``, no SQLAlchemy) while the database
is opened the ordinary way behind them.

Exit codes: 0 normally, 2 when the data cannot be opened for a reason the user can act
on (a KnownError: wrong passphrase, locked or corrupt database, unwritable folder),
1 after an unexpected error when ``exit_when_ready`` is set.
"""

from __future__ import annotations

import linecache
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from datetime import date
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication

from companion import APP_NAME, __version__
from companion.errors import KnownError
from companion.i18n import t, translate_error
from companion.paths import DataPaths, resolve_data_paths
from companion.settings import Settings

if TYPE_CHECKING:
    from companion.folder_lock import FolderLock
    from companion.services.home_cache_reader import CachedHomeReader

log = logging.getLogger("companion.app")
qt_log = logging.getLogger("companion.qt")

EXIT_OK = 0
EXIT_BUG = 1
EXIT_KNOWN_ERROR = 2
LOG_MAX_BYTES = 1_000_000
LOG_BACKUPS = 5
# services/storage.py's marker of an unfinished first start (named here so that the
# window's start reads no storage code before the first paint; a test keeps them equal).
FIRST_START_MARKER = ".first-start"


class PassphraseNeeded(KnownError):
    """The data key needs the recovery passphrase and none has been given yet."""

    def __init__(self, *, create: bool) -> None:
        super().__init__("復旧用パスフレーズが必要です。",
                         hint="画面で入力するか、環境変数 COMPANION_PASSPHRASE を設定してください。")
        self.create = create


def open_for_app(paths: DataPaths, *, passphrase: str | None, lock: FolderLock) -> Any:
    """On the database worker: open (or on first start, create) the data folder.

    The passphrase comes from ``COMPANION_PASSPHRASE`` (scripts, CI), else from the
    dialog (``passphrase``); without either, ``PassphraseNeeded`` asks the GUI thread
    to show the dialog and try again.
    """
    from companion.passphrase_prompt import PASSPHRASE_ENV
    from companion.security.data_key import PassphrasePurpose
    from companion.services.storage import open_data_folder

    def ask(purpose: PassphrasePurpose) -> str:
        from_environment = os.environ.get(PASSPHRASE_ENV)
        if from_environment:
            return from_environment
        if passphrase:
            return passphrase
        raise PassphraseNeeded(create=purpose is PassphrasePurpose.CREATE)

    opened = open_data_folder(paths, ask=ask, create=True, lock=lock)
    log.info("opened %s (key from keyring: %s)", paths.database, opened.key.from_keyring)
    if opened.key.keyring_available:
        log.info("keyring: %s", opened.key.keyring_backend)
    else:
        log.warning("keyring: none usable (%s); the recovery passphrase is asked at every start",
                    opened.key.keyring_backend)
    return opened.db


# -- logging ----------------------------------------------------------------------------

def setup_logging(log_file: Path) -> logging.Handler | None:
    """Log ``companion.*`` to a rotating file in the data folder (None if impossible)."""
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(log_file, maxBytes=LOG_MAX_BYTES,
                                      backupCount=LOG_BACKUPS, encoding="utf-8")
    except OSError:
        # The folder is unusable; opening the data will say so in one clear message.
        return None
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"))
    logger = logging.getLogger("companion")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the window's log goes to its file, not the terminal
    return handler


def teardown_logging(handler: logging.Handler | None) -> None:
    logger = logging.getLogger("companion")
    if handler is not None:
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True
    logger.setLevel(logging.NOTSET)


def _qt_message(kind: QtMsgType, _context: Any, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    qt_log.log(level, "%s", message)


# -- start-up ---------------------------------------------------------------------------

class Startup(QObject):
    """Opens the data behind the shown window; asks for the passphrase when needed;
    decides the exit code (``finished`` asks the event loop to end with it)."""

    finished = Signal(int)

    def __init__(self, window: Any, paths: DataPaths, *, exit_when_ready: bool,
                 cached_home: CachedHomeReader | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.paths = paths
        self.cached_home = cached_home  # the reader process the command line started
        self.exit_when_ready = exit_when_ready
        self.exit_code: int | None = None
        self._passphrase: str | None = None
        self._cache_asked = False
        # A new data folder (no database yet, or a first start left unfinished): once it
        # is open, はじめの設定 asks who writes the records (dialogs/first_run.py).
        self.first_start = (not paths.database.exists() and not paths.recovery_file.exists()) \
            or (paths.root / FIRST_START_MARKER).exists()
        self.first_run_dialog: Any = None
        # The window shares the data folder with commands for as long as it runs; it
        # is made and taken on the database thread by the first successful open (its
        # module, filelock, is not needed for the first paint).
        self.folder_lock: FolderLock | None = None
        self._lock_holder = QApplication.translate("Startup", "ウィンドウ")
        window.ready.connect(self._ready)
        if exit_when_ready:  # a page that cannot load must end the check, not wait
            window.worker.known_error_handler = self._failed

    def begin(self) -> None:
        if self._cache_asked:  # again, with a passphrase: only the opening
            self._open()
            return
        self._cache_asked = True
        # The last session's figures first. The worker goes on to the fresh ones and the
        # opening only once those are painted: its imports would otherwise hold the one
        # interpreter lock that the paint needs too.
        self.window.home.load_cached(self._read_cached, then=self._begin_fresh)

    def _read_cached(self) -> Any:
        """On the database worker: the figures the last session kept (``CachedHome`` or
        None), from the reader process, or read here when none was started."""
        if self.cached_home is not None:
            return self.cached_home.result()
        from companion.services.home_cache import cached_home

        return cached_home(self.paths)

    def _begin_fresh(self) -> None:
        home = self.window.home
        today = home.today()
        home.load_early(lambda: self._read_home_early(today))
        self._open()

    def _open(self) -> None:
        paths, passphrase = self.paths, self._passphrase
        self.window.open_data(
            lambda: open_for_app(paths, passphrase=passphrase, lock=self._folder_lock()),
            on_error=self._failed)

    def _read_home_early(self, today: date) -> Any:
        """On the database worker, before the opening: ホーム's fresh figures read with
        the driver alone (``services.home.lean_home_figures``) under the folder's shared
        lock, which the opening then keeps; None (lock given back) when the folder is not
        an ordinary one, and the opening does what it must."""
        paths = self.paths
        if (not paths.database.is_file() or not paths.recovery_file.is_file()
                or (paths.root / FIRST_START_MARKER).exists()):
            return None
        from companion.folder_lock import Access
        from companion.services.home import lean_home_figures

        lock = self._folder_lock()
        if lock.access is None:
            try:
                lock.acquire(Access.SHARED)
            except KnownError as error:  # the opening says it, or waits its turn
                log.info("ホーム's early read skipped: %s", error)
                return None
        summary = lean_home_figures(paths, today=today)
        if summary is None:
            lock.release()  # as it was: the opening takes it as it needs
        return summary

    def _folder_lock(self) -> FolderLock:
        """On the database worker: this window's hold on the data folder (one for the
        process, whichever attempt opens the data)."""
        if self.folder_lock is None:
            from companion.folder_lock import FolderLock

            self.folder_lock = FolderLock(self.paths, holder=self._lock_holder)
        return self.folder_lock

    def follow(self, window: Any) -> None:
        """The window was rebuilt in another language (``MainWindow.set_language``)."""
        self.setParent(window)
        self.window = window
        window.ready.connect(self._ready)

    def _ready(self) -> None:
        if self.exit_when_ready:
            # ホーム may show its figures before the opening has finished (an early
            # read): the check ends once the data is open too, or with its error.
            if self.window.database_open:
                self.finish(EXIT_OK)
            else:
                self.window.database_opened.connect(lambda: self.finish(EXIT_OK))
            return
        if self.first_start:
            self.first_start = False  # once, even if the window is rebuilt
            self._ask_first_settings()

    def _ask_first_settings(self) -> None:
        from companion.ui.dialogs.first_run import FirstRunDialog, needs_first_run

        settings = self.window.settings
        if not needs_first_run(settings):
            return
        dialog = FirstRunDialog(settings, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.first_run_dialog = dialog

    def finish(self, code: int) -> None:
        if self.exit_code is None:
            self.exit_code = code
            self.finished.emit(code)

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)
            if self.exit_when_ready:
                self.finish(EXIT_BUG)
            return
        log.warning("cannot open the data: %s", error)
        if self.exit_when_ready:
            print(t("companion: エラー: {message}", message=translate_error(error)),
                  file=sys.stderr)
            self.finish(EXIT_KNOWN_ERROR)
            return
        if isinstance(error, PassphraseNeeded):
            self._ask_passphrase(create=error.create, problem="")
        elif self._passphrase is not None:  # the typed passphrase did not open it
            self._ask_passphrase(create=not self.paths.recovery_file.is_file(),
                                 problem=str(error))
        else:
            self._show_start_error(error)

    def _ask_passphrase(self, *, create: bool, problem: str) -> None:
        from companion.ui.dialogs.passphrase import PassphraseDialog

        dialog = PassphraseDialog(create=create, error=problem, parent=self.window)

        def answered(result: int) -> None:
            dialog.deleteLater()
            if result != PassphraseDialog.DialogCode.Accepted:
                self.finish(EXIT_KNOWN_ERROR)
                return
            self._passphrase = dialog.value()
            self.begin()

        dialog.finished.connect(answered)
        dialog.open()

    def _show_start_error(self, error: KnownError) -> None:
        from companion.ui.dialogs.message import MessageDialog
        from companion.ui.i18n import known_error_texts

        message, hint = known_error_texts(error)
        box = MessageDialog(title="Companion",
                            text=self.tr("データを開けませんでした。") + "\n" + message,
                            hint=hint, error=True, parent=self.window)
        box.finished.connect(lambda _result: self.finish(EXIT_KNOWN_ERROR))
        box.open()


# -- unexpected errors -------------------------------------------------------------------

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def make_excepthook(*, log_file: Path | None, startup: Startup | None = None) -> ExceptHook:
    """Log a bug with its traceback and show the crash dialog (or, when checking with
    ``exit_when_ready``, one line on stderr and exit code 1)."""

    def excepthook(kind: type[BaseException], error: BaseException,
                   trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.critical("unexpected error", exc_info=(kind, error, trace))
        on_gui_thread = threading.current_thread() is threading.main_thread()
        app = QApplication.instance()
        if startup is not None and startup.exit_when_ready:
            print(t("companion: 予期しないエラー: {kind}: {error}(詳細: {log_file})",
                    kind=kind.__name__, error=error, log_file=log_file), file=sys.stderr)
            startup.finish(EXIT_BUG)
            return
        if app is None or not on_gui_thread:
            traceback.print_exception(kind, error, trace)
            return
        from companion.ui.dialogs.crash import CrashDialog

        details = "".join(traceback.format_exception(kind, error, trace))
        dialog = CrashDialog(details=details, log_file=log_file,
                             parent=QApplication.activeWindow())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Without a parent window nothing but this list keeps the dialog alive.
        shown.append(dialog)
        dialog.finished.connect(lambda _result: shown.remove(dialog))
        dialog.open()

    shown: list[Any] = []
    return excepthook


class StartupTrace(QObject):
    """With COMPANION_STARTUP_TRACE set, print (on stderr, wall-clock seconds since the
    epoch) when the window was first painted, when ホーム was painted with the figures
    the last session kept (only when there were some), and when it was painted with its
    fresh data, so that a benchmark can measure each from the moment it started the
    process:

        startup: painted <t>   the window's first paint (no data yet)
        startup: cached <t>    ホーム painted with the last session's figures
        startup: ready <t>     ホーム painted with its fresh figures (--exit-when-ready
                               ends after this)

    "Shown" means painted: the paint of ホーム's first figure after the page took them
    (``HomePage.cached_shown`` / ``MainWindow.ready``). What a user reads first is the
    earlier of ``cached`` and ``ready``."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._painted = False
        self._waiting: dict[QObject, str] = {}  # a figure's label -> the line its paint prints
        window.installEventFilter(self)
        figure = window.home.active_card.value_label
        window.ready.connect(lambda: self._at_next_paint(figure, "ready"))
        window.home.cached_shown.connect(lambda: self._at_next_paint(figure, "cached"))

    @staticmethod
    def _print(name: str) -> None:
        print(f"startup: {name} {time.time():.6f}", file=sys.stderr)

    def _at_next_paint(self, figure: Any, name: str) -> None:
        if not figure.isVisible():  # nothing will be painted: the data was handed over
            self._print(name)
            return
        self._waiting[figure] = name
        figure.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        name = self._waiting.pop(watched, None)
        if name is not None:
            watched.removeEventFilter(self)
            self._print(name)
        elif not self._painted and watched is self.parent():
            self._painted = True
            self._print("painted")
        return False


def refuse_second_start(claim: Any, paths: DataPaths, *, exit_when_ready: bool,
                        holder: str = "", lock_file: Path | None = None) -> int:
    """Another Companion has this data folder (``claim`` is a single_instance.Claim that
    is not FIRST): its window was asked to come forward, or it did not answer (then a
    message names the process holding ``lock_file``). With ``exit_when_ready``: one line
    on stderr and exit 2, without disturbing it."""
    from companion.ui.single_instance import Claim

    log.info("data folder %s is in use by another Companion (%s)", paths.root, claim.value)
    message = QApplication.translate(
        "Startup", "このデータフォルダは別の Companion で使用中です: {folder}").format(
            folder=paths.root)
    if exit_when_ready:
        print(t("companion: エラー: {message}", message=message), file=sys.stderr)
        return EXIT_KNOWN_ERROR
    if claim is Claim.RUNNING:
        return EXIT_OK  # the window that has the folder was asked to come forward
    from companion.ui.dialogs.message import MessageDialog

    # A lock copied with the folder from another computer (or a synchronised folder) is
    # never taken for a crashed one: say how to free it.
    box = MessageDialog(title="Companion", text=message, error=True, hint=QApplication.translate(
        "Startup", "使用中のプロセス: {holder}\n開いている Companion を使ってください。応答しない"
        "場合は、それを閉じるかパソコンを再起動してから開き直してください。別のパソコンから"
        "コピーしたフォルダで、どこでも Companion が開いていない場合は、{lock} を削除すると"
        "開けます。").format(holder=holder or "?", lock=lock_file))
    box.exec()  # before the event loop: nothing else runs yet
    return EXIT_KNOWN_ERROR


def read_no_source_for_pyside() -> None:
    """PySide6 (6.4+) looks at every module imported after it for the word "PySide6"
    (``shibokensupport.feature._mod_uses_pyside``, for ``from __feature__ import``) with
    ``inspect.getsource``, which keeps each module's whole source in ``linecache``: on
    the large data set some 700 modules, 11 million characters, ~27 MB of the window's
    peak memory, and a tenth of the time to the first paint. The same question answered
    from the file's bytes keeps nothing. A PySide without that function is left as is;
    a module without a .py file (a frozen build) is still asked the upstream way."""
    feature = sys.modules.get("shibokensupport.feature")
    upstream = getattr(feature, "_mod_uses_pyside", None)
    if upstream is None or getattr(upstream, "reads_bytes", False):
        return

    def mod_uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(upstream(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(upstream(module))

    mod_uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]
    linecache.clearcache()  # what it read of the modules imported before (a cache only)


def run(*, data_dir: str | None, exit_when_ready: bool = False,
        settings: Settings | None = None, cached_home: CachedHomeReader | None = None) -> int:
    """Open the window on a data folder; returns the process exit code. ``settings``:
    the folder's, if the caller has read them (the command line has, for its language);
    ``cached_home``: the reader of ホーム's kept figures, if the caller started one (the
    command line has, before importing Qt), else they are read on the database worker."""
    read_no_source_for_pyside()  # before the window's modules are imported
    paths = resolve_data_paths(data_dir)
    os.umask(0o077)  # the practitioner's records: folders 0700, files 0600
    from companion.ui.main_window import MainWindow, log_file_of
    from companion.ui.tasks import DbWorker

    log_file = log_file_of(paths)
    handler = setup_logging(log_file)
    log.info("Companion %s starting on %s", __version__, paths.root)
    previous_qt_handler = qInstallMessageHandler(_qt_message)
    previous_hook, previous_thread_hook = sys.excepthook, threading.excepthook

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    from companion.ui.fonts import apply_ui_font

    family = apply_ui_font(app)
    log.info("UI font: %s", family or "(system default; no Japanese font found)")
    from companion.ui.i18n import install_translator, remove_translators, requested_ui_language

    # The folder's settings, read once for the process: the window and everything in it
    # use this object (and hear its changes), none reads settings.json again.
    if settings is None or settings.path != paths.settings_file:
        settings = Settings(paths.settings_file)
    # Before any window: COMPANION_LANG, else the language setting, else the system's.
    install_translator(app, requested_ui_language(settings.get("language")))
    from PySide6.QtGui import QIcon

    from companion.paths import resource
    from companion.ui.single_instance import Claim, SingleInstance, bring_forward

    app.setWindowIcon(QIcon(str(resource("icons", "companion.svg"))))
    log.info("colour scheme: %s, style: %s", app.styleHints().colorScheme().name,
             app.style().name())
    instance = SingleInstance(paths)  # before the database: never opened twice
    claim = instance.claim(forward=not exit_when_ready)
    if claim is not Claim.FIRST:
        code = refuse_second_start(claim, paths, exit_when_ready=exit_when_ready,
                                   holder=instance.holder, lock_file=instance.lock_file)
        remove_translators(app)
        qInstallMessageHandler(previous_qt_handler)
        teardown_logging(handler)
        return code

    worker = DbWorker()
    window = MainWindow(paths=paths, worker=worker, settings=settings)
    instance.activated.connect(lambda: bring_forward(window))
    startup = Startup(window, paths, exit_when_ready=exit_when_ready, cached_home=cached_home)

    def follow(successor: MainWindow) -> None:  # the language was switched (set_language)
        nonlocal window
        window = successor
        startup.follow(successor)
        successor.replaced.connect(follow)

    window.replaced.connect(follow)
    if os.environ.get("COMPANION_STARTUP_TRACE"):
        StartupTrace(window)
    hook = make_excepthook(log_file=log_file if handler else None, startup=startup)
    sys.excepthook = hook
    threading.excepthook = lambda args: log.critical(
        "unexpected error in thread %s", args.thread.name if args.thread else "?",
        exc_info=args.exc_value or True)
    # exit(), not quit(): quit() closes every window from inside the event loop, and the
    # last one closing posts another Quit that would outlive exec().
    startup.finished.connect(lambda code: QTimer.singleShot(0, lambda: app.exit(code)),
                             Qt.ConnectionType.QueuedConnection)
    try:
        window.show()
        QTimer.singleShot(0, startup.begin)
        code = app.exec()
    finally:
        QApplication.removePostedEvents(app, QEvent.Type.Quit)
        window.close()
        worker.shutdown()
        if startup.folder_lock is not None:
            startup.folder_lock.release()
        instance.release()  # the database is closed: another start may have the folder
        window.deleteLater()
        remove_translators(app)
        sys.excepthook, threading.excepthook = previous_hook, previous_thread_hook
        qInstallMessageHandler(previous_qt_handler)
        log.info("Companion stopped")
        teardown_logging(handler)
    return startup.exit_code if startup.exit_code is not None else code
