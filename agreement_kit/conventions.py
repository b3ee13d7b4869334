"""How numbers, dates and language names print in a draft: the one place they are formatted.

Clause texts (through the sandbox's helpers) and the renderers (running headers, title
blocks) both print values through these functions, so a date or a number reads the same
everywhere in a document.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

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


def fmt_number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def fmt_date(value: Any) -> str:
    if isinstance(value, datetime):
        value = value.date()
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


def words(n: Any) -> str:
    if isinstance(n, int) and not isinstance(n, bool) and 0 <= n < len(NUMBER_WORDS):
        return NUMBER_WORDS[n]
    return fmt_number(n)
