"""How amounts and days read in the law's messages, in English and in Chinese.

English: ``CNY 10,000,000.00`` and ``2019-07-30``. Chinese, as a Chinese compliance
document writes them: a round amount in 万 and 亿 (``1000万元``, ``1亿2000万元``), any other
amount exactly, grouped by thousands (``9,999,999.99元``); a day as ``2019年7月30日``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

__all__ = ["day_zh", "yuan", "yuan_zh"]

_WAN = Decimal(10_000)
_YI = Decimal(100_000_000)


def _grouped(value: Decimal) -> str:
    """``value`` grouped by thousands with two decimals, or with every decimal it has when
    it has more: an amount is never rounded in a message (``9,999,999.999`` must not read
    as ``10,000,000.00``)."""
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return f"{value.normalize():,f}"
    return f"{value:,.2f}"


def yuan(amount: Decimal | int) -> str:
    """An amount as the English messages show it: ``1,000,000.00`` (no currency), never
    rounded."""
    return _grouped(Decimal(amount))


def yuan_zh(amount: Decimal | int) -> str:
    """An amount the way Chinese readers expect, with its unit: ``100万元``, ``1000万元``,
    ``1亿元``, ``1亿2000万元``, ``500元``; an amount that is not a whole number of 万 is
    written exactly: ``9,999,999.99元``."""
    value = Decimal(amount)
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == 0:
        return "0元"
    if value % _WAN == 0:
        yi, rest = divmod(value, _YI)
        wan = rest / _WAN
        parts = []
        if yi:
            parts.append(f"{int(yi)}亿")
        if wan:
            parts.append(f"{int(wan)}万")
        return sign + "".join(parts) + "元"
    if value == value.to_integral_value():
        return f"{sign}{int(value):,}元"
    return f"{sign}{_grouped(value)}元"


def day_zh(day: datetime.date) -> str:
    """A day the Chinese way: ``2019年7月30日``."""
    return f"{day.year}年{day.month}月{day.day}日"
