"""Who may read the sync folder: pairing codes, membership, re-keying, recovery."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.errors import KnownError
from companion.security import recovery
from companion.services.sync import pairing

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
KEYS = {1: bytes(32), 2: bytes(range(32))}
INVITER = "a" * 32


def test_a_code_is_16_crockford_characters_in_groups_of_four() -> None:
    code = pairing.new_code()
    groups = code.split("-")
    assert [len(group) for group in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(pairing.CROCKFORD)
    assert pairing.new_code() != code


def test_a_code_is_accepted_as_people_type_it() -> None:
    assert pairing.normalise_code("7k3q m9xd-2trb h4ne") == "7K3QM9XD2TRBH4NE"
    assert pairing.normalise_code("ＯＩＬ0-1111-2222-3333") == "0110111122223333"
    with pytest.raises(KnownError, match="16 文字"):
        pairing.normalise_code("7K3Q-M9XD")
    with pytest.raises(KnownError, match="使えない文字"):
        pairing.normalise_code("7K3Q-M9XD-2TRB-H4N!")


def test_an_offer_opens_with_its_code_only_and_expires_after_a_day() -> None:
    code = pairing.new_code()
    offer = pairing.make_offer(code=code, keys=KEYS, inviter=INVITER, now=NOW)
    text = json.dumps(offer)
    assert KEYS[2].hex() not in text and pairing.b64(KEYS[2]) not in text
    typed = pairing.normalise_code(code.lower().replace("-", " "))
    assert pairing.code_matches(offer, typed)
    assert pairing.open_offer(offer, typed) == KEYS
    assert not pairing.code_matches(offer, pairing.normalise_code(pairing.new_code()))
    assert not pairing.offer_expired(offer, NOW + timedelta(hours=23))
    assert pairing.offer_expired(offer, NOW + timedelta(hours=24))


def test_an_offer_whose_expiry_was_moved_does_not_open() -> None:
    code = pairing.normalise_code(pairing.new_code())
    offer = pairing.make_offer(code=code, keys=KEYS, inviter=INVITER, now=NOW)
    offer["expires_at"] = (NOW + timedelta(days=30)).isoformat()
    with pytest.raises(KnownError, match="改変"):
        pairing.open_offer(offer, code)


def test_the_proof_in_device_json_recognises_the_code_but_holds_no_key() -> None:
    code = pairing.normalise_code(pairing.new_code())
    offer = pairing.make_offer(code=code, keys=KEYS, inviter=INVITER, now=NOW)
    proof = pairing.pairing_proof(offer)
    assert "sealed_keys" not in proof
    assert pairing.code_matches(proof, code)


def test_membership_proves_a_device_holds_the_key() -> None:
    signing = Ed25519PrivateKey.generate()
    agreement = pairing.new_agreement_key()
    document = pairing.device_document(
        device=INVITER, signing_public=pairing.signing_public_pem(signing),
        agreement_public=pairing.agreement_public_text(agreement), generation=2, key=KEYS[2],
        name="事務所のデスクトップ", paired_with=None)
    assert "事務所" not in json.dumps(document, ensure_ascii=False)
    assert pairing.read_device_document(document, device=INVITER, keys=KEYS) is not None
    assert pairing.device_name(document, KEYS) == "事務所のデスクトップ"
    assert pairing.read_device_document(document, device=INVITER, keys={1: KEYS[1]}) is None
    forged = dict(document, signing_public=pairing.signing_public_pem(
        Ed25519PrivateKey.generate()))
    assert pairing.read_device_document(forged, device=INVITER, keys=KEYS) is None
    assert pairing.read_device_document(document, device="b" * 32, keys=KEYS) is None


def test_a_new_key_is_wrapped_to_the_remaining_devices_only() -> None:
    remover = Ed25519PrivateKey.generate()
    staying, removed = pairing.new_agreement_key(), pairing.new_agreement_key()
    new_key = pairing.new_sync_key()
    document = pairing.rekey_document(
        generation=3, by=INVITER, key=new_key,
        recipients={"b" * 32: pairing.agreement_public_text(staying)},
        removed=[{"device": "c" * 32, "after_sequence": 41}], signing=remover)
    assert pairing.rekey_signed_by(document, remover.public_key())
    assert pairing.unwrap_for(staying, document["wrapped"]["b" * 32], generation=3,
                              device="b" * 32) == new_key
    assert "c" * 32 not in document["wrapped"]
    assert pairing.unwrap_for(removed, document["wrapped"]["b" * 32], generation=3,
                              device="b" * 32) is None
    document["removed"] = []
    assert not pairing.rekey_signed_by(document, remover.public_key())


def test_recovery_json_opens_with_the_recovery_passphrase() -> None:
    data_key = bytes(range(1, 33))
    passphrase = "むかしむかし山の上の事務所で"
    file_bytes = recovery.dumps(recovery.wrap(data_key, passphrase))
    document = pairing.recovery_document(data_key=data_key, recovery_file=file_bytes,
                                         keys=KEYS, device=INVITER)
    assert pairing.b64(KEYS[2]) not in json.dumps(document)
    assert pairing.recovery_is_current(document, recovery_file=file_bytes, generation=2)
    assert not pairing.recovery_is_current(document, recovery_file=file_bytes, generation=3)
    assert pairing.open_recovery(document, passphrase) == KEYS
    with pytest.raises(KnownError, match="パスフレーズが違います"):
        pairing.open_recovery(document, "ちがうパスフレーズです")
