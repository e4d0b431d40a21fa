"""The demo engineers' profiles: home base, languages, skills, certificates."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from serviceloop.accounts.models import User
from serviceloop.equipment.models import EquipmentModel
from serviceloop.service.models import Certification, EngineerProfile, Skill

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
