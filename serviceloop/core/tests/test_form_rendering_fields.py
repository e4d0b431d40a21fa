"""The field groups, labels and error lists core.form_rendering writes in Python give exactly
what core/forms/field.html and Django's label and error templates give, for every kind of
field, unbound and refused, with labels, help texts and errors that need escaping."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from serviceloop.core.form_rendering import FormRenderer

CHOICES = [("a", "A <a>"), ("b", "B")]


class Templates(FormRenderer):
    """The same renderer with every writer turned off: the templates render everything."""

    def render(self, template_name, context, request=None):
        return DjangoTemplates.render(self, template_name, context, request)


class EveryKind(forms.Form):
    required_css_class = "required"

    text = forms.CharField(help_text="Say <b>who</b> & why", max_length=20)
    optional = forms.CharField(required=False)
    check = forms.BooleanField(required=False, help_text="Tick it")
    radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, help_text="One")
    boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
    unlabelled_radio = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, label="")
    pretty = forms.CharField(label=None, required=False)
    empty = forms.CharField(label="", required=False, help_text="No label")
    hidden = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(widget=forms.Textarea, label="Note?")
    pick = forms.ChoiceField(choices=CHOICES)
    plain_html = forms.CharField(label="<b>Bold</b>", help_text="<b>plain</b>", required=False)
    safe_html = forms.CharField(
        label=mark_safe("<b>Bold</b>"), help_text=mark_safe("<b>safe</b>"), required=False
    )
    lazy = forms.CharField(label=gettext_lazy("Name"), help_text=gettext_lazy("Required."))
    own_id = forms.CharField(widget=forms.TextInput(attrs={"id": "mine"}), required=False)
    split = forms.SplitDateTimeField(required=False)
    described = forms.CharField(
        widget=forms.TextInput(attrs={"aria-describedby": "elsewhere"}), help_text="Help"
    )

    def clean(self):
        self.add_error("optional", "<b>plain</b> & refused")
        self.add_error("check", ValidationError(mark_safe("<i>safe</i> refusal")))
        self.add_error("plain_html", ["first", "second <2>"])
        raise ValidationError("Whole form <refused>")


DATA = {"text": "x" * 30, "radio": "zzz", "note": "", "pick": "a", "split_0": "bad"}
FORMS = {
    "unbound": {},
    "bound with errors": {"data": DATA},
    "without ids": {"data": DATA, "auto_id": False},
    "prefixed ids": {"data": DATA, "auto_id": "f_%s", "prefix": "p", "label_suffix": ""},
}


def both(**kwargs):
    return EveryKind(renderer=FormRenderer(), **kwargs), EveryKind(renderer=Templates(), **kwargs)


@pytest.mark.parametrize("kwargs", FORMS.values(), ids=FORMS.keys())
def test_every_kind_of_field_group_reads_as_the_templates_write_it(kwargs):
    ours, theirs = both(**kwargs)
    for name in EveryKind.base_fields:
        assert ours[name].as_field_group() == theirs[name].as_field_group(), name
        assert ours[name].label_tag() == theirs[name].label_tag(), name
        assert ours[name].legend_tag() == theirs[name].legend_tag(), name
        assert str(ours[name].errors) == str(theirs[name].errors), name
    assert str(ours.non_field_errors()) == str(theirs.non_field_errors())
    assert ours.as_div() == theirs.as_div()


def test_labels_given_contents_and_attributes_read_as_the_template_writes_them():
    ours, theirs = both()
    attrs = {"class": "x<y", "data-safe": mark_safe("<&>"), "hidden": True, "off": False}
    for name in ("text", "check", "boxes"):
        for call in (
            lambda field: field.label_tag(mark_safe("<em>Own</em>"), attrs, label_suffix=" »"),
            lambda field: field.legend_tag("Own <words>", attrs=attrs),
        ):
            assert call(ours[name]) == call(theirs[name]), name


def test_a_plain_field_group_renders_without_a_template(monkeypatch):
    form = EveryKind(DATA, renderer=FormRenderer())

    def no_template(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(DjangoTemplates, "render", no_template)
    for name in ("text", "optional", "check", "hidden", "note", "pick", "lazy", "safe_html"):
        assert form[name].as_field_group()
