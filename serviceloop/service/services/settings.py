"""What the service manager keeps: the office calendar, SLA targets and engineer profiles."""

from datetime import date
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied
from django.db import transaction

from serviceloop.accounts.models import Office, Role, User
from serviceloop.equipment.models import EquipmentModel

from ..models import (
    CalendarDay,
    Certification,
    ChargeRates,
    EngineerProfile,
    Skill,
    SlaPolicy,
)
from ..permissions import SETTINGS_KEEPING_ROLES


def _check(by: User, office_id: int | None) -> None:
    if by.role not in SETTINGS_KEEPING_ROLES or (
        by.role != Role.ADMIN and by.office_id != office_id
    ):
        raise PermissionDenied


@transaction.atomic
def set_calendar_day(*, by: User, day: date, kind: str, note: str = "") -> CalendarDay:
    """Enters a day off or a 调休 make-up working day for the manager's office."""
    _check(by, by.office_id)
    # Only an administrator has no office; its None is refused by the database (NOT NULL).
    office_id = cast(int, by.office_id)
    entry, _ = CalendarDay.objects.update_or_create(
        office_id=office_id, day=day, defaults={"kind": kind, "note": note}
    )
    return entry


@transaction.atomic
def remove_calendar_day(*, by: User, entry: CalendarDay) -> None:
    _check(by, entry.office_id)
    entry.delete()


@transaction.atomic
def set_sla_targets(
    *,
    by: User,
    policy: SlaPolicy,
    first_response_hours: Decimal,
    on_site_hours: Decimal | None,
    restore_hours: Decimal | None,
    business_hours: bool,
) -> SlaPolicy:
    """New targets apply to cases opened from now on; open cases keep theirs."""
    _check(by, policy.office_id)
    policy.first_response_hours, policy.on_site_hours = first_response_hours, on_site_hours
    policy.restore_hours, policy.business_hours = restore_hours, business_hours
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def save_engineer_profile(
    *,
    by: User,
    engineer: User,
    home_base: str,
    languages: str,
    skills: dict[str, int],
) -> EngineerProfile:
    """The manager's record of an engineer: home base, languages, skill level per family."""
    _check(by, engineer.office_id)
    if engineer.role != Role.ENGINEER:
        raise PermissionDenied
    profile, _ = EngineerProfile.objects.get_or_create(user=engineer)
    profile.home_base, profile.languages = home_base, languages
    profile.save()
    for family in EquipmentModel.Family.values:
        level = skills.get(family) or 0
        if level:
            Skill.objects.update_or_create(
                profile=profile, family=family, defaults={"level": level}
            )
        else:
            Skill.objects.filter(profile=profile, family=family).delete()
    return profile


@transaction.atomic
def add_certification(
    *, by: User, engineer: User, name: str, expires_on: date | None
) -> Certification:
    _check(by, engineer.office_id)
    profile, _ = EngineerProfile.objects.get_or_create(user=engineer)
    return Certification.objects.create(profile=profile, name=name, expires_on=expires_on)


@transaction.atomic
def set_charge_rates(
    *, by: User, office: Office, labour_rate: Decimal, travel_rate: Decimal, vat_percent: Decimal
) -> ChargeRates:
    """Hourly labour and travel rates and VAT for quotes written from now on; quotes already
    written keep the prices they show."""
    _check(by, office.pk)
    rates, _ = ChargeRates.objects.get_or_create(office=office)
    rates.labour_rate, rates.travel_rate, rates.vat_percent = labour_rate, travel_rate, vat_percent
    rates.full_clean()
    rates.save()
    return rates
