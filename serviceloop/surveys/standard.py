"""The standard questionnaire every installation ships (domain-reference §6.2): the office's
yearly satisfaction survey, 客户服务满意度调查问卷, in Chinese and English.

Part A rates 26 attributes by dimension (1–5, importance asked as well, N/A allowed); part B
the overall satisfaction the ACSI way (1–10); part C loyalty: the recommendation (0–10), the
intention to buy again (1–5) and the one thing to improve first. The texts are the
reference's, word for word: the analysis (issue 23) reads the answers by these codes.
"""

from django.apps import apps as installed_apps

CODE = "standard"
TITLE = {
    "zh": "客户服务满意度调查问卷",
    "en": "Customer service satisfaction questionnaire",
    "es": "Cuestionario de satisfacción con el servicio al cliente",
}

# Dimension -> the section's title in Chinese, English and Spanish.
SECTIONS = {
    "TAN": ("有形性", "Tangibles", "Elementos tangibles"),
    "REL": ("可靠性", "Reliability", "Fiabilidad"),
    "RES": ("响应性", "Responsiveness", "Capacidad de respuesta"),
    "ASS": ("保证性", "Assurance", "Seguridad"),
    "EMP": ("移情性", "Empathy", "Empatía"),
    "SPP": ("备件", "Spare parts", "Repuestos"),
    "VAL": ("价格价值", "Price and value", "Precio y valor"),
    "COM": ("沟通", "Communication", "Comunicación"),
    "TRN": ("培训资料", "Training and documents", "Formación y documentación"),
    "OVR": ("总体满意度", "Overall satisfaction", "Satisfacción general"),
    "LOY": ("忠诚度", "Loyalty", "Fidelidad"),
    "OPEN": ("开放题", "Open question", "Pregunta abierta"),
}

# How each part is asked: kind, lowest and highest score, importance too, N/A allowed.
PART_A = ("rating", 1, 5, True, True)
PART_B = ("rating", 1, 10, False, False)
RECOMMEND = ("recommend", 0, 10, False, False)
AGREE = ("rating", 1, 5, False, False)
FREE_TEXT = ("text", 1, 5, False, False)

# (code, dimension, how it is asked, Chinese, English)
QUESTIONS = [
    (
        "A1",
        "TAN",
        PART_A,
        "服务工程师到场时带齐合适的工具、检测仪器和防护用品。",
        "Service engineers arrive with the right tools, test instruments and protective equipment.",
    ),
    (
        "A2",
        "TAN",
        PART_A,
        "我们收到的服务报告、手册和图纸清晰、专业。",
        "Service reports, manuals and drawings we receive are clear and professional.",
    ),
    (
        "A3",
        "TAN",
        PART_A,
        "服务热线、远程诊断和在线服务工具使用方便。",
        "The hotline, remote-diagnosis and online service tools are easy to use.",
    ),
    (
        "A4",
        "REL",
        PART_A,
        "故障在第一次上门时就被正确排除。",
        "Faults are correctly fixed at the first visit.",
    ),
    (
        "A5",
        "REL",
        PART_A,
        "供应商能按承诺的日期和时间提供服务。",
        "The supplier keeps the service dates and times it promises.",
    ),
    (
        "A6",
        "REL",
        PART_A,
        "维修后设备运行稳定,同类故障短期内不再复发。",
        "After a repair the equipment runs stably and the same fault does not soon return.",
    ),
    (
        "A7",
        "REL",
        PART_A,
        "预防性维护按计划执行并有完整记录。",
        "Preventive maintenance is performed on schedule and documented.",
    ),
    (
        "A8",
        "RES",
        PART_A,
        "我们的服务请求能在约定时间内得到确认和回应。",
        "Our service requests are acknowledged within the agreed response time.",
    ),
    (
        "A9",
        "RES",
        PART_A,
        "产线停机时,工程师能迅速到达现场。",
        "When our line is down, an engineer reaches our site quickly.",
    ),
    (
        "A10",
        "RES",
        PART_A,
        "通过电话或远程连线提出的技术问题能得到及时解答。",
        "Technical questions by phone or remote connection are answered promptly.",
    ),
    (
        "A11",
        "ASS",
        PART_A,
        "工程师精通感应电源、感应器和淬火工艺。",
        "Engineers are competent in induction power supplies, inductors and hardening processes.",
    ),
    (
        "A12",
        "ASS",
        PART_A,
        "工程师在现场遵守我方安全规定(上锁挂牌、高压、电磁场)。",
        "Engineers follow our safety rules (lock-out, high voltage, EMF) on site.",
    ),
    (
        "A13",
        "ASS",
        PART_A,
        "我们信任工程师给出的诊断结论和建议。",
        "We trust the engineers' diagnoses and recommendations.",
    ),
    (
        "A14",
        "ASS",
        PART_A,
        "工程师礼貌待人,尊重我方厂规。",
        "Engineers are courteous and respect our plant rules.",
    ),
    (
        "A15",
        "EMP",
        PART_A,
        "供应商理解我们的交付压力(汽车配套节奏),并据此安排服务。",
        "The supplier understands our delivery pressure (automotive schedules) and plans service around it.",  # noqa: E501
    ),
    (
        "A16",
        "EMP",
        PART_A,
        "我们有固定的对接人,且其熟悉我方设备历史。",
        "We have a fixed contact person who knows our equipment history.",
    ),
    (
        "A17",
        "EMP",
        PART_A,
        "服务可以安排在我们方便的时间(周末、计划停产期)。",
        "Service can be scheduled at times convenient for us (weekends, planned shutdowns).",
    ),
    (
        "A18",
        "SPP",
        PART_A,
        "常用备件可以从国内库存及时获得。",
        "Frequently needed spare parts are available from stock in China.",
    ),
    (
        "A19",
        "SPP",
        PART_A,
        "进口备件交期可接受,承诺交期能够兑现。",
        "Delivery times of imported parts are acceptable and promised dates are met.",
    ),
    (
        "A20",
        "SPP",
        PART_A,
        "所交付备件型号正确,质量达到原厂标准。",
        "Spare parts delivered are correct and of original quality.",
    ),
    (
        "A21",
        "VAL",
        PART_A,
        "服务费用和备件价格与所获得的价值相比是合理的。",
        "Service fees and spare-part prices are reasonable for the value we receive.",
    ),
    (
        "A22",
        "VAL",
        PART_A,
        "报价和发票透明、便于核对。",
        "Quotations and invoices are transparent and easy to check.",
    ),
    (
        "A23",
        "COM",
        PART_A,
        "我们能及时了解维修进展和预计完成时间。",
        "We are kept informed about repair progress and expected completion time.",
    ),
    (
        "A24",
        "COM",
        PART_A,
        "投诉能得到认真对待,并有处理结果反馈。",
        "Complaints are taken seriously and closed with feedback to us.",
    ),
    (
        "A25",
        "TRN",
        PART_A,
        "培训使我方操作人员做到会使用、会保养、会检查、会排除简单故障。",
        "Training enables our operators to use, maintain, inspect and clear simple faults on the equipment.",  # noqa: E501
    ),
    (
        "A26",
        "TRN",
        PART_A,
        "技术资料(说明书、报警清单、保养清单)齐全且有中文版。",
        "Technical documents (manuals, alarm lists, PM checklists) are complete and available in Chinese.",  # noqa: E501
    ),
    (
        "B1",
        "OVR",
        PART_B,
        "总体而言,您对我们的售后服务满意程度如何?(1=非常不满意,10=非常满意)",
        "Overall, how satisfied are you with our after-sales service? (1 = very dissatisfied, 10 = very satisfied)",  # noqa: E501
    ),
    (
        "B2",
        "OVR",
        PART_B,
        "与您的预期相比,我们的服务……(1=远低于预期,10=远超预期)",
        "Compared with what you expected, our service is … (1 = far below, 10 = far above)",
    ),
    (
        "B3",
        "OVR",
        PART_B,
        "与理想中的感应设备服务商相比,我们……(1=差距很大,10=非常接近理想)",
        "Compared with an ideal service provider for induction equipment, we are … (1 = far from ideal, 10 = ideal)",  # noqa: E501
    ),
    (
        "C1",
        "LOY",
        RECOMMEND,
        "您向其他公司的同行推荐我们的可能性有多大?(0–10分)",
        "How likely are you to recommend us to a colleague in another company? (0–10)",
    ),
    (
        "C2",
        "LOY",
        AGREE,
        "我们愿意续签服务合同或再次向该供应商采购。(1–5分)",
        "We intend to renew our service contract / buy from this supplier again. (1–5)",
    ),
    (
        "C3",
        "OPEN",
        FREE_TEXT,
        "您认为我们最需要优先改进的一点是什么?",
        "What is the one thing we should improve first?",
    ),
]


def install_standard_questionnaire(apps=installed_apps):
    """The standard questionnaire with its first version, made once: a second call (or a
    questionnaire already coded "standard") changes nothing. `apps` is the data
    migration's model registry when a migration calls it."""
    questionnaire_model = apps.get_model("surveys", "Questionnaire")
    found = questionnaire_model.objects.filter(code=CODE).first()
    if found is not None:
        return found
    questionnaire = questionnaire_model.objects.create(
        code=CODE, title_zh=TITLE["zh"], title_en=TITLE["en"], title_es=TITLE["es"]
    )
    version = apps.get_model("surveys", "Version").objects.create(
        questionnaire=questionnaire, number=1
    )
    sections = {}
    for position, (dimension, (zh, en, es)) in enumerate(SECTIONS.items()):
        sections[dimension] = apps.get_model("surveys", "Section").objects.create(
            version=version,
            position=position,
            dimension=dimension,
            title_zh=zh,
            title_en=en,
            title_es=es,
        )
    question_model = apps.get_model("surveys", "Question")
    question_model.objects.bulk_create(
        question_model(
            version=version,
            section=sections[dimension],
            code=code,
            position=position,
            kind=kind,
            text_zh=zh,
            text_en=en,
            scale_min=lowest,
            scale_max=highest,
            asks_importance=importance,
            allows_not_applicable=not_applicable,
        )
        for position, (code, dimension, asked, zh, en) in enumerate(QUESTIONS)
        for kind, lowest, highest, importance, not_applicable in [asked]
    )
    return questionnaire


def remove_standard_questionnaire(apps=installed_apps) -> None:
    """Undoes the install while nothing was asked with it (answers and campaigns protect it)."""
    apps.get_model("surveys", "Version").objects.filter(questionnaire__code=CODE).delete()
    apps.get_model("surveys", "Questionnaire").objects.filter(code=CODE).delete()
