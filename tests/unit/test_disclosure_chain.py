from companion.domain.disclosure_chain import canonical_bytes, chain_hash, first_break


def _chain(contents: list[bytes]) -> list[tuple[str, bytes, str]]:
    entries, previous = [], ""
    for content in contents:
        digest = chain_hash(previous, content)
        entries.append((previous, content, digest))
        previous = digest
    return entries


def test_canonical_bytes_do_not_depend_on_key_order() -> None:
    assert canonical_bytes({"b": 1, "a": "出資"}) == canonical_bytes({"a": "出資", "b": 1})
    assert canonical_bytes({"a": "出資"}) == '{"a":"出資"}'.encode()


def test_an_intact_chain_has_no_break_and_an_edit_breaks_it_there() -> None:
    entries = _chain([b"v1", b"v2", b"v3"])
    assert first_break(entries) is None
    previous, _content, digest = entries[1]
    entries[1] = (previous, b"v2 edited", digest)
    assert first_break(entries) == 1


def test_removing_an_entry_breaks_the_chain() -> None:
    entries = _chain([b"v1", b"v2", b"v3"])
    assert first_break([entries[0], entries[2]]) == 1
