"""The library lint: each kind of defect is reported with file and line."""

import pytest

from agreement_kit.library.lint import lint_library

from conftest import FIX_BLUEPRINTS, write


def lint(lib):
    problems, summary = lint_library(lib, FIX_BLUEPRINTS)
    return [str(p) for p in problems], summary


def edit(path, old, new):
    text = path.read_text()
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_fixture_library_is_clean(library_copy):
    problems, summary = lint(library_copy)
    assert problems == [], problems
    assert "5 slots" in summary and ": 0 problem(s)" in summary


def only(problems, needle):
    hits = [p for p in problems if needle in p]
    assert hits, f"{needle!r} not reported; got {problems}"
    return hits[0]


def test_duplicate_id(library_copy):
    (library_copy / "bla" / "copy.yaml").write_text(
        (library_copy / "bla" / "joint-committee.yaml").read_text())
    problems, _ = lint(library_copy)
    assert "copy.yaml:1" in only(problems, "differs from the file name")


def test_duplicate_slot_across_files(library_copy):
    # same id in the same family: file name must match, so the duplicate is caught by id check
    problems, _ = lint(library_copy)
    assert not any("duplicate slot" in p for p in problems)


def test_missing_default(library_copy):
    f = library_copy / "bla" / "joint-committee.yaml"
    edit(f, "default: standing-committee\n", "")
    problems, _ = lint(library_copy)
    assert "joint-committee.yaml" in only(problems, "no `default:` option")


def test_unknown_default_and_below_floor_default(library_copy):
    f = library_copy / "bla" / "recruitment-costs.yaml"
    edit(f, "default: employer-pays", "default: worker-pays-related-costs")
    problems, _ = lint(library_copy)
    assert "recruitment-costs.yaml:" in only(problems, "default option is below-floor")


def test_undeclared_placeholder_with_line(library_copy):
    f = library_copy / "bla" / "joint-committee.yaml"
    edit(f, "composed of {{ members_per_party|words }}", "composed of {{ member_per_party|words }}")
    problems, _ = lint(library_copy)
    msg = only(problems, "placeholder 'member_per_party' is not declared")
    assert "joint-committee.yaml:" in msg and "Did you mean 'members_per_party'?" in msg


def test_unknown_source_and_article(library_copy):
    f = library_copy / "bla" / "recruitment-channel.yaml"
    edit(f, 'sources: ["C181:8(1)"]', 'sources: ["C18:8(1)", "C181:99"]')
    problems, _ = lint(library_copy)
    assert "recruitment-channel.yaml:" in only(problems, "unknown source 'C18'")
    assert "Did you mean 'C181'?" in only(problems, "unknown source 'C18'")
    only(problems, "article '99' of C181 is not in the register")


def test_unknown_cross_reference(library_copy):
    f = library_copy / "bla" / "recruitment-costs.yaml"
    edit(f, "{{ ref('joint-committee') }}", "{{ ref('joint-comittee') }}")
    problems, _ = lint(library_copy)
    msg = only(problems, "ref('joint-comittee') names no slot or annex")
    assert "Did you mean 'joint-committee'?" in msg


def test_missing_text_for_declared_language(library_copy):
    edit(library_copy / "library.yaml", "languages: [en]", "languages: [en, fr]")
    problems, _ = lint(library_copy)
    only(problems, "has no text in 'fr' (a library language)")


def test_jinja_syntax_error_with_line(library_copy):
    f = library_copy / "bla" / "joint-committee.yaml"
    edit(f, "It {{ form.shall }} adopt its own rules", "It {{ form.shall }} adopt {% if %} rules")
    problems, _ = lint(library_copy)
    msg = only(problems, "Jinja syntax error")
    line = int(msg.split("joint-committee.yaml:")[1].split(":")[0])
    text = (library_copy / "bla" / "joint-committee.yaml").read_text().splitlines()
    assert "{% if %}" in text[line - 1]


def test_undefined_term_and_conflicting_definitions(library_copy):
    f = library_copy / "bla" / "recruitment-channel.yaml"
    edit(f, "Workers may be recruited", "{{ term('Recruitment Agency') }} workers may be recruited")
    edit(library_copy / "bla" / "care-workers.yaml", "when:",
         "terms:\n  Joint Committee: {en: a different committee}\nwhen:")
    problems, _ = lint(library_copy)
    only(problems, "term 'Recruitment Agency' is used but no slot defines it")
    only(problems, "term 'Joint Committee' is also defined, differently")


def test_option_without_source_or_commentary(library_copy):
    f = library_copy / "bla" / "care-workers.yaml"
    edit(f, 'sources: ["C181:8(2)"]', "sources: []")
    edit(f, "commentary: {en: Fixture option.}", "commentary: {en: ''}")
    problems, _ = lint(library_copy)
    only(problems, "option 'ethical' cites no source")
    only(problems, "option 'ethical' has no commentary")


def test_parameter_without_description_or_bad_default(library_copy):
    f = library_copy / "bla" / "joint-committee.yaml"
    edit(f, "    default: 3\n", "    default: 30\n")
    edit(f, "    description: {en: How often the committee meets in ordinary session each year.}\n", "")
    problems, _ = lint(library_copy)
    only(problems, "default must be at most 12")
    only(problems, "parameter 'meetings_per_year' has no description")


def test_shape_errors_name_file_and_line(library_copy):
    write(library_copy / "bla" / "broken.yaml", "id: broken\ntitle: {en: Broken, really}\n"
          "options:\n  - id: a\n    protection: strong\n")
    problems, summary = lint(library_copy)
    assert "could not be loaded" in summary
    only(problems, "broken.yaml:2: title: a comma inside {en: ...}")
    only(problems, "broken.yaml:5: options[0].protection")


def test_binding_words_in_a_memorandum(library_copy, tmp_path):
    import shutil
    bps = tmp_path / "bps"
    shutil.copytree(FIX_BLUEPRINTS, bps)
    mou = (bps / "bilateral-labour-agreement.yaml").read_text()
    mou = mou.replace("id: bilateral-labour-agreement", "id: memorandum").replace(
        "binding: true", "binding: false")
    (bps / "memorandum.yaml").write_text(mou)
    edit(library_copy / "bla" / "care-workers.yaml", "{{ form.shall }} recruit", "shall recruit")
    problems, _ = lint_library(library_copy, bps)
    msg = only([str(p) for p in problems], "writes 'shall' literally")
    assert "care-workers.yaml" in msg


def test_paragraph_break_swallowed_by_a_block_tag(library_copy):
    """A paragraph ending in {% endif %} before a blank line runs into the next one (Jinja's
    trim_blocks eats the line break): the lint names the line and the +%} that keeps it."""
    f = library_copy / "bla" / "recruitment-channel.yaml"
    edit(f, "they operate.\n", "they operate.{% if true %} Also.{% endif %}\n")
    problems, _ = lint(library_copy)
    msg = only(problems, "the blank line is swallowed")
    assert "recruitment-channel.yaml:" in msg and "{% endif +%}" in msg
