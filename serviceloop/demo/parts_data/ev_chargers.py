"""Demo spare parts of the EV chargers (a separate product line)."""

from serviceloop.demo.parts_data.rows import PartRow

# fmt: off
EV_CHARGERS: list[PartRow] = [
    # EV chargers (separate product line)
    PartRow("SP-8001", "充电模块 30kW 150–1000V", "EV charger power module 30 kW, 150–1000 V DC",
            "power_semiconductors", "A", "pc", "1450.00", "20540.00", "8504409990",
            True, True, True, 21, 7),
    PartRow("SP-8002", "充电模块 20kW 150–1000V", "EV charger power module 20 kW, 150–1000 V DC",
            "power_semiconductors", "A", "pc", "1050.00", "14920.00", "8504409990",
            True, True, True, 21, 7),
    PartRow("SP-8003", "直流接触器 250A 1000V", "DC contactor 250 A 1000 V",
            "switchgear", "B", "pc", "260.00", "3860.00", "8536490000", True, False, False, 14, 5),
    PartRow("SP-8004", "充电枪 GB/T 250A 5m", "Charging cable and connector GB/T 20234, 250 A, 5 m",
            "bus_leads", "B", "pc", "720.00", "9900.00", "8544429000", True, False, False, 21, 5),
    PartRow("SP-8006", "充电桩主控板", "Charger main control board",
            "driver_control", "A", "pc", "620.00", "8170.00", "8537109090",
            True, True, True, 14, 7),
    PartRow("SP-8007", "绝缘监测模块", "Insulation monitoring module (DC output)",
            "sensors", "B", "pc", "310.00", "4320.00", "9030339000", True, False, False, 14, 5),
    PartRow("SP-8008", "直流电能表 1000V", "DC energy meter 1000 V",
            "sensors", "B", "pc", "180.00", "2540.00", "9028301900", False, False, True, 14, 5),
    PartRow("SP-8009", "刷卡器 RFID", "RFID card reader",
            "automation", "C", "pc", "95.00", "1570.00", "8471900090", False, False, False, 10, 5),
    PartRow("SP-8010", "4G 通讯模块", "4G communication module",
            "automation", "B", "pc", "110.00", "1660.00", "8517620000", False, False, True, 10, 5),
    PartRow("SP-8011", '充电桩显示屏 7"', 'Charger display 7"',
            "automation", "B", "pc", "240.00", "3660.00", "8528599000", False, False, False, 14, 5),
    PartRow("SP-8012", "充电桩散热风扇", "Charger cooling fan",
            "cooling", "C", "pc", "45.00", "750.00", "8414590000", False, False, False, 7, 5),
    PartRow("SP-8013", "直流熔断器 400A 1000V 充电输出", "DC fuse 400 A 1000 V, charger output",
            "dc_link", "B", "pc", "65.00", "900.00", "8536100000", True, False, False, 7, 5),
    PartRow("SP-8016", "交流接触器 225A 充电桩进线", "AC input contactor 225 A, charger",
            "switchgear", "B", "pc", "210.00", "3140.00", "8536490000", True, False, False, 10, 5),
]
# fmt: on
