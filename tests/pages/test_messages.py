"""The translation catalogue (carbonpeak.pages.messages): every message in both languages, every assumption of
data/assumptions.yml labelled in Chinese, and the answer page generated from it with no text of the other
language."""

import re

import pytest

from carbonpeak.errors import ParameterError
from carbonpeak.inputs import assumptions, parts
from carbonpeak.pages import messages

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_every_message_has_an_english_and_a_chinese_text():
    assert messages.missing() == []


def test_every_assumption_and_part_has_a_chinese_label():
    zh = messages.group("assumption", "zh")
    for name, a in assumptions.registry().items():
        assert HAN.search(zh[name]), name
        assert messages.label("assumption", name, "en") == a.label
    for name, part in parts.parts().items():
        assert messages.label("part", name, "zh") == part.zh


def test_a_message_missing_a_language_is_reported(monkeypatch):
    table = {"x.one": {"en": "one"}, "x.two": {"en": "two", "zh": "二"}, "x.three": {"en": "", "zh": "三"}}
    monkeypatch.setattr(messages, "catalogue", lambda: table)
    assert messages.missing() == ["x.one: zh", "x.three: en"]


def test_chinese_messages_use_full_width_punctuation():
    for key, texts in messages.catalogue().items():
        zh = texts["zh"]
        for line in zh if isinstance(zh, list) else [zh]:
            if HAN.search(line or ""):
                # a half-width ; , : ( ) between Chinese characters is a typo in Chinese text
                assert not re.search(r"[\u4e00-\u9fff][;,:()]|[;,:()][\u4e00-\u9fff]", line), (key, line)


def test_an_unknown_message_or_language_is_one_error():
    with pytest.raises(ParameterError, match="no message 'answer.nothing'"):
        messages.text("answer.nothing", "en")
    with pytest.raises(ParameterError, match="unknown language 'fr'"):
        messages.text("answer.download", "fr")


def test_numbers_are_written_the_chinese_way():
    assert messages.text("common.unit.percent", "zh", value=70) == "70%"
    assert messages.text("answer.finding.change", "zh", value=0.9, wan=messages.co2(0.9, "zh")) == "+90万吨"
    assert messages.text("answer.finding.change", "en", value=0.9, wan=90) == "+0.9 Mt"


def test_the_site_knows_the_receipts_heading_in_every_language():
    from carbonpeak.charts import sphinx_ext

    for lang in messages.LANGS:
        assert messages.text("receipt.title", lang).removeprefix("## ") in sphinx_ext.RECEIPT_TITLES


def test_the_assumption_blocks_read_the_same_in_the_catalogue_and_in_the_tables():
    from carbonpeak.pages.common import BLOCK_LABELS

    assert messages.group("block", "en") == BLOCK_LABELS
