"""Text normalisation for search: codes, pinyin and one searchable string per record.

A record stores `search_document(...)` in a text column; a search filters that column
with `icontains=normalize_query(query)`. Both sides go through the same folding (NFKC,
lower case, no whitespace, one dash), so a match never depends on how the text was typed:
full-width on a phone, pasted from Excel, or spelt in pinyin.
"""

import unicodedata

from pypinyin import Style, lazy_pinyin

# Separates the parts of a search document; folding removes it from parts and queries,
# so a query can never match across two parts.
SEPARATOR = "|"

# Dash-like characters Chinese input methods and Excel produce instead of "-": the
# hyphens and dashes U+2010-U+2015, the minus sign and the katakana long-vowel mark ー
# (what a Chinese IME often types for "-"). NFKC has already turned full-width － into "-".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc", "-"))


def unify_dashes(value: str) -> str:
    """Replace every dash-like character (– — − ー ...) with an ASCII hyphen-minus."""
    return value.translate(_DASHES)


def _without_whitespace(value: str) -> str:
    """Remove all whitespace, including what NFKC made of full-width spaces."""
    return "".join(value.split())


def normalize_code(value: str) -> str:
    """A serial number or code in canonical form: NFKC, upper case, no spaces, ASCII dashes."""
    value = unicodedata.normalize("NFKC", value).upper()
    return unify_dashes(_without_whitespace(value))


def pinyin_full(text: str) -> str:
    """Toneless pinyin of the Chinese characters run together; other characters kept, lowercased.

    Heteronyms follow pypinyin's phrase dictionary (重庆 → chongqing); ü is written "v"
    (吕 → lv), as on a pinyin keyboard.
    """
    text = unicodedata.normalize("NFKC", text)
    return "".join(lazy_pinyin(text, style=Style.NORMAL)).lower()


def _ascii_alphanumerics(chunk: str) -> str:
    """The ASCII letters and digits of a run of non-Chinese text."""
    return "".join(char for char in chunk if char.isascii() and char.isalnum())


def pinyin_initials(text: str) -> str:
    """First pinyin letter of each Chinese character, plus every ASCII letter and digit, lowercased.

    Everything else (spaces, punctuation) is dropped: "ABB（中国）有限公司" → "abbzgyxgs".
    """
    text = unicodedata.normalize("NFKC", text)
    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, strict=False, errors=_ascii_alphanumerics)
    return "".join(letters).lower()


def _fold(value: str) -> str:
    """The shared folding of queries and document parts: NFKC, lower, no spaces or "|", one dash."""
    value = unicodedata.normalize("NFKC", value).lower().replace(SEPARATOR, "")
    return unify_dashes(_without_whitespace(value))


def normalize_query(query: str) -> str:
    """A user's query folded like `search_document` parts, ready for `icontains`.

    Whitespace is removed ("Shang Qi" finds "shangqi"), which is why every document part is
    stored without whitespace too. The result may be empty: the caller decides what an
    empty search means.
    """
    return _fold(query)


def _document_parts(text: str) -> list[str]:
    """The folded forms a text can be found by: itself, its pinyin, its initials, its code."""
    forms = [text, pinyin_full(text), pinyin_initials(text), normalize_code(text).lower()]
    return [_fold(form) for form in forms]


def search_document(*texts: str) -> str:
    """One string to search with `icontains`: each text's folded forms, deduplicated, "|"-joined.

    Everything is stored lower case so `icontains` also matches non-ASCII letters on
    SQLite, whose LIKE folds case for ASCII only. Order follows the arguments, so the same
    texts always give the same document.
    """
    parts = [part for text in texts for part in _document_parts(text)]
    return SEPARATOR.join(dict.fromkeys(part for part in parts if part))
