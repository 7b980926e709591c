"""Asking for the recovery passphrase on a terminal (the CLI's way; the app has a dialog).

``COMPANION_PASSPHRASE`` answers without a terminal, for scripts and CI. Without either,
the command stops with a clear message instead of waiting on input that never comes.
"""

from __future__ import annotations

import getpass
import os
import sys

from companion.errors import KnownError
from companion.security.data_key import PassphrasePurpose

PASSPHRASE_ENV = "COMPANION_PASSPHRASE"


def ask_in_terminal(purpose: PassphrasePurpose) -> str:
    from_environment = os.environ.get(PASSPHRASE_ENV)
    if from_environment:
        return from_environment
    if not sys.stdin.isatty():
        raise KnownError(
            "復旧用パスフレーズが必要です。",
            hint="端末から実行するか、環境変数 {variable} を設定してください。",
            variable=PASSPHRASE_ENV,
        )
    if purpose is PassphrasePurpose.UNLOCK:
        return getpass.getpass("復旧用パスフレーズ: ")
    print("データを暗号化します。新しい端末やキーリングが使えないときに使う復旧用パスフレーズを決めてください。",
          file=sys.stderr)
    first = getpass.getpass("復旧用パスフレーズ(10文字以上): ")
    if getpass.getpass("もう一度: ") != first:
        raise KnownError("二つのパスフレーズが一致しません。")
    return first
