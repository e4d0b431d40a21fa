"""Reading an e-mail pasted by the coordinator: who wrote, about which machine, how urgent.

Pasted text is not RFC 822: it is what Outlook, Foxmail or a WeChat forward shows, with
header lines in English or Chinese ("From:" / "发件人："). Nothing here is trusted: the
result only fills in the case form, which the coordinator checks before opening the case.
"""

import re
from dataclasses import dataclass, field

from serviceloop.core.text import normalize_code

HEADER = re.compile(
    r"^\s*(from|发件人|sender|subject|主题|sent|date|发送时间|日期|to|收件人|cc|抄送)\s*[:：]\s*(.*)$",
    re.IGNORECASE,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[ -]?)?(1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")
TOKEN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ][0-9A-Za-z０-９Ａ-Ｚａ-ｚ\-－—_/]{3,}")
# Where a reply quotes the earlier mail: what follows is history, not the new problem.
QUOTED = re.compile(
    r"^\s*(-{2,}\s*(original message|原始邮件|回复的原邮件)|on .+ wrote:|在 .+ 写道[:：])",
    re.IGNORECASE,
)
LINE_DOWN = re.compile(
    r"停线|停产|停机|无法生产|不能生产|整线停|line (is )?(down|stopped)|production (is )?stopped",
    re.IGNORECASE,
)
SUBJECT_KEYS = {"subject", "主题"}
SENDER_KEYS = {"from", "发件人", "sender"}


@dataclass
class PastedEmail:
    sender_email: str = ""
    sender_name: str = ""
    subject: str = ""
    body: str = ""
    mobiles: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # normalised tokens that may be serials
    line_down: bool = False

    @property
    def symptom(self) -> str:
        return "\n\n".join(part for part in (self.subject, self.body) if part).strip()


def read_pasted_email(text: str) -> PastedEmail:
    mail = PastedEmail()
    body_lines: list[str] = []
    in_headers = True
    for line in text.replace("\r\n", "\n").split("\n"):
        if QUOTED.match(line):
            break
        header = HEADER.match(line) if in_headers else None
        if header:
            key, value = header.group(1).lower(), header.group(2).strip()
            if key in SENDER_KEYS and not mail.sender_email:
                found = EMAIL.search(value)
                mail.sender_email = found.group(0).lower() if found else ""
                name = EMAIL.sub("", value).strip(" <>\"'[]()")
                mail.sender_name = name[:100]
            elif key in SUBJECT_KEYS and not mail.subject:
                mail.subject = re.sub(
                    r"^((re|fw|fwd|回复|转发)\s*[:：]\s*)+", "", value, flags=re.I
                )
            continue
        if in_headers and not line.strip() and (mail.sender_email or mail.subject):
            in_headers = False
            continue
        if line.strip():
            in_headers = False
        body_lines.append(line.rstrip())
    mail.body = "\n".join(body_lines).strip()
    if not mail.sender_email:
        found = EMAIL.search(text)
        mail.sender_email = found.group(0).lower() if found else ""
    everything = f"{mail.subject}\n{mail.body}"
    mail.mobiles = [re.sub(r"[ -]", "", m) for m in MOBILE.findall(everything)]
    mail.codes = list(dict.fromkeys(normalize_code(t) for t in TOKEN.findall(everything)))
    mail.line_down = bool(LINE_DOWN.search(everything))
    return mail
