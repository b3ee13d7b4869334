"""Negotiation parameters: good files validate; bad ones say file, line, field and a fix."""

import pytest

from agreement_kit.errors import UserError
from agreement_kit.assemble.pipeline import open_negotiation

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS, write

GOOD = FIX_PARAMS.read_text()


def negotiate(path):
    return open_negotiation(path, FIX_LIBRARY, FIX_BLUEPRINTS)[0]


def error_of(tmp_path, text):
    path = write(tmp_path / "p.yaml", text)
    with pytest.raises(UserError) as err:
        negotiate(path)
    return str(err.value), path


def test_good_file_fills_defaults():
    n = negotiate(FIX_PARAMS)
    jc = n.choices["bla/joint-committee"]
    assert jc.option.id == "standing-committee"
    assert jc.params["meetings_per_year"] == 2
    assert jc.params["members_per_party"] == 3  # library default
    assert n.choices["bla/recruitment-costs"].option.id == "employer-pays-cost-table"


def test_unknown_top_level_key_did_you_mean(tmp_path):
    msg, path = error_of(tmp_path, GOOD.replace("scope:", "scop:"))
    assert f"{path}:14" in msg and "unknown key 'scop'" in msg and "Did you mean 'scope'?" in msg


def test_unknown_nested_key(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("    short: Germany", "    shrt: Germany"))
    assert "parties.destination.shrt" in msg and "Did you mean 'short'?" in msg


def test_unknown_slot(tmp_path):
    msg, path = error_of(tmp_path, GOOD.replace("recruitment-channel:", "recruitment-chanel:"))
    assert f"{path}:20" in msg and "clauses.recruitment-chanel" in msg
    assert "Did you mean 'recruitment-channel'?" in msg


def test_unknown_option_lists_options(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("public-to-public", "public-public"))
    assert "unknown option 'public-public'" in msg and "Did you mean 'public-to-public'?" in msg
    assert "private-agencies, licensed-agencies, public-to-public" in msg


@pytest.mark.parametrize("value, expected", [
    ("0", "must be at least 1"),
    ("13", "must be at most 12"),
    ("twice", "must be a whole number"),
])
def test_parameter_bounds_and_types(tmp_path, value, expected):
    msg, path = error_of(tmp_path, GOOD.replace("meetings_per_year: 2", f"meetings_per_year: {value}"))
    assert expected in msg and f"{path}:23" in msg and "clauses.joint-committee.meetings_per_year" in msg


def test_undeclared_parameter(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("meetings_per_year: 2", "meeting_per_year: 2"))
    assert "no parameter 'meeting_per_year'" in msg and "Did you mean 'meetings_per_year'?" in msg


def test_unknown_document_lists_available(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("document: bilateral-labour-agreement",
                                             "document: social-security-treaty"))
    assert "document 'social-security-treaty' is not available" in msg
    assert "Available: bilateral-labour-agreement" in msg


def test_unknown_sector(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("[health-care, elderly-care]", "[helth-care]"))
    assert "unknown sector 'helth-care'" in msg and "Did you mean 'health-care'?" in msg


def test_missing_required_field(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("  date: 2026-11-27\n", ""))
    assert "draft.date" in msg and "required" in msg


@pytest.mark.parametrize("char, what", [("\u202e", "direction control"),
                                        ("\u200b", "invisible character"),
                                        ("\\a", "control character U+0007")])
def test_hidden_characters_refused(tmp_path, char, what):
    text = GOOD.replace("country: Federal Republic of Germany",
                        f'country: "Federal Republic{char} of Germany"')
    msg, path = error_of(tmp_path, text)
    assert what in msg and "parties.destination.country" in msg and f"{path}:11" in msg


def test_raw_control_character_in_file(tmp_path):
    msg, path = error_of(tmp_path, GOOD.replace("short: Germany", "short: Ger\x07many"))
    assert f"{path}:12" in msg and "control character U+0007" in msg


def test_overlong_value(tmp_path):
    msg, _ = error_of(tmp_path, GOOD.replace("short: Germany", "short: " + "G" * 600))
    assert "longer than 500 characters" in msg and "parties.destination.short" in msg


def test_all_problems_reported_at_once(tmp_path):
    text = GOOD.replace("public-to-public", "nope").replace("meetings_per_year: 2",
                                                            "meetings_per_year: 99")
    msg, _ = error_of(tmp_path, text)
    assert "unknown option 'nope'" in msg and "must be at most 12" in msg


def test_positions_validate_and_warn(tmp_path):
    text = GOOD.replace("  recruitment-channel: public-to-public",
                        "  recruitment-channel:\n    option: private-agencies\n"
                        "    fallback: [public-to-public]\n    walk_away: private-agencies")
    n = negotiate(write(tmp_path / "p.yaml", text))
    assert n.choices["bla/recruitment-channel"].fallback == ["public-to-public"]
    assert any("stronger than the position" in str(w) for w in n.warnings)
    bad = text.replace("walk_away: private-agencies", "walk_away: none-such")
    msg, _ = error_of(tmp_path, bad)
    assert "unknown option 'none-such'" in msg and "walk_away" in msg


def test_common_section_and_clause_problems_in_one_report(tmp_path):
    """A failed common section no longer hides the clause problems: all come in one run."""
    text = (GOOD.replace("public-to-public", "public-public")
            .replace("date: 2026-11-27", "date: 27/11/2026")
            .replace("  origin:\n", "  origin:\n    contry: X\n", 1))
    msg, path = error_of(tmp_path, text)
    assert "draft.date: dates are written YYYY-MM-DD, year first (e.g. 2026-11-27)" in msg
    assert "unknown key 'contry'" in msg and "Did you mean 'country'?" in msg
    assert "unknown option 'public-public'" in msg
    lines = [int(line.split(":")[1]) for line in msg.splitlines()]
    assert lines == sorted(lines)  # in the order of the file


def test_unknown_document_still_checks_sectors(tmp_path):
    text = GOOD.replace("document: bilateral-labour-agreement", "document: bilateral-labour")
    text = text.replace("health-care", "helth-care", 1)
    msg, _ = error_of(tmp_path, text)
    assert "document 'bilateral-labour' is not available" in msg
    assert "unknown sector 'helth-care'" in msg


def test_common_problem_is_not_repeated_by_the_clause_check(tmp_path):
    text = GOOD.replace("date: 2026-11-27", "date: soon").replace("health-care", "Health", 1)
    msg, _ = error_of(tmp_path, text)
    assert msg.count("scope.sectors[0]") == 1
