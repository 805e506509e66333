"""The cities the law names, and how users may spell them.

The law names a few cities: the China service-outsourcing demonstration cities
(中国服务外包示范城市), where offshore call centers were opened to foreign investment before
the 2019 negative list (domain fact 4.8), and Dongguan and Zhuhai, where CEPA opened them to
Hong Kong service suppliers (4.9). A company says where it is registered with
``registered_city``: one of these, or ``other`` for any city that is none of them. Which of
them the law opened, and when, is the law's (`callcenter_rules.law.foreign_investment`);
this module only knows the cities and the province each lies in.
"""

from __future__ import annotations

import enum
import re
from typing import Final

from .provinces import Province

__all__ = [
    "MUNICIPALITIES",
    "PROVINCES_WITH_CITIES",
    "City",
    "UnknownCity",
    "city_pattern",
    "parse_city",
]


class City(enum.Enum):
    """A city the law names (the value is its pinyin, lower case), or ``other``."""

    BEIJING = "beijing"
    TIANJIN = "tianjin"
    SHANGHAI = "shanghai"
    CHONGQING = "chongqing"
    DALIAN = "dalian"
    SHENZHEN = "shenzhen"
    GUANGZHOU = "guangzhou"
    WUHAN = "wuhan"
    HARBIN = "harbin"
    CHENGDU = "chengdu"
    NANJING = "nanjing"
    XIAN = "xian"
    JINAN = "jinan"
    HANGZHOU = "hangzhou"
    HEFEI = "hefei"
    NANCHANG = "nanchang"
    CHANGSHA = "changsha"
    DAQING = "daqing"
    SUZHOU = "suzhou"
    WUXI = "wuxi"
    XIAMEN = "xiamen"
    SHENYANG = "shenyang"
    CHANGCHUN = "changchun"
    NANTONG = "nantong"
    ZHENJIANG = "zhenjiang"
    NINGBO = "ningbo"
    FUZHOU = "fuzhou"
    QINGDAO = "qingdao"
    ZHENGZHOU = "zhengzhou"
    NANNING = "nanning"
    URUMQI = "urumqi"
    DONGGUAN = "dongguan"
    ZHUHAI = "zhuhai"
    #: A city that is none of those listed.
    OTHER = "other"

    @property
    def name_en(self) -> str:
        """The English name, e.g. ``"Xi'an"``; ``"another city"`` for `OTHER`."""
        return _NAMES[self][0]

    @property
    def name_zh(self) -> str:
        """The Chinese name, e.g. ``"西安市"``; ``"其他城市"`` for `OTHER`."""
        return _NAMES[self][1]

    @property
    def province(self) -> Province | None:
        """The province the city lies in (None for `OTHER`)."""
        return _NAMES[self][2]


_NAMES: Final[dict[City, tuple[str, str, Province | None]]] = {
    City.BEIJING: ("Beijing", "北京市", Province.BEIJING),
    City.TIANJIN: ("Tianjin", "天津市", Province.TIANJIN),
    City.SHANGHAI: ("Shanghai", "上海市", Province.SHANGHAI),
    City.CHONGQING: ("Chongqing", "重庆市", Province.CHONGQING),
    City.DALIAN: ("Dalian", "大连市", Province.LIAONING),
    City.SHENZHEN: ("Shenzhen", "深圳市", Province.GUANGDONG),
    City.GUANGZHOU: ("Guangzhou", "广州市", Province.GUANGDONG),
    City.WUHAN: ("Wuhan", "武汉市", Province.HUBEI),
    City.HARBIN: ("Harbin", "哈尔滨市", Province.HEILONGJIANG),
    City.CHENGDU: ("Chengdu", "成都市", Province.SICHUAN),
    City.NANJING: ("Nanjing", "南京市", Province.JIANGSU),
    City.XIAN: ("Xi'an", "西安市", Province.SHAANXI),
    City.JINAN: ("Jinan", "济南市", Province.SHANDONG),
    City.HANGZHOU: ("Hangzhou", "杭州市", Province.ZHEJIANG),
    City.HEFEI: ("Hefei", "合肥市", Province.ANHUI),
    City.NANCHANG: ("Nanchang", "南昌市", Province.JIANGXI),
    City.CHANGSHA: ("Changsha", "长沙市", Province.HUNAN),
    City.DAQING: ("Daqing", "大庆市", Province.HEILONGJIANG),
    City.SUZHOU: ("Suzhou", "苏州市", Province.JIANGSU),
    City.WUXI: ("Wuxi", "无锡市", Province.JIANGSU),
    City.XIAMEN: ("Xiamen", "厦门市", Province.FUJIAN),
    City.SHENYANG: ("Shenyang", "沈阳市", Province.LIAONING),
    City.CHANGCHUN: ("Changchun", "长春市", Province.JILIN),
    City.NANTONG: ("Nantong", "南通市", Province.JIANGSU),
    City.ZHENJIANG: ("Zhenjiang", "镇江市", Province.JIANGSU),
    City.NINGBO: ("Ningbo", "宁波市", Province.ZHEJIANG),
    City.FUZHOU: ("Fuzhou", "福州市", Province.FUJIAN),
    City.QINGDAO: ("Qingdao", "青岛市", Province.SHANDONG),
    City.ZHENGZHOU: ("Zhengzhou", "郑州市", Province.HENAN),
    City.NANNING: ("Nanning", "南宁市", Province.GUANGXI),
    City.URUMQI: ("Urumqi", "乌鲁木齐市", Province.XINJIANG),
    City.DONGGUAN: ("Dongguan", "东莞市", Province.GUANGDONG),
    City.ZHUHAI: ("Zhuhai", "珠海市", Province.GUANGDONG),
    City.OTHER: ("another city", "其他城市", None),
}

#: The four municipalities, each a city and a province at once.
MUNICIPALITIES: Final = {
    Province.BEIJING: City.BEIJING,
    Province.TIANJIN: City.TIANJIN,
    Province.SHANGHAI: City.SHANGHAI,
    Province.CHONGQING: City.CHONGQING,
}


#: The provinces in which some listed city lies (a company elsewhere is in none of them).
PROVINCES_WITH_CITIES: Final = frozenset(p for _, _, p in _NAMES.values() if p is not None)


class UnknownCity(ValueError):
    """A spelling that names no city the library knows; ``spelling`` is what was given."""

    def __init__(self, spelling: str) -> None:
        shown = repr(spelling) if len(spelling) <= 60 else repr(spelling[:60]) + "..."
        super().__init__(
            f"unknown city {shown}: expected one of the cities the law names "
            f"({', '.join(c.value for c in City if c is not City.OTHER)}) or 'other'"
        )
        self.spelling = spelling


#: Characters a Latin spelling may carry between (or around) its letters: "Xi'an", "xi an".
_SEPARATORS: Final = " -_.'’"
_DROP_SEPARATORS: Final = str.maketrans(dict.fromkeys(_SEPARATORS))


def _key(text: str) -> str:
    """The lookup key of a spelling: in Latin script, separators removed and ASCII letters
    lower-cased; otherwise the text itself (a Chinese name, with or without 市)."""
    latin = text.translate(_DROP_SEPARATORS)
    return latin.lower() if latin.isascii() else text


_INDEX: Final[dict[str, City]] = {}
for _city, (_en, _zh, _) in _NAMES.items():
    for _spelling in (_city.value, _en):
        _INDEX[_key(_spelling)] = _city
    if _city is not City.OTHER:
        _INDEX[_zh] = _INDEX[_zh.removesuffix("市")] = _city
_INDEX["其他"] = _INDEX["其他城市"] = City.OTHER


def city_pattern(*only: City) -> str:
    """A regular expression (ECMA 262 and Python alike) matching exactly the strings
    `parse_city` accepts (as one of ``only``, when given): what the JSON Schema says."""
    wanted = set(only) or set(City)
    separators = "[ \\-_.'’]*"
    keys = [k for k, city in _INDEX.items() if city in wanted]
    latin = sorted((k for k in keys if k.isascii()), key=lambda k: (-len(k), k))
    chinese = sorted((k for k in keys if not k.isascii()), key=lambda k: (-len(k), k))
    spelled = [
        separators
        + separators.join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in key)
        + separators
        for key in latin
    ]
    return "(?:" + "|".join([*spelled, *(re.escape(k) for k in chinese)]) + ")"


def parse_city(value: str) -> City:
    """The city a spelling names: its value (``xian``) or English name (``Xi'an``), with
    ASCII letters in any case and spaces, hyphens, underscores, dots or apostrophes
    anywhere; or its Chinese name with or without 市 (``西安``, ``西安市``); ``other``
    (其他) for a city that is none of them.

    Raises:
        UnknownCity: the spelling names none of them.
    """
    city = _INDEX.get(_key(value))
    if city is None:
        raise UnknownCity(value)
    return city
