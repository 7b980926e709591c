"""Opens the real visit form on a data folder, types notes, and waits to be killed.

Run by test_visit_drafts.py: ``python visit_draft_writer.py FOLDER PASSPHRASE TEXT
[VISIT_ID]``. It opens the data (offscreen Qt, no keyring: the passphrase unlocks the
key), opens a new visit form (or the saved visit VISIT_ID, to amend it), types TEXT at
the end of the notes as an input method commits it, waits for the form's autosave
signal, prints "saved" and keeps the event loop running until the test SIGKILLs it:
nothing gets a chance to close or flush.
"""

from __future__ import annotations

import os
import sys
import uuid
from datetime import date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import keyring
from PySide6.QtCore import QEventLoop, QTimer, SignalInstance
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.services.storage import open_data_folder
from companion.ui.tasks import DbWorker
from companion.ui.views.visit_form import VisitForm

TODAY = date(2025, 11, 20)
TIMEOUT_MS = 30_000


def wait_for(signal: SignalInstance) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(TIMEOUT_MS, lambda: loop.exit(1))
    if loop.exec() != 0:
        print(f"timeout waiting for {signal}", file=sys.stderr, flush=True)
        raise SystemExit(3)


def main(folder: str, passphrase: str, text: str, visit_id: str | None = None) -> None:
    keyring.set_keyring(MemoryKeyring())  # empty: the key comes from the passphrase
    app = QApplication(sys.argv[:1])
    paths = DataPaths(Path(folder))
    worker = DbWorker()
    worker.open(lambda: open_data_folder(paths, ask=lambda _purpose: passphrase).db)
    form = VisitForm(worker, today=lambda: TODAY, autosave_ms=500,
                     visit_id=uuid.UUID(visit_id) if visit_id else None,
                     now=lambda: datetime(2025, 11, 20, 14, 5).astimezone())
    form.show()
    wait_for(form.loaded)
    form.notes_edit.setFocus()
    cursor = form.notes_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    form.notes_edit.setTextCursor(cursor)
    for line in text.splitlines(keepends=True):  # typed a phrase at a time, as an IME commits
        event = QInputMethodEvent()
        event.setCommitString(line)
        QApplication.sendEvent(form.notes_edit, event)
    wait_for(form.autosaved)
    print("saved", flush=True)
    app.exec()  # until killed


if __name__ == "__main__":
    main(*sys.argv[1:5])
