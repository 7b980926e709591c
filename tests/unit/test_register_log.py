"""The register log: entries hash their exact payload and chain to the one before."""

import hashlib

from companion.domain.register_log import (
    canonical_payload,
    chain_problems,
    content_hash,
    entry_hash,
    next_entry,
)


def _log(payloads: list[str]):  # type: ignore[no-untyped-def]
    entries, previous = [], None
    for payload in payloads:
        previous = next_entry(previous, "disclosure", payload)
        entries.append(previous)
    return entries


def test_entry_hash_follows_the_documented_formula() -> None:
    payload = canonical_payload({"number": 1, "kind": "出資"})
    assert payload == '{"kind":"出資","number":1}'
    expected = hashlib.sha256(
        b"companion/log-entry/v1\n1\ndisclosure\n\n" + payload.encode("utf-8")).hexdigest()
    assert entry_hash(1, "disclosure", "", payload) == expected
    assert content_hash(payload) == hashlib.sha256(payload.encode()).hexdigest()


def test_an_intact_log_has_no_problems() -> None:
    assert chain_problems(_log(["a", "b", "c"])) == []


def test_an_edited_entry_is_named() -> None:
    entries = _log(["a", "b", "c"])
    entries[1] = entries[1].__class__(2, "disclosure", "b edited", entries[1].previous_hash,
                                      entries[1].entry_hash)
    assert chain_problems(entries) == ["記録 2: 内容がハッシュと一致しません(改変)"]


def test_a_gap_or_a_duplicate_is_named() -> None:
    entries = _log(["a", "b", "c"])
    assert "欠番" in chain_problems([entries[0], entries[2]])[0]
    assert "重複" in chain_problems([entries[0], entries[1], entries[1]])[0]
