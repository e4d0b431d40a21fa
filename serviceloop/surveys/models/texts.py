"""Texts kept in zh-Hans and English, Spanish optional, read in the reader's language."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

FALLBACK = {"zh-hans": ("zh", "en"), "en": ("en", "zh"), "es": ("es", "en", "zh")}


def in_language(obj, field: str, language: str | None = None) -> str:
    """`obj.<field>_<lang>` in `language` (the active one by default), else the next
    language that has the text: English before Chinese for a Spanish reader."""
    language = (language or translation.get_language() or "zh-hans").lower()
    for suffix in FALLBACK.get(language, FALLBACK["zh-hans"]):
        text = getattr(obj, f"{field}_{suffix}", "")
        if text:
            return text
    return ""


class Texts(models.Model):
    """A title in the three languages: zh-Hans and English required, Spanish optional."""

    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self, "title")
