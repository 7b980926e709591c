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
    # -- damaged databases (issue 14) ---------------------------------------------------
    # A missing or empty database is refused, never replaced (companion.db.database)
    "データベースが空です(0 バイト): {path}": "The database is empty (0 bytes): {path}",
    "companion restore {backup} で最新のバックアップから復元するか、companion check --repair で"
    "空のデータベースを作り直してください(それまで何も書き込みません)。":
        "Restore the newest backup with companion restore {backup}, or make a new, empty"
        " database with companion check --repair (nothing is written until then).",
    "バックアップがあれば companion restore FILE で復元するか、companion check --repair で"
    "空のデータベースを作り直してください(それまで何も書き込みません)。":
        "Restore a backup, if you have one, with companion restore FILE, or make a new,"
        " empty database with companion check --repair (nothing is written until then).",
    # A damaged database
    "データベースが壊れています: {path}": "The database is damaged: {path}",
    "companion check --repair で読める部分を新しいファイルに取り出すか、"
    "companion restore {backup} で最新のバックアップから復元してください。":
        "Save what can still be read into a new file with companion check --repair, or"
        " restore the newest backup with companion restore {backup}.",
    "companion check --repair で読める部分を新しいファイルに取り出すか、"
    "バックアップがあれば companion restore FILE で復元してください。":
        "Save what can still be read into a new file with companion check --repair, or"
        " restore a backup, if you have one, with companion restore FILE.",
    "companion restore {backup} で最新のバックアップから復元してください。":
        "Restore the newest backup with companion restore {backup}.",
    "バックアップがあれば companion restore FILE で復元してください。":
        "Restore a backup, if you have one, with companion restore FILE.",
    "データベースが壊れているため、レビューバンドルに署名しません({problem})":
        "The database is damaged, so no review bundle is signed ({problem})",
    "companion check で確認し、バックアップから復元するか companion check --repair を実行してください。":
        "Look with companion check, then restore a backup or run companion check --repair.",
    "データベースが壊れているため、バックアップを作成できません: {path}({problem})":
        "The database is damaged, so no backup can be made of it: {path} ({problem})",
    "読めない部分があります({reason})": "part of the file cannot be read ({reason})",
    # companion check on a damaged database (companion.services.health)
    "対処: {hint}": "What to do: {hint}",
    "整合性チェック: ほか {count} 件": "Integrity check: {count} more",
    "整合性チェック: {line}": "Integrity check: {line}",
    "スキーマの版を確認できません(読めない部分があります: {reason})":
        "Could not check the schema version (part of the file cannot be read: {reason})",
    "整合性を確認できません(読めない部分があります: {reason})":
        "Could not check the integrity (part of the file cannot be read: {reason})",
    "外部キーを確認できません(読めない部分があります: {reason})":
        "Could not check the foreign keys (part of the file cannot be read: {reason})",
    "検索索引を確認できません(読めない部分があります: {reason})":
        "Could not check the search index (part of the file cannot be read: {reason})",
    "開示の記録を確認できません(読めない部分があります: {reason})":
        "Could not check the disclosure register (part of the file cannot be read: {reason})",
    "添付ファイルを確認できません(読めない部分があります: {reason})":
        "Could not check the attachments (part of the file cannot be read: {reason})",
    # companion check --repair (companion.db.salvage)
    "修復: 空のデータベースを作り直しました: {path}(以前の記録は入っていません。"
    "バックアップがあれば companion restore で戻せます)":
        "Repaired: made a new, empty database: {path} (the earlier records are not in it;"
        " restore them from a backup, if you have one, with companion restore)",
    "修復: 読める部分を新しいファイルに取り出しました: {path}":
        "Repaired: what could be read was saved into a new file: {path}",
    "  {table}: {count} 件": "  {table}: {count} rows",
    "(一部読めませんでした)": " (part of it could not be read)",
    "問題: 取り出したファイル: {problem}": "Problem: the saved file: {problem}",
    "{name} を作成できません({reason})": "{name} could not be created ({reason})",
    "{table} の {count} 行が参照する {parent} の行は取り出せませんでした":
        "the {parent} rows that {count} rows of {table} refer to could not be saved",
    "切り替えるには: Companion をすべて終了し、{damaged} を {damaged_name}.damaged に、"
    "{salvaged} を {damaged_name} に名前を変えてから companion check を実行してください。":
        "To switch to it: quit every Companion, rename {damaged} to {damaged_name}.damaged"
        " and {salvaged} to {damaged_name}, then run companion check.",
    "取り出し先のファイルが既にあります: {path}": "The file to save into already exists: {path}",
    "少し待ってから、もう一度実行してください。": "Wait a moment, then run it again.",
    "取り出したファイルを書き込めません: {path} ({reason})":
        "Cannot write the saved file: {path} ({reason})",
    "データベースの構造(先頭部分)が読めないため、取り出せるものがありません: {path}":
        "The structure (the start) of the database cannot be read, so nothing can be saved"
        " from it: {path}",
    "バックアップから復元してください(companion restore)。":
        "Restore it from a backup (companion restore).",
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

    # -- export-all / import-all (issue 14) ------------------------------------------------
    "すべてのデータを書き出しました: {path}": "All data written: {path}",
    "すべてのデータを取り込みました: {path}": "All data imported: {path}",
    "添付ファイル {count} 件": "{count} attachment files",
    "添付ファイルの保存データを読めないため書き出していません: {name}":
        "Not written, because its stored data cannot be read: attachment {name}",
    "書き出しに含まれていない添付ファイルがあります: {name}":
        "An attachment is not in the export: {name}",
    "署名鍵の秘密鍵は書き出しに含まれません。新しいレビューバンドルに署名するには、"
    "元のパソコンのキーリングに鍵があるか、バックアップからの復元が必要です。":
        "Private signing keys are not part of an export. To sign new review bundles, the"
        " key must be in this computer's keyring, or the data restored from a backup.",
    "書き出し先がフォルダではありません: {path}": "The place to write to is not a folder: {path}",
    "書き出し先のフォルダが空ではありません: {path}": "The folder to write to is not empty: {path}",
    "まだ無いフォルダか、空のフォルダを指定してください。":
        "Give a folder that does not exist yet, or an empty one.",
    "取り込むフォルダがありません: {path}": "The folder to import does not exist: {path}",
    "export-all の書き出しフォルダではありません(manifest.json がありません): {path}":
        "Not a folder written by export-all (it has no manifest.json): {path}",
    "manifest.json を読めません: {path} ({reason})": "Cannot read manifest.json: {path} ({reason})",
    "Companion の書き出し形式ではありません: {path}": "Not a Companion export: {path}",
    "この書き出しの形式(版 {version})には対応していません。":
        "This export format (version {version}) is not supported.",
    "書き出しのスキーマ {revision} は、この Companion のスキーマ {expected} と違います。":
        "The export's schema {revision} differs from this Companion's schema {expected}.",
    "書き出した Companion と同じ版で取り込んでください。":
        "Import it with the same version of Companion that wrote it.",
    "manifest.json に表の一覧がありません: {path}": "manifest.json lists no tables: {path}",
    "manifest.json の表の一覧に重複があります: {path}": "manifest.json lists a table twice: {path}",
    "manifest.json の {table} の記録が正しくありません":
        "manifest.json's entry for {table} is not valid",
    "知らない表は取り込めません: {names}": "Unknown tables cannot be imported: {names}",
    "表のファイルがありません: {names}": "Table files are missing: {names}",
    "ファイルが大きすぎます: {path}({size} MB、上限 {limit} MB)":
        "The file is too large: {path} ({size} MB, limit {limit} MB)",
    "{file} の {line} 行目が長すぎます(上限 {limit} MB)":
        "{file}, line {line}: the line is too long (limit {limit} MB)",
    "{file} の {line} 行目を JSON として読めません ({reason})":
        "{file}, line {line}: not valid JSON ({reason})",
    "{file} の {line} 行目: 列が表と一致しません({columns})":
        "{file}, line {line}: the fields do not match the table's columns ({columns})",
    "{file} の {line} 行目: {column} の値が正しくありません ({reason})":
        "{file}, line {line}: the value of {column} is not valid ({reason})",
    "{file} の行数が manifest.json と一致しません({count} 行、記録は {rows} 行)":
        "{file} does not have the rows manifest.json records ({count} rows, recorded {rows})",
    "{file} の内容が manifest.json の SHA-256 と一致しません(書き換えられたか、途中で切れています)":
        "{file} does not match its SHA-256 in manifest.json (it was edited or is cut short)",
    "manifest.json に添付ファイルの一覧がありません: {path}":
        "manifest.json lists no attachments: {path}",
    "manifest.json の添付ファイル {id} が attachment.jsonl と一致しません":
        "Attachment {id} in manifest.json does not match attachment.jsonl",
    "manifest.json に添付ファイル {id} の記録がありません":
        "manifest.json has no entry for attachment {id}",
    "添付ファイルの場所が正しくありません: {path}": "Not a valid place for an attachment: {path}",
    "添付ファイルがありません: {path}": "The attached file is missing: {path}",
    "添付ファイルの内容が記録と一致しません(SHA-256): {path}":
        "An attached file does not match its record (SHA-256): {path}",
    "取り込み先のデータフォルダが空ではありません: {path}":
        "The data folder to import into is not empty: {path}",
    "import-all は空のデータフォルダにだけ取り込みます。--data-dir で新しいフォルダを指定してください。":
        "import-all imports only into an empty data folder. Give a new folder with --data-dir.",
    "{file} を取り込めません(重複または制約違反: {reason})":
        "Cannot import {file} (a duplicate or a broken constraint: {reason})",
    "{file} の行が参照する {parent} の記録がありません":
        "A row of {file} refers to a {parent} record that is not there",

    # -- whole backups (issue 14) ---------------------------------------------------------
    "開けなかったデータベースを移しました: {path}":
        "The database that could not be opened was moved to: {path}",
    "署名付きの記録を {count} 件分、以前の状態に戻しました(restore-history.jsonl に記録)":
        "{count} signed register entries were rolled back (recorded in restore-history.jsonl)",
    "このバックアップに戻すと署名付きの記録が {lost} 件失われます"
    "(現在 {current} 件、バックアップ {backup} 件): {name}":
        "Restoring this backup would lose {lost} signed register entries"
        " ({current} now, {backup} in the backup): {name}",
    "古い記録に戻してよい場合だけ、companion restore --allow-rollback で復元してください。":
        "Only if going back to the older register is intended, restore with"
        " companion restore --allow-rollback.",
    "復元の記録を書き込めません: {path}": "Cannot write the record of the restore: {path}",
    "鍵のないデータベースが既にあります: {path}":
        "There is already a database without a key: {path}",
    "別の空のデータフォルダに復元してください。": "Restore into another, empty data folder.",
    "このバックアップを開く鍵がありません。": "There is no key that opens this backup.",
    "書き出したバックアップ(.zip)を指定してください。": "Give an exported backup (.zip).",
    "このバックアップは新しいバージョンの Companion で作成されています。":
        "This backup was made by a newer version of Companion.",
    "Companion を更新してから復元してください。": "Update Companion, then restore it.",
    "このバックアップの形式は新しすぎます: {name}": "This backup's format is too new: {name}",
    "バックアップを開けません: {name} ({reason})": "Cannot open the backup: {name} ({reason})",
    "バックアップが壊れています: {name} ({reason})": "The backup is damaged: {name} ({reason})",
    "Companion のバックアップとして読めません: {name}":
        "Cannot be read as a Companion backup: {name}",
    "壊れているか、別の鍵で暗号化されています。":
        "It is damaged, or encrypted with another key.",
    "Companion のバックアップではありません: {name}": "Not a Companion backup: {name}",
    "バックアップファイルを読めません: {name} ({reason})":
        "Cannot read the backup file: {name} ({reason})",
    "バックアップの項目が多すぎます: {name}({count} 件)":
        "The backup holds too many entries: {name} ({count})",
    "バックアップの中身が大きすぎます: {name}": "The backup's contents are too large: {name}",
    "バックアップの内容が記録と一致しません(改変か破損): {name}":
        "The backup's contents do not match its manifest (altered or damaged): {name}",
    "復元には {size} MB 以上の空きが必要です。": "Restoring needs at least {size} MB of free space.",
    "復旧用の鍵ファイルが大きすぎます: {path}": "The recovery key file is too large: {path}",
    "復旧用の鍵ファイルの値が許容範囲外です: {path} ({reason})":
        "The recovery key file holds values out of bounds: {path} ({reason})",
    "改変されたか、Companion 以外で作られたファイルです。":
        "It was altered, or not made by Companion.",

    # -- input bounds (issue 14) ---------------------------------------------------------
    # Argument ranges, and files from outside (companion.review.limits, review.safezip)
    "{low}〜{high} の整数で指定してください: {text}":
        "Give a whole number from {low} to {high}: {text}",
    "ファイルではなくフォルダです: {path}": "This is a folder, not a file: {path}",
    "通常のファイルではありません: {path}": "Not a regular file: {path}",
    "ファイルが大きすぎます(上限 {limit}): {path}": "The file is too large (limit {limit}): {path}",
    "ファイルを読む権限がありません: {path}": "No permission to read the file: {path}",
    "ファイルを読めません: {path} ({reason})": "Cannot read the file: {path} ({reason})",
    "UTF-8 のテキストではありません: {path}": "Not UTF-8 text: {path}",
    "{name}: 大きすぎます(上限 {limit})": "{name}: too large (limit {limit})",
    "{name}: UTF-8 のテキストではありません": "{name}: not UTF-8 text",
    "{name}: JSON の入れ子が深すぎます(上限 {depth} 段)":
        "{name}: the JSON is nested too deeply (limit {depth} levels)",
    "{name}: JSON として読めません ({reason})": "{name}: cannot be read as JSON ({reason})",
    "zip の中のファイルが多すぎます({count} 個、上限 {limit} 個): {name}":
        "Too many files in the zip ({count}, limit {limit}): {name}",
    "展開サイズが異常に大きいファイルがあります(zip 爆弾の疑い、上限 {limit}・圧縮率 {ratio} 倍まで): {name}":
        "A file unpacks to an abnormal size (a zip bomb?; limit {limit}, {ratio} times its"
        " packed size): {name}",
    "展開後の合計サイズが大きすぎます(上限 {limit}): {name}":
        "The files unpack to too much in all (limit {limit}): {name}",
    "ファイルのサイズが記録と違います: {name}":
        "A file's size differs from the size recorded for it: {name}",
    # -- the data folder's lock, outputs and files (issue 14) ------------------------
    "データフォルダの場所にファイルがあります: {path}":
        "There is a file where the data folder should be: {path}",
    "--data-dir にはフォルダを指定してください。": "Give a folder to --data-dir.",
    "データフォルダに書き込めません: {path} ({reason})":
        "Cannot write in the data folder: {path} ({reason})",
    "フォルダの書き込み権限と空き容量を確認してください。":
        "Check the folder's write permission and the free space.",
    "データフォルダは使用中です: {path}(使用中: {holders})":
        "The data folder is in use: {path} (held by: {holders})",
    "その処理が終わるか、ウィンドウを閉じてから、もう一度実行してください。":
        "Try again when that has finished, or after closing the window.",
    "データフォルダの中には書き出せません: {path}": "Cannot write into the data folder: {path}",
    "データフォルダ({path})の外の場所を指定してください。":
        "Choose a place outside the data folder ({path}).",
    "書き出し先がフォルダです: {path}": "The output is a folder: {path}",
    "ファイル名を指定してください。": "Give a file name.",
    "ディスクの空き容量が足りません: {path}": "The disk is full: {path}",
    "空き容量を増やしてから、もう一度実行してください。途中のファイルは削除しました。":
        "Free some space and try again. The unfinished file was removed.",
    "{name} に書き込めません。": "Cannot write {name}.",
    "ほかのアプリで開いている場合は閉じてから、もう一度実行してください。":
        "If another application has it open, close it and try again.",
    "ファイルを書き込めません: {path} ({reason})": "Cannot write the file: {path} ({reason})",
    "鍵ファイルは既にあります: {path}": "The key file already exists: {path}",
    "別の Companion が同時にデータを作成しました。もう一度起動してください。":
        "Another Companion created the data at the same time. Start again.",
    "署名鍵の秘密鍵がありません(鍵の指紋 {fingerprint})。":
        "The private part of the signing key is missing (key fingerprint {fingerprint}).",
    "export-all には秘密鍵が含まれません。署名を続けるには、元のデータのバックアップを companion restore で復元してください。":
        "export-all never carries private keys. To go on signing, restore a backup of the"
        " original data with companion restore.",
    "警告: データベースに読めない部分があります: {path}({problem})。companion check を実行してください。":
        "Warning: part of the database cannot be read: {path} ({problem}). Run companion check.",
    "画面(ディスプレイ)がないため、ウィンドウを開けません。":
        "There is no display, so the window cannot open.",
    "デスクトップから起動するか、コマンド(companion --help)を使ってください。":
        "Start it from a desktop, or use the commands (companion --help).",
    "設定を保存できません: {path}": "Cannot save the settings: {path}",
}
