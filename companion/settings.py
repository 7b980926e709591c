"""Every user setting, declared once: key, type, default, description.

Stored as JSON in the data folder (``settings.json``); nothing secret lives here (keys
are in the keyring). The 設定 page is built from these declarations.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.atomic import write_atomically
from companion.errors import KnownError

log = logging.getLogger("companion.settings")


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    label: str  # Japanese label for the 設定 page
    description: str
    choices: tuple[str, ...] = ()


DECLARED: tuple[Setting, ...] = (
    Setting("practitioner_name", str, "", "氏名", "報告書・レビューバンドルに記載する支援者の氏名"),
    Setting("organisation", str, "", "所属", "所属する支援機関・事務所(例: ○○商工会、△△-Biz)"),
    Setting("qualifications", str, "", "資格", "中小企業診断士などの資格(報告書に記載)"),
    Setting("default_sponsor", str, "", "既定の委託元", "新しい案件で最初に選ばれる委託元"),
    Setting("wareki", bool, True, "和暦で表示", "日付を令和7年4月1日の形で表示・出力する(オフで西暦)"),
    Setting("language", str, "auto", "表示言語", "画面とコマンドの言語(auto は OS に合わせる)",
            choices=("auto", "ja", "en")),
    Setting("report_template", str, "", "報告書テンプレート", "委託元指定の Word ファイル(空欄で標準)"),
    Setting("backup_folder", str, "", "バックアップ先", "自動バックアップを置くフォルダ(空欄でデータフォルダ内)"),
    Setting("backup_interval_minutes", int, 30, "バックアップ間隔(分)", "変更があったとき、この間隔より頻繁にはバックアップしない"),
)
BY_KEY = {setting.key: setting for setting in DECLARED}


class Settings:
    """The settings of one data folder."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = {}
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                self._values = {k: v for k, v in loaded.items() if k in BY_KEY} if isinstance(loaded, dict) else {}
            except (OSError, ValueError) as exc:
                log.warning("ignoring unreadable settings file %s: %s", path, exc)

    def get(self, key: str) -> Any:
        setting = BY_KEY[key]
        value = self._values.get(key, setting.default)
        return value if isinstance(value, setting.kind) else setting.default

    def set(self, key: str, value: Any) -> None:
        setting = BY_KEY.get(key)
        if setting is None:
            raise KnownError(f"不明な設定です: {key}")
        if not isinstance(value, setting.kind) or (setting.choices and value not in setting.choices):
            raise KnownError(f"設定「{setting.label}」の値が正しくありません: {value!r}")
        self._values[key] = value
        try:
            write_atomically(self._path,
                             json.dumps(self._values, ensure_ascii=False, indent=2).encode())
        except KnownError as exc:  # a full disk, a folder where the file belongs, ...
            raise KnownError(f"設定を保存できません: {self._path}",
                             hint=exc.hint or exc.message) from exc
