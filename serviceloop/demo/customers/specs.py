"""The demo customers as data: cities, kinds of company, the sixty customers, and the
words and numbers their rows are drawn from."""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from serviceloop.customers.models import Contact, Customer, Interaction, PortalAccess
from serviceloop.demo.accounts import USERS

Industry, Grade, Status = Customer.Industry, Customer.Grade, Customer.Status
Position, Kind, Opportunity = Contact.Position, Interaction.Kind, Interaction.Opportunity
SEED = 2026


@dataclass(frozen=True)
class City:
    zh: str
    en: str
    province_zh: str
    province_en: str
    province: str
    city: str
    districts: tuple[str, ...]
    area_code: str
    latitude: float
    longitude: float
    local_digits: int = 8
    registry: str = ""  # the division in credit codes, when not the city (county-level cities)


CITIES = {
    "shanghai": City("上海", "Shanghai", "上海", "Shanghai", "310000", "310100",
                     ("310112", "310114", "310115", "310117", "310116"), "021", 31.23, 121.47),
    "suzhou": City("苏州", "Suzhou", "江苏", "Jiangsu", "320000", "320500",
                   ("320505", "320506", "320507", "320509", "320585"), "0512", 31.30, 120.59),
    "kunshan": City("昆山", "Kunshan", "江苏", "Jiangsu", "320000", "320500",
                    ("320583",), "0512", 31.38, 120.98, registry="320583"),
    "changzhou": City("常州", "Changzhou", "江苏", "Jiangsu", "320000", "320400",
                      ("320411", "320412", "320402"), "0519", 31.81, 119.97),
    "wuxi": City("无锡", "Wuxi", "江苏", "Jiangsu", "320000", "320200",
                 ("320214", "320206", "320205", "320281"), "0510", 31.49, 120.31),
    "ningbo": City("宁波", "Ningbo", "浙江", "Zhejiang", "330000", "330200",
                   ("330206", "330212", "330281", "330282"), "0574", 29.87, 121.55),
    "hangzhou": City("杭州", "Hangzhou", "浙江", "Zhejiang", "330000", "330100",
                     ("330109", "330110", "330114"), "0571", 30.27, 120.16),
    "taizhou": City("台州", "Taizhou", "浙江", "Zhejiang", "330000", "331000",
                    ("331002", "331003", "331004", "331081"), "0576", 28.66, 121.42),
    "chongqing": City("重庆", "Chongqing", "重庆", "Chongqing", "500000", "500100",
                      ("500112", "500107", "500113", "500120"), "023", 29.56, 106.55),
    "wuhan": City("武汉", "Wuhan", "湖北", "Hubei", "420000", "420100",
                  ("420105", "420112", "420115", "420114"), "027", 30.59, 114.31),
    "shiyan": City("十堰", "Shiyan", "湖北", "Hubei", "420000", "420300",
                   ("420302", "420303"), "0719", 32.63, 110.80, local_digits=7),
    "changchun": City("长春", "Changchun", "吉林", "Jilin", "220000", "220100",
                      ("220106", "220104", "220105"), "0431", 43.82, 125.32),
    "guangzhou": City("广州", "Guangzhou", "广东", "Guangdong", "440000", "440100",
                      ("440113", "440114", "440112"), "020", 23.13, 113.26),
    "foshan": City("佛山", "Foshan", "广东", "Guangdong", "440000", "440600",
                   ("440605", "440606"), "0757", 23.02, 113.12),
    "jinan": City("济南", "Jinan", "山东", "Shandong", "370000", "370100",
                  ("370112", "370114"), "0531", 36.65, 117.12),
    "qingdao": City("青岛", "Qingdao", "山东", "Shandong", "370000", "370200",
                    ("370211", "370214"), "0532", 36.07, 120.38),
    "tianjin": City("天津", "Tianjin", "天津", "Tianjin", "120000", "120100",
                    ("120116", "120113", "120111"), "022", 39.13, 117.20),
    "shenyang": City("沈阳", "Shenyang", "辽宁", "Liaoning", "210000", "210100",
                     ("210106", "210112"), "024", 41.80, 123.43),
}  # fmt: skip

# kind: name suffix (zh, en), e-mail domain word, industry, main products to choose from.
KINDS = {
    "forging": ("精密锻造", "Precision Forging", "forging", Industry.AUTO_PARTS_TIER2,
                ("半轴、凸轮轴", "齿轮毛坯、半轴", "曲轴锻件、连杆")),
    "crankshaft": ("曲轴", "Crankshaft", "crankshaft", Industry.AUTO_PARTS_TIER1,
                   ("曲轴", "曲轴、凸轮轴")),
    "driveline": ("传动", "Driveline", "driveline", Industry.AUTO_PARTS_TIER1,
                  ("半轴、等速万向节", "传动轴、等速万向节", "半轴、传动轴")),
    "gear": ("齿轮", "Gear", "gear", Industry.AUTO_PARTS_TIER2,
             ("齿轮、齿圈", "变速箱齿轮、齿轴")),
    "parts": ("汽车零部件", "Auto Parts", "autoparts", Industry.AUTO_PARTS_TIER1,
              ("轮毂轴承单元、半轴", "凸轮轴、曲轴", "转向节、半轴")),
    "cvj": ("驱动轴", "Drive Shaft", "driveshaft", Industry.AUTO_PARTS_TIER1,
            ("等速万向节、驱动轴",)),
    "bearing": ("轴承", "Bearing", "bearing", Industry.BEARINGS,
                ("轮毂轴承", "轮毂轴承、圆锥滚子轴承")),
    "machinery": ("机械", "Machinery", "machinery", Industry.AUTO_PARTS_TIER2,
                  ("活塞杆、花键轴", "齿轮、花键轴")),
    "machine_tool": ("机床", "Machine Tool", "machinetool", Industry.MACHINE_TOOLS,
                     ("机床导轨、主轴", "滚珠丝杠、导轨")),
    "oem": ("汽车", "Automobile", "auto", Industry.AUTOMOTIVE_OEM,
            ("发动机曲轴、车桥半轴",)),
    "truck": ("商用车", "Commercial Vehicle", "truck", Industry.AUTOMOTIVE_OEM,
              ("商用车车桥、半轴", "重型曲轴、车桥")),
    "parts_group": ("汽车零部件集团", "Auto Parts Group", "autoparts", Industry.AUTO_PARTS_TIER1,
                    ("曲轴、半轴、齿轮",)),
    "bearing_group": ("轴承集团", "Bearing Group", "bearing", Industry.BEARINGS,
                      ("轮毂轴承、精密机械",)),
    "driveline_group": ("传动集团", "Driveline Group", "driveline", Industry.AUTO_PARTS_TIER1,
                        ("齿轮、传动轴、汽车零部件",)),
}  # fmt: skip


class Spec(NamedTuple):
    code: str
    city: str
    brand: str
    brand_en: str
    kind: str
    grade: str
    status: str
    manager: str  # username of the account manager, "" for none
    parent: str = ""  # code of the parent group
    duplicate_of: str = ""  # the same company entered twice (to demonstrate merging)


A, B, C = Grade.A, Grade.B, Grade.C
ACT, PRO, DOR, LOST = Status.ACTIVE, Status.PROSPECT, Status.DORMANT, Status.LOST
SPECS = [
    Spec("C-0001", "shanghai", "沪锐", "Hurui", "crankshaft", A, ACT, "account1"),
    Spec("C-0002", "shanghai", "申鼎", "Shending", "driveline", B, ACT, "manager"),
    Spec("C-0003", "shanghai", "博远", "Boyuan", "gear", A, ACT, "account1"),
    Spec("C-0004", "shanghai", "泓川", "Hongchuan", "parts", B, ACT, "manager"),
    Spec("C-0005", "shanghai", "申锐", "Shenrui", "parts_group", A, ACT, "manager"),
    Spec("C-0006", "shanghai", "申锐", "Shenrui", "crankshaft", A, ACT, "manager", "C-0005"),
    Spec("C-0007", "shanghai", "凯泰", "Kaitai", "machine_tool", C, PRO, ""),
    Spec("C-0008", "suzhou", "瑞锋", "Ruifeng", "forging", A, ACT, "account1"),
    Spec("C-0009", "suzhou", "恒昌", "Hengchang", "bearing", B, ACT, "manager"),
    Spec("C-0010", "suzhou", "鑫鸿", "Xinhong", "gear", B, ACT, "account1"),
    Spec("C-0011", "suzhou", "昊天", "Haotian", "machinery", C, ACT, ""),
    Spec("C-0012", "suzhou", "铭锻", "Mingduan", "forging", B, DOR, "manager"),
    Spec("C-0013", "suzhou", "润禾", "Runhe", "parts", C, PRO, ""),
    Spec("C-0014", "kunshan", "汇鼎", "Huiding", "forging", B, ACT, "account1"),
    Spec("C-0015", "kunshan", "晟达", "Shengda", "cvj", B, ACT, "manager"),
    Spec("C-0016", "kunshan", "申锐", "Shenrui", "forging", B, ACT, "manager", "C-0005"),
    Spec("C-0017", "kunshan", "捷宇", "Jieyu", "machinery", C, ACT, ""),
    Spec("C-0018", "changzhou", "龙腾", "Longteng", "gear", A, ACT, "account1"),
    Spec("C-0019", "changzhou", "宏晟", "Hongsheng", "driveline", B, ACT, "manager"),
    Spec("C-0020", "changzhou", "澄远", "Chengyuan", "machinery", B, ACT, "manager", "C-0023"),
    Spec("C-0021", "changzhou", "锦程", "Jincheng", "parts", C, ACT, ""),
    Spec("C-0022", "changzhou", "常鑫", "Changxin", "bearing", C, LOST, ""),
    Spec("C-0023", "wuxi", "澄远", "Chengyuan", "bearing_group", A, ACT, "manager"),
    Spec("C-0024", "wuxi", "澄远", "Chengyuan", "bearing", A, ACT, "account1", "C-0023"),
    Spec("C-0025", "wuxi", "锡航", "Xihang", "crankshaft", B, ACT, "manager"),
    Spec("C-0026", "wuxi", "卓驰", "Zhuochi", "gear", C, ACT, ""),
    Spec("C-0027", "wuxi", "东晟", "Dongsheng", "forging", B, DOR, ""),
    Spec("C-0028", "ningbo", "鼎丰", "Dingfeng", "driveline_group", A, ACT, "manager"),
    Spec("C-0029", "ningbo", "鼎丰", "Dingfeng", "gear", A, ACT, "manager", "C-0028"),
    Spec("C-0030", "ningbo", "甬驰", "Yongchi", "bearing", B, ACT, "account1"),
    Spec("C-0031", "ningbo", "海晟", "Haisheng", "parts", B, ACT, "manager"),
    Spec("C-0032", "ningbo", "明扬", "Mingyang", "machinery", C, ACT, ""),
    Spec("C-0033", "ningbo", "甬锋", "Yongfeng", "forging", C, PRO, ""),
    Spec("C-0034", "hangzhou", "钱润", "Qianrun", "cvj", A, ACT, "account1"),
    Spec("C-0035", "hangzhou", "骏驰", "Junchi", "machine_tool", B, ACT, "manager"),
    Spec("C-0036", "hangzhou", "沛然", "Peiran", "gear", C, ACT, ""),
    Spec("C-0037", "hangzhou", "杭联", "Hanglian", "parts", C, ACT, ""),
    Spec("C-0038", "taizhou", "鼎丰", "Dingfeng", "parts", B, ACT, "manager", "C-0028"),
    Spec("C-0039", "taizhou", "台正", "Taizheng", "driveline", C, ACT, ""),
    Spec("C-0040", "taizhou", "灏源", "Haoyuan", "machinery", C, LOST, ""),
    Spec("C-0041", "chongqing", "渝通", "Yutong", "crankshaft", A, ACT, "account1"),
    Spec("C-0042", "chongqing", "鼎丰", "Dingfeng", "driveline", B, ACT, "manager", "C-0028"),
    Spec("C-0043", "chongqing", "巴驰", "Bachi", "oem", A, ACT, "manager"),
    Spec("C-0044", "chongqing", "嘉驰", "Jiachi", "gear", C, ACT, ""),
    Spec("C-0045", "wuhan", "申锐", "Shenrui", "driveline", B, ACT, "manager", "C-0005"),
    Spec("C-0046", "wuhan", "楚天", "Chutian", "parts", B, ACT, "account1"),
    Spec("C-0047", "wuhan", "汉诺", "Hannuo", "forging", C, DOR, ""),
    Spec("C-0048", "shiyan", "锋驰", "Fengchi", "truck", A, ACT, "manager"),
    Spec("C-0049", "shiyan", "泽锋", "Zefeng", "driveline", C, ACT, ""),
    Spec("C-0050", "changchun", "申锐", "Shenrui", "gear", B, ACT, "manager", "C-0005"),
    Spec("C-0051", "changchun", "北驰", "Beichi", "oem", A, ACT, "account1"),
    Spec("C-0052", "changchun", "吉泰", "Jitai", "crankshaft", B, ACT, ""),
    Spec("C-0053", "guangzhou", "穗联", "Suilian", "parts", B, ACT, "manager"),
    Spec("C-0054", "guangzhou", "粤驰", "Yuechi", "oem", B, ACT, "manager"),
    Spec("C-0055", "foshan", "顺锋", "Shunfeng", "machine_tool", C, ACT, ""),
    Spec("C-0056", "jinan", "泉通", "Quantong", "forging", B, ACT, "manager"),
    Spec("C-0057", "qingdao", "青峰", "Qingfeng", "bearing", C, ACT, ""),
    Spec("C-0058", "tianjin", "津达", "Jinda", "gear", B, ACT, ""),
    Spec("C-0059", "shenyang", "辽弘", "Liaohong", "truck", C, ACT, ""),
    Spec("C-0060", "kunshan", "汇鼎", "Huiding", "forging", C, ACT, "", duplicate_of="C-0014"),
]
CODES = [spec.code for spec in SPECS]
PORTAL_ACCESS = {"portal-a": ("C-0001", PortalAccess.Rights.APPROVE),
                 "portal-b": ("C-0002", PortalAccess.Rights.REPORT)}  # fmt: skip

STREETS = (
    "兴业路", "创业路", "工业大道", "科技路", "发展大道", "长江路", "富民路", "振兴路",
    "新园路", "金桥路", "通达路", "汽配路", "机电路", "泰山路", "黄河路", "纬三路",
)  # fmt: skip
BANKS = (
    ("中国工商银行", "1102"),
    ("中国建设银行", "3205"),
    ("中国银行", "4548"),
    ("中国农业银行", "1055"),
    ("交通银行", "3250"),
    ("招商银行", "5129"),
)
WORKING_HOURS = ("两班倒 08:00–24:00", "三班倒 24 小时", "单班 08:00–17:00", "两班倒 07:30–23:30")
ACCESS_NOTES = (
    "进入车间须戴安全帽、穿劳保鞋",
    "需提前一天报备访客名单",
    "门卫处凭身份证换取访客证",
    "车间内禁止拍照",
    "动火作业须办理动火证",
    "进入淬火区须佩戴防护眼镜",
    "访客车辆停东门停车场",
    "高压电柜操作须执行上锁挂牌（LOTO）",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓彭潘袁蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹熊白孟秦邱侯江尹薛段雷黎史陶贺顾毛郝龚邵万武钱戴严孔汤"  # noqa: E501
GIVEN_NAMES = (
    "芳", "娜", "敏", "静", "丽", "强", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "国庆",
    "春生", "文斌", "雪梅", "永刚", "玉兰", "晨", "宇", "浩", "鹏", "斌", "婷", "颖",
    "琳", "慧", "鑫", "俊", "峰", "波", "辉", "健", "亮", "红", "佳琪", "志明",
)  # fmt: skip
DEPARTMENTS = {
    Position.PLANT_MANAGER: ("生产部", "厂长办公室"),
    Position.MAINTENANCE_HEAD: ("设备部", "设备动力部"),
    Position.MAINTENANCE: ("设备部", "维修车间"),
    Position.OPERATOR: ("热处理车间", "淬火工段"),
    Position.QUALITY: ("质量部",),
    Position.PURCHASING: ("采购部", "供应链部"),
    Position.ENGINEERING: ("工艺部", "技术中心"),
}
# The demo logins by username: full name and phone. Contacts are never named like staff.
PEOPLE = {username: (full_name, phone) for username, full_name, _r, _o, _l, phone in USERS}
MOBILE_PREFIXES = (*range(130, 140), 150, 151, 152, 153, 155, 156, 157, 158, 159, *range(180, 190))
# kind, opportunity, summary, details
INTERACTIONS = (
    (Kind.CALL, "", "电话回访：设备运行稳定", "近三个月无异常报警；提醒按计划更换冷却水 DI 滤芯。"),
    (Kind.CALL, "", "电话沟通：冷却水电导率偏高",
     "闭式冷却水电导率升至 45 µS/cm，建议更换 DI 树脂并检查补水水质。"),
    (Kind.CALL, "", "确认年度预防性维护时间", "约定在停产检修期间保养，客户提前一周确认。"),
    (Kind.VISIT, "", "年度拜访：了解设备与产能", "走访热处理车间；客户对服务响应速度表示满意。"),
    (Kind.VISIT, "", "现场走访：新车型项目进展", "新项目预计明年量产，可能需要新增淬火产能。"),
    (Kind.MEETING, "", "年度服务评审会议",
     "回顾全年服务工单、备件供应与满意度调查结果，确定改进项。"),
    (Kind.MEETING, "", "技术交流：双频齿轮轮廓淬火",
     "介绍双频电源的齿轮轮廓淬火；工艺部关注畸变控制。"),
    (Kind.COMPLAINT, "", "投诉：进口备件到货延迟", "IGBT 模块清关耗时两周，客户要求设立寄售库存。"),
    (Kind.OPPORTUNITY, Opportunity.RETROFIT, "老旧晶闸管电源改造为 IGBT 电源",
     "2010 年前的中频电源能耗高、备件停产，建议整体改造，预计节能约 15%。"),
    (Kind.OPPORTUNITY, Opportunity.NEW_MACHINE, "新增立式扫描淬火线需求",
     "新项目需要一条立式扫描淬火线，已提供初步技术方案与报价。"),
    (Kind.OPPORTUNITY, Opportunity.CONTRACT_RENEWAL, "维保合同续签报价",
     "现有维保合同即将到期，已提交续签报价（含两次预防性维护）。"),
    (Kind.OPPORTUNITY, Opportunity.SPARE_PART_QUOTE, "备件报价：IGBT 模块及感应器",
     "客户希望储备关键备件，已报价 IGBT 模块 ×2、感应器 ×1。"),
)  # fmt: skip
STAFF_NAMES = {full_name for full_name, _phone in PEOPLE.values()}
FIRST_INTERACTION, LAST_INTERACTION = date(2025, 1, 6), date(2026, 10, 30)
