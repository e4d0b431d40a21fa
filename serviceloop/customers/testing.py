"""Builders for tests: customers and their sites and contacts, as the services store them."""

from serviceloop.core.text import search_document

from .models import Contact, Customer, Site


def make_customer(
    office, code: str = "C-0001", name_zh: str = "上汽中博汽车零部件有限公司", **fields
) -> Customer:
    customer = Customer(office=office, code=code, name_zh=name_zh, **fields)
    customer.search_document = search_document(
        customer.code, customer.name_zh, customer.name_en, customer.credit_code
    )
    customer.save()
    return customer


def make_site(customer: Customer, code: str = "S1", name: str = "一号工厂", **fields) -> Site:
    return Site.objects.create(customer=customer, code=code, name=name, **fields)


def make_contact(customer: Customer, full_name: str = "王建华", **fields) -> Contact:
    fields.setdefault("position", Contact.Position.MAINTENANCE_HEAD)
    fields.setdefault("mobile", "+86 138 1234 5678")
    return Contact.objects.create(customer=customer, full_name=full_name, **fields)
