"""The catalogue site without a browser: its pages, links, escaping, languages and bytes.

`agreement-kit catalogue` writes one page per slot, document and instrument (plus the index,
lists and builder) per language; every slot and option is on its page with a stable anchor;
every local link and anchor resolves and nothing links or loads from another host; library
text is escaped (a hostile title stays text); a second language shows up with a switch and
Arabic pages are right-to-left; two runs give the same bytes. The builder's JSON Schema
validator and YAML writer (assets/validate.js) are run in Node, when it is installed, and
compared with jsonschema and PyYAML.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from agreement_kit.cli import main
from agreement_kit.library.blueprints import load_blueprints
from agreement_kit.library.catalogue import build_catalogue, page_names
from agreement_kit.library.clauses import default_root, load_library
from agreement_kit.library.schema import parameter_schema
from agreement_kit.render.catalogue import instrument_page, render_site

from conftest import EXAMPLES

LIBRARY = load_library()
BLUEPRINTS = load_blueprints()
SCHEMA = parameter_schema()


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return render_site(build_catalogue(LIBRARY, BLUEPRINTS, SCHEMA))


class Page(HTMLParser):
    """The ids, links, headings and form controls of one HTML page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str, dict]] = []  # (attribute, url, attrs)
        self.headings: list[int] = []
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.in_label = 0
        self.html_attrs: dict = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.html_attrs = a
        if "id" in a:
            self.ids.append(a["id"])
        for attr in ("href", "src"):
            if attr in a:
                self.links.append((attr, a[attr], a))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label":
            self.in_label += 1
            if "for" in a:
                self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea"):
            self.controls.append({**a, "_wrapped": self.in_label > 0})

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


def pages(files: dict[str, bytes]) -> dict[str, Page]:
    return {path: Page(data.decode("utf-8")) for path, data in files.items()
            if path.endswith(".html")}


def test_one_page_per_slot_document_and_instrument(files):
    html = [p for p in files if p.endswith(".html")]
    per_language = 4 + len(LIBRARY.slots) + len(BLUEPRINTS.items) + len(LIBRARY.sources)
    assert len(html) == 1 + per_language * len(LIBRARY.languages)
    names = page_names(LIBRARY)
    for key in LIBRARY.slots:
        assert f"en/slots/{names[key]}.html" in files
    assert names["bla/recruitment-costs"] == "recruitment-costs"  # the permalink in the issue
    assert names["bla/data-protection"] == "bla-data-protection"  # an id two families share
    for doc_id in BLUEPRINTS.items:
        assert f"en/documents/{doc_id}.html" in files
    for src_id in LIBRARY.sources:
        assert f"en/instruments/{instrument_page(src_id)}.html" in files
    assert {"en/search-index.js", "assets/catalogue.css", "assets/catalogue.js",
            "assets/validate.js", "assets/builder.js", "index.html"} <= set(files)


def test_every_slot_and_option_is_on_its_page(files):
    parsed = pages(files)
    names = page_names(LIBRARY)
    index = files["en/index.html"].decode()
    for key, slot in LIBRARY.slots.items():
        assert f'data-slot="{key}"' in index
        page = parsed[f"en/slots/{names[key]}.html"]
        for opt in slot.options:
            assert opt.id in page.ids, (key, opt.id)
        text = files[f"en/slots/{names[key]}.html"].decode()
        assert f"<h1>{slot.title['en']}</h1>".replace("'", "&#x27;") in text \
            or slot.title["en"] in text
        for name in slot.parameters:
            assert f"param-{name}" in page.ids


def test_texts_show_named_placeholders_and_references(files):
    text = files["en/slots/joint-committee.html"].decode()
    assert '<var class="param" title="parameter members_per_party">⟨members_per_party⟩</var>' in text
    assert "[Annex on Terms of reference of the Joint Committee]" in text
    assert "The wording changes with" in text  # meetings_per_year picks "once"/"twice"
    costs = files["en/slots/recruitment-costs.html"].decode()
    assert "[Article on Joint Committee]" in costs
    assert "{{" not in costs and "}}" not in costs  # defined terms are filled in too


def test_instrument_pages_list_the_options_citing_them(files):
    text = files["en/instruments/C181.html"].decode()
    citing = [(k, o.id) for k, s in sorted(LIBRARY.slots.items()) for o in s.options
              if any(src.startswith("C181:") for src in o.sources)]
    assert citing
    names = page_names(LIBRARY)
    for key, opt in citing:
        assert f'href="../slots/{names[key]}.html#{opt}"' in text


def test_documents_show_conditions_as_text(files):
    text = files["en/documents/bilateral-labour-agreement.html"].decode()
    assert "Only when the sectors include domestic work." in text
    assert "the option chosen for Joint Committee is" in text
    assert "scope.sectors" not in text and "clauses[" not in text
    ssa = files["en/documents/social-security-agreement.html"].decode()
    assert "the branches chosen for Material scope include" in ssa


def test_links_and_anchors_resolve_and_stay_on_the_site(files):
    parsed = pages(files)
    checked = 0
    for path, page in parsed.items():
        assert len(page.ids) == len(set(page.ids)), f"{path}: an id used twice"
        for attr, url, attrs in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//"):
                assert attr == "href" and attrs.get("rel") == "external", (path, url)
                continue
            target = path if not parts.path else \
                str(Path(path).parent.joinpath(unquote(parts.path))).replace("\\", "/")
            target = "/".join(_normal(target.split("/")))
            assert target in files, f"{path}: {url} -> {target} is missing"
            if parts.fragment and target.endswith(".html") and not parts.fragment.startswith("slot/"):
                assert parts.fragment in parsed[target].ids, f"{path}: {url} has no anchor"
            checked += 1
    assert checked > 5000


def _normal(parts: list[str]) -> list[str]:
    out: list[str] = []
    for p in parts:
        if p == "..":
            out.pop()
        elif p not in ("", "."):
            out.append(p)
    return out


def test_markup_is_accessible(files):
    for path, page in pages(files).items():
        assert page.headings and page.headings[0] == 1 and page.headings.count(1) == 1, path
        for a, b in zip(page.headings, page.headings[1:]):
            assert b <= a + 1, f"{path}: a heading jumps from h{a} to h{b}"
        assert page.html_attrs.get("lang") and page.html_attrs.get("dir") in ("ltr", "rtl")
        assert "content" in page.ids  # the skip link's target
        for control in page.controls:
            assert control.get("id") in page.label_for or control["_wrapped"], (path, control)


def test_library_text_is_escaped(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(default_root(), lib)
    slot_file = lib / "bla" / "recruitment-costs.yaml"
    data = yaml.safe_load(slot_file.read_text(encoding="utf-8"))
    data["title"] = {"en": "Fees <script>alert('title')</script> & costs"}
    data["purpose"] = {"en": '</script><img src=x onerror="alert(1)">'}
    data["options"][0]["commentary"] = {"en": "Ends </script><script>alert(2)</script> here"}
    data["options"][0]["text"] = {"en": "The <b>employer</b> pays; \u2028 line & \"quote\"."}
    slot_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    register = yaml.safe_load((lib / "sources.yaml").read_text(encoding="utf-8"))
    register["C181"]["url"] = "https://normlex.example/C181?a=1&b=2"
    register["C189"]["url"] = "javascript:alert(3)"
    (lib / "sources.yaml").write_text(yaml.safe_dump(register, allow_unicode=True),
                                      encoding="utf-8")
    files = render_site(build_catalogue(load_library(lib), BLUEPRINTS, SCHEMA))
    c181 = files["en/instruments/C181.html"].decode()
    assert '<a href="https://normlex.example/C181?a=1&amp;b=2" rel="external">' in c181
    assert '<a class="official" href="https://normlex.example/C181?a=1&amp;b=' in \
        files["en/slots/recruitment-costs.html"].decode()  # the option citing C181 links it
    c189 = files["en/instruments/C189.html"].decode()
    assert "<dd>javascript:alert(3)</dd>" in c189 and 'href="javascript' not in c189
    assert not any('href="javascript' in raw.decode() for p, raw in files.items()
                   if p.endswith(".html"))
    for path, raw in files.items():
        if path.startswith("assets/"):
            continue
        text = raw.decode("utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "<b>employer" not in text, path
        if path.endswith(".js"):
            assert "<" not in text and "\u2028" not in text, path
    page = files["en/slots/recruitment-costs.html"].decode()
    assert "Fees &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; &amp; costs" in page
    assert "&lt;b&gt;employer&lt;/b&gt;" in page
    builder = files["en/builder.html"].decode()
    for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>',
                            builder, re.S):
        assert "<" not in block
        json.loads(block)  # still valid JSON, the hostile title inside it
    assert "Fees \\u003cscript\\u003e" in builder


def _contrast(a: str, b: str) -> float:
    def lum(hex_: str) -> float:
        rgb = [int(hex_[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_colours_have_sufficient_contrast(files):
    """WCAG AA (4.5:1) for text: each level's word on its colour, text, links, muted text."""
    css = files["assets/catalogue.css"].decode()
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6})", css))
    pairs = [(f"{lv}-fg", f"{lv}-bg") for lv in ("below", "floor", "good", "best")]
    pairs += [("text", "bg"), ("link", "bg"), ("muted", "bg"), ("muted", "panel"),
              ("link", "panel"), ("below-fg", "bg")]
    for fg, bg in pairs:
        assert _contrast(var[fg], var[bg]) >= 4.5, (fg, bg, _contrast(var[fg], var[bg]))
    # every level has its colour and its word; the word is in the markup, not only the colour
    page = files["en/slots/recruitment-costs.html"].decode()
    assert '<span class="level level-below-floor"><span class="level-word">Below floor</span>' in page


def test_more_languages_get_a_switch_and_arabic_reads_right_to_left(tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(default_root(), lib)
    shutil.rmtree(lib / "translations")  # a language given inline in the library's own files
    info = yaml.safe_load((lib / "library.yaml").read_text(encoding="utf-8"))
    info["languages"] = ["en", "ar"]
    (lib / "library.yaml").write_text(yaml.safe_dump(info, allow_unicode=True), encoding="utf-8")
    slot_file = lib / "bla" / "recruitment-costs.yaml"
    data = yaml.safe_load(slot_file.read_text(encoding="utf-8"))
    data["title"]["ar"] = "رسوم التوظيف والتكاليف المتصلة بها"
    slot_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    files = render_site(build_catalogue(load_library(lib), BLUEPRINTS, SCHEMA))
    ar = Page(files["ar/slots/recruitment-costs.html"].decode())
    assert ar.html_attrs == {"lang": "ar", "dir": "rtl"}
    text = files["ar/slots/recruitment-costs.html"].decode()
    assert "<h1>رسوم التوظيف والتكاليف المتصلة بها</h1>" in text
    assert 'href="../../en/slots/recruitment-costs.html" lang="en"' in text  # the switch
    assert Page(files["en/index.html"].decode()).html_attrs["dir"] == "ltr"
    root = files["index.html"].decode()
    assert 'href="en/index.html"' in root and 'href="ar/index.html"' in root
    assert "ar/search-index.js" in files and "ar/builder.html" in files
    css = files["assets/catalogue.css"].decode()
    assert "margin-left" not in css and "padding-right" not in css  # logical properties only
    assert "inline-start" in css


def test_generation_is_byte_identical_and_guarded(tmp_path):
    runner = CliRunner()
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        done = runner.invoke(main, ["catalogue", "-o", str(out)])
        assert done.exit_code == 0, done.output
        assert "pages) to" in done.output
    listing = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert listing == sorted(p.relative_to(second).as_posix()
                             for p in second.rglob("*") if p.is_file())
    assert len(listing) > 150
    for rel in listing:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    again = runner.invoke(main, ["catalogue", "-o", str(first)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = runner.invoke(main, ["catalogue", "-o", str(first), "--force"])
    assert forced.exit_code == 0, forced.output


def _editor_view(value):
    if isinstance(value, dict):
        return {k: _editor_view(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_editor_view(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _instances() -> list:
    """Shipped examples and broken variants of them, as an editor's JSON sees them."""
    good = [_editor_view(yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(EXAMPLES.glob("*.yaml"))]
    out = list(good)
    base = good[0]
    variants = [
        lambda d: d.pop("parties"),
        lambda d: d.update(document="no-such-document"),
        lambda d: d["parties"]["origin"].update(country=7),
        lambda d: d["parties"]["origin"].update(colour="blue"),
        lambda d: d.update(languages=[]),
        lambda d: d.update(languages=["xx"]),
        lambda d: d["draft"].update(date="2026-13-01"),
        lambda d: d["draft"].update(date="27.11.2026"),
        lambda d: d.setdefault("scope", {}).update(annual_quota=-1),
        lambda d: d.setdefault("scope", {}).update(annual_quota=2.5),
        lambda d: d.setdefault("scope", {}).update(sectors=["space-travel"]),
        lambda d: d["clauses"].update({"joint-committee": "no-such-option"}),
        lambda d: d["clauses"].update({"joint-committee": {"option": "standing-committee",
                                                           "meetings_per_year": 40}}),
        lambda d: d["clauses"].update({"joint-committee": {"option": "standing-committee",
                                                           "meetings_per_year": "two"}}),
        lambda d: d["clauses"].update({"joint-committee": {"option": "standing-committee",
                                                           "colour": 1}}),
        lambda d: d["clauses"].update({"joint-committee": {"option": "standing-committee",
                                                           "fallback": ["ad-hoc-consultations"],
                                                           "walk_away": "ad-hoc-consultations"}}),
        lambda d: d["clauses"].update({"joint-committee": "standing-committee",
                                       "bla/joint-committee": "standing-committee"}),
        lambda d: d["clauses"].update({"material-scope": "comprehensive"}),  # another document's
        lambda d: d["clauses"].update({"bla/joint-committee": {"option": "standing-committee",
                                                               "acceptable": {"nope": 1}}}),
    ]
    for change in variants:
        d = copy.deepcopy(base)
        d.setdefault("clauses", {})
        change(d)
        out.append(d)
    return out


NODE = shutil.which("node") or shutil.which("nodejs")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed; the validator is still "
                    "exercised in the browser tests")
def test_the_builders_validator_and_yaml_writer_agree_with_jsonschema_and_pyyaml(files, tmp_path):
    (tmp_path / "validate.js").write_bytes(files["assets/validate.js"])
    instances = _instances()
    texts = ["plain", "yes", "No", "null", "~", "12", "1e3", "- dash", "key: value", "#hash",
             "tab\there", "new\nline", "quote \" and \\ backslash", "\u2028sep\u2029",
             "\x7f\x85del", "émigré ✓ 移民 🙂", "", "@at", "'single'", "%percent", "{brace}"]
    docs = [{"k": t, t or "empty": [t, 1, 2.5, True, None]} for t in texts]
    (tmp_path / "input.json").write_text(json.dumps(
        {"schema": SCHEMA, "instances": instances, "docs": docs}), encoding="utf-8")
    script = (
        "const v = require('./validate.js');"
        "const input = JSON.parse(require('fs').readFileSync('input.json', 'utf8'));"
        "const verdicts = input.instances.map(i => v.validate(input.schema, i));"
        "const yamls = input.docs.map(d => v.toYAML(d, ['a comment']));"
        "yamls.push(v.toYAML({draft: {date: new v.YDate('2026-11-27')}, bad: new v.YDate('2026-02-30')}));"
        "process.stdout.write(JSON.stringify({verdicts, yamls}));")
    done = subprocess.run([NODE, "-e", script], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    reference = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for instance, errors in zip(instances, result["verdicts"]):
        expected = sorted({".".join(map(str, e.absolute_path))
                           for e in reference.iter_errors(instance)})
        assert bool(errors) == bool(expected), (instance.get("clauses"), errors, expected)
    valid = sum(1 for e in result["verdicts"] if not e)
    assert valid == len(list(EXAMPLES.glob("*.yaml"))) + 1  # the examples + the good position
    for doc, text in zip(docs, result["yamls"]):
        assert text.startswith("# a comment\n")
        assert yaml.safe_load(text) == doc, text
    dated = yaml.safe_load(result["yamls"][-1])
    assert dated == {"draft": {"date": date(2026, 11, 27)}, "bad": "2026-02-30"}
