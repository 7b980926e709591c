<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name></name>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="75"/>
        <source>同期フォルダを選んでください。</source>
        <translation>Choose a sync folder.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="78"/>
        <source>{path} はファイルです。同期フォルダにはフォルダを選んでください(OneDrive・Dropbox などで同期しているフォルダの中に、空のフォルダを作って選ぶのがおすすめです)。</source>
        <translation>{path} is a file. Choose a folder as the sync folder (best: create an empty folder inside a folder that OneDrive, Dropbox or the like already syncs, and choose that).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="82"/>
        <source>フォルダが見つかりません: {path}</source>
        <translation>Folder not found: {path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="84"/>
        <source>このフォルダには書き込めません: {path}</source>
        <translation>Cannot write to this folder: {path}</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/about.py" line="18"/>
        <source>Companion について</source>
        <translation>About Companion</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/about.py" line="22"/>
        <source>伴走支援の記録・計画・利益相反の開示を、オフラインで安全に。&lt;br&gt;&lt;br&gt;データフォルダ: {folder}&lt;br&gt;Python {python}・Qt {qt}・PySide6 {pyside}</source>
        <translation>Records, plans and conflict-of-interest disclosures for hands-on business support, offline and safe.&lt;br&gt;&lt;br&gt;Data folder: {folder}&lt;br&gt;Python {python} · Qt {qt} · PySide6 {pyside}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/about.py" line="31"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ActionTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="316"/>
        <source>(この案件にない項目)</source>
        <extracomment>companion/ui/models/visit_actions.py:59</extracomment>
        <translation>(not an item of this engagement)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="318"/>
        <source>内容</source>
        <extracomment>companion/ui/models/visit_actions.py:93</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="320"/>
        <source>担当</source>
        <extracomment>companion/ui/models/visit_actions.py:93</extracomment>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="322"/>
        <source>期日</source>
        <extracomment>companion/ui/models/visit_actions.py:93</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="324"/>
        <source>計画の項目</source>
        <extracomment>companion/ui/models/visit_actions.py:93</extracomment>
        <translation>Plan item</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="326"/>
        <source>完了</source>
        <extracomment>companion/ui/models/visit_actions.py:93</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="328"/>
        <source>なし</source>
        <extracomment>companion/ui/models/visit_actions.py:115</extracomment>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="330"/>
        <source>(なし)</source>
        <extracomment>companion/ui/models/visit_actions.py:117</extracomment>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>AttachmentsWidget</name>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="123"/>
        <source>添付ファイルの追加</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="141"/>
        <source>写真・PDF・表計算などをここにドロップ。Enter で開く、Delete で外す</source>
        <translation>Drop photos, PDFs, spreadsheets and more here. Enter opens, Delete removes</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="147"/>
        <source>ファイルを追加…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="148"/>
        <source>写真・PDF・表計算などを添付します(ドラッグ&amp;ドロップでも追加できます)</source>
        <translation>Attach photos, PDFs, spreadsheets and more (you can also drag and drop them)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="150"/>
        <source>開く</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="151"/>
        <source>選んだファイルを既定のアプリで開きます(Enter)</source>
        <translation>Open the selected file in its default app (Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="153"/>
        <source>外す</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="154"/>
        <source>選んだファイルをこの記録から外します(Delete)</source>
        <translation>Remove the selected file from this record (Delete)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="156"/>
        <source>ここにファイルをドロップ</source>
        <translation>Drop files here</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="231"/>
        <source>添付するファイルを選ぶ</source>
        <translation>Choose files to attach</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="233"/>
        <source>写真・PDF・表計算 (*.jpg *.jpeg *.png *.gif *.heic *.webp *.pdf *.xlsx *.xls *.csv *.docx *.doc *.pptx);;すべてのファイル (*)</source>
        <translation>Photos, PDFs and spreadsheets (*.jpg *.jpeg *.png *.gif *.heic *.webp *.pdf *.xlsx *.xls *.csv *.docx *.doc *.pptx);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="248"/>
        <source>記録の準備ができていません。少し待ってからもう一度追加してください。</source>
        <translation>The record is not ready yet. Wait a moment and add it again.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="300"/>
        <source>既定のアプリで開けませんでした: {path}</source>
        <translation>Could not open it in the default app: {path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/attachments.py" line="315"/>
        <source>添付ファイルを外す</source>
        <translation>Remove attachment</translation>
    </message>
</context>
<context>
    <name>BackgroundSync</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="352"/>
        <source>まだ</source>
        <extracomment>companion/ui/sync_watcher.py:328</extracomment>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="354"/>
        <source>同期で予期しないエラーが起きました。詳しくはログファイルを見てください。</source>
        <extracomment>companion/ui/sync_watcher.py:310</extracomment>
        <translation>An unexpected error occurred while syncing. See the log file for details.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="356"/>
        <source>同期フォルダが見つかりません: {folder}(後でもう一度試します)</source>
        <extracomment>companion/ui/sync_watcher.py:274</extracomment>
        <translation>Sync folder not found: {folder} (will try again later)</translation>
    </message>
</context>
<context>
    <name>BackupScheduler</name>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="80"/>
        <source>バックアップ先のフォルダがありません: {folder}</source>
        <translation>The backup folder does not exist: {folder}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="82"/>
        <source>USB メモリなどが外れていないか確認するか、設定の「バックアップ先」を変えてください。</source>
        <translation>Check that the USB drive (or other storage) is still connected, or change “Backup folder” in Settings.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="96"/>
        <source>バックアップを作成できません: {folder}({reason})</source>
        <translation>Cannot create a backup in {folder} ({reason})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="98"/>
        <source>空き容量と書き込みの権限を確認してください。</source>
        <translation>Check the free space and your permission to write there.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="110"/>
        <source>バックアップの一覧を読めません: {folder}({reason})</source>
        <translation>Cannot read the list of backups in {folder} ({reason})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="116"/>
        <source>このバックアップは別の鍵で暗号化されています。</source>
        <translation>This backup is encrypted with a different key.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="117"/>
        <source>別のパソコンで書き出したバックアップは、コマンド「companion restore」で復旧用パスフレーズを入力して復元してください。</source>
        <translation>To restore a backup made on another computer, run “companion restore” and enter its recovery passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="136"/>
        <source>復元できませんでした: {name}({reason})</source>
        <translation>Could not restore {name} ({reason})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/backup_scheduler.py" line="138"/>
        <source>データは復元前の状態のままです。</source>
        <translation>Your data is unchanged.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../companion/ui/widgets/banner.py" line="29"/>
        <source>クリックで閉じる</source>
        <translation>Click to close</translation>
    </message>
</context>
<context>
    <name>BaselineDialog</name>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="255"/>
        <location filename="../../companion/ui/views/plan.py" line="272"/>
        <source>合意した計画として保存</source>
        <translation>Save as the agreed plan</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="257"/>
        <source>いまの計画を、事業者と合意した版として日付つきで記録します。後から、この版との違い(追加・削除・期日の変更)を確認できます。</source>
        <translation>Records the current plan, with a date, as the version agreed with the business. Later you can see how the plan differs from it (items added, removed, due dates changed).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="261"/>
        <source>合意日:</source>
        <translation>Agreed on:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="264"/>
        <source>{year} 合意版</source>
        <translation>{year} agreed version</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="266"/>
        <source>名称:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="274"/>
        <source>合意日</source>
        <translation>Agreed on</translation>
    </message>
</context>
<context>
    <name>BehindKpiModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="134"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/kpi_table.py:314</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="136"/>
        <source>指標</source>
        <extracomment>companion/ui/models/kpi_table.py:315</extracomment>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="138"/>
        <source>年度</source>
        <extracomment>companion/ui/models/kpi_table.py:316</extracomment>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="140"/>
        <source>目標</source>
        <extracomment>companion/ui/models/kpi_table.py:317</extracomment>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="142"/>
        <source>実績</source>
        <extracomment>companion/ui/models/kpi_table.py:319</extracomment>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="144"/>
        <source>達成率</source>
        <extracomment>companion/ui/models/kpi_table.py:321</extracomment>
        <translation>Achievement</translation>
    </message>
</context>
<context>
    <name>BehindKpisSection</name>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="122"/>
        <source>目標に届いていない指標</source>
        <translation>KPIs below target</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="123"/>
        <source>目標を下回っている指標はありません。</source>
        <translation>No KPI is below its target.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="135"/>
        <source>目標に届いていない指標({n}件)</source>
        <translation>KPIs below target ({n})</translation>
    </message>
</context>
<context>
    <name>BundleFlagModel</name>
    <message>
        <location filename="../../companion/ui/models/review_tables.py" line="192"/>
        <source>(記録できません)</source>
        <translation>(cannot be recorded)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/models/review_tables.py" line="193"/>
        <source>未判断</source>
        <translation>Not judged</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="272"/>
        <source>規則</source>
        <extracomment>companion/ui/models/review_tables.py:156</extracomment>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="274"/>
        <source>開示</source>
        <extracomment>companion/ui/models/review_tables.py:157</extracomment>
        <translation>Disclosure</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="276"/>
        <source>理由</source>
        <extracomment>companion/ui/models/review_tables.py:158</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="278"/>
        <source>判断</source>
        <extracomment>companion/ui/models/review_tables.py:159</extracomment>
        <translation>Judgement</translation>
    </message>
</context>
<context>
    <name>BundleRegisterModel</name>
    <message>
        <location filename="../../companion/ui/models/review_tables.py" line="135"/>
        <source>未記入</source>
        <translation>Not filled in</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="250"/>
        <source>番号</source>
        <extracomment>companion/ui/models/review_tables.py:102</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="252"/>
        <source>版</source>
        <extracomment>companion/ui/models/review_tables.py:103</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="254"/>
        <source>種類</source>
        <extracomment>companion/ui/models/review_tables.py:104</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="256"/>
        <source>相手先</source>
        <extracomment>companion/ui/models/review_tables.py:105</extracomment>
        <translation>Counterparty</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="258"/>
        <source>金額・持分</source>
        <extracomment>companion/ui/models/review_tables.py:106</extracomment>
        <translation>Amount / share</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="260"/>
        <source>役職</source>
        <extracomment>companion/ui/models/review_tables.py:107</extracomment>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="262"/>
        <source>開始</source>
        <extracomment>companion/ui/models/review_tables.py:108</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="264"/>
        <source>終了</source>
        <extracomment>companion/ui/models/review_tables.py:109</extracomment>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="266"/>
        <source>管理方法</source>
        <extracomment>companion/ui/models/review_tables.py:110</extracomment>
        <translation>Safeguards</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="268"/>
        <source>状態</source>
        <extracomment>companion/ui/models/review_tables.py:111</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="270"/>
        <source>所見</source>
        <extracomment>companion/ui/models/review_tables.py:112</extracomment>
        <translation>Finding</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="79"/>
        <source>このデータフォルダは暗号化されていないため、パスフレーズはありません。</source>
        <translation>This data folder is not encrypted, so it has no passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="86"/>
        <source>現在のパスフレーズが違います。</source>
        <translation>The current passphrase is incorrect.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="87"/>
        <source>パスフレーズは変更されていません。</source>
        <translation>The passphrase has not been changed.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="90"/>
        <source>鍵ファイルがこのデータベースの鍵と一致しません。</source>
        <translation>The key file does not match this database’s key.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="91"/>
        <source>データフォルダの {file} を確認してください。パスフレーズは変更されていません。</source>
        <translation>Check {file} in the data folder. The passphrase has not been changed.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="97"/>
        <source>新しい鍵ファイルを確認できませんでした。</source>
        <translation>The new key file could not be verified.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="98"/>
        <source>もう一度お試しください。</source>
        <translation>Please try again.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="110"/>
        <source>復旧用パスフレーズの変更</source>
        <translation>Change the recovery passphrase</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="113"/>
        <source>復旧用パスフレーズは、新しいパソコンに移すときや OS のキーリングが使えないときにデータを開くために使います。新しいパスフレーズは{n}文字以上にしてください(日本語も使えます)。
以前に書き出したバックアップ(.zip)は、書き出したときのパスフレーズで開きます。</source>
        <translation>The recovery passphrase opens your data when you move to a new computer or when the system keyring cannot be used. The new passphrase must be at least {n} characters long (Japanese is fine).
Backups (.zip) written earlier still open with the passphrase in use when they were written.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="123"/>
        <source>現在のパスフレーズ:</source>
        <translation>Current passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="124"/>
        <source>新しいパスフレーズ:</source>
        <translation>New passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="125"/>
        <source>もう一度:</source>
        <translation>Again:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="128"/>
        <source>変更する</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="130"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="153"/>
        <source>現在のパスフレーズを入力してください。</source>
        <translation>Enter the current passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="155"/>
        <source>新しいパスフレーズは{n}文字以上にしてください。</source>
        <translation>The new passphrase must be at least {n} characters long.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="158"/>
        <source>新しいパスフレーズが二つで一致しません。</source>
        <translation>The two new passphrases do not match.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="160"/>
        <source>新しいパスフレーズが現在のものと同じです。</source>
        <translation>The new passphrase is the same as the current one.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/change_passphrase.py" line="175"/>
        <source>パスフレーズを変更しています…</source>
        <translation>Changing the passphrase…</translation>
    </message>
</context>
<context>
    <name>ChangeTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="60"/>
        <source>項目</source>
        <extracomment>companion/ui/models/disclosure_table.py:172</extracomment>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="62"/>
        <source>変更前</source>
        <extracomment>companion/ui/models/disclosure_table.py:173</extracomment>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="64"/>
        <source>変更後</source>
        <extracomment>companion/ui/models/disclosure_table.py:174</extracomment>
        <translation>After</translation>
    </message>
</context>
<context>
    <name>ClientDialog</name>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="92"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="162"/>
        <source>事業者を編集</source>
        <translation>Edit business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="92"/>
        <source>新しい事業者</source>
        <translation>New business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="97"/>
        <source>事業者名(必須):</source>
        <translation>Business name (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="98"/>
        <source>例: 有限会社やまなか酒造</source>
        <translation>e.g. Yamanaka Brewery Ltd.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="99"/>
        <source>かな:</source>
        <translation>Kana reading:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="100"/>
        <source>業種:</source>
        <translation>Industry:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="101"/>
        <source>例: 酒類製造業</source>
        <translation>e.g. Sake brewing</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="104"/>
        <source>都道府県</source>
        <translation>Prefecture</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="106"/>
        <source>市区町村</source>
        <translation>City / town</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="112"/>
        <source>所在地:</source>
        <translation>Location:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="113"/>
        <source>代表者:</source>
        <translation>Representative:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="114"/>
        <source>従業員数:</source>
        <translation>Employees:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="115"/>
        <source>創業日:</source>
        <translation>Founded on:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="116"/>
        <source>連絡先:</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="120"/>
        <source>メモ:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="121"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="148"/>
        <source>アーカイブする</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="147"/>
        <source>アーカイブを解除</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="159"/>
        <source>従業員数</source>
        <translation>Employees</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="160"/>
        <source>創業日</source>
        <translation>Founded on</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="162"/>
        <source>事業者を登録</source>
        <translation>Add business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="172"/>
        <source>事業者のアーカイブを解除</source>
        <translation>Unarchive business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="172"/>
        <source>事業者をアーカイブ</source>
        <translation>Archive business</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="121"/>
        <location filename="../../companion/ui/views/sync_settings.py" line="129"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ContactCardDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="307"/>
        <source>連絡先カードを書き出す</source>
        <translation>Export contact card</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="308"/>
        <source>書き出す</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="312"/>
        <source>氏名:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="312"/>
        <source>(空です: 設定 → 氏名 に入力してください)</source>
        <translation>(empty: enter it in Settings → Name)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="313"/>
        <source>所属:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="313"/>
        <source>(なし)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="315"/>
        <source>案件を引き継いでもらうとき、相手の支援者にこのカードを渡します(メールやUSBメモリで)。カードには氏名・所属と公開鍵だけが入り、秘密の情報は入りません。相手はこのカード宛てに暗号化した引き継ぎパッケージを作り、あなたの Companion だけが開けます。</source>
        <translation>When another supporter is to hand an engagement over to you, give them this card (by e-mail or on a USB stick). It holds only your name, organisation and public key, nothing secret. They make a referral package encrypted for this card, which only your Companion can open.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="324"/>
        <source>連絡先カード (*{suffix})</source>
        <translation>Contact card (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="327"/>
        <source>連絡先カード_{name}</source>
        <translation>Contact card_{name}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="327"/>
        <source>支援者</source>
        <translation>Supporter</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="333"/>
        <source>連絡先カードの書き出し</source>
        <translation>Export contact card</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="339"/>
        <source>連絡先カードを書き出しました。鍵の指紋: {fingerprint}
相手が受け取ったら、電話などでこの指紋を読み上げて確かめてもらってください。</source>
        <translation>Contact card exported. Key fingerprint: {fingerprint}
Once the other supporter has it, read this fingerprint out to them (by phone or the like) so they can check it.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="344"/>
        <source>連絡先カードを書き出しています…</source>
        <translation>Exporting the contact card…</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="26"/>
        <source>Companion — 予期しないエラー</source>
        <translation>Companion — Unexpected error</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="29"/>
        <source>詳しい記録はログファイルに保存しました:
{path}</source>
        <translation>The details were saved to the log file:
{path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="30"/>
        <source>ログファイルには書き込めませんでした。</source>
        <translation>The log file could not be written.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="32"/>
        <source>予期しないエラーが発生しました。プログラムの不具合です。
保存済みのデータはそのまま残っています。作業を続けられない場合は Companion を再起動してください。

{where}

開発者に報告するときは、下の内容(またはログファイル)を添えてください。</source>
        <translation>An unexpected error occurred. This is a bug in the program.
Your saved data is safe. If you cannot carry on working, restart Companion.

{where}

When you report it to the developers, please include the text below (or the log file).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="43"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="45"/>
        <source>内容をコピー</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/crash.py" line="49"/>
        <source>ログフォルダを開く</source>
        <translation>Open log folder</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="78"/>
        <source>例: 2025/06/30</source>
        <translation>e.g. 2025/06/30</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="79"/>
        <source>例: 2025/06/30(空欄可)</source>
        <translation>e.g. 2025/06/30 (may be left blank)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="108"/>
        <source>日付として読めません</source>
        <translation>Not a valid date</translation>
    </message>
</context>
<context>
    <name>DbWorker</name>
    <message>
        <location filename="../../companion/ui/tasks.py" line="342"/>
        <location filename="../../companion/ui/tasks.py" line="375"/>
        <location filename="../../companion/ui/tasks.py" line="391"/>
        <source>データベースがまだ開かれていません。</source>
        <translation>The database is not open yet.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/tasks.py" line="399"/>
        <source>データベースを開き直せませんでした: {reason}</source>
        <translation>Could not reopen the database: {reason}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/tasks.py" line="401"/>
        <source>Companion を再起動してください。</source>
        <translation>Please restart Companion.</translation>
    </message>
</context>
<context>
    <name>DisclosureFormDialog</name>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="78"/>
        <source>金額は円単位の数字で入力してください(例: 500000)。</source>
        <translation>Enter the amount as a number of yen (e.g. 500000).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="91"/>
        <source>持分は%の数字で入力してください(例: 1.5)。</source>
        <translation>Enter the share as a percentage (e.g. 1.5).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="125"/>
        <source>開示{n}を変更</source>
        <translation>Change disclosure {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="126"/>
        <source>利益相反の開示(新規)</source>
        <translation>New conflict-of-interest disclosure</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="133"/>
        <source>支援先の事業者</source>
        <translation>A business you support</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="134"/>
        <source>その他の事業者・個人</source>
        <translation>Another business or person</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="142"/>
        <source>例: 合同会社しらかみ観光</source>
        <translation>e.g. Shirakami Tourism LLC</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="157"/>
        <source>{title}({client}・{status})</source>
        <translation>{title} ({client}, {status})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="169"/>
        <source>円(例: 500000)</source>
        <translation>yen (e.g. 500000)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="171"/>
        <source>%(例: 1.5)</source>
        <translation>% (e.g. 1.5)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="174"/>
        <source>持分:</source>
        <translation>Share:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="177"/>
        <source>例: 社外取締役、顧問</source>
        <translation>e.g. outside director, adviser</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="180"/>
        <source>終了日:</source>
        <translation>End date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="191"/>
        <source>申告日:</source>
        <translation>Declared on:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="197"/>
        <source>例: 道の駅を運営する第三セクターへの少額出資。議決権はあるが経営には関与しない。</source>
        <translation>e.g. A small investment in the public-private company that runs the roadside station. Voting rights, but no part in its management.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="200"/>
        <source>例: 出資先への支援の判断は委託元の担当者と共有し、年1回、第三者のレビューを受ける。</source>
        <translation>e.g. Decisions about support for the investee are shared with the sponsor&apos;s officer, and a third party reviews them once a year.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="212"/>
        <source>例: 追加出資により金額と持分を変更</source>
        <translation>e.g. Amount and share changed after a further investment</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="216"/>
        <source>種類:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="217"/>
        <source>相手先:</source>
        <translation>Counterparty:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="218"/>
        <source>関連する案件:</source>
        <translation>Related engagement:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="219"/>
        <source>金額:</source>
        <translation>Amount:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="220"/>
        <source>役職:</source>
        <translation>Position:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="221"/>
        <source>開始日:</source>
        <translation>Start date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="222"/>
        <source>内容:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="223"/>
        <source>管理方法:</source>
        <translation>Safeguards:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="224"/>
        <source>状態:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="226"/>
        <source>変更の理由:</source>
        <translation>Reason for the change:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="233"/>
        <source>新しい版として保存</source>
        <translation>Save as a new version</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="233"/>
        <source>開示を登録</source>
        <translation>Record disclosure</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="235"/>
        <source>保存(Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="236"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="244"/>
        <source>変更は新しい版として記録され、以前の版はそのまま残ります。何も変えずに保存することはできません。</source>
        <translation>A change is recorded as a new version; earlier versions stay as they are. You cannot save without changing anything.</translation>
    </message>
</context>
<context>
    <name>DisclosureKind</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="622"/>
        <source>出資</source>
        <extracomment>companion/domain/enums.py:85</extracomment>
        <translation>Investment</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="624"/>
        <source>役員就任</source>
        <extracomment>companion/domain/enums.py:86</extracomment>
        <translation>Board seat</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="626"/>
        <source>顧問契約</source>
        <extracomment>companion/domain/enums.py:87</extracomment>
        <translation>Advisory contract</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="628"/>
        <source>業務受託</source>
        <extracomment>companion/domain/enums.py:88</extracomment>
        <translation>Service contract</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="630"/>
        <source>共同事業</source>
        <extracomment>companion/domain/enums.py:89</extracomment>
        <translation>Joint venture</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="632"/>
        <source>収益分配</source>
        <extracomment>companion/domain/enums.py:90</extracomment>
        <translation>Revenue share</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="634"/>
        <source>親族関係</source>
        <extracomment>companion/domain/enums.py:91</extracomment>
        <translation>Family tie</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="636"/>
        <source>その他</source>
        <extracomment>companion/domain/enums.py:92</extracomment>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>DisclosureStatus</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="638"/>
        <source>下書き</source>
        <extracomment>companion/domain/enums.py:96</extracomment>
        <translation>Draft</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="640"/>
        <source>開示済</source>
        <extracomment>companion/domain/enums.py:97</extracomment>
        <translation>Disclosed</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="642"/>
        <source>レビュー済</source>
        <extracomment>companion/domain/enums.py:98</extracomment>
        <translation>Reviewed</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="644"/>
        <source>終了</source>
        <extracomment>companion/domain/enums.py:99</extracomment>
        <translation>Ended</translation>
    </message>
</context>
<context>
    <name>DisclosureTableModel</name>
    <message>
        <location filename="../../companion/ui/models/disclosure_table.py" line="90"/>
        <source>注意事項が{n}件あります</source>
        <translation>{n} red flag(s)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/models/disclosure_table.py" line="91"/>
        <source>{n}件</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/models/disclosure_table.py" line="99"/>
        <source>第三者レビューの所見: {finding}</source>
        <translation>Third-party review finding: {finding}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="16"/>
        <source>番号</source>
        <extracomment>companion/ui/models/disclosure_table.py:44</extracomment>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="18"/>
        <source>版</source>
        <extracomment>companion/ui/models/disclosure_table.py:45</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="20"/>
        <source>種別</source>
        <extracomment>companion/ui/models/disclosure_table.py:47</extracomment>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="22"/>
        <source>相手先</source>
        <extracomment>companion/ui/models/disclosure_table.py:48</extracomment>
        <translation>Counterparty</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="24"/>
        <source>金額</source>
        <extracomment>companion/ui/models/disclosure_table.py:49</extracomment>
        <translation>Amount</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="26"/>
        <source>持分</source>
        <extracomment>companion/ui/models/disclosure_table.py:51</extracomment>
        <translation>Share</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="28"/>
        <source>役職</source>
        <extracomment>companion/ui/models/disclosure_table.py:54</extracomment>
        <translation>Position</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="30"/>
        <source>開始</source>
        <extracomment>companion/ui/models/disclosure_table.py:55</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="32"/>
        <source>終了</source>
        <extracomment>companion/ui/models/disclosure_table.py:57</extracomment>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="34"/>
        <source>開示日</source>
        <extracomment>companion/ui/models/disclosure_table.py:59</extracomment>
        <translation>Declared on</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="36"/>
        <source>管理方法</source>
        <extracomment>companion/ui/models/disclosure_table.py:61</extracomment>
        <translation>Safeguards</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="38"/>
        <source>状態</source>
        <extracomment>companion/ui/models/disclosure_table.py:62</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="40"/>
        <source>注意</source>
        <extracomment>companion/ui/models/disclosure_table.py:63</extracomment>
        <translation>Flags</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="66"/>
        <source>(未記載)</source>
        <extracomment>companion/ui/models/disclosure_table.py:61</extracomment>
        <translation>(not given)</translation>
    </message>
</context>
<context>
    <name>DisclosuresPage</name>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="142"/>
        <source>新規開示…</source>
        <translation>New disclosure…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="144"/>
        <source>変更…</source>
        <translation>Change…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="146"/>
        <source>関与の終了…</source>
        <translation>End involvement…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="148"/>
        <source>今年度は変更なし…</source>
        <translation>No change this year…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="152"/>
        <source>年次確認: 継続中の開示がすべて前回のままであることを確認し、確認の版を記録します(Ctrl+Shift+R)</source>
        <translation>Annual confirmation: confirm that every continuing disclosure is unchanged and record a confirmation version (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="170"/>
        <source>絞り込み(相手先・種別・役職・管理方法・状態)</source>
        <translation>Filter (counterparty, kind, position, safeguards, status)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="186"/>
        <source>開示を選ぶと、その版の履歴が表示されます。</source>
        <translation>Select a disclosure to see the history of its versions.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="187"/>
        <source>変更点(変更前 → 変更後)</source>
        <translation>Changes (before → after)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="196"/>
        <source>開示はまだありません。
支援先への出資・役員就任・顧問契約など、利益相反になりうる関係は始まる前に開示しておくと、第三者レビューで説明がしやすくなります。
「新規開示」(Ctrl+Shift+N)から登録できます。</source>
        <translation>No disclosures yet.
Disclose a relationship that could become a conflict of interest (an investment in a business you support, a board seat, an advisory contract) before it begins: it is then easy to explain in a third-party review.
Use &quot;New disclosure&quot; (Ctrl+Shift+N) to record one.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="209"/>
        <source>利益相反の開示</source>
        <translation>Conflict-of-interest disclosures</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="211"/>
        <source>各開示の最新版を番号順に表示します。変更・終了・年次確認はどれも新しい版として追加され、以前の版も改ざん検知のハッシュ連鎖とともに残ります。</source>
        <translation>The latest version of each disclosure, by number. Changes, endings and annual confirmations are each added as a new version; earlier versions stay, linked by a tamper-evident hash chain.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="300"/>
        <source>開示{n}の履歴(全{count}版)</source>
        <translation>History of disclosure {n} ({count} versions)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="375"/>
        <source>開示を登録しました({counterpart})。</source>
        <translation>Disclosure recorded ({counterpart}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="378"/>
        <source>開示の登録</source>
        <translation>Record disclosure</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="384"/>
        <source>開示{n}の新しい版を記録しました(理由: {reason})。</source>
        <translation>A new version of disclosure {n} was recorded (reason: {reason}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="387"/>
        <source>開示{n}の変更</source>
        <translation>Change disclosure {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="413"/>
        <source>開示{n}の関与の終了を記録しました({day})。</source>
        <translation>The end of involvement in disclosure {n} was recorded ({day}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="416"/>
        <source>開示{n}の終了</source>
        <translation>End disclosure {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="437"/>
        <source>今年度に確認が必要な開示はありません。</source>
        <translation>No disclosure needs confirming this fiscal year.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="438"/>
        <source>終了した開示と、今年度すでに確認した開示は対象になりません。</source>
        <translation>Ended disclosures and those already confirmed this fiscal year are not included.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="457"/>
        <source>年次確認として開示{numbers}の{n}件に「変更なし」の版を記録しました。</source>
        <translation>Annual confirmation: recorded a &quot;no change&quot; version of {n} disclosure(s) ({numbers}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosures.py" line="460"/>
        <source>年次確認</source>
        <translation>Annual confirmation</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="358"/>
        <source>(最初の版)</source>
        <extracomment>companion/ui/views/disclosures.py:79</extracomment>
        <translation>(first version)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="360"/>
        <source>内容の変更なし</source>
        <extracomment>companion/ui/views/disclosures.py:82</extracomment>
        <translation>Content unchanged</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="362"/>
        <source>※レビュー後に内容が書き換えられています</source>
        <extracomment>companion/ui/views/disclosures.py:85</extracomment>
        <translation>* Changed after it was reviewed</translation>
    </message>
</context>
<context>
    <name>DraftOfferDialog</name>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="326"/>
        <source>訪問記録の下書き</source>
        <translation>Visit drafts</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="330"/>
        <source>保存されていない訪問記録の下書きが{n}件あります。前回は保存する前に終了しました。最後の自動保存までの内容が残っています。</source>
        <translation>There are {n} unsaved visit draft(s). Last time Companion closed before they were saved; everything up to the last autosave is kept.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="333"/>
        <source>保存されていない訪問記録の下書きが{n}件あります。</source>
        <translation>There are {n} unsaved visit draft(s).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="341"/>
        <source>{client} — {purpose}({day}の訪問の修正、最終自動保存 {saved})
{excerpt}</source>
        <translation>{client} — {purpose} (amendment of the visit on {day}, last autosaved {saved})
{excerpt}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="343"/>
        <source>{client} — {purpose}({day}、最終自動保存 {saved})
{excerpt}</source>
        <translation>{client} — {purpose} ({day}, last autosaved {saved})
{excerpt}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="345"/>
        <source>目的なし</source>
        <translation>No purpose</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="347"/>
        <source>(記録はまだ書かれていません)</source>
        <translation>(no notes written yet)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="353"/>
        <source>開いて続きを書く</source>
        <translation>Open and continue</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="356"/>
        <source>あとで</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="357"/>
        <source>下書きは残ります(訪問記録のページや 記録 メニューから開けます)</source>
        <translation>The drafts are kept (open them from the Visits page or the Record menu)</translation>
    </message>
</context>
<context>
    <name>DueActionModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="174"/>
        <source>期日</source>
        <extracomment>companion/ui/models/plan_tree.py:373</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="176"/>
        <source>状況</source>
        <extracomment>companion/ui/models/plan_tree.py:374</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="178"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/plan_tree.py:375</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="180"/>
        <source>アクション</source>
        <extracomment>companion/ui/models/plan_tree.py:376</extracomment>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="182"/>
        <source>担当</source>
        <extracomment>companion/ui/models/plan_tree.py:377</extracomment>
        <translation>Owner</translation>
    </message>
</context>
<context>
    <name>DueActionsSection</name>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="95"/>
        <source>期限が近い・過ぎた計画のアクション</source>
        <translation>Plan actions due soon or overdue</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="96"/>
        <source>期限切れ・7日以内の計画のアクションはありません。</source>
        <translation>No plan actions are overdue or due within 7 days.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="111"/>
        <source>期限が近い・過ぎた計画のアクション(超過 {overdue}件・7日以内 {soon}件)</source>
        <translation>Plan actions due soon or overdue ({overdue} overdue, {soon} within 7 days)</translation>
    </message>
</context>
<context>
    <name>DueDelegate</name>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="196"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
</context>
<context>
    <name>DuplicateConfirming</name>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="83"/>
        <source>同名で登録</source>
        <translation>Add with the same name</translation>
    </message>
</context>
<context>
    <name>EndInterestDialog</name>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="386"/>
        <source>開示{n}の関与の終了</source>
        <translation>End of involvement: disclosure {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="389"/>
        <source>開示{n}({kind}・{counterpart})の関与が終わったことを、終了日と理由を付けた新しい版として記録します。これまでの版とレビューの記録は残ります。</source>
        <translation>Records that your involvement in disclosure {n} ({kind}, {counterpart}) has ended, as a new version with the end date and the reason. Earlier versions and the review records are kept.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="394"/>
        <source>例: 保有株式をすべて譲渡したため</source>
        <translation>e.g. All shares held were sold</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="396"/>
        <source>終了日:</source>
        <translation>End date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="397"/>
        <source>理由:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="400"/>
        <source>終了を記録</source>
        <translation>Record the end</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="402"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>EngagementDetailPage</name>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="78"/>
        <source>この案件の注意事項(利益相反)</source>
        <translation>Red flags for this engagement (conflicts of interest)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="85"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="86"/>
        <source>前の画面に戻る(Alt+←)</source>
        <translation>Back to the previous screen (Alt+←)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="106"/>
        <source>事業者:</source>
        <translation>Business:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="107"/>
        <source>委託元:</source>
        <translation>Sponsor:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="108"/>
        <source>方式:</source>
        <translation>Scheme:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="109"/>
        <source>期間:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="110"/>
        <source>訪問:</source>
        <translation>Visits:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="111"/>
        <source>報酬条件:</source>
        <translation>Fee terms:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="114"/>
        <location filename="../../companion/ui/views/engagement_detail.py" line="411"/>
        <source>引き継ぎ:</source>
        <translation>Referral:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="126"/>
        <source>本質的課題</source>
        <translation>Essential issue</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="140"/>
        <source>この案件の訪問記録はまだありません。</source>
        <translation>No visits recorded for this engagement yet.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="148"/>
        <source>訪問を記録(Ctrl+N)</source>
        <translation>Record a visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="149"/>
        <source>この案件の訪問・相談を記録します</source>
        <translation>Record a visit or consultation for this engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="152"/>
        <source>報告書を作成…</source>
        <translation>Create report…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="153"/>
        <source>この案件の実施報告書(Word)を年度または全期間で作成します</source>
        <translation>Create the engagement report (Word) for this engagement, for one fiscal year or the whole period</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="155"/>
        <source>数値の書き出し…</source>
        <translation>Export figures…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="156"/>
        <source>委託元に出す集計を Excel または CSV で書き出します</source>
        <translation>Export the figures for the sponsor as Excel or CSV</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="158"/>
        <source>報告書の所見…</source>
        <translation>Report findings…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="160"/>
        <source>実施報告書に載せる「成果と今後の課題」「次年度の方針」「自走化の状況」を今年度の分として書きます</source>
        <translation>Write this fiscal year&apos;s &quot;Results and issues ahead&quot;, &quot;Plans for next fiscal year&quot; and &quot;Progress toward self-reliance&quot; for the engagement report</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="163"/>
        <source>引き継ぎパッケージを作成…</source>
        <translation>Create referral package…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="165"/>
        <source>この案件を別のセンター・支援者に引き継ぐファイルを作ります(事業者の同意が必要です)</source>
        <translation>Create a file that hands this engagement over to another centre or supporter (the business&apos;s consent is needed)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="181"/>
        <source>最近の訪問(新しい順、最大{n}件)</source>
        <translation>Recent visits (newest first, up to {n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="191"/>
        <source>案件の概要</source>
        <translation>Engagement overview</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="220"/>
        <source>訪問のタイムライン</source>
        <translation>Visit timeline</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="221"/>
        <source>最近の訪問(表)</source>
        <translation>Recent visits (table)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="229"/>
        <source>行動計画</source>
        <translation>Action plan</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="230"/>
        <source>指標</source>
        <translation>KPI</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="275"/>
        <source>代表 {name}</source>
        <translation>Representative: {name}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="277"/>
        <source>(なし)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="280"/>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="281"/>
        <source>{start}({start_wareki}) 〜 {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="283"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="284"/>
        <source>{count}件(最終 {last})・計画項目 {plan}件</source>
        <translation>{count} (last {last}) · {plan} plan items</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="286"/>
        <source>(記載なし)</source>
        <translation>(none given)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="290"/>
        <source>まだ記入されていません。事業者と合意した本質的課題を記録しましょう。</source>
        <translation>Not filled in yet. Record the essential issue agreed with the business.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="400"/>
        <source>引き継ぎ元:</source>
        <translation>Referred by:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="401"/>
        <source>{who}({when} 作成、{imported} 取り込み)</source>
        <translation>{who} (created {when}, imported {imported})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="404"/>
        <source>引き継ぎ先:</source>
        <translation>Referred to:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="405"/>
        <source>{who}({when} パッケージ作成、同意 {consent} {how})</source>
        <translation>{who} (package created {when}; consent {consent} {how})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_detail.py" line="406"/>
        <source>パスフレーズで暗号化</source>
        <translation>Encrypted with a passphrase</translation>
    </message>
</context>
<context>
    <name>EngagementDialog</name>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="246"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="400"/>
        <source>案件を編集</source>
        <translation>Edit engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="246"/>
        <source>新しい案件</source>
        <translation>New engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="260"/>
        <source>新しい事業者…</source>
        <translation>New business…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="262"/>
        <source>事業者(必須):</source>
        <translation>Business (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="266"/>
        <source>新しい委託元…</source>
        <translation>New sponsor…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="268"/>
        <source>委託元:</source>
        <translation>Sponsor:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="270"/>
        <source>案件名(必須):</source>
        <translation>Engagement title (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="271"/>
        <source>例: 首都圏への販路開拓と蔵元ブランドの再構築</source>
        <translation>e.g. New sales channels in the Tokyo area and a rebuilt brewery brand</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="272"/>
        <source>方式:</source>
        <translation>Scheme:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="274"/>
        <source>状態:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="276"/>
        <source>開始日(必須):</source>
        <translation>Start date (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="279"/>
        <source>終了予定日:</source>
        <translation>Planned end date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="280"/>
        <source>複数年度にわたる場合は最終年度の3月31日など。空欄は未定。</source>
        <translation>For several fiscal years, e.g. March 31 of the last one. Leave blank if not decided.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="283"/>
        <source>事業者と合意した本質的課題(例: 地元の酒販店への依存が大きく…)</source>
        <translation>The essential issue agreed with the business (e.g. it depends heavily on local liquor shops…)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="285"/>
        <source>本質的課題:</source>
        <translation>Essential issue:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="286"/>
        <source>報酬条件:</source>
        <translation>Fee terms:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="287"/>
        <source>報酬額(円):</source>
        <translation>Fee (yen):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="289"/>
        <source>報酬を支援先の事業者から受け取る</source>
        <translation>The fee is paid by the supported business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="321"/>
        <source>(選んでください)</source>
        <translation>(choose one)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="328"/>
        <source>(なし)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="392"/>
        <source>開始日</source>
        <translation>Start date</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="394"/>
        <source>終了予定日</source>
        <translation>Planned end date</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="398"/>
        <source>報酬額</source>
        <translation>Fee</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="400"/>
        <source>案件を作成</source>
        <translation>Create engagement</translation>
    </message>
</context>
<context>
    <name>EngagementEditing</name>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="433"/>
        <source>案件を編集…</source>
        <translation>Edit engagement…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="435"/>
        <source>事業者を編集…</source>
        <translation>Edit business…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="436"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="457"/>
        <source>アーカイブ</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="442"/>
        <source>編集(Ctrl+E)</source>
        <translation>Edit (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="443"/>
        <source>案件・事業者の編集とアーカイブ</source>
        <translation>Edit or archive the engagement and the business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="445"/>
        <source>アーカイブ済み(一覧とホームには表示されません)</source>
        <translation>Archived (not shown in the lists or on Home)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="456"/>
        <source>アーカイブを解除</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="488"/>
        <source>案件のアーカイブを解除</source>
        <translation>Unarchive engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="488"/>
        <source>案件をアーカイブ</source>
        <translation>Archive engagement</translation>
    </message>
</context>
<context>
    <name>EngagementEditor</name>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="52"/>
        <source>{label}は 2025/06/30 の形で入力してください(令和7年6月30日 でも入力できます)。</source>
        <translation>Enter {label} as 2025/06/30 (Japanese era dates such as R7.6.30 also work).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="63"/>
        <source>{label}「{text}」は存在しない日付です。</source>
        <translation>{label} “{text}” is not a valid date.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="58"/>
        <source>{era}は{first}からです。</source>
        <translation>The {era} era began on {first}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="61"/>
        <source>{era}は{first}から{last}までです。</source>
        <translation>The {era} era ran from {first} to {last}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="100"/>
        <source>{label}を入力してください。</source>
        <translation>Enter {label}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="58"/>
        <source>{label}は整数で入力してください(例: 12)。「{text}」は読めません。</source>
        <translation>Enter {label} as a whole number (e.g. 12). “{text}” cannot be read.</translation>
    </message>
</context>
<context>
    <name>EngagementStatus</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="566"/>
        <source>準備</source>
        <extracomment>companion/domain/enums.py:27</extracomment>
        <translation>Preparing</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="568"/>
        <source>進行中</source>
        <extracomment>companion/domain/enums.py:28</extracomment>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="570"/>
        <source>自走化</source>
        <extracomment>companion/domain/enums.py:29</extracomment>
        <translation>Self-running</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="572"/>
        <source>終了</source>
        <extracomment>companion/domain/enums.py:30</extracomment>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="574"/>
        <source>中断</source>
        <extracomment>companion/domain/enums.py:31</extracomment>
        <translation>Suspended</translation>
    </message>
</context>
<context>
    <name>EngagementTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="68"/>
        <source>案件名</source>
        <extracomment>companion/ui/models/engagement_table.py:30</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="70"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/engagement_table.py:31</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="72"/>
        <source>委託元</source>
        <extracomment>companion/ui/models/engagement_table.py:32</extracomment>
        <translation>Sponsor</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="74"/>
        <source>状態</source>
        <extracomment>companion/ui/models/engagement_table.py:33</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="76"/>
        <source>方式</source>
        <extracomment>companion/ui/models/engagement_table.py:34</extracomment>
        <translation>Scheme</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="78"/>
        <source>開始</source>
        <extracomment>companion/ui/models/engagement_table.py:35</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="80"/>
        <source>終了予定</source>
        <extracomment>companion/ui/models/engagement_table.py:37</extracomment>
        <translation>Planned end</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="82"/>
        <source>訪問数</source>
        <extracomment>companion/ui/models/engagement_table.py:39</extracomment>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="84"/>
        <source>最終訪問</source>
        <extracomment>companion/ui/models/engagement_table.py:41</extracomment>
        <translation>Last visit</translation>
    </message>
</context>
<context>
    <name>EngagementsPage</name>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="47"/>
        <source>絞り込み(案件名・事業者・委託元・状態・方式)</source>
        <translation>Filter (engagement, business, sponsor, status, scheme)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="51"/>
        <source>すべての状態</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="63"/>
        <source>新しい案件…</source>
        <translation>New engagement…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="64"/>
        <source>事業者・委託元・期間を入れて案件を登録します(Ctrl+Shift+A)</source>
        <translation>Add an engagement with its business, sponsor and period (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="68"/>
        <source>絞り込みを解除</source>
        <translation>Clear filter</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="75"/>
        <source>案件はまだありません。
支援している事業者ごとに、委託元と期間を入れて登録しましょう。</source>
        <translation>No engagements yet.
Add one for each business you support, with its sponsor and period.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="76"/>
        <source>最初の案件を登録</source>
        <translation>Add your first engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="89"/>
        <source>状態:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="97"/>
        <source>案件</source>
        <translation>Engagements</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="135"/>
        <source>絞り込み: {what}({n}件)</source>
        <translation>Filtered: {what} ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagements.py" line="145"/>
        <source>{shown} / {total}件</source>
        <translation>{shown} / {total}</translation>
    </message>
</context>
<context>
    <name>FiguresDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="401"/>
        <source>数値の書き出し</source>
        <translation>Export figures</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="402"/>
        <source>書き出す</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="408"/>
        <source>すべての委託元</source>
        <translation>All sponsors</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="414"/>
        <location filename="../../companion/ui/dialogs/export_report.py" line="463"/>
        <source>全期間</source>
        <translation>All years</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="416"/>
        <source>Excel(.xlsx、すべての表)</source>
        <translation>Excel (.xlsx, all tables)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="417"/>
        <source>CSV(.zip、表ごとに1ファイル)</source>
        <translation>CSV (.zip, one file per table)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="426"/>
        <source>委託元:</source>
        <translation>Sponsor:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="427"/>
        <source>年度:</source>
        <translation>Fiscal year:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="428"/>
        <source>形式:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="430"/>
        <source>委託元に提出する集計(相談件数、事業者数と延べ訪問数、支援時間、指標など)を書き出します。Excel は表ごとのシート、CSV は表ごとのファイルを zip にまとめます。</source>
        <translation>Exports the figures you submit to the sponsor (consultations, businesses and total visits, support hours, KPIs and so on). Excel puts each table on its own sheet; CSV puts one file per table into a zip.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="458"/>
        <source>Excel ブック (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="459"/>
        <source>CSV の zip (*.zip)</source>
        <translation>Zipped CSV (*.zip)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="465"/>
        <source>全委託元</source>
        <translation>All sponsors</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="466"/>
        <source>実績集計_{sponsor}_{period}</source>
        <translation>Figures_{sponsor}_{period}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="479"/>
        <source>集計を書き出しました({tables})。</source>
        <translation>Figures exported ({tables}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="483"/>
        <source>集計を書き出しています…</source>
        <translation>Exporting the figures…</translation>
    </message>
</context>
<context>
    <name>FileResult</name>
    <message>
        <location filename="../../companion/ui/widgets/file_result.py" line="75"/>
        <source>ファイルを開く</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/file_result.py" line="77"/>
        <source>フォルダを開く</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/file_result.py" line="94"/>
        <source>注意: {warning}</source>
        <translation>Note: {warning}</translation>
    </message>
</context>
<context>
    <name>Finding</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="646"/>
        <source>問題なし</source>
        <extracomment>companion/domain/enums.py:103</extracomment>
        <translation>No issue</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="648"/>
        <source>管理下で容認</source>
        <extracomment>companion/domain/enums.py:104</extracomment>
        <translation>Accepted under safeguards</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="650"/>
        <source>要是正</source>
        <extracomment>companion/domain/enums.py:105</extracomment>
        <translation>Needs correction</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="652"/>
        <source>情報不足</source>
        <extracomment>companion/domain/enums.py:106</extracomment>
        <translation>Insufficient information</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="42"/>
        <source>はじめの設定</source>
        <translation>First-time setup</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="45"/>
        <source>報告書やレビュー用の書き出しに載せる、あなたの情報を入れてください。あとから「設定」でいつでも変えられます。</source>
        <translation>Enter your details for reports and review exports. You can change them at any time in Settings.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="49"/>
        <source>例: 佐藤 みのり</source>
        <translation>e.g. Minori Sato</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="51"/>
        <source>例: ゆざわ-Biz、○○商工会</source>
        <translation>e.g. Yuzawa-Biz, a commerce and industry association</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="53"/>
        <source>例: 中小企業診断士(任意)</source>
        <translation>e.g. SME management consultant (optional)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="55"/>
        <source>例: 湯沢市 産業振興課</source>
        <translation>e.g. Yuzawa City, Industry Promotion Division</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="56"/>
        <source>日付を和暦で表示する(例: 令和7年4月1日)</source>
        <translation>Show dates in the Japanese era (e.g. Reiwa 7, April 1)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="63"/>
        <source>氏名:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="64"/>
        <source>所属:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="65"/>
        <source>資格:</source>
        <translation>Qualifications:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="66"/>
        <source>既定の委託元:</source>
        <translation>Default sponsor:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="67"/>
        <source>新しい案件で最初に選ばれる委託元です。</source>
        <translation>The sponsor chosen first for a new engagement.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="76"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/first_run.py" line="77"/>
        <source>スキップ</source>
        <translation>Skip</translation>
    </message>
</context>
<context>
    <name>Fold</name>
    <message>
        <location filename="../../companion/ui/widgets/fold.py" line="59"/>
        <source>開く</source>
        <translation>Expand</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/fold.py" line="59"/>
        <source>たたむ</source>
        <translation>Collapse</translation>
    </message>
</context>
<context>
    <name>FollowUpModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="110"/>
        <source>期日</source>
        <extracomment>companion/ui/models/home_tables.py:26</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="112"/>
        <source>状況</source>
        <extracomment>companion/ui/models/home_tables.py:27</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="114"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/home_tables.py:29</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="116"/>
        <source>案件</source>
        <extracomment>companion/ui/models/home_tables.py:30</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="118"/>
        <source>訪問の目的</source>
        <extracomment>companion/ui/models/home_tables.py:31</extracomment>
        <translation>Purpose of the visit</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="126"/>
        <source>今日</source>
        <extracomment>companion/ui/models/home_tables.py:46</extracomment>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="128"/>
        <source>あと{n}日</source>
        <extracomment>companion/ui/models/home_tables.py:47</extracomment>
        <translation>in {n} days</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="130"/>
        <source>{n}日超過</source>
        <extracomment>companion/ui/models/home_tables.py:44</extracomment>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="132"/>
        <source>訪問なし</source>
        <extracomment>companion/ui/models/home_tables.py:55</extracomment>
        <translation>No visits</translation>
    </message>
</context>
<context>
    <name>FollowUpTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="86"/>
        <source>期日</source>
        <extracomment>companion/ui/models/follow_ups.py:39</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="88"/>
        <source>状況</source>
        <extracomment>companion/ui/models/follow_ups.py:40</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="90"/>
        <source>種類</source>
        <extracomment>companion/ui/models/follow_ups.py:42</extracomment>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="92"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/follow_ups.py:43</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="94"/>
        <source>内容</source>
        <extracomment>companion/ui/models/follow_ups.py:44</extracomment>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="96"/>
        <source>担当</source>
        <extracomment>companion/ui/models/follow_ups.py:45</extracomment>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="98"/>
        <source>アクション</source>
        <extracomment>companion/ui/models/follow_ups.py:25</extracomment>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="100"/>
        <source>フォロー</source>
        <extracomment>companion/ui/models/follow_ups.py:25</extracomment>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="102"/>
        <source>訪問のフォローアップ({purpose})</source>
        <extracomment>companion/ui/models/follow_ups.py:31</extracomment>
        <translation>Follow-up of a visit ({purpose})</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="104"/>
        <source>目的なし</source>
        <extracomment>companion/ui/models/follow_ups.py:31</extracomment>
        <translation>No purpose</translation>
    </message>
</context>
<context>
    <name>FormDialog</name>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="155"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="158"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/forms.py" line="162"/>
        <source>保存(Ctrl+Enter)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
</context>
<context>
    <name>Granularity</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="608"/>
        <source>月</source>
        <extracomment>companion/domain/enums.py:72</extracomment>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="610"/>
        <source>四半期</source>
        <extracomment>companion/domain/enums.py:73</extracomment>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="612"/>
        <source>年度</source>
        <extracomment>companion/domain/enums.py:74</extracomment>
        <translation>Fiscal year</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="42"/>
        <source>Companion ヘルプ</source>
        <translation>Companion Help</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="44"/>
        <source>はじめに</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="44"/>
        <source>訪問を記録する</source>
        <translation>Recording visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="45"/>
        <source>第三者レビュー用バンドル</source>
        <translation>Bundles for third-party review</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="57"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/help.py" line="82"/>
        <source>ヘルプのファイルを読めませんでした: {path}
({reason})
Companion をインストールし直すと直ります。</source>
        <translation>Could not read the help file: {path}
({reason})
Reinstalling Companion fixes this.</translation>
    </message>
</context>
<context>
    <name>HomeFollowUpModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="106"/>
        <source>Enter かダブルクリックで開く・閉じる</source>
        <extracomment>companion/ui/models/home_follow_ups.py:109</extracomment>
        <translation>Enter or double-click expands or collapses it</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="108"/>
        <source>{days}日以上前に期限が過ぎたもの({n}件)</source>
        <extracomment>companion/ui/models/home_follow_ups.py:99</extracomment>
        <translation>Overdue by {days} days or more ({n})</translation>
    </message>
</context>
<context>
    <name>HomePage</name>
    <message>
        <location filename="../../companion/ui/views/home.py" line="146"/>
        <source>進行中の案件</source>
        <translation>Active engagements</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="146"/>
        <source>進行中の案件の一覧を開く</source>
        <translation>Open the list of active engagements</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="147"/>
        <source>今年度の訪問</source>
        <translation>Visits this fiscal year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="147"/>
        <source>訪問記録の一覧を開く</source>
        <translation>Open the list of visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="148"/>
        <source>7日以内のフォロー</source>
        <translation>Follow-ups within 7 days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="149"/>
        <source>7日以内のフォローだけを表示</source>
        <translation>Show only follow-ups due within 7 days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="150"/>
        <source>期限を過ぎたフォロー</source>
        <translation>Overdue follow-ups</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="151"/>
        <source>期限を過ぎたフォローだけを表示</source>
        <translation>Show only overdue follow-ups</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="152"/>
        <source>60日以上訪問のない案件</source>
        <translation>Engagements without a visit for 60+ days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="153"/>
        <source>これらの案件を案件一覧で開く</source>
        <translation>Open these engagements in the engagement list</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="154"/>
        <location filename="../../companion/ui/views/home.py" line="305"/>
        <source>利益相反の注意事項</source>
        <translation>Conflict-of-interest red flags</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="154"/>
        <source>「開示」を開く</source>
        <translation>Open &quot;Disclosures&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="173"/>
        <source>Space または Ctrl+Enter で完了、Enter で案件を開く</source>
        <translation>Space or Ctrl+Enter marks it done, Enter opens the engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="181"/>
        <source>完了にする(Space)</source>
        <translation>Mark done (Space)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="182"/>
        <source>選んだフォロー・次のアクションを完了にします(Space / Ctrl+Enter)</source>
        <translation>Mark the selected follow-up or next action done (Space / Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="191"/>
        <source>すべて</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="192"/>
        <source>期限切れ</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="193"/>
        <source>7日以内</source>
        <translation>Within 7 days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="205"/>
        <location filename="../../companion/ui/views/home.py" line="494"/>
        <source>期限切れ・7日以内のフォローはありません。</source>
        <translation>No follow-ups are overdue or due within 7 days.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="206"/>
        <source>訪問を記録</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="207"/>
        <source>今日の訪問・相談を記録します(Ctrl+N)</source>
        <translation>Record today&apos;s visit or consultation (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="223"/>
        <location filename="../../companion/ui/views/home.py" line="458"/>
        <source>進行中の案件はどれも60日以内に訪問しています。</source>
        <translation>Every active engagement has had a visit within the last 60 days.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="229"/>
        <source>対応が必要なフォロー</source>
        <translation>Follow-ups to act on</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="236"/>
        <source>しばらく訪問していない進行中の案件</source>
        <translation>Active engagements not visited for a while</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="239"/>
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="250"/>
        <source>ようこそ。まず支援している案件(事業者・委託元・期間)を登録しましょう。登録した案件ごとに訪問を記録し、計画と指標を管理できます。</source>
        <translation>Welcome. Start by adding an engagement you support (business, sponsor and period). For each engagement you can then record visits and manage the plan and KPIs.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="253"/>
        <source>最初の案件を登録</source>
        <translation>Add your first engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="347"/>
        <source>前回終了時の表示です({month}月{day}日 {time}時点) — 最新の内容を読み込み中…</source>
        <translation>Showing Home as it was when Companion last closed ({month}/{day} {time}) — loading the latest…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="422"/>
        <source>詳しくは「開示」へ</source>
        <translation>See Disclosures for details</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="445"/>
        <source>今日: {day}・{year}</source>
        <translation>Today: {day} · {year}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="447"/>
        <source>全{total}件中</source>
        <translation>of {total}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="457"/>
        <source>進行中の案件はまだありません。</source>
        <translation>No active engagements yet.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="496"/>
        <source>期限を過ぎたフォローはありません。</source>
        <translation>No overdue follow-ups.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="498"/>
        <source>7日以内のフォローはありません。</source>
        <translation>No follow-ups due within 7 days.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="531"/>
        <source>最新の内容を読み込んでいます。表示が変わってから完了にしてください。</source>
        <translation>Loading the latest figures. Mark it done once the page has updated.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="534"/>
        <source>完了にするフォローを選んでください。</source>
        <translation>Select the follow-up to mark done.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="543"/>
        <source>フォローを完了</source>
        <translation>Complete follow-up</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home.py" line="551"/>
        <source>「{what}」を完了にしました。</source>
        <translation>&quot;{what}&quot; marked done.</translation>
    </message>
</context>
<context>
    <name>JoinDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="88"/>
        <source>ペアリングコードを入力してください。</source>
        <translation>Enter the pairing code.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="108"/>
        <source>ペアリングコードで参加</source>
        <translation>Join with a pairing code</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="109"/>
        <source>復旧用パスフレーズで参加</source>
        <translation>Join with the recovery passphrase</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="111"/>
        <source>同期フォルダ: {folder}
この端末の名前: {name}</source>
        <translation>Sync folder: {folder}
Name of this computer: {name}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="119"/>
        <source>同期している端末で 設定 → 同期 →「ペアリングコードを表示…」を押し、表示されたコードを入力してください。小文字やハイフンなしでも構いません。</source>
        <translation>On a computer that already syncs, press Settings → Sync → &quot;Show pairing code…&quot; and enter the code it shows. Lower case and no hyphens are fine.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="121"/>
        <source>ペアリングコード:</source>
        <translation>Pairing code:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="131"/>
        <source>最初に同期を始めた端末のデータフォルダの復旧用パスフレーズ(紙に書いて保管したもの)を入力してください。同期している端末が手元にないときに使います。</source>
        <translation>Enter the recovery passphrase of the data folder on the computer that first started syncing (the one you wrote on paper). Use this when no syncing computer is at hand.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="133"/>
        <source>復旧用パスフレーズ:</source>
        <translation>Recovery passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="143"/>
        <source>参加する</source>
        <translation>Join</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="146"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="177"/>
        <source>復旧用パスフレーズを入力してください。</source>
        <translation>Enter the recovery passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="185"/>
        <source>同期に参加しています(記録を受け取っています)…</source>
        <translation>Joining the sync (receiving the records)…</translation>
    </message>
</context>
<context>
    <name>KpiAggregation</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="602"/>
        <source>合計</source>
        <extracomment>companion/domain/enums.py:66</extracomment>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="604"/>
        <source>平均</source>
        <extracomment>companion/domain/enums.py:67</extracomment>
        <translation>Average</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="606"/>
        <source>期末値</source>
        <extracomment>companion/domain/enums.py:68</extracomment>
        <translation>Year-end value</translation>
    </message>
</context>
<context>
    <name>KpiDialog</name>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="65"/>
        <source>売上高</source>
        <translation>Sales</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="65"/>
        <location filename="../../companion/ui/views/kpis.py" line="67"/>
        <source>千円</source>
        <translation>thousand yen</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="67"/>
        <source>粗利</source>
        <translation>Gross profit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="69"/>
        <source>客数</source>
        <translation>Customers</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="69"/>
        <location filename="../../companion/ui/views/kpis.py" line="71"/>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="71"/>
        <source>従業員数</source>
        <translation>Employees</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="111"/>
        <location filename="../../companion/ui/views/kpis.py" line="170"/>
        <source>指標を編集</source>
        <translation>Edit KPI</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="111"/>
        <location filename="../../companion/ui/views/kpis.py" line="167"/>
        <source>指標を追加</source>
        <translation>Add KPI</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="123"/>
        <source>例: 売上高(一覧から選ぶか入力)</source>
        <translation>e.g. Sales (choose from the list or type)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="125"/>
        <source>指標名(必須):</source>
        <translation>KPI name (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="127"/>
        <source>例: 千円、人、件、%</source>
        <translation>e.g. thousand yen, people, cases, %</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="128"/>
        <source>単位:</source>
        <translation>Unit:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="130"/>
        <source>評価の向き:</source>
        <translation>Better when:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="132"/>
        <source>年度の集計:</source>
        <translation>Fiscal-year figure:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="133"/>
        <source>売上高・客数は合計、従業員数などの人数や店舗数は期末値、率や単価は平均。</source>
        <translation>Sales and customer numbers: total. Headcounts such as employees, or numbers of shops: year-end value. Rates and unit prices: average.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="136"/>
        <source>支援開始時点の値(例: 48,000)</source>
        <translation>The value when the support began (e.g. 48,000)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="137"/>
        <source>基準値:</source>
        <translation>Baseline:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="139"/>
        <source>基準日:</source>
        <translation>Baseline date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="165"/>
        <source>基準日</source>
        <translation>Baseline date</translation>
    </message>
</context>
<context>
    <name>KpiDirection</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="598"/>
        <source>高いほど良い</source>
        <extracomment>companion/domain/enums.py:59</extracomment>
        <translation>Higher is better</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="600"/>
        <source>低いほど良い</source>
        <extracomment>companion/domain/enums.py:60</extracomment>
        <translation>Lower is better</translation>
    </message>
</context>
<context>
    <name>KpiTables</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="146"/>
        <source>年度</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Fiscal year</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="148"/>
        <source>目標</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="150"/>
        <source>実績</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Actual</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="152"/>
        <source>達成率</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Achievement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="154"/>
        <source>評価</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Assessment</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="156"/>
        <source>実績の根拠</source>
        <extracomment>companion/ui/models/kpi_table.py:113</extracomment>
        <translation>Source of the actual</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="158"/>
        <source>{year}
年度途中({n}か月)</source>
        <extracomment>companion/ui/models/kpi_table.py:70</extracomment>
        <translation>{year}
Part year ({n} months)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="160"/>
        <source>ダブルクリックか F2 で目標を入力(空欄で消去)</source>
        <extracomment>companion/ui/models/kpi_table.py:145</extracomment>
        <translation>Double-click or press F2 to enter the target (blank clears it)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="162"/>
        <source>案件の期間外の年度です</source>
        <extracomment>companion/ui/models/kpi_table.py:147</extracomment>
        <translation>This fiscal year is outside the engagement&apos;s period</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="164"/>
        <source>目標値</source>
        <extracomment>companion/ui/models/kpi_table.py:175</extracomment>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="166"/>
        <source>まだ始まっていない期間です</source>
        <extracomment>companion/ui/models/kpi_table.py:274</extracomment>
        <translation>This period has not started yet</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="168"/>
        <source>{period}の実績(空欄で消去)</source>
        <extracomment>companion/ui/models/kpi_table.py:275</extracomment>
        <translation>Actual for {period} (blank clears it)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="170"/>
        <source>実績は{n}か月分の合計です。年度の目標とは比べられないため、評価はしていません(グラフの斜線の棒)。</source>
        <extracomment>companion/ui/models/kpi_table.py:149</extracomment>
        <translation>The actual is the total of {n} months. It cannot be compared with the fiscal-year target, so it is not assessed (hatched bar in the chart).</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="172"/>
        <source>{name}の{period}の実績</source>
        <extracomment>companion/ui/models/kpi_table.py:284</extracomment>
        <translation>{name}: actual for {period}</translation>
    </message>
</context>
<context>
    <name>KpiView</name>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="199"/>
        <source>指標:</source>
        <translation>KPI:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="213"/>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="214"/>
        <source>すべての操作とショートカット</source>
        <translation>All actions and shortcuts</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="236"/>
        <source>月次</source>
        <translation>Monthly</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="237"/>
        <source>四半期</source>
        <translation>Quarterly</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="238"/>
        <source>年度計</source>
        <translation>Fiscal-year total</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="252"/>
        <source>実績の入力</source>
        <translation>Enter actuals</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="259"/>
        <source>セルを選んで数値を入力し Enter(Tab で次の期間、Delete で消去)。</source>
        <translation>Select a cell, type the number and press Enter (Tab: next period, Delete: clear).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="280"/>
        <source>指標がまだありません。「指標を追加」(Insert)で売上高・粗利・客数・従業員数などを登録し、年度ごとの目標と月々の実績を入力しましょう。</source>
        <translation>No KPIs yet. Use &quot;Add KPI&quot; (Insert) to add sales, gross profit, customers, employees and so on, then enter a target for each fiscal year and the actuals month by month.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="305"/>
        <source>指標を追加</source>
        <translation>Add KPI</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="308"/>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="310"/>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="312"/>
        <source>年度の目標を入力</source>
        <translation>Enter the target for the fiscal year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="390"/>
        <source>基準値 {value}{unit}</source>
        <translation>Baseline {value}{unit}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="392"/>
        <source>基準値 未設定</source>
        <translation>Baseline not set</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="393"/>
        <source>{direction}・年度の集計 {aggregation}・{baseline}</source>
        <translation>{direction} · fiscal-year total: {aggregation} · {baseline}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="483"/>
        <source>目標値を入力</source>
        <translation>Enter target</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="314"/>
        <location filename="../../companion/ui/views/kpis.py" line="503"/>
        <source>実績を入力</source>
        <translation>Enter actual</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="544"/>
        <source>指標を削除</source>
        <translation>Delete KPI</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/kpis.py" line="546"/>
        <source>指標「{name}」を削除しました(元に戻す: Ctrl+Z)。</source>
        <translation>KPI &quot;{name}&quot; deleted (undo: Ctrl+Z).</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="61"/>
        <source>{hours}時間</source>
        <translation>{hours} h</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="82"/>
        <source>活動日数台帳(実務従事の記録)</source>
        <translation>Activity-day ledger (practical work record)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="137"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="141"/>
        <source>活動日数台帳</source>
        <translation>Activity-day ledger</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="65"/>
        <source>実務従事の記録_{year}</source>
        <translation>Practical work record_{year}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="89"/>
        <source>この年度までを集計します</source>
        <translation>Totals up to this fiscal year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="94"/>
        <source> 年度分</source>
        <translation> fiscal years</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="132"/>
        <source>書き出す…(Ctrl+E)</source>
        <translation>Export… (Ctrl+E)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="133"/>
        <source>Word(提出用の様式)、Excel、CSV に書き出します</source>
        <translation>Export to Word (submission form), Excel or CSV</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="143"/>
        <source>最後の年度</source>
        <translation>Last fiscal year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="145"/>
        <source>さかのぼる期間</source>
        <translation>Going back</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="154"/>
        <source>保存済みの訪問記録から、実務従事のポイントを事業者ごとに数えます(日付は日本時間)。訪問して助言した日は1日1ポイント、窓口・オンライン・電話の相談は合計5時間で1ポイント(短い電話は1日になりません)。実務従事として認められるかは支援者が判断してください。</source>
        <translation>Counts practical work points per business from saved visits (dates in Japan time). A day of on-site advice counts as 1 point; consultations at the desk, online or by phone count as 1 point per 5 hours in total (a short call does not make a day). Whether it is accepted as practical work is for you, the supporter, to judge.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="176"/>
        <source>集計しています…</source>
        <translation>Totalling…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="187"/>
        <source>{first}〜{last}</source>
        <translation>{first}–{last}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="197"/>
        <source>{name}(代表 {rep})</source>
        <translation>{name} (representative: {rep})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="202"/>
        <source>{days}日・{hours}</source>
        <translation>{days} days · {hours}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="204"/>
        <source>訪問{n}日</source>
        <translation>{n} visit days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="205"/>
        <source>{n}ポイント</source>
        <translation>{n} points</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="236"/>
        <source>{n}者</source>
        <translation>{n} businesses</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="237"/>
        <source>{n}日</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="240"/>
        <source>{total} / {needed}</source>
        <translation>{total} / {needed}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="249"/>
        <source>実務従事ポイント({period}): {summary}</source>
        <translation>Practical work points ({period}): {summary}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="257"/>
        <source>Word(提出用の様式) (*.docx)</source>
        <translation>Word (submission form) (*.docx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="257"/>
        <source>Excel ブック (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="260"/>
        <source>実務従事の記録を書き出す</source>
        <translation>Export the practical work record</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="294"/>
        <source>実務従事の記録を書き出しました。</source>
        <translation>Practical work record exported.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="297"/>
        <source>実務従事の記録を書き出しています…</source>
        <translation>Exporting the practical work record…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="206"/>
        <source>支援期間 {period}・{titles}</source>
        <translation>Support period {period} · {titles}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="207"/>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="208"/>
        <source>中小企業者: {check}</source>
        <translation>SME status: {check}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="222"/>
        <source>{year}: 事業者 {clients}件・延べ {days}日・{hours}</source>
        <translation>{year}: {clients} businesses · {days} days in all · {hours}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="226"/>
        <source>{year}の保存済みの訪問記録はありません。</source>
        <translation>No saved visits in {year}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/ledger.py" line="258"/>
        <source>CSV(Excel で開けます) (*.csv)</source>
        <translation>CSV (opens in Excel) (*.csv)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="364"/>
        <source>事業者 / 日付</source>
        <extracomment>companion/ui/views/ledger.py:119</extracomment>
        <translation>Business / date</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="366"/>
        <source>日数・時間</source>
        <extracomment>companion/ui/views/ledger.py:119</extracomment>
        <translation>Days / hours</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="368"/>
        <source>方式 / 訪問日数</source>
        <extracomment>companion/ui/views/ledger.py:119</extracomment>
        <translation>Mode / visit days</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="370"/>
        <source>場所 / ポイント</source>
        <extracomment>companion/ui/views/ledger.py:119</extracomment>
        <translation>Place / points</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="372"/>
        <source>内容・支援期間</source>
        <extracomment>companion/ui/views/ledger.py:119</extracomment>
        <translation>Content / support period</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../companion/ui/main_window.py" line="98"/>
        <source>バックアップに失敗しました: {error}</source>
        <translation>Backup failed: {error}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="113"/>
        <location filename="../../companion/ui/main_window.py" line="794"/>
        <source>Companion — 伴走支援</source>
        <translation>Companion — Hands-on business support</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="128"/>
        <source>ホーム</source>
        <translation>Home</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="128"/>
        <source>案件</source>
        <translation>Engagements</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="128"/>
        <source>訪問記録</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="128"/>
        <source>開示</source>
        <translation>Disclosures</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="129"/>
        <source>レビュー</source>
        <translation>Reviews</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="129"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="194"/>
        <source>60日以上訪問のない進行中の案件</source>
        <translation>Active engagements without a visit for 60+ days</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="282"/>
        <source>メインツールバー</source>
        <translation>Main toolbar</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="290"/>
        <source>検索(Ctrl+F)…</source>
        <translation>Search (Ctrl+F)…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="294"/>
        <source>訪問記録・案件・計画を全文検索します。空白で区切った語はすべて含むものを探します。</source>
        <translation>Full-text search of visits, engagements and plans. Words separated by spaces must all appear.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="300"/>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="301"/>
        <source>新しい案件…</source>
        <translation>New engagement…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="305"/>
        <source>新しい事業者…</source>
        <translation>New business…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="307"/>
        <source>新しい委託元…</source>
        <translation>New sponsor…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="312"/>
        <source>委託元の目標…</source>
        <translation>Sponsor targets…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="314"/>
        <source>委託元が年度ごとに決めた目標（延べ相談件数など）を入力する</source>
        <translation>Enter the targets each sponsor sets per fiscal year (total consultations and so on)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="319"/>
        <source>取り込み…</source>
        <translation>Import…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="322"/>
        <source>Excel・CSV の事業者一覧や訪問記録を取り込む</source>
        <translation>Import lists of businesses or visits from Excel or CSV</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="327"/>
        <source>引き継ぎパッケージを取り込む…</source>
        <translation>Import referral package…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="329"/>
        <source>別のセンター・支援者から届いた案件を、新しい案件として取り込む</source>
        <translation>Import an engagement referred by another centre or supporter as a new engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="332"/>
        <source>連絡先カードを書き出す…</source>
        <translation>Export contact card…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="334"/>
        <source>引き継ぎパッケージを受け取るためのカード(氏名・所属・公開鍵)を書き出す</source>
        <translation>Export the card (name, organisation, public key) that others need to send you a referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="339"/>
        <source>再読み込み</source>
        <translation>Reload</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="343"/>
        <source>レビューバンドルを開く…</source>
        <translation>Open review bundle…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="348"/>
        <source>終了</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="354"/>
        <source>編集(&amp;E)</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="355"/>
        <location filename="../../companion/ui/main_window.py" line="708"/>
        <source>元に戻す</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="358"/>
        <location filename="../../companion/ui/main_window.py" line="710"/>
        <source>やり直し</source>
        <translation>Redo</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="369"/>
        <source>表示(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="378"/>
        <source>検索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="382"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="390"/>
        <source>ヘルプ(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="394"/>
        <source>はじめに</source>
        <translation>Getting started</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="395"/>
        <source>訪問を記録する</source>
        <translation>Recording visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="396"/>
        <source>第三者レビュー用バンドル</source>
        <translation>Bundles for third-party review</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="404"/>
        <source>Companion について</source>
        <translation>About Companion</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="410"/>
        <location filename="../../companion/ui/main_window.py" line="433"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="412"/>
        <source>データフォルダ: {folder}</source>
        <translation>Data folder: {folder}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="428"/>
        <source>データを開いています…</source>
        <translation>Opening the data…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="446"/>
        <source>案件 {engagements}件・訪問記録 {visits}件</source>
        <translation>Engagements: {engagements} · Visits: {visits}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="533"/>
        <source>検索語を入力してください。</source>
        <translation>Enter a search term.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="536"/>
        <source>データを開いてから検索してください。</source>
        <translation>Open the data before searching.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="552"/>
        <source>Companion</source>
        <translation>Companion</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="587"/>
        <location filename="../../companion/ui/main_window.py" line="621"/>
        <location filename="../../companion/ui/main_window.py" line="634"/>
        <location filename="../../companion/ui/main_window.py" line="648"/>
        <location filename="../../companion/ui/main_window.py" line="661"/>
        <source>データを開いてから操作してください。</source>
        <translation>Open the data first.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="707"/>
        <source>元に戻す「{label}」</source>
        <translation>Undo &quot;{label}&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="709"/>
        <source>やり直し「{label}」</source>
        <translation>Redo &quot;{label}&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="732"/>
        <source>「{label}」</source>
        <translation>{label}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="733"/>
        <source>{what}をやり直しました。</source>
        <translation>Redone: {what}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="734"/>
        <source>{what}を元に戻しました。</source>
        <translation>Undone: {what}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="989"/>
        <source>終了する前にデータをバックアップしています…</source>
        <translation>Backing up the data before quitting…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="792"/>
        <source>{title} — Companion</source>
        <translation>{title} — Companion</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="817"/>
        <source>バックアップから復元しました。</source>
        <translation>Restored from a backup.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="830"/>
        <source>言語(&amp;L)</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../../companion/ui/main_window.py" line="833"/>
        <source>OS に合わせる</source>
        <translation>Follow the system</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/message.py" line="48"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>NameDialog</name>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="149"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="152"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OpenDispositionsSection</name>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="155"/>
        <source>レビューで求められた対応</source>
        <translation>Actions requested by reviewers</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="161"/>
        <source>判断</source>
        <translation>Judgement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="161"/>
        <source>注意事項</source>
        <translation>Red flag</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="161"/>
        <source>管理計画・説明を求める事項</source>
        <translation>Management plan / question to answer</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="162"/>
        <source>期限</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="162"/>
        <source>レビュー</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="170"/>
        <source>対応を記録…</source>
        <translation>Record resolution…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="174"/>
        <source>レビューで求められた対応はすべて記録済みです。</source>
        <translation>Every action requested by reviewers has been recorded.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="196"/>
        <source>担当: {owner} / {action}</source>
        <translation>Owner: {owner} / {action}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="205"/>
        <source>{due}(期限切れ)</source>
        <translation>{due} (overdue)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="208"/>
        <source>レビューで求められた対応(未対応 {n}件)</source>
        <translation>Actions requested by reviewers ({n} open)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="228"/>
        <source>対応を記録</source>
        <translation>Record resolution</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="229"/>
        <source>「{rule}」について、何をしたか、どう説明したかを記入してください。
次のレビューバンドルに記載されます。</source>
        <translation>For &quot;{rule}&quot;, write what was done or how it was explained.
The next review bundle will include it.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="233"/>
        <source>レビューへの対応の記録</source>
        <translation>Resolution of a review request</translation>
    </message>
</context>
<context>
    <name>Owner</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="582"/>
        <source>事業者</source>
        <extracomment>companion/domain/enums.py:45</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="584"/>
        <source>支援者</source>
        <extracomment>companion/domain/enums.py:46</extracomment>
        <translation>Supporter</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="586"/>
        <source>共同</source>
        <extracomment>companion/domain/enums.py:47</extracomment>
        <translation>Joint</translation>
    </message>
</context>
<context>
    <name>PairingCodeDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="220"/>
        <source>ペアリングコード</source>
        <translation>Pairing code</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="232"/>
        <source>コピー</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="240"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="246"/>
        <source>参加させるパソコンで 設定 → 同期 →「ペアリングコードで参加…」を押し、このコードを入力してください。</source>
        <translation>On the computer that is to join, press Settings → Sync → &quot;Join with pairing code…&quot; and enter this code.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="253"/>
        <source>このコードは {hours} 時間有効で、1回だけ使えます。コードを知っている人は同期に参加できるので、ほかの人に知られないようにしてください。</source>
        <translation>This code is valid for {hours} hours and works only once. Anyone who knows it can join the sync, so keep it to yourself.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_join.py" line="261"/>
        <source>コピーしました</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="28"/>
        <source>復旧用パスフレーズ</source>
        <translation>Recovery passphrase</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="34"/>
        <source>データを暗号化して保存します。新しいパソコンに移すときや OS のキーリングが使えないときに使う復旧用パスフレーズを決めてください({n}文字以上、日本語も使えます)。
忘れるとデータを開けなくなります。紙に書いて安全な場所に保管してください。</source>
        <translation>Your data is stored encrypted. Choose a recovery passphrase, used when you move to a new computer or when the system keyring cannot be used (at least {n} characters; Japanese is fine).
If you forget it, the data cannot be opened. Write it on paper and keep it somewhere safe.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="39"/>
        <source>データを開くには復旧用パスフレーズを入力してください。</source>
        <translation>Enter the recovery passphrase to open the data.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="48"/>
        <source>パスフレーズ:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="50"/>
        <source>もう一度:</source>
        <translation>Again:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="52"/>
        <source>設定する</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="52"/>
        <source>開く</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="54"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="66"/>
        <source>パスフレーズを入力してください。</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="70"/>
        <source>{n}文字以上にしてください。</source>
        <translation>Use at least {n} characters.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/passphrase.py" line="73"/>
        <source>二つのパスフレーズが一致しません。</source>
        <translation>The two passphrases do not match.</translation>
    </message>
</context>
<context>
    <name>PendingDisclosuresPanel</name>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="44"/>
        <location filename="../../companion/ui/views/sync_pending.py" line="95"/>
        <source>封印待ち</source>
        <translation>Waiting to be sealed</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="49"/>
        <source>封印待ち — 次の同期で記帳端末が登録簿に記載します。記載されるまで、上の一覧には含まれません。</source>
        <translation>Waiting to be sealed — the register keeper enters these in the register at the next sync. Until then they are not in the list above.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="52"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="52"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="53"/>
        <source>内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="53"/>
        <source>書いた日時</source>
        <translation>Written at</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="87"/>
        <source>封印待ち({n}件)</source>
        <translation>Waiting to be sealed ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="94"/>
        <source>記載できませんでした: {reason}</source>
        <translation>Could not be entered: {reason}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="98"/>
        <source>新規開示</source>
        <translation>New disclosure</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="98"/>
        <source>変更</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="99"/>
        <source>関与の終了</source>
        <translation>End of involvement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="99"/>
        <source>年次確認</source>
        <translation>Annual confirmation</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="104"/>
        <source>開示{n} {counterpart}</source>
        <translation>Disclosure {n}: {counterpart}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="121"/>
        <source>開示の変更(封印待ち)</source>
        <translation>Disclosure change (waiting to be sealed)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="135"/>
        <source>開示の終了(封印待ち)</source>
        <translation>End of disclosure (waiting to be sealed)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="142"/>
        <source>年次確認 {n}件を封印待ちにしました。次の同期で記帳端末が登録簿に記載します。</source>
        <translation>{n} annual confirmation(s) now waiting to be sealed. The register keeper enters them in the register at the next sync.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="148"/>
        <source>年次確認(封印待ち)</source>
        <translation>Annual confirmation (waiting to be sealed)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_pending.py" line="152"/>
        <source>{action}を封印待ちにしました。次の同期で記帳端末が登録簿に記載します。</source>
        <translation>{action}: now waiting to be sealed. The register keeper enters it in the register at the next sync.</translation>
    </message>
</context>
<context>
    <name>PlanChangeModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="374"/>
        <source>変更</source>
        <extracomment>companion/ui/views/plan.py:162</extracomment>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="376"/>
        <source>項目</source>
        <extracomment>companion/ui/views/plan.py:163</extracomment>
        <translation>Item</translation>
    </message>
</context>
<context>
    <name>PlanDelegate</name>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="221"/>
        <source>(なし)</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>PlanItemDialog</name>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="174"/>
        <source>{level}を編集</source>
        <translation>Edit {level}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="174"/>
        <source>{level}を追加</source>
        <translation>Add {level}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="185"/>
        <source>種類:</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="186"/>
        <source>項目名(必須):</source>
        <translation>Item name (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="190"/>
        <source>担当:</source>
        <translation>Owner:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="192"/>
        <source>期日:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="193"/>
        <source>状況:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="200"/>
        <source>進捗:</source>
        <translation>Progress:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="201"/>
        <source>下のアクションから自動で集計されます。</source>
        <translation>Worked out from the actions below.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="206"/>
        <source>メモ:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="224"/>
        <source>期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="233"/>
        <source>計画項目を追加</source>
        <translation>Add plan item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="241"/>
        <source>期日を変更</source>
        <translation>Change due date</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="242"/>
        <location filename="../../companion/ui/views/plan.py" line="243"/>
        <source>状況を変更</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="244"/>
        <source>項目名を変更</source>
        <translation>Rename item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="245"/>
        <source>計画項目を編集</source>
        <translation>Edit plan item</translation>
    </message>
</context>
<context>
    <name>PlanLevel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="576"/>
        <source>目標</source>
        <extracomment>companion/domain/enums.py:39</extracomment>
        <translation>Goal</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="578"/>
        <source>マイルストーン</source>
        <extracomment>companion/domain/enums.py:40</extracomment>
        <translation>Milestone</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="580"/>
        <source>アクション</source>
        <extracomment>companion/domain/enums.py:41</extracomment>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>PlanStatus</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="588"/>
        <source>未着手</source>
        <extracomment>companion/domain/enums.py:51</extracomment>
        <translation>Not started</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="590"/>
        <source>進行中</source>
        <extracomment>companion/domain/enums.py:52</extracomment>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="592"/>
        <source>完了</source>
        <extracomment>companion/domain/enums.py:53</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="594"/>
        <source>保留</source>
        <extracomment>companion/domain/enums.py:54</extracomment>
        <translation>On hold</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="596"/>
        <source>中止</source>
        <extracomment>companion/domain/enums.py:55</extracomment>
        <translation>Dropped</translation>
    </message>
</context>
<context>
    <name>PlanTreeModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="184"/>
        <source>項目</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="186"/>
        <source>担当</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Owner</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="188"/>
        <source>期日</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="190"/>
        <source>状況</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="192"/>
        <source>進捗</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="194"/>
        <source>合意時からの変更</source>
        <extracomment>companion/ui/models/plan_tree.py:184</extracomment>
        <translation>Changes since agreed</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="196"/>
        <source>アクションなし</source>
        <extracomment>companion/ui/models/plan_tree.py:219</extracomment>
        <translation>No actions</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="198"/>
        <source>追加</source>
        <extracomment>companion/ui/models/plan_tree.py:235</extracomment>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="200"/>
        <source>合意した計画にはなかった項目です。</source>
        <extracomment>companion/ui/models/plan_tree.py:235</extracomment>
        <translation>This item was not in the agreed plan.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="202"/>
        <source>名称変更</source>
        <extracomment>companion/ui/models/plan_tree.py:249</extracomment>
        <translation>Renamed</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="204"/>
        <source>{done}/{total}件完了</source>
        <extracomment>companion/ui/models/plan_tree.py:220</extracomment>
        <translation>{done}/{total} done</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="206"/>
        <source>{label}({first}〜{last})</source>
        <extracomment>companion/ui/models/plan_tree.py:215</extracomment>
        <translation>{label} ({first}–{last})</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="208"/>
        <source>{before}から移動</source>
        <extracomment>companion/ui/models/plan_tree.py:240</extracomment>
        <translation>Moved from {before}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="210"/>
        <source>期日 {before} → {after}</source>
        <extracomment>companion/ui/models/plan_tree.py:243</extracomment>
        <translation>Due {before} → {after}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="212"/>
        <source>合意時の期日: {before} / いまの期日: {after}</source>
        <extracomment>companion/ui/models/plan_tree.py:245</extracomment>
        <translation>Due date when agreed: {before} / now: {after}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="214"/>
        <source>合意時の名称: {title}</source>
        <extracomment>companion/ui/models/plan_tree.py:249</extracomment>
        <translation>Name when agreed: {title}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="216"/>
        <source>なし</source>
        <extracomment>companion/ui/models/plan_tree.py:246</extracomment>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="218"/>
        <source>アクション {done}/{total}件完了</source>
        <extracomment>companion/ui/models/plan_tree.py:287</extracomment>
        <translation>Actions: {done}/{total} done</translation>
    </message>
</context>
<context>
    <name>PlanView</name>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="336"/>
        <source>まだ計画がありません。年度を選んで「項目を追加」(Insert)を押し、その年度の目標から作りましょう。</source>
        <translation>No plan yet. Choose a fiscal year, press &quot;Add item&quot; (Insert) and start with the goals for that year.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="340"/>
        <source>最初の目標を追加</source>
        <translation>Add the first goal</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="385"/>
        <source>項目を追加</source>
        <translation>Add item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="386"/>
        <source>選んだ項目の次に、同じ階層の項目を追加</source>
        <translation>Add an item at the same level after the selected one</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="388"/>
        <source>下位の項目を追加</source>
        <translation>Add sub-item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="389"/>
        <source>目標の下にマイルストーン、マイルストーンの下にアクションを追加</source>
        <translation>Add a milestone under a goal, or an action under a milestone</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="390"/>
        <source>編集…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="391"/>
        <location filename="../../companion/ui/views/plan.py" line="735"/>
        <source>完了にする</source>
        <translation>Mark done</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="394"/>
        <source>字下げ(Tab)</source>
        <translation>Indent (Tab)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="395"/>
        <source>上の項目の下位にする(Tab でも可)</source>
        <translation>Make it a sub-item of the item above (or press Tab)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="397"/>
        <source>字上げ(Shift+Tab)</source>
        <translation>Outdent (Shift+Tab)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="398"/>
        <source>ひとつ上の階層にする(Shift+Tab でも可)</source>
        <translation>Move it up one level (or press Shift+Tab)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="399"/>
        <source>上へ移動</source>
        <translation>Move up</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="401"/>
        <source>下へ移動</source>
        <translation>Move down</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="404"/>
        <location filename="../../companion/ui/views/plan.py" line="775"/>
        <source>翌年度へコピー</source>
        <translation>Copy to next fiscal year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="405"/>
        <source>終わっていないアクションを翌年度の計画にも入れる</source>
        <translation>Put the unfinished actions into next fiscal year&apos;s plan too</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="406"/>
        <location filename="../../companion/ui/views/plan.py" line="573"/>
        <source>削除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="407"/>
        <source>項目と下位の項目を削除(元に戻せます)</source>
        <translation>Delete the item and its sub-items (can be undone)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="409"/>
        <source>合意した計画として保存…</source>
        <translation>Save as the agreed plan…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="410"/>
        <source>いまの計画を、事業者と合意した版として記録</source>
        <translation>Record the current plan as the version agreed with the business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="431"/>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="432"/>
        <source>すべての操作とショートカット</source>
        <translation>All actions and shortcuts</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="444"/>
        <source>合意した計画との比較</source>
        <translation>Compared with the agreed plan</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="463"/>
        <source>まだ合意した計画がありません。
事業者と計画を合意したら「合意した計画として保存」(Ctrl+Shift+S)で記録すると、後から変更点を確認できます。</source>
        <translation>No agreed plan yet.
Once you and the business agree on the plan, record it with &quot;Save as the agreed plan&quot; (Ctrl+Shift+S); later you can see what changed.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="554"/>
        <source>比較しない</source>
        <translation>Do not compare</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="563"/>
        <source>合意した計画と比べていません。</source>
        <translation>Not compared with an agreed plan.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="572"/>
        <source>追加</source>
        <translation>Added</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="581"/>
        <source>期日</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="583"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="584"/>
        <source>旧: {title}</source>
        <translation>Was: {title}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="588"/>
        <source>合意した計画から変わっていません。</source>
        <translation>Unchanged since the agreed plan.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="591"/>
        <source>追加 {added}件・削除 {removed}件・期日の変更 {moved}件・名称の変更 {renamed}件</source>
        <translation>{added} added · {removed} removed · {moved} due dates changed · {renamed} renamed</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="709"/>
        <source>アクションの下には項目を追加できません。</source>
        <translation>Items cannot be added under an action.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="730"/>
        <source>目標やマイルストーンの進み具合は、下のアクションから集計されます。</source>
        <translation>The progress of goals and milestones is worked out from the actions under them.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="743"/>
        <source>字下げ</source>
        <translation>Indent</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="750"/>
        <source>字上げ</source>
        <translation>Outdent</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="757"/>
        <location filename="../../companion/ui/views/plan.py" line="764"/>
        <source>項目を移動</source>
        <translation>Move item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="776"/>
        <source>「{title}」を{year}の計画にコピーしました。</source>
        <translation>&quot;{title}&quot; copied to the plan for {year}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="792"/>
        <source>計画項目の削除</source>
        <translation>Delete plan item</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="793"/>
        <source>「{title}」と、その下の{n}件の項目を削除しますか?</source>
        <translation>Delete &quot;{title}&quot; and the {n} item(s) under it?</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="795"/>
        <source>削除した後でも「元に戻す」(Ctrl+Z)で戻せます。</source>
        <translation>Even after deleting, Undo (Ctrl+Z) brings it back.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="796"/>
        <source>削除する</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="803"/>
        <source>削除を取りやめました。</source>
        <translation>Deletion cancelled.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="825"/>
        <source>『{title}』の削除</source>
        <translation>Delete “{title}”</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="827"/>
        <source>「{title}」を削除しました(元に戻す: Ctrl+Z)。</source>
        <translation>&quot;{title}&quot; deleted (undo: Ctrl+Z).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/plan.py" line="844"/>
        <source>いまの計画を合意した計画として保存しました。</source>
        <translation>The current plan was saved as the agreed plan.</translation>
    </message>
</context>
<context>
    <name>ProgressAfterDelay</name>
    <message>
        <location filename="../../companion/ui/tasks.py" line="507"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/tasks.py" line="508"/>
        <source>処理中</source>
        <translation>Working</translation>
    </message>
</context>
<context>
    <name>QuietEngagementModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="120"/>
        <source>案件</source>
        <extracomment>companion/ui/models/home_tables.py:53</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="122"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/home_tables.py:54</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="124"/>
        <source>最終訪問</source>
        <extracomment>companion/ui/models/home_tables.py:55</extracomment>
        <translation>Last visit</translation>
    </message>
</context>
<context>
    <name>ReceivedFindingModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="240"/>
        <source>開示</source>
        <extracomment>companion/ui/models/review_tables.py:81</extracomment>
        <translation>Disclosure</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="242"/>
        <source>版</source>
        <extracomment>companion/ui/models/review_tables.py:82</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="244"/>
        <source>所見</source>
        <extracomment>companion/ui/models/review_tables.py:83</extracomment>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="246"/>
        <source>条件</source>
        <extracomment>companion/ui/models/review_tables.py:84</extracomment>
        <translation>Conditions</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="248"/>
        <source>コメント</source>
        <extracomment>companion/ui/models/review_tables.py:85</extracomment>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>ReceivedReviewModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="230"/>
        <source>レビュー日</source>
        <extracomment>companion/ui/models/review_tables.py:54</extracomment>
        <translation>Reviewed on</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="232"/>
        <source>担当者</source>
        <extracomment>companion/ui/models/review_tables.py:55</extracomment>
        <translation>Reviewer</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="234"/>
        <source>所属</source>
        <extracomment>companion/ui/models/review_tables.py:56</extracomment>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="236"/>
        <source>所見</source>
        <extracomment>companion/ui/models/review_tables.py:57</extracomment>
        <translation>Findings</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="238"/>
        <source>コメント</source>
        <extracomment>companion/ui/models/review_tables.py:58</extracomment>
        <translation>Comment</translation>
    </message>
</context>
<context>
    <name>RecertifyDialog</name>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="431"/>
        <source>年次確認 — 今年度は変更なし</source>
        <translation>Annual confirmation — no change this year</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="434"/>
        <source>{year}の年次確認として、次の{n}件の開示が前回の内容から変わっていないことを確認し、それぞれ「年次確認(変更なし)」の新しい版を今日の日付で記録します。内容と状態は変わりません。
変わったものがあるときは、確認せずに閉じて、その開示を「変更」してください。</source>
        <translation>As the annual confirmation for {year}, confirm that the following {n} disclosure(s) have not changed since last time; each gets a new &quot;annual confirmation (no change)&quot; version dated today. Content and status stay the same.
If anything has changed, close this without confirming and use &quot;Change&quot; on that disclosure.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="447"/>
        <source>{n}件を確認して記録</source>
        <translation>Confirm and record {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/disclosure_form.py" line="449"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>RecordImportDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="129"/>
        <source>記録の取り込み</source>
        <translation>Import records</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="137"/>
        <source>Excel(.xlsx)か CSV(UTF-8・Shift_JIS)の事業者一覧や訪問記録を取り込みます。見出しの列名から取り込み先を選んであります。違うところは「列の割り当て」で選び直してください。</source>
        <translation>Imports lists of businesses or visits from Excel (.xlsx) or CSV (UTF-8 or Shift_JIS). Where each column goes has been chosen from its heading; choose again under &quot;Column mapping&quot; where it is wrong.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="141"/>
        <source>ファイルを選んでください</source>
        <translation>Choose a file</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="142"/>
        <source>ファイルを選ぶ…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="145"/>
        <source>事業者</source>
        <translation>Businesses</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="146"/>
        <source>訪問記録</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="149"/>
        <source>取り込まない</source>
        <translation>Do not import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="150"/>
        <source>空欄の項目を補う</source>
        <translation>Fill in blank fields</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="152"/>
        <source>登録済みの事業者と同じ名前(株式会社などを除く)か同じ電話番号の行をどうするか。補う場合も、入力済みの項目は書き換えません。</source>
        <translation>What to do with rows that have the same name as a business already added (ignoring &quot;Co., Ltd.&quot; and the like) or the same phone number. Filling in never overwrites fields that already have a value.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="159"/>
        <source>ファイル</source>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="164"/>
        <source>種類</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="166"/>
        <source>登録済みと重複する事業者</source>
        <translation>Businesses already added</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="176"/>
        <source>ファイルの列</source>
        <translation>Column in the file</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="176"/>
        <source>最初の値</source>
        <translation>First value</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="176"/>
        <source>取り込み先</source>
        <translation>Import into</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="189"/>
        <source>列の割り当て</source>
        <translation>Column mapping</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="201"/>
        <source>プレビュー(先頭 {count} 行)</source>
        <translation>Preview (first {count} rows)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="207"/>
        <source>取り込めない行・重複する行</source>
        <translation>Rows that cannot be imported or are duplicates</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="231"/>
        <location filename="../../build/i18n/dynamic_messages.py" line="10"/>
        <source>取り込む</source>
        <extracomment>companion/ui/dialogs/record_import.py:84</extracomment>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="235"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="274"/>
        <source>取り込むファイルを選ぶ</source>
        <translation>Choose the file to import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="275"/>
        <source>Excel・CSV (*.xlsx *.csv *.txt);;すべてのファイル (*)</source>
        <translation>Excel and CSV (*.xlsx *.csv *.txt);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="284"/>
        <source>読み込んでいます…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="297"/>
        <source>シート「{sheet}」</source>
        <translation>sheet &quot;{sheet}&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="298"/>
        <source>文字コード {encoding}</source>
        <translation>encoding {encoding}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="299"/>
        <source>{name}({where}、{count}行)</source>
        <translation>{name} ({where}, {count} rows)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="340"/>
        <source>必ず選ぶ項目: {labels}</source>
        <translation>Required fields: {labels}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="359"/>
        <source>(取り込まない)</source>
        <translation>(do not import)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="400"/>
        <source>確かめています…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="419"/>
        <source>{row}行目 不可: {reason}</source>
        <translation>Row {row} rejected: {reason}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="420"/>
        <source>{row}行目 重複: {reason}</source>
        <translation>Row {row} duplicate: {reason}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="424"/>
        <source>取り込み {imported}件、重複 {duplicates}件、不可 {rejected}件</source>
        <translation>To import: {imported}, duplicates: {duplicates}, rejected: {rejected}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="447"/>
        <source>{name} の取り込み</source>
        <translation>Import {name}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="451"/>
        <source>取り込んでいます…</source>
        <translation>Importing…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="459"/>
        <source>{count}件を取り込み、{merged}件の空欄を補いました(元に戻す: Ctrl+Z)</source>
        <translation>Imported {count} record(s) and filled in blanks in {merged} (undo: Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/record_import.py" line="461"/>
        <source>{count}件を取り込みました(元に戻す: Ctrl+Z)</source>
        <translation>Imported {count} record(s) (undo: Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="6"/>
        <source>行</source>
        <extracomment>companion/ui/dialogs/record_import.py:96</extracomment>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="8"/>
        <source>状態</source>
        <extracomment>companion/ui/dialogs/record_import.py:98</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="12"/>
        <source>重複</source>
        <extracomment>companion/ui/dialogs/record_import.py:84</extracomment>
        <translation>Duplicate</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="14"/>
        <source>不可</source>
        <extracomment>companion/ui/dialogs/record_import.py:84</extracomment>
        <translation>Rejected</translation>
    </message>
</context>
<context>
    <name>RedFlagPanel</name>
    <message>
        <location filename="../../companion/ui/widgets/red_flags.py" line="50"/>
        <source>注意事項(規則による判定)</source>
        <translation>Red flags (found by the rules)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/red_flags.py" line="64"/>
        <source>規則に当てはまる注意事項はありません。</source>
        <translation>No red flags: no rule applies.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/red_flags.py" line="76"/>
        <source>{title} {n}件</source>
        <translation>{title}: {n}</translation>
    </message>
</context>
<context>
    <name>RedFlagTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="42"/>
        <source>規則</source>
        <extracomment>companion/ui/models/disclosure_table.py:118</extracomment>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="44"/>
        <source>開示</source>
        <extracomment>companion/ui/models/disclosure_table.py:119</extracomment>
        <translation>Disclosure</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="46"/>
        <source>理由</source>
        <extracomment>companion/ui/models/disclosure_table.py:120</extracomment>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ReferralExportDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="71"/>
        <source>引き継ぎパッケージを作成</source>
        <translation>Create referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="72"/>
        <source>作成</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="80"/>
        <source>行動計画</source>
        <translation>Action plan</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="81"/>
        <source>指標(目標と実績)</source>
        <translation>KPIs (targets and actuals)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="82"/>
        <source>添付ファイル</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="85"/>
        <source>すべての訪問記録</source>
        <translation>All visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="86"/>
        <source>選んだ訪問記録だけ</source>
        <translation>Only the chosen visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="87"/>
        <source>訪問記録を含めない</source>
        <translation>No visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="98"/>
        <source>含めるもの</source>
        <translation>What to include</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="100"/>
        <source>事業者と案件(本質的課題を含む)は必ず含めます。</source>
        <translation>The business and the engagement (with its essential issue) are always included.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="107"/>
        <source>利益相反の開示・注意事項・第三者レビュー・署名付きの記録、報酬条件、委託元、【非開示】の行は含めません。</source>
        <translation>Conflict-of-interest disclosures, red flags, third-party reviews, signed records, fee terms, the sponsor and lines marked private are never included.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="114"/>
        <source>例: 支援の経過と計画をゆざわ-Bizへ引き継ぐこと</source>
        <translation>e.g. Hand the support history and the plan over to Yuzawa-Biz</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="117"/>
        <source>口頭</source>
        <translation>Orally</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="117"/>
        <source>書面</source>
        <translation>In writing</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="117"/>
        <source>メール</source>
        <translation>By e-mail</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="121"/>
        <source>口頭・書面・メールなど</source>
        <translation>Orally, in writing, by e-mail…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="124"/>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="251"/>
        <source>相手の連絡先カード</source>
        <translation>The recipient&apos;s contact card</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="125"/>
        <source>パスフレーズ(電話などで伝える)</source>
        <translation>A passphrase (tell it by phone or the like)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="131"/>
        <source>相手が「連絡先カードを書き出す」で作ったファイル</source>
        <translation>The file the recipient made with &quot;Export contact card&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="133"/>
        <source>カードを選ぶ…</source>
        <translation>Choose card…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="137"/>
        <source>相手に電話などで鍵の指紋を読み上げてもらい、一致することを確かめてください。</source>
        <translation>Ask the recipient to read out their key fingerprint (by phone or the like) and check that it matches.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="143"/>
        <source>10文字以上</source>
        <translation>At least 10 characters</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="146"/>
        <source>もう一度</source>
        <translation>Again</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="159"/>
        <source>(設定 → 氏名 が空です)</source>
        <translation>(Settings → Name is empty)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="160"/>
        <source>送り主:</source>
        <translation>Sender:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="161"/>
        <source>同意を得た日:</source>
        <translation>Consent date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="162"/>
        <source>同意の範囲:</source>
        <translation>Scope of consent:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="163"/>
        <source>同意の方法:</source>
        <translation>How consent was given:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="164"/>
        <source>宛先:</source>
        <translation>To:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="170"/>
        <source>{client}の案件を、別のセンター・支援者に引き継ぐファイルを作ります。相手の連絡先カード(またはパスフレーズ)で暗号化し、あなたの鍵で署名します。事業者の同意を記録してください。</source>
        <translation>Creates a file that hands {client}&apos;s engagement over to another centre or supporter. It is encrypted for the recipient&apos;s contact card (or with a passphrase) and signed with your key. Record the business&apos;s consent.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="182"/>
        <source>保存先:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="207"/>
        <source>行動計画({n}項目)</source>
        <translation>Action plan ({n} items)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="208"/>
        <source>指標(目標と実績、{n}件)</source>
        <translation>KPIs (targets and actuals, {n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="210"/>
        <source>添付ファイル({n}件)</source>
        <translation>Attachments ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="211"/>
        <source>すべての訪問記録({n}件)</source>
        <translation>All visits ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="217"/>
        <source>  (添付 {n})</source>
        <translation>  ({n} attachments)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="226"/>
        <source>パスフレーズ</source>
        <translation>whoever knows the passphrase</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="227"/>
        <source>この案件は {when} に {who} へ引き継ぎパッケージを作成済みです。</source>
        <translation>A referral package for this engagement was already created on {when}, for {who}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="252"/>
        <source>連絡先カード (*{suffix});;すべてのファイル (*)</source>
        <translation>Contact cards (*{suffix});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="272"/>
        <source>{who}
鍵の指紋 {fingerprint}</source>
        <translation>{who}
Key fingerprint {fingerprint}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="290"/>
        <source>引き継ぎパッケージ (*{suffix})</source>
        <translation>Referral package (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="293"/>
        <source>引き継ぎ_{client}_{day}</source>
        <translation>Referral_{client}_{day}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="302"/>
        <source>同意を得た日</source>
        <translation>Consent date</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="309"/>
        <source>相手の連絡先カードを選んでください(読み込めたカードだけ使えます)。</source>
        <translation>Choose the recipient&apos;s contact card (only a card that could be read can be used).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="314"/>
        <source>二つのパスフレーズが一致しません。</source>
        <translation>The two passphrases do not match.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="318"/>
        <source>含める訪問記録にチェックを付けてください(含めないときは「訪問記録を含めない」)。</source>
        <translation>Tick the visits to include (to include none, choose &quot;No visits&quot;).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="324"/>
        <source>引き継ぎパッケージの作成</source>
        <translation>Create referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="334"/>
        <source>パスフレーズを知っている人</source>
        <translation>whoever knows the passphrase</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="335"/>
        <source>引き継ぎパッケージを作成しました(宛先: {who}、訪問記録 {visits}件・添付 {files}件)。</source>
        <translation>Referral package created (to: {who}; {visits} visits, {files} attachments).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="339"/>
        <source>パスフレーズはファイルとは別に、電話などで伝えてください。</source>
        <translation>Tell them the passphrase separately from the file, by phone or the like.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_export.py" line="343"/>
        <source>引き継ぎパッケージを作成しています…</source>
        <translation>Creating the referral package…</translation>
    </message>
</context>
<context>
    <name>ReferralImportDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="67"/>
        <source>引き継ぎパッケージを取り込む</source>
        <translation>Import referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="71"/>
        <source>送り主から届いたファイル(*{suffix})</source>
        <translation>The file from the sender (*{suffix})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="73"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="80"/>
        <source>送り主から電話などで聞いたパスフレーズ</source>
        <translation>The passphrase the sender told you (by phone or the like)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="82"/>
        <source>開く</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="92"/>
        <source>ファイルを選ぶと、中身と含まれないものがここに表示されます。</source>
        <translation>Choose a file to see here what it contains and what it leaves out.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="105"/>
        <source>ファイル:</source>
        <translation>File:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="106"/>
        <source>送り主:</source>
        <translation>Sender:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="107"/>
        <source>パスフレーズ:</source>
        <translation>Passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="109"/>
        <source>取り込む</source>
        <translation>Import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="112"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="121"/>
        <source>別のセンター・支援者から届いた引き継ぎパッケージを、新しい案件として取り込みます。取り込む前に、送り主の署名と鍵の指紋、中身、含まれないものを確かめてください。</source>
        <translation>Imports a referral package from another centre or supporter as a new engagement. Before importing, check the sender&apos;s signature and key fingerprint, what it contains and what it leaves out.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="143"/>
        <source>引き継ぎパッケージ</source>
        <translation>Referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="144"/>
        <source>引き継ぎパッケージ (*{suffix});;すべてのファイル (*)</source>
        <translation>Referral packages (*{suffix});;All files (*)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="183"/>
        <source>{sender}
鍵の指紋 {fingerprint}(署名を確認しました。作成 {when})
送り主に電話などで指紋を読み上げてもらい、一致することを確かめてください。</source>
        <translation>{sender}
Key fingerprint {fingerprint} (signature verified; created {when})
Ask the sender to read out the fingerprint (by phone or the like) and check that it matches.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="203"/>
        <source>パスフレーズを入力してください。</source>
        <translation>Enter the passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="215"/>
        <source>このパッケージは {when} に取り込み済みです(案件「{title}」)。同じパッケージを二度は取り込みません。</source>
        <translation>This package was already imported on {when} (engagement &quot;{title}&quot;). A package is imported only once.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="226"/>
        <source>登録済みの「{name}」に結び付けます</source>
        <translation>will be linked to the existing &quot;{name}&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="227"/>
        <source>新しい事業者として登録します</source>
        <translation>will be added as a new business</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="230"/>
        <source>案件: {title}</source>
        <translation>Engagement: {title}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="231"/>
        <source>事業者: {name} {place}({what})</source>
        <translation>Business: {name} {place} ({what})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="233"/>
        <source>事業者の同意: {day} {how} — {scope}</source>
        <translation>Business&apos;s consent: {day} {how} — {scope}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="236"/>
        <source>含まれるもの: 訪問記録 {visits}件、添付ファイル {files}件、行動計画 {plan}項目、指標 {kpis}件</source>
        <translation>Included: {visits} visits, {files} attachments, {plan} plan items, {kpis} KPIs</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="239"/>
        <source>含まれないもの(送り主の手元に残ったもの):</source>
        <translation>Not included (kept by the sender):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="241"/>
        <source>選ばれなかった訪問記録 {n}件</source>
        <translation>{n} visits not chosen</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="242"/>
        <source>下書きの訪問記録 {n}件</source>
        <translation>{n} draft visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="243"/>
        <source>添付ファイル {n}件</source>
        <translation>{n} attachments</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="244"/>
        <source>行動計画 {n}項目</source>
        <translation>{n} plan items</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="245"/>
        <source>合意した計画の記録 {n}件</source>
        <translation>{n} agreed plan versions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="246"/>
        <source>指標 {n}件</source>
        <translation>{n} KPIs</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="247"/>
        <source>報告書の所見 {n}件</source>
        <translation>{n} report findings</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="248"/>
        <source>【非開示】の行 {n}行</source>
        <translation>{n} lines marked private</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="252"/>
        <source>報酬条件</source>
        <translation>Fee terms</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="254"/>
        <source>委託元</source>
        <translation>Sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="255"/>
        <source>利益相反の開示・注意事項・第三者レビュー・署名付きの記録(一切含まれません)</source>
        <translation>Conflict-of-interest disclosures, red flags, third-party reviews and signed records (never included)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="257"/>
        <source>訪問記録:</source>
        <translation>Visits:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="285"/>
        <source>引き継ぎパッケージの取り込み</source>
        <translation>Import referral package</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="290"/>
        <source>引き継ぎパッケージを取り込んでいます…</source>
        <translation>Importing the referral package…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="294"/>
        <source>事業者「{name}」を新しく登録しました。</source>
        <translation>Added the new business &quot;{name}&quot;.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="295"/>
        <source>登録済みの事業者「{name}」に結び付けました。</source>
        <translation>Linked to the existing business &quot;{name}&quot;.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/referral_import.py" line="296"/>
        <source>新しい案件「{title}」として取り込みました。{client}(引き継ぎ元: {sender})</source>
        <translation>Imported as the new engagement &quot;{title}&quot;. {client} (referred by: {sender})</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="244"/>
        <source>報告書を作成</source>
        <translation>Create report</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="245"/>
        <source>作成</source>
        <translation>Create</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="256"/>
        <location filename="../../companion/ui/dialogs/export_report.py" line="336"/>
        <source>全期間</source>
        <translation>Whole period</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="265"/>
        <source>設定の書式: {name}</source>
        <translation>Template from Settings: {name}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="267"/>
        <source>標準の書式</source>
        <translation>Standard template</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="268"/>
        <source>ファイルを選ぶ…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="274"/>
        <source>例: 佐藤 みのり</source>
        <translation>e.g. Minori Sato</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="276"/>
        <source>例: ゆざわ-Biz</source>
        <translation>e.g. Yuzawa-Biz</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="278"/>
        <source>例: 中小企業診断士(空欄可)</source>
        <translation>e.g. SME management consultant (may be blank)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="280"/>
        <source>設定の値が入っています。ここで変えた値はこの報告書だけに使います。</source>
        <translation>Filled in from Settings. A change made here applies to this report only.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="286"/>
        <source>表紙と署名に載る報告日(既定は今日)</source>
        <translation>Report date on the cover and signature (default: today)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="288"/>
        <source>和暦(令和7年4月1日)</source>
        <translation>Japanese era (Reiwa 7, April 1)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="289"/>
        <source>西暦(2025年4月1日)</source>
        <translation>Western calendar (April 1, 2025)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="298"/>
        <source>令和元年度と書く</source>
        <translation>Write FY2019 as &quot;Reiwa gannen&quot;</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="300"/>
        <source>2019年度を「令和1年度」でなく「令和元年度」と書きます(委託元の様式に合わせるとき)</source>
        <translation>Writes fiscal 2019 as &quot;Reiwa gannen&quot; (first year) instead of &quot;Reiwa 1&quot; (to match the sponsor&apos;s form)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="302"/>
        <source>訪問記録の全文を載せる</source>
        <translation>Include visit notes in full</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="304"/>
        <source>訪問の要点と次の行動を切らずに全文で載せます(既定は文の切れ目で短くします)。非開示の項目は全文でも載りません。</source>
        <translation>Include the key points and next actions of each visit in full, without shortening them (by default they are cut at a sentence break). Items marked as not for disclosure are left out even in full.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="311"/>
        <source>対象:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="312"/>
        <source>書式:</source>
        <translation>Template:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="313"/>
        <source>報告者 氏名:</source>
        <translation>Reporter name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="314"/>
        <source>所属:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="315"/>
        <source>資格:</source>
        <translation>Qualifications:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="316"/>
        <source>報告日:</source>
        <translation>Report date:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="317"/>
        <source>日付:</source>
        <translation>Dates:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="318"/>
        <source>載せ方:</source>
        <translation>Options:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="320"/>
        <source>{client}の実施報告書(Word)を作成します。表紙、支援の概要、行動計画の進み具合、指標の目標と実績、訪問の記録、利益相反の開示を含みます。</source>
        <translation>Creates the engagement report (Word) for {client}: cover, support overview, action plan progress, KPI targets and actuals, visit records and conflict-of-interest disclosures.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="331"/>
        <source>Word 文書 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="337"/>
        <source>実施報告書_{client}_{period}</source>
        <translation>Engagement report_{client}_{period}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="345"/>
        <source>報告書の書式(Word)</source>
        <translation>Report template (Word)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="346"/>
        <source>Word 文書・テンプレート (*.docx *.dotx)</source>
        <translation>Word documents and templates (*.docx *.dotx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="384"/>
        <source>報告書を作成しました。</source>
        <translation>Report created.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="387"/>
        <source>報告書を作成しています…</source>
        <translation>Creating the report…</translation>
    </message>
</context>
<context>
    <name>ReportNarrativeDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="40"/>
        <source>報告書の所見（{year}）</source>
        <translation>Report findings ({year})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="49"/>
        <source>実施報告書の「成果と今後の課題」「次年度の方針」「自走化の状況」に載せる文章です。成果と今後の課題が空欄なら、記録から作った要約（灰色の文）が載ります。ほかの空欄は「（記載なし）」と載ります。</source>
        <translation>Text for the &quot;Results and issues ahead&quot;, &quot;Plans for next fiscal year&quot; and &quot;Progress toward self-reliance&quot; sections of the engagement report. If &quot;Results and issues ahead&quot; is blank, a summary made from the records (the grey text) is used. Other blank sections read &quot;(not stated)&quot;.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="56"/>
        <source>記録から下書きを作る</source>
        <translation>Draft from the records</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="57"/>
        <source>記録から作った要約を「成果と今後の課題」に入れます（入力済みの文の後ろに足します）。</source>
        <translation>Adds a summary made from the records to &quot;Results and issues ahead&quot; (after any text already there).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="60"/>
        <source>前年度の文章を使う</source>
        <translation>Use last year&apos;s text</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="61"/>
        <source>前年度に書いた文章を、空欄の項目に入れます。</source>
        <translation>Fills the blank sections with the text written for the previous fiscal year.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="69"/>
        <source>成果と今後の課題:</source>
        <translation>Results and issues ahead:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="72"/>
        <source>次年度の方針:</source>
        <translation>Plans for next fiscal year:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="73"/>
        <source>{year}の方針</source>
        <translation>Plans for {year}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="75"/>
        <source>自走化の状況:</source>
        <translation>Progress toward self-reliance:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="76"/>
        <source>事業者が自分で回せるようになったこと、支援者の関わり方の変化</source>
        <translation>What the business can now run by itself, and how the supporter&apos;s involvement has changed</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="111"/>
        <source>{year}の文章を使う</source>
        <translation>Use the text from {year}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/report_narrative.py" line="144"/>
        <source>報告書の所見を保存</source>
        <translation>Save report findings</translation>
    </message>
</context>
<context>
    <name>RestoreConfirmDialog</name>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="159"/>
        <source>バックアップから復元</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="166"/>
        <source>{taken_at} のバックアップに戻します。

それ以降に入力・変更した内容は、データベースからなくなります。ただし、復元の前に現在の状態を自動でバックアップするので、必要になればその状態にまた戻せます。

復元の後、データを開き直して画面を読み込み直します。</source>
        <translation>Go back to the backup of {taken_at}.

Whatever was entered or changed after it will no longer be in the database. The current state is backed up automatically before restoring, so you can go back to it if you need to.

After restoring, the data is opened again and the screens are reloaded.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="172"/>
        <source>{taken_at} のバックアップに戻すと、第三者レビューに使う署名付きの記録(開示と署名鍵)が {count} 件失われます。

レビュー担当者が受け取った記録より短くなると、次のバンドルの検証で食い違いが見つかります。戻したことは復元の履歴(restore-history.jsonl)に残ります。

それでも戻しますか?</source>
        <translation>Going back to the backup of {taken_at} loses {count} signed record(s) used for third-party review (disclosures and signing keys).

If the records become shorter than what the reviewer has received, verifying the next bundle will find a mismatch. The restore is noted in the restore history (restore-history.jsonl).

Restore anyway?</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="183"/>
        <source>復元する</source>
        <translation>Restore</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="183"/>
        <source>記録を失っても復元する</source>
        <translation>Restore and lose the records</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="185"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReviewTables</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="280"/>
        <source>・</source>
        <extracomment>companion/ui/models/review_tables.py:71</extracomment>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="282"/>
        <source>応答あり</source>
        <extracomment>companion/ui/models/review_tables.py:44</extracomment>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="284"/>
        <source>応答待ち</source>
        <extracomment>companion/ui/models/review_tables.py:44</extracomment>
        <translation>Awaiting answer</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="286"/>
        <source>(未記載)</source>
        <extracomment>companion/ui/models/review_tables.py:110</extracomment>
        <translation>(not given)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="288"/>
        <source>{amount}円</source>
        <extracomment>companion/ui/models/review_tables.py:263</extracomment>
        <translation>¥{amount}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="290"/>
        <source>{n}件</source>
        <extracomment>companion/ui/models/review_tables.py:43</extracomment>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="292"/>
        <source>(※レビュー後に内容が書き換えられています)</source>
        <extracomment>companion/ui/models/review_tables.py:86</extracomment>
        <translation>(* changed after it was reviewed)</translation>
    </message>
</context>
<context>
    <name>ReviewerKeyDialog</name>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="164"/>
        <source>レビュー用の署名鍵</source>
        <translation>Review signing key</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="154"/>
        <source>応答に署名するあなた専用の鍵を作ります。鍵はこのパソコンのキーリングと、パスフレーズで暗号化したファイル(データフォルダの reviewer-key.json)に保管されます。別のパソコンで同じ鍵を使うときや、キーリングが使えないときにこのパスフレーズが必要です({n}文字以上、日本語も使えます)。</source>
        <translation>Creates your own key to sign responses. It is kept in this computer&apos;s keyring and in a file encrypted with a passphrase (reviewer-key.json in the data folder). You need this passphrase to use the same key on another computer or when the keyring cannot be used (at least {n} characters; Japanese is fine).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="160"/>
        <source>レビュー用の署名鍵のパスフレーズを入力してください。</source>
        <translation>Enter the passphrase of your review signing key.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="165"/>
        <source>鍵を作って署名</source>
        <translation>Create key and sign</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="166"/>
        <source>署名</source>
        <translation>Sign</translation>
    </message>
</context>
<context>
    <name>ReviewerWindow</name>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="202"/>
        <source>レビューバンドル — Companion(レビュー担当者)</source>
        <translation>Review bundle — Companion (reviewer)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="208"/>
        <source>バンドルを検証しています…</source>
        <translation>Verifying the bundle…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="225"/>
        <source>支援者:</source>
        <translation>Supporter:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="226"/>
        <source>鍵の指紋:</source>
        <translation>Key fingerprint:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="227"/>
        <source>期間・作成:</source>
        <translation>Period / created:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="228"/>
        <source>記録:</source>
        <translation>Records:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="235"/>
        <source>過去の版も表示</source>
        <translation>Show earlier versions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="248"/>
        <source>所見</source>
        <translation>Finding</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="249"/>
        <source>版を選んでください。</source>
        <translation>Select a version.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="251"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="405"/>
        <source>(選んでください)</source>
        <translation>(choose one)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="255"/>
        <source>管理下で容認の条件(例: 年1回、出資先の評価を別の支援者が行う)</source>
        <translation>Conditions for accepting under safeguards (e.g. once a year another supporter assesses the investee)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="258"/>
        <source>コメント(要是正・情報不足では必須)</source>
        <translation>Comment (required for &quot;needs correction&quot; and &quot;insufficient information&quot;)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="263"/>
        <source>所見を記録(Ctrl+Enter)</source>
        <translation>Record finding (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="268"/>
        <source>所見:</source>
        <translation>Finding:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="269"/>
        <source>条件:</source>
        <translation>Conditions:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="270"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="416"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="889"/>
        <source>コメント:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="308"/>
        <source>案件</source>
        <translation>Engagements</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="309"/>
        <source>訪問の要約(期間内)</source>
        <translation>Visit summary (within the period)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="313"/>
        <source>バンドルに含まれる案件と、期間内の訪問の件数・時間です。開示された出資・役員就任などと、支援している案件や報酬の関係を確かめるのに使ってください。</source>
        <translation>The engagements in the bundle, with the number and hours of visits within the period. Use them to check how disclosed investments, board seats and so on relate to the engagements supported and their fees.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="328"/>
        <source>開示と所見</source>
        <translation>Disclosures and findings</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="329"/>
        <source>注意事項</source>
        <translation>Red flags</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="330"/>
        <source>案件と訪問</source>
        <translation>Engagements and visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="334"/>
        <source>例: 高橋 誠(中小企業診断士)</source>
        <translation>e.g. Makoto Takahashi (SME management consultant)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="336"/>
        <source>例: みちのく経営研究所</source>
        <translation>e.g. Michinoku Management Institute</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="338"/>
        <source>全体のコメント(任意)</source>
        <translation>Overall comment (optional)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="342"/>
        <source>署名して応答を書き出す…(Ctrl+S)</source>
        <translation>Sign and write the response… (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="344"/>
        <source>応答</source>
        <translation>Response</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="346"/>
        <source>担当者:</source>
        <translation>Reviewer:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="348"/>
        <source>所属:</source>
        <translation>Organisation:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="351"/>
        <source>全体のコメント:</source>
        <translation>Overall comment:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="362"/>
        <source>支援者に連絡して、バンドルを書き出し直して送ってもらってください。メールの添付サイズの制限やUSB メモリの取り外しで、ファイルが途中で切れることがあります。</source>
        <translation>Contact the supporter and ask them to write the bundle again and resend it. Files can be cut short by e-mail attachment limits or by removing a USB stick too early.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="401"/>
        <source>注意事項への判断</source>
        <translation>Judgement of the red flag</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="402"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="873"/>
        <source>注意事項を選んでください。</source>
        <translation>Select a red flag.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="409"/>
        <source>例: 佐藤 みのり(支援者本人)</source>
        <translation>e.g. Minori Sato (the practitioner)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="411"/>
        <source>例: 成果報酬の算定根拠を委託元に書面で報告する</source>
        <translation>e.g. Report the basis of the success fee to the sponsor in writing</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="414"/>
        <source>(期限を選んでください)</source>
        <translation>(choose a due date)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="419"/>
        <source>要説明では、支援者に説明を求める事項(必須)</source>
        <translation>For an explanation request, the question for the practitioner (required)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="424"/>
        <source>判断を記録(Ctrl+Enter)</source>
        <translation>Record judgement (Ctrl+Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="431"/>
        <source>担当:</source>
        <translation>Owner:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="431"/>
        <source>対応:</source>
        <translation>Action:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="431"/>
        <source>期限:</source>
        <translation>Due:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="433"/>
        <source>判断:</source>
        <translation>Judgement:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="464"/>
        <source>支援者のアプリが規則で判定した注意事項です(入力されたものではありません)。それぞれの理由を確かめ、注意事項ごとに判断を記録してください。判断は応答に署名して含まれ、要対応・要説明は支援者のホームに対応が済むまで表示されます。</source>
        <translation>These red flags were found by the practitioner&apos;s app from its rules (nobody typed them). Check each reason and record a judgement per red flag. Judgements are signed into your response; actions required and explanation requests stay on the practitioner&apos;s Home page until resolved.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="478"/>
        <source>ファイル(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="479"/>
        <source>別のレビューバンドルを開く…</source>
        <translation>Open another review bundle…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="483"/>
        <source>署名して応答を書き出す…</source>
        <translation>Sign and write the response…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="486"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1142"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="509"/>
        <source>{name} — レビュー(Companion)</source>
        <translation>{name} — Review (Companion)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="510"/>
        <source>{name} を検証しています…</source>
        <translation>Verifying {name}…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="524"/>
        <source>検証NG — バンドルを開けません: {message}</source>
        <translation>Verification FAILED — cannot open the bundle: {message}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="545"/>
        <source>検証OK — {file} は完全で、すべてのファイルのハッシュ、支援者の署名、記録 {n} 件のハッシュチェーンが正しいことを確認しました。</source>
        <translation>Verified — {file} is complete: the hashes of all its files, the supporter&apos;s signature and the hash chain of its {n} records are correct.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="550"/>
        <source>検証NG — {file} に問題が {n} 件見つかりました。以下の内容は信頼できません。支援者に確認し、送り直してもらってください。</source>
        <translation>Verification FAILED — {n} problem(s) found in {file}. What follows cannot be trusted. Check with the supporter and ask them to resend it.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="556"/>
        <source>検証NG — {file} はレビューバンドルとして読めません。何も表示していません。</source>
        <translation>Verification FAILED — {file} cannot be read as a review bundle. Nothing is shown.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="563"/>
        <source>(氏名の記載なし)</source>
        <translation>(no name given)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="567"/>
        <source>{start} 〜 {end}・作成 {created}</source>
        <translation>{start} – {end} · created {created}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="571"/>
        <source>記録 {n} 件・開示 {d} 件・注意事項 {f} 件・規則の版 {rules}・過去のレビュー応答 {r} 件</source>
        <translation>{n} records · {d} disclosures · {f} red flags · rules version {rules} · {r} earlier review responses</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="579"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1043"/>
        <source>あなたの署名鍵: {fp} …</source>
        <translation>Your signing key: {fp} …</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="580"/>
        <source>あなたの署名鍵は、最初に応答を書き出すときに作ります。</source>
        <translation>Your signing key is created when you first write a response.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="629"/>
        <source>前回の作業を戻しました(記録済みの所見 {n}件・入力途中 {t}件・注意事項への判断 {d}件)。</source>
        <translation>Your earlier work was restored ({n} recorded findings, {t} half-typed, {d} red-flag judgements).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="824"/>
        <source>バンドルに記載された注意事項 {n}件</source>
        <translation>{n} red flags in the bundle</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="825"/>
        <source>注意事項({n})</source>
        <translation>Red flags ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="596"/>
        <source>案件({n}件)</source>
        <translation>Engagements ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="598"/>
        <source>訪問の要約(期間内、{n}件の案件)</source>
        <translation>Visit summary (within the period, {n} engagements)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="600"/>
        <source>案件と訪問({n})</source>
        <translation>Engagements and visits ({n})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="633"/>
        <source>前回の作業を戻しました(記録済みの所見 {n}件・入力途中 {t}件)。</source>
        <translation>Your earlier work is back ({n} findings recorded, {t} being typed).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="637"/>
        <source>前回書き出した応答の所見 {n}件を表示しています。</source>
        <translation>Showing the {n} findings of the response written last time.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="646"/>
        <source>連続性の警告:</source>
        <translation>Continuity warning:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="649"/>
        <source>連続性:</source>
        <translation>Continuity:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="674"/>
        <source>最新版の所見: {done} / {total}件(全体 {all}件記録)</source>
        <translation>Findings on latest versions: {done} / {total} ({all} recorded in all)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="693"/>
        <source>開示{n} 第{v}版({counterpart})への所見</source>
        <translation>Finding on disclosure {n}, version {v} ({counterpart})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="748"/>
        <source>(最初の版)</source>
        <translation>(first version)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="751"/>
        <source>内容の変更なし</source>
        <translation>Content unchanged</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="759"/>
        <source>開示{n}の履歴(全{count}版)</source>
        <translation>History of disclosure {n} ({count} versions)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="836"/>
        <source>{d}(期限 {due})</source>
        <translation>{d} (due {due})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="843"/>
        <source>判断済み: {done} / {total}件</source>
        <translation>Judged: {done} / {total}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="876"/>
        <source>この注意事項には識別子がありません(以前の版のアプリで書き出したバンドル)。判断は記録できません。関係する開示の所見に反映してください。</source>
        <translation>This red flag has no identifier (a bundle written by an earlier version of the app). A judgement cannot be recorded; reflect it in the findings of the disclosures concerned.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="879"/>
        <source>【{rule}】{reason}</source>
        <translation>[{rule}] {reason}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="888"/>
        <source>説明を求める事項:</source>
        <translation>Question:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="908"/>
        <source>判断(問題なし・要対応・要説明)を選んでください。</source>
        <translation>Choose a judgement (no issue, action required or explanation requested).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="917"/>
        <source>要対応には、対応の担当(誰が対応するか)を入力してください。</source>
        <translation>Action required needs an owner (who will act).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="921"/>
        <source>要対応には、対応(何をするか)を入力してください。</source>
        <translation>Action required needs the action (what will be done).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="925"/>
        <source>要対応には、対応の期限を選んでください。</source>
        <translation>Action required needs a due date.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="928"/>
        <source>期限が今日より前です。今日以降の日付を選んでください。</source>
        <translation>The due date is before today. Choose today or a later day.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="934"/>
        <source>要説明には、支援者に説明を求める事項を入力してください。</source>
        <translation>An explanation request needs the question for the practitioner.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="951"/>
        <source>注意事項【{rule}】に「{d}」を記録しました。</source>
        <translation>Recorded &quot;{d}&quot; for the red flag [{rule}].</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1038"/>
        <source>応答を書き出しました(所見 {n}件・注意事項への判断 {d}件): {path}
このファイルを支援者に送ってください。あなたの鍵の指紋 {fp} … は電話など別の経路で伝えてください。</source>
        <translation>Response written ({n} findings, {d} red-flag judgements): {path}
Send this file to the practitioner. Tell them your key fingerprint {fp} … by another channel, such as a phone call.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1137"/>
        <source>応答を書き出していない所見</source>
        <translation>Findings not written to a response</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1138"/>
        <source>まだ応答として書き出していない所見が {n}件あります。
所見は下書きとして保存されていて、このバンドルをもう一度開くと戻ります。閉じますか?</source>
        <translation>{n} finding(s) have not been written to a response yet.
They are saved as drafts and come back when you open this bundle again. Close?</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="779"/>
        <source>所見を選んでください。</source>
        <translation>Choose a finding.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="799"/>
        <source>開示{n} 第{v}版に「{finding}」を記録しました。</source>
        <translation>Recorded &quot;{finding}&quot; for disclosure {n}, version {v}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="972"/>
        <source>応答の保存先</source>
        <translation>Save the response as</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="972"/>
        <source>レビュー応答 (*.json)</source>
        <translation>Review response (*.json)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="990"/>
        <source>ほか {n}件</source>
        <translation>and {n} more</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="991"/>
        <source>所見のない開示があります</source>
        <translation>Some disclosures have no finding</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="992"/>
        <source>次の開示にはまだ所見がありません:
{names}

このまま応答を書き出しますか?</source>
        <translation>These disclosures have no finding yet:
{names}

Write the response anyway?</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="995"/>
        <source>このまま書き出す</source>
        <translation>Write anyway</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="996"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1143"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1027"/>
        <source>署名しています…</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1016"/>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1062"/>
        <source>応答を書き出せませんでした: {message}</source>
        <translation>Could not write the response: {message}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviewer_mode.py" line="1080"/>
        <source>書き出しを取りやめました。</source>
        <translation>Writing was cancelled.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="378"/>
        <source>レビューバンドルを開く</source>
        <extracomment>companion/ui/views/reviewer_mode.py:136</extracomment>
        <translation>Open review bundle</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="380"/>
        <source>レビューバンドル (*.zip);;すべてのファイル (*)</source>
        <extracomment>companion/ui/views/reviewer_mode.py:137</extracomment>
        <translation>Review bundles (*.zip);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="382"/>
        <source>開示{n} 第{v}版</source>
        <extracomment>companion/ui/views/reviewer_mode.py:116</extracomment>
        <translation>Disclosure {n}, version {v}</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="384"/>
        <source>所見の下書きを保存できませんでした: {message}</source>
        <extracomment>companion/ui/views/reviewer_mode.py:1121</extracomment>
        <translation>Could not save the finding drafts: {message}</translation>
    </message>
</context>
<context>
    <name>ReviewsPage</name>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="141"/>
        <source>レビューバンドルを書き出す…</source>
        <translation>Export review bundle…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="144"/>
        <source>レビュー結果を取り込む…</source>
        <translation>Import review results…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="150"/>
        <source>署名鍵: 読み込み中…</source>
        <translation>Signing key: loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="163"/>
        <location filename="../../companion/ui/views/reviews.py" line="372"/>
        <source>コピー</source>
        <translation>Copy</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="165"/>
        <source>チェックポイントの原文をクリップボードにコピーします(レビュー担当者に伝えるとき)</source>
        <translation>Copy the checkpoint&apos;s original text to the clipboard (to pass on to the reviewer)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="173"/>
        <source>1. レビューバンドルを書き出す</source>
        <translation>1. Export a review bundle</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="175"/>
        <source>訪問・案件の期間:</source>
        <translation>Period of visits and engagements:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="183"/>
        <source>開示とそのすべての版、注意事項、案件と訪問の要約を、署名付きの .zip にまとめます。開示は期間にかかわらずすべて含まれます。</source>
        <translation>Puts the disclosures with all their versions, the red flags, and a summary of engagements and visits into a signed .zip. Every disclosure is included, whatever the period.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="195"/>
        <source>まだバンドルを書き出していません。</source>
        <translation>No bundle exported yet.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="199"/>
        <source>送ったバンドル</source>
        <translation>Bundles sent</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="219"/>
        <source>取り込んだレビューはまだありません。
バンドルを書き出してレビュー担当者に送り、返ってきた署名付きの応答ファイル(.json)を「レビュー結果を取り込む」(Ctrl+I)で取り込むと、開示の版ごとの所見がここに表示されます。</source>
        <translation>No reviews imported yet.
Export a bundle and send it to the reviewer; import the signed response file (.json) they send back with &quot;Import review results&quot; (Ctrl+I), and the findings on each disclosure version appear here.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="229"/>
        <source>2. 受け取ったレビュー</source>
        <translation>2. Reviews received</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="242"/>
        <source>第三者レビュー</source>
        <translation>Third-party review</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="244"/>
        <source>支援先への出資・役員就任・顧問契約などの利益相反を、支援機関や監査役など第三者に確認してもらいます。担当者はバンドルが改ざんされていないことをオフラインで確かめ、開示の版ごとに所見(問題なし/管理下で容認/要是正/情報不足)を付けた署名付きの応答を返します。</source>
        <translation>Have a third party, such as a support organisation or an auditor, check conflicts of interest: investments in businesses you support, board seats, advisory contracts. The reviewer checks offline that the bundle has not been tampered with and returns a signed response with a finding on each disclosure version (no issue / accepted under safeguards / needs correction / insufficient information).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="268"/>
        <source>あなたの署名鍵の指紋: {fp}…(レビュー担当者には電話など別の経路で伝えてください)</source>
        <translation>Your signing key fingerprint: {fp}… (tell the reviewer another way, such as by phone)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="271"/>
        <source>署名鍵は最初の開示または書き出しのときに作られます。</source>
        <translation>The signing key is created with the first disclosure or export.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="301"/>
        <source>レビューバンドルの保存先</source>
        <translation>Save the review bundle as</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="302"/>
        <source>レビューバンドル (*.zip)</source>
        <translation>Review bundles (*.zip)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="320"/>
        <source>期間の終わりが始まりより前です。</source>
        <translation>The end of the period is before its start.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="327"/>
        <source>レビューバンドルの書き出し</source>
        <translation>Export review bundle</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="328"/>
        <source>レビュー用の鍵の作成</source>
        <translation>Create review key</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="338"/>
        <source>レビューバンドルを書き出しています…</source>
        <translation>Exporting the review bundle…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="346"/>
        <source>書き出したファイルの検証で問題が見つかりました: {problems}</source>
        <translation>Checking the exported file found problems: {problems}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="351"/>
        <source>書き出して検証しました(検証OK・{files}ファイル・記録 {size}件): {path}
鍵の指紋: {fp}…
レビュー担当者に送り、鍵の指紋は電話など別の経路で伝えてください。</source>
        <translation>Exported and verified (verification OK · {files} files · {size} records): {path}
Key fingerprint: {fp}…
Send it to the reviewer, and tell them the key fingerprint another way, such as by phone.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="369"/>
        <source>チェックポイント: {day}時点の開示記録(全{n}件)を確定した印です。次回のレビューでこの時点以降の変更だけを確認できます。</source>
        <translation>Checkpoint: marks the disclosure records as of {day} ({n} in all) as settled. The next review only needs to check changes made after it.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="381"/>
        <source>コピーしました</source>
        <translation>Copied</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="386"/>
        <source>書き出せませんでした: {message}</source>
        <translation>Could not export: {message}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="395"/>
        <source>レビュー結果(署名付きの応答)を開く</source>
        <translation>Open review results (a signed response)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="396"/>
        <source>レビュー応答 (*.json);;すべてのファイル (*)</source>
        <translation>Review responses (*.json);;All files (*)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="404"/>
        <source>{name} を確認しています…</source>
        <translation>Checking {name}…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="417"/>
        <source>取り込みませんでした(鍵の指紋を確認できなかったため)。</source>
        <translation>Not imported (the key fingerprint could not be confirmed).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="424"/>
        <source>レビュー結果の取り込み</source>
        <translation>Import review results</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="429"/>
        <source>{reviewer}さんのレビュー結果(所見 {n}件)を取り込みました。</source>
        <translation>Imported the review results of {reviewer} ({n} findings).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="432"/>
        <source>注意事項への判断 {n}件も取り込みました(対応が必要なものはホームに表示します)。</source>
        <translation>{n} red-flag judgements were imported too (those needing action are shown on Home).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="435"/>
        <source>取り込みは開示の記録(登録簿)に記録されるため、元に戻せません。</source>
        <translation>An import is recorded in the disclosure register, so it cannot be undone.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="443"/>
        <source>取り込めませんでした(何も取り込んでいません): {message}</source>
        <translation>Could not import (nothing was imported): {message}</translation>
    </message>
</context>
<context>
    <name>Scheme</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="556"/>
        <source>委託</source>
        <extracomment>companion/domain/enums.py:19</extracomment>
        <translation>Commissioned</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="558"/>
        <source>共同事業</source>
        <extracomment>companion/domain/enums.py:20</extracomment>
        <translation>Joint venture</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="560"/>
        <source>出資型</source>
        <extracomment>companion/domain/enums.py:21</extracomment>
        <translation>Investment-based</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="562"/>
        <source>SIB</source>
        <extracomment>companion/domain/enums.py:22</extracomment>
        <translation>SIB</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="564"/>
        <source>自主</source>
        <extracomment>companion/domain/enums.py:23</extracomment>
        <translation>Self-funded</translation>
    </message>
</context>
<context>
    <name>SearchGroupModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="294"/>
        <source>事業者・案件</source>
        <extracomment>companion/ui/models/search_groups.py:48</extracomment>
        <translation>Business / engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="296"/>
        <source>件数</source>
        <extracomment>companion/ui/models/search_groups.py:49</extracomment>
        <translation>Hits</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="298"/>
        <source>すべての案件</source>
        <extracomment>companion/ui/models/search_groups.py:41</extracomment>
        <translation>All engagements</translation>
    </message>
</context>
<context>
    <name>SearchHitModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="300"/>
        <source>種別</source>
        <extracomment>companion/ui/models/search_table.py:30</extracomment>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="302"/>
        <source>日付</source>
        <extracomment>companion/ui/models/search_table.py:31</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="304"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/search_table.py:32</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="306"/>
        <source>案件</source>
        <extracomment>companion/ui/models/search_table.py:33</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="308"/>
        <source>見出し</source>
        <extracomment>companion/ui/models/search_table.py:34</extracomment>
        <translation>Heading</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="310"/>
        <source>抜粋</source>
        <extracomment>companion/ui/models/search_table.py:35</extracomment>
        <translation>Excerpt</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="312"/>
        <source>訪問記録</source>
        <extracomment>companion/ui/models/search_table.py:19</extracomment>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="314"/>
        <source>計画</source>
        <extracomment>companion/ui/models/search_table.py:19</extracomment>
        <translation>Plan</translation>
    </message>
</context>
<context>
    <name>SearchResultsPage</name>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="176"/>
        <source>Enter またはダブルクリックで開く(訪問記録はその記録、ほかは案件)</source>
        <translation>Enter or double-click opens it (a visit opens that visit, anything else its engagement)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="198"/>
        <source>案件を選ぶと、その案件の結果だけを表示します</source>
        <translation>Select an engagement to show only its results</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="201"/>
        <source>期間</source>
        <translation>Period</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="203"/>
        <source>〜</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="214"/>
        <source>すべての方式</source>
        <translation>All modes</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="217"/>
        <source>方式を選ぶと訪問記録だけを探します</source>
        <translation>Choosing a mode searches visits only</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="219"/>
        <source>すべての委託元</source>
        <translation>All sponsors</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="221"/>
        <source>条件をクリア</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="239"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="242"/>
        <source>委託元</source>
        <translation>Sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="250"/>
        <source>訪問記録を開く</source>
        <translation>Open visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="251"/>
        <source>選んだ訪問記録を開いて読む(修正はそこから)</source>
        <translation>Open the selected visit to read it (amend it from there)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="262"/>
        <source>案件ごと</source>
        <translation>By engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="272"/>
        <source>検索結果</source>
        <translation>Search results</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="342"/>
        <source>「{query}」を検索しています…</source>
        <translation>Searching for &quot;{query}&quot;…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="361"/>
        <source>(条件: {filters})</source>
        <translation> (filters: {filters})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="361"/>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="373"/>
        <source>(新しい順に最大{limit}件)</source>
        <translation> (newest first, up to {limit})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="376"/>
        <source>「{query}」: {count}件{more}・{engagements}案件{filters}</source>
        <translation>&quot;{query}&quot;: {count} hits{more} · {engagements} engagements{filters}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="382"/>
        <source>
条件を外すと見つかるかもしれません。</source>
        <translation>
Clearing the filters may find some.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/search_results.py" line="380"/>
        <source>「{query}」を含む訪問記録・案件・計画は見つかりませんでした。
語を短くするか、別の言い方で試してください(空白で区切るとすべてを含むものを探します)。</source>
        <translation>No visits, engagements or plans contain &quot;{query}&quot;.
Try a shorter word or another way of saying it (words separated by spaces must all appear).</translation>
    </message>
</context>
<context>
    <name>SentBundleModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="220"/>
        <source>書き出し日時</source>
        <extracomment>companion/ui/models/review_tables.py:41</extracomment>
        <translation>Exported at</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="222"/>
        <source>ファイル</source>
        <extracomment>companion/ui/models/review_tables.py:42</extracomment>
        <translation>File</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="224"/>
        <source>記録</source>
        <extracomment>companion/ui/models/review_tables.py:43</extracomment>
        <translation>Records</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="226"/>
        <source>レビュー</source>
        <extracomment>companion/ui/models/review_tables.py:44</extracomment>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="228"/>
        <source>マニフェストの SHA-256</source>
        <extracomment>companion/ui/models/review_tables.py:45</extracomment>
        <translation>Manifest SHA-256</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="226"/>
        <source>自動(OS に合わせる)</source>
        <translation>Automatic (follow the system)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="226"/>
        <source>日本語</source>
        <translation>日本語</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="227"/>
        <source>English</source>
        <translation>English</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="261"/>
        <source>全般</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="262"/>
        <source>同期</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="265"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="274"/>
        <source>基本設定</source>
        <translation>General</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="295"/>
        <source>:</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="323"/>
        <location filename="../../companion/ui/views/settings.py" line="326"/>
        <source> 分</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="340"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="347"/>
        <source>バックアップ</source>
        <translation>Backups</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="353"/>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="353"/>
        <source>大きさ</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="362"/>
        <source>今すぐバックアップ</source>
        <translation>Back up now</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="364"/>
        <source>復元…</source>
        <translation>Restore…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="367"/>
        <source>フォルダを開く</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="385"/>
        <source>データの保護</source>
        <translation>Data protection</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="394"/>
        <source>表示</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="396"/>
        <source>レビュー用の署名鍵がまだないため、押すと鍵を作成して指紋を表示します。</source>
        <translation>There is no review signing key yet: pressing this creates one and shows its fingerprint.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="403"/>
        <location filename="../../companion/ui/views/settings.py" line="430"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="404"/>
        <source>復旧用パスフレーズを変更…</source>
        <translation>Change recovery passphrase…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="412"/>
        <source>キーリング:</source>
        <translation>Keyring:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="413"/>
        <source>復旧用パスフレーズ:</source>
        <translation>Recovery passphrase:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="414"/>
        <source>レビュー用の鍵の指紋:</source>
        <translation>Review key fingerprint:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="416"/>
        <source>第三者レビューの相手には、この指紋をバンドルとは別の経路(電話、対面など)で伝えてください。</source>
        <translation>Tell your third-party reviewer this fingerprint another way than the bundle (by phone, in person, …).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="420"/>
        <source>データの場所</source>
        <translation>Where the data is</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="431"/>
        <source>データフォルダを開く</source>
        <translation>Open data folder</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="435"/>
        <source>データフォルダ:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="436"/>
        <source>データベース:</source>
        <translation>Database:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="437"/>
        <source>スキーマ改訂:</source>
        <translation>Schema revision:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="438"/>
        <source>件数:</source>
        <translation>Records:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="439"/>
        <source>ログファイル:</source>
        <translation>Log file:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="441"/>
        <source>データベースは暗号化して保存されます。データフォルダを丸ごと別の場所に写せば、別のパソコンでも復旧用パスフレーズで開けます。</source>
        <translation>The database is stored encrypted. Copy the whole data folder elsewhere and it opens on another computer with the recovery passphrase.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="479"/>
        <source>(未設定)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="480"/>
        <source>案件 {engagements}件・訪問記録 {visits}件</source>
        <translation>Engagements: {engagements} · Visits: {visits}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="487"/>
        <source>このデータフォルダは暗号化されていないため、鍵はありません。</source>
        <translation>This data folder is not encrypted, so it has no key.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="489"/>
        <source>データの鍵は OS のキーリングに保管されています。起動時にパスフレーズは不要です。</source>
        <translation>The data key is kept in the system keyring. No passphrase is needed at start-up.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="492"/>
        <source>この環境では OS のキーリングが使えません。起動のたびに復旧用パスフレーズを入力します。</source>
        <translation>The system keyring cannot be used here. Enter the recovery passphrase at every start.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="495"/>
        <source>データの鍵がキーリングにありません。起動のたびに復旧用パスフレーズを入力します。</source>
        <translation>The data key is not in the keyring. Enter the recovery passphrase at every start.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="505"/>
        <source>(まだ作成されていません)</source>
        <translation>(not created yet)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="518"/>
        <source>レビュー用の鍵の作成</source>
        <translation>Create review key</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="537"/>
        <source>Word 文書(.docx)を指定してください。</source>
        <translation>Choose a Word document (.docx).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="539"/>
        <source>ファイルが見つかりません: {path}</source>
        <translation>File not found: {path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="543"/>
        <source>フォルダが見つかりません: {path}</source>
        <translation>Folder not found: {path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="545"/>
        <source>このフォルダには書き込めません: {path}</source>
        <translation>Cannot write to this folder: {path}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="566"/>
        <source>「{label}」を保存しました。</source>
        <translation>&quot;{label}&quot; saved.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="600"/>
        <source>(空欄)</source>
        <translation>(blank)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="602"/>
        <source>「{text}」は使えません。{low}〜{high} の整数を入力してください。</source>
        <translation>&quot;{text}&quot; cannot be used. Enter a whole number from {low} to {high}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="612"/>
        <source>バックアップ先のフォルダを選ぶ</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="618"/>
        <source>報告書のテンプレートを選ぶ</source>
        <translation>Choose the report template</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="620"/>
        <source>Word 文書 (*.docx)</source>
        <translation>Word documents (*.docx)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="648"/>
        <source> バイト</source>
        <translation> bytes</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="659"/>
        <source>まだありません</source>
        <translation>none yet</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="661"/>
        <source>最後のバックアップ: {last}
変更があると {minutes} 分ごとに最大1回、自動で作成します。終了するときにも作成します。
保存先: {where}</source>
        <translation>Last backup: {last}
After changes, a backup is made automatically, at most once every {minutes} minutes, and also on quitting.
Saved in: {where}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="665"/>
        <source>前回のバックアップに失敗しました: {error}</source>
        <translation>The last backup failed: {error}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="690"/>
        <source>バックアップを作成しています…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="696"/>
        <source>バックアップを作成しました({when})。</source>
        <translation>Backup made ({when}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="726"/>
        <source>バックアップから復元しています…</source>
        <translation>Restoring from the backup…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="730"/>
        <source>復元前の状態は {name} に保存しました。</source>
        <translation>The state before restoring was saved as {name}.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="732"/>
        <source>{name} から復元しました。{safety}</source>
        <translation>Restored from {name}. {safety}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="736"/>
        <source>復元したデータの検査で問題が見つかりました: {problems}</source>
        <translation>Checking the restored data found problems: {problems}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="758"/>
        <source>復元できませんでした: {error}</source>
        <translation>Could not restore: {error}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/settings.py" line="768"/>
        <source>復旧用パスフレーズを変更しました。新しいパスフレーズを紙に書いて保管してください。</source>
        <translation>The recovery passphrase was changed. Write the new one on paper and keep it safe.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="386"/>
        <source>利用できません</source>
        <extracomment>companion/ui/views/settings.py:83</extracomment>
        <translation>Not available</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="388"/>
        <source>Windows 資格情報マネージャー</source>
        <extracomment>companion/ui/views/settings.py:85</extracomment>
        <translation>Windows Credential Manager</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="390"/>
        <source>macOS キーチェーン</source>
        <extracomment>companion/ui/views/settings.py:86</extracomment>
        <translation>macOS Keychain</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="392"/>
        <source>Secret Service(GNOME キーリング)</source>
        <extracomment>companion/ui/views/settings.py:87</extracomment>
        <translation>Secret Service (GNOME Keyring)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="394"/>
        <source>KDE ウォレット</source>
        <extracomment>companion/ui/views/settings.py:89</extracomment>
        <translation>KDE Wallet</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="396"/>
        <source>OS のキーリング</source>
        <extracomment>companion/ui/views/settings.py:90</extracomment>
        <translation>System keyring</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="398"/>
        <source>メモリ内(テスト用・保存されません)</source>
        <extracomment>companion/ui/views/settings.py:91</extracomment>
        <translation>In memory (for tests, not saved)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="400"/>
        <source>その他のキーリング({name})</source>
        <extracomment>companion/ui/views/settings.py:96</extracomment>
        <translation>Other keyring ({name})</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="402"/>
        <source>氏名</source>
        <extracomment>companion/settings.py:70</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="404"/>
        <source>報告書・レビューバンドルに記載する支援者の氏名</source>
        <extracomment>companion/settings.py:70</extracomment>
        <translation>Your name, as it appears on reports and review bundles</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="406"/>
        <source>所属</source>
        <extracomment>companion/settings.py:72</extracomment>
        <translation>Organisation</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="408"/>
        <source>所属する支援機関・事務所(例: ○○商工会、△△-Biz)</source>
        <extracomment>companion/settings.py:72</extracomment>
        <translation>The support organisation or office you belong to (e.g. a society of commerce and industry, a local Biz centre)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="410"/>
        <source>資格</source>
        <extracomment>companion/settings.py:74</extracomment>
        <translation>Qualifications</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="412"/>
        <source>中小企業診断士などの資格(報告書に記載)</source>
        <extracomment>companion/settings.py:74</extracomment>
        <translation>Qualifications such as SME management consultant (shown on reports)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="414"/>
        <source>登録番号</source>
        <extracomment>companion/settings.py:76</extracomment>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="416"/>
        <source>中小企業診断士の登録番号(実務従事の記録に記載)</source>
        <extracomment>companion/settings.py:76</extracomment>
        <translation>Your SME management consultant registration number (shown on the practical work record)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="418"/>
        <source>横ばいとみなす幅(%)</source>
        <extracomment>companion/settings.py:78</extracomment>
        <translation>Flat band (%)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="420"/>
        <source>委託元向けの集計で、売上高・利益が前年度からこの幅(±%)の中なら「横ばい」と数える</source>
        <extracomment>companion/settings.py:78</extracomment>
        <translation>In the sponsor figures, sales and profit within this band (±%) of the previous fiscal year count as &quot;flat&quot;</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="422"/>
        <source>既定の委託元</source>
        <extracomment>companion/settings.py:81</extracomment>
        <translation>Default sponsor</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="424"/>
        <source>新しい案件で最初に選ばれる委託元</source>
        <extracomment>companion/settings.py:81</extracomment>
        <translation>The sponsor chosen first for a new engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="426"/>
        <source>和暦で表示</source>
        <extracomment>companion/settings.py:83</extracomment>
        <translation>Japanese era dates</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="428"/>
        <source>日付を令和7年4月1日の形で表示・出力する(オフで西暦)</source>
        <extracomment>companion/settings.py:83</extracomment>
        <translation>Show and write dates in the Japanese era form (Reiwa 7, April 1); off: Western years</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="430"/>
        <source>表示言語</source>
        <extracomment>companion/settings.py:84</extracomment>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="432"/>
        <source>画面とコマンドの言語(auto は OS に合わせる)</source>
        <extracomment>companion/settings.py:84</extracomment>
        <translation>The language of the window and the commands (auto follows the system)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="434"/>
        <source>報告書テンプレート</source>
        <extracomment>companion/settings.py:86</extracomment>
        <translation>Report template</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="436"/>
        <source>委託元指定の Word ファイル(空欄で標準)</source>
        <extracomment>companion/settings.py:86</extracomment>
        <translation>A Word file prescribed by the sponsor (blank: the standard one)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="438"/>
        <source>バックアップ先</source>
        <extracomment>companion/settings.py:88</extracomment>
        <translation>Backup folder</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="440"/>
        <source>自動バックアップを置くフォルダ(空欄でデータフォルダ内)</source>
        <extracomment>companion/settings.py:88</extracomment>
        <translation>The folder for automatic backups (blank: inside the data folder)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="442"/>
        <source>バックアップ間隔(分)</source>
        <extracomment>companion/settings.py:90</extracomment>
        <translation>Backup interval (minutes)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="444"/>
        <source>変更があったとき、この間隔より頻繁にはバックアップしない</source>
        <extracomment>companion/settings.py:90</extracomment>
        <translation>After changes, back up no more often than this</translation>
    </message>
</context>
<context>
    <name>SponsorDialog</name>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="185"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="223"/>
        <source>委託元を編集</source>
        <translation>Edit sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="185"/>
        <source>新しい委託元</source>
        <translation>New sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="189"/>
        <source>名称(必須):</source>
        <translation>Name (required):</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="190"/>
        <source>例: 湯沢市 産業振興課</source>
        <translation>e.g. Yuzawa City, Industry Promotion Division</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="191"/>
        <source>種別:</source>
        <translation>Kind:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="195"/>
        <source>メモ:</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="196"/>
        <location filename="../../companion/ui/views/engagement_editor.py" line="214"/>
        <source>アーカイブする</source>
        <translation>Archive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="213"/>
        <source>アーカイブを解除</source>
        <translation>Unarchive</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="223"/>
        <source>委託元を登録</source>
        <translation>Add sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="233"/>
        <source>委託元のアーカイブを解除</source>
        <translation>Unarchive sponsor</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/engagement_editor.py" line="233"/>
        <source>委託元をアーカイブ</source>
        <translation>Archive sponsor</translation>
    </message>
</context>
<context>
    <name>SponsorKind</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="544"/>
        <source>自治体</source>
        <extracomment>companion/domain/enums.py:10</extracomment>
        <translation>Municipality</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="546"/>
        <source>商工会</source>
        <extracomment>companion/domain/enums.py:11</extracomment>
        <translation>Society of commerce and industry</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="548"/>
        <source>商工会議所</source>
        <extracomment>companion/domain/enums.py:12</extracomment>
        <translation>Chamber of commerce</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="550"/>
        <source>Biz</source>
        <extracomment>companion/domain/enums.py:13</extracomment>
        <translation>Biz</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="552"/>
        <source>金融機関</source>
        <extracomment>companion/domain/enums.py:14</extracomment>
        <translation>Financial institution</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="554"/>
        <source>その他</source>
        <extracomment>companion/domain/enums.py:15</extracomment>
        <translation>Other</translation>
    </message>
</context>
<context>
    <name>SponsorTargetsDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="60"/>
        <source>委託元の目標</source>
        <translation>Sponsor targets</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="72"/>
        <source>委託元が年度ごとに決めた目標（延べ相談件数・支援事業者数など）を入力します。空欄は目標なし。実績・達成率・評価（A〜D）は「数値の書き出し」の「委託元の目標と実績」に載ります（年度途中の年度は評価しません）。</source>
        <translation>Enter the targets each sponsor sets per fiscal year (total consultations, businesses supported and so on). Blank means no target. The actuals, achievement and grade (A–D) appear under &quot;Sponsor targets and results&quot; in &quot;Export figures&quot; (a fiscal year still in progress is not graded).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="76"/>
        <source>委託元:</source>
        <translation>Sponsor:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="89"/>
        <source>目標:</source>
        <translation>Targets:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="90"/>
        <source>整数で入力します（例: 120）。件は相談の件数、者は事業者の数です。</source>
        <translation>Enter whole numbers (e.g. 120): a number of consultations or of businesses.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="132"/>
        <source>実績 {actual}{unit}・達成率 {percent}%・評価 {grade}</source>
        <translation>Actual {actual} {unit} · achievement {percent}% · grade {grade}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="135"/>
        <source>実績 {actual}{unit}（{note}）</source>
        <translation>Actual {actual} {unit} ({note})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="147"/>
        <source>{year}年4月〜{next}年3月</source>
        <translation>April {year} – March {next}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="156"/>
        <source>委託元がまだありません。ファイル → 新しい委託元… で登録してから目標を入力してください。</source>
        <translation>There are no sponsors yet. Add one with File → New sponsor…, then enter the targets.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="237"/>
        <source>{sponsor}・{year}の「{measure}」の目標は {low}〜{high} の整数で入力してください（入力: {text}）</source>
        <translation>The &quot;{measure}&quot; target for {sponsor}, {year} must be a whole number from {low} to {high} (entered: {text})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sponsor_targets.py" line="255"/>
        <source>委託元の目標を保存</source>
        <translation>Save sponsor targets</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../companion/app.py" line="164"/>
        <source>ウィンドウ</source>
        <translation>window</translation>
    </message>
    <message>
        <location filename="../../companion/app.py" line="291"/>
        <source>データを開けませんでした。</source>
        <translation>The data could not be opened.</translation>
    </message>
    <message>
        <location filename="../../companion/app.py" line="395"/>
        <source>このデータフォルダは別の Companion で使用中です: {folder}</source>
        <translation>This data folder is in use by another Companion: {folder}</translation>
    </message>
    <message>
        <location filename="../../companion/app.py" line="407"/>
        <source>使用中のプロセス: {holder}
開いている Companion を使ってください。応答しない場合は、それを閉じるかパソコンを再起動してから開き直してください。別のパソコンからコピーしたフォルダで、どこでも Companion が開いていない場合は、{lock} を削除すると開けます。</source>
        <translation>Process using it: {holder}
Use the Companion that is open. If it does not respond, close it or restart the computer, then open Companion again. If this folder was copied from another computer and Companion is not open anywhere, deleting {lock} lets you open it.</translation>
    </message>
</context>
<context>
    <name>SyncConflictDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="39"/>
        <source>復元</source>
        <translation>Restored</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="40"/>
        <source>両方で編集</source>
        <translation>Edited on both</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="45"/>
        <source>{device} で書いた記載</source>
        <translation>Written on {device}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="46"/>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="80"/>
        <source>(不明な端末)</source>
        <translation>(unknown computer)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="62"/>
        <source>同期の競合</source>
        <translation>Sync conflict</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="62"/>
        <source>復元した記録</source>
        <translation>Restored record</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="63"/>
        <source>{label} の「{field}」</source>
        <translation>&quot;{field}&quot; of {label}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="76"/>
        <source>削除された記録を、別の端末の編集により復元しました。
一方の端末で削除した後に、もう一方の端末でこの記録が編集されていたため、編集を失わないよう記録を残しています。不要であれば、あらためて削除してください。</source>
        <translation>A deleted record was brought back because of an edit on another computer.
It was deleted on one computer and then edited on the other, so it has been kept so that the edit is not lost. If you do not need it, delete it again.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="79"/>
        <source>復元のもとになった編集: {device}・同期した日時: {when}</source>
        <translation>Edit that brought it back: {device} · synced at {when}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="82"/>
        <source>確認しました</source>
        <translation>Noted</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="83"/>
        <source>あらためて削除する</source>
        <translation>Delete again</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="84"/>
        <source>後で</source>
        <translation>Later</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="90"/>
        <source>2台の端末で、同期の間に同じ記載が書き換えられました({when} の同期で見つかりました)。残す方を選んでください。「両方を残す」では、いまの記載の下に区切り線を入れて別の端末の記載を続けます。</source>
        <translation>The same text was changed on two computers between syncs (found at the sync of {when}). Choose which to keep. &quot;Keep both&quot; adds a dividing line under the current text, followed by the other computer&apos;s text.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="95"/>
        <source>いまの記載(こちら)</source>
        <translation>Current text (this one)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="97"/>
        <source>別の端末の記載(あちら)</source>
        <translation>The other computer&apos;s text (that one)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="101"/>
        <source>こちらを残す</source>
        <translation>Keep this one</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="102"/>
        <source>あちらを残す</source>
        <translation>Keep that one</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="103"/>
        <source>両方を残す</source>
        <translation>Keep both</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="104"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/sync_conflict.py" line="142"/>
        <source>同期の競合の解決</source>
        <translation>Settle sync conflict</translation>
    </message>
</context>
<context>
    <name>SyncConflictsSection</name>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="250"/>
        <source>同期の競合</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="255"/>
        <source>種類</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="255"/>
        <source>記録</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="255"/>
        <source>項目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="256"/>
        <source>同期した日時</source>
        <translation>Synced at</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="263"/>
        <source>選ぶ…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/home_sections.py" line="294"/>
        <source>同期の競合({n}件)</source>
        <translation>Sync conflicts ({n})</translation>
    </message>
</context>
<context>
    <name>SyncSettingsPanel</name>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="92"/>
        <source>端末名を入力してください。</source>
        <translation>Enter a name for this computer.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="156"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="178"/>
        <source>同期を始める</source>
        <translation>Start syncing</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="181"/>
        <source>OneDrive・Dropbox・Google ドライブ・NAS など、すでに同期しているフォルダを通して、ノートパソコンと事務所のパソコンで同じ記録を使えます。
フォルダに置くファイルはすべて暗号化と署名がされ、記録の中身は読めません。サーバーは使いません。</source>
        <translation>Through a folder that is already synced, such as OneDrive, Dropbox, Google Drive or a NAS, your laptop and your office computer can use the same records.
Every file put in the folder is encrypted and signed, so the records cannot be read there. No server is used.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="187"/>
        <source>例: C:\Users\sato\OneDrive\Companion同期</source>
        <translation>e.g. C:\Users\sato\OneDrive\Companion Sync</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="189"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="200"/>
        <source>どのパソコンでも、同じフォルダ(同期サービスが写すもの)を選びます。</source>
        <translation>Choose the same folder (the one the sync service copies) on every computer.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="211"/>
        <source>ほかの端末の一覧に表示される名前です(例: ノートPC、事務所のPC)。</source>
        <translation>The name shown in the other computers&apos; lists (e.g. Laptop, Office PC).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="216"/>
        <location filename="../../companion/ui/views/sync_settings.py" line="262"/>
        <source>同期フォルダ:</source>
        <translation>Sync folder:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="217"/>
        <source>端末名:</source>
        <translation>Computer name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="218"/>
        <source>この端末で同期を始める</source>
        <translation>Start syncing on this computer</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="221"/>
        <source>最初の1台で押します。この端末が記帳端末(登録簿を記帳する端末)になります。</source>
        <translation>Press this on the first computer. It becomes the register keeper (the computer that writes the register).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="223"/>
        <source>ペアリングコードで参加…</source>
        <translation>Join with pairing code…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="225"/>
        <source>同期している端末の「ペアリングコードを表示…」で出したコードを入力して参加します。</source>
        <translation>Join by entering the code that &quot;Show pairing code…&quot; shows on a computer that already syncs.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="227"/>
        <source>復旧用パスフレーズで参加…</source>
        <translation>Join with recovery passphrase…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="229"/>
        <source>同期している端末が手元にないとき(紛失・故障)、最初の端末の復旧用パスフレーズで参加します。</source>
        <translation>When no syncing computer is at hand (lost or broken), join with the recovery passphrase of the first computer.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="243"/>
        <source>2台目からは、1台目で「ペアリングコードを表示…」を押し、表示されたコードをこちらで入力します。</source>
        <translation>For the second computer and later: press &quot;Show pairing code…&quot; on the first one and enter the code it shows here.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="252"/>
        <source>同期の状態</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="263"/>
        <source>この端末:</source>
        <translation>This computer:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="264"/>
        <source>記帳端末:</source>
        <translation>Register keeper:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="265"/>
        <source>最終同期:</source>
        <translation>Last sync:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="266"/>
        <source>未送信:</source>
        <translation>Not sent yet:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="267"/>
        <source>競合:</source>
        <translation>Conflicts:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="268"/>
        <source>今すぐ同期</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="271"/>
        <source>ペアリングコードを表示…</source>
        <translation>Show pairing code…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="272"/>
        <source>別のパソコンをこの同期に加えるためのコードを表示します。</source>
        <translation>Shows a code for adding another computer to this sync.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="274"/>
        <source>記帳端末を引き継ぐ…</source>
        <translation>Take over as register keeper…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="276"/>
        <source>記帳端末を紛失した・壊れたときに、この端末が登録簿の記帳を引き継ぎます。</source>
        <translation>If the register keeper is lost or broken, this computer takes over writing the register.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="294"/>
        <source>変更は自動で同期します(フォルダに変化があったとき、保存の少し後、5分ごと)。記帳端末は、ほかの端末で書いた開示の変更を同期のたびに登録簿へ記載します。</source>
        <translation>Changes sync automatically (when the folder changes, shortly after saving, and every 5 minutes). At every sync, the register keeper enters in the register the disclosure changes written on the other computers.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="297"/>
        <source>端末</source>
        <translation>Computers</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="305"/>
        <source>端末を外すと、新しい同期の鍵を作って残る端末にだけ渡します。外した端末は、それより後の変更を読めません。</source>
        <translation>Removing a computer creates a new sync key and gives it only to the remaining computers. The removed computer cannot read any later changes.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="331"/>
        <source>{name}(記帳端末)</source>
        <translation>{name} (register keeper)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="334"/>
        <source>この端末({name})。登録簿に開示を記載する、ただ一つの端末です。</source>
        <translation>This computer ({name}): the only computer that enters disclosures in the register.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="337"/>
        <source>{name}。この端末での開示の変更は「封印待ち」となり、次の同期で記帳端末が登録簿に記載します。</source>
        <translation>{name}. Disclosure changes made on this computer are &quot;waiting to be sealed&quot; until the register keeper enters them in the register at the next sync.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="338"/>
        <location filename="../../companion/ui/views/sync_settings.py" line="562"/>
        <source>(不明)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="340"/>
        <source>同期しています…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="343"/>
        <source>まだ同期していません</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="344"/>
        <source>{n}件</source>
        <translation>{n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="346"/>
        <source>{n}件(ホームの「同期の競合」で選んでください)</source>
        <translation>{n} (choose under &quot;Sync conflicts&quot; on Home)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="347"/>
        <source>なし</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="364"/>
        <source>端末名</source>
        <translation>Computer</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="364"/>
        <source>最終確認</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="364"/>
        <source>備考</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="375"/>
        <source>この端末</source>
        <translation>This computer</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="377"/>
        <source>外しました</source>
        <translation>Removed</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="380"/>
        <source>記帳端末</source>
        <translation>Register keeper</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="384"/>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="385"/>
        <source>まだ</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="392"/>
        <source>この端末を外す…</source>
        <translation>Remove this computer…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="400"/>
        <source>送信 {n}件</source>
        <translation>Sent: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="401"/>
        <source>受信 {n}件</source>
        <translation>Received: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="403"/>
        <source>登録簿に記載 {n}件</source>
        <translation>Entered in the register: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="405"/>
        <source>競合 {n}件</source>
        <translation>Conflicts: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="407"/>
        <source>復元 {n}件</source>
        <translation>Restored: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="408"/>
        <source>同期しました: {parts}</source>
        <translation>Synced: {parts}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="409"/>
        <source>待機中: {line}</source>
        <translation>Waiting: {line}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="434"/>
        <source>同期フォルダを選ぶ</source>
        <translation>Choose the sync folder</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="478"/>
        <source>同期の準備をしています…</source>
        <translation>Setting up sync…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="518"/>
        <source>ペアリングコードを作っています…</source>
        <translation>Creating a pairing code…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="531"/>
        <source>端末を外す</source>
        <translation>Remove computer</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="531"/>
        <source>外す</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="533"/>
        <source>「{name}」をこの同期から外します。

新しい同期の鍵を作り、残る端末にだけ渡します。「{name}」は、これより後の変更を読めなくなります。これまでに受け取った記録は、その端末に残ります。</source>
        <translation>Remove &quot;{name}&quot; from this sync?

A new sync key is created and given only to the remaining computers. &quot;{name}&quot; will not be able to read any later changes. The records it has already received stay on that computer.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="550"/>
        <source>「{name}」を外しました。新しい同期の鍵に切り替えました。</source>
        <translation>&quot;{name}&quot; was removed. Switched to a new sync key.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="557"/>
        <source>端末を外しています…</source>
        <translation>Removing the computer…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="564"/>
        <source>記帳端末を引き継ぐ</source>
        <translation>Take over as register keeper</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="564"/>
        <source>引き継ぐ</source>
        <translation>Take over</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="566"/>
        <source>この端末を記帳端末にします。

記帳端末は、開示の登録簿を記帳するただ一つの端末です。いまの記帳端末「{keeper}」を紛失した・壊れたなど、もう使えないときだけ引き継いでください。先に「この端末を外す…」でその端末を外しておくと安全です。

引き継ぐ前に同期し、記帳端末が記載した登録簿をすべて受け取ってから行ってください。</source>
        <translation>Make this computer the register keeper?

The register keeper is the only computer that writes the disclosure register. Take over only when the current register keeper &quot;{keeper}&quot; can no longer be used, for example because it was lost or broken. It is safer to remove that computer first with &quot;Remove this computer…&quot;.

Before taking over, sync and make sure you have received everything the register keeper has entered in the register.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/sync_settings.py" line="583"/>
        <source>この端末が記帳端末になりました。</source>
        <translation>This computer is now the register keeper.</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="379"/>
        <source>同期していません</source>
        <translation>Not syncing</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="380"/>
        <source>設定 → 同期 で、別のパソコンとの同期を始められます。</source>
        <translation>Start syncing with another computer in Settings → Sync.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="382"/>
        <source>同期中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="383"/>
        <source>最終同期 {time}</source>
        <translation>Last sync {time}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="384"/>
        <source>未送信 {n}件</source>
        <translation>Not sent: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="385"/>
        <source>競合 {n}件</source>
        <translation>Conflicts: {n}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="393"/>
        <source>同期フォルダが見つかりません</source>
        <translation>Sync folder not found</translation>
    </message>
    <message>
        <location filename="../../companion/ui/sync_watcher.py" line="398"/>
        <source>同期フォルダ: {folder}</source>
        <translation>Sync folder: {folder}</translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="127"/>
        <source>添付{n}</source>
        <translation>{n} attachments</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="129"/>
        <source>修正 {when}</source>
        <translation>amended {when}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="146"/>
        <source>(目的なし)</source>
        <translation>(no purpose)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="158"/>
        <source>強み: {text}</source>
        <translation>Strengths: {text}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="160"/>
        <source>課題: {text}</source>
        <translation>Issues: {text}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="162"/>
        <source>決定: {text}</source>
        <translation>Decided: {text}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="172"/>
        <source>次のアクション {n}件(未完了 {open})</source>
        <translation>{n} next actions ({open} open)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="178"/>
        <source>「{text}」({owner}・{day}まで)</source>
        <translation>“{text}” ({owner}, by {day})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="181"/>
        <source>「{text}」({owner})</source>
        <translation>“{text}” ({owner})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="184"/>
        <source>済</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="184"/>
        <source>未</source>
        <translation>open</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="185"/>
        <source>フォロー {day}({state})</source>
        <translation>Follow-up {day} ({state})</translation>
    </message>
</context>
<context>
    <name>TrustKeyDialog</name>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="86"/>
        <source>レビュー担当者の鍵の確認</source>
        <translation>Confirm the reviewer&apos;s key</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="90"/>
        <source>{who}さんの署名付きレビュー結果(所見 {n}件、{day})を初めて受け取りました。取り込む前に、署名した鍵が本人のものか確かめてください。</source>
        <translation>This is the first signed review result from {who} ({n} findings, {day}). Before importing it, check that the key that signed it is really theirs.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="99"/>
        <source>この指紋が、担当者から電話など別の経路で伝えられたものと一致するときだけ取り込んでください。一致しないときは取り込まず、担当者に連絡してください。以後、この鍵の署名は確認なしで取り込みます。</source>
        <translation>Import it only if this fingerprint matches the one the reviewer gave you another way, such as by phone. If it does not match, do not import it and contact the reviewer. From then on, results signed with this key are imported without asking.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="103"/>
        <source>一致を確認して取り込む</source>
        <translation>It matches: import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="105"/>
        <source>取り込まない</source>
        <translation>Do not import</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/reviews.py" line="112"/>
        <source>鍵の指紋(SHA-256):</source>
        <translation>Key fingerprint (SHA-256):</translation>
    </message>
</context>
<context>
    <name>VersionHistory</name>
    <message>
        <location filename="../../companion/ui/widgets/version_history.py" line="92"/>
        <source>第{v}版の内容</source>
        <translation>Version {v}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/widgets/version_history.py" line="93"/>
        <source>第{v}版の変更点(第{p}版 → 第{v}版)</source>
        <translation>Changes in version {v} (version {p} → version {v})</translation>
    </message>
</context>
<context>
    <name>VersionTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="48"/>
        <source>版</source>
        <extracomment>companion/ui/models/disclosure_table.py:146</extracomment>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="50"/>
        <source>申告日</source>
        <extracomment>companion/ui/models/disclosure_table.py:147</extracomment>
        <translation>Declared on</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="52"/>
        <source>理由</source>
        <extracomment>companion/ui/models/disclosure_table.py:148</extracomment>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="54"/>
        <source>状態</source>
        <extracomment>companion/ui/models/disclosure_table.py:149</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="56"/>
        <source>変更点</source>
        <extracomment>companion/ui/models/disclosure_table.py:150</extracomment>
        <translation>Changes</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="58"/>
        <source>レビュー</source>
        <extracomment>companion/ui/models/disclosure_table.py:151</extracomment>
        <translation>Review</translation>
    </message>
</context>
<context>
    <name>VisitCommands</name>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="392"/>
        <source>訪問を記録…</source>
        <translation>Record a visit…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="394"/>
        <source>今日の訪問・相談を記録します(開いている案件が選ばれます)</source>
        <translation>Record today&apos;s visit or consultation (the engagement shown is chosen)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="396"/>
        <source>下書きを開く…</source>
        <translation>Open drafts…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="398"/>
        <source>活動日数台帳(実務従事)…</source>
        <translation>Activity-day ledger (practical work)…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="409"/>
        <source>記録(&amp;R)</source>
        <translation>&amp;Record</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="491"/>
        <source>訪問記録を保存しました。</source>
        <translation>Visit saved.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="525"/>
        <source>保存されていない下書きはありません。</source>
        <translation>There are no unsaved drafts.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="306"/>
        <location filename="../../companion/ui/views/visit_form.py" line="902"/>
        <source>訪問を記録</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="323"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="693"/>
        <source>案件がまだありません。先に案件を登録してください。</source>
        <translation>There are no engagements yet. Add an engagement first.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="694"/>
        <source>記録する案件がありません。</source>
        <translation>There is no engagement to record a visit for.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="718"/>
        <source>保存されていない修正を開きました(最終自動保存 {when})。「修正を保存」で記録に反映し、閉じるときに破棄もできます。</source>
        <translation>Opened an unsaved amendment (last autosaved {when}). &quot;Save amendment&quot; applies it to the visit; you can also discard it when closing.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="843"/>
        <source>未定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="844"/>
        <source>期間 {start}〜{end}・{status}</source>
        <translation>Period {start}–{end} · {status}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="847"/>
        <source>{when} {purpose}</source>
        <translation>{when} {purpose}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="850"/>
        <source>この案件の訪問記録はまだありません(初回)。</source>
        <translation>No visits recorded for this engagement yet (first visit).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="854"/>
        <source>・{due}まで</source>
        <translation> · due {due}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="861"/>
        <source>(ありません)</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="869"/>
        <source>期限超過</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="869"/>
        <source>期限間近</source>
        <translation>Due soon</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="870"/>
        <source>{title}({day}・{owner}・{state})</source>
        <translation>{title} ({day}, {owner}, {state})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="887"/>
        <source>{name}(自作)</source>
        <translation>{name} (your own)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="902"/>
        <source>訪問を記録(下書き)</source>
        <translation>Record a visit (draft)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="903"/>
        <location filename="../../companion/ui/views/visit_form.py" line="1203"/>
        <source>訪問記録の修正</source>
        <translation>Amend visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="908"/>
        <source>修正を保存(Ctrl+S)</source>
        <translation>Save amendment (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="908"/>
        <location filename="../../build/i18n/dynamic_messages.py" line="496"/>
        <source>保存(Ctrl+S)</source>
        <extracomment>companion/ui/views/visit_form.py:448</extracomment>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="909"/>
        <source>添付ファイルの追加</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="911"/>
        <source>下書きを開きました(最終自動保存 {when})。</source>
        <translation>Draft opened (last autosaved {when}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="914"/>
        <source>保存済みの記録です。修正すると、修正前の文章は変更履歴に残ります。</source>
        <translation>This visit is saved. If you amend it, the earlier text is kept in its history.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="916"/>
        <source>入力は数秒ごとに下書きとして自動保存されます。</source>
        <translation>What you type is autosaved as a draft every few seconds.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="950"/>
        <source>テンプレートとして保存</source>
        <translation>Save as template</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="951"/>
        <source>今の方式・目的・記録の見出しを、次から選べるテンプレートにします。名前:</source>
        <translation>Make the current mode, purpose and note headings a template you can choose next time. Name:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="961"/>
        <source>テンプレートの保存</source>
        <translation>Save template</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="973"/>
        <source>テンプレート「{name}」を保存しました。</source>
        <translation>Template &quot;{name}&quot; saved.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="989"/>
        <source>テンプレートの削除</source>
        <translation>Delete template</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1060"/>
        <source>「{title}」を次のアクションに追加しました。</source>
        <translation>&quot;{title}&quot; added to the next actions.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1071"/>
        <source>次のアクションを完了</source>
        <translation>Complete next action</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1072"/>
        <source>次のアクションを未完了に戻す</source>
        <translation>Reopen next action</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1099"/>
        <source>案件を選んでください。</source>
        <translation>Choose an engagement.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1148"/>
        <source>訪問記録の下書き</source>
        <translation>Visit drafts</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1148"/>
        <source>訪問記録の修正の下書き</source>
        <translation>Visit amendment draft</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1172"/>
        <source>下書きを自動保存しました({time})</source>
        <translation>Draft autosaved ({time})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1178"/>
        <source>下書きを自動保存できません: {message}</source>
        <translation>Cannot autosave the draft: {message}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1201"/>
        <source>保存しています…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1203"/>
        <source>訪問記録の保存</source>
        <translation>Save visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1233"/>
        <source>修正は下書きとして残っています。</source>
        <translation>The amendment is kept as a draft.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1234"/>
        <source>下書きは残っています。</source>
        <translation>The draft is kept.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1235"/>
        <source>保存できませんでした: {message} {kept}</source>
        <translation>Could not save: {message} {kept}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1315"/>
        <source>修正を保存</source>
        <translation>Save amendment</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1316"/>
        <source>修正を破棄して閉じる</source>
        <translation>Discard amendment and close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1316"/>
        <location filename="../../companion/ui/views/visit_form.py" line="1326"/>
        <location filename="../../companion/ui/views/visit_form.py" line="1351"/>
        <source>キャンセル</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1325"/>
        <source>保存する</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1315"/>
        <location filename="../../companion/ui/views/visit_form.py" line="1325"/>
        <source>下書きとして残す</source>
        <translation>Keep as draft</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1317"/>
        <source>修正がまだ保存されていません。
下書きとして残すと、次に開いたときに続きから書けます。破棄すると、記録は保存済みの内容のままです。</source>
        <translation>The amendment has not been saved yet.
Keep it as a draft to carry on next time you open it. If you discard it, the visit stays as it was saved.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1326"/>
        <location filename="../../companion/ui/views/visit_form.py" line="1351"/>
        <source>破棄する</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1327"/>
        <source>この訪問記録はまだ保存されていません。
下書きとして残すと、次に開いたときに続きから書けます。</source>
        <translation>This visit has not been saved yet.
Keep it as a draft to carry on writing next time you open it.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1330"/>
        <source>訪問記録を閉じる</source>
        <translation>Close visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1349"/>
        <location filename="../../build/i18n/dynamic_messages.py" line="492"/>
        <source>下書きを破棄</source>
        <extracomment>companion/ui/views/visit_form.py:446</extracomment>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1350"/>
        <source>この下書きを破棄します。入力した内容と添付は記録から外れます。</source>
        <translation>Discard this draft? What you typed and the attachments are removed from the records.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1366"/>
        <source>修正の下書きの破棄</source>
        <translation>Discard amendment draft</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_form.py" line="1378"/>
        <source>下書きの破棄</source>
        <translation>Discard draft</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="446"/>
        <source>記録の見出しを入れます。入力済みの文章は消えません。</source>
        <extracomment>companion/ui/views/visit_form.py:354</extracomment>
        <translation>Inserts the note headings. Text already typed is kept.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="448"/>
        <source>削除</source>
        <extracomment>companion/ui/views/visit_form.py:355</extracomment>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="450"/>
        <source>自分で作ったテンプレートを一覧から外します</source>
        <extracomment>companion/ui/views/visit_form.py:356</extracomment>
        <translation>Remove a template you made from the list</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="452"/>
        <source>例: 蔵の事務所、商工会の相談室</source>
        <extracomment>companion/ui/views/visit_form.py:367</extracomment>
        <translation>e.g. the brewery office, the society&apos;s consultation room</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="454"/>
        <source>例: 山中社長、専務、商工会 佐藤</source>
        <extracomment>companion/ui/views/visit_form.py:369</extracomment>
        <translation>e.g. Mr Yamanaka (president), the managing director, Sato of the society</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="456"/>
        <source>例: 定期訪問、試作品の評価、補助金の申請相談</source>
        <extracomment>companion/ui/views/visit_form.py:371</extracomment>
        <translation>e.g. regular visit, prototype review, subsidy application advice</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="458"/>
        <source>話したこと、見たこと、社長の言葉…</source>
        <extracomment>companion/ui/views/visit_form.py:373</extracomment>
        <translation>What was discussed, what you saw, what the owner said…</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="460"/>
        <source>対話で見つけた強み</source>
        <extracomment>companion/ui/views/visit_form.py:375</extracomment>
        <translation>Strengths found in the conversation</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="462"/>
        <source>見えてきた課題</source>
        <extracomment>companion/ui/views/visit_form.py:377</extracomment>
        <translation>Issues that came to light</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="464"/>
        <source>今日決めたこと</source>
        <extracomment>companion/ui/views/visit_form.py:379</extracomment>
        <translation>What was decided today</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="466"/>
        <source>次のアクションを入力して Enter で追加</source>
        <extracomment>companion/ui/views/visit_form.py:381</extracomment>
        <translation>Type a next action and press Enter to add it</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="468"/>
        <source>期日なし</source>
        <extracomment>companion/ui/views/visit_form.py:388</extracomment>
        <translation>No due date</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="470"/>
        <source>追加</source>
        <extracomment>companion/ui/views/visit_form.py:389</extracomment>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="472"/>
        <source>F2 で編集、Delete で行を削除、完了はチェック</source>
        <extracomment>companion/ui/views/visit_form.py:406</extracomment>
        <translation>F2 edits, Delete removes the row, tick when done</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="474"/>
        <source>行を削除</source>
        <extracomment>companion/ui/views/visit_form.py:417</extracomment>
        <translation>Delete row</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="476"/>
        <source>フォローアップ</source>
        <extracomment>companion/ui/views/visit_form.py:418</extracomment>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="478"/>
        <source>例: 12.5</source>
        <extracomment>companion/ui/views/visit_form.py:423</extracomment>
        <translation>e.g. 12.5</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="480"/>
        <source>チェックすると、その場で完了として記録します(Space)</source>
        <extracomment>companion/ui/views/visit_form.py:430</extracomment>
        <translation>Ticking it records it as done at once (Space)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="482"/>
        <source>次のアクションに追加</source>
        <extracomment>companion/ui/views/visit_form.py:433</extracomment>
        <translation>Add to next actions</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="484"/>
        <source>選んだ計画のアクションを、この訪問の次のアクションにします(Enter)</source>
        <extracomment>companion/ui/views/visit_form.py:434</extracomment>
        <translation>Make the selected plan action a next action of this visit (Enter)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="486"/>
        <source>変更履歴…</source>
        <extracomment>companion/ui/views/visit_form.py:438</extracomment>
        <translation>History…</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="488"/>
        <source>保存した後の修正と、修正前の文章</source>
        <extracomment>companion/ui/views/visit_form.py:439</extracomment>
        <translation>Amendments made after saving, with the earlier text</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="490"/>
        <source>テンプレートとして保存…</source>
        <extracomment>companion/ui/views/visit_form.py:441</extracomment>
        <translation>Save as template…</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="494"/>
        <source>閉じる(Esc)</source>
        <extracomment>companion/ui/views/visit_form.py:447</extracomment>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="498"/>
        <source>Enter では保存しません(変換の確定に使うため)。Ctrl+S かこのボタンで保存します。</source>
        <extracomment>companion/ui/views/visit_form.py:449</extracomment>
        <translation>Enter does not save (it confirms Japanese input conversion). Save with Ctrl+S or this button.</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="500"/>
        <source>済んだものはチェック(すぐに完了として記録)</source>
        <extracomment>companion/ui/views/visit_form.py:555</extracomment>
        <translation>Tick the ones already done (recorded as done at once)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="502"/>
        <source>案件</source>
        <extracomment>companion/ui/views/visit_form.py:466</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="504"/>
        <source>テンプレート</source>
        <extracomment>companion/ui/views/visit_form.py:468</extracomment>
        <translation>Template</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="506"/>
        <source>日付</source>
        <extracomment>companion/ui/views/visit_form.py:477</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="508"/>
        <source>開始</source>
        <extracomment>companion/ui/views/visit_form.py:477</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="510"/>
        <source>終了</source>
        <extracomment>companion/ui/views/visit_form.py:478</extracomment>
        <translation>End</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="512"/>
        <source>方式</source>
        <extracomment>companion/ui/views/visit_form.py:478</extracomment>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="514"/>
        <source>移動距離</source>
        <extracomment>companion/ui/views/visit_form.py:482</extracomment>
        <translation>Distance travelled</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="516"/>
        <source>場所</source>
        <extracomment>companion/ui/views/visit_form.py:491</extracomment>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="518"/>
        <source>同席者</source>
        <extracomment>companion/ui/views/visit_form.py:493</extracomment>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="520"/>
        <source>目的</source>
        <extracomment>companion/ui/views/visit_form.py:497</extracomment>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="522"/>
        <source>強み</source>
        <extracomment>companion/ui/views/visit_form.py:504</extracomment>
        <translation>Strengths</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="524"/>
        <source>課題</source>
        <extracomment>companion/ui/views/visit_form.py:505</extracomment>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="526"/>
        <source>決定事項</source>
        <extracomment>companion/ui/views/visit_form.py:506</extracomment>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="528"/>
        <source>(ホームの「対応が必要なフォロー」に出ます)</source>
        <extracomment>companion/ui/views/visit_form.py:523</extracomment>
        <translation>(shown under &quot;Follow-ups to act on&quot; on Home)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="530"/>
        <source>記録</source>
        <extracomment>companion/ui/views/visit_form.py:535</extracomment>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="532"/>
        <source>テンプレートの■見出しに沿って書くと、報告書にそのまま使えます</source>
        <extracomment>companion/ui/views/visit_form.py:536</extracomment>
        <translation>Follow the template&apos;s ■ headings and the notes go straight into reports</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="534"/>
        <source>次のアクション</source>
        <extracomment>companion/ui/views/visit_form.py:542</extracomment>
        <translation>Next actions</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="536"/>
        <source>前回の訪問</source>
        <extracomment>companion/ui/views/visit_form.py:552</extracomment>
        <translation>Previous visit</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="538"/>
        <source>前回の次のアクション(未完了)</source>
        <extracomment>companion/ui/views/visit_form.py:554</extracomment>
        <translation>Next actions from last time (open)</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="540"/>
        <source>期限が近い計画のアクション</source>
        <extracomment>companion/ui/views/visit_form.py:560</extracomment>
        <translation>Plan actions due soon</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="542"/>
        <source>添付(写真・PDF・表計算)</source>
        <extracomment>companion/ui/views/visit_form.py:563</extracomment>
        <translation>Attachments (photos, PDFs, spreadsheets)</translation>
    </message>
</context>
<context>
    <name>VisitHistoryDialog</name>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="297"/>
        <source>保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="298"/>
        <source>下書き(自動保存)</source>
        <translation>Draft (autosaved)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="299"/>
        <source>修正</source>
        <translation>Amended</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="299"/>
        <source>削除</source>
        <translation>Deleted</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="300"/>
        <source>(空)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="315"/>
        <source>修正前</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="316"/>
        <source>修正後</source>
        <translation>After</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="333"/>
        <source>訪問記録の変更履歴</source>
        <translation>Visit history</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="339"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="340"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="343"/>
        <source>保存した後の修正は、修正前の文章とともにすべて残ります。</source>
        <translation>Every amendment made after saving is kept, together with the earlier text.</translation>
    </message>
</context>
<context>
    <name>VisitMode</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="614"/>
        <source>訪問</source>
        <extracomment>companion/domain/enums.py:78</extracomment>
        <translation>On site</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="616"/>
        <source>オンライン</source>
        <extracomment>companion/domain/enums.py:79</extracomment>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="618"/>
        <source>電話</source>
        <extracomment>companion/domain/enums.py:80</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="620"/>
        <source>来所</source>
        <extracomment>companion/domain/enums.py:81</extracomment>
        <translation>At the centre</translation>
    </message>
</context>
<context>
    <name>VisitReadDialog</name>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="379"/>
        <source>日時</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="380"/>
        <source>方式</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="383"/>
        <source>場所</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="385"/>
        <source>同席者</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="389"/>
        <source>(目的なし)</source>
        <translation>(no purpose)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="393"/>
        <source>記録</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="394"/>
        <source>強み</source>
        <translation>Strengths</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="395"/>
        <source>課題</source>
        <translation>Issues</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="396"/>
        <source>決定事項</source>
        <translation>Decisions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="403"/>
        <source>・{day}まで</source>
        <translation> · by {day}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="405"/>
        <source>(完了)</source>
        <translation> (done)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="408"/>
        <source>次のアクション</source>
        <translation>Next actions</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="428"/>
        <source>訪問記録</source>
        <translation>Visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="433"/>
        <source>読み込み中…</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="434"/>
        <source>修正…</source>
        <translation>Amend…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="435"/>
        <source>訪問記録のフォームで開いて修正します</source>
        <translation>Open it in the visit form to amend it</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="437"/>
        <source>案件を開く</source>
        <translation>Open engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="439"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="460"/>
        <source>訪問記録 — {client}</source>
        <translation>Visit — {client}</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="332"/>
        <source>日時</source>
        <extracomment>companion/ui/models/visit_table.py:27</extracomment>
        <translation>Date and time</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="334"/>
        <source>方式</source>
        <extracomment>companion/ui/models/visit_table.py:29</extracomment>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="336"/>
        <source>事業者</source>
        <extracomment>companion/ui/models/visit_table.py:30</extracomment>
        <translation>Business</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="338"/>
        <source>案件</source>
        <extracomment>companion/ui/models/visit_table.py:31</extracomment>
        <translation>Engagement</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="340"/>
        <source>目的</source>
        <extracomment>companion/ui/models/visit_table.py:32</extracomment>
        <translation>Purpose</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="342"/>
        <source>場所</source>
        <extracomment>companion/ui/models/visit_table.py:33</extracomment>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="344"/>
        <source>フォロー予定</source>
        <extracomment>companion/ui/models/visit_table.py:34</extracomment>
        <translation>Follow-up on</translation>
    </message>
</context>
<context>
    <name>VisitTimeline</name>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="214"/>
        <source>Enter またはダブルクリックで開く</source>
        <translation>Enter or double-click opens it</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="216"/>
        <source>この案件の訪問記録はまだありません。
訪問・相談のたびに記録すると、ここに新しい順に並びます。</source>
        <translation>No visits recorded for this engagement yet.
Record each visit or consultation and it appears here, newest first.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="218"/>
        <source>訪問を記録</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="219"/>
        <source>この案件の訪問・相談を記録します(Ctrl+N)</source>
        <translation>Record a visit or consultation for this engagement (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="230"/>
        <source>開く(Enter)</source>
        <translation>Open (Enter)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="232"/>
        <source>変更履歴…</source>
        <translation>History…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="233"/>
        <source>選んだ訪問記録の修正の履歴(修正前の文章と時刻)</source>
        <translation>The amendment history of the selected visit (earlier text and times)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visit_timeline.py" line="264"/>
        <source>{n}件(新しい順)</source>
        <translation>{n} (newest first)</translation>
    </message>
</context>
<context>
    <name>VisitTimelineModel</name>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="346"/>
        <source>修正あり</source>
        <extracomment>companion/ui/models/visit_timeline.py:33</extracomment>
        <translation>Amended</translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="348"/>
        <source>・</source>
        <extracomment>companion/ui/models/visit_timeline.py:34</extracomment>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../build/i18n/dynamic_messages.py" line="350"/>
        <source>次のアクション{n}件</source>
        <extracomment>companion/ui/models/visit_timeline.py:31</extracomment>
        <translation>{n} next actions</translation>
    </message>
</context>
<context>
    <name>VisitsPage</name>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="141"/>
        <source>Enter またはダブルクリックで訪問記録を開く</source>
        <translation>Enter or double-click opens the visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="123"/>
        <source>訪問した日の年度で一覧を絞り込みます</source>
        <translation>Filter the list by the fiscal year of the visit date</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="124"/>
        <source>すべての年度</source>
        <translation>All fiscal years</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="130"/>
        <source>絞り込み…</source>
        <translation>Filter…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="133"/>
        <source>目的・記録・事業者・案件に含む語で一覧を絞り込みます(Ctrl+F、Esc で解除)</source>
        <translation>Filter the list by words in the purpose, notes, business or engagement (Ctrl+F; Esc clears)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="147"/>
        <source>訪問記録はまだありません。
訪問・オンライン・電話・来所の相談を記録すると、ここに新しい順に並びます。</source>
        <translation>No visits recorded yet.
Record on-site, online, phone and walk-in consultations and they appear here, newest first.</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="148"/>
        <source>訪問を記録</source>
        <translation>Record a visit</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="149"/>
        <source>訪問・相談を記録します(Ctrl+N)</source>
        <translation>Record a visit or consultation (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="160"/>
        <source>訪問を記録(Ctrl+N)</source>
        <translation>Record a visit (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="162"/>
        <source>案件を開く</source>
        <translation>Open engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="163"/>
        <source>選んだ訪問記録の案件のページを開きます</source>
        <translation>Open the page of the selected visit&apos;s engagement</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="169"/>
        <source>下書きを開く…</source>
        <translation>Open drafts…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="177"/>
        <source>訪問記録</source>
        <translation>Visits</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="201"/>
        <source>保存されていない下書きが{n}件あります(最新: {client}「{purpose}」、{when} に自動保存)。</source>
        <translation>There are {n} unsaved draft(s) (latest: {client}, &quot;{purpose}&quot;, autosaved {when}).</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="203"/>
        <source>目的なし</source>
        <translation>No purpose</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="222"/>
        <source>絞り込み {shown}件(全{total}件から)</source>
        <translation>Filtered: {shown} of {total}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="225"/>
        <source>絞り込み {shown}件(全{total}件のうち {loaded}件を確認済み)</source>
        <translation>Filtered: {shown} ({loaded} of {total} checked so far)</translation>
    </message>
    <message>
        <location filename="../../companion/ui/views/visits.py" line="228"/>
        <source>全{total}件(読み込み済み {loaded}件)</source>
        <translation>{total} in all ({loaded} loaded)</translation>
    </message>
</context>
<context>
    <name>_ExportDialog</name>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="109"/>
        <source>参照…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="117"/>
        <source>閉じる</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="126"/>
        <source>保存先:</source>
        <translation>Save to:</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="176"/>
        <source>保存先</source>
        <translation>Save as</translation>
    </message>
    <message>
        <location filename="../../companion/ui/dialogs/export_report.py" line="189"/>
        <source>保存先のファイル名を入力してください。</source>
        <translation>Enter the name of the file to save to.</translation>
    </message>
</context>
<context>
    <name>formatting</name>
    <message>
        <location filename="../../companion/ui/formatting.py" line="22"/>
        <source>令和</source>
        <translation>Reiwa</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="22"/>
        <source>平成</source>
        <translation>Heisei</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="23"/>
        <source>昭和</source>
        <translation>Showa</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="60"/>
        <source>{wareki}</source>
        <comment>a date in the Japanese era: 令和7年4月1日</comment>
        <translation>{month_name} {day}, {year}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="71"/>
        <source>{date}({wareki})</source>
        <comment>2025/04/01(令和7年4月1日)</comment>
        <translation>{date}</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="81"/>
        <source>{wareki}</source>
        <comment>a fiscal year: 令和7年度(2025年度)</comment>
        <translation>FY{year} ({era} {era_year})</translation>
    </message>
    <message>
        <location filename="../../companion/ui/formatting.py" line="90"/>
        <source>{amount}円</source>
        <translation>¥{amount}</translation>
    </message>
</context>
<context>
    <name>result</name>
    <message>
        <location filename="../../companion/ui/widgets/file_result.py" line="165"/>
        <source>書き出しを取りやめました。</source>
        <translation>Export cancelled.</translation>
    </message>
</context>
</TS>
