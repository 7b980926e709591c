"""English for the command line's fixed messages (see ``companion.i18n.t``).

Keys are the Japanese text exactly as the code writes it, with ``str.format``
placeholders where a value goes in (``{path}``); values are the English, with the same
placeholders. A ``KnownError`` raised elsewhere is matched against these templates
after it was formatted, so its placeholders may have any names, but the Japanese around
them must be copied exactly. Messages not listed here are printed in Japanese.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # -- the command line's own lines -------------------------------------------------
    "companion: エラー: {message}": "companion: error: {message}",
    "companion: エラー: {message}(companion --help で使い方を表示)":
        "companion: error: {message} (companion --help shows how to use it)",
    "companion: 中断しました": "companion: interrupted",
    "companion: 予期しないエラー: {kind}: {error}(詳細: {log_file})":
        "companion: unexpected error: {kind}: {error} (details: {log_file})",
    "日付は YYYY-MM-DD で指定してください: {text}": "Give dates as YYYY-MM-DD: {text}",
    "デモデータを作成しました: {path}": "Demo data created: {path}",
    "修復: {line}": "Repaired: {line}",
    "問題: {problem}": "Problem: {problem}",
    "OK: {file}(スキーマ {revision})": "OK: {file} (schema {revision})",
    "バックアップを作成しました: {path}": "Backup created: {path}",
    "復元前の状態を保存しました: {path}": "The state before restoring was saved: {path}",
    "復元しました: {path}": "Restored: {path}",
    "レビューバンドルを書き出しました: {path}": "Review bundle written: {path}",
    "記録 {size} 件 / 鍵の指紋 {fingerprint}": "{size} records / key fingerprint {fingerprint}",
    "NG: {problem}": "FAILED: {problem}",
    "OK: {name} は完全で、署名と記録 {size} 件のハッシュチェーンが正しいことを確認しました":
        "OK: {name} is complete; its signature and the hash chain of its {size} records"
        " are correct",
    "鍵の指紋: {fingerprint}": "Key fingerprint: {fingerprint}",
    "OK: {name} の記録を書き換えずに追記しています":
        "OK: it extends the records of {name} without rewriting them",
    "{reviewer} さんのレビュー結果 {count} 件を取り込みました":
        "Imported {count} review findings from {reviewer}",
    "署名鍵を更新しました。新しい鍵の指紋: {fingerprint}":
        "The signing key was renewed. New key fingerprint: {fingerprint}",
    "警告: {warning}": "Warning: {warning}",
    "報告書を作成しました: {path}": "Report created: {path}",
    "集計を書き出しました: {path}({tables})": "Figures written: {path} ({tables})",
    "活動日数台帳を書き出しました: {path}({year}、事業者 {clients}件・延べ {days}日・{hours}時間)":
        "Activity-day ledger written: {path} ({year}: {clients} businesses,"
        " {days} days, {hours} hours in all)",

    # -- errors a user meets before anything works (KnownError messages and hints) ------
    # The data folder and the database
    "データフォルダが見つかりません: {path}": "The data folder was not found: {path}",
    "--data-dir の指定を確認するか、companion demo でデータを作成してください。":
        "Check the --data-dir option, or create data with companion demo.",
    "データベースがありません: {path}": "There is no database: {path}",
    "アプリを起動するか companion demo で作成してください。":
        "Start the app or run companion demo to create it.",
    "データフォルダを作成できません: {path} ({reason})":
        "Cannot create the data folder: {path} ({reason})",
    "このデータフォルダは別の Companion で使用中です: {path}":
        "This data folder is in use by another Companion: {path}",
    "データベースを開けません(壊れているか、鍵が違います): {path}":
        "Cannot open the database (it is damaged, or the key is wrong): {path}",
    "バックアップから復元するか、companion check で確認してください。":
        "Restore it from a backup, or inspect it with companion check.",
    "データベースが他のプログラムで使用中です: {path}":
        "The database is in use by another program: {path}",
    "Companion を二重に起動していないか確認してください。":
        "Check that Companion is not running twice.",
    "ディスクの空き容量が足りません。": "There is not enough free disk space.",
    "空き容量を増やしてから再度保存してください。": "Free up some space, then save again.",
    "データベースに書き込めません: {path}": "Cannot write to the database: {path}",
    "フォルダの書き込み権限を確認してください。": "Check the write permission of the folder.",
    "データベースを読み書きできません: {path} ({reason})":
        "Cannot read or write the database: {path} ({reason})",
    "このデータベースは新しいバージョンの Companion で作成されています(改訂 {revision})。":
        "This database was made by a newer version of Companion (revision {revision}).",
    "Companion を最新版に更新してから開いてください。データは変更していません。":
        "Update Companion to the latest version, then open it. The data was not changed.",
    # The recovery passphrase and the key file
    "復旧用パスフレーズが必要です。": "The recovery passphrase is needed.",
    "端末から実行するか、環境変数 {variable} を設定してください。":
        "Run it from a terminal, or set the environment variable {variable}.",
    "画面で入力するか、環境変数 COMPANION_PASSPHRASE を設定してください。":
        "Enter it in the window, or set the environment variable COMPANION_PASSPHRASE.",
    "復旧用パスフレーズが違います。": "The recovery passphrase is wrong.",
    "もう一度入力してください。": "Please enter it again.",
    "復旧用パスフレーズは{length}文字以上にしてください。":
        "The recovery passphrase must be at least {length} characters long.",
    "忘れない文章(日本語可)をおすすめします。":
        "A sentence you will not forget (Japanese is fine) is a good choice.",
    "二つのパスフレーズが一致しません。": "The two passphrases do not match.",
    "暗号化されたデータベースの鍵ファイルがありません: {path}":
        "The key file of the encrypted database is missing: {path}",
    "バックアップの recovery-key.json をデータフォルダに戻してください。":
        "Put recovery-key.json from a backup back into the data folder.",
    "復旧用の鍵ファイルがありません: {path}": "The recovery key file is missing: {path}",
    "復旧用の鍵ファイルを読めません: {path} ({reason})":
        "Cannot read the recovery key file: {path} ({reason})",
    # Files given on the command line
    "ファイルがありません: {path}": "There is no such file: {path}",
    "zip ファイルではありません(壊れているか途中で切れています): {name}":
        "Not a zip file (it is damaged or cut short): {name}",
    "zip ファイルが壊れています: {name} ({reason})": "The zip file is damaged: {name} ({reason})",
    "保存先のフォルダがありません: {path}": "The folder to save in does not exist: {path}",
    "バックアップファイルがありません: {path}": "There is no such backup file: {path}",
    "Companion のバックアップ形式ではありません: {name}": "Not a Companion backup: {name}",
    "バックアップファイルが壊れています: {name} ({reason})":
        "The backup file is damaged: {name} ({reason})",
    "バックアップを書き出せません: {path} ({reason})": "Cannot write the backup: {path} ({reason})",
    "応答ファイルを読めません: {path} ({reason})": "Cannot read the response file: {path} ({reason})",
    "案件IDの形式が正しくありません: {text}": "Not a valid engagement ID: {text}",
    "案件が見つかりません: {id}": "Engagement not found: {id}",
    "companion list engagements で案件IDを確認してください。":
        "Look the engagement ID up with companion list engagements.",
    "署名鍵が見つかりません。": "The signing key was not found.",
    "バックアップから復元してください。": "Restore it from a backup.",
    "書き出し先は .csv のファイルにしてください: {name}": "Write to a .csv file: {name}",
    "年度は 1990〜2100 で指定してください: {year}":
        "Give a fiscal year from 1990 to 2100: {year}",
}
