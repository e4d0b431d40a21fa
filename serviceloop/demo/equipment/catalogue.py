"""The demo equipment catalogue: models, the machines each kind of customer runs,
inductors and contract terms."""

from typing import NamedTuple

from serviceloop.equipment.models import Contract, EquipmentModel, Unit

Family, Status = EquipmentModel.Family, Unit.Status
PS, SCAN, MACHINE = Family.POWER_SUPPLY, Family.SCANNING_HARDENER, Family.HARDENING_MACHINE
UNITS, LINES, EXPIRING, CONTRACTS, CURRENT_CONTRACTS = 400, 40, 6, 25, 12


class ModelSpec(NamedTuple):
    code: str
    name: str
    family: str
    kw: int
    khz: tuple[str, str] | None
    months: int
    description: str
    supplies: tuple[str, ...] = ()  # the power supplies a line of this model holds
    children: tuple[int, int] = (0, 0)  # how many of them, as units of their own


# After domain-reference.md §1.2–1.3, "Indicative product catalogue" (ind.): invented codes.
MODELS = [
    ModelSpec("IPS-MF100", "MF-IGBT 中频电源 100 kW", PS, 100, ("10", "30"), 24,
              "IGBT 串联谐振中频电源；半轴、小轴类扫描淬火与回火。"),
    ModelSpec("IPS-MF300", "MF-IGBT 中频电源 300 kW", PS, 300, ("3", "10"), 24,
              "IGBT 中频电源；曲轴、半轴等深层淬火。"),
    ModelSpec("IPS-MF600", "MF-IGBT 中频电源 600 kW", PS, 600, ("1", "3"), 24,
              "大功率中频电源；大型轴类、透热。"),
    ModelSpec("IPS-HF100", "HF-IGBT 高频电源 100 kW", PS, 100, ("30", "100"), 24,
              "软开关 IGBT 高频电源；凸轮、等速万向节内外圈，硬化层 1–3 mm。"),
    ModelSpec("IPS-HF200", "HF-IGBT 高频电源 200 kW", PS, 200, ("30", "100"), 24,
              "软开关 IGBT 高频电源；轴类 1–3 mm 硬化层。"),
    ModelSpec("IPS-SIC50", "HF-SiC 高频电源 50 kW", PS, 50, ("100", "400"), 12,
              "SiC MOSFET 电源；齿轮浅层淬火、小零件、钎焊。"),
    ModelSpec("IPS-DF300", "双频电源 300 kW", PS, 300, ("10", "200"), 24,
              "一台逆变器同时输出中频与高频；齿轮轮廓淬火。"),
    ModelSpec("IPS-C25", "紧凑型感应加热电源 25 kW", PS, 25, ("10", "400"), 12,
              "风水冷紧凑型；钎焊、热装、预热。"),
    ModelSpec("VSH-1200", "立式扫描淬火机床 1200 mm", SCAN, 150, ("3", "30"), 12,
              "顶尖夹持，感应器与喷淋圈随动扫描（5–25 mm/s），行程 1200 mm。",
              ("IPS-MF100", "IPS-MF300", "IPS-HF100"), (1, 2)),
    ModelSpec("VSH-2000", "立式扫描淬火机床 2000 mm", SCAN, 300, ("1", "10"), 12,
              "大型轴类立式扫描淬火，行程 2000 mm。", ("IPS-MF300", "IPS-MF600"), (1, 1)),
    ModelSpec("HSH-6000", "卧式扫描淬火线 6 m", SCAN, 600, ("1", "10"), 12,
              "卧式穿过式淬火并在线回火；长轴、管件（最长 6 m）。",
              ("IPS-MF600", "IPS-MF300"), (1, 2)),
    ModelSpec("SSH-800", "一次加热淬火机床", MACHINE, 200, ("10", "100"), 12,
              "整体加热后喷淋淬火；法兰轴、轮毂轴承单元。", ("IPS-MF300", "IPS-HF200"), (1, 1)),
    ModelSpec("SSH-CVJ", "等速万向节淬火机床", MACHINE, 200, ("30", "100"), 12,
              "钟形壳与内圈一次加热淬火。", ("IPS-HF200", "IPS-HF100"), (1, 2)),
    ModelSpec("GHM-400", "齿轮淬火机床", MACHINE, 300, ("10", "200"), 12,
              "齿轮仿形或逐齿淬火；双频电源。", ("IPS-DF300", "IPS-SIC50"), (1, 2)),
    ModelSpec("CSH-8", "凸轮轴淬火机床", MACHINE, 200, ("30", "100"), 12,
              "凸轮与轴颈淬火，开口感应器。", ("IPS-HF200", "IPS-HF100"), (1, 1)),
    ModelSpec("CKL-4", "四缸曲轴淬火线", Family.CRANKSHAFT_LINE, 400, ("3", "10"), 12,
              "连杆颈、主轴颈及圆角淬火，集成自回火。", ("IPS-MF300",), (2, 2)),
    ModelSpec("CKL-6", "六缸曲轴淬火线", Family.CRANKSHAFT_LINE, 600, ("3", "10"), 12,
              "六缸曲轴连杆颈、主轴颈淬火，低跳动。", ("IPS-MF300", "IPS-MF600"), (2, 2)),
    ModelSpec("ITL-150", "感应回火线 150 kW", Family.TEMPERING, 150, ("1", "10"), 12,
              "秒级感应回火替代 1–2 h 炉内回火，120–600 °C。"),
    ModelSpec("IBZ-25", "感应钎焊工作站", Family.BRAZING, 25, ("100", "400"), 12,
              "中低功率高频钎焊与热装。"),
    ModelSpec("EVC-60", "直流充电桩 60 kW", Family.EV_CHARGER, 60, None, 24, "厂区直流快充桩。"),
    ModelSpec("EVC-120", "直流充电桩 120 kW", Family.EV_CHARGER, 120, None, 24,
              "双枪直流快充桩。"),
]  # fmt: skip
SPEC = {model.code: model for model in MODELS}
# What each kind of customer hardens: the machines its lines are made of.
MACHINES_FOR = {
    "crankshaft": ("CKL-4", "CKL-6", "VSH-1200"),
    "driveline": ("VSH-1200", "HSH-6000", "SSH-CVJ"),
    "cvj": ("SSH-CVJ", "VSH-1200"),
    "gear": ("GHM-400", "SSH-800"),
    "forging": ("VSH-2000", "HSH-6000"),
    "parts": ("VSH-1200", "SSH-800", "CSH-8"),
    "bearing": ("SSH-800", "VSH-1200"),
    "machinery": ("VSH-2000", "HSH-6000"),
    "machine_tool": ("HSH-6000", "VSH-2000"),
    "oem": ("CKL-6", "CSH-8", "VSH-2000"),
    "truck": ("CKL-6", "HSH-6000", "VSH-2000"),
}
INDUCTORS = {
    "VSH": "IND-CS-{d} ×2, quench ring QR-{d}",
    "HSH": "IND-HS-{d}, 在线回火感应器 IND-HT-{d}, quench ring QR-{d}",
    "SSH": "IND-SS-{d}, 一体式喷淋 MIQ-{d}",
    "GHM": "IND-GR-{d}（仿形）, quench ring QR-{d}",
    "CSH": "IND-CL-{d} ×8（凸轮）, IND-CJ-{d} ×5（轴颈）",
    "CKL": "IND-CP-{d} ×4（连杆颈）, IND-CM-{d} ×5（主轴颈）, 喷淋 QS-{d}",
    "ITL": "IND-TP-{d} ×2",
    "IBZ": "IND-BZ-{d}（钎焊）",
}
# kind, annual price per unit (CNY, low and high), labour, parts, travel, notes
CONTRACT_TERMS = {
    Contract.Kind.BASIC: ((18_000, 35_000), True, False, True, "每年一次预防性维护；工作日响应。"),
    Contract.Kind.PREMIUM: (
        (40_000, 80_000), True, True, True,
        "每年两次预防性维护；7×24 小时电话支持；关键备件寄售。",
    ),
    Contract.Kind.WARRANTY: ((25_000, 60_000), True, True, True, "延长保修，覆盖人工与备件。"),
}  # fmt: skip
