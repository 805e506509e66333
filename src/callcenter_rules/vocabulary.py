"""The codes the library speaks in: what a profile says of a company (entity types,
activities, markets, zones...) and what an answer says back (status, licence type, business
scope, severity, confidence).

The base of the package: the law, the model and the results all use these codes, and this
module imports nothing of theirs (only the provinces). The public API re-exports every one.
"""

from __future__ import annotations

import enum
from typing import Final

from .provinces import Province

__all__ = [
    "OTHER_SERVICE_CODES",
    "ZONE_PROVINCES",
    "Activity",
    "BusinessScope",
    "Confidence",
    "EntityType",
    "InvestorOrigin",
    "LicenceChange",
    "LicenseType",
    "Market",
    "NumberResource",
    "ObligationState",
    "Party",
    "PlatformLocation",
    "Severity",
    "Status",
    "VerdictConfidence",
    "Zone",
]


# ---------------------------------------------------------------- what a profile says


class EntityType(enum.Enum):
    """The legal form of the applicant."""

    LIMITED_LIABILITY_COMPANY = "limited_liability_company"
    JOINT_STOCK_COMPANY = "joint_stock_company"
    BRANCH = "branch"
    PARTNERSHIP = "partnership"
    SOLE_PROPRIETORSHIP = "sole_proprietorship"
    INDIVIDUAL = "individual"
    PUBLIC_INSTITUTION = "public_institution"
    OTHER = "other"


class Activity(enum.Enum):
    """What the company does or plans to do; the catalogue rules classify each one."""

    INBOUND_CUSTOMER_SERVICE = "inbound_customer_service"
    #: Service calls made on behalf of client units.
    OUTBOUND_CALLING = "outbound_calling"
    #: Commercial marketing calls.
    TELEMARKETING = "telemarketing"
    SEAT_RENTAL = "seat_rental"
    SYSTEM_RENTAL = "system_rental"
    CLOUD_CALL_CENTER = "cloud_call_center"
    AGENT_OUTSOURCING = "agent_outsourcing"
    SYSTEM_EQUIPMENT_OUTSOURCING = "system_equipment_outsourcing"
    #: A hotline for the company's own customers about its own products only.
    IN_HOUSE_HOTLINE = "in_house_hotline"
    #: Interactive voice response information service (catalogue B25).
    IVR_INFORMATION_SERVICE = "ivr_information_service"
    #: Multi-party conference calling (catalogue B22).
    CONFERENCE_CALLING = "conference_calling"


class Market(enum.Enum):
    """Where end users or client units are."""

    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class PlatformLocation(enum.Enum):
    """Where the call-center platform is set up."""

    MAINLAND = "mainland"
    OVERSEAS = "overseas"


class NumberResource(enum.Enum):
    """Access numbers the company wants: a 95 call-center access code (nationwide), a 96
    one (provincial), or a 95 customer-service short number for its own customers."""

    #: A 95XXX(X) call-center access code, allocated by MIIT.
    N95 = "95"
    #: A 96XXX access code, allocated by a provincial administration.
    N96 = "96"
    #: A five-digit 95 customer-service short number (the 953, 955 and 956 ranges) that a
    #: large enterprise of the industries MIIT names (banks, insurers, securities firms,
    #: airlines, logistics and others) uses for its own customer service.
    N95_CUSTOMER_SERVICE = "95_customer_service"


class InvestorOrigin(enum.Enum):
    """Where the main foreign investor comes from (Hong Kong and Macau investors may use
    CEPA; the foreign-invested telecom rules apply to all of them)."""

    HONG_KONG = "hong_kong"
    MACAU = "macau"
    TAIWAN = "taiwan"
    #: Any other country or region.
    OTHER = "other"


class Zone(enum.Enum):
    """A special area the company is registered in, where the foreign-equity rules differ.

    The areas of the 2024 opening pilot (工信部通信函〔2024〕107号) are named one by one; any
    other pilot free-trade zone is ``free_trade_zone``.
    """

    #: A pilot free-trade zone (自由贸易试验区), other than the areas below.
    FREE_TRADE_ZONE = "free_trade_zone"
    #: The original area of the Shanghai pilot free-trade zone (about 28.78 km²: the
    #: Waigaoqiao bonded zone and its logistics park, the Yangshan bonded port area and the
    #: Pudong airport comprehensive bonded zone), where the 2014 pilot opened call centers.
    SHANGHAI_FTZ_ORIGINAL = "shanghai_ftz_original"
    #: Beijing: the services-opening demonstration zone, which covers the city.
    BEIJING_SERVICES_PILOT = "beijing_services_pilot"
    #: Shanghai Pudong: the Lingang new area of the Shanghai FTZ and the Pudong leading area.
    SHANGHAI_PUDONG_LINGANG = "shanghai_pudong_lingang"
    #: Hainan: the free trade port (the whole island; a free-trade zone since 2018).
    HAINAN_FREE_TRADE_PORT = "hainan_free_trade_port"
    #: Shenzhen, outside the Qianhai-Shekou area.
    SHENZHEN = "shenzhen"
    #: Shenzhen's Qianhai-Shekou area, which is also part of the Guangdong free-trade zone.
    SHENZHEN_QIANHAI = "shenzhen_qianhai"


#: The province each named zone lies in (a free-trade zone may be in any of several).
ZONE_PROVINCES: Final = {
    Zone.SHANGHAI_FTZ_ORIGINAL: Province.SHANGHAI,
    Zone.BEIJING_SERVICES_PILOT: Province.BEIJING,
    Zone.SHANGHAI_PUDONG_LINGANG: Province.SHANGHAI,
    Zone.HAINAN_FREE_TRADE_PORT: Province.HAINAN,
    Zone.SHENZHEN: Province.GUANGDONG,
    Zone.SHENZHEN_QIANHAI: Province.GUANGDONG,
}


class Party(enum.Enum):
    """Whose record a violation is on (Order 42 Art. 6(6) names all three)."""

    COMPANY = "company"
    MAJOR_INVESTOR = "major_investor"
    KEY_MANAGER = "key_manager"


#: Value-added codes of the 2015 catalogue other than B24 that ``other_value_added_services``
#: accepts: B11-B14 (class 1) and B21-B26 (class 2).
OTHER_SERVICE_CODES: Final[frozenset[str]] = frozenset(
    {"B11", "B12", "B13", "B14", "B21", "B22", "B23", "B25", "B26"}
)


class LicenceChange(enum.Enum):
    """A change in a licence holder's life that the licensing rules attach a filing to
    (Order 42's change chapter, Telecom Regulations Art. 15, the numbering rules)."""

    #: The company's name (a registry change).
    NAME = "name"
    #: The legal representative (a registry change).
    LEGAL_REPRESENTATIVE = "legal_representative"
    #: The registered capital (a registry change).
    REGISTERED_CAPITAL = "registered_capital"
    #: Shareholders, in a way that changes the operating entity.
    SHAREHOLDERS = "shareholders"
    #: A merger or split of the operating entity.
    MERGER = "merger"
    #: The business scope (the services or area licensed).
    BUSINESS_SCOPE = "business_scope"
    #: The address or contacts (what the allocator of numbers must be told).
    ADDRESS = "address"


# ---------------------------------------------------------------- what the law and an answer say


class Severity(enum.Enum):
    """How a finding bears on the decision."""

    #: A condition is not met: the licence cannot be granted as things stand.
    BLOCKING = "blocking"
    #: Something is unknown or uncertain, or a conduct rule applies.
    WARNING = "warning"
    #: An explanation of how the answer was reached.
    INFO = "info"


class Confidence(enum.Enum):
    """How sure the domain research is of the legal fact a rule encodes."""

    HIGH = "H"
    MEDIUM_HIGH = "M-H"
    MEDIUM = "M"
    LOW_MEDIUM = "L-M"
    LOW = "L"


class Status(enum.Enum):
    """The decision."""

    #: A licence is needed and every condition is known to be met.
    ELIGIBLE = "eligible"
    #: A licence is needed and at least one condition is not met.
    INELIGIBLE = "ineligible"
    #: A licence is needed, no condition is known to fail, but some are unknown.
    INCOMPLETE = "incomplete"
    #: No activity falls under B24.
    NOT_REQUIRED = "not_required"


class VerdictConfidence(enum.Enum):
    """How sure the verdict is: the lowest confidence among the findings it rests on
    (`Assessment.confidence`)."""

    #: Every finding the verdict rests on cites law of high confidence (H).
    HIGH = "high"
    #: The weakest of them is of medium or medium-to-high confidence (M, M-H).
    MEDIUM = "medium"
    #: The weakest of them is of low or low-to-medium confidence (L, L-M).
    LOW = "low"

    @classmethod
    def of(cls, confidence: Confidence) -> VerdictConfidence:
        """The verdict's confidence when its weakest finding cites ``confidence``."""
        return _VERDICT_CONFIDENCE[confidence]


_VERDICT_CONFIDENCE: Final = {
    Confidence.HIGH: VerdictConfidence.HIGH,
    Confidence.MEDIUM_HIGH: VerdictConfidence.MEDIUM,
    Confidence.MEDIUM: VerdictConfidence.MEDIUM,
    Confidence.LOW_MEDIUM: VerdictConfidence.LOW,
    Confidence.LOW: VerdictConfidence.LOW,
}


class LicenseType(enum.Enum):
    """Telecom Regulations Art. 9: the cross-regional (MIIT) or the provincial licence."""

    #: 跨地区增值电信业务经营许可证, issued by MIIT.
    NATIONWIDE = "nationwide"
    #: 增值电信业务经营许可证, issued by the province's communications administration.
    REGIONAL = "regional"


class BusinessScope(enum.Enum):
    """Sub-scopes of B24 in the 2015 catalogue."""

    #: 国内呼叫中心业务
    DOMESTIC = "B24-1"
    #: 离岸呼叫中心业务
    OFFSHORE = "B24-2"


class ObligationState(enum.Enum):
    """Where a holder's obligation stands on the day reviewed."""

    #: Its window has not opened yet.
    UPCOMING = "upcoming"
    #: Its window is open and the due day has not passed.
    OPEN = "open"
    #: The due day has passed and it was not done by then.
    OVERDUE = "overdue"
    #: Done by the due day.
    DONE = "done"
