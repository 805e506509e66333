"""The legal instruments and provisions the rules cite, with their Chinese wording.

Articles are written out literally (``"Art. 6(4)"``), so a reader holding the law finds the
provision, and the rules that cite it, with one search. The days the instruments take
effect are parameters (``law/parameters/in_force.yaml``).

``text_zh`` is the provision's own wording where the research has it; where it has only
the substance, the text starts with ``（要点）`` ("gist") and says it in Chinese without
claiming to quote.
"""

from __future__ import annotations

from typing import Final

from .citation import Document, Provision

CATALOGUE_2015: Final = Document(
    "Catalogue of Telecommunications Services (2015 edition), MIIT",
    "电信业务分类目录（2015年版）",
)
TELECOM_REGULATIONS: Final = Document(
    "Telecommunications Regulations of the People's Republic of China",
    "中华人民共和国电信条例",
)
ORDER_42: Final = Document(
    "Administrative Measures for Telecommunications Business Operation Licensing "
    "(MIIT Order No. 42)",
    "电信业务经营许可管理办法（工业和信息化部令第42号）",
)
ORDER_5: Final = Document(
    "Administrative Measures for Telecommunications Business Operation Licensing "
    "(MIIT Order No. 5, 2009; repealed 2017-09-01)",
    "电信业务经营许可管理办法（工业和信息化部令第5号）",
)
NEGATIVE_LIST_2018: Final = Document(
    "Special Administrative Measures for Foreign Investment Access (Negative List), "
    "editions before 2019",
    "外商投资准入特别管理措施（负面清单）（2019年以前版本）",
)
NEGATIVE_LIST_2019: Final = Document(
    "Special Administrative Measures for Foreign Investment Access (Negative List) 2019, "
    "NDRC/MOFCOM Order No. 25, and later editions",
    "外商投资准入特别管理措施（负面清单）（2019年版）及以后版本",
)
FOREIGN_TELECOM_RULES: Final = Document(
    "Provisions on the Administration of Foreign-Invested Telecommunications Enterprises "
    "(revised by State Council Order No. 752)",
    "外商投资电信企业管理规定",
)
NOTICE_2020_81: Final = Document(
    "MIIT notice on strengthening the administration of call-center business "
    "(工信部信管〔2020〕81号, June 2020)",
    "工业和信息化部关于加强呼叫中心业务管理的通知（工信部信管〔2020〕81号）",
)
MIIT_NUMBERING_PRACTICE: Final = Document(
    "MIIT / provincial numbering practice for 95 and 96 access numbers",
    "95、96 短号码（码号资源）管理实践",
)
ORDER_288_2004: Final = Document(
    "MIIT (then MII) letter on call-center coverage (信部电函〔2004〕288号)",
    "信部电函〔2004〕288号",
)

# ------------------------------------------------------------------ catalogue

B24_DEFINITION: Final = Provision(
    CATALOGUE_2015,
    "B24 呼叫中心业务",
    "呼叫中心业务是指受企事业单位委托，利用与公用电信网或互联网连接的呼叫中心系统和数据库技术，"
    "经过信息采集、加工、存储等建立信息库，通过公用电信网向用户提供有关该企事业单位的业务咨询、"
    "信息咨询和数据查询等服务。",
)
B24_RENTAL: Final = Provision(
    CATALOGUE_2015,
    "B24 呼叫中心业务",
    "呼叫中心业务还包括呼叫中心系统和话务员座席的出租服务。",
)
B24_1_DOMESTIC: Final = Provision(
    CATALOGUE_2015,
    "B24-1 国内呼叫中心业务",
    "通过在境内设立呼叫中心平台，为境内外单位提供的、主要面向国内用户的呼叫中心业务。",
)
B24_2_OFFSHORE: Final = Provision(
    CATALOGUE_2015,
    "B24-2 离岸呼叫中心业务",
    "离岸呼叫中心业务：利用在境内设立的呼叫中心平台，为境外单位提供的、面向境外用户服务的呼叫中心业务。",
)
OTHER_CATEGORIES: Final = Provision(
    CATALOGUE_2015,
    "B25 信息服务业务; B22 国内多方通信服务业务",
    "（要点）信息服务业务（含交互式语音服务）；国内多方通信服务业务。",
)

# ------------------------------------------------------------------ licence type

REGULATIONS_ART_9: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 9",
    "经营增值电信业务，业务覆盖范围在两个以上省、自治区、直辖市的，须经国务院信息产业主管部门审查批准，"
    "取得《跨地区增值电信业务经营许可证》；业务覆盖范围在一个省、自治区、直辖市行政区域内的，"
    "须经省、自治区、直辖市电信管理机构审查批准，取得《增值电信业务经营许可证》。",
)
COVERAGE_BY_LOCAL_DIALLING: Final = Provision(
    ORDER_288_2004,
    "coverage of a call center",
    "（要点）呼叫中心业务的覆盖范围以用户通过拨打本地号码接入的范围确定。",
)

# ------------------------------------------------------------------ conditions (Art. 6)


ORDER_42_ART_6_1: Final = Provision(ORDER_42, "Art. 6(1)", "经营者为依法设立的公司")
ORDER_5_ART_6_1: Final = Provision(ORDER_5, "Art. 6(1)", "经营者为依法设立的公司")
ORDER_42_ART_6_2: Final = Provision(ORDER_42, "Art. 6(2)", "有与开展经营活动相适应的资金和专业人员")
ORDER_5_ART_6_2: Final = Provision(ORDER_5, "Art. 6(2)", "有与开展经营活动相适应的资金和专业人员")
ORDER_42_ART_6_3: Final = Provision(ORDER_42, "Art. 6(3)", "有为用户提供长期服务的信誉或者能力")
ORDER_5_ART_6_3: Final = Provision(ORDER_5, "Art. 6(3)", "有为用户提供长期服务的信誉或者能力")
ORDER_42_ART_6_4: Final = Provision(
    ORDER_42,
    "Art. 6(4)",
    "在省、自治区、直辖市范围内经营的，注册资本最低限额为100万元人民币；"
    "在全国或者跨省、自治区、直辖市范围经营的，注册资本最低限额为1000万元人民币",
)
ORDER_5_ART_6_4: Final = Provision(
    ORDER_5,
    "Art. 6(4)",
    "在省、自治区、直辖市范围内经营的，注册资本最低限额为100万元人民币；"
    "在全国或者跨省、自治区、直辖市范围经营的，注册资本最低限额为1000万元人民币",
)
ORDER_42_ART_6_5: Final = Provision(ORDER_42, "Art. 6(5)", "有必要的场地、设施及技术方案")
ORDER_5_ART_6_5: Final = Provision(ORDER_5, "Art. 6(5)", "有必要的场地、设施及技术方案")
ORDER_42_ART_6_6: Final = Provision(
    ORDER_42, "Art. 6(6)", "公司及其主要出资者和主要经营管理人员未被列入电信业务经营失信名单"
)
ORDER_5_ART_6_6: Final = Provision(
    ORDER_5,
    "Art. 6(6)",
    "公司及其主要出资者和主要经营管理人员三年内无违反电信监督管理制度的违法记录",
)
PLATFORM_IN_MAINLAND: Final = Provision(
    CATALOGUE_2015,
    "B24-1 / B24-2",
    "通过在境内设立呼叫中心平台……；利用在境内设立的呼叫中心平台……",
)

# ------------------------------------------------------------------ foreign investment

CAP_BEFORE_2019: Final = Provision(
    NEGATIVE_LIST_2018,
    "telecommunications: value-added services",
    "增值电信业务的外资股比不超过50%（电子商务除外）",
)
CAP_FROM_2019: Final = Provision(
    NEGATIVE_LIST_2019,
    "telecommunications: value-added services",
    "增值电信业务的外资股比不超过50%（电子商务、国内多方通信、存储转发类、呼叫中心除外）",
)
FOREIGN_TELECOM_CAP: Final = Provision(
    FOREIGN_TELECOM_RULES,
    "cap on foreign equity in value-added services",
    "（要点）经营增值电信业务的外商投资电信企业，外方投资者的出资比例不得超过50%，国家另有规定的除外；"
    "注册资本最低限额同《电信业务经营许可管理办法》。",
)

# ------------------------------------------------------------------ numbering and conduct

NUMBERS_95: Final = Provision(
    MIIT_NUMBERING_PRACTICE,
    "95XXX numbers",
    "（要点）95XXX 全国统一短号码由工业和信息化部核配，申请者应持有跨地区呼叫中心业务经营许可证"
    "（或为在15个以上城市开展业务的服务企业）；955XX 号段用于银行、保险、证券、航空、物流等。",
)
NUMBERS_96: Final = Provision(
    MIIT_NUMBERING_PRACTICE,
    "96XXX numbers",
    "（要点）96XXX 省内短号码由省通信管理局核配，与省内呼叫中心业务经营许可证相配套。",
)
OUTBOUND_RULES: Final = Provision(
    NOTICE_2020_81,
    "on access numbers and outbound calls",
    "（要点）呼叫中心业务接入号码原则上只开通呼入功能；确需呼出的应当提交承诺书；不得开展商业营销类电话外呼。",
)

# ------------------------------------------------------------------ the decision

ORDER_42_ART_6: Final = Provision(ORDER_42, "Art. 6", "经营增值电信业务，应当具备下列条件")
ORDER_5_ART_6: Final = Provision(ORDER_5, "Art. 6", "申请经营增值电信业务的，应当符合下列条件")
