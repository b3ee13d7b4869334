"""Reading untrusted YAML: lines, duplicate keys, encodings, size and alias bombs."""

import pytest

from agreement_kit.errors import UserError
from agreement_kit.inputs.yamlio import load_bytes, load_file, load_text


def test_marks_point_at_keys():
    doc = load_text("a: 1\nb:\n  c: [x, y]\n  d: {e: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "b": {"c": ["x", "y"], "d": {"e": 2}}}
    assert doc.line(("b", "c")) == 3
    assert doc.line(("b", "d", "e")) == 4
    assert doc.line(("b", "c", 1)) == 3
    assert doc.line(("b", "missing", "deeper")) == 2  # nearest ancestor


def test_duplicate_key_is_an_error_with_both_lines():
    with pytest.raises(UserError) as err:
        load_text("clauses:\n  wages: a\n  wages: b\n", "p.yaml")
    msg = str(err.value)
    assert "p.yaml:3" in msg and "duplicate key 'wages'" in msg and "line 2" in msg


@pytest.mark.parametrize("text, expected", [
    ("", "empty"),
    ("# only a comment\n", "empty"),
    ("a: [1, 2\n", "YAML syntax error"),
    ("a: !!python/object/apply:os.system ['echo hi']\n", "unsupported YAML tag"),
    ("a: !!python/name:os.system x\n", "unsupported YAML value"),
    ("<<: {a: 1}\n", "merge keys"),
])
def test_bad_yaml_messages(text, expected):
    with pytest.raises(UserError) as err:
        load_text(text, "bad.yaml")
    assert expected in str(err.value)
    assert "bad.yaml" in str(err.value)


def test_not_utf8_names_line():
    with pytest.raises(UserError) as err:
        load_bytes(b"a: 1\nb: caf\xe9\n", "latin1.yaml")
    assert "latin1.yaml:2" in str(err.value) and "not UTF-8" in str(err.value)


def test_billion_laughs_fails_fast():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    with pytest.raises(UserError) as err:
        load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert "expands to more than" in str(err.value)


def test_size_limit(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 3_000_000)
    with pytest.raises(UserError) as err:
        load_file(big)
    assert "larger than" in str(err.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="is a directory"):
        load_file(tmp_path)
