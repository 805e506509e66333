"""Province spellings: simplified and traditional Chinese, English and pinyin, codes; Hong
Kong, Macau and Taiwan refused; a close miss gets a suggestion; the JSON Schema's pattern
accepts exactly what `parse_province` accepts."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callcenter_rules import Province
from callcenter_rules.provinces import (
    SPELLINGS,
    OutsideMainland,
    UnknownProvince,
    parse_province,
    spelling_pattern,
)
from callcenter_rules.testing import province_spellings

PATTERN = re.compile(spelling_pattern())


@pytest.mark.parametrize(
    ("spelling", "province"),
    [
        ("廣東", Province.GUANGDONG),
        ("廣東省", Province.GUANGDONG),
        ("內蒙古", Province.INNER_MONGOLIA),
        ("內蒙古自治區", Province.INNER_MONGOLIA),
        ("陝西", Province.SHAANXI),
        ("重慶", Province.CHONGQING),
        ("重慶市", Province.CHONGQING),
        ("遼寧", Province.LIAONING),
        ("黑龍江省", Province.HEILONGJIANG),
        ("廣西壯族自治區", Province.GUANGXI),
        ("寧夏回族自治區", Province.NINGXIA),
        ("新疆維吾爾自治區", Province.XINJIANG),
        ("雲南", Province.YUNNAN),
        ("貴州", Province.GUIZHOU),
        ("甘肅", Province.GANSU),
        ("江蘇", Province.JIANGSU),
        ("山東", Province.SHANDONG),
        ("西藏自治區", Province.TIBET),
    ],
)
def test_traditional_characters(spelling: str, province: Province) -> None:
    assert parse_province(spelling) is province


@pytest.mark.parametrize("spelling", ["臺灣", "台灣省", "香港特別行政區", "澳門"])
def test_traditional_spellings_of_places_outside_the_mainland_are_refused(spelling: str) -> None:
    with pytest.raises(OutsideMainland):
        parse_province(spelling)


@pytest.mark.parametrize(
    ("spelling", "suggestion"),
    [
        ("Bejing", "did you mean Beijing (北京市)?"),
        ("Guangdon", "did you mean Guangdong"),
        ("Sichaun", "did you mean Sichuan"),
        ("Innermongolia autonomous", ""),
        ("Atlantis", ""),
    ],
)
def test_a_close_miss_gets_a_suggestion(spelling: str, suggestion: str) -> None:
    with pytest.raises(UnknownProvince) as caught:
        parse_province(spelling)
    message = str(caught.value)
    if suggestion:
        assert suggestion in message
    else:
        assert "did you mean" not in message


@pytest.mark.parametrize(
    "spelling", ["Beijing\n", "Bei\tjing", "北 京", "ſhanghai", "BEİJİNG", "1100 00\n", ""]
)
def test_only_the_listed_separators_are_ignored(spelling: str) -> None:
    with pytest.raises(UnknownProvince):
        parse_province(spelling)
    assert not PATTERN.search(spelling)


@given(st.sampled_from(list(Province)).flatmap(province_spellings))
def test_the_schema_pattern_accepts_every_spelling(spelling: str | int) -> None:
    if isinstance(spelling, str):
        assert PATTERN.search(spelling)


_ALPHABET = st.sampled_from(
    list("beijngshaxuozBEIJNGSHAXUOZ -_.'’\n\t北京廣東省市区區自治内內0123456789")
)


@given(st.text(_ALPHABET, max_size=12) | st.sampled_from(["Shanxi", "Shaanxi", "Xizang"]))
def test_the_schema_pattern_and_the_parser_agree(text: str) -> None:
    try:
        parse_province(text)
        accepted = True
    except (UnknownProvince, OutsideMainland):
        accepted = False
    assert bool(PATTERN.search(text)) == accepted, text


def test_spellings_read_without_normalising_name_the_province_parsing_gives() -> None:
    # The table read first for input is only a shortcut: every spelling in it must be one
    # that parse_province reads, as that province; and the usual spellings are all in it.
    assert SPELLINGS
    for spelling, province in SPELLINGS.items():
        assert parse_province(spelling) is province, spelling
    for province in Province:
        for spelling in (province.code, province.name_en, province.name_zh):
            assert SPELLINGS[spelling] is province
