"""``companion contact-card``, ``companion referral export`` and ``companion referral
import``: case referral to another centre from the command line (docs/referral.md).
Never imports Qt; the use cases are ``companion.services.referrals``."""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from pathlib import Path
from typing import Any

from companion.errors import KnownError
from companion.i18n import t

PASSPHRASE_ENV = "COMPANION_REFERRAL_PASSPHRASE"
CONSENT_HOW_EXAMPLES = "口頭 / 書面 / メール"


def add_card_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """The ``contact-card`` command."""
    card = commands.add_parser(
        "contact-card", parents=[common],
        help="連絡先カード(氏名・所属・公開鍵)を書き出す: 引き継ぎパッケージを受け取るために相手に渡す")
    card.add_argument("--out", metavar="FILE", required=True,
                      help="保存先(例: 連絡先カード_佐藤.companion-card)")


def add_referral_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """The ``referral`` command: ``export`` and ``import``."""
    from companion.cli import _date, _Parser

    referral = commands.add_parser("referral", parents=[common],
                                   help="案件を別のセンター・支援者に引き継ぐ(パッケージの作成・取り込み)")
    actions = referral.add_subparsers(dest="referral_action", metavar="ACTION",
                                      parser_class=_Parser, required=True)
    export = actions.add_parser(
        "export", parents=[common],
        help="引き継ぎパッケージを作成する(相手の連絡先カード宛て、またはパスフレーズで暗号化し、署名する)")
    export.add_argument("engagement", metavar="ENGAGEMENT", help="案件ID(companion list engagements)")
    recipient = export.add_mutually_exclusive_group(required=True)
    recipient.add_argument("--to", metavar="CARD", help="相手の連絡先カード(companion contact-card で作ったもの)")
    recipient.add_argument("--passphrase", action="store_true",
                           help="カードの代わりに、電話などで伝えるパスフレーズで暗号化する"
                                f"(端末で入力、または環境変数 {PASSPHRASE_ENV})")
    export.add_argument("--out", metavar="FILE", required=True,
                        help="保存先(例: 引き継ぎ_山田製菓.companion-referral)")
    export.add_argument("--visits", default="all", metavar="all|none|ID,ID…",
                        help="含める訪問記録: all(既定、下書きを除く)、none、または訪問記録IDのカンマ区切り")
    export.add_argument("--no-attachments", action="store_true", help="添付ファイルを含めない")
    export.add_argument("--no-kpis", action="store_true", help="指標(目標と実績)を含めない")
    export.add_argument("--no-plan", action="store_true", help="行動計画を含めない")
    export.add_argument("--consent-date", metavar="YYYY-MM-DD", type=_date, required=True,
                        help="事業者の同意を得た日")
    export.add_argument("--consent-scope", metavar="TEXT", required=True,
                        help="同意の範囲(例: 支援の経過と計画を○○センターへ引き継ぐこと)")
    export.add_argument("--consent-how", metavar="TEXT", required=True,
                        help=f"同意の方法({CONSENT_HOW_EXAMPLES} など)")

    import_ = actions.add_parser(
        "import", parents=[common],
        help="引き継ぎパッケージを取り込む(送り主の署名を確かめ、新しい案件として登録する)")
    import_.add_argument("file", metavar="FILE")
    import_.add_argument("--dry-run", action="store_true",
                         help="送り主・中身・含まれないものを表示するだけで、取り込まない")


def _visit_choice(text: str) -> tuple[uuid.UUID, ...] | None:
    value = text.strip()
    if value.lower() == "all":
        return None
    if value.lower() == "none":
        return ()
    ids = []
    for part in value.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            ids.append(uuid.UUID(part))
        except ValueError:
            raise KnownError("--visits の訪問記録IDの形式が正しくありません: {text}", text=part,
                             hint="all、none、または訪問記録ID(companion list visits --engagement 案件ID)"
                                  "のカンマ区切りで指定してください。") from None
    if not ids:
        raise KnownError("--visits に訪問記録が指定されていません。",
                         hint="all、none、または訪問記録IDのカンマ区切りで指定してください。")
    return tuple(dict.fromkeys(ids))


def _passphrase(*, new: bool) -> str:
    import getpass

    from_environment = os.environ.get(PASSPHRASE_ENV)
    if from_environment:
        return from_environment
    if not sys.stdin.isatty():
        raise KnownError("引き継ぎのパスフレーズが必要です。",
                         hint="端末から実行するか、環境変数 {variable} を設定してください。",
                         variable=PASSPHRASE_ENV)
    if not new:
        return getpass.getpass(t("引き継ぎのパスフレーズ: "))
    first = getpass.getpass(t("引き継ぎのパスフレーズ(10文字以上、相手に電話などで伝えます): "))
    if getpass.getpass(t("もう一度: ")) != first:
        raise KnownError("二つのパスフレーズが一致しません。")
    return first


def run(args: argparse.Namespace) -> int:
    if args.command == "contact-card":
        return _contact_card(args)
    if args.referral_action == "export":
        return _export(args)
    return _import(args)


def _contact_card(args: argparse.Namespace) -> int:
    from companion.cli import EXIT_OK, _output, _settings, _write
    from companion.review.keys import short_fingerprint
    from companion.services.referrals import write_contact_card

    out = _output(args)
    settings = _settings(args)
    written = _write(args, write_contact_card, out=out, name=str(settings.get("practitioner_name")),
                     organisation=str(settings.get("organisation")))
    print(t("連絡先カードを書き出しました: {path}", path=written.path))
    print(t("氏名: {name}", name=written.card.label))
    print(t("鍵の指紋: {fingerprint}(相手に電話などで伝え、カードと照らし合わせてもらってください)",
            fingerprint=short_fingerprint(written.card.identity_fingerprint)))
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from datetime import date

    from companion.cli import EXIT_OK, _engagement_id, _open, _output, _settings
    from companion.review.keys import short_fingerprint
    from companion.services.referrals import (
        Consent,
        ReferralChoice,
        export_referral,
        read_contact_card,
    )
    from companion.services.session import session_scope

    engagement_id = _engagement_id(args.engagement)
    assert engagement_id is not None
    out = _output(args)
    choice = ReferralChoice(visit_ids=_visit_choice(args.visits),
                            attachments=not args.no_attachments, kpis=not args.no_kpis,
                            plan=not args.no_plan)
    card = read_contact_card(Path(args.to)) if args.to else None
    passphrase = _passphrase(new=True) if args.passphrase else None
    if passphrase is not None:
        from companion.review.referral_package import check_passphrase

        check_passphrase(passphrase)
    settings = _settings(args)
    db = _open(args)
    try:
        with session_scope(db) as session:
            result = export_referral(
                session=session, database=db, engagement_id=engagement_id, choice=choice,
                consent=Consent(given_on=args.consent_date, scope=args.consent_scope,
                                how=args.consent_how),
                out=out, sender_name=str(settings.get("practitioner_name")),
                sender_organisation=str(settings.get("organisation")), recipient=card,
                passphrase=passphrase, today=date.today())
    finally:
        db.close()
    print(t("引き継ぎパッケージを作成しました: {path}", path=result.path))
    if result.by_passphrase:
        print(t("宛先: パスフレーズを知っている人(パスフレーズはファイルと別に、電話などで伝えてください)"))
    else:
        print(t("宛先: {recipient}", recipient=result.recipient))
    _print_counts(result.included, result.withheld)
    print(t("送り主の鍵の指紋: {fingerprint}", fingerprint=short_fingerprint(result.fingerprint)))
    return EXIT_OK


def _print_counts(included: Any, withheld: Any) -> None:
    print(t("含めたもの: 訪問記録 {visits}件、添付ファイル {attachments}件、行動計画 {plan}項目、指標 {kpis}件",
            visits=included.visits, attachments=included.attachments, plan=included.plan_items,
            kpis=included.kpis))
    for line in withheld_lines(withheld):
        print(t("含めないもの: {what}", what=line))
    print(t("含めないもの: 利益相反の開示・注意事項・第三者レビュー・署名付きの記録(引き継ぎには一切含めません)"))


def withheld_lines(withheld: Any) -> list[str]:
    """What stayed with the sender, one line each (counts, never contents)."""
    lines = []
    for count, template in ((withheld.visits, "選ばなかった訪問記録 {n}件"),
                            (withheld.drafts, "下書きの訪問記録 {n}件"),
                            (withheld.attachments, "添付ファイル {n}件"),
                            (withheld.plan_items, "行動計画 {n}項目"),
                            (withheld.plan_baselines, "合意した計画の記録 {n}件"),
                            (withheld.kpis, "指標 {n}件"),
                            (withheld.report_narratives, "報告書の所見 {n}件"),
                            (withheld.private_lines, "【非開示】の行 {n}行")):
        if count:
            lines.append(t(template, n=count))
    if withheld.fee_terms:
        lines.append(t("報酬条件"))
    if withheld.sponsor:
        lines.append(t("委託元"))
    return lines


def _import(args: argparse.Namespace) -> int:
    from companion.cli import EXIT_OK, _open
    from companion.review.keys import short_fingerprint
    from companion.services.referrals import import_referral, inspect_package, preview_referral
    from companion.services.session import session_scope

    path = Path(args.file)
    info = inspect_package(path)  # the signature, before the data folder or a passphrase
    print(t("送り主: {sender}(鍵の指紋 {fingerprint})", sender=info.sender.label,
            fingerprint=short_fingerprint(info.sender.fingerprint)))
    print(t("署名を確認しました。作成日時: {when}",
            when=info.made_at.astimezone().strftime("%Y-%m-%d %H:%M")))
    passphrase = _passphrase(new=False) if info.needs_passphrase else None
    db = _open(args)
    try:
        with session_scope(db, write=not args.dry_run) as session:
            preview = preview_referral(session=session, path=path, passphrase=passphrase)
            print(t("案件: {title}(事業者: {client} {place})", title=preview.engagement_title,
                    client=preview.client_name, place=preview.client_place))
            print(t("事業者の同意: {day} {how} — {scope}",
                    day=preview.consent.given_on.isoformat() if preview.consent.given_on else "-",
                    how=preview.consent.how, scope=preview.consent.scope))
            _print_counts(preview.included, preview.withheld)
            if preview.already_imported_at is not None:
                raise KnownError(
                    "この引き継ぎパッケージは {day} に取り込み済みです(案件「{title}」)。",
                    day=preview.already_imported_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                    title=preview.already_imported_as, hint="同じパッケージを二度は取り込みません。")
            if args.dry_run:
                print(t("(試しの実行: 何も取り込んでいません)"))
                return EXIT_OK
            result = import_referral(session=session, database=db, path=path,
                                     passphrase=passphrase)
    finally:
        db.close()
    print(t("新しい案件として取り込みました: {title}(案件ID {id})", title=result.title,
            id=result.engagement_id))
    if result.new_client:
        print(t("事業者を新しく登録しました: {client}", client=result.client_name))
    else:
        print(t("登録済みの事業者に結び付けました: {client}", client=result.client_name))
    print(t("引き継ぎ元: {sender}", sender=result.sender.label))
    return EXIT_OK
