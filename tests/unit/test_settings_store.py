"""companion.settings: each setting declared once with its bounds; one object in memory
that checks, saves atomically and tells its subscribers once per change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from companion.errors import KnownError
from companion.settings import BY_KEY, DECLARED, Settings


def saved(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "settings.json"


def test_every_setting_declares_what_the_settings_page_and_the_checks_need() -> None:
    for setting in DECLARED:
        assert setting.label and setting.description, setting.key
        assert setting.accepts(setting.default), setting.key  # the default is allowed
        if setting.kind is int:
            assert setting.minimum is not None and setting.maximum is not None, setting.key
        if setting.kind is str and not setting.choices:
            assert setting.max_length, setting.key
    interval = BY_KEY["backup_interval_minutes"]
    assert (interval.minimum, interval.maximum, interval.default) == (1, 24 * 60, 30)


@pytest.mark.parametrize(("key", "value", "message"), [
    ("backup_interval_minutes", 0,
     "設定「バックアップ間隔(分)」は 1〜1440 の範囲で指定してください(指定: 0)"),
    ("backup_interval_minutes", 1441,
     "設定「バックアップ間隔(分)」は 1〜1440 の範囲で指定してください(指定: 1441)"),
    ("practitioner_name", "山" * 101, "設定「氏名」は 100 文字以内にしてください(101 文字)"),
    ("language", "fr", "設定「表示言語」は次のいずれかにしてください: auto、ja、en(指定: 'fr')"),
    ("wareki", "yes", "設定「和暦で表示」の値が正しくありません: 'yes'"),
    ("backup_interval_minutes", True, "設定「バックアップ間隔(分)」の値が正しくありません: True"),
])
def test_a_value_out_of_bounds_is_refused_naming_the_setting_and_the_bound(
        path: Path, key: str, value: Any, message: str) -> None:
    settings = Settings(path)
    heard: list[tuple[str, Any]] = []
    settings.subscribe(lambda k, v: heard.append((k, v)))
    with pytest.raises(KnownError) as refused:
        settings.set(key, value)
    assert refused.value.message == message
    assert not path.exists()  # nothing saved
    assert settings.get(key) == BY_KEY[key].default
    assert heard == []


def test_an_unknown_setting_is_refused(path: Path) -> None:
    with pytest.raises(KnownError, match="不明な設定です: colour"):
        Settings(path).set("colour", "blue")


def test_the_bounds_are_inclusive(path: Path) -> None:
    settings = Settings(path)
    settings.set("backup_interval_minutes", 1)
    settings.set("backup_interval_minutes", 1440)
    settings.set("practitioner_name", "山" * 100)
    assert settings.get("backup_interval_minutes") == 1440


def test_a_change_is_saved_and_announced_once(path: Path) -> None:
    settings = Settings(path)
    heard: list[tuple[str, Any]] = []
    unsubscribe = settings.subscribe(lambda key, value: heard.append((key, value)))
    assert settings.set("backup_interval_minutes", 45) is True
    assert heard == [("backup_interval_minutes", 45)]
    assert saved(path) == {"backup_interval_minutes": 45}

    assert settings.set("backup_interval_minutes", 45) is False  # no change: no news
    assert settings.set("wareki", True) is False  # the default already in force
    assert heard == [("backup_interval_minutes", 45)]
    assert saved(path) == {"backup_interval_minutes": 45}

    unsubscribe()
    settings.set("wareki", False)
    assert heard == [("backup_interval_minutes", 45)]
    assert saved(path) == {"backup_interval_minutes": 45, "wareki": False}


def test_the_file_is_read_once(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_text(json.dumps({"practitioner_name": "佐藤 みのり",
                                "organisation": "ゆざわ-Biz"}), encoding="utf-8")
    reads: list[Path] = []
    read_text = Path.read_text

    def counting(self: Path, *args: Any, **kwargs: Any) -> str:
        reads.append(self)
        return read_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting)
    settings = Settings(path)
    for _ in range(3):
        assert settings.practitioner() == "佐藤 みのり ゆざわ-Biz"
        assert settings.get("backup_interval_minutes") == 30
    settings.set("wareki", False)
    assert settings.get("wareki") is False
    assert reads == [path]


def test_values_the_file_should_not_hold_read_as_the_default(path: Path) -> None:
    path.write_text(json.dumps({"backup_interval_minutes": 0, "language": "fr",
                                "wareki": "no", "unknown": 1}), encoding="utf-8")
    settings = Settings(path)
    assert settings.get("backup_interval_minutes") == 30
    assert settings.get("language") == "auto"
    assert settings.get("wareki") is True


def test_an_unreadable_file_is_the_defaults(path: Path) -> None:
    path.write_text("{not json", encoding="utf-8")
    assert Settings(path).get("language") == "auto"


def test_a_failed_write_changes_nothing_in_memory(path: Path) -> None:
    settings = Settings(path)
    heard: list[str] = []
    settings.subscribe(lambda key, _value: heard.append(key))
    path.mkdir()  # a folder where the file belongs
    with pytest.raises(KnownError) as refused:
        settings.set("organisation", "ゆざわ-Biz")
    assert refused.value.message == f"設定を保存できません: {path}"
    assert settings.get("organisation") == ""
    assert heard == []


def test_reload_reads_a_restored_file_and_announces_what_changed(path: Path) -> None:
    settings = Settings(path)
    settings.set("backup_interval_minutes", 45)
    heard: list[tuple[str, Any]] = []
    settings.subscribe(lambda key, value: heard.append((key, value)))
    path.write_text(json.dumps({"backup_interval_minutes": 45, "wareki": False}),
                    encoding="utf-8")  # as a restore writes it
    assert settings.get("wareki") is True  # not read again until asked
    assert settings.reload() == ["wareki"]
    assert heard == [("wareki", False)]
