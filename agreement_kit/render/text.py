"""Markdown: the draft as plain text, for e-mail, diffs and quick review."""

from __future__ import annotations

import re
from typing import Callable

from ..model.draft import Article, Blank, Draft, Inline, Paragraph, Ref, Term, blank_text

# Editions may add lines after each article (the annotated edition adds notes).
ArticleHook = Callable[[Article], list[str]]


def md_runs(runs: list[Inline]) -> str:
    out = []
    for r in runs:
        if isinstance(r, Blank):
            out.append(blank_text(r.label).replace("_", r"\_").replace("[", r"\["))
        elif isinstance(r, (Ref, Term)):
            out.append(_escape(r.text))
        else:
            out.append(_escape(r.text))
    return "".join(out)


def _escape(text: str) -> str:
    for ch in "\\*_`#<>[]":
        text = text.replace(ch, "\\" + ch)
    return text


def md_paragraphs(paras: list[Paragraph]) -> list[str]:
    lines = []
    for p in paras:
        num = f"{p.number} " if p.number else ""
        lines.append(f"{num}{md_runs(p.inlines)}")
        lines.append("")
    return lines


def md_body(draft: Draft, level: int = 1,
            after_article: ArticleHook | None = None) -> list[str]:
    h = "#" * level
    sep = draft.word("label_separator", ": ")  # "Article 1: Objectives", "第一条　目标"
    lines = [f"{h} {_escape(draft.title)}", ""]
    lines += md_paragraphs(draft.opening) + md_paragraphs(draft.preamble) + md_paragraphs(draft.agreed)
    for part in draft.parts:
        if part.title:
            lines += [f"{h}# {part.number}{sep}{_escape(part.title)}", ""]
        for art in part.articles:
            lines += [f"{h}## {art.label}{sep}{_escape(art.title)}", ""]
            lines += md_paragraphs(art.paragraphs)
            if after_article:
                lines += after_article(art)
    lines += md_paragraphs(draft.closing)
    for sig in draft.signatures:
        lines += [f"**{md_runs(sig.heading)}**", ""]
        for name, title in sig.signers():
            lines += [md_runs(name), "", md_runs(title), ""]
    for annex in draft.annexes:
        lines += [f"{h}# {annex.number}{sep}{_escape(annex.title)}", ""]
        lines += md_paragraphs(annex.paragraphs)
        if annex.slot and after_article:
            lines += after_article(annex)
        if annex.document:
            lines += md_body(annex.document, level + 2, after_article)
    return lines


def render_markdown(draft: Draft, after_article: ArticleHook | None = None) -> str:
    # values from the parameter file: "--" could end the comment and let HTML through
    note = f"{draft.status}, {draft.word('version', 'Version').lower()} {draft.version}, {draft.date}"
    note = re.sub("-{2,}", lambda m: " ".join(m.group()), note)
    head = [f"<!-- {note} -->", ""]
    return "\n".join(head + md_body(draft, after_article=after_article)).rstrip() + "\n"
