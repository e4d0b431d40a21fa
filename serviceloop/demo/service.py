"""Demo service loop of the Shanghai office: SLA policies (hours; P1 runs day and night),
engineer profiles, and two years of service cases with their timelines, readings, visits,
signed repair reports, feedback and complaints.

The cases are planned from one seeded generator and written with `bulk_create` (the whole
history in a few seconds); `load()` adds them only when no case of a demo customer exists.
"""

import hashlib
import math
import random
import secrets
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from serviceloop.accounts.models import Office, User
from serviceloop.customers.models import Contact, Customer
from serviceloop.demo import customers
from serviceloop.demo.customers import delete_with_history
from serviceloop.equipment.models import Contract, EquipmentModel, Unit
from serviceloop.service.clocks import deadline
from serviceloop.service.models import (
    Addendum,
    Case,
    CaseEvent,
    CaseNumber,
    Certification,
    ChargeLine,
    ChargeRates,
    Complaint,
    EngineerProfile,
    FeedbackRequest,
    FeedbackResponse,
    InfoRequest,
    Pause,
    Quote,
    Reading,
    RepairReport,
    Skill,
    SlaPolicy,
    Visit,
)
from serviceloop.service.services.sla import office_calendar

Coverage = SlaPolicy.Coverage

# coverage -> priority -> (first response, on site, restore)
TARGETS = {
    Coverage.PREMIUM: {
        "P1": (0.5, 8, 24),
        "P2": (1, 24, 48),
        "P3": (2, 48, 96),
        "P4": (4, None, None),
    },
    Coverage.WARRANTY: {
        "P1": (1, 24, 48),
        "P2": (2, 48, 96),
        "P3": (4, 72, 168),
        "P4": (8, None, None),
    },
    Coverage.BASIC: {
        "P1": (1, 24, 48),
        "P2": (2, 48, 96),
        "P3": (4, 72, 168),
        "P4": (8, None, None),
    },
    Coverage.NONE: {
        "P1": (2, 48, 96),
        "P2": (4, 72, 144),
        "P3": (8, 120, 240),
        "P4": (16, None, None),
    },
}


def _hours(value):
    return None if value is None else Decimal(str(value))


def load() -> None:
    _load_policies()
    _load_rates()
    _load_profiles()
    _load_cases()


def _load_policies() -> None:
    office = Office.objects.get(code="shanghai")
    for coverage, by_priority in TARGETS.items():
        for priority, (first, on_site, restore) in by_priority.items():
            SlaPolicy.objects.get_or_create(
                office=office,
                coverage=coverage,
                priority=priority,
                defaults={
                    "first_response_hours": _hours(first),
                    "on_site_hours": _hours(on_site),
                    "restore_hours": _hours(restore),
                    "business_hours": priority != "P1",
                },
            )


# office code -> labour and travel per hour, VAT %: a foreign OEM's engineer in China bills
# about 5,000 CNY a day; Spain quotes in euros with its 21 % VAT.
RATES = {"shanghai": (680, 320, 13), "spain-hq": (95, 60, 21)}


def _load_rates() -> None:
    for code, (labour, travel, vat) in RATES.items():
        office = Office.objects.filter(code=code).first()
        if office is not None:
            ChargeRates.objects.get_or_create(
                office=office,
                defaults={"labour_rate": labour, "travel_rate": travel, "vat_percent": vat},
            )


def reset() -> None:
    """Cases opened on demo customers during a demo go too (they are demo data)."""
    cases = Case.objects.filter(customer__code__in=customers.CODES)
    delete_with_history(
        Complaint.objects.filter(Q(case__in=cases) | Q(customer__code__in=customers.CODES))
    )
    delete_with_history(Quote.objects.filter(case__in=cases))
    InfoRequest.objects.filter(case__in=cases).delete()
    FeedbackResponse.objects.filter(request__case__in=cases).delete()
    FeedbackRequest.objects.filter(case__in=cases).delete()
    reports = RepairReport.objects.filter(case__in=cases)
    Addendum.objects.filter(report__in=reports).delete()
    delete_with_history(reports)
    delete_with_history(Visit.objects.filter(case__in=cases))
    cases.update(reopened_from=None)
    delete_with_history(cases)
    delete_with_history(EngineerProfile.objects.filter(user__username__in=PROFILES))
    SlaPolicy.objects.filter(office__code="shanghai").delete()


# --- Engineers -------------------------------------------------------------------------

Family = EquipmentModel.Family

# username -> home base, latitude, longitude, languages, skills, certifications
PROFILES = {
    "engineer1": (
        "上海闵行 Shanghai Minhang",
        Decimal("31.110000"),
        Decimal("121.380000"),
        "中文, English",
        {
            Family.POWER_SUPPLY: 3,
            Family.SCANNING_HARDENER: 3,
            Family.HARDENING_MACHINE: 2,
            Family.CRANKSHAFT_LINE: 2,
        },
        [("高压电工证", date(2027, 6, 30))],
    ),
    "engineer2": (
        "苏州 Suzhou",
        Decimal("31.300000"),
        Decimal("120.580000"),
        "中文",
        {Family.CRANKSHAFT_LINE: 3, Family.TEMPERING: 2, Family.POWER_SUPPLY: 2, Family.BRAZING: 2},
        [("IGBT 电源维修认证", None)],  # expires soon: 45 days from the load
    ),
}


def _load_profiles() -> None:
    users = User.objects.in_bulk(list(PROFILES), field_name="username")
    for username, (base, lat, lon, languages, skills, certificates) in PROFILES.items():
        user = users.get(username)
        if user is None or EngineerProfile.objects.filter(user=user).exists():
            continue
        profile = EngineerProfile.objects.create(
            user=user,
            home_base=base,
            home_latitude=lat,
            home_longitude=lon,
            languages=languages,
        )
        Skill.objects.bulk_create(
            Skill(profile=profile, family=family, level=level) for family, level in skills.items()
        )
        Certification.objects.bulk_create(
            Certification(
                profile=profile,
                name=name,
                expires_on=expires or timezone.localdate() + timedelta(days=45),
            )
            for name, expires in certificates
        )


# --- Faults (domain-reference.md §2.2) and their readings -------------------------------

QUENCH_FAMILIES = {Family.HARDENING_MACHINE, Family.SCANNING_HARDENER, Family.CRANKSHAFT_LINE}
ALL = None

# id, families (None: all), symptoms, fault found, actions, parts (number, name),
# readings: (tag, low, high) drawn uniformly, or ("alarm", code)
FAULTS = [
    (
        "F01",
        ALL,
        ["电源冷却水流量低报警，功率上不去", "电源支路冷却水流量低，加热中途跳闸"],
        "电源支路冷却水流量低于调试值 80 %，Y 型过滤器堵塞",
        "清洗过滤器，冲洗电源支路，排气后复测流量",
        [("SP-1102", "过滤器滤网"), ("SP-1140", "流量开关")],
        [("Q_ps", 26, 31), ("p_in", 2.6, 3.1), ("T_in", 29, 33), ("alarm", "E-0412")],
    ),
    (
        "F02",
        ALL,
        ["冷却水压力低报警，循环泵有异响"],
        "循环泵机械密封磨损，供水压力低",
        "切换备用泵，更换机械密封，补水至正常液位",
        [("SP-1201", "循环泵机械密封组件"), ("SP-1210", "压力变送器")],
        [("p_in", 1.1, 1.7), ("Q_ps", 22, 30), ("alarm", "E-0420")],
    ),
    (
        "F03",
        ALL,
        ["冷却水电导率报警，接地检测偶尔跳闸"],
        "去离子树脂失效，冷却水电导率超限",
        "更换去离子滤芯，部分换水并加低电导率缓蚀剂",
        [("SP-1301", "去离子树脂滤芯"), ("SP-1305", "电导率传感器")],
        [("kappa", 320, 520), ("alarm", "E-0431")],
    ),
    (
        "F04",
        ALL,
        ["下午高温时段频繁跳闸，提示进水温度高"],
        "水水换热器结垢，冷却进水温度偏高",
        "酸洗换热器，清洁冷却塔翅片，校正设定值",
        [("SP-1402", "换热器板片密封垫")],
        [("T_in", 34, 38), ("Q_ps", 38, 42), ("alarm", "E-0415")],
    ),
    (
        "F06",
        ALL,
        ["柜内地面有水，水箱液位下降很快"],
        "感应器快换接头 O 型圈老化漏水",
        "隔离干燥，更换同型号绝缘水管及 O 型圈",
        [("SP-1601", "绝缘水管"), ("SP-1605", "O 型圈套件")],
        [("p_in", 1.4, 1.9), ("Q_coil", 38, 44), ("alarm", "E-0440")],
    ),
    (
        "F08",
        ALL,
        ["逆变器过流跳闸，无法复位，直流熔断器熔断"],
        "IGBT 模块击穿，起因为冷板结垢导致散热不良",
        "更换整桥臂 IGBT 模块及导热垫，检查驱动板，降功率试机",
        [("SP-2001", "IGBT 模块"), ("SP-2010", "直流快速熔断器"), ("SP-2015", "导热垫")],
        [("U_dc", 40, 120), ("I_dc", 950, 1150), ("alarm", "E-0101")],
    ),
    (
        "F09",
        ALL,
        ["驱动板故障报警，间歇性出现，可以复位"],
        "驱动板光纤接头脏污，信号间断",
        "清洁并更换光纤，检查驱动电源",
        [("SP-2101", "驱动板"), ("SP-2105", "光纤跳线")],
        [("alarm", "E-0107"), ("P_out", 285, 300)],
    ),
    (
        "F10",
        ALL,
        ["加热结束时直流母线过压跳闸"],
        "直流母线电容容量下降，降功率斜坡参数不当",
        "调整降功率斜坡，更换母线电容",
        [("SP-2201", "直流母线电容")],
        [("U_dc", 625, 660), ("alarm", "E-0202")],
    ),
    (
        "F11",
        ALL,
        ["欠压、缺相报警，功率上不去"],
        "进线熔断器一相熔断",
        "更换进线熔断器，检查主接触器触点",
        [("SP-2301", "进线熔断器"), ("SP-2305", "主接触器")],
        [("U_dc", 405, 440), ("P_out", 180, 240), ("alarm", "E-0205")],
    ),
    (
        "F13",
        ALL,
        ["满功率运行时跳闸，电容有鼓包"],
        "直流滤波电容老化，容量低于额定 90 %",
        "整组更换直流滤波电容，清洁柜内风扇滤网",
        [("SP-2201", "直流母线电容"), ("SP-2401", "柜内风扇")],
        [("U_dc", 488, 505), ("P_out", 240, 270), ("alarm", "E-0210")],
    ),
    (
        "F16",
        ALL,
        ["功率达不到设定值，硬化层深度不够"],
        "感应器变形，耦合间隙变大",
        "修复感应器，按调试记录重新匹配变压器抽头",
        [("SP-3001", "感应器")],
        [("P_out", 210, 260), ("f_out", 10.6, 11.2), ("I_dc", 420, 500)],
    ),
    (
        "F17",
        ALL,
        ["频率漂移，硬化图形逐渐变化"],
        "谐振电容单元容量损失，频率偏离基准",
        "测量各电容单元容量，更换失效单元",
        [("SP-3101", "谐振电容单元")],
        [("f_out", 10.6, 11.5), ("P_out", 280, 295)],
    ),
    (
        "F20",
        ALL,
        ["谐振电容过温报警，频率跳变"],
        "谐振电容端子松动局部过热",
        "更换受损电容单元，清洁并按力矩紧固端子",
        [("SP-3101", "谐振电容单元"), ("SP-3105", "端子螺栓组件")],
        [("f_out", 11.0, 11.8), ("alarm", "E-0305")],
    ),
    (
        "F23",
        ALL,
        ["接地故障报警，清洁感应器后可以复位"],
        "感应器与夹具间有铁屑及氧化皮搭接",
        "清洁感应器及夹具，分段绝缘测试，更换受损绝缘件",
        [("SP-3201", "绝缘支撑件")],
        [("alarm", "E-0501"), ("kappa", 260, 340)],
    ),
    (
        "F25",
        QUENCH_FAMILIES,
        ["感应器表面漏水冒蒸汽"],
        "感应器热疲劳开裂漏水",
        "换上备用感应器，原感应器返修补焊",
        [("SP-3001", "感应器"), ("SP-3301", "导磁体")],
        [("Q_coil", 55, 62), ("alarm", "E-0450")],
    ),
    (
        "F31",
        QUENCH_FAMILIES,
        ["淬火液流量低报警，硬度有软点"],
        "淬火喷圈孔被氧化皮堵塞，淬火过滤器压差高",
        "清理喷圈孔和过滤器，检查淬火泵",
        [("SP-4001", "淬火过滤器滤芯"), ("SP-4010", "淬火喷圈")],
        [("Q_q", 42, 50), ("alarm", "E-0610")],
    ),
    (
        "F36",
        QUENCH_FAMILIES,
        ["客户质检发现软点、表面硬度不足"],
        "淬火液浓度偏低且流量不足",
        "调整淬火液浓度，清理喷圈，首件重新验证",
        [("SP-4020", "淬火液浓缩液")],
        [("Q_q", 50, 54), ("P_out", 285, 300)],
    ),
    (
        "F42",
        QUENCH_FAMILIES,
        ["扫描轴跟随误差报警，扫描中途停止"],
        "编码器电缆被淬火液腐蚀损坏",
        "更换编码器电缆，润滑丝杠导轨，伺服参数复核",
        [("SP-5001", "编码器电缆")],
        [("alarm", "E-0720")],
    ),
    (
        "F44",
        ALL,
        ["HMI 显示通讯错误，数值不刷新"],
        "PLC 与 HMI 之间网线接头损坏，靠近感应引线受干扰",
        "更换网线并与动力线分开走线，加磁环",
        [("SP-6001", "工业以太网线")],
        [("alarm", "E-0801")],
    ),
]

OTHER_KINDS = {
    Case.Kind.PREVENTIVE: (
        "PM",
        [
            "年度预防性维护保养：冷却水系统、谐振电容、母排紧固检查",
            "半年度保养，检查淬火系统及冷却水质",
        ],
        "预防性维护保养完成，冷却水及电气连接状态正常",
        "清洗过滤器，检测水质，母排紧固，记录调试基准值",
    ),
    Case.Kind.INSTALLATION: (
        "INST",
        ["新设备安装调试及终验收", "设备搬迁后重新安装调试"],
        "设备安装调试完成",
        "安装接线，冷却系统打压，空载及带载调试，客户终验收",
    ),
    Case.Kind.TRAINING: (
        "TRAIN",
        ["操作工及维修人员培训（新员工 6 人）", "淬火工艺及日常点检培训"],
        "现场培训完成",
        "讲解操作规程、日常点检及报警处理，现场实操",
    ),
    Case.Kind.CONSULTATION: (
        "INFO",
        ["咨询淬火工艺参数调整方法", "咨询配方备份与恢复步骤"],
        "",
        "电话及邮件答复客户问题，发送操作说明",
    ),
    Case.Kind.SPARE_PART: (
        "PARTS",
        ["询价并订购备件：IGBT 模块 2 只、流量开关 1 只", "需要备用感应器及 O 型圈套件"],
        "",
        "报价已确认，备件已发货",
    ),
}

NORMAL = {
    "P_out": 300,
    "f_out": 10.0,
    "U_dc": 510,
    "I_dc": 600,
    "Q_ps": 40,
    "Q_coil": 50,
    "p_in": 2.5,
    "T_in": 28,
    "kappa": 150,
    "Q_q": 60,
}

CANCEL_REASONS = ["客户自行解决", "重复登记", "客户取消需求", "设备已停用"]
POSITIVE_COMMENTS = ["响应很快，工程师专业", "服务态度好，问题解决彻底", "", "", "工程师讲解清楚"]
NEGATIVE_COMMENTS = [
    "工程师到现场太晚，停产时间太长",
    "问题没有彻底解决，一周后又报警",
    "备件等了太久",
    "现场沟通不畅",
]

# final state -> how many of the cases end there
STATE_COUNTS = {
    Case.State.CLOSED: 1200,
    Case.State.CANCELLED: 30,
    Case.State.RESOLVED: 90,
    Case.State.NEW: 20,
    Case.State.TRIAGED: 25,
    Case.State.REMOTE_DIAGNOSIS: 30,
    Case.State.VISIT_SCHEDULED: 30,
    Case.State.ON_SITE: 15,
    Case.State.WAITING_CUSTOMER: 25,
    Case.State.WAITING_PARTS: 35,
}
KIND_WEIGHTS = {
    Case.Kind.BREAKDOWN: 45,
    Case.Kind.MALFUNCTION: 27,
    Case.Kind.PREVENTIVE: 9,
    Case.Kind.INSTALLATION: 4,
    Case.Kind.TRAINING: 3,
    Case.Kind.CONSULTATION: 7,
    Case.Kind.SPARE_PART: 5,
}
PRIORITY_WEIGHTS = {
    Case.Kind.BREAKDOWN: {"P1": 20, "P2": 55, "P3": 25},
    Case.Kind.MALFUNCTION: {"P2": 35, "P3": 55, "P4": 10},
}
OTHER_PRIORITIES = {"P3": 50, "P4": 50}
CHANNEL_WEIGHTS = {
    Case.Channel.PHONE: 50,
    Case.Channel.WECHAT: 22,
    Case.Channel.EMAIL: 15,
    Case.Channel.PORTAL: 10,
    Case.Channel.ON_SITE: 3,
}
GRADE_WEIGHT = {Customer.Grade.A: 5, Customer.Grade.B: 2, Customer.Grade.C: 1}
BILLING = {
    SlaPolicy.Coverage.WARRANTY: Case.Billing.WARRANTY,
    SlaPolicy.Coverage.BASIC: Case.Billing.CONTRACT,
    SlaPolicy.Coverage.PREMIUM: Case.Billing.CONTRACT,
    SlaPolicy.Coverage.NONE: Case.Billing.CHARGEABLE,
}
ENGINEER1_FAMILIES = {Family.POWER_SUPPLY, Family.SCANNING_HARDENER, Family.HARDENING_MACHINE}
BATCH = 500


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _span(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(hours=rng.uniform(low, high))


class _Coverage:
    """Coverage of the demo units on any day, from one read of warranties and contracts
    (the same rules as `sla.coverage_for`, without a query per case)."""

    def __init__(self, units: list[Unit]) -> None:
        self.warranty = {unit.pk: unit.warranty_end for unit in units}
        self.owner = {unit.pk: unit.customer_id for unit in units}
        self.contracts = defaultdict(list)
        rows = Contract.units.through.objects.filter(
            unit_id__in=self.warranty, contract__archived_at__isnull=True
        ).values_list(
            "unit_id",
            "contract__customer_id",
            "contract__kind",
            "contract__starts_on",
            "contract__ends_on",
        )
        for unit_id, customer_id, kind, starts, ends in rows:
            if customer_id == self.owner[unit_id]:
                self.contracts[unit_id].append((kind, starts, ends))

    def on(self, unit_id: int, day: date) -> str:
        warranty_end = self.warranty.get(unit_id)
        if warranty_end is not None and day <= warranty_end:
            return SlaPolicy.Coverage.WARRANTY
        kinds = {kind for kind, starts, ends in self.contracts[unit_id] if starts <= day <= ends}
        if Contract.Kind.PREMIUM in kinds:
            return SlaPolicy.Coverage.PREMIUM
        if Contract.Kind.BASIC in kinds:
            return SlaPolicy.Coverage.BASIC
        return SlaPolicy.Coverage.WARRANTY if kinds else SlaPolicy.Coverage.NONE


def _distance_km(site, lat: Decimal, lon: Decimal) -> float:
    if site is None or site.latitude is None or site.longitude is None:
        return 80.0
    dlat = math.radians(float(site.latitude) - float(lat))
    dlon = math.radians(float(site.longitude) - float(lon))
    a = (
        math.sin(dlat / 2) ** 2
        + math.cos(math.radians(float(lat)))
        * math.cos(math.radians(float(site.latitude)))
        * math.sin(dlon / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(a))


def _demo_cases_exist() -> bool:
    return Case.objects.filter(customer__code__in=customers.CODES).exists()


def _load_cases() -> None:
    """About 1,500 cases over two years, written in bulk; nothing when demo cases exist."""
    if _demo_cases_exist():
        return
    units = list(
        Unit.objects.filter(
            customer__code__in=customers.CODES, customer__merged_into__isnull=True
        ).select_related("customer", "model", "site")
    )
    if not units:
        return
    users = User.objects.in_bulk(
        ["manager", "coordinator", "engineer1", "engineer2"], field_name="username"
    )
    _Generator(units, users).run()


class _Generator:
    def __init__(self, units: list[Unit], users: dict[str, User]) -> None:
        self.rng = random.Random(2026)  # noqa: S311 — demo data, reproducible on purpose
        self.units = sorted(units, key=lambda unit: unit.pk)
        self.weights = [GRADE_WEIGHT.get(unit.customer.grade, 1) for unit in self.units]
        self.users = users
        self.office = Office.objects.get(code="shanghai")
        self.now = timezone.now()
        self.coverage = _Coverage(self.units)
        self.policies = {
            (policy.coverage, policy.priority): policy
            for policy in SlaPolicy.objects.filter(office=self.office)
        }
        start_year = (self.now - timedelta(days=740)).year
        self.calendar = office_calendar(self.office, list(range(start_year, self.now.year + 2)))
        self.contacts = defaultdict(list)
        for contact in Contact.objects.filter(customer__code__in=customers.CODES).order_by("pk"):
            self.contacts[contact.customer_id].append(contact)
        self.homes = {name: (row[1], row[2]) for name, row in PROFILES.items()}
        self.cases, self.plans = [], []

    # The plan of one case: fields, timeline, readings, visit, feedback -------------------

    def _opened_at(self, state: str) -> datetime:
        rng, now = self.rng, self.now
        if state in (Case.State.CLOSED, Case.State.CANCELLED):
            return now - timedelta(days=rng.uniform(22, 730))
        if state == Case.State.RESOLVED:
            return now - timedelta(days=rng.uniform(4, 30))
        # The office triages within hours: new cases are from today, triaged ones recent.
        if state == Case.State.NEW:
            return now - timedelta(hours=rng.uniform(0.2, 6))
        if state == Case.State.TRIAGED:
            return now - timedelta(days=rng.uniform(0.1, 2))
        return now - timedelta(days=rng.uniform(0.1, 21))

    def _due(self, policy: SlaPolicy | None, opened: datetime, hours, pauses) -> datetime | None:
        if policy is None or hours is None:
            return None
        calendar = self.calendar if policy.business_hours else None
        return deadline(calendar, opened, timedelta(hours=float(hours)), pauses, now=self.now)

    def _in_time(self, start: datetime, due: datetime | None, fallback: timedelta) -> datetime:
        """Mostly before the deadline; one time in ten a little late."""
        rng = self.rng
        if due is None or due <= start:
            return start + fallback
        if rng.random() < 0.1:
            return due + _span(rng, 0.3, 6)
        return start + (due - start) * rng.uniform(0.15, 0.9)

    def plan_case(self, state: str) -> dict:
        rng = self.rng
        unit = rng.choices(self.units, weights=self.weights)[0]
        kind = _pick(rng, KIND_WEIGHTS)
        visit_states = (Case.State.VISIT_SCHEDULED, Case.State.ON_SITE)
        if state in visit_states and kind in (Case.Kind.CONSULTATION, Case.Kind.SPARE_PART):
            kind = Case.Kind.MALFUNCTION
        priority = _pick(rng, PRIORITY_WEIGHTS.get(kind, OTHER_PRIORITIES))
        family = unit.model.family
        fault = None
        if kind in (Case.Kind.BREAKDOWN, Case.Kind.MALFUNCTION):
            fault = rng.choice([f for f in FAULTS if f[1] is None or family in f[1]])
        if kind in (Case.Kind.CONSULTATION, Case.Kind.SPARE_PART):
            with_visit = False
        elif kind in (Case.Kind.PREVENTIVE, Case.Kind.INSTALLATION, Case.Kind.TRAINING):
            with_visit = True
        else:
            with_visit = rng.random() < (0.85 if priority in ("P1", "P2") else 0.55)
        if state in visit_states:
            with_visit = True
        opened = self._opened_at(state)
        coverage = self.coverage.on(unit.pk, timezone.localdate(opened))
        policy = self.policies.get((coverage, priority))
        contacts = self.contacts.get(unit.customer_id) or [None]
        on_site_contacts = [c for c in contacts if c is not None and c.site_id == unit.site_id]
        reporter = rng.choice(on_site_contacts or contacts)
        if kind == Case.Kind.CONSULTATION:
            assignee = self.users["coordinator"]
        elif family in ENGINEER1_FAMILIES:
            assignee = self.users["engineer1" if rng.random() < 0.8 else "engineer2"]
        else:
            assignee = self.users["engineer2" if rng.random() < 0.8 else "engineer1"]
        return {
            "state": state,
            "unit": unit,
            "kind": kind,
            "priority": priority,
            "fault": fault,
            "with_visit": with_visit,
            "opened": opened,
            "coverage": coverage,
            "policy": policy,
            "reporter": reporter,
            "assignee": assignee,
        }

    def timeline(self, p: dict) -> list[tuple[str, str, datetime]]:
        """(move, target state, when) from opening to the case's final state."""
        rng, state, opened, policy = self.rng, p["state"], p["opened"], p["policy"]
        S = Case.State
        if state == S.NEW:
            return []
        fr_due = self._due(policy, opened, policy and policy.first_response_hours, [])
        on_site_due = self._due(policy, opened, policy and policy.on_site_hours, [])
        restore_due = self._due(policy, opened, policy and policy.restore_hours, [])
        steps = []
        moment = self._in_time(opened, fr_due, _span(rng, 0.5, 4))
        steps.append(("triage", S.TRIAGED, moment))
        if state == S.CANCELLED:
            steps.append(("cancel", S.CANCELLED, moment + _span(rng, 1, 72)))
            return steps
        if state == S.TRIAGED:
            return steps
        remote_first = not p["with_visit"] or (p["priority"] != "P1" and rng.random() < 0.5)
        if remote_first:
            moment += _span(rng, 0.2, 4)
            steps.append(("start_remote_diagnosis", S.REMOTE_DIAGNOSIS, moment))
        if state in (S.REMOTE_DIAGNOSIS, S.WAITING_CUSTOMER, S.WAITING_PARTS):
            if not remote_first:
                moment += _span(rng, 0.2, 4)
                steps.append(("start_remote_diagnosis", S.REMOTE_DIAGNOSIS, moment))
            if state != S.REMOTE_DIAGNOSIS:
                move = "wait_for_customer" if state == S.WAITING_CUSTOMER else "wait_for_parts"
                steps.append((move, state, moment + _span(rng, 1, 24)))
            return steps
        if p["with_visit"]:
            moment += _span(rng, 0.5, 8)
            steps.append(
                ("need_visit" if remote_first else "schedule_visit", S.VISIT_SCHEDULED, moment)
            )
            if state == S.VISIT_SCHEDULED:
                return steps
            moment = max(
                moment + _span(rng, 1, 3),
                self._in_time(opened, on_site_due, timedelta(days=rng.uniform(1, 7))),
            )
            steps.append(("check_in", S.ON_SITE, moment))
            if state == S.ON_SITE:
                return steps
            moment += _span(rng, 2, 10)
            steps.append(("resolve_on_site", S.RESOLVED, moment))
        else:
            moment = max(
                moment + _span(rng, 0.5, 3), self._in_time(opened, restore_due, _span(rng, 4, 72))
            )
            steps.append(("resolve_remotely", S.RESOLVED, moment))
        if state == S.CLOSED:
            steps.append(("close", S.CLOSED, moment + _span(rng, 2, 72)))
        return steps

    def _squeeze(self, opened: datetime, steps: list) -> list:
        """Open cases live in the past: their steps are scaled into [opened, now)."""
        if not steps or steps[-1][2] < self.now - timedelta(minutes=10):
            return steps
        span = (self.now - timedelta(minutes=10) - opened) * 0.95
        factor = span / (steps[-1][2] - opened)
        return [(move, target, opened + (at - opened) * factor) for move, target, at in steps]

    # Writing ------------------------------------------------------------------------------

    def run(self) -> None:
        rng = self.rng
        states = [state for state, count in STATE_COUNTS.items() for _ in range(count)]
        plans = [self.plan_case(state) for state in states]
        plans.sort(key=lambda p: p["opened"])
        counters = {c.year: c for c in CaseNumber.objects.all()}
        coordinator = self.users["coordinator"]
        for p in plans:
            p["steps"] = self._squeeze(p["opened"], self.timeline(p))
            year = timezone.localdate(p["opened"]).year
            counter = counters.setdefault(year, CaseNumber(year=year, last=0))
            counter.last += 1
            p["case"] = self._case(p, f"SR-{year}-{counter.last:06d}", coordinator)
        for counter in counters.values():
            CaseNumber.objects.update_or_create(year=counter.year, defaults={"last": counter.last})
        Case.objects.bulk_create([p["case"] for p in plans], batch_size=BATCH)

        events, readings, pauses, visits = [], [], [], []
        for p in plans:
            events += self._events(p, coordinator)
            readings += self._readings(p, coordinator)
            case = p["case"]
            if case.state == Case.State.WAITING_CUSTOMER:
                pauses.append(Pause(case=case, started_at=p["steps"][-1][2]))
            visit = self._visit(p)
            if visit is not None:
                visits.append(visit)
                p["visit"] = visit
        CaseEvent.objects.bulk_create(events, batch_size=BATCH)
        Reading.objects.bulk_create(readings, batch_size=BATCH)
        Pause.objects.bulk_create(pauses, batch_size=BATCH)
        Visit.objects.bulk_create(visits, batch_size=BATCH)
        through = Visit.engineers.through
        Visit.engineers.through.objects.bulk_create(
            [
                through(visit_id=p["visit"].pk, user_id=engineer.pk)
                for p in plans
                if "visit" in p
                for engineer in p["engineers"]
            ],
            batch_size=BATCH,
        )
        reports = [
            self._report(p)
            for p in plans
            if p.get("visit") and p["visit"].state == Visit.State.DONE
        ]
        RepairReport.objects.bulk_create(reports, batch_size=BATCH)
        self._feedback([p for p in plans if p["state"] == Case.State.CLOSED])
        self._quotes(plans)
        self._requests(plans)
        del rng

    def _case(self, p: dict, number: str, coordinator: User) -> Case:
        rng, unit, steps = self.rng, p["unit"], p["steps"]
        at = {move: moment for move, _target, moment in steps}
        fault = p["fault"]
        if fault is not None:
            symptom = rng.choice(fault[2])
        else:
            symptom = rng.choice(OTHER_KINDS[p["kind"]][1])
        reporter = p["reporter"]
        policy = p["policy"]
        pauses = []
        if p["state"] == Case.State.WAITING_CUSTOMER:
            pauses = [(steps[-1][2], None)]
        dues = [
            self._due(policy, p["opened"], policy and hours, pauses)
            for hours in (
                policy and policy.first_response_hours,
                policy and policy.on_site_hours,
                policy and policy.restore_hours,
            )
        ]
        state = p["state"]
        resolved_at = at.get("resolve_on_site") or at.get("resolve_remotely")
        closed = state == Case.State.CLOSED
        resume = ""
        if state in (Case.State.WAITING_CUSTOMER, Case.State.WAITING_PARTS):
            resume = steps[-2][1]
        case = Case(
            number=number,
            office=self.office,
            customer=unit.customer,
            site=unit.site,
            unit=unit,
            reporter=reporter,
            reporter_name=reporter.full_name if reporter else "",
            reporter_phone=(reporter.mobile or reporter.landline) if reporter else "",
            channel=_pick(rng, CHANNEL_WEIGHTS),
            kind=p["kind"],
            priority=p["priority"],
            symptom=symptom,
            state=state,
            resume_state=resume,
            assignee=p["assignee"] if state != Case.State.NEW else None,
            opened_by=coordinator,
            opened_at=p["opened"],
            first_response_at=at.get("triage"),
            on_site_at=at.get("check_in"),
            resolved_at=resolved_at,
            closed_at=at.get("close"),
            first_response_due=dues[0],
            on_site_due=dues[1] if p["with_visit"] else None,
            restore_due=dues[2],
            sla_policy=policy,
            cancel_reason=rng.choice(CANCEL_REASONS) if state == Case.State.CANCELLED else "",
        )
        if p["priority"] == "P1":
            case.line_down_at = p["opened"] - _span(rng, 0, 2)
            case.line_up_at = resolved_at
        if state in (Case.State.RESOLVED, Case.State.CLOSED):
            if fault is not None:
                case.resolution = f"{fault[3]}。{fault[4]}。"
                case.root_cause = fault[0]
            else:
                case.resolution = OTHER_KINDS[p["kind"]][3]
                case.root_cause = OTHER_KINDS[p["kind"]][0]
        if closed:
            case.billing = BILLING[p["coverage"]]
        if "start_remote_diagnosis" in at or state == Case.State.REMOTE_DIAGNOSIS:
            case.diagnosis = (
                f"远程诊断：{fault[3]}。" if fault is not None else OTHER_KINDS[p["kind"]][2]
            )
        if "resolve_remotely" in at:
            case.remote_outcome = Case.RemoteOutcome.SOLVED
        elif "need_visit" in at:
            case.remote_outcome = Case.RemoteOutcome.VISIT_NEEDED
        return case

    def _quotes(self, plans: list[dict]) -> None:
        """Chargeable work (nothing covers the unit) is quoted and approved before the visit
        is planned; a few open chargeable cases wait for the customer's decision."""
        rng, rates = self.rng, ChargeRates.objects.get(office=self.office)
        quotes, lines = [], []
        for p in plans:
            if p["coverage"] != Coverage.NONE or not p["with_visit"]:
                continue
            sent = {move: at for move, _target, at in p["steps"]}
            dispatched = sent.get("schedule_visit") or sent.get("need_visit")
            waiting = dispatched is None and p["state"] in (
                Case.State.TRIAGED,
                Case.State.REMOTE_DIAGNOSIS,
            )
            if dispatched is None and not waiting:
                continue
            case = p["case"]
            written = (dispatched or timezone.now()) - _span(rng, 1, 3)
            quote = Quote(
                case=case,
                number=f"{case.number}-Q1",
                currency=self.office.currency,
                vat_percent=rates.vat_percent,
                scope=f"{case.get_kind_display()}：{case.symptom}",
                valid_until=timezone.localdate(written) + timedelta(days=30),
                created_by=self.users["coordinator"],
                created_at=written,
                sent_at=written + timedelta(minutes=10),
                sent_to=p["reporter"].email if p["reporter"] else "",
                token_hash=secrets.token_hex(32) if waiting else "",
            )
            if waiting:
                quote.state = Quote.State.SENT
            else:
                by_order = rng.random() < 0.4
                quote.state = Quote.State.APPROVED
                quote.decided_at = dispatched - timedelta(minutes=rng.randint(5, 50))
                quote.decided_by_name = case.reporter_name or "设备部"
                quote.method = Quote.Method.PURCHASE_ORDER if by_order else Quote.Method.LINK
                if by_order:
                    quote.purchase_order = (
                        f"PO{timezone.localdate(written):%Y%m}{rng.randint(100, 999)}"
                    )
                    quote.recorded_by = self.users["coordinator"]
            quotes.append(quote)
            lines.append(
                (quote, "labour", "人工 Labour", "", rng.choice([4, 6, 8]), rates.labour_rate)
            )
            lines.append(
                (quote, "travel", "差旅 Travel", "", rng.choice([2, 3, 4]), rates.travel_rate)
            )
            fault = p["fault"]
            for number, name in fault[5][:2] if fault is not None else []:
                price = Decimal(rng.randrange(300, 9000, 10))
                lines.append((quote, "part", name, number, 1, price))
        Quote.objects.bulk_create(quotes, batch_size=BATCH)
        ChargeLine.objects.bulk_create(
            [
                ChargeLine(
                    quote=quote,
                    kind=kind,
                    description=text,
                    part_number=number,
                    quantity=Decimal(quantity),
                    unit_price=price,
                    cover=ChargeLine.Cover.CHARGEABLE,
                )
                for quote, kind, text, number, quantity, price in lines
            ],
            batch_size=BATCH,
        )

    def _requests(self, plans: list[dict]) -> None:
        """What remote diagnosis asked the customer: open while a case waits for the
        customer, answered on some of the cases solved remotely."""
        rng, requests = self.rng, []
        for p in plans:
            case, fault = p["case"], p["fault"]
            waiting = case.state == Case.State.WAITING_CUSTOMER
            answered = (
                "resolve_remotely" in {move for move, *_ in p["steps"]} and rng.random() < 0.4
            )
            if not (waiting or answered) or fault is None:
                continue
            asked_at = p["steps"][-1][2] if waiting else case.first_response_at or case.opened_at
            request = InfoRequest(
                case=case,
                tags=[tag for tag, *_ in fault[6]],
                wants_photos=True,
                message="请在设备屏幕上读取以下数值，并拍一张报警页面和水路的照片。",
                sent_to=p["reporter"].email if p["reporter"] else "",
                requested_by=p["assignee"],
                requested_at=asked_at,
                token_hash=secrets.token_hex(32),
                expires_at=asked_at + timedelta(days=7),
            )
            if answered:
                request.answered_at = asked_at + _span(rng, 0.3, 2)
                request.answered_by_name = case.reporter_name or "设备部"
                request.answer = "已按要求读取，报警复位后又出现。"
            requests.append(request)
        InfoRequest.objects.bulk_create(requests, batch_size=BATCH)

    def _events(self, p: dict, coordinator: User) -> list[CaseEvent]:
        case = p["case"]
        events = [
            CaseEvent(
                case=case,
                kind=CaseEvent.Kind.OPENED,
                actor=coordinator,
                at=case.opened_at,
                data={"priority": case.priority, "channel": case.channel},
            )
        ]
        source = Case.State.NEW
        for move, target, at in p["steps"]:
            actor = (
                coordinator
                if move in ("triage", "close", "cancel", "schedule_visit")
                else p["assignee"]
            )
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.TRANSITION,
                    actor=actor,
                    at=at,
                    text=case.cancel_reason if move == "cancel" else "",
                    data={"move": move, "source": source, "target": target},
                )
            )
            if move == "triage":
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.ASSIGNED,
                        actor=coordinator,
                        at=at,
                        data={"assignee": p["assignee"].pk},
                    )
                )
            source = target
        return events

    def _readings(self, p: dict, coordinator: User) -> list[Reading]:
        fault = p["fault"]
        if fault is None:
            return []
        rng, case = self.rng, p["case"]
        pattern = fault[6]
        chosen = rng.sample(pattern, rng.randint(1, min(3, len(pattern))))
        readings = []
        for row in chosen:
            taken = case.opened_at - timedelta(minutes=rng.randint(5, 90))
            if row[0] == "alarm":
                readings.append(
                    Reading(
                        case=case, tag="alarm", code=row[1], taken_at=taken, recorded_by=coordinator
                    )
                )
            else:
                digits = 2 if row[0] == "p_in" else 1
                value = Decimal(str(round(rng.uniform(row[1], row[2]), digits)))
                readings.append(
                    Reading(
                        case=case, tag=row[0], value=value, taken_at=taken, recorded_by=coordinator
                    )
                )
        return readings

    def _visit(self, p: dict) -> Visit | None:
        if not p["with_visit"] or p["state"] not in (
            Case.State.VISIT_SCHEDULED,
            Case.State.ON_SITE,
            Case.State.RESOLVED,
            Case.State.CLOSED,
        ):
            return None
        rng, case = self.rng, p["case"]
        engineers = [p["assignee"]]
        if p["priority"] == "P1" and rng.random() < 0.3:
            other = "engineer2" if p["assignee"].username == "engineer1" else "engineer1"
            engineers.append(self.users[other])
        p["engineers"] = engineers
        lat, lon = self.homes.get(engineers[0].username, self.homes["engineer1"])
        km = _distance_km(case.site, lat, lon)
        travel = max(20, int(km / 60 * 60 * 1.3) + rng.randint(0, 30))
        scheduled = next(
            at for move, _t, at in p["steps"] if move in ("schedule_visit", "need_visit")
        )
        if case.on_site_at is None:  # planned, still to come
            start = max(self.now, scheduled) + _span(rng, 12, 96)
            return Visit(
                case=case,
                planned_start=start,
                planned_end=start + _span(rng, 3, 8),
                travel_minutes=travel,
                state=Visit.State.PLANNED,
                planned_by=self.users["coordinator"],
            )
        planned = case.on_site_at - timedelta(minutes=rng.randint(-20, 45))
        left = case.resolved_at
        return Visit(
            case=case,
            planned_start=planned,
            planned_end=planned + _span(rng, 3, 9),
            arrived_at=case.on_site_at,
            left_at=left,
            travel_minutes=travel,
            state=Visit.State.DONE if left else Visit.State.ON_SITE,
            planned_by=self.users["coordinator"],
        )

    def _report(self, p: dict) -> RepairReport:
        rng, case, visit, fault = self.rng, p["case"], p["visit"], p["fault"]
        if fault is not None:
            found, actions = fault[3], fault[4]
            parts = rng.sample(fault[5], rng.randint(0, len(fault[5])))
            lines = "\n".join(f"{number}, {name}, {rng.randint(1, 2)}" for number, name in parts)
            after = ", ".join(f"{tag}={NORMAL[tag]}" for tag, *_ in fault[6] if tag in NORMAL)
        else:
            found = OTHER_KINDS[case.kind][2]
            actions = OTHER_KINDS[case.kind][3]
            lines, after = "", ""
        labour = (visit.left_at - visit.arrived_at).total_seconds() / 3600 * len(p["engineers"])
        signed = visit.left_at
        return RepairReport(
            case=case,
            visit=visit,
            engineer=p["engineers"][0],
            fault_found=found,
            root_cause=case.root_cause,
            actions=actions,
            parts_used=lines,
            labour_hours=Decimal(str(round(labour, 1))),
            travel_hours=Decimal(str(round(visit.travel_minutes * 2 / 60, 1))),
            readings_after=after,
            customer_name=case.reporter_name or "客户设备主管",
            customer_signed_at=signed,
            engineer_signed_at=signed,
        )

    def _feedback(self, closed: list[dict]) -> None:
        rng = self.rng
        asked = [p for p in closed if rng.random() < 0.6]
        requests, responses = [], []
        for p in asked:
            case = p["case"]
            used = min(case.closed_at + _span(rng, 2, 120), self.now - timedelta(minutes=5))
            request = FeedbackRequest(
                case=case,
                token_hash=hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest(),
                sent_to=p["reporter"].email if p["reporter"] else "",
                expires_at=case.closed_at + timedelta(days=14),
                used_at=used,
            )
            request.created_at = case.closed_at
            roll = rng.random()
            solved = True
            if roll < 0.03:
                scores = [rng.randint(1, 3) for _ in range(5)] + [rng.randint(1, 2)]
            elif roll < 0.05:
                scores, solved = [rng.randint(2, 4) for _ in range(6)], False
            elif roll < 0.15:
                scores = [rng.randint(3, 4) for _ in range(5)] + [3]
            else:
                scores = [rng.choice((4, 5, 5)) for _ in range(6)]
            response = FeedbackResponse(
                request=request,
                solved=solved,
                **dict(zip(FeedbackResponse.SCORES, scores, strict=True)),
            )
            response.comment = rng.choice(
                NEGATIVE_COMMENTS if response.is_unhappy else POSITIVE_COMMENTS
            )
            response.received_at = used
            requests.append(request)
            responses.append(response)
        FeedbackRequest.objects.bulk_create(requests, batch_size=BATCH)
        for request in requests:  # auto_now_add overwrote it on insert
            request.created_at = request.case.closed_at
        FeedbackRequest.objects.bulk_update(requests, ["created_at"], batch_size=BATCH)
        for response in responses:
            response.request = response.request  # the request has its pk now
        FeedbackResponse.objects.bulk_create(responses, batch_size=BATCH)
        for response in responses:
            response.received_at = response.request.used_at
        FeedbackResponse.objects.bulk_update(responses, ["received_at"], batch_size=BATCH)
        self._complaints([r for r in responses if r.is_unhappy])

    def _complaints(self, responses: list[FeedbackResponse]) -> None:
        rng, manager = self.rng, self.users["manager"]
        complaints = []
        for response in responses:
            case = response.request.case
            opened = response.received_at
            recent = self.now - opened < timedelta(days=60)
            finished = not recent or rng.random() < 0.3
            complaint = Complaint(
                customer=case.customer,
                case=case,
                feedback=response,
                source=Complaint.Source.FEEDBACK,
                severity=Complaint.Severity.HIGH
                if response.overall <= 1 or case.priority == "P1"
                else Complaint.Severity.MEDIUM,
                state=Complaint.State.CLOSED
                if finished
                else rng.choice([Complaint.State.OPEN, Complaint.State.INVESTIGATING]),
                owner=manager,
                description=response.comment or "客户反馈评分低",
            )
            if finished:
                complaint.root_cause = rng.choice(
                    ["备件库存不足导致等待", "工程师排班冲突，到场延误", "首次维修未找到根本原因"]
                )
                complaint.corrective_action = rng.choice(
                    ["增加关键备件安全库存", "调整工程师排班并设置备岗", "复杂故障增加远程专家支持"]
                )
                complaint.customer_confirmed = True
                complaint.closed_at = min(opened + timedelta(days=rng.uniform(3, 20)), self.now)
            complaints.append(complaint)
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)
        for complaint in complaints:
            complaint.opened_at = complaint.feedback.received_at
        Complaint.objects.bulk_update(complaints, ["opened_at"], batch_size=BATCH)
