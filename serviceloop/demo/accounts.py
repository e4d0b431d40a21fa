"""Demo offices and one user per role. Loads only what is missing."""

import os

from serviceloop.accounts.models import Office, User

Role = User.Role

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "ServiceLoop-2026")

OFFICES = [
    {
        "code": "shanghai",
        "name": "China — Shanghai",
        "time_zone": "Asia/Shanghai",
        "currency": Office.Currency.CNY,
        "address": "上海市闵行区申长路 988 弄 虹桥万科中心 5 号楼 8 层",
        "is_headquarters": False,
    },
    {
        "code": "spain-hq",
        "name": "Headquarters — Spain",
        "time_zone": "Europe/Madrid",
        "country": "ES",
        "currency": Office.Currency.EUR,
        "address": "Parque Tecnológico, 48170 Zamudio, Bizkaia, España",
        "is_headquarters": True,
    },
]

# username, full name, role, office code, language, phone
USERS = [
    ("admin", "赵立新", Role.ADMIN, "shanghai", "zh-hans", "+86 138 1600 0001"),
    ("manager", "陈建国", Role.MANAGER, "shanghai", "zh-hans", "+86 138 1600 0002"),
    ("coordinator", "李娜", Role.COORDINATOR, "shanghai", "zh-hans", "+86 21 6218 5500 ext. 801"),
    ("engineer1", "王伟", Role.ENGINEER, "shanghai", "zh-hans", "+86 139 1700 0011"),
    ("engineer2", "张磊", Role.ENGINEER, "shanghai", "zh-hans", "+86 139 1700 0012"),
    ("warehouse", "刘洋", Role.WAREHOUSE, "shanghai", "zh-hans", "+86 21 6218 5500 ext. 820"),
    ("account1", "周敏", Role.ACCOUNT_MANAGER, "shanghai", "zh-hans", "+86 137 0192 0031"),
    ("hq", "Carmen Ruiz Etxebarria", Role.HQ, "spain-hq", "es", "+34 944 000 123"),
    # Their customers arrive with the archive (roadmap step 2).
    ("portal-a", "孙浩", Role.CUSTOMER, "shanghai", "zh-hans", "+86 135 2000 1001"),
    ("portal-b", "吴婷", Role.CUSTOMER, "shanghai", "zh-hans", "+86 135 2000 2002"),
]


def load() -> list[User]:
    offices = {}
    for data in OFFICES:
        offices[data["code"]], _ = Office.objects.get_or_create(code=data["code"], defaults=data)
    users = []
    for username, full_name, role, office_code, language, phone in USERS:
        office = offices[office_code]
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                full_name=full_name,
                email=f"{username}@serviceloop.example",
                phone=phone,
                role=role,
                office=office,
                language=language,
                time_zone=office.time_zone,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
        users.append(user)
    return users


def reset() -> None:
    """Deletes the demo rows only, never anything else in the database."""
    User.objects.filter(username__in=[row[0] for row in USERS]).delete()
    # An office that real people or customers have been added to stays.
    demo_offices = Office.objects.filter(code__in=[office["code"] for office in OFFICES])
    demo_offices.filter(users__isnull=True, customers__isnull=True).delete()
