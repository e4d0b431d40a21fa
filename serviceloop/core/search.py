"""Word search in Chinese and English over a stored column of terms (decision 0018).

Chinese has no spaces, so a record's text is stored as *terms*: every pair of neighbouring
Chinese characters (跳闸报警 → 跳闸 闸报 报警) and the last character of the run alone, and
every Latin word or number, folded (NFKC, lower case, no accents). The terms are joined by
spaces in one text column, which SQLite's FTS5 and PostgreSQL's full-text search both index
word by word, so the two databases find exactly the same records:

- a Chinese run in the query is a phrase of its pairs (跳闸报警 → "跳闸 闸报 报警"): a
  two-character word is one term, a longer one must appear in that order;
- one Chinese character alone, and every Latin word, is a prefix (漏 finds 漏水, "overh"
  finds "overheating");
- every part of the query must match (AND);
- a code (letters and digits joined by - . /: SR-2026-000123, IH-2019-0042, E-0412) is also
  stored run together (sr2026000123), and a code in the query is looked up that way: a
  prefix of one word, never the common pieces "sr" or "ih" that every case has.

Terms hold only letters and digits, so a query built from them needs no escaping.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import unify_dashes

# Letters and digits (no underscore); runs of them are split into Chinese and other runs.
_WORD = re.compile(r"[^\W_]+")
# CJK Unified Ideographs (with extension A and the compatibility block), kana, Hangul:
# scripts written without spaces, indexed by pairs.
_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)")
# Letters and digits joined by dashes, dots or slashes: case numbers, serials, alarm codes.
_CODE = re.compile(r"[0-9a-z]+(?:[-./][0-9a-z]+)+")
_JOINERS = str.maketrans("", "", "-./")
# The longest query read: a search box is not a document.
MAX_QUERY = 100


def _fold(text: str) -> str:
    """NFKC, lower case, accents removed (é → e), one kind of dash."""
    text = unicodedata.normalize("NFKC", text).lower()
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unify_dashes(unicodedata.normalize("NFC", without_marks))


def _runs(text: str) -> list[tuple[bool, str]]:
    """(is_chinese, run) for each run of letters or digits of the folded text, in order."""
    runs = []
    for word in _WORD.findall(_fold(text)):
        for index, part in enumerate(_CJK.split(word)):
            if part:
                runs.append((index % 2 == 1, part))
    return runs


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def index_terms(*texts: str) -> str:
    """The stored terms of a record's texts, space-separated, in order."""
    terms: list[str] = []
    for text in texts:
        for chinese, run in _runs(text or ""):
            if chinese:
                terms.extend(_pairs(run))
                terms.append(run[-1])
            else:
                terms.append(run)
        terms.extend(code.translate(_JOINERS) for code in _CODE.findall(_fold(text or "")))
    return " ".join(terms)


@dataclass(frozen=True)
class Query:
    """A user's query as parts that must all match: a phrase of terms, or a prefix."""

    parts: tuple[tuple[str, ...], ...]  # each part: the terms of a phrase
    prefixes: tuple[bool, ...]  # whether that part matches as a prefix
    words: tuple[str, ...] = ()  # what to highlight: each part as typed (folded)

    def __bool__(self) -> bool:
        return bool(self.parts)

    def fts5(self) -> str:
        """SQLite FTS5 MATCH syntax: "跳闸 闸报" AND "overh"*."""
        return " AND ".join(
            f'"{" ".join(terms)}"' + ("*" if prefix else "")
            for terms, prefix in zip(self.parts, self.prefixes, strict=True)
        )

    def tsquery(self) -> str:
        """PostgreSQL to_tsquery syntax: '跳闸' <-> '闸报' & 'overh':*."""
        return " & ".join(
            ("(" + " <-> ".join(f"'{term}'" for term in terms) + ")")
            if len(terms) > 1
            else f"'{terms[0]}'" + (":*" if prefix else "")
            for terms, prefix in zip(self.parts, self.prefixes, strict=True)
        )


def parse_query(text: str) -> Query:
    """The query's parts, each once, in the order typed."""
    parts: dict[tuple[str, ...], bool] = {}
    words: dict[tuple[str, ...], str] = {}
    folded = _fold(text[:MAX_QUERY])
    for code in _CODE.findall(folded):
        part = (code.translate(_JOINERS),)
        parts.setdefault(part, True)
        words.setdefault(part, code)
    for chinese, run in _runs(_CODE.sub(" ", folded)):
        part = tuple(_pairs(run)) if chinese and len(run) > 1 else (run,)
        parts.setdefault(part, not (chinese and len(run) > 1))
        words.setdefault(part, run)
    return Query(tuple(parts), tuple(parts.values()), tuple(words.values()))


def _words_pattern(words: list[str]) -> re.Pattern | None:
    if not words:
        return None
    longest_first = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in longest_first))


def highlight(text: str, query: Query, *, around: int = 30) -> SafeString | None:
    """The part of `text` around the first match of the query's words, each match in <mark>;
    None when the text holds none of them. Matching is on the folded text, shown as stored."""
    pattern = _words_pattern(query.words)
    if pattern is None or not text:
        return None
    folded = _fold(text)
    # Folding keeps one character per character for nearly all text; where it does not
    # (a ligature, say), the text is shown folded so the marks stay in place.
    shown = text if len(folded) == len(text) else folded
    matches = list(pattern.finditer(folded))
    if not matches:
        return None
    start = max(matches[0].start() - around, 0)
    end = min(matches[0].end() + around * 2, len(shown))
    pieces, cursor = [], start
    for match in matches:
        if match.start() < cursor or match.end() > end:
            continue
        pieces.append(escape(shown[cursor : match.start()]))
        pieces.append(f"<mark>{escape(shown[match.start() : match.end()])}</mark>")
        cursor = match.end()
    pieces.append(escape(shown[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(shown) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
