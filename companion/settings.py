"""Every user setting, declared once: key, type, default, bounds, label and help text.

Stored as JSON in the data folder (``settings.json``); nothing secret lives here (keys
are in the keyring). The 設定 page is built from these declarations, and a value is
checked against them in one place (``Setting.check``) whoever sets it.

One ``Settings`` object holds a data folder's settings in memory for the whole process:
the window makes it at start-up (``companion.app``) and hands it to whoever reads a
setting; the command line makes one per command. It reads ``settings.json`` once (and
again only when asked to, ``reload``, after a restore replaced the file); every change
goes through ``set``, which writes the file atomically and then tells each subscriber
(``subscribe``: plain callbacks, no Qt; the window turns them into a Qt signal).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.atomic import write_atomically
from companion.errors import KnownError

log = logging.getLogger("companion.settings")

Listener = Callable[[str, Any], None]  # (key, new value)


@dataclass(frozen=True)
class Setting:
    key: str
    kind: type
    default: Any
    label: str  # Japanese label for the 設定 page
    description: str  # the help text under the field (and its tooltip)
    choices: tuple[str, ...] = ()
    minimum: int | None = None  # ints: the smallest value allowed
    maximum: int | None = None  # ints: the largest value allowed
    max_length: int | None = None  # strings: the most characters allowed

    def check(self, value: Any) -> Any:
        """``value`` if this setting can hold it; else a KnownError that names the
        setting and the bound it breaks."""
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            raise KnownError("設定「{label}」の値が正しくありません: {value!r}", label=self.label, value=value)
        if self.choices and value not in self.choices:
            raise KnownError("設定「{label}」は次のいずれかにしてください: {choices}(指定: {value!r})", label=self.label, choices='、'.join(self.choices), value=value)
        if isinstance(value, int) and ((self.minimum is not None and value < self.minimum)
                                       or (self.maximum is not None and value > self.maximum)):
            raise KnownError("設定「{label}」は {minimum}〜{maximum} の範囲で指定してください(指定: {value})", label=self.label, minimum=self.minimum, maximum=self.maximum, value=value)
        if self.max_length is not None and isinstance(value, str) and len(value) > self.max_length:
            raise KnownError("設定「{label}」は {max_length} 文字以内にしてください({count} 文字)", label=self.label, max_length=self.max_length, count=len(value))
        return value

    def accepts(self, value: Any) -> bool:
        try:
            self.check(value)
        except KnownError:
            return False
        return True


NAME_LENGTH = 100
PATH_LENGTH = 1000

DECLARED: tuple[Setting, ...] = (
    Setting("practitioner_name", str, "", "氏名", "報告書・レビューバンドルに記載する支援者の氏名",
            max_length=NAME_LENGTH),
    Setting("organisation", str, "", "所属", "所属する支援機関・事務所(例: ○○商工会、△△-Biz)",
            max_length=NAME_LENGTH),
    Setting("qualifications", str, "", "資格", "中小企業診断士などの資格(報告書に記載)",
            max_length=2 * NAME_LENGTH),
    Setting("shindanshi_number", str, "", "登録番号", "中小企業診断士の登録番号(実務従事の記録に記載)",
            max_length=20),
    Setting("flat_band_percent", int, 3, "横ばいとみなす幅(%)",
            "委託元向けの集計で、売上高・利益が前年度からこの幅(±%)の中なら「横ばい」と数える",
            minimum=0, maximum=50),
    Setting("default_sponsor", str, "", "既定の委託元", "新しい案件で最初に選ばれる委託元",
            max_length=NAME_LENGTH),
    Setting("wareki", bool, True, "和暦で表示", "日付を令和7年4月1日の形で表示・出力する(オフで西暦)"),
    Setting("language", str, "auto", "表示言語", "画面とコマンドの言語(auto は OS に合わせる)",
            choices=("auto", "ja", "en")),
    Setting("report_template", str, "", "報告書テンプレート", "委託元指定の Word ファイル(空欄で標準)",
            max_length=PATH_LENGTH),
    Setting("backup_folder", str, "", "バックアップ先", "自動バックアップを置くフォルダ(空欄でデータフォルダ内)",
            max_length=PATH_LENGTH),
    Setting("backup_interval_minutes", int, 30, "バックアップ間隔(分)", "変更があったとき、この間隔より頻繁にはバックアップしない",
            minimum=1, maximum=24 * 60),
)
BY_KEY = {setting.key: setting for setting in DECLARED}


def declared(key: str) -> Setting:
    setting = BY_KEY.get(key)
    if setting is None:
        raise KnownError("不明な設定です: {key}", key=key)
    return setting


class Settings:
    """The settings of one data folder, in memory; see the module's docstring."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._values: dict[str, Any] = self._read()
        self._listeners: list[Listener] = []

    @property
    def path(self) -> Path:
        return self._path

    def _read(self) -> dict[str, Any]:
        if not self._path.is_file():
            return {}
        try:
            loaded = json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable settings file %s: %s", self._path, exc)
            return {}
        return {k: v for k, v in loaded.items() if k in BY_KEY} if isinstance(loaded, dict) else {}

    def get(self, key: str) -> Any:
        """The value in force: what was saved if it is still allowed, else the default."""
        setting = BY_KEY[key]
        value = self._values.get(key, setting.default)
        return value if setting.accepts(value) else setting.default

    def practitioner(self) -> str:
        """「佐藤 みのり ゆざわ-Biz」: the name and organisation, as reports and review
        bundles carry them."""
        return " ".join(part for part in (self.get("practitioner_name"),
                                          self.get("organisation")) if part)

    def set(self, key: str, value: Any) -> bool:
        """Check, save (atomically) and announce ``value``; False when it was already
        the value in force (nothing written, nobody told)."""
        setting = declared(key)
        setting.check(value)
        if value == self.get(key):
            return False
        values = {**self._values, key: value}
        try:
            write_atomically(self._path,
                             json.dumps(values, ensure_ascii=False, indent=2).encode())
        except KnownError as exc:  # a full disk, a folder where the file belongs, ...
            raise KnownError("設定を保存できません: {path}",
                             hint=exc.hint or exc.message, path=self._path) from exc
        self._values = values
        self._announce(key)
        return True

    def reload(self) -> list[str]:
        """Read ``settings.json`` again (a restore replaced it); announce, and return,
        the keys whose value in force changed."""
        before = {setting.key: self.get(setting.key) for setting in DECLARED}
        self._values = self._read()
        changed = [key for key, value in before.items() if self.get(key) != value]
        for key in changed:
            self._announce(key)
        return changed

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(key, value)`` after each change; returns what unsubscribes it."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
        return unsubscribe

    def _announce(self, key: str) -> None:
        value = self.get(key)
        for listener in list(self._listeners):
            listener(key, value)
