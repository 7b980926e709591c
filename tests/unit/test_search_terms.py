from companion.services.search import snippet_around, split_terms


def test_terms_split_on_ascii_and_full_width_spaces() -> None:
    assert split_terms("販路開拓\u3000道の駅  試飲") == ["販路開拓", "道の駅", "試飲"]


def test_snippet_marks_the_term_and_trims_long_text() -> None:
    body = "あ" * 40 + "販路開拓" + "い" * 40
    snippet = snippet_around(body, ["販路開拓"], radius=5)
    assert snippet == "…あああああ【販路開拓】いいいいい…"


def test_snippet_without_a_match_shows_the_beginning() -> None:
    assert snippet_around("短い本文", ["無い"]) == "短い本文"
