"""One Companion per data folder: a second start brings the first window forward.

The first instance takes a lock file in the data folder (``QLockFile``: a lock left by
a crashed process is recognised by its dead process id and taken over) and listens on
a local socket whose name is derived from the folder's path. A second start on the
same folder cannot take the lock; it connects to that socket and asks the first
instance to come forward, then ends without opening the database. If the first one
does not answer, the folder is reported as in use. The database is therefore never
opened twice for writing by the app.

A socket file left by a crash is removed (``QLocalServer.removeServer``) before the
new first instance listens, which is safe because it holds the lock.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from companion.paths import DataPaths

log = logging.getLogger("companion.ui.single_instance")

LOCK_FILE_NAME = ".companion.lock"
ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 1000


class Claim(enum.Enum):
    FIRST = "first"  # this process owns the folder
    RUNNING = "running"  # another Companion has it and answered (asked to come forward)
    IN_USE = "in-use"  # another process holds the lock and did not answer


def server_name(root: Path) -> str:
    """A local socket name for one data folder of one user (path separators and
    length are safe on every platform)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment (a service account)
        user = ""
    digest = hashlib.sha256(f"{user}\n{root.resolve()}".encode()).hexdigest()[:24]
    return f"companion-{digest}"


class SingleInstance(QObject):
    """Claims a data folder for this process; the owner hears later starts."""

    activated = Signal()  # another start on this folder asked this window to come forward

    def __init__(self, paths: DataPaths, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.name = server_name(paths.root)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self.holder = ""  # who holds the lock, when another process does: "host (pid N)"

    @property
    def lock_file(self) -> Path:
        return self.paths.root / LOCK_FILE_NAME

    def claim(self, *, forward: bool = True) -> Claim:
        """Take the folder, or find the instance that has it and (with ``forward``) ask
        its window to come forward."""
        try:
            self.paths.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            # Opening the data will say what is wrong with the folder, in one message.
            log.warning("cannot create %s to lock it: %s", self.paths.root, exc)
            return Claim.FIRST
        lock = QLockFile(str(self.lock_file))
        lock.setStaleLockTime(0)  # never by age: only a dead owner makes it stale
        if lock.tryLock(0):
            self._lock = lock
            self._listen()
            return Claim.FIRST
        if lock.error() != QLockFile.LockError.LockFailedError:
            log.warning("cannot lock %s (%s); going on without the single-instance check",
                        self.lock_file, lock.error())
            return Claim.FIRST
        info = lock.getLockInfo()  # PySide: (pid, hostname, appname)
        if isinstance(info, tuple) and len(info) == 3:
            pid, host, _app = info
            self.holder = f"{host} (pid {pid})"
        return Claim.RUNNING if self._reach(forward=forward) else Claim.IN_USE

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)  # a socket left behind by a crash
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._accept)
        self._server = server
        log.info("single-instance server %s", server.fullServerName())

    def _reach(self, *, forward: bool) -> bool:
        """Connect to the instance that has the lock (and ask it to come forward)."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            log.warning("the instance holding %s does not answer: %s", self.lock_file,
                        socket.errorString())
            return False
        reached = True
        if forward:
            socket.write(ACTIVATE)
            reached = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return reached

    def _accept(self) -> None:
        assert self._server is not None
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.setParent(self)
            connection.readyRead.connect(lambda c=connection: self._read(c))
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        while connection.canReadLine():
            if bytes(connection.readLine().data()) == ACTIVATE:
                log.info("another start on this data folder: coming forward")
                self.activated.emit()

    def release(self) -> None:
        """Stop listening and unlock (at exit; a crash leaves both to be recovered)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

    @property
    def owns_folder(self) -> bool:
        return self._lock is not None


def bring_forward(window: QWidget) -> None:
    """Show ``window`` restored and on top (the OS may only flash it in the taskbar)."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()
