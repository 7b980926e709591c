"""The package and card format alone (no data folder): every byte is covered, and the
command line's referral lines have English."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.cli_messages_en import MESSAGES
from companion.errors import KnownError
from companion.i18n import t, using_language
from companion.review import referral_package as fmt
from companion.review.keys import fingerprint, public_pem

CONTENTS: dict[str, Any] = {
    "format": fmt.CONTENTS_FORMAT, "package_id": "5f0c1c8e2b7d4a2f9e3b6a1d0c4e8f21",
    "client": {"name": "有限会社 松月堂", "prefecture": "山形県", "city": "新庄市"},
    "visits": [{"purpose": "看板の「くじら餅」の売り方の相談", "notes": "ひな祭り前の売上が4割"}],
}


def sealed_to_card() -> tuple[bytes, Any, Ed25519PrivateKey]:
    sender, identity, agreement = (Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate(),
                                   fmt.new_agreement_key())
    card, _data = fmt.make_card(name="高橋 健一", organisation="ゆざわ-Biz", identity=identity,
                                agreement=agreement, made_at="2026-11-18T09:00:00+09:00")
    data = fmt.seal(CONTENTS, sender=sender, sender_name="佐藤 みのり",
                    sender_organisation="もがみ-Biz", package_id=CONTENTS["package_id"],
                    made_at="2026-11-20T10:00:00+09:00", to_card=card)
    return data, agreement, sender


def test_the_card_holder_opens_what_was_sealed() -> None:
    data, agreement, sender = sealed_to_card()
    package = fmt.read_package(data, name="p")
    assert package.sender.label == "佐藤 みのり(もがみ-Biz)"
    assert package.sender.fingerprint == fingerprint(sender.public_key())
    assert fmt.open_with_card(package, agreement, name="p") == CONTENTS
    assert "くじら餅".encode() not in data and "松月堂".encode() not in data


def test_every_byte_changed_is_refused() -> None:
    data, agreement, _sender = sealed_to_card()
    refused = 0
    for offset in range(0, len(data), 7):
        changed = bytearray(data)
        changed[offset] ^= 0x20
        with pytest.raises(KnownError):
            fmt.open_with_card(fmt.read_package(bytes(changed), name="p"), agreement, name="p")
        refused += 1
    assert refused > 50


@pytest.mark.parametrize("cut", [1, 16, 64, 200])
def test_a_package_cut_short_is_refused(cut: int) -> None:
    data, agreement, _sender = sealed_to_card()
    with pytest.raises(KnownError, match="改ざんされたか、壊れています"):
        fmt.open_with_card(fmt.read_package(data[:-cut], name="p"), agreement, name="p")


def test_another_key_cannot_open_it() -> None:
    data, _agreement, _sender = sealed_to_card()
    package = fmt.read_package(data, name="p")
    with pytest.raises(KnownError, match="改ざんされたか、壊れています"):
        fmt.open_with_card(package, fmt.new_agreement_key(), name="p")


def test_a_package_signed_again_by_someone_else_shows_them_and_does_not_open() -> None:
    """Someone who takes a package and signs it again under their own name is shown as
    its sender (the fingerprint read on the phone tells them apart), and the contents
    no longer open: the header is bound to the ciphertext."""
    data, agreement, _sender = sealed_to_card()
    package = fmt.read_package(data, name="p")
    intruder = Ed25519PrivateKey.generate()
    header = dict(package.header)
    header["sender"] = {"name": "佐藤 みのり", "organisation": "もがみ-Biz",
                        "public_key_pem": public_pem(intruder.public_key()),
                        "fingerprint": fingerprint(intruder.public_key())}
    header_bytes = fmt.canonical(header)
    framed = fmt.MAGIC + len(header_bytes).to_bytes(4, "big") + header_bytes
    forged = framed + intruder.sign(fmt.PACKAGE_PREFIX + framed + package.ciphertext) \
        + package.ciphertext
    shown = fmt.read_package(forged, name="p")
    assert shown.sender.label == "佐藤 みのり(もがみ-Biz)"
    assert shown.sender.fingerprint == fingerprint(intruder.public_key())
    assert shown.sender.fingerprint != package.sender.fingerprint
    with pytest.raises(KnownError, match="改ざんされたか、壊れています"):
        fmt.open_with_card(shown, agreement, name="p")


def test_the_referral_lines_of_the_command_line_have_english() -> None:
    path = Path(__file__).resolve().parents[2] / "companion" / "cli_referral.py"
    literals = [str(node.args[0].value) for node in ast.walk(ast.parse(path.read_text("utf-8")))
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t"
                and node.args and isinstance(node.args[0], ast.Constant)]
    assert len(literals) > 20
    assert [text for text in literals if text not in MESSAGES] == []
    with using_language("en"):
        assert t("選ばなかった訪問記録 {n}件", n=3) == "3 visits not chosen"
