"""The legal instruments and provisions the rules cite, with their Chinese wording.

Articles are written out literally (``"Art. 6(4)"``, and in Chinese ``"第六条第（四）项"``),
so a reader holding the law finds the provision, and the rules that cite it, with one
search. The days the instruments take effect are parameters
(``law/parameters/in_force.yaml``).

``text_zh`` is the provision's own wording where a source has it (the scenario files that
cover each rule name the sources checked); where only the substance was found, the text
starts with ``（要点）`` ("gist") and says it in Chinese without claiming to quote.
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
GUIDANCE_CATALOGUE_2015: Final = Document(
    "Catalogue for the Guidance of Foreign Investment Industries (2015 revision), NDRC/MOFCOM",
    "外商投资产业指导目录（2015年修订）",
)
GUIDANCE_CATALOGUE_2017: Final = Document(
    "Catalogue for the Guidance of Foreign Investment Industries (2017 revision), "
    "NDRC/MOFCOM Order No. 4: its negative list",
    "外商投资产业指导目录（2017年修订）外商投资准入特别管理措施（外商投资准入负面清单）",
)
NEGATIVE_LIST_2018: Final = Document(
    "Special Administrative Measures for Foreign Investment Access (Negative List) 2018, "
    "NDRC/MOFCOM",
    "外商投资准入特别管理措施（负面清单）（2018年版）",
)
FTZ_LIST_2018: Final = Document(
    "Special Administrative Measures for Foreign Investment Access in Pilot Free Trade Zones "
    "(Negative List) 2018, NDRC/MOFCOM Order No. 19",
    "自由贸易试验区外商投资准入特别管理措施（负面清单）（2018年版）",
)
NEGATIVE_LIST_2019: Final = Document(
    "Special Administrative Measures for Foreign Investment Access (Negative List) 2019, "
    "NDRC/MOFCOM Order No. 25, and later editions",
    "外商投资准入特别管理措施（负面清单）（2019年版）及以后版本",
)
FOREIGN_TELECOM_RULES_2016: Final = Document(
    "Provisions on the Administration of Foreign-Invested Telecommunications Enterprises "
    "(as revised in 2016; in force until 2022-04-30)",
    "外商投资电信企业管理规定（2016年修订）",
)
FOREIGN_TELECOM_RULES_2022: Final = Document(
    "Provisions on the Administration of Foreign-Invested Telecommunications Enterprises "
    "(as revised by State Council Order No. 752, in force from 2022-05-01)",
    "外商投资电信企业管理规定（2022年修订，国务院令第752号）",
)
OPENING_PILOT_2024: Final = Document(
    "MIIT notice on the pilot of further opening value-added telecom services to foreign "
    "investment (工信部通信函〔2024〕107号)",
    "工信部通信函〔2024〕107号（增值电信业务扩大对外开放试点）",
)
NOTICE_2020_81: Final = Document(
    "MIIT notice on strengthening the administration of call-center business "
    "(工信部信管〔2020〕81号, issued 18-19 June 2020)",
    "工业和信息化部关于加强呼叫中心业务管理的通知（工信部信管〔2020〕81号）",
)
MIIT_NUMBERING_PRACTICE: Final = Document(
    "MIIT / provincial numbering practice for 95 and 96 access numbers",
    "95、96 短号码（码号资源）管理实践",
)
JUDGMENT_2021_9642: Final = Document(
    "Judgment (2021)粤0106民初9642号 (People's Court of Tianhe District, Guangzhou)",
    "（2021）粤0106民初9642号民事判决书",
)
NUMBERS_95_XINHUA: Final = Document(
    "MIIT's account of the 95 number ranges, as reported by Xinhua",
    "新华社报道的工业和信息化部关于95号码号段的说明",
)
ORDER_288_2004: Final = Document(
    "MIIT (then MII) letter on call-center coverage (信部电函〔2004〕288号)",
    "信部电函〔2004〕288号",
)
SHANGHAI_FTZ_OPINION_2014: Final = Document(
    "MIIT / Shanghai Municipal Government opinion on further opening value-added telecom "
    "services in the China (Shanghai) Pilot Free Trade Zone (工信部通〔2013〕410号, "
    "promulgated 2014-01-06)",
    "工业和信息化部、上海市人民政府关于中国（上海）自由贸易试验区进一步对外开放增值电信业务的意见"
    "（工信部通〔2013〕410号）",
)
SHANGHAI_FTZ_PILOT_MEASURES_2014: Final = Document(
    "MIIT measures for the pilot of foreign-invested value-added telecom services in the China "
    "(Shanghai) Pilot Free Trade Zone (工信部通〔2014〕130号)",
    "中国（上海）自由贸易试验区外商投资经营增值电信业务试点管理办法（工信部通〔2014〕130号）",
)
FTZ_LIST_2017: Final = Document(
    "Special Administrative Measures for Foreign Investment Access in Pilot Free Trade Zones "
    "(Negative List) 2017",
    "自由贸易试验区外商投资准入特别管理措施（负面清单）（2017年版）",
)
OFFSHORE_PILOT_2010: Final = Document(
    "MIIT notice on encouraging the outsourcing industry and simplifying the approval of the "
    "foreign-invested offshore call-center pilot (2010), as reported by the Fujian "
    "Communications Administration on 2011-02-14",
    "工业和信息化部关于鼓励外包产业加快发展及简化外资经营离岸呼叫中心业务试点审批程序的通知",
)
CEPA_SUPPLEMENT_9: Final = Document(
    "Mainland and Hong Kong Closer Economic Partnership Arrangement (CEPA), Supplement IX "
    "(signed 2012-06-29; services measures in force 2013-01-01)",
    "《内地与香港关于建立更紧密经贸关系的安排》补充协议九",
)
CEPA_AMENDMENT_2: Final = Document(
    "CEPA Agreement on Trade in Services, Amendment Agreement II (signed 2024-10-09, in force "
    "2025-03-01)",
    "《内地与香港关于建立更紧密经贸关系的安排》服务贸易协议修订协议二",
)
ADMINISTRATIVE_LICENSING_LAW: Final = Document(
    "Administrative Licensing Law of the People's Republic of China (in force 2004-07-01; "
    "as amended 2019)",
    "中华人民共和国行政许可法",
)
LICENSING_SERVICE_GUIDE: Final = Document(
    "A communications administration's service guide for telecom business licensing "
    "(as reproduced; the Guangdong administration's implementing rules, Art. 3(2), say the same)",
    "通信管理局电信业务经营许可办事指南",
)
NEGATIVE_LIST_2024: Final = Document(
    "Special Administrative Measures for Foreign Investment Access (Negative List) 2024, "
    "NDRC/MOFCOM Order No. 23",
    "外商投资准入特别管理措施（负面清单）（2024年版）（国家发展和改革委员会、商务部令第23号）",
)
LAW_REVIEW: Final = Document(
    "callcenter-rules' legal research, last reviewed on the day in law_review.reviewed_on",
    "本库所依据法律研究的最后审阅日",
)

# ------------------------------------------------------------------ catalogue

B24_DEFINITION: Final = Provision(
    CATALOGUE_2015,
    "B24 呼叫中心业务",
    "呼叫中心业务是指受企事业等相关单位委托，利用与公用通信网或互联网连接的呼叫中心系统和数据库技术，"
    "经过信息采集、加工、存储等建立信息库，通过公用通信网向用户提供有关该单位的业务咨询、"
    "信息咨询和数据查询等服务。",
    article_zh="B24 呼叫中心业务",
)
B24_RENTAL: Final = Provision(
    CATALOGUE_2015,
    "B24 呼叫中心业务",
    "呼叫中心业务还包括呼叫中心系统和话务员座席的出租服务。",
    article_zh="B24 呼叫中心业务",
)
B24_1_DOMESTIC: Final = Provision(
    CATALOGUE_2015,
    "B24-1 国内呼叫中心业务",
    "国内呼叫中心业务是指通过在境内设立呼叫中心平台，为境内外单位提供的、主要面向国内用户的呼叫中心业务。",
    article_zh="B24-1 国内呼叫中心业务",
)
B24_2_OFFSHORE: Final = Provision(
    CATALOGUE_2015,
    "B24-2 离岸呼叫中心业务",
    "（要点）离岸呼叫中心业务是通过在境内设立呼叫中心平台，为境外单位提供的、面向境外用户服务的呼叫中心业务"
    "（最终服务对象和委托客户均在境外）。",
    article_zh="B24-2 离岸呼叫中心业务",
)
OTHER_CATEGORIES: Final = Provision(
    CATALOGUE_2015,
    "B25 信息服务业务; B22 国内多方通信服务业务",
    "（要点）信息服务业务（含交互式语音服务）；国内多方通信服务业务。",
    article_zh="B25 信息服务业务；B22 国内多方通信服务业务",
)
PLATFORM_IN_MAINLAND: Final = Provision(
    CATALOGUE_2015,
    "B24-1 / B24-2",
    "通过在境内设立呼叫中心平台……（国内呼叫中心业务、离岸呼叫中心业务均同）",
    article_zh="B24-1、B24-2",
)

# ------------------------------------------------------------------ licence type

REGULATIONS_ART_9_2: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 9(2)",
    "经营增值电信业务，业务覆盖范围在两个以上省、自治区、直辖市的，须经国务院信息产业主管部门审查批准，"
    "取得《跨地区增值电信业务经营许可证》；业务覆盖范围在一个省、自治区、直辖市行政区域内的，"
    "须经省、自治区、直辖市电信管理机构审查批准，取得《增值电信业务经营许可证》。",
    article_zh="第九条第二款",
)
COVERAGE_BY_LOCAL_DIALLING: Final = Provision(
    ORDER_288_2004,
    "coverage of a call center",
    "（要点）呼叫中心业务的覆盖范围以用户通过拨打本地号码接入的范围确定。",
    article_zh="呼叫中心业务覆盖范围",
)

# ------------------------------------------------------------------ conditions (Art. 6)

ORDER_42_ART_6_1: Final = Provision(
    ORDER_42, "Art. 6(1)", "经营者为依法设立的公司", article_zh="第六条第（一）项"
)
ORDER_5_ART_6_1: Final = Provision(
    ORDER_5, "Art. 6(1)", "经营者为依法设立的公司", article_zh="第六条第（一）项"
)
ORDER_42_ART_6_2: Final = Provision(
    ORDER_42,
    "Art. 6(2)",
    "有与开展经营活动相适应的资金和专业人员",
    article_zh="第六条第（二）项",
)
ORDER_5_ART_6_2: Final = Provision(
    ORDER_5, "Art. 6(2)", "有与开展经营活动相适应的资金和专业人员", article_zh="第六条第（二）项"
)
ORDER_42_ART_6_3: Final = Provision(
    ORDER_42, "Art. 6(3)", "有为用户提供长期服务的信誉或者能力", article_zh="第六条第（三）项"
)
ORDER_5_ART_6_3: Final = Provision(
    ORDER_5, "Art. 6(3)", "有为用户提供长期服务的信誉或者能力", article_zh="第六条第（三）项"
)
ORDER_42_ART_6_4: Final = Provision(
    ORDER_42,
    "Art. 6(4)",
    "在省、自治区、直辖市范围内经营的，注册资本最低限额为100万元人民币；"
    "在全国或者跨省、自治区、直辖市范围经营的，注册资本最低限额为1000万元人民币",
    article_zh="第六条第（四）项",
)
ORDER_5_ART_6_4: Final = Provision(
    ORDER_5,
    "Art. 6(4)",
    "在省、自治区、直辖市范围内经营的，注册资本最低限额为100万元人民币；"
    "在全国或者跨省、自治区、直辖市范围经营的，注册资本最低限额为1000万元人民币",
    article_zh="第六条第（四）项",
)
ORDER_42_ART_6_5: Final = Provision(
    ORDER_42, "Art. 6(5)", "有必要的场地、设施及技术方案", article_zh="第六条第（五）项"
)
ORDER_5_ART_6_5: Final = Provision(
    ORDER_5, "Art. 6(5)", "有必要的场地、设施及技术方案", article_zh="第六条第（五）项"
)
ORDER_42_ART_6_6: Final = Provision(
    ORDER_42,
    "Art. 6(6)",
    "公司及其主要投资者和主要经营管理人员未被列入电信业务经营失信名单",
    article_zh="第六条第（六）项",
)
ORDER_5_ART_6_6: Final = Provision(
    ORDER_5,
    "Art. 6(6)",
    "公司及其主要出资者和主要经营管理人员三年内无违反电信监督管理制度的违法记录",
    article_zh="第六条第（六）项",
)

# ------------------------------------------------------------------ the decision

ORDER_42_ART_6: Final = Provision(
    ORDER_42, "Art. 6", "经营增值电信业务，应当具备下列条件", article_zh="第六条"
)
ORDER_5_ART_6: Final = Provision(
    ORDER_5, "Art. 6", "申请经营增值电信业务的，应当符合下列条件", article_zh="第六条"
)

# ------------------------------------------------------------------ foreign investment

CAP_GUIDANCE_2015: Final = Provision(
    GUIDANCE_CATALOGUE_2015,
    "restricted industries: telecommunications",
    "（要点）增值电信业务外资比例不超过50%（电子商务除外）。",
    article_zh="限制外商投资产业目录：电信",
)
CAP_GUIDANCE_2017: Final = Provision(
    GUIDANCE_CATALOGUE_2017,
    "negative list: telecommunications",
    "（要点）电信公司限于中国入世承诺开放的电信业务，增值电信业务外资比例不超过50%（电子商务除外）。",
    article_zh="负面清单：电信",
)
CAP_NEGATIVE_LIST_2018: Final = Provision(
    NEGATIVE_LIST_2018,
    "telecommunications: value-added services",
    "（要点）增值电信业务的外资股比不超过50%（电子商务除外）。",
    article_zh="电信：增值电信业务",
)
FTZ_OPENING_2018: Final = Provision(
    FTZ_LIST_2018,
    "telecommunications: value-added services",
    "（要点）将上海自由贸易试验区原有区域试点的增值电信开放措施推广到所有自贸试验区，"
    "取消存储转发类业务、呼叫中心业务、国内多方通信服务业务等外资股比限制。",
    article_zh="电信：增值电信业务",
)
CAP_FROM_2019: Final = Provision(
    NEGATIVE_LIST_2019,
    "telecommunications: value-added services",
    "增值电信业务的外资股比不超过50%（电子商务、国内多方通信、存储转发类、呼叫中心除外）",
    article_zh="电信：增值电信业务",
)
FOREIGN_CAP_2016: Final = Provision(
    FOREIGN_TELECOM_RULES_2016,
    "Art. 6",
    "经营增值电信业务（包括基础电信业务中的无线寻呼业务）的外商投资电信企业的外方投资者在企业中的出资比例，"
    "最终不得超过50%。",
    article_zh="第六条第二款",
)
FOREIGN_CAP_2022: Final = Provision(
    FOREIGN_TELECOM_RULES_2022,
    "Art. 6",
    "经营增值电信业务（包括基础电信业务中的无线寻呼业务）的外商投资电信企业的外方投资者在企业中的出资比例，"
    "最终不得超过50%，国家另有规定的除外。",
    article_zh="第六条第二款",
)
JOINT_VENTURE_2016: Final = Provision(
    FOREIGN_TELECOM_RULES_2016,
    "Art. 2",
    "外商投资电信企业，是指外国投资者同中国投资者在中华人民共和国境内依法以中外合资经营形式，"
    "共同投资设立的经营电信业务的企业。",
    article_zh="第二条",
)
TRACK_RECORD_2016: Final = Provision(
    FOREIGN_TELECOM_RULES_2016,
    "Art. 10",
    "经营增值电信业务的外商投资电信企业的外方主要投资者应当具有经营增值电信业务的良好业绩和运营经验。",
    article_zh="第十条",
)
APPLICATION_TO_MIIT_2016: Final = Provision(
    FOREIGN_TELECOM_RULES_2016,
    "Art. 16",
    "外商投资电信企业的中方主要投资者凭《外商投资企业批准证书》向工商行政管理机关申请企业注册登记后，"
    "凭《外商投资企业批准证书》和营业执照向国务院工业和信息化主管部门申请电信业务经营许可。",
    article_zh="第十六条",
)
APPLICATION_TO_MIIT_2022: Final = Provision(
    FOREIGN_TELECOM_RULES_2022,
    "Art. 10",
    "外商投资电信企业，经依法办理市场主体登记后，向国务院工业和信息化主管部门申请电信业务经营许可并报送下列文件："
    "（一）投资者情况说明书；（二）本规定第八条、第九条规定的投资者的资格证明或者有关确认文件；"
    "（三）电信条例规定的经营基础电信业务或者增值电信业务应当具备的其他条件的证明或者确认文件。",
    article_zh="第十条",
)
INVESTOR_STATEMENT_2022: Final = Provision(
    FOREIGN_TELECOM_RULES_2022,
    "Art. 10(1)",
    "（一）投资者情况说明书",
    article_zh="第十条第（一）项",
)
SHANGHAI_FTZ_CALL_CENTERS: Final = Provision(
    SHANGHAI_FTZ_OPINION_2014,
    "new services opened in the pilot",
    "新增试点开放四项业务：呼叫中心业务……其中，呼叫中心业务、国内多方通信服务业务、因特网接入服务业务……外资股比可突破50%",
    article_zh="新增试点开放业务",
)
SHANGHAI_FTZ_APPROVAL: Final = Provision(
    SHANGHAI_FTZ_PILOT_MEASURES_2014,
    "approval of pilot companies; Art. 3",
    "（要点）将审批权限由工信部下放到上海市通信管理局，上海市通信管理局应当自受理之日起60日内完成审查工作；"
    "经营者为在试验区内依法设立的公司，注册资本最低限额为100万元人民币，服务设施须设在试验区内；"
    "试点批复的有效期暂定为3年。",
    article_zh="试点审批；第三条",
)
SHANGHAI_FTZ_ORIGINAL_AREA_2017: Final = Provision(
    FTZ_LIST_2017,
    "item 41",
    "增值电信业务（电子商务除外）外资比例不超过50%……（上海自贸试验区原有区域〔28.8平方公里〕按既有政策执行）",
    article_zh="第41项",
)
CEPA_OFFSHORE_CALL_CENTERS: Final = Provision(
    CEPA_SUPPLEMENT_9,
    "telecommunications: offshore call centers",
    "（要点）允许香港服务提供者在广东省东莞市、珠海市试点设立独资或合资企业，经营离岸呼叫中心业务，"
    "外资股比不设限制。",
    article_zh="电信：离岸呼叫中心业务",
)
CEPA_2025_TELECOM: Final = Provision(
    CEPA_AMENDMENT_2,
    "telecommunications",
    "（要点）在金融、电信等领域进一步降低或取消对香港服务提供者的准入门槛（具体条目未经核实）。",
    article_zh="电信",
)
OFFSHORE_PILOT_NO_LIMIT: Final = Provision(
    OFFSHORE_PILOT_2010,
    "offshore call centers in the 21 service-outsourcing demonstration cities",
    "（要点）离岸呼叫中心业务的最终服务对象和委托客户均在境外，经营主体为外商独资或中外合资电信企业，"
    "外资股权比例不设限制。试点由服务外包示范城市所在省、直辖市通信管理局和商务主管部门根据各自职责进行审批。",
    article_zh="21个服务外包示范城市的离岸呼叫中心业务",
)
CAP_FROM_2024: Final = Provision(
    NEGATIVE_LIST_2024,
    "telecommunications: value-added services",
    "（要点）增值电信业务的外资股比不超过50%（电子商务、国内多方通信、存储转发类、呼叫中心除外）"
    "（2024年版仅删除2021年版制造业条目两项，电信条目未变）。",
    article_zh="电信：增值电信业务",
)
FOREIGN_INVESTED_2022: Final = Provision(
    FOREIGN_TELECOM_RULES_2022,
    "Art. 2",
    "外商投资电信企业，是指外国投资者依法在中华人民共和国境内设立的经营电信业务的企业。",
    article_zh="第二条",
)
OPENING_PILOT_AREAS: Final = Provision(
    OPENING_PILOT_2024,
    "pilot areas and services",
    "（要点）在北京市服务业扩大开放综合示范区、上海自由贸易试验区临港新片区及社会主义现代化建设引领区、"
    "海南自由贸易港、深圳中国特色社会主义先行示范区率先开展试点，取消互联网数据中心（IDC）、内容分发网络（CDN）、"
    "互联网接入服务（ISP）、在线数据处理与交易处理，以及信息服务中信息发布平台和递送服务、信息保护和处理服务等业务的外资股比限制。",
    article_zh="试点地区及业务",
)

# ------------------------------------------------------------------ numbering and conduct

NUMBERS_95: Final = Provision(
    MIIT_NUMBERING_PRACTICE,
    "95XXX numbers",
    "（要点）95XXX 全国统一短号码由工业和信息化部核配，须持有跨地区（全网）呼叫中心业务经营许可证；"
    "955XX 号段另供银行、保险、证券、航空、物流等大型服务企业用于自身客户服务（在6个省、15个以上城市设有分支机构、"
    "专职客服人员不少于20人），此类企业无需呼叫中心业务经营许可。",
    article_zh="95XXX 号码",
)
NUMBERS_95_FOR_OWN_HOTLINE: Final = Provision(
    JUDGMENT_2021_9642,
    "facts found",
    "2018年3月9日和2019年7月22日**公司协助为骆驼公司取得《增值电信业务经营许可证》和《电信网码号资源使用证书》，"
    "但证书明确码号资源95XXX1，使用位长6位",
    article_zh="经审理查明的事实",
)
NUMBERS_95_RANGES: Final = Provision(
    NUMBERS_95_XINHUA,
    "95 number ranges (2020-08-17)",
    "953、955、956打头的号码，号码长度为5位或6位，是银行、证券、保险、航空、物流(快递)、石油、铁路、电力行业里具有影响力的"
    "大型企业使用的客户服务号码……950、951、952、954和957打头的号码是呼叫中心等增值电信企业开展业务使用的号码。",
    article_zh="95号码号段（2020年8月17日）",
)
NUMBERS_96: Final = Provision(
    MIIT_NUMBERING_PRACTICE,
    "96XXX numbers",
    "（要点）96XXX 省内短号码由省通信管理局核配，与省内呼叫中心业务经营许可证相配套。",
    article_zh="96XXX 号码",
)
OUTBOUND_RULES: Final = Provision(
    NOTICE_2020_81,
    "on access numbers and outbound calls",
    "（要点）呼叫中心业务只能在接到用户主动来电的基础上提供信息咨询服务；接入号码原则上只开通呼入功能，"
    "确需呼出的应当提交承诺书；在用户同意下可提供即时回访等电话外发服务，但不得提供商业推销电话外发服务；"
    "申请开展商业营销类电话呼出服务的，不予许可。",
    article_zh="关于接入号码和呼出服务",
)

FALSE_MATERIALS_BAR: Final = Provision(
    ADMINISTRATIVE_LICENSING_LAW,
    "Art. 78",
    "行政许可申请人隐瞒有关情况或者提供虚假材料申请行政许可的，行政机关不予受理或者不予行政许可，并给予警告；"
    "行政许可申请属于直接关系公共安全、人身健康、生命财产安全事项的，申请人在一年内不得再次申请该行政许可。",
    article_zh="第七十八条",
)
FALSE_MATERIALS_BAR_TELECOM: Final = Provision(
    LICENSING_SERVICE_GUIDE,
    "procedure, step 3",
    "申请人隐瞒有关情况或者提供虚假材料申请电信业务经营许可的，应当不予受理或者不予行政许可，并给予警告，"
    "申请人在一年内不得再次申请该行政许可。",
    article_zh="办理程序第三步",
)

# ------------------------------------------------------------------ the law's horizon

REVIEWED_ON: Final = Provision(
    LAW_REVIEW,
    "7.1",
    "（要点）本库的法律研究最后审阅于参数 law_review.reviewed_on 所示之日；此后的法律变化未纳入。",
    article_zh="7.1",
)
SOURCES_UP_TO: Final = Provision(
    LAW_REVIEW,
    "7.2",
    "（要点）审阅所依据的资料为存档副本，多数事项约截至参数 law_review.sources_up_to 所示之日，少数事项截至2026年初；"
    "此后的法律变化可能未纳入。",
    article_zh="7.2",
)

# ------------------------------------------------------------------ a licence holder's duties
# Legal review 2026-12, section 5; domain facts 8.1-8.6. Order 42's renewal and change
# articles are numbered as an agency reproduces them (not verified); the others were
# confirmed in a copy of the text. Only the substance is given (（要点）).

NUMBERING_MEASURES: Final = Document(
    "Administrative Measures for Telecommunications Network Numbering Resources (MIIT)",
    "电信网码号资源管理办法",
)

REGULATIONS_ART_7_3: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 7(3)",
    "（要点）未取得电信业务经营许可证，任何组织或者个人不得从事电信业务经营活动；许可证有效期届满未续期的，"
    "继续经营即属无证经营（另见第六十九条第一款）。",
    article_zh="第七条第三款",
)
REGULATIONS_ART_69_1: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 69(1)",
    "（要点）擅自经营电信业务或者超范围经营电信业务的，没收违法所得，处违法所得3倍以上5倍以下罚款；"
    "没有违法所得或者违法所得不足5万元的，处10万元以上100万元以下罚款；情节严重的，责令停业整顿。",
    article_zh="第六十九条第一款",
)
REGULATIONS_ART_15: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 15",
    "（要点）电信业务经营者在经营过程中变更经营主体、业务范围或者停止经营的，应当提前90日向原颁发许可证的机关提出申请，"
    "并办理相应手续。",
    article_zh="第十五条",
)
REGULATIONS_ART_28: Final = Provision(
    TELECOM_REGULATIONS,
    "Art. 28",
    "（要点）电信资源（码号）按照分配的用途使用，不得擅自转让、出租或者改变用途。",
    article_zh="第二十八条",
)
ORDER_42_RENEWAL: Final = Provision(
    ORDER_42,
    "Art. 27 (number not verified)",
    "（要点）许可证有效期届满需要继续经营的，应当提前90日申请续期；逾期申请的不予续期；"
    "取得许可后未实际开展的业务不予续期。有效期5年。",
    article_zh="第二十七条（条文序号未经核实）",
)
ORDER_42_CHANGES: Final = Provision(
    ORDER_42,
    "Arts. 28-29 (numbers not verified)",
    "（要点）公司名称、法定代表人、注册资本变更的，应当在完成公司登记变更后30日内办理许可证变更；"
    "经营主体（合并、分立、股东变化）或者业务范围变更的，应当自作出决定之日起30日内提出申请。",
    article_zh="第二十八条、第二十九条（条文序号未经核实）",
)
ORDER_42_ART_35: Final = Provision(
    ORDER_42,
    "Art. 35",
    "（要点）电信业务经营者应当于每年第一季度通过管理平台报送上一年度的年报信息（经营情况、网络和人员变动、"
    "服务质量、安全措施、执行许可特别规定情况等），并对其真实性负责。",
    article_zh="第三十五条",
)
ORDER_42_ART_38: Final = Provision(
    ORDER_42,
    "Art. 38",
    "（要点）未按规定期限报送年报的，列入电信业务经营不良名单；按规定报送后移出。",
    article_zh="第三十八条",
)
ORDER_42_LISTS: Final = Provision(
    ORDER_42,
    "Arts. 37, 42",
    "（要点）受到行政处罚的，自处罚决定作出之日起30日内列入电信业务经营不良名单；被吊销许可证等情形的，"
    "列入电信业务经营失信名单；列入失信名单的公司及其主要投资者、主要经营管理人员不得取得新的许可（第六条第（六）项）。",
    article_zh="第三十七条、第四十二条",
)
NUMBERS_ADDRESS_CHANGE: Final = Provision(
    NUMBERING_MEASURES,
    "Art. 26",
    "（要点）码号使用者的名称、通信地址、联系方式等变更的，应当在10个工作日内告知码号资源分配机关。",
    article_zh="第二十六条",
)
NUMBERS_NO_TRANSFER: Final = Provision(
    NOTICE_2020_81,
    "on access numbers",
    "（要点）不得转让、出租或变相转让出租码号资源；接入号码按照核配的用途使用，不得篡改或者隐藏。",
    article_zh="关于码号资源",
)
