"""English for the command line's own lines and for every ``KnownError`` (see
``companion.i18n``); the window shows KnownErrors from here too.

Keys are message ids: the Japanese template exactly as the code writes it, with
``str.format`` placeholders where a value goes in (``{path}``); values are the English,
with the same placeholders. A ``KnownError`` is raised with its template and values
(``companion.errors``), so it is looked up by its template, never by parsing formatted
text. ``tests/unit/test_cli_i18n.py`` checks that every template raised in
``companion/`` is here.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # -- list visits: the newest 100 by default (cli.py _list_visits) ----------------------
    "新しい順に {count} 件を表示しました。続きは --limit N か --all で表示できます。":
        "Showed the newest {count}. Show more with --limit N or --all.",
    "--limit と --all は list visits にだけ使えます。": "--limit and --all are for list visits only.",
    # -- case referral to another centre (services/referrals/, review/referral_package.py,
    #    cli_referral.py) ---------------------------------------------------------------
    "--visits に訪問記録が指定されていません。": "--visits names no visit.",
    "all、none、または訪問記録IDのカンマ区切りで指定してください。":
        "Give all, none, or visit ids separated by commas.",
    "--visits の訪問記録IDの形式が正しくありません: {text}": "--visits: not a visit id: {text}",
    "all、none、または訪問記録ID(companion list visits --engagement 案件ID)のカンマ区切りで指定してください。":
        "Give all, none, or visit ids (companion list visits --engagement ENGAGEMENT) separated"
        " by commas.",
    "引き継ぎのパスフレーズが必要です。": "The referral passphrase is needed.",
    "この引き継ぎパッケージは {day} に取り込み済みです(案件「{title}」)。":
        "This referral package was already imported on {day} (engagement \"{title}\").",
    "同じパッケージを二度は取り込みません。": "A package is imported only once.",
    "引き継ぎパッケージが改ざんされたか、壊れています。取り込めません: {path}({reason})":
        "The referral package has been changed or is damaged and cannot be imported: {path}"
        " ({reason})",
    "何も取り込んでいません。送り主にパッケージをもう一度送ってもらってください。":
        "Nothing was imported. Ask the sender to send the package again.",
    "連絡先カードが大きすぎます: {path}": "The contact card is too large: {path}",
    "Companion の「連絡先カードを書き出す」で作ったファイルを指定してください。":
        "Give a file made with Companion's \"Export contact card\".",
    "連絡先カードの署名が正しくありません。書き換えられたか、壊れています: {path}":
        "The contact card's signature is not valid; it has been changed or is damaged: {path}",
    "相手にカードをもう一度送ってもらってください。": "Ask its owner to send the card again.",
    "引き継ぎのパスフレーズは{length}文字以上にしてください。":
        "The referral passphrase must be at least {length} characters long.",
    "電話で読み上げやすい、推測されにくい文(日本語可)をおすすめします。":
        "A sentence that is easy to read out on the phone and hard to guess is best (Japanese"
        " is fine).",
    "引き継ぎパッケージが大きすぎます({size} MiB、上限 {limit} MiB)。":
        "The referral package is too large ({size} MiB, at most {limit} MiB).",
    "添付ファイルが大きすぎて引き継ぎパッケージに入りません(合計 {size} MiB、上限 {limit} MiB)。":
        "The attachments are too large for a referral package ({size} MiB in all, at most"
        " {limit} MiB).",
    "添付ファイルを含めないか、訪問記録を選んで小さくしてください。":
        "Leave the attachments out, or choose fewer visits.",
    "引き継ぎパッケージが大きすぎます(上限 {limit} MiB): {path}":
        "The referral package is too large (at most {limit} MiB): {path}",
    "引き継ぎパッケージではありません: {path}": "Not a referral package: {path}",
    "Companion の「引き継ぎパッケージを作成」で作ったファイルを指定してください。":
        "Give a file made with Companion's \"Create referral package\".",
    "この版の Companion では読めない引き継ぎパッケージです: {path}":
        "This version of Companion cannot read this referral package: {path}",
    "Companion を新しい版にしてから取り込んでください。":
        "Update Companion, then import it again.",
    "引き継ぎ用の秘密鍵の形式が正しくありません: {reason}":
        "The private key for referrals is not in the expected form: {reason}",
    "連絡先カードとして読めません: {path}({reason})":
        "Cannot be read as a contact card: {path} ({reason})",
    "引き継ぎパッケージの中身が大きすぎます(上限 {limit} MiB): {path}":
        "The referral package's contents are too large (at most {limit} MiB): {path}",
    "引き継ぎのパスフレーズが違います。": "The referral passphrase is not correct.",
    "送り主から電話などで聞いたパスフレーズを、もう一度入力してください。":
        "Enter the passphrase the sender told you (by phone or another channel) again.",
    "引き継ぎパッケージの中身の形式が正しくありません: {path}({reason})":
        "The referral package's contents are not in the expected form: {path} ({reason})",
    "何も取り込んでいません。送り主の Companion の版を確認してください。":
        "Nothing was imported. Check the sender's version of Companion.",
    "支援者の氏名が設定されていません。": "The practitioner's name is not set.",
    "設定 → 氏名 に入力してから、もう一度実行してください(相手にはこの氏名と所属が表示されます)。":
        "Enter it in Settings → Name, then try again (the other practitioner sees this name"
        " and organisation).",
    "事業者の同意を得た日を入力してください。":
        "Enter the day the business owner gave their consent.",
    "引き継ぎには事業者の同意が必要です。": "A referral needs the business owner's consent.",
    "同意を得た日が未来の日付です: {day}": "The day of the consent is in the future: {day}",
    "同意の範囲を入力してください(例: 訪問記録と計画を○○センターへ引き継ぐこと)。":
        "Enter the scope of the consent (for example: hand the visits and the plan over to"
        " another centre).",
    "同意の方法を入力してください(例: 口頭、書面、メール)。":
        "Enter how the consent was given (for example: orally, in writing, by email).",
    "相手の連絡先カードか、パスフレーズのどちらかを指定してください。":
        "Give either the recipient's contact card or a passphrase.",
    "この引き継ぎパッケージは別の人の連絡先カード宛てです(宛先: {recipient})。":
        "This referral package was made for someone else's contact card (to: {recipient}).",
    "宛先の人の Companion で取り込むか、送り主にあなたの連絡先カードで作り直してもらってください。何も取り込んでいません。":
        "Import it in the recipient's Companion, or ask the sender to make it again for your"
        " contact card. Nothing was imported.",
    "この引き継ぎパッケージを開く鍵がこのパソコンにありません。":
        "This computer does not hold the key that opens this referral package.",
    "連絡先カードを書き出したパソコンで取り込んでください。":
        "Import it on the computer the contact card was exported from.",
    "この案件の訪問記録ではありません(または下書きです): {ids}":
        "Not visits of this engagement (or drafts): {ids}",
    "companion list visits --engagement 案件ID で訪問記録IDを確認してください。":
        "See the visit ids with companion list visits --engagement ENGAGEMENT.",
    "引き継ぎパッケージの作成日時を読めません: {path}":
        "The referral package's creation time cannot be read: {path}",
    "この引き継ぎパッケージを開くにはパスフレーズが必要です。":
        "This referral package needs its passphrase to be opened.",
    "送り主から電話などで聞いたパスフレーズを入力してください。":
        "Enter the passphrase the sender told you (by phone or another channel).",
    "(試しの実行: 何も取り込んでいません)": "(dry run: nothing was imported)",
    "もう一度: ": "Again: ",
    "事業者の同意: {day} {how} — {scope}": "Business owner's consent: {day} {how} — {scope}",
    "事業者を新しく登録しました: {client}": "New client registered: {client}",
    "含めたもの: 訪問記録 {visits}件、添付ファイル {attachments}件、行動計画 {plan}項目、指標 {kpis}件":
        "Included: {visits} visits, {attachments} attachments, {plan} plan items, {kpis} KPIs",
    "含めないもの: {what}": "Not included: {what}",
    "含めないもの: 利益相反の開示・注意事項・第三者レビュー・署名付きの記録(引き継ぎには一切含めません)":
        "Not included: disclosures, red flags, third-party reviews and the signed register"
        " (never part of a referral)",
    "宛先: {recipient}": "To: {recipient}",
    "宛先: パスフレーズを知っている人(パスフレーズはファイルと別に、電話などで伝えてください)":
        "To: whoever knows the passphrase (tell it apart from the file, by phone or another"
        " channel)",
    "引き継ぎのパスフレーズ(10文字以上、相手に電話などで伝えます): ":
        "Referral passphrase (10 characters or more; tell it to the recipient by phone): ",
    "引き継ぎのパスフレーズ: ": "Referral passphrase: ",
    "引き継ぎパッケージを作成しました: {path}": "Referral package created: {path}",
    "引き継ぎ元: {sender}": "Referred by: {sender}",
    "新しい案件として取り込みました: {title}(案件ID {id})":
        "Imported as a new engagement: {title} (engagement id {id})",
    "案件: {title}(事業者: {client} {place})": "Engagement: {title} (client: {client} {place})",
    "氏名: {name}": "Name: {name}",
    "登録済みの事業者に結び付けました: {client}": "Linked to the registered client: {client}",
    "署名を確認しました。作成日時: {when}": "Signature verified. Created: {when}",
    "送り主: {sender}(鍵の指紋 {fingerprint})": "Sender: {sender} (key fingerprint {fingerprint})",
    "送り主の鍵の指紋: {fingerprint}": "Sender's key fingerprint: {fingerprint}",
    "連絡先カードを書き出しました: {path}": "Contact card written: {path}",
    "鍵の指紋: {fingerprint}(相手に電話などで伝え、カードと照らし合わせてもらってください)":
        "Key fingerprint: {fingerprint} (tell it to the recipient by phone so they can check"
        " the card)",
    "選ばなかった訪問記録 {n}件": "{n} visits not chosen",
    "下書きの訪問記録 {n}件": "{n} draft visits",
    "添付ファイル {n}件": "{n} attachments",
    "行動計画 {n}項目": "{n} plan items",
    "合意した計画の記録 {n}件": "{n} agreed-plan snapshots",
    "指標 {n}件": "{n} KPIs",
    "報告書の所見 {n}件": "{n} report narratives",
    "【非開示】の行 {n}行": "{n} lines marked private",
    # -- sync: merge, conflicts and the register keeper (services/sync, D2) -----------
    "同期の変更記録が読めません(形式が違います)。":
        "A change record from sync cannot be read (its form is not as expected).",
    "相手の端末の Companion を同じ版にしてから、もう一度同期してください。":
        "Bring Companion on the other computer to the same version, then sync again.",
    "同期の変更記録に、別の端末の記録が混ざっています。":
        "The changes from sync contain records of another device.",
    "同期フォルダの {device} のファイルを確認してください。":
        "Check the files of {device} in the sync folder.",
    "同期の変更記録に、この Companion の知らない表があります: {names}":
        "The changes from sync name tables this Companion does not know: {names}",
    "この端末の Companion を新しい版にしてから同期してください。":
        "Update Companion on this computer, then sync.",
    "同期の変更記録を取り込めません: {entity} の元になる記録がありません。":
        "The changes from sync cannot be applied: the {entity} record they build on is missing.",
    "相手の端末でもう一度同期してから、やり直してください。":
        "Sync once more on the other computer, then try again.",
    "同期の全体コピー(スナップショット)の形式が違います。":
        "The full copy from sync (snapshot) is not in the expected form.",
    "同期の全体コピーのスキーマ {revision} は、この Companion のスキーマ {expected} と違います。":
        "The full copy from sync has schema {revision}; this Companion has schema {expected}.",
    "両方の端末の Companion を同じ版にしてから、もう一度同期してください。":
        "Bring Companion to the same version on both computers, then sync again.",
    "この端末にはすでに記録があるため、全体コピーから始められません。":
        "This computer already holds records, so it cannot start from a full copy.",
    "新しい端末は空のデータフォルダで参加してください。":
        "Join with a new computer from an empty data folder.",
    "同期の全体コピーを取り込めません: {reason}": "The full copy from sync cannot be loaded: {reason}",
    "同期の変更記録を取り込めません({entity}: {reason})。":
        "The changes from sync cannot be applied ({entity}: {reason}).",
    "companion check で両方の端末のデータを確認してください。":
        "Check the data on both computers with companion check.",
    "同期の競合の記録の種類がわかりません: {entity}": "Unknown kind of record in a sync conflict: {entity}",
    "競合の解決方法が正しくありません: {choice}": "Not a way to settle a conflict: {choice}",
    "この同期の競合は、すでに解決されています。": "This sync conflict is already settled.",
    "この記録は、競合の後に別の編集で書き換えられています。":
        "This record was changed by another edit after the conflict.",
    "{label}はその後削除されています。": "{label} has since been deleted.",
    "別の端末で行った変更は、この端末では取り消せません。":
        "A change made on another computer cannot be undone on this one.",
    "登録簿はこの端末では記帳できません(記帳端末: {name})":
        "This computer does not write the register (the register keeper is: {name})",
    "開示の記録は「封印待ち」として残り、次の同期で記帳端末が登録簿に記載します。":
        "The disclosure is kept as pending; the register keeper writes it into the register"
        " after the next sync.",
    "レビュー用バンドルの書き出しは記帳端末({name})で行ってください。":
        "Export review bundles on the register keeper ({name}).",
    "レビューの応答の取り込みは記帳端末({name})で行ってください。":
        "Import review responses on the register keeper ({name}).",
    "登録簿に書けるのは記帳端末だけです。記帳端末をなくしたときは、同期のあとで "
    "companion sync --take-register を実行すると、この端末が記帳端末になります。":
        "Only the register keeper writes the register. If the keeper is lost, run companion"
        " sync --take-register after a sync to make this computer the keeper.",
    "登録簿の署名鍵がこの端末にまだ届いていません。":
        "The register's signing key has not reached this computer yet.",
    "記帳端末と一度同期してから、もう一度実行してください。":
        "Sync once with the register keeper, then run this again.",
    "開示の操作が正しくありません: {action}": "Not a disclosure action: {action}",
    "開示の内容がありません。": "The disclosure has no content.",
    "終了日を入力してください。": "Enter the end date.",
    "この開示は既に終了しています。": "This disclosure has already ended.",
    "封印待ちの開示の内容が読めません。": "The pending disclosure cannot be read.",
    "この開示の年次確認は、すでに封印待ちです。":
        "This disclosure's annual confirmation is already pending.",
    "この開示は今年度の確認の対象ではありません(終了済み、または確認済み)。":
        "This disclosure needs no confirmation this fiscal year (ended, or already confirmed).",
    "未確定(まだ同期していません)": "not known yet (not synced yet)",
    # -- reviewers' dispositions of red flags (services/dispositions.py) ---------------
    "注意事項の識別子が正しくありません: {flag_id}": "The red flag's identifier is not valid: {flag_id}",
    "対応の記載が長すぎます({limit}文字まで)。": "The text is too long (at most {limit} characters).",
    "要説明には説明を求める事項を記入してください: {reason}":
        "An explanation request needs the question to be answered: {reason}",
    "レビュー応答の注意事項への対応の形式が正しくありません。":
        "The response's dispositions of red flags are not in the expected form.",
    "対応の結果を入力してください(何をしたか、どう説明したか)。":
        "Enter the resolution (what was done, or how it was explained).",
    "対応の結果が長すぎます({limit}文字まで)。": "The resolution is too long (at most {limit} characters).",
    "「問題なし」の注意事項には対応の記録は要りません。":
        "A red flag judged no issue needs no resolution.",
    "この注意事項は {day} に対応済みとして記録されています。":
        "This red flag was already recorded as resolved on {day}.",
    "要対応には管理計画({missing})が必要です: {reason}":
        "Action required needs a management plan ({missing}): {reason}",
    "レビュー応答の注意事項への対応の形式が正しくありません(flag_id・disposition・期限の日付を確かめてください)。":
        "The response's dispositions are not in the expected form (check flag_id, disposition and the due date).",
    "レビュー応答の中身を読めません。": "The content of the review response cannot be read.",
    "同じ注意事項への対応が二つあります: {reason}": "There are two resolutions of the same red flag: {reason}",
    "バンドルにない注意事項への判断です: {flag_id}": "A judgement of a red flag the bundle does not hold: {flag_id}",
    "同じ注意事項への判断が二つあります: {reason}": "There are two judgements of the same red flag: {reason}",
    "レビューが見つかりません: {review_id}": "The review was not found: {review_id}",
    "注意事項への対応が見つかりません(削除されたか、別の端末で変更されました)。":
        "The disposition of the red flag was not found (deleted, or changed on another device).",
    # -- the command line's own lines -------------------------------------------------
    # -- field names and record kinds that go into messages ({label}, {what}) ----------
    "事業者": "business", "事業者名": "business name", "かな": "kana", "業種": "industry",
    "都道府県": "prefecture", "市区町村": "city", "代表者": "representative",
    "連絡先": "contact", "メモ": "notes", "委託元": "sponsor", "委託元の名称": "sponsor name",
    "案件名": "engagement title", "本質的課題": "essential issue", "報酬条件": "fee terms",
    "基準値": "baseline", "目標": "target", "目標値": "target value", "実績": "actual",
    "前回のチェックポイント": "the previous checkpoint",
    "companion: エラー: {message}": "companion: error: {message}",
    "companion: エラー: {message}(companion --help で使い方を表示)":
        "companion: error: {message} (companion --help shows how to use it)",
    "companion: 中断しました": "companion: interrupted",
    "companion: 予期しないエラー: {kind}: {error}(詳細: {log_file})":
        "companion: unexpected error: {kind}: {error} (details: {log_file})",
    "日付は YYYY-MM-DD で指定してください: {text}": "Give dates as YYYY-MM-DD: {text}",
    "デモデータを作成しました: {path}": "Demo data created: {path}",
    "デモデータを作成しています…": "Creating demo data…",
    "修復: {line}": "Repaired: {line}",
    "問題: {problem}": "Problem: {problem}",
    "スキーマの版が違います: {revision}(期待値 {expected})":
        "The schema version differs: {revision} (expected {expected})",
    "外部キー違反: {table} の行 {rowid} が {parent} を参照できません":
        "Foreign key violation: row {rowid} of {table} cannot reach {parent}",
    "開示の記録(ハッシュチェーン): {problem}": "Disclosure register (hash chain): {problem}",
    "開示{number}の第{version}版が記録(ハッシュチェーン)と一致しません(改変の可能性)":
        "Version {version} of disclosure {number} does not match the register (hash chain); it may have been altered",
    "変更履歴を確認できません(読めない部分があります: {reason})":
        "The change log cannot be checked (part of it is unreadable: {reason})",
    "変更履歴に欠番があります: 端末 {device} の記録は{count}件ですが、番号は{first}〜{last}です":
        "The change log has gaps: device {device} has {count} entries numbered {first} to {last}",
    "変更履歴の時刻が逆行しています: 端末 {device} の{sequence}番目の記録":
        "The change log's clock goes back: entry {sequence} of device {device}",
    "検索索引を再構築しました({count} 件)": "The search index was rebuilt ({count} entries)",
    "訪問記録の件数を数え直しました({count} 件の案件)": "The visit counts were counted again ({count} engagements)",
    "訪問記録の件数の集計を確認できません(読めない部分があります: {reason})":
        "Could not check the visit counts (part of the file cannot be read: {reason})",
    "添付ファイル {file_name}: {problem}": "Attachment {file_name}: {problem}",
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
    # -- the engagement report: the practitioner's texts, placeholders (reports/) -------
    "成果と今後の課題": "achievements and remaining issues", "次年度の方針": "next year's policy",
    "自走化の状況": "progress towards self-reliance",
    "{label}に使えない文字が含まれています。": "The {label} contains a character that cannot be used.",
    "{label}が長すぎます({length}文字)。{limit}文字以内にしてください。":
        "The {label} is too long ({length} characters). Keep it within {limit} characters.",
    "{year}はこの案件の期間外です。{first}〜{last}の年度を選んでください。":
        "{year} is outside this engagement. Choose a fiscal year from {first} to {last}.",
    "成果と今後の課題が未記入のため、記録から作った要約を載せました（案件の画面の「報告書の所見」で書けます）。":
        "No achievements and remaining issues were written, so a summary made from the records "
        "was printed (write them with Report texts on the engagement's page).",
    "{section}が未記入です（「（記載なし）」と印刷しました）。":
        "The {section} has not been written (printed as not stated).",
    "テンプレートの差し込み項目 {names} は使えないため、そのままにしました（使える項目は docs/report-placeholders.md）。":
        "The template's placeholders {names} are not known and were left as they are "
        "(docs/report-placeholders.md lists the ones that are).",
    "集計を書き出しました: {path}({tables})": "Figures written: {path} ({tables})",
    "実務従事ポイント: {summary}": "Practice points: {summary}",
    "活動日数台帳を書き出しました: {path}({year}、事業者 {clients}件・延べ {days}日・{hours}時間)":
        "Activity-day ledger written: {path} ({year}: {clients} businesses,"
        " {days} days, {hours} hours in all)",
    # companion import (issue 16)
    "(試しの実行: 何も書き込んでいません)": "(Dry run: nothing was written)",
    "列の割り当て: {pairs}": "Columns: {pairs}",
    "重複 {row}行目 {title}: {reason}": "Duplicate, row {row} {title}: {reason}",
    "不可 {row}行目 {title}: {reason}": "Not imported, row {row} {title}: {reason}",

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
    "レビュー用の鍵のパスフレーズが違います。": "The passphrase of the review key is wrong.",
    "レビュー用の署名鍵を作ります。鍵を守るパスフレーズを決めてください。":
        "A signing key for reviews will be made. Choose a passphrase to protect it.",
    "レビュー用の署名鍵を使うには、パスフレーズを入力してください。":
        "Enter the passphrase to use the signing key for reviews.",
    "ほか {count} 件": "{count} more",
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
    "開示{number}の第{version}版: 対応する記録(記録 {seq})がありません":
        "Disclosure {number}, version {version}: its register entry (entry {seq}) is missing",
    "開示{number}の第{version}版: {fields} が記録 {seq} と一致しません(データベースの改変の可能性)":
        "Disclosure {number}, version {version}: {fields} differ from register entry {seq}"
        " (the database may have been edited)",
    "開示の記録と一致しない行があるため、レビューバンドルに署名しません({problem})":
        "A disclosure row does not match its register entry, so no review bundle is signed"
        " ({problem})",
    "companion check で確認し、改変前のバックアップから復元してください。":
        "Run companion check, then restore a backup from before the change.",
    "この端末の時計({now})が、最後の記録の日時({last})より前になっています。":
        "This computer's clock ({now}) is behind the last record ({last}).",
    "時計(日付と時刻)を正しく合わせてから、もう一度記録してください。":
        "Set the clock (date and time) right, then record it again.",
    "申告日に未来の日付({declared_on})は指定できません。今日({today})までの日付を入力してください。":
        "The declaration date cannot be in the future ({declared_on}). Enter a date up to today"
        " ({today}).",
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
    "復元には {size:.0f} MB 以上の空きが必要です。": "Restoring needs at least {size:.0f} MB of free space.",
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
    "データフォルダ({root})の外の場所を指定してください。":
        "Choose a place outside the data folder ({root}).",
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

    # -- errors raised below the UI (issue 15: every KnownError template has English) --
    # keyring, keys and signed files
    "OSのキーリングに保存できません: {reason}": "Cannot save to the system keyring: {reason}",
    "OSのキーリングを読めません: {reason}": "Cannot read the system keyring: {reason}",
    "安全でないキーリング({name})は使いません。": "An unsafe keyring ({name}) is not used.",
    "base64 として読めません: {reason}": "Cannot be read as base64: {reason}",
    "公開鍵を読めません: {reason}": "Cannot read the public key: {reason}",
    "公開鍵が Ed25519 ではありません。": "The public key is not an Ed25519 key.",
    "署名鍵の形式が正しくありません(Ed25519 ではありません)。":
        "The signing key is not valid (it is not an Ed25519 key).",
    "暗号化ファイルの形式ではありません。": "Not an encrypted file.",
    "暗号化ファイルが壊れているか、改変されています。":
        "The encrypted file is damaged or was altered.",
    # demo and search
    "demo の大きさは small か large です: {size}": "The demo size is small or large: {size}",
    "データが既にあります。demo は空のデータフォルダでのみ実行できます。":
        "There is data already. demo runs only in an empty data folder.",
    "--data-dir で空のフォルダを指定してください。": "Give an empty folder with --data-dir.",
    "検索語を入力してください。": "Enter a search term.",
    "検索語が長すぎます({max_query_length}文字まで)。":
        "The search term is too long (up to {max_query_length} characters).",
    "方式が正しくありません: {mode}": "Not a valid mode: {mode}",
    "案件IDを指定してください: companion list {what} ENGAGEMENT":
        "Give an engagement ID: companion list {what} ENGAGEMENT",
    "案件IDは companion list engagements で確認できます。":
        "companion list engagements shows the engagement IDs.",
    # review bundles and responses
    "register.json: 記録の形式が正しくありません ({reason})":
        "register.json: the records are not valid ({reason})",
    "manifest.json: ファイルがありません": "manifest.json: the file is missing",
    "manifest.json: Companion のレビューバンドルではありません":
        "manifest.json: not a Companion review bundle",
    "チェックポイントの形式が正しくありません。": "The checkpoint is not valid.",
    "チェックポイントの署名が一致しません: {name}": "The checkpoint's signature does not match: {name}",
    "前回のバンドルを検証できません: {name}: {detail}":
        "The previous bundle cannot be verified: {name}: {detail}",
    "不正なファイル名がバンドルに含まれています: {name!r}":
        "The bundle holds a file name that is not allowed: {name!r}",
    "同じ名前のファイルが重複しています: {name}": "Two files have the same name: {name}",
    "署名付き応答(DSSE)として読めません: {message}":
        "Cannot be read as a signed response (DSSE): {message}",
    "署名付き応答(DSSE)として読めません: {reason}":
        "Cannot be read as a signed response (DSSE): {reason}",
    "レビュー応答に {key} がありません。": "The review response has no {key}.",
    "レビュー応答の種類が違います(payloadType: {payload_type})。":
        "The review response is of another kind (payloadType: {payload_type}).",
    "Companion のレビュー応答(in-toto Statement)ではありません。":
        "Not a Companion review response (in-toto Statement).",
    "レビュー応答の署名が一致しません(改変か別の鍵)。":
        "The review response's signature does not match (altered, or another key).",
    "レビュー応答の項目が正しくありません: {reason}":
        "The review response holds an entry that is not valid: {reason}",
    "応答のチェックポイントが送ったバンドルと一致しません。":
        "The response's checkpoint does not match the bundle that was sent.",
    "この応答は既に取り込まれています。": "This response was imported already.",
    "未登録のレビュー担当者の鍵で署名されています(指紋 {reviewer_fingerprint}…)。":
        "It is signed with the key of an unregistered reviewer (fingerprint"
        " {reviewer_fingerprint}…).",
    "担当者に指紋を確認し、--trust-key で指定して取り込んでください。":
        "Check the fingerprint with the reviewer, then import it with --trust-key.",
    "応答の版IDが正しくありません: {version_id}": "Not a valid version ID in the response: {version_id}",
    "応答にある開示{disclosure_number} 第{version}版がありません。":
        "Disclosure {disclosure_number}, version {version}, named in the response, is not here.",
    "何も取り込んでいません。": "Nothing was imported.",
    "この応答は、ここから送ったどのバンドルに対するものでもありません。":
        "This response does not answer any bundle sent from here.",
    "別の実践者か別の端末のバンドルへの応答ではないか確認してください。":
        "Check whether it answers a bundle of another practitioner or another device.",
    # the reviewer's side
    "前回までに確認した記録のファイルを読めません: {path} ({reason})":
        "Cannot read the file of the records checked so far: {path} ({reason})",
    "バックアップから戻すまで、連続性は確認できません。":
        "Continuity cannot be checked until it is restored from a backup.",
    "確認した記録を保存できません: {state_path} ({reason})":
        "Cannot save the records checked: {state_path} ({reason})",
    "所見の下書きのファイルを読めません: {path} ({reason})":
        "Cannot read the file of draft findings: {path} ({reason})",
    "ファイルを別の場所に移すと、新しい下書きで始められます。":
        "Move the file elsewhere to start with new drafts.",
    "所見の下書きを保存できません: {path} ({reason})":
        "Cannot save the draft findings: {path} ({reason})",
    "レビュー用の鍵を保存できません: {path} ({reason})":
        "Cannot save the review key: {path} ({reason})",
    "「管理下で容認」には容認の条件を入力してください。":
        "For \"accepted under management\", enter the conditions of acceptance.",
    "「要是正」には是正してほしい内容をコメントに入力してください。":
        "For \"needs correction\", enter in the comment what should be corrected.",
    "「情報不足」には不足している情報をコメントに入力してください。":
        "For \"information missing\", enter in the comment what information is missing.",
    "検証に失敗したバンドルには応答を作れません。":
        "No response can be made to a bundle that failed verification.",
    "支援者に、改めてバンドルを書き出して送ってもらってください。":
        "Ask the practitioner to write out and send the bundle again.",
    "レビュー担当者の氏名を入力してください。": "Enter the reviewer's name.",
    "所見がまだ一つもありません。開示の版ごとに所見を記録してください。":
        "There are no findings yet. Record a finding for each version of a disclosure.",
    "バンドルにない版への所見です: {version_id}":
        "A finding on a version that is not in the bundle: {version_id}",
    "応答を書き出せません: {out} ({reason})": "Cannot write the response: {out} ({reason})",
    # reports and figures
    "{fiscal_year}年度はこの案件の期間外です（案件の期間: {span}）。":
        "Fiscal year {fiscal_year} is outside this engagement's period (the period: {span}).",
    "{first}〜{last} の年度を指定してください。": "Give a fiscal year from {first} to {last}.",
    "テンプレートが Word 文書（.docx）ではありません: {name}":
        "The template is not a Word document (.docx): {name}",
    "Word で「Word 文書（*.docx）」として保存したファイルを指定してください。":
        "Give a file saved from Word as \"Word Document (*.docx)\".",
    "テンプレートのファイルが見つかりません: {source}": "The template file was not found: {source}",
    "テンプレートを読み込めません: {source}({reason})": "Cannot read the template: {source} ({reason})",
    "標準の報告書テンプレートが見つかりません: {source}":
        "The standard report template was not found: {source}",
    "アプリを入れ直してください。": "Please reinstall the app.",
    "同じ名前の委託元が複数あります: {text}": "More than one sponsor has this name: {text}",
    "委託元のIDで指定してください。": "Give the sponsor's ID instead.",
    "委託元が見つかりません: {sponsor_id}": "Sponsor not found: {sponsor_id}",
    "委託元が見つかりません: {text}": "Sponsor not found: {text}",
    # -- the sponsor's own targets (sponsor-target, services.sponsor_targets) ----------
    "指標が正しくありません: {text}(使える指標: {codes})":
        "Unknown measure: {text} (measures: {codes})",
    "目標は整数で指定してください: {text}": "Give the target as a whole number: {text}",
    "委託元の目標を削除しました: {sponsor} {year} {measure}":
        "Sponsor's target removed: {sponsor} {year} {measure}",
    "委託元の目標を保存しました: {sponsor} {year} {measure} {target}":
        "Sponsor's target saved: {sponsor} {year} {measure} {target}",
    "変更はありません: {sponsor} {year} {measure}": "Nothing changed: {sponsor} {year} {measure}",
    "委託元の目標はまだ設定されていません。companion sponsor-target set で設定できます。":
        "No sponsor targets yet. Set one with companion sponsor-target set.",
    "年度は {low}〜{high} の西暦で指定してください: {year}":
        "Give the fiscal year as a year from {low} to {high}: {year}",
    "{year}の「{measure}」の目標は {low}〜{high} の整数で入力してください: {value}":
        "The target for {measure} in {year} must be a whole number from {low} to {high}: {value}",
    "指標を選んでください: {measure}": "Choose a measure: {measure}",
    "延べ相談件数・支援事業者数などの指標から選んでください。":
        "Choose one of the measures (consultations, businesses supported, ...).",
    "委託元の目標": "sponsor's target",
    "年度の指定が正しくありません: {fiscal_year}": "Not a valid fiscal year: {fiscal_year}",
    "横ばいとみなす幅は 0〜50% で指定してください: {band}":
        "Give the band counted as flat as 0 to 50 %: {band}",
    "年数は 1〜{most} で指定してください: {years}": "Give the number of years as 1 to {most}: {years}",
    "2025 のように西暦の4桁で指定してください。": "Give the year as four digits, such as 2025.",
    "書き出し先のフォルダがありません: {parent}": "The folder to write to does not exist: {parent}",
    "台帳を書き出せません: {out} ({reason})": "Cannot write the ledger: {out} ({reason})",
    "出力ファイルの拡張子は {suffixes} にしてください: {name}":
        "The output file must end in {suffixes}: {name}",
    "出力先のフォルダに書き込めません: {folder}": "Cannot write to the output folder: {folder}",
    "書き込みできるフォルダを指定してください。": "Choose a folder that can be written to.",
    "期間の終わりが始まりより前です。": "The end of the period is before its start.",
    # attachments
    "添付ファイルが見つかりません。": "The attachment was not found.",
    "添付ファイルの保存データが見つかりません。": "The attachment's stored data was not found.",
    "companion check で確認してください。": "Look with companion check.",
    "添付ファイルの内容が記録と一致しません。": "The attachment does not match its record.",
    "添付ファイルを保存できません: {name} ({reason})": "Cannot save the attachment: {name} ({reason})",
    "添付ファイルを開けません: {file_name} ({reason})":
        "Cannot open the attachment: {file_name} ({reason})",
    "暗号化されていないデータベースには添付ファイルを保存できません。":
        "Attachments cannot be saved in a database that is not encrypted.",
    "ファイルではありません: {name}": "Not a file: {name}",
    "ファイルが見つかりません: {name}": "File not found: {name}",
    "ファイルを読めません(権限がありません): {name}": "Cannot read the file (no permission): {name}",
    "ファイルが大きすぎます: {name}({size:.0f} MB、上限 200 MB)":
        "The file is too large: {name} ({size:.0f} MB, limit 200 MB)",
    "添付先(訪問記録か案件)を一つ指定してください。":
        "Give one place to attach it to (a visit record or an engagement).",
    "添付先の訪問記録がまだ保存されていません。少し待ってからもう一度追加してください。":
        "The visit record to attach to is not saved yet. Wait a moment, then add it again.",
    "ファイルを選んでください。": "Choose a file.",
    # clients, sponsors, engagements
    "{label}を入力してください。": "Enter the {label}.",
    "{label}は{limit}文字以内にしてください(いま{count}文字)。":
        "{label} can be at most {limit} characters (now {count}).",
    "従業員数は0以上の人数で入力してください。": "Enter the number of employees as 0 or more.",
    "創業日が未来の日付になっています。": "The founding date is in the future.",
    "事業者が見つかりません(削除された可能性があります)。":
        "The business was not found (it may have been deleted).",
    "委託元が見つかりません(削除された可能性があります)。":
        "The sponsor was not found (it may have been deleted).",
    "同じ名前の{label}「{other_name}」がすでに登録されています。":
        "A {label} of the same name, \"{other_name}\", is registered already.",
    "進行中の案件「{open_titles}」があるため、事業者をアーカイブできません。":
        "The business cannot be archived while it has active engagements (\"{open_titles}\").",
    "別の相手として登録する場合は、もう一度保存してください。":
        "To register it as a different one, save again.",
    "先に案件を終了するか、アーカイブしてください。": "End or archive those engagements first.",
    "種別を選んでください。": "Choose a kind.",
    "事業者を選んでください。": "Choose a business.",
    "選んだ事業者が見つかりません。": "The chosen business was not found.",
    "事業者「{name}」はアーカイブされています。": "The business \"{name}\" is archived.",
    "事業者のアーカイブを解除してから選んでください。":
        "Take the business out of the archive, then choose it.",
    "選んだ委託元が見つかりません。": "The chosen sponsor was not found.",
    "委託元「{name}」はアーカイブされています。": "The sponsor \"{name}\" is archived.",
    "方式と状態を選んでください。": "Choose a scheme and a status.",
    "開始日を入力してください。": "Enter the start date.",
    "終了予定日は開始日より後の日付にしてください。": "The planned end must be after the start date.",
    "報酬額は0円以上で入力してください。": "Enter a fee of 0 yen or more.",
    "計画の期日が新しい期間({period_text})の外になる項目が{count}件あります(例:「{title}」)。":
        "{count} plan items would fall due outside the new period ({period_text}),"
        " for example \"{title}\".",
    "先に計画の期日を直すか、期間を広げてください。":
        "Change the plan's due dates first, or widen the period.",
    "指標「{name}」の{year}の目標が新しい期間の外になります。":
        "The {year} target of the indicator \"{name}\" would fall outside the new period.",
    "先にその年度の目標を消すか、期間を広げてください。":
        "Delete that year's target first, or widen the period.",
    "削除された可能性があります。": "It may have been deleted.",
    "案件を選び直してください。": "Choose the engagement again.",
    # KPIs
    "{label}は数値で入力してください(例: 1,250 / 12.5 / △300)。「{raw}」は数値として読めません。":
        "Enter {label} as a number (for example 1,250 / 12.5 / △300). \"{raw}\" is not"
        " a number.",
    "{label}が大きすぎます。": "{label} is too large.",
    "指標が見つかりません(削除された可能性があります)。":
        "The indicator was not found (it may have been deleted).",
    "指標名を入力してください(例: 売上高)。": "Enter the indicator's name (for example, sales).",
    "指標名は{name_limit}文字以内にしてください。":
        "The indicator's name can be at most {name_limit} characters.",
    "単位は{unit_limit}文字以内にしてください(例: 千円)。":
        "The unit can be at most {unit_limit} characters (for example, thousand yen).",
    "評価の向きと集計方法を選んでください。": "Choose the direction and the way to total it.",
    "この案件にはすでに指標「{name}」があります。":
        "This engagement has an indicator \"{name}\" already.",
    "基準日が先の日付すぎます。": "The baseline date is too far in the future.",
    "{year}はこの案件の期間({first}〜{last})に含まれないため、{what}を入力できません。":
        "{year} is outside this engagement's period ({first} to {last}), so no {what}"
        " can be entered.",
    "{year}{label}はまだ始まっていないため、実績を入力できません。":
        "{year} {label} has not begun yet, so no actual value can be entered.",
    # plans
    "期日 {year}/{month:02d}/{day:02d} は案件の期間({period_text})の外です。":
        "The due date {year}/{month:02d}/{day:02d} is outside the engagement's period"
        " ({period_text}).",
    "期間内の日付にするか、先に案件の期間を変更してください。":
        "Choose a date within the period, or change the engagement's period first.",
    "アクションの下には項目を置けません(目標 → マイルストーン → アクションの3階層までです)。":
        "Nothing can go under an action (three levels at most: goal, milestone, action).",
    "「{title}」の上に同じ階層の項目がないため、字下げできません。":
        "\"{title}\" cannot be indented: no item of the same level is above it.",
    "「{title}」は最上位の目標なので、これ以上字上げできません。":
        "\"{title}\" is a top-level goal and cannot be outdented further.",
    "「{title}」はこれ以上{where}へ移動できません。": "\"{title}\" cannot move further {where}.",
    "「{title}」を自分自身の下位項目の下へは移動できません(循環になります)。":
        "\"{title}\" cannot move under one of its own items (that would make a loop).",
    "アクションの下には項目を追加できません。": "Items cannot be added under an action.",
    "翌年度へコピーできるのはアクションだけです。": "Only actions can be copied to the next year.",
    "「{title}」は{status}のため、翌年度へコピーする必要はありません。":
        "\"{title}\" is {status}, so it need not be copied to the next year.",
    "翌年度({year})は案件の期間に含まれないため、コピーできません。":
        "The next fiscal year ({year}) is outside the engagement's period, so it cannot be"
        " copied.",
    "案件の終了予定日を延ばすと、翌年度の計画を作れます。":
        "Extend the engagement's planned end to make a plan for the next year.",
    "計画の項目が見つかりません(削除された可能性があります)。":
        "The plan item was not found (it may have been deleted).",
    "項目名を入力してください。": "Enter the item's name.",
    "項目名は{title_limit}文字以内にしてください(いま{count}文字)。":
        "The item's name can be at most {title_limit} characters (now {count}).",
    "担当と状況を選んでください。": "Choose who is responsible and the status.",
    "進捗は0〜100%で入力してください。": "Enter progress from 0 to 100%.",
    "メモは{notes_limit}文字以内にしてください。": "Notes can be at most {notes_limit} characters.",
    "{year}は案件の期間に含まれません({first}〜{last})。":
        "{year} is outside the engagement's period ({first} to {last}).",
    "計画の項目がまだないため、合意した計画として保存できません。":
        "The plan has no items yet, so it cannot be saved as an agreed plan.",
    "合意日が案件の開始より1年以上前になっています。":
        "The agreement date is more than a year before the engagement starts.",
    "名称は{title_limit}文字以内にしてください。": "The name can be at most {title_limit} characters.",
    # dates
    "「{shown}」は日付として読めません。2025/04/01 の形で入力してください(令和7年4月1日、R7.4.1 でも入力できます)。":
        "\"{shown}\" cannot be read as a date. Enter it as 2025/04/01 (Japanese era dates"
        " such as R7.4.1 work too).",
    "「{shown}」は存在しない日付です。": "\"{shown}\" is not a real date.",
    "「{shown}」は存在しない日付です({era_span})。": "\"{shown}\" is not a real date ({era_span}).",
    # visits
    "移動距離は数字で入力してください(例: 12.5)。": "Enter the distance as a number (for example 12.5).",
    "{label}が長すぎます({count:,}文字、{limit:,}文字まで)。":
        "{label} is too long ({count:,} characters; at most {limit:,}).",
    "方式を選んでください(訪問・オンライン・電話・来所)。":
        "Choose how it took place (visit, online, phone, at the office).",
    "訪問日 {day} は案件の開始日 {other_day} より前です。日付か案件を確かめてください。":
        "The visit date {day} is before the engagement's start {other_day}. Check the date"
        " or the engagement.",
    "訪問日 {day} は案件の終了予定日 {other_day} より後です。日付を確かめるか、案件の期間を延ばしてください。":
        "The visit date {day} is after the engagement's planned end {other_day}. Check the"
        " date, or extend the engagement.",
    "終了時刻 {end:%H:%M} が開始時刻 {start:%H:%M} より前です。":
        "The end time {end:%H:%M} is before the start time {start:%H:%M}.",
    "訪問の時間が{max_hours}時間を超えています。終了時刻を確かめてください。":
        "The visit is longer than {max_hours} hours. Check the end time.",
    "目的を入力してください(例: 定期訪問、試作品の評価)。":
        "Enter the purpose (for example, a regular visit, evaluating a prototype).",
    "フォローアップ日 {day} が訪問日 {other_day} より前です。":
        "The follow-up date {day} is before the visit date {other_day}.",
    "移動距離は 0〜{max_distance_km:,.0f} km で入力してください。":
        "Enter a distance from 0 to {max_distance_km:,.0f} km.",
    "次のアクション {number}行目の内容が空です。入力するか行を削除してください。":
        "Next action, row {number}, is empty. Fill it in or delete the row.",
    "次のアクション {number}行目が長すぎます({max_action_text}文字まで)。":
        "Next action, row {number}, is too long (at most {max_action_text} characters).",
    "次のアクション {number}行目の計画の項目がこの案件にありません。選び直してください。":
        "Next action, row {number}: its plan item is not in this engagement. Choose again.",
    "次のアクションの識別子が重複しています。": "Two next actions have the same identifier.",
    "この訪問記録は既に保存されています。下書きとしては保存できません。":
        "This visit record is saved already; it cannot be saved as a draft.",
    "この訪問記録は既に保存されています。": "This visit record is saved already.",
    "内容を変えるときは修正として保存してください。": "To change it, save it as a revision.",
    "訪問記録が見つかりません。削除された可能性があります。":
        "The visit record was not found. It may have been deleted.",
    "この訪問記録はまだ下書きです。保存してから修正してください。":
        "This visit record is still a draft. Save it before revising it.",
    "保存済みの訪問記録は破棄できません。": "A saved visit record cannot be discarded.",
    "次のアクションが見つかりません。": "The next action was not found.",
    "フォローアップの訪問記録が見つかりません。": "The visit record to follow up was not found.",
    "この訪問記録にはフォローアップ日がありません。": "This visit record has no follow-up date.",
    "この訪問記録の履歴はありません。": "This visit record has no history.",
    "テンプレートの名前を入力してください。": "Enter the template's name.",
    "テンプレートの名前は40文字までです。": "A template's name can be at most 40 characters.",
    "「{name}」は標準のテンプレートの名前です。別の名前にしてください。":
        "\"{name}\" is the name of a standard template. Choose another name.",
    "テンプレートにする目的か記録の構成を入力してください。":
        "Enter the purpose or the outline of the record for the template.",
    "テンプレートが見つかりません。": "The template was not found.",
    # disclosures and undo (their modules are being reworked; their fixed texts)
    "相手先を入力してください。": "Enter the counterparty.",
    "終了日が開始日より前です。": "The end date is before the start date.",
    "持分比率は0〜100%で入力してください。": "Enter the share from 0 to 100%.",
    "金額は0円以上で入力してください。": "Enter an amount of 0 yen or more.",
    "終了した関与には終了日を入力してください。": "Enter the end date of an involvement that ended.",
    "訂正・変更の理由を入力してください。": "Enter the reason for the correction or change.",
    "前の版から変更がありません。新しい版は作りませんでした。":
        "Nothing changed since the previous version; no new version was made.",
    "終了日を直すときは「変更」で新しい版を作ってください。":
        "To correct the end date, make a new version with \"Change\".",
    "終了日に未来の日付は指定できません。関与が終わってから記録してください。":
        "The end date cannot be in the future. Record it once the involvement has ended.",
    "今年度に確認が必要な開示はありません。": "No disclosure needs confirming this fiscal year.",
    "終了した開示と、今年度すでに確認した開示は対象になりません。":
        "Ended disclosures and those already confirmed this fiscal year are not included.",
    "確認の対象が表示したときから変わりました。何も記録していません。":
        "What is to be confirmed changed since it was shown. Nothing was recorded.",
    "もう一度「今年度は変更なし」を開いて確認してください。":
        "Open \"No change this year\" again and confirm.",
    "取り消せる変更がありません。": "There is no change to undo.",
    "開示の記録は取り消せません。": "A disclosure record cannot be undone.",
    "訂正は新しい版として記録してください。": "Record a correction as a new version.",
    "相手に渡したファイル(連絡先カード・引き継ぎパッケージ)の記録は取り消せません。":
        "The record of a file handed to someone else (a contact card, a referral package) "
        "cannot be undone.",
    "書き出したファイルはそのまま使えます。": "The file written can still be used.",
    # settings
    "不明な設定です: {key}": "Unknown setting: {key}",
    "設定「{label}」の値が正しくありません: {value!r}":
        "The setting \"{label}\" has a value that is not valid: {value!r}",
    "設定「{label}」は次のいずれかにしてください: {choices}(指定: {value!r})":
        "The setting \"{label}\" must be one of: {choices} (given: {value!r})",
    "設定「{label}」は {minimum}〜{maximum} の範囲で指定してください(指定: {value})":
        "The setting \"{label}\" must be from {minimum} to {maximum} (given: {value})",
    "設定「{label}」は {max_length} 文字以内にしてください({count} 文字)":
        "The setting \"{label}\" can be at most {max_length} characters ({count})",

    # -- bringing records in from Excel / CSV (issue 16, services/record_import.py) ------
    "名称": "name", "所在地": "address", "電話": "phone", "従業員数": "employees",
    "創業日": "founded", "日付": "date", "案件": "engagement", "形態": "form",
    "目的": "purpose", "記録": "record", "時間帯": "time", "開始": "start", "終了": "end",
    "場所": "place", "同席者": "attendees", "次回": "next", "移動距離": "distance",
    "訪問記録": "visit records",
    "取り込むファイルを読めません: {path}({reason})": "Cannot read the file to import: {path} ({reason})",
    "この形式のファイルは取り込めません: {path}": "Files of this kind cannot be imported: {path}",
    "Excel で「名前を付けて保存」から Excel ブック(.xlsx)か CSV で保存し直してください。":
        "In Excel, use Save As to save it as an Excel workbook (.xlsx) or as CSV.",
    "Excel ブックではありません": "it is not an Excel workbook",
    "Excel ブックが壊れています": "the Excel workbook is damaged",
    "Excel ブックとして開けません: {error}": "it does not open as an Excel workbook: {error}",
    "Excel ブックとして読めません: {error}": "it cannot be read as an Excel workbook: {error}",
    "テキストではありません": "it is not text",
    "文字コードを判別できません: {path}": "The text encoding cannot be told: {path}",
    "UTF-8 か Shift_JIS の CSV で保存し直してください。":
        "Save it again as CSV in UTF-8 or Shift_JIS.",
    "CSV の {line}行目を読めません({reason})。": "Line {line} of the CSV cannot be read ({reason}).",
    "取り込むファイルに表がありません: {path}": "The file to import holds no table: {path}",
    "1行目に列名(事業者名、日付 など)、2行目から記録がある表にしてください。":
        "Put the column names (business name, date and so on) on the first line and the"
        " records below them.",
    "列が多すぎます(上限 {limit}列): {path}": "Too many columns (at most {limit}): {path}",
    "行が多すぎます(上限 {limit:,}行): {path}": "Too many rows (at most {limit:,}): {path}",
    "ファイルをいくつかに分けて、順に取り込んでください。":
        "Split the file into several and import them one after another.",
    "{row}行目に長すぎる値があります({limit:,}文字まで): {path}":
        "Row {row} has a value that is too long (at most {limit:,} characters): {path}",
    "--map は 列名=項目 の形で指定してください: {option}":
        "Give --map as column=field: {option}",
    "ファイルに「{column}」という列がありません。": "The file has no column \"{column}\".",
    "列: {columns}": "Columns: {columns}",
    "「{name}」という項目はありません。": "There is no field \"{name}\".",
    "項目: {fields}": "Fields: {fields}",
    "ファイルにない列が指定されています。": "A column that is not in the file was given.",
    "「{label}」に2つの列(「{first}」と「{second}」)が割り当てられています。":
        "Two columns (\"{first}\" and \"{second}\") are given to \"{label}\".",
    "「{labels}」にする列を選んでください。": "Choose the column for \"{labels}\".",
    "{kind}の取り込みに必要な項目です。": "Importing {kind} needs it.",
    "「時間帯」と「開始」「終了」は、どちらか一方だけ選んでください。":
        "Choose either a time column or start and end columns, not both.",
    "取り込み {imported}件、重複 {duplicates}件、不可 {rejected}件":
        "Imported {imported}, duplicates {duplicates}, not imported {rejected}",
    "名称が空です。": "The name is empty.",
    "日付が空です": "The date is empty",
    "事業者名が空です": "The business name is empty",
    "日付が読めません: 「{text}」": "The date cannot be read: \"{text}\"",
    "{label}の日付が読めません: 「{text}」": "The date of {label} cannot be read: \"{text}\"",
    "従業員数が数字ではありません: 「{text}」": "The number of employees is not a number: \"{text}\"",
    "登録済みの「{name}」と同じ事業者です": "The same business as \"{name}\", already registered",
    "{row}行目の「{name}」と同じ事業者です": "The same business as \"{name}\" on row {row}",
    "{same}(空欄を補いました: {fields})": "{same} (blank fields filled: {fields})",
    "{same}(補う項目はありません)": "{same} (no blank field to fill)",
    "事業者「{name}」が登録されていません": "The business \"{name}\" is not registered",
    "「{name}」という事業者が{count}件あり、どれか決められません":
        "There are {count} businesses called \"{name}\"; which one cannot be told",
    "「{name}」には案件がありません(先に案件を登録してください)":
        "\"{name}\" has no engagement (register one first)",
    "「{name}」に案件「{title}」がありません": "\"{name}\" has no engagement \"{title}\"",
    "{day} を期間に含む「{name}」の案件がありません":
        "No engagement of \"{name}\" has {day} in its period",
    "{day} を期間に含む「{name}」の案件が複数あります({titles})。案件の列で選んでください":
        "Several engagements of \"{name}\" have {day} in their period ({titles}); choose one"
        " in an engagement column",
    "{label}の時刻が読めません: 「{text}」": "The time of {label} cannot be read: \"{text}\"",
    "時間帯が読めません: 「{text}」(例: 10:00〜12:00)":
        "The time cannot be read: \"{text}\" (e.g. 10:00-12:00)",
    "形態が読めません: 「{text}」(訪問・オンライン・電話・来所)":
        "The form cannot be read: \"{text}\" (visit, online, phone or at the centre)",
    "次回の日付が読めません: 「{text}」": "The next date cannot be read: \"{text}\"",
    "次回の内容が長すぎます({limit}文字まで)": "The next step is too long (at most {limit} characters)",
    "移動距離が数字ではありません: 「{text}」": "The distance is not a number: \"{text}\"",
    "同じ日・同じ目的の訪問記録「{purpose}」がすでにあります":
        "A visit record \"{purpose}\" with the same day and purpose is already there",
    "{row}行目と同じ日・同じ目的の訪問記録です":
        "The same day and purpose as the visit record on row {row}",

    # -- ready for the modules still formatting their own text (issue 15; see the report) --
    "開示が見つかりません: {id}": "Disclosure not found: {id}",
    "開示{number}は既に終了しています。": "Disclosure {number} has ended already.",
    "{what}は後から変更されているため、元に戻せません。":
        "{what} was changed later, so it cannot be undone.",
    "いまの内容を確認し、必要なら直接修正してください。":
        "Check what is there now, and correct it directly if needed.",
    "同じ記録が後から作り直されています。": "The same record was made again later.",
    "関連する{gone}が後から削除されています。": "A related {gone} was deleted later.",
    "後から追加された{later}があります。": "There is a {later} that was added later.",
    # The window's language (ui/main_window.py set_language)
    "{language}の表示はこの版に含まれていないため、日本語で表示します。":
        "{language} is not included in this build; the window stays in Japanese.",
    "翻訳ファイル companion_{code}.qm が見つかりません。":
        "The translation file companion_{code}.qm was not found.",
    # Review responses: DSSE envelopes, key fingerprints, `review respond` (issue 18)
    "{name} が文字列ではありません。": "{name} is not a string.",
    "{name} が base64 ではありません。": "{name} is not base64.",
    "{name} が base64 ではありません(長さか = の数が正しくありません)。":
        "{name} is not base64 (wrong length or number of =).",
    "署名 {index} がオブジェクトではありません。": "Signature {index} is not an object.",
    "署名 {index} の keyid が文字列ではありません。": "The keyid of signature {index} is not a string.",
    "署名 {index} に sig がありません。": "Signature {index} has no sig.",
    "JSON のオブジェクトではありません。": "It is not a JSON object.",
    "{key} がありません。": "{key} is missing.",
    "payloadType が文字列ではありません。": "payloadType is not a string.",
    "signatures が配列ではありません。": "signatures is not an array.",
    "{option} に鍵の指紋が指定されていません(空です)。": "{option} names no key fingerprint (it is empty).",
    "鍵の指紋を 16 桁以上の16進数で指定してください。":
        "Give the key fingerprint as 16 or more hex digits.",
    "{option} の鍵の指紋に16進数でない文字があります: {given}":
        "The key fingerprint given to {option} has characters that are not hex digits: {given}",
    "鍵の指紋を 16 桁以上の16進数(0-9, a-f)で指定してください。":
        "Give the key fingerprint as 16 or more hex digits (0-9, a-f).",
    "{option} の鍵の指紋が短すぎます({count} 桁): {given}":
        "The key fingerprint given to {option} is too short ({count} digits): {given}",
    "取り違えを防ぐため、鍵の指紋は 16 桁以上で指定してください。":
        "So that no other key can match, give at least 16 digits of the fingerprint.",
    "{option} の鍵の指紋が長すぎます({count} 桁): {given}":
        "The key fingerprint given to {option} is too long ({count} digits): {given}",
    "鍵の指紋は 64 桁です。": "A key fingerprint has 64 digits.",
    "応答の鍵の指紋 {reviewer_fingerprint}… が、指定された指紋 {wanted} と一致しません。":
        "The response's key fingerprint {reviewer_fingerprint}… does not match the fingerprint"
        " given, {wanted}.",
    "何も取り込んでいません。担当者に指紋をもう一度確認してください。":
        "Nothing was imported. Check the fingerprint with the reviewer again.",
    "署名鍵のファイルは暗号化されています: {path}": "The signing key file is encrypted: {path}",
    "パスフレーズを環境変数 COMPANION_REVIEWER_PASSPHRASE で指定してください。":
        "Give its passphrase in the environment variable COMPANION_REVIEWER_PASSPHRASE.",
    "署名鍵のファイルを読めません(形式が違うか、パスフレーズが違います): {path}":
        "Cannot read the signing key file (wrong format or wrong passphrase): {path}",
    "署名鍵が Ed25519 ではありません: {path}": "The signing key is not Ed25519: {path}",
    "openssl genpkey -algorithm ed25519 で作った鍵を指定してください。":
        "Give a key made with openssl genpkey -algorithm ed25519.",
    "署名鍵のファイルではありません: {path}": "This is not a signing key file: {path}",
    "PEM 形式の Ed25519 秘密鍵か、レビュー画面の reviewer-key.json を指定してください。":
        "Give an Ed25519 private key in PEM form, or the review window's reviewer-key.json.",
    "レビュー用の鍵ファイルにはパスフレーズが必要です: {path}":
        "The reviewer key file needs its passphrase: {path}",
    "レビュー用の鍵ファイルが壊れています: {path}": "The reviewer key file is damaged: {path}",
    "所見 {index}: {key} は文字列で指定してください。": "Finding {index}: give {key} as a string.",
    "所見のファイルの {key} は文字列で指定してください。":
        "In the findings file, give {key} as a string.",
    "所見 {index} に知らない項目があります: {fields}(使える項目: {allowed})":
        "Finding {index} has fields that are not known: {fields} (known fields: {allowed})",
    "所見のファイルに知らない項目があります: {fields}(使える項目: {allowed})":
        "The findings file has fields that are not known: {fields} (known fields: {allowed})",
    "所見 {index}: 版ID {version_id} の版はこのバンドルにありません。":
        "Finding {index}: this bundle has no version with id {version_id}.",
    "所見 {index}: 版を version_id か、disclosure_number と version(整数)で指定してください。":
        "Finding {index}: name the version by version_id, or by disclosure_number and version"
        " (whole numbers).",
    "所見 {index}: 開示{number} 第{version}版はこのバンドルにありません。":
        "Finding {index}: this bundle has no disclosure {number} version {version}.",
    "所見 {index}: 開示{number} 第{version}版が複数あります(端末ごとの番号が重なっています)。"
    "version_id で指定してください。":
        "Finding {index}: there is more than one disclosure {number} version {version} (numbers"
        " from different devices overlap). Name it by version_id.",
    "所見のファイル {name} は JSON のオブジェクトではありません。":
        "The findings file {name} is not a JSON object.",
    "所見のファイルの format が {expected} ではありません: {given}":
        "The findings file's format is not {expected}: {given}",
    "所見のファイルの version {given} には対応していません(対応: 1)。":
        "Version {given} of the findings file is not supported (supported: 1).",
    "reviewer は name と organisation を持つオブジェクトで指定してください。":
        "Give reviewer as an object with name and organisation.",
    "reviewed_on は YYYY-MM-DD で指定してください: {given}": "Give reviewed_on as YYYY-MM-DD: {given}",
    "findings に所見を一つ以上、配列で指定してください。":
        "Give one or more findings as an array in findings.",
    "所見 {index} がオブジェクトではありません。": "Finding {index} is not an object.",
    "所見 {index}: 開示{number} 第{version}版への所見が、所見 {first} と重複しています。":
        "Finding {index}: disclosure {number} version {version} already has finding {first}.",
    "所見 {index}: finding は {choices} のいずれかで指定してください: {given}":
        "Finding {index}: give finding as one of {choices}: {given}",
    "所見 {index}(開示{number} 第{version}版): {message}":
        "Finding {index} (disclosure {number} version {version}): {message}",
    "注意事項への判断: {count} 件": "Dispositions of red flags: {count}",
    "注意事項への判断 {index}: {key} は文字列で指定してください。":
        "Disposition {index}: give {key} as a string.",
    "dispositions は注意事項への判断の配列で指定してください。":
        "Give dispositions as an array of dispositions of red flags.",
    "注意事項への判断 {index} がオブジェクトではありません。": "Disposition {index} is not an object.",
    "注意事項への判断 {index} に知らない項目があります: {fields}(使える項目: {allowed})":
        "Disposition {index} has fields that are not known: {fields} (known fields: {allowed})",
    "注意事項への判断 {index}: flag_id {flag_id} の注意事項はこのバンドルの red-flags.json にありません。":
        "Disposition {index}: the bundle's red-flags.json has no red flag with id {flag_id}.",
    "注意事項への判断 {index}: 同じ注意事項への判断が、判断 {first} と重複しています。":
        "Disposition {index}: the same red flag already has disposition {first}.",
    "注意事項への判断 {index}: disposition は {choices} のいずれかで指定してください: {given}":
        "Disposition {index}: give disposition as one of {choices}: {given}",
    "注意事項への判断 {index}: due_on は YYYY-MM-DD で指定してください: {given}":
        "Disposition {index}: give due_on as YYYY-MM-DD: {given}",
    "注意事項への判断 {index}: {message}": "Disposition {index}: {message}",
    "検証に失敗したバンドルには応答を作れません: {problem}":
        "A bundle that fails verification cannot be responded to: {problem}",
    "companion verify で問題を確認し、支援者に改めて書き出してもらってください。":
        "See the problems with companion verify, and ask the practitioner to export the bundle"
        " again.",
    "所見のファイルに reviewer.name(レビュー担当者の氏名)を指定してください。":
        "Give reviewer.name (the reviewer's name) in the findings file.",
    "応答の保存先が、入力のファイルと同じです: {path}":
        "The response would be written over one of its input files: {path}",
    "署名付きの応答を書き出しました(所見 {count} 件): {path}":
        "Signed response written ({count} findings): {path}",
    "レビュー担当者の鍵の指紋: {fingerprint}(支援者に電話などで伝えてください)":
        "Reviewer key fingerprint: {fingerprint} (tell it to the practitioner, by phone or"
        " another channel)",
    # -- sync: the folder, pairing, removal (services/sync, cli_sync.py) -----------------
    "同期フォルダのファイル {name} は改変されているため取り込みません":
        "The file {name} in the sync folder has been altered and is not taken in",
    "同期が設定されていません。": "Sync is not set up.",
    "companion sync --folder DIR --name 端末名 で設定してください。":
        "Set it up with companion sync --folder DIR --name DEVICE-NAME.",
    "端末名を入力してください。": "Enter a name for this computer.",
    "例: 事務所のデスクトップ、訪問用ノート": "For example: office desktop, visiting laptop",
    "端末名は{limit}文字までです。": "A computer's name has at most {limit} characters.",
    "データフォルダの中(またはその上)は同期フォルダにできません: {path}":
        "The sync folder cannot be inside the data folder (or above it): {path}",
    "OneDrive・Dropbox などで同期している別のフォルダを選んでください。":
        "Choose another folder, one that OneDrive, Dropbox or the like keeps in sync.",
    "同期は既に設定されています: {folder}": "Sync is already set up: {folder}",
    "companion sync で同期します。": "companion sync syncs.",
    "暗号化されていないデータベースでは同期を使えません。":
        "Sync cannot be used with an unencrypted database.",
    "この同期フォルダは既に使われています: {path}": "This sync folder is already in use: {path}",
    "ほかの端末でペアリングコードを表示して参加するか、回復用パスフレーズで参加してください。":
        "Join it with a pairing code shown on another computer, or with the recovery passphrase.",
    "同期フォルダには空のフォルダを選んでください: {path}":
        "Choose an empty folder as the sync folder: {path}",
    "中にほかのファイルがあります({name} など)。": "It holds other files ({name} and more).",
    "この端末のデータフォルダには既に記録があります。同期に参加できるのは新しい(空の)データフォルダです。":
        "This computer's data folder already holds records. Only a new (empty) data folder can join sync.",
    "記録を移すには、この端末で書き出し(export-all)てから、新しいデータフォルダで参加して取り込んでください。":
        "To bring the records along, export them here (export-all), join with a new data folder, and import them there.",
    "同期フォルダではありません(companion-sync.json がありません): {path}":
        "This is not a sync folder (it has no companion-sync.json): {path}",
    "最初の端末で同期を設定したフォルダを選んでください。":
        "Choose the folder sync was set up in on the first computer.",
    "最初のスナップショット(参加した端末の出発点)の到着を待っています":
        "Waiting for the first snapshot (where a joining computer starts) to arrive",
    "この端末は同期から外されています。": "This computer has been removed from sync.",
    "もう一度参加するには、ほかの端末でペアリングコードを表示してください。":
        "To join again, show a pairing code on another computer.",
    "この端末自身は外せません。": "This computer cannot remove itself.",
    "ほかの端末から外してください。": "Remove it from another computer.",
    "ペアリングコードが違います。": "The pairing code is wrong.",
    "もう一方の端末に表示されたコードを確かめてください(有効期限は 24 時間)。":
        "Check the code shown on the other computer (it is valid for 24 hours).",
    "このペアリングコードは既に使われています。": "This pairing code has already been used.",
    "もう一方の端末で新しいペアリングコードを表示してください。":
        "Show a new pairing code on the other computer.",
    "このペアリングコードは有効期限(24時間)が切れています。":
        "This pairing code has expired (it is valid for 24 hours).",
    "同期フォルダに回復用のファイル(recovery.json)がありません: {path}":
        "The sync folder has no recovery file (recovery.json): {path}",
    "同期フォルダが最後まで同期されているか確かめてください。":
        "Check that the sync folder has finished syncing.",
    "同期している端末にありません: {device}": "No computer syncing is {device}",
    "companion sync --status で端末IDを確かめてください。":
        "See the computers' ids with companion sync --status.",
    "この端末は既に外されています: {device}": "This computer has already been removed: {device}",
    "添付ファイル {name} の到着を待っています": "Waiting for attachment {name} to arrive",
    "{name}: {reason}": "{name}: {reason}",
    "{name}(3日以上、途中までしか届いていません。同期アプリの状態を確かめてください)":
        "{name} (only part of it has arrived, for 3 days or more: check the sync app)",
    "同期フォルダの場所にファイルがあります: {path}":
        "There is a file where the sync folder should be: {path}",
    "フォルダを選んでください。": "Choose a folder.",
    "同期フォルダが見つかりません: {path}": "The sync folder was not found: {path}",
    "フォルダが接続されているか(USB・NAS・クラウドの同期アプリ)確かめてください。":
        "Check that the folder is connected (USB drive, NAS, the cloud sync app).",
    "同期フォルダに書き込めません: {path}": "The sync folder cannot be written to: {path}",
    "フォルダの権限を確かめてください。": "Check the folder's permissions.",
    "ペアリングコードに使えない文字があります: {chars}":
        "The pairing code has characters it cannot have: {chars}",
    "もう一方の端末に表示された 16 文字(英数字)を入力してください。":
        "Enter the 16 letters and digits shown on the other computer.",
    "ペアリングコードは 16 文字です(入力は {count} 文字)。":
        "A pairing code has 16 characters ({count} were entered).",
    "ペアリングの申し出のファイルが壊れているか、改変されています。":
        "The pairing offer's file is damaged or has been altered.",
    "同期フォルダの回復用ファイルが壊れているか、改変されています: {name}":
        "The sync folder's recovery file is damaged or has been altered: {name}",
    "同期フォルダ: {folder}": "Sync folder: {folder}",
    "この端末: {name}({device})": "This computer: {name} ({device})",
    "記帳端末: {name}": "Register keeper: {name}",
    "この端末": "this computer",
    "まだ同期していません": "not synced yet",
    "最終同期: {when}": "Last sync: {when}",
    "未送信 {count}件": "Not sent yet: {count}",
    "競合 {count}件": "Conflicts: {count}",
    "外した端末": "removed",
    "前回の同期の問題: {error}": "Problem at the last sync: {error}",
    "同期していません(設定: companion sync --folder DIR --name NAME)":
        "Not syncing (set up: companion sync --folder DIR --name NAME)",
    "端末IDが見つからないか、一つに決まりません: {given}":
        "No computer, or more than one, has the id {given}",
    "companion sync --status で端末IDを確かめてください(先頭 6 文字以上)。":
        "See the ids with companion sync --status (give at least the first 6 characters).",
    "--json は --status と一緒に指定してください。": "Give --json together with --status.",
    "{option} を指定してください。": "Give {option}.",
    "例: companion sync --folder ~/OneDrive/Companion --name 事務所のデスクトップ":
        "For example: companion sync --folder ~/OneDrive/Companion --name office-desktop",
    "送信 {count}件": "Sent: {count}",
    "受信 {count}件": "Received: {count}",
    "復元 {count}件": "Restored: {count}",
    "封印 {count}件": "Sealed in the register: {count}",
    "待機中のファイル: {name}": "Waiting for: {name}",
    "取り込まなかったファイル: {reason}": "Not taken in: {reason}",
    "同期に参加しました: {folder}(この端末: {name})": "Joined sync: {folder} (this computer: {name})",
    "ペアリングコード: {code}": "Pairing code: {code}",
    "参加する端末で companion sync --folder DIR --join {code} --name NAME を実行してください(24 時間有効、一度だけ使えます)。":
        "On the computer that joins, run companion sync --folder DIR --join {code} --name NAME (valid for 24 hours, once).",
    "端末を同期から外しました: {device}。残りの端末は新しい同期鍵を使います。":
        "Removed from sync: {device}. The other computers use a new sync key.",
    "この端末が記帳端末になりました。": "This computer now keeps the register.",
    "同期を設定しました: {folder}(この端末: {name}、記帳端末)":
        "Sync set up: {folder} (this computer: {name}, the register keeper)",
}
