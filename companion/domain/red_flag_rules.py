"""The red-flag rules' parameters, as data with a version.

``companion.domain.red_flags`` applies them; the review bundle states ``VERSION`` and
carries ``RULES`` itself (in ``red-flags.json``), so a reviewer reads exactly which
thresholds and phrases produced the flags, and ``companion verify`` recomputes the flags
from the bundle with them. Change ``VERSION`` whenever anything here changes meaning,
and add the new table to ``PUBLISHED_RULES`` in the published verifier
(resources/review/verify_chain.py, which auditors run without Companion), then refresh
its SHA-256 in README.md and the docs (tests/review/test_flags_recipe.py and
test_recipe.py fail until both are done).

Visit-note mentions are matched on phrases in context, one sentence at a time, never on
bare substrings: 「株式」 alone would match every 株式会社, 「報酬」 every 役員報酬 a
business pays its own directors. Each topic lists regular expressions (Python ``re``
syntax, also valid in the stdlib verifier) and phrases that cancel a match in the same
sentence.
"""

from __future__ import annotations

from typing import Any, Final

VERSION: Final = "2026.2"

RULES: Final[dict[str, Any]] = {
    "version": VERSION,
    # 申告の遅れ: first declared this many days after the interest began.
    "late_declaration_days": 30,
    # 年次確認の未実施: an active interest not confirmed (a new version) for this long.
    "recertification_days": 365,
    # Kinds of interest that make the practitioner share in the business's money.
    "financial_kinds": ["出資", "収益分配", "共同事業"],
    "open_engagement_statuses": ["準備", "進行中"],
    # 報酬条件の未開示: fee terms that tie the practitioner's pay to the business.
    "fee_terms_phrases": ["顧問契約", "顧問料", "成果報酬", "成功報酬", "レベニューシェア",
                          "レベニュー・シェア", "収益分配", "売上連動"],
    # 未開示の関与の記述: per topic, patterns matched within one sentence.
    "mention_topics": [
        {"topic": "役員就任",
         "patterns": [r"(取締役|監査役|執行役員|役員|理事)(に|へ|として)?(就任|選任|迎え)",
                      r"(取締役|監査役|執行役員|役員|理事)(として|に)[^。、]{0,8}?(加わ|なっ|なる|なり|入っ|入る)"]},
        {"topic": "出資",
         "patterns": [r"出資(し|す|を(受|求|依頼|打診|検討|約束|決)|者|比率|額|金を)"]},
        {"topic": "株主",
         "patterns": [r"株主(に|と)(な|し)", r"株主として",
                      r"(株|株式|持分)を(保有|取得|譲り受|譲渡|引き受|引受|持)"],
         "unless": ["株主総会"]},
        {"topic": "報酬",
         "patterns": [r"(?<!役員)報酬を(受|もら|支払|払|いただ|頂)", r"(成果|成功)報酬",
                      r"顧問(料|報酬|契約)", r"レベニュー・?シェア"]},
    ],
}
