"""The 31 mainland provincial-level divisions, and how users may spell them.

A provincial licence is issued by a province's communications administration
(省通信管理局) and covers that province (Telecom Regulations Art. 9; domain fact 3.1),
so the library needs to know exactly which province a spelling means. Codes are
GB/T 2260 division codes.

Hong Kong, Macau and Taiwan are recognised only to say that they are outside mainland
licensing: the MIIT catalogue and Order 42 do not license services there.
"""

from __future__ import annotations

import difflib
import enum
import re
from typing import Final

from .errors import BilingualError
from .text import zh_quote

__all__ = [
    "ABBREVIATIONS",
    "SEPARATORS",
    "TRADITIONAL",
    "OutsideMainland",
    "Province",
    "UnknownProvince",
    "parse_province",
    "spelling_pattern",
]


class Province(enum.Enum):
    """A mainland provincial-level division; the value is its GB/T 2260 code."""

    BEIJING = "110000"
    TIANJIN = "120000"
    HEBEI = "130000"
    SHANXI = "140000"
    INNER_MONGOLIA = "150000"
    LIAONING = "210000"
    JILIN = "220000"
    HEILONGJIANG = "230000"
    SHANGHAI = "310000"
    JIANGSU = "320000"
    ZHEJIANG = "330000"
    ANHUI = "340000"
    FUJIAN = "350000"
    JIANGXI = "360000"
    SHANDONG = "370000"
    HENAN = "410000"
    HUBEI = "420000"
    HUNAN = "430000"
    GUANGDONG = "440000"
    GUANGXI = "450000"
    HAINAN = "460000"
    CHONGQING = "500000"
    SICHUAN = "510000"
    GUIZHOU = "520000"
    YUNNAN = "530000"
    TIBET = "540000"
    SHAANXI = "610000"
    GANSU = "620000"
    QINGHAI = "630000"
    NINGXIA = "640000"
    XINJIANG = "650000"

    @property
    def code(self) -> str:
        """The GB/T 2260 code, e.g. ``"110000"``."""
        return self.value

    @property
    def name_en(self) -> str:
        """The English name, e.g. ``"Inner Mongolia"``."""
        return _NAMES[self][0]

    @property
    def name_zh(self) -> str:
        """The full Chinese name with its suffix, e.g. ``"内蒙古自治区"``."""
        return _NAMES[self][1]

    def __str__(self) -> str:
        return self.name_en


# English name, full Chinese name, further accepted spellings (pinyin and variants).
_NAMES: Final[dict[Province, tuple[str, str, tuple[str, ...]]]] = {
    Province.BEIJING: ("Beijing", "北京市", ()),
    Province.TIANJIN: ("Tianjin", "天津市", ()),
    Province.HEBEI: ("Hebei", "河北省", ()),
    Province.SHANXI: ("Shanxi", "山西省", ()),
    Province.INNER_MONGOLIA: ("Inner Mongolia", "内蒙古自治区", ("Nei Mongol", "Neimenggu")),
    Province.LIAONING: ("Liaoning", "辽宁省", ()),
    Province.JILIN: ("Jilin", "吉林省", ()),
    Province.HEILONGJIANG: ("Heilongjiang", "黑龙江省", ()),
    Province.SHANGHAI: ("Shanghai", "上海市", ()),
    Province.JIANGSU: ("Jiangsu", "江苏省", ()),
    Province.ZHEJIANG: ("Zhejiang", "浙江省", ()),
    Province.ANHUI: ("Anhui", "安徽省", ()),
    Province.FUJIAN: ("Fujian", "福建省", ()),
    Province.JIANGXI: ("Jiangxi", "江西省", ()),
    Province.SHANDONG: ("Shandong", "山东省", ()),
    Province.HENAN: ("Henan", "河南省", ()),
    Province.HUBEI: ("Hubei", "湖北省", ()),
    Province.HUNAN: ("Hunan", "湖南省", ()),
    Province.GUANGDONG: ("Guangdong", "广东省", ()),
    Province.GUANGXI: ("Guangxi", "广西壮族自治区", ("Guangxi Zhuang",)),
    Province.HAINAN: ("Hainan", "海南省", ()),
    Province.CHONGQING: ("Chongqing", "重庆市", ()),
    Province.SICHUAN: ("Sichuan", "四川省", ()),
    Province.GUIZHOU: ("Guizhou", "贵州省", ()),
    Province.YUNNAN: ("Yunnan", "云南省", ()),
    Province.TIBET: ("Tibet", "西藏自治区", ("Xizang",)),
    # "Shanxi" is 山西; 陕西 is spelled "Shaanxi" in English and pinyin alike.
    Province.SHAANXI: ("Shaanxi", "陕西省", ()),
    Province.GANSU: ("Gansu", "甘肃省", ()),
    Province.QINGHAI: ("Qinghai", "青海省", ()),
    Province.NINGXIA: ("Ningxia", "宁夏回族自治区", ("Ningxia Hui",)),
    Province.XINJIANG: ("Xinjiang", "新疆维吾尔自治区", ("Xinjiang Uyghur", "Xinjiang Uygur")),
}

#: The one-character abbreviation of each province (简称), as it prefixes the number of a
#: licence a provincial administration issues (京B2-20180123).
ABBREVIATIONS: Final[dict[str, Province]] = {
    "京": Province.BEIJING, "津": Province.TIANJIN, "冀": Province.HEBEI,
    "晋": Province.SHANXI, "蒙": Province.INNER_MONGOLIA, "辽": Province.LIAONING,
    "吉": Province.JILIN, "黑": Province.HEILONGJIANG, "沪": Province.SHANGHAI,
    "苏": Province.JIANGSU, "浙": Province.ZHEJIANG, "皖": Province.ANHUI,
    "闽": Province.FUJIAN, "赣": Province.JIANGXI, "鲁": Province.SHANDONG,
    "豫": Province.HENAN, "鄂": Province.HUBEI, "湘": Province.HUNAN,
    "粤": Province.GUANGDONG, "桂": Province.GUANGXI, "琼": Province.HAINAN,
    "渝": Province.CHONGQING, "川": Province.SICHUAN, "黔": Province.GUIZHOU,
    "滇": Province.YUNNAN, "藏": Province.TIBET, "陕": Province.SHAANXI,
    "甘": Province.GANSU, "青": Province.QINGHAI, "宁": Province.NINGXIA,
    "新": Province.XINJIANG,
}  # fmt: skip

_ZH_SUFFIXES: Final = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_EN_SUFFIXES: Final = ("autonomousregion", "municipality", "province", "city", "shi", "sheng")

#: Traditional characters in province names and their simplified forms, so that 廣東,
#: 內蒙古自治區, 陝西 and 重慶 are read as the provinces they name.
TRADITIONAL: Final = {
    "內": "内", "區": "区", "遼": "辽", "龍": "龙", "蘇": "苏", "東": "东", "廣": "广",
    "壯": "壮", "慶": "庆", "貴": "贵", "雲": "云", "陝": "陕", "肅": "肃", "寧": "宁",
    "維": "维", "爾": "尔", "灣": "湾", "臺": "台", "門": "门", "別": "别",
}  # fmt: skip
_SIMPLIFY: Final = str.maketrans(TRADITIONAL)
#: Characters ignored in a Latin-script spelling (so "Inner Mongolia", "inner-mongolia" and
#: "InnerMongolia" are one key). Only these: other whitespace or punctuation is not part of
#: a name. Chinese names and codes are compared as written, around spaces trimmed.
SEPARATORS: Final = " -_.'’"
_LATIN: Final = str.maketrans(
    {**{chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)}, **dict.fromkeys(SEPARATORS)}
)


def _key(text: str) -> str:
    """The lookup key of a spelling. Latin script: separators removed and ASCII letters
    lower-cased (only those, so a key never depends on Unicode case rules). Otherwise:
    surrounding spaces trimmed and traditional characters simplified."""
    if text.isascii():
        return text.translate(_LATIN)
    return text.strip(" ").translate(_SIMPLIFY)


_OUTSIDE: Final[dict[str, tuple[str, str]]] = {}
for _names, _spellings in {
    ("Hong Kong", "香港"): (
        "Hong Kong",
        "Hongkong",
        "Xianggang",
        "香港",
        "香港特别行政区",
        "810000",
    ),
    ("Macau", "澳门"): ("Macau", "Macao", "Aomen", "澳门", "澳门特别行政区", "820000"),
    ("Taiwan", "台湾"): ("Taiwan", "台湾", "台湾省", "臺灣", "710000"),
}.items():
    for _spelling in _spellings:
        _OUTSIDE[_key(_spelling)] = _names


def _build_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for province, (name_en, name_zh, others) in _NAMES.items():
        keys = {province.code, _key(name_en), name_zh}
        keys.update(_key(o) for o in others)
        for suffix in _ZH_SUFFIXES:
            if name_zh.endswith(suffix):
                keys.add(name_zh[: -len(suffix)])
                break
        for base in [_key(name_en), *(_key(o) for o in others)]:
            keys.update(base + suffix for suffix in _EN_SUFFIXES)
        for k in keys:
            if k in index and index[k] is not province:
                raise AssertionError(f"province spelling {k!r} is ambiguous")
            index[k] = province
    return index


_INDEX: Final = _build_index()
#: Spellings exactly as people usually write them (names, Chinese names with and without
#: their suffix, codes), each the province its lookup key gives: read without normalising.
SPELLINGS: Final[dict[str, Province]] = {
    spelling: province
    for province, (name_en, name_zh, others) in _NAMES.items()
    for spelling in (province.code, name_en, name_zh, *others)
    if _INDEX.get(_key(spelling)) is province
}
for _province in Province:
    for _suffix in _ZH_SUFFIXES:
        if _province.name_zh.endswith(_suffix):
            _short_name = _province.name_zh[: -len(_suffix)]
            if _INDEX.get(_key(_short_name)) is _province:
                SPELLINGS[_short_name] = _province
            break
#: The keys a "did you mean" suggestion is drawn from: names, not codes or suffixed forms.
_SUGGESTIONS: Final = {
    **{_key(p.name_en): p for p in Province},
    **{_key(o): p for p, (_en, _zh, others) in _NAMES.items() for o in others},
    **{p.name_zh: p for p in Province},
}


class UnknownProvince(BilingualError, ValueError):
    """A spelling that names no mainland provincial-level division; ``message_zh`` says so
    in Chinese (``str()`` is the English)."""


class OutsideMainland(BilingualError, ValueError):
    """Hong Kong, Macau or Taiwan: outside mainland telecom licensing; ``message_zh`` says
    so in Chinese (``str()`` is the English)."""


def parse_province(value: object) -> Province:
    """Return the province a spelling names.

    Accepts a `Province`, the English or pinyin name in any case, the Chinese name
    in simplified or traditional characters, with or without its suffix (``北京``,
    ``北京市``, ``内蒙古自治区``, ``廣東``) or the GB/T 2260 code (``"110000"`` or ``110000``).

    Raises:
        OutsideMainland: for Hong Kong, Macau and Taiwan.
        UnknownProvince: for anything else that is not a mainland province; the message
            suggests the closest name when one is close.
        TypeError: when ``value`` is neither a string nor an integer code.
    """
    if isinstance(value, Province):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f"expected a province name or code, got {type(value).__name__}")
    if isinstance(value, int) and not 0 <= value < 10**6:
        small = value.bit_length() < 200
        raise UnknownProvince(
            f"unknown province code {value if small else '(a huge number)'}",
            f"未知的省份代码{value if small else '（一个极大的数）'}",
        )
    key = _key(str(value))
    if key in _INDEX:
        return _INDEX[key]
    if key in _OUTSIDE:
        name_en, name_zh = _OUTSIDE[key]
        shown_zh = zh_quote(value) if isinstance(value, str) else str(value)
        raise OutsideMainland(
            f"{value!r} ({name_en}) is outside mainland China's telecom licensing; "
            "only the 31 mainland provincial-level divisions can be licensed",
            f"{shown_zh}（{name_zh}）不在内地电信业务经营许可的范围内；"
            "只有内地31个省级行政区可以申请许可",
        )
    text = str(value)
    shown = repr(value) if len(text) <= 60 else repr(text[:60]) + "..."
    shown_zh = (
        text if isinstance(value, int) else zh_quote(text[:60]) + ("……" if len(text) > 60 else "")
    )
    close = _did_you_mean(key)
    raise UnknownProvince(
        f"unknown province {shown}"
        + (f"; did you mean {close.name_en} ({close.name_zh})?" if close else ""),
        f"未知的省份{shown_zh}" + (f"；是否指{close.name_zh}？" if close else ""),
    )


def _did_you_mean(key: str) -> Province | None:
    if not key or len(key) > 40:
        return None
    close = difflib.get_close_matches(key, _SUGGESTIONS, n=1, cutoff=0.75)
    return _SUGGESTIONS[close[0]] if close else None


def spelling_pattern(*only: Province) -> str:
    """A regular expression (ECMA 262 and Python alike) matching exactly the strings
    `parse_province` accepts as a mainland province (or as one of ``only``): what the JSON
    Schema says."""
    wanted = set(only) or set(Province)
    separators = "[ \\-_.'’]*"
    reverse: dict[str, list[str]] = {}
    for traditional, simplified in TRADITIONAL.items():
        reverse.setdefault(simplified, []).append(traditional)

    def latin(key: str) -> str:
        return separators.join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in key)

    def chinese(key: str) -> str:
        return "".join(f"[{c}{''.join(reverse[c])}]" if c in reverse else re.escape(c) for c in key)

    bases = sorted(
        {
            _key(name)
            for p, (en, _zh, others) in _NAMES.items()
            if p in wanted
            for name in (en, *others)
        },
        key=lambda k: (-len(k), k),
    )
    suffixes = "|".join(latin(s) for s in sorted(_EN_SUFFIXES, key=lambda k: (-len(k), k)))
    chinese_keys = sorted(
        (k for k, p in _INDEX.items() if not k.isascii() and p in wanted),
        key=lambda k: (-len(k), k),
    )
    names = "|".join(latin(b) for b in bases)
    latin_names = f"{separators}(?:{names})(?:{separators}(?:{suffixes}))?{separators}"
    chinese_names = f" *(?:{'|'.join(chinese(k) for k in chinese_keys)}) *"
    codes = (
        f"{separators}(?:{'|'.join(latin(p.code) for p in Province if p in wanted)}){separators}"
    )
    # (?![\s\S]) is "end of text" in both dialects (Python's $ also matches before a
    # final newline).
    return f"^(?:{latin_names}|{chinese_names}|{codes})(?![\\s\\S])"
