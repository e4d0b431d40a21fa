import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _

from serviceloop.core.mail import send_in_language

SUBJECT = '{% load i18n %}{% translate "Yes" %}\n'
BODY = '{% load i18n %}{% translate "No" %}: {{ link }}\n'


@pytest.fixture(autouse=True)
def templates(tmp_path, settings):
    """`note` is plain text; `letter` has an HTML body too."""
    for name in ("note", "letter"):
        (tmp_path / f"{name}_subject.txt").write_text(SUBJECT)
        (tmp_path / f"{name}_body.txt").write_text(BODY)
    (tmp_path / "letter_body.html").write_text("<p>{{ link }}</p>")
    settings.TEMPLATES = [
        {"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [tmp_path]}
    ]


def _send(to: str, language: str, template: str = "note") -> None:
    send_in_language(to=to, language=language, template=template, context={"link": "/x/"})


def test_each_recipient_reads_the_mail_in_their_own_language():
    with translation.override("es"):  # the language of the page that caused the mails
        _send("li@example.cn", "zh-hans")
        _send("anna@example.com", "en")
        assert translation.get_language() == "es"
    chinese, english = mail.outbox
    with translation.override("zh-hans"):
        assert chinese.to == ["li@example.cn"]
        assert chinese.subject == _("Yes") != "Yes"
        assert chinese.body == f"{_('No')}: /x/\n"
    assert english.to == ["anna@example.com"]
    assert (english.subject, english.body) == ("Yes", "No: /x/\n")


def test_the_html_body_is_an_alternative_only_when_its_template_exists():
    _send("anna@example.com", "en", "note")
    _send("anna@example.com", "en", "letter")
    plain, html = mail.outbox
    assert plain.alternatives == []
    assert [(part.content, part.mimetype) for part in html.alternatives] == [
        ("<p>/x/</p>", "text/html")
    ]
    assert html.body == "No: /x/\n"
