"""What the demo's customers think, item by item (the standard questionnaire's codes).

The story the answers tell (issue 23): spare parts — stock in China (A18) and the delivery
of imported parts (A19) — score lowest and matter most; the engineers' courtesy (A14) and
competence (A11) score highest; responsiveness is middling; prices and the Chinese
documents are the next complaints. Means are of a latent score on the 1–5 scale before it
is rounded and cut to the scale, so the top items lose a little to the ceiling.
"""

# code: (mean performance, mean importance, share answering "not applicable")
PART_A = {
    "A1": (4.0, 3.7, 0.0),
    "A2": (3.8, 3.4, 0.0),
    "A3": (3.6, 3.2, 0.07),  # online tools: not every plant uses them
    "A4": (3.8, 4.6, 0.0),
    "A5": (3.9, 4.1, 0.0),
    "A6": (3.8, 4.5, 0.0),
    "A7": (3.7, 3.8, 0.12),  # preventive maintenance: only under a contract
    "A8": (3.7, 4.3, 0.0),
    "A9": (3.4, 4.6, 0.0),
    "A10": (3.7, 4.0, 0.0),
    "A11": (4.5, 4.4, 0.0),
    "A12": (4.3, 4.1, 0.0),
    "A13": (4.2, 4.1, 0.0),
    "A14": (4.7, 3.9, 0.0),
    "A15": (3.7, 3.9, 0.0),
    "A16": (4.0, 3.7, 0.0),
    "A17": (3.8, 3.6, 0.05),
    "A18": (2.6, 4.8, 0.0),
    "A19": (2.4, 4.7, 0.03),  # a few never needed an imported part
    "A20": (3.9, 4.3, 0.0),
    "A21": (3.2, 4.2, 0.0),
    "A22": (3.6, 3.5, 0.04),
    "A23": (3.5, 4.0, 0.0),
    "A24": (3.6, 3.9, 0.0),
    "A25": (3.7, 3.5, 0.1),
    "A26": (3.3, 3.6, 0.03),
}
RESPONSIVENESS = ("A8", "A9", "A10")
# How much a customer's long waits for parts pull an item down (times the wait, 0–1).
PARTS_WAIT_WEIGHT = {"A18": 1.2, "A19": 1.3, "A20": 0.3, "A23": 0.4}
# How much each campaign after the first raises the item (the office stocked up).
IMPROVING = {"A18": 0.22, "A19": 0.2}
# Each Part B item's offset against the Part A mean rescaled to 1–10.
PART_B = {"B1": 0.6, "B2": 0.0, "B3": -0.5}

# The first answer to the open question (C3), by topic: (Chinese, English).
COMMENTS = {
    "parts_wait": [
        (
            "从西班牙进口的备件要等好几周，停线损失太大，希望上海仓库多备一些常用件。",
            "Parts imported from Spain take weeks; please keep the usual ones in Shanghai.",
        ),
        (
            "IGBT 模块等了将近四周才到，清关时间太长，产线一直停着。",
            "We waited almost four weeks for an IGBT module; customs took far too long.",
        ),
        (
            "承诺的备件交期经常推迟，希望能及时告诉我们实际到货时间。",
            "Promised delivery dates for parts slip; tell us the real arrival date in time.",
        ),
        (
            "感应器返回西班牙维修周期太长，建议在国内设维修点或提供备用感应器。",
            "Sending inductors back to Spain takes too long; repair them in China or lend one.",
        ),
        ("流量开关、O 型圈这类常用件国内经常缺货，要等进口。", ""),
        ("备件价格偏高，交期又长，希望两方面都能改善。", ""),
    ],
    "parts_better": [
        (
            "今年备件到货比去年快了，上海仓库有现货的情况多了，希望继续保持。",
            "Parts arrive faster than last year; Shanghai has more in stock. Keep it up.",
        ),
        ("常用备件现在基本能从国内库存发货，进口件交期仍然偏长。", ""),
    ],
    "praise_engineer1": [
        ("王工技术过硬，耐心讲解故障原因，非常专业，感谢！", ""),
        ("王伟工程师对淬火工艺很熟，帮我们优化了参数，合格率提高了。", ""),
    ],
    "praise_engineer2": [
        ("张工服务态度很好，加班到凌晨把设备修好，非常感谢。", ""),
        ("张磊工程师现场遵守我们的安全规定，做事规范，值得信赖。", ""),
    ],
    "praise": [
        (
            "工程师礼貌、专业，遵守厂规，我们很放心。",
            "The engineers are courteous and competent, and they respect our plant rules.",
        ),
        (
            "总体满意，工程师很专业，希望继续保持。",
            "Satisfied overall; the engineers are excellent.",
        ),
    ],
    "responsiveness": [
        (
            "产线停机时希望工程师能更快到现场，有时要等一天多。",
            "When the line is down, an engineer should come sooner; we sometimes wait a day.",
        ),
        ("电话报修后回复很及时，但外地到场时间偏长。", ""),
        ("周末和节假日报修响应较慢。", ""),
    ],
    "documents": [
        (
            "希望提供完整的中文版报警清单和保养手册。",
            "Please provide complete alarm lists and maintenance manuals in Chinese.",
        ),
        ("新来的操作工需要更多培训，希望能定期安排。", ""),
    ],
    "price": [
        ("服务费和备件价格偏高，希望报价更透明。", "Service fees and part prices are high."),
    ],
    "communication": [
        ("维修进度希望能主动通知我们，不要等我们打电话问。", ""),
        ("投诉处理后希望有书面反馈。", ""),
    ],
}
# The lowest dimension of a respondent -> the topic of a comment about it.
TOPIC_OF = {
    "RES": "responsiveness",
    "TRN": "documents",
    "VAL": "price",
    "COM": "communication",
    "SPP": "parts_wait",
}
