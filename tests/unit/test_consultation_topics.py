"""相談内容 from a visit's 目的: the words sponsors count by, several topics at once, and
経営全般・その他 when none matches."""

from __future__ import annotations

import pytest

from companion.domain.consultation_topics import OTHER, TOPIC_NAMES, topics_of


@pytest.mark.parametrize(("purpose", "topics"), [
    ("補助金の活用の可否の検討", ("補助金申請",)),
    ("小規模事業者持続化補助金の申請書の確認", ("補助金申請",)),
    ("資金繰りと設備投資の相談", ("資金調達",)),
    ("事業承継の進め方の話し合い", ("事業承継",)),
    ("創業計画の相談(カフェの開業)", ("創業",)),
    ("事業計画書の作成の支援", ("事業計画",)),
    ("後継者と一緒に事業計画を見直す", ("事業承継", "事業計画")),
    ("販路開拓の作戦会議", ("販路開拓",)),
    ("SNSとホームページの発信の打合せ", ("広報・IT活用",)),
    ("定期訪問", (OTHER,)),
    ("", (OTHER,)),
])
def test_a_purpose_names_its_topics(purpose: str, topics: tuple[str, ...]) -> None:
    assert topics_of(purpose) == topics


def test_every_topic_is_listed_once_with_other_last() -> None:
    assert len(TOPIC_NAMES) == len(set(TOPIC_NAMES))
    assert TOPIC_NAMES[:4] == ("創業", "事業承継", "補助金申請", "資金調達")
    assert TOPIC_NAMES[-1] == OTHER
