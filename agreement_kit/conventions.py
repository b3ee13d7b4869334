"""How numbers, dates, lists and language names print in a draft: the one place they are
formatted, in the draft's language.

Clause texts (through the sandbox's helpers) and the renderers (running headers, title
blocks) both print values through these functions, so a date or a number reads the same
everywhere in a document. Every language but English takes its conventions from CLDR through
Babel (dates, digits and separators, list conjunctions, language names, currencies) and
unicode-rbnf (numbers spelled out, ordinals); English keeps the treaty forms it has always
printed ("1 December 2026", "a, b and c"), which are CLDR's en_GB forms.

The language of the text being filled in is :func:`speaking`'s; the functions take `lang`
explicitly where a renderer knows it.
"""

from __future__ import annotations

import string
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterator

LANGUAGE_NAMES = {"en": "English", "fr": "French", "es": "Spanish", "ar": "Arabic",
                  "pt": "Portuguese", "de": "German", "ru": "Russian", "zh": "Chinese",
                  "tl": "Filipino", "si": "Sinhala", "ta": "Tamil", "ne": "Nepali",
                  "bn": "Bengali", "hi": "Hindi", "ur": "Urdu", "id": "Indonesian",
                  "vi": "Vietnamese", "th": "Thai", "ko": "Korean", "ja": "Japanese",
                  "am": "Amharic", "sw": "Swahili", "it": "Italian", "nl": "Dutch"}
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
MONTHS = ("January February March April May June July August September October November "
           "December").split()


_LANGUAGE: ContextVar[str] = ContextVar("language", default="en")
# marks Babel puts around numbers for bidirectional text: the renderers isolate runs instead
_MARKS = {0x200E: None, 0x200F: None, 0x061C: None}


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Texts filled in inside this block print values in `lang`."""
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def current_language() -> str:
    return _LANGUAGE.get()


def in_language(value: Any, lang: str) -> Any:
    """A value a parameter file may give per language ({en: ..., fr: ...}) in `lang`, else
    in English, else in the first language it has; any other value as it is."""
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return value.get(lang) or value.get("en") or next(iter(value.values()))
    return value


@lru_cache(maxsize=None)
def locale(lang: str):
    """The Babel locale of a language code (English drafts follow en_GB)."""
    from babel import Locale
    return Locale.parse("en_GB" if lang == "en" else lang)


def _plain_marks(text: str) -> str:
    return text.translate(_MARKS)


def direction(lang: str) -> str:
    """"rtl" or "ltr", from CLDR."""
    try:
        return locale(lang).text_direction
    except Exception:  # a code CLDR does not know: written left to right
        return "ltr"


def fmt_number(value: Any, lang: str | None = None) -> str:
    lang = lang or _LANGUAGE.get()
    if lang != "en" and isinstance(value, (int, float)) and not isinstance(value, bool):
        from babel.numbers import format_decimal
        return _plain_marks(format_decimal(value, "#,##0.##", locale=locale(lang)))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def fmt_date(value: Any, lang: str | None = None) -> str:
    lang = lang or _LANGUAGE.get()
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date) and lang != "en":
        from babel.dates import format_date
        text = _plain_marks(format_date(value, "long", locale=locale(lang)))
        if lang == "fr" and value.day == 1 and text.startswith("1 "):
            text = "1er " + text[2:]  # French writes the first of the month as an ordinal;
        return text                   # CLDR's pattern has no such rule

    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    return str(value)


def letters(n: int, upper: bool = False) -> str:
    """The n-th (from 0) letter label of a list or a spreadsheet column: a ... z, aa, ab ..."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr((65 if upper else 97) + r) + out
    return out


def words(n: Any, lang: str | None = None) -> str:
    """A small whole number spelled out ("three"), larger ones in figures."""
    lang = lang or _LANGUAGE.get()
    if isinstance(n, int) and not isinstance(n, bool) and 0 <= n < len(NUMBER_WORDS):
        return NUMBER_WORDS[n] if lang == "en" else spell(n, lang)
    return fmt_number(n, lang)


@lru_cache(maxsize=None)
def _rbnf(lang: str):
    from unicode_rbnf import RbnfEngine
    return RbnfEngine.for_language(lang)


def spell(n: int, lang: str, ruleset: str = "spellout-numbering") -> str:
    """`n` in words by one of CLDR's rule-based number formats (spellout-ordinal-masculine...)."""
    try:
        result = _rbnf(lang).format_number(n, ruleset_names=[ruleset])
        return result.text_by_ruleset.get(ruleset, result.text)
    except Exception:  # no rules for this language or ruleset: figures
        return str(n)


def join_list(items: list[str], style: str = "standard", lang: str | None = None) -> str:
    """"a, b and c" ("or" with style='or') in the language's own conjunction."""
    lang = lang or _LANGUAGE.get()
    if lang == "en" or len(items) <= 1:
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + (" or " if style == "or" else " and ") + items[-1]
    from babel.lists import format_list
    return format_list(items, style=style, locale=locale(lang))


def language_name(code: str, lang: str | None = None) -> str:
    """The name of language `code` in language `lang` (CLDR), e.g. ar in fr: "arabe"."""
    lang = lang or _LANGUAGE.get()
    if lang == "en":
        return LANGUAGE_NAMES.get(code, code)
    return locale(lang).languages.get(code) or LANGUAGE_NAMES.get(code, code)


def money(amount: Any, currency: str, lang: str | None = None) -> str:
    """An amount with its currency code, in the language's number format ("USD 1,500.00")."""
    lang = lang or _LANGUAGE.get()
    if lang == "en":
        return f"{currency} {amount:,.2f}".strip()
    from babel.numbers import format_decimal
    figure = _plain_marks(format_decimal(amount, "#,##0.00", locale=locale(lang)))
    return f"{currency} {figure}".strip()


ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, numeral in ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


class _Numbering(string.Formatter):
    """Fills a numbering pattern: {n} figures, {roman}, {n:RULESET} spelled out by CLDR
    rules ("{label} {n:spellout-ordinal-masculine}" -> "Article premier")."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, int) and format_spec:
            return spell(value, self.lang, format_spec)
        return format(value, format_spec)


def numbered(pattern: str, n: int, lang: str, **words: str) -> str:
    """A heading or reference from a pattern of the language's vocabulary."""
    if "label" in words:
        words.setdefault("lower", words["label"].lower())
    return _Numbering(lang).format(pattern, n=n, roman=roman(n), **words)


def spaced(text: str, before: str, after: str) -> str:
    """French spacing: a non-breaking space before ; ! ? » (and :) and after «, so a line
    never starts with the mark (a narrow space, a full one before the colon). A space the
    text has is made non-breaking; one it lacks (the paragraph parser removes spaces before
    ; and :) is put in, where the mark ends a word ("10:30" and "http://" stay as they are)."""
    import re

    for mark in before:
        space = "\u00a0" if mark == ":" else "\u202f"
        if mark == "»":
            text = re.sub(r"(?<=\S) ?»", space + "»", text)
        else:
            text = re.sub(r"(?<=[^\s\d/])[ ]?" + re.escape(mark) + r"(?=\s|$|[)\]])",
                          space + mark, text)
    for mark in after:
        text = re.sub(re.escape(mark) + r" ?(?=\S)", mark + "\u202f", text)
    return text
