"""Clause text: Jinja in a sandbox, then a small paragraph markup.

Clause texts and blueprint strings are Jinja templates. They run in an immutable sandbox:
no access to Python internals, no file includes, imports or extends (refused with the line
when a text is parsed), bounded string and number growth, a time limit per text, and only
plain values printed (never a Python object's repr). Parameter values are data: whatever they
contain is printed literally, because a value is never parsed as template source, and
:func:`printable` flattens line breaks so a value cannot start a new paragraph or list item
either.

Helpers such as ``ref('joint-committee')`` cannot know article numbers while texts render, so
they print *tokens* (private-use characters around a kind and its arguments). After the
assembler has numbered the articles, :func:`inlines` turns text with tokens into inline runs
(:class:`~agreement_kit.model.draft.Text`, :class:`Ref`, :class:`Term`, :class:`Blank`).
"""

from __future__ import annotations

import functools
import marshal
import re
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any, Callable, Iterable, Iterator

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, Undefined, nodes
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..conventions import (current_language, fmt_date, fmt_number, in_language, join_list,
                           language_name, words)
from ..conventions import money as _money
from ..errors import UserError
from ..inputs.characters import UNWRITABLE
from ..limits import time_limit
from ..model.draft import Blank, Inline, Paragraph, Ref, Term, Text

TOKEN_START, TOKEN_SEP, TOKEN_END = "\ue000", "\ue001", "\ue002"
TOKEN_CHARS = TOKEN_START + TOKEN_SEP + TOKEN_END
_TOKEN_RE = re.compile("\ue000([^\ue000\ue001\ue002]*)((?:\ue001[^\ue000\ue001\ue002]*)*)\ue002")
MAX_OUTPUT = 200_000  # characters one template may produce
TEXT_SECONDS = 10  # wall-clock limit for filling in one text (a runaway loop is stopped)
MAX_INT_BITS = 4096  # integers computed in a text stay below about 10**1233

HELPERS = {"ref", "ref_range", "term", "blank", "detail", "money", "sector_name", "other"}
COMMON_NAMES = {"origin", "destination", "scope", "draft", "contract", "form", "languages",
                "clauses", "document", "document_slots", "parties", "others"}
PARTY_NAME = "party"  # the Party a per-Party annex or signature block is drafted for
OTHER_NAME = "other_party"  # the third party a `for_each_other` signature block is drawn for
PARTY_SEP = "@"  # 'party-annex@gh': the annex drawn for Party gh of a per-Party annex

class Token(str):
    """Helper output that must reach the paragraph parser unescaped."""


def token(kind: str, *args: str) -> Token:
    clean = [str(a).replace(TOKEN_START, "").replace(TOKEN_SEP, "").replace(TOKEN_END, "")
             for a in args]
    return Token(TOKEN_START + kind + "".join(TOKEN_SEP + a for a in clean) + TOKEN_END)


# --- printing values --------------------------------------------------------------------

def and_list(items: Any) -> str:
    """"a, b and c" in the language of the text being filled in."""
    return join_list([printable(i) for i in (items or [])])


def or_list(items: Any) -> str:
    return join_list([printable(i) for i in (items or [])], "or")


def money(amount: Any, currency: str = "") -> str:
    if isinstance(amount, bool) or not isinstance(amount, (int, float)):
        return printable(amount)
    return _money(amount, currency)


def language_names(codes: Any) -> list[str]:
    return [language_name(c) for c in (codes or [])]


def printable(value: Any) -> str:
    """How a value prints in a clause: the one place numbers, dates and lists are formatted."""
    if isinstance(value, Token):
        return value
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        text = fmt_number(value)
    elif isinstance(value, (date, datetime)):
        text = fmt_date(value)
    elif isinstance(value, (list, tuple)):
        return and_list(value)
    elif isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        text = in_language(value, current_language())  # a law's name in each authentic text
    else:
        text = str(value)
    # a value is data: it may not open a paragraph, a list item or a token
    text = re.sub(r"[\r\n\u2028\u2029]+", " ", text)
    return text.translate({ord(c): None for c in TOKEN_CHARS})


# --- the sandbox --------------------------------------------------------------------------

class SandboxSyntaxError(TemplateSyntaxError):
    """A construct clause texts may not use, refused when the text is parsed."""


_LOADER_TAGS = {nodes.Include: "include", nodes.Import: "import",
                nodes.FromImport: "from ... import", nodes.Extends: "extends"}


def _refuse(message: str, node: nodes.Node, name: str | None, filename: str | None):
    raise SandboxSyntaxError(message, node.lineno, name, filename)


def check_ast(ast: nodes.Template, name: str | None = None, filename: str | None = None) -> None:
    """Refuse, at parse time and with the line, what the sandbox would refuse (or fail) later.

    Clause texts have no loader: `include`, `import` and `extends` can read nothing, so they
    are refused with a message instead of Jinja's "no loader for this environment". Names
    starting with `_` are Python internals (`__class__`, `__mro__`, ...) and `self` is Jinja's
    own template object; neither has any use in a clause. The sandbox still refuses them at
    run time, for names built while rendering.
    """
    for node in ast.find_all(tuple(_LOADER_TAGS)):
        _refuse(f"{{% {_LOADER_TAGS[type(node)]} %}} is not available in clause texts: a text "
                "cannot read other files or templates. Write the words into the text itself.",
                node, name, filename)
    for node in ast.find_all(nodes.Name):
        if node.name == "self":
            _refuse("'self' is not available in clause texts.", node, name, filename)
    for node in ast.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):
        if isinstance(node, nodes.Getattr):
            attr = node.attr
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            attr = node.arg.value
        elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args \
                and isinstance(node.args[0], nodes.Const):
            attr = node.args[0].value
        else:
            continue
        if isinstance(attr, str) and attr.startswith("_"):
            _refuse(f"'{attr}' is not available in clause texts: names starting with '_' are "
                    "Python internals.", node, name, filename)


_WIDE_FORMAT = re.compile(r"%[-#0 +]*\d{6,}|\{[^{}]*:[^{}]*\d{6,}")  # a width of a million


def _size(value: Any, budget: int = MAX_OUTPUT) -> int:
    """About how many characters `value` prints as, counted without building it: a list of
    200,000 copies of a long text is refused before anything joins or prints it. Counting
    stops once past `budget`."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):  # each item counts at least 1: [''] * 10**9 too
        total = 0
        for item in value:
            if total > budget:
                break
            total += max(1, _size(item, budget - total))
        return total
    return 1


def _bounded_concat(parts: Any) -> str:
    """Jinja's `concat` ("".join) for a template's output, a macro's or a {% set %} block's:
    the pieces are counted as they come, so a loop that prints a long text over and over is
    stopped before the whole is joined."""
    pieces, total = [], 0
    for piece in parts:
        total += len(piece)
        if total > MAX_OUTPUT:
            raise SecurityError("text too long")
        pieces.append(piece)
    return "".join(pieces)


class _BoundedBuffer(list):
    """What a macro, a call block or a {% set %} block collects before it is joined: counted
    as it grows, so a loop that collects a long text over and over stops early."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, piece: Any) -> None:
        self.total += len(piece) if isinstance(piece, str) else 1
        if self.total > MAX_OUTPUT:
            raise SecurityError("text too long")
        super().append(piece)

    def extend(self, pieces: Any) -> None:
        for piece in pieces:
            self.append(piece)


def _check_sizes(values: tuple, numbers_from: int = 0, combined: bool = True) -> None:
    """Refuse arguments that would make a text grow without bound (the sandbox bounds time,
    this bounds memory): over-long strings or lists, two long ones combined (join, replace),
    and huge counts or widths (center, indent, batch) from position `numbers_from` on."""
    lengths = []
    for i, v in enumerate(values):
        if isinstance(v, (str, list, tuple, dict)):
            size = _size(v)
            if size > MAX_OUTPUT:
                raise SecurityError("value too long")
            lengths.append(size)
        elif isinstance(v, int) and not isinstance(v, bool) and i >= numbers_from \
                and abs(v) > MAX_OUTPUT:
            raise SecurityError("number argument too large")
    lengths.sort()
    if combined and len(lengths) > 1 and lengths[-1] * lengths[-2] > 10 * MAX_OUTPUT:
        raise SecurityError("values too long to combine")


def _guard_filter(name: str, func: Callable) -> Callable:
    skip = 1 if getattr(func, "jinja_pass_arg", None) else 0  # context / eval_ctx / environment

    @functools.wraps(func)  # keeps jinja_pass_arg
    def guarded(*args: Any, **kwargs: Any) -> Any:
        _check_sizes(args[skip:] + tuple(kwargs.values()), numbers_from=1)
        if name == "format" and len(args) > skip and isinstance(args[skip], str) \
                and _WIDE_FORMAT.search(args[skip]):
            raise SecurityError("field width too large")
        result = func(*args, **kwargs)
        if isinstance(result, (str, list)) and len(result) > MAX_OUTPUT:
            raise SecurityError(f"the {name} filter made a value too long")
        return result

    return guarded


class _ClauseCodeGenerator(CodeGenerator):
    """Compiles `a ~ b` to a call the sandbox checks (Jinja joins the strings directly), and
    collects block output in a buffer that counts what it holds."""

    def buffer(self, frame: Any) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.bounded_buffer()")

    @optimizeconst
    def visit_Concat(self, node: nodes.Concat, frame: Any) -> None:
        self.write("environment.join_text((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class ClauseSandbox(ImmutableSandboxedEnvironment):
    """Immutable sandbox that also bounds text growth, number growth and template reuse."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])
    code_generator_class = _ClauseCodeGenerator
    concat = staticmethod(_bounded_concat)
    bounded_buffer = _BoundedBuffer

    def join_text(self, values: tuple) -> str:
        # `{% set b = a ~ a %}{% set c = b ~ b %}...` doubles a string with each line
        if sum(_size(v) for v in values) > MAX_OUTPUT:
            raise SecurityError("text too long")
        return "".join(str(v) for v in values)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        with _parser_depth(name, filename):
            ast = super()._parse(source, name, filename)
            check_ast(ast, name, filename)
        return ast

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        ints = all(isinstance(x, int) for x in (left, right))
        if operator_ == "**" and isinstance(right, (int, float)) and abs(right) > 100:
            raise SecurityError("exponent too large")
        if operator_ == "**" and ints and abs(left).bit_length() * abs(right) > MAX_INT_BITS:
            raise SecurityError("number too large")
        if operator_ == "*":
            if ints and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("number too large")
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) \
                        and _size(seq) * n > MAX_OUTPUT:
                    raise SecurityError("repetition too large")
        if operator_ == "+" and isinstance(left, (str, list, tuple)) \
                and isinstance(right, (str, list, tuple)) and _size(left) + _size(right) > MAX_OUTPUT:
            raise SecurityError("text too long")
        if operator_ == "%" and isinstance(left, str):
            if _WIDE_FORMAT.search(left):
                raise SecurityError("field width too large")
            if len(left) + _size(right) > MAX_OUTPUT:
                raise SecurityError("text too long")
        return super().call_binop(context, operator_, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        # every call a text makes (macros, helpers, methods): `s ~ s` passed on and on to a
        # recursive macro doubles a string each time; refuse it once it is too long
        method = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format
        owner = getattr(method, "__self__", None)
        if isinstance(owner, (str, list, tuple, dict)):  # 'x'.center(10**9), sep.join(items)
            _check_sizes((owner, *args, *kwargs.values()), numbers_from=1)
            if isinstance(owner, str) and _WIDE_FORMAT.search(owner):
                raise SecurityError("field width too large")
        else:  # a macro or a helper: only the length of what it is given
            _check_sizes(args + tuple(kwargs.values()), numbers_from=len(args) + len(kwargs),
                         combined=False)
        return super().call(__context, __obj, *args, **kwargs)

    def get_template(self, name: Any, *args: Any, **kwargs: Any):
        # No loader: `include`, `import` and `extends` are refused when a text is parsed
        # (check_ast); this covers any other way of reaching another template.
        raise SecurityError(f"clause texts cannot load other templates ('{name}')")

    select_template = get_or_select_template = get_template


def _finalize(value: Any) -> Any:
    """What `{{ ... }}` may print: plain values only, never Python objects or their repr."""
    if isinstance(value, (Token, str, int, float, date, type(None), Undefined)):
        return printable(value)
    if isinstance(value, (list, tuple)):
        if _size(value) > MAX_OUTPUT:
            raise SecurityError("text too long")
        for item in value:
            _finalize(item)
        return printable(value)
    if isinstance(value, dict):
        keys = ", ".join(map(str, list(value)[:6]))
        raise SecurityError(f"a placeholder gives a group of values ({keys}); print one of "
                            "them, for example origin.country, not origin")
    raise SecurityError(f"a placeholder gives a {type(value).__name__} object, which cannot be "
                        "printed in a document; call a helper with () or print a value")


def make_env() -> ClauseSandbox:
    env = ClauseSandbox(undefined=StrictUndefined, autoescape=False, finalize=_finalize,
                        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(number=fmt_number, date=fmt_date, and_list=and_list, or_list=or_list,
                       words=words, language_names=language_names, money=money)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler() ...
    env.filters = {name: _guard_filter(name, f) for name, f in env.filters.items()}
    return env


ENV = make_env()
_COMPILED: dict[str, Any] = {}
_PRELOADED: dict[str, bytes] = {}  # source -> marshalled code, from the signed cache
_ANALYSED: dict[str, tuple[set[str], list]] = {}


_TOO_DEEP = ("the text is too deeply nested or too long an expression for the parser "
             "(a recursion limit); split it into shorter expressions")


@contextmanager
def _parser_depth(name: str | None = None, filename: str | None = None) -> Iterator[None]:
    """Jinja parses, checks and compiles recursively: a text nested thousands deep, or one
    expression of tens of thousands of terms, exhausts Python's stack. Refuse it as a syntax
    error at line 1 instead (the lint then names file and line)."""
    try:
        yield
    except RecursionError:
        raise SandboxSyntaxError(_TOO_DEEP, 1, name, filename) from None


def compile_template(source: str):
    tpl = _COMPILED.get(source)
    if tpl is None:
        code = _PRELOADED.pop(source, None)
        if code is not None:  # what ENV.from_string does, minus the parse and compile
            tpl = ENV.template_class.from_code(ENV, marshal.loads(code),
                                               ENV.make_globals(None), None)
        else:
            with _parser_depth():
                tpl = ENV.from_string(source)
        _COMPILED[source] = tpl
    return tpl


def compile_condition(expression: str):
    """A `when:` condition compiled in the sandbox; too deep to parse is a syntax error."""
    with _parser_depth():
        return ENV.compile_expression(expression, undefined_to_none=False)


def compiled_texts(sources) -> dict[str, Any]:
    """For the cache: each source that passes the sandbox's parse-time checks and compiles,
    as marshalled code and its analysis; the others are left out (and fail when used)."""
    codes: dict[str, bytes] = {}
    analyses: dict[str, tuple] = {}
    for source in sorted(set(sources)):
        try:
            with _parser_depth():
                codes[source] = marshal.dumps(ENV.compile(source))
            analyses[source] = analyse(source)
        except (TemplateError, RecursionError, MemoryError, ValueError, TypeError):
            continue
    return {"codes": codes, "analyses": analyses}


def preload(texts: dict[str, Any]) -> None:
    """Make compiled texts from the cache available (see :mod:`.cache`)."""
    _PRELOADED.update((s, c) for s, c in texts.get("codes", {}).items() if s not in _COMPILED)
    _ANALYSED.update(texts.get("analyses", {}))


def _take_pending() -> None:
    from .cache import PENDING

    while PENDING:
        preload(PENDING.pop(0))


_take_pending()  # texts the cache read before this module was imported


class TextError(UserError):
    """A clause text or blueprint string failed to render."""


def render(source: str, context: dict[str, Any], *, where: str) -> str:
    """Render one template string in the sandbox; errors name `where`."""
    try:
        with time_limit(TEXT_SECONDS, lambda: TextError(
                f"{where}: filling in the text took longer than {TEXT_SECONDS} s and was "
                "stopped (a loop that never ends?). Simplify the text.")):
            out = compile_template(source).render(context)
    except SandboxSyntaxError as exc:
        raise TextError(f"{where}: refused by the template sandbox: {exc.message} (line "
                        f"{exc.lineno} of the text).") from None
    except SecurityError as exc:
        raise TextError(f"{where}: refused by the template sandbox ({exc}).") from None
    except TemplateError as exc:
        line = getattr(exc, "lineno", None)
        raise TextError(f"{where}: {type(exc).__name__}: {exc}"
                        + (f" (line {line} of the text)" if line else "")) from None
    except RecursionError:
        raise TextError(f"{where}: the text calls itself without end (a recursive macro?); "
                        "refused.") from None
    except MemoryError:
        raise TextError(f"{where}: the text needs more memory than is available; "
                        "refused.") from None
    except (TypeError, ValueError, ArithmeticError, KeyError, AttributeError,
            IndexError) as exc:
        raise TextError(f"{where}: the text could not be filled in ({exc}).") from None
    if len(out) > MAX_OUTPUT:
        raise TextError(f"{where}: the text grew beyond {MAX_OUTPUT:,} characters; refused.")
    bad = UNWRITABLE.search(out)
    if bad:
        raise TextError(f"{where}: the text gives the control character U+{ord(bad.group()):04X}, "
                        "which cannot be written into a document (a string escape such as "
                        "'\\x01' in the text?); remove it.")
    return out


_EXPRESSIONS: dict[str, Any] = {}


def evaluate(expression: str, context: dict[str, Any], *, where: str) -> Any:
    """Evaluate a `when:` condition in the sandbox, under the same time limit as a text."""
    try:
        with time_limit(TEXT_SECONDS, lambda: TextError(
                f"{where}: the condition took longer than {TEXT_SECONDS} s and was stopped. "
                "Simplify it.")):
            compiled = _EXPRESSIONS.get(expression)
            if compiled is None:
                compiled = _EXPRESSIONS[expression] = compile_condition(expression)
            value = compiled(**context)
            if isinstance(value, Undefined):  # e.g. an attribute the sandbox refused
                value._fail_with_undefined_error()
            return value
    except SecurityError as exc:
        raise TextError(f"{where}: condition refused by the sandbox ({exc}).") from None
    except TemplateError as exc:
        raise TextError(f"{where}: condition `{expression}` is invalid: {exc}") from None
    except (TypeError, ValueError, KeyError, AttributeError, ArithmeticError, IndexError,
            RecursionError) as exc:
        raise TextError(f"{where}: condition `{expression}` failed ({exc}).") from None


def helpers(details: dict[str, Any], sector_label: Callable[[str], str],
            glossary: Callable[[str], str] | None = None,
            range_pattern: str | None = None, party_ids: Iterable[str] = (),
            others: list[dict[str, Any]] = ()) -> dict[str, Any]:
    """The functions a clause text may call; `glossary` names a defined term in the text's
    language, `range_pattern` joins ref_range's two references ("{first} to {last}")."""
    glossary = glossary or (lambda key: key)
    party_ids = set(party_ids)
    joined = (range_pattern or "{first} to {last}").split("{first}", 1)[-1].split("{last}", 1)[0]

    def detail(path: str, label: str | None = None) -> Any:
        value: Any = details
        for part in str(path).split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value in (None, "", []):
            return token("blank", label or str(path).replace("_", " ").replace(".", " "))
        return value

    def ref(target: str, second: Any = None, party: Any = None, form: str = "") -> Token:
        """ref('joint-committee') -> "Article 12"; ref('party-annex', party.id) -> the annex
        of a per-Party annex drawn for that Party (ref('party-annex') names all of them);
        ref('joint-committee', 'статьей') -> "статьей 12", the unit word a sentence needs."""
        if isinstance(second, dict) or (second is not None and str(second) in party_ids):
            party = second
        elif second is not None:
            form = str(second)
        if party is None:
            return token("ref", target, *([form] if form else []))
        pid = party.get("id") if isinstance(party, dict) else party
        return token("ref", f"{target}{PARTY_SEP}{pid}")

    def other(key: str) -> dict[str, Any] | None:
        """other('government-agent'): the third party with that id, else the first with that
        role (`parties.others:`), or None when the file names none."""
        key = str(key)
        return next((o for o in others if o["id"] == key), None) or \
            next((o for o in others if o["role"] == key), None)

    return {
        "other": other,
        # ref('x', 'статьей'): the unit word in the case the sentence needs;
        # ref('party-annex', p.id): the annex of one Party
        "ref": ref,
        # "Articles 7 to 10": the assembler joins two references to one kind of unit
        "ref_range": lambda first, last: Token(token("ref", first) + joined + token("ref", last)),
        "term": lambda key, shown=None: token("term", key, shown or glossary(key)),
        "blank": lambda label="": token("blank", label),
        "detail": detail,
        "money": money,
        "sector_name": sector_label,
    }


# --- from rendered text to paragraphs ----------------------------------------------------

def inlines(text: str) -> list[Inline]:
    """Inline runs of one paragraph: plain text and resolved tokens."""
    runs: list[Inline] = []
    pos = 0
    for m in _TOKEN_RE.finditer(text):
        if m.start() > pos:
            runs.append(Text(text[pos:m.start()]))
        kind, args = m.group(1), m.group(2).split(TOKEN_SEP)[1:]
        if kind == "ref":  # the text is filled in after numbering (a form asked for, till then)
            runs.append(Ref(args[0], args[1] if len(args) > 1 else ""))
        elif kind == "term":
            runs.append(Term(args[0], args[1] if len(args) > 1 else args[0]))
        elif kind == "blank":
            runs.append(Blank(args[0] if args else ""))
        pos = m.end()
    if pos < len(text):
        runs.append(Text(text[pos:]))
    return runs


_ITEM = re.compile(r"^\s*- (.*)$")


def paragraphs(text: str, runs=None) -> list[Paragraph]:
    """Split rendered clause text into paragraphs and lettered items (numbers come later).
    `runs` turns one paragraph's text into inline runs (default: :func:`inlines`)."""
    runs = runs or inlines
    result: list[Paragraph] = []
    for block in re.split(r"\n[ \t]*\n", text.strip()):
        current: list[str] | None = None
        items: list[list[str]] = []
        lead: list[str] = []
        for line in block.splitlines():
            m = _ITEM.match(line)
            if m:
                current = [m.group(1)]
                items.append(current)
            elif current is not None:
                current.append(line.strip())
            elif line.strip():
                lead.append(line.strip())
        if lead:
            result.append(Paragraph(runs(_clean(" ".join(lead)))))
        for item in items:
            result.append(Paragraph(runs(_clean(" ".join(item))), level=1))
    return result


def _clean(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    return re.sub(r" +([,.;:)])", r"\1", text).strip()


# --- static analysis for the lint ---------------------------------------------------------

def analyse(source: str) -> tuple[set[str], list[tuple[str, list[Any], int]]]:
    """(undeclared names, helper calls as (name, constant args, line)) of a template."""
    from jinja2 import meta

    if source in _ANALYSED:
        names, calls = _ANALYSED[source]
        return set(names), [(n, list(a), line) for n, a, line in calls]
    ast = ENV.parse(source)
    with _parser_depth():
        names = meta.find_undeclared_variables(ast)
    calls = []
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in HELPERS:
            args = [a.value if isinstance(a, nodes.Const) else None for a in call.args]
            calls.append((call.node.name, args, call.lineno))
    _ANALYSED[source] = (set(names), [(n, list(a), line) for n, a, line in calls])
    return names, calls


__all__ = ["render", "evaluate", "helpers", "paragraphs", "inlines", "printable", "analyse",
           "TextError", "token", "Token"]
