"""A unit document refused on the unit's record: the record comes back with the title and
kind typed and the reason next to the file (core.forms.save_inline)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from serviceloop.accounts.models import Role
from serviceloop.core.testing import with_form_key
from serviceloop.customers.testing import make_customer
from serviceloop.equipment.models import Document
from serviceloop.equipment.testing import make_unit


@pytest.mark.django_db
def test_a_refused_document_comes_back_on_the_units_record_with_its_title(client, users, shanghai):
    coordinator = users[Role.COORDINATOR]
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    unit = make_unit(make_customer(shanghai))
    client.force_login(coordinator)
    response = client.post(
        reverse("equipment:unit_document_upload", args=[unit.pk]),
        with_form_key(
            kind="drawing",
            title="电源柜接线图 rev.B",
            upload=SimpleUploadedFile("wiring.pdf", b"MZ\x90\x00 an executable renamed"),
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["unit"] == unit  # the unit's record, not a page of its own
    assert 'value="电源柜接线图 rev.B"' in page
    assert '<option value="drawing" selected>' in page
    assert "errorlist" in page
    assert not Document.objects.exists()
