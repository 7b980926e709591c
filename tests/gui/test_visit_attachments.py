"""Photos and documents of a visit: dropped or picked, stored once (encrypted), shown as
thumbnails, opened with the OS's application; bad files get a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from companion_testing.sample_data import TODAY, fill_sample_data
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlmodel import select

from companion.db.models import Attachment, Visit
from companion.paths import DataPaths
from companion.services import attachments as attachment_service
from companion.services.session import session_scope
from companion.services.storage import open_data_folder
from companion.ui.main_window import MainWindow
from companion.ui.tasks import DbWorker
from companion.ui.views.visit_form import VisitForm

PASSPHRASE = "写真は暗号化して一度だけ保存"


@pytest.fixture
def encrypted_window(qtbot: QtBot, data_paths: DataPaths):  # type: ignore[no-untyped-def]
    opened = open_data_folder(data_paths, ask=lambda _p: PASSPHRASE, create=True)
    with session_scope(opened.db) as session:
        fill_sample_data(session, visits=10)
        session.commit()
    window = MainWindow(paths=data_paths, worker=DbWorker(), today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.open_data(lambda: open_data_folder(data_paths, ask=lambda _p: PASSPHRASE).db)
    yield window, opened
    window.close()
    opened.db.close()


def photo(folder: Path, name: str = "蔵の外観.png") -> Path:
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#8d6e63"))
    path = folder / name
    assert image.save(str(path))
    return path


def drop(widget, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(QPoint(10, 10)), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    widget.dropEvent(event)
    assert event.isAccepted()


def new_form(qtbot: QtBot, window: MainWindow) -> VisitForm:
    with qtbot.waitSignal(window.visit_commands.form_opened) as opening:
        window.visit_commands.new_visit()
    form = opening.args[0]
    qtbot.waitUntil(lambda: form.is_loaded, timeout=10_000)
    return form


def test_the_same_photo_attached_twice_is_stored_once_with_a_thumbnail(
        qtbot: QtBot, encrypted_window, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, opened = encrypted_window
    form = new_form(qtbot, window)
    form.notes_edit.setPlainText("蔵の外観と新しい看板の案を撮影。")
    picture = photo(tmp_path)
    strip = form.attachments
    with qtbot.waitSignal(strip.changed, timeout=10_000):
        drop(strip.view, [picture])  # dragged in from the file manager
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *_args, **_kwargs: ([str(picture)], ""))
    with qtbot.waitSignal(strip.changed, timeout=10_000):
        strip.add_button.click()  # and again by the file dialog
    assert [a.file_name for a in strip.model.attachments] == ["蔵の外観.png", "蔵の外観.png"]
    blobs = [p for p in opened.db.paths.attachments.rglob("*") if p.is_file()]
    assert len(blobs) == 1
    assert b"\x89PNG" not in blobs[0].read_bytes()  # encrypted at rest
    first = strip.model.attachments[0]
    qtbot.waitUntil(lambda: strip.model.has_thumbnail(first.id), timeout=10_000)
    with session_scope(opened.db, write=False) as session:
        rows = session.exec(select(Attachment)).all()
        draft = session.get(Visit, form.visit_id)
    assert {row.visit_id for row in rows} == {form.visit_id}
    assert draft is not None and draft.is_draft  # the draft row was saved first

    # Opening decrypts a copy into the data folder's tmp area for the OS's application.
    asked: list[QUrl] = []
    strip.open_url = lambda url: asked.append(url) or True
    strip.view.setCurrentIndex(strip.model.index(0, 0))
    with qtbot.waitSignal(strip.opened, timeout=10_000) as opening:
        strip.open_button.click()
    copy = Path(opening.args[0])
    assert copy.name == "蔵の外観.png"
    assert copy.is_relative_to(opened.db.paths.root / "tmp")
    assert copy.read_bytes() == picture.read_bytes()
    assert asked == [QUrl.fromLocalFile(str(copy))]


def test_missing_and_oversized_files_are_refused_at_the_attachments(
        qtbot: QtBot, encrypted_window, tmp_path: Path,  # type: ignore[no-untyped-def]
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, opened = encrypted_window
    form = new_form(qtbot, window)
    form.notes_edit.setPlainText("見積書の写しを受け取った。")
    strip = form.attachments
    strip.add_files([tmp_path / "届いていない見積書.pdf"])
    qtbot.waitUntil(lambda: "見つかりません" in strip.error_label.text(), timeout=10_000)
    assert "届いていない見積書.pdf" in strip.error_label.text()
    monkeypatch.setattr(attachment_service, "MAX_ATTACHMENT_BYTES", 1000)
    big = tmp_path / "工場の動画.mp4"
    big.write_bytes(bytes(5000))
    strip.add_files([big])
    qtbot.waitUntil(lambda: "上限 200 MB" in strip.error_label.text(), timeout=10_000)
    assert strip.model.rowCount() == 0
    assert not any(p.is_file() for p in opened.db.paths.attachments.rglob("*"))
    with session_scope(opened.db, write=False) as session:
        draft = session.get(Visit, form.visit_id)
    assert draft is not None and draft.notes == "見積書の写しを受け取った。"  # nothing lost
    assert form.isVisible()


def test_names_in_any_script_are_kept(qtbot: QtBot, encrypted_window,  # type: ignore[no-untyped-def]
                                      tmp_path: Path) -> None:
    window, _opened = encrypted_window
    form = new_form(qtbot, window)
    files = []
    for name in ("صورة المنتج.png", "фото_склада.png", "売上表_2025年度.xlsx"):
        path = tmp_path / name
        if name.endswith(".png"):
            photo(tmp_path, name)
        else:
            path.write_bytes(b"PK\x03\x04 spreadsheet")
        files.append(path)
    strip = form.attachments
    for path in files:
        with qtbot.waitSignal(strip.changed, timeout=10_000):
            strip.add_files([path])
    assert [a.file_name for a in strip.model.attachments] == [p.name for p in files]
    assert strip.error_label.isHidden()
