"""The on-disk cache of the parsed library: used when the files are unchanged, never stale,
never trusting a file it did not sign, and off with --no-cache."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from agreement_kit.library import blueprints as blueprints_mod
from agreement_kit.library import cache
from agreement_kit.library import clauses as clauses_mod
from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIX_PARAMS


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    monkeypatch.setattr(clauses_mod, "_CACHE", {})  # no in-process memo: only the disk
    return folder


@pytest.fixture
def parses(monkeypatch):
    """Counts real parses of a library and of a blueprint folder."""
    counts = {"library": 0, "blueprints": 0}
    real_lib, real_bp = clauses_mod._load, blueprints_mod._load

    def lib(root, *more, **options):
        counts["library"] += 1
        return real_lib(root, *more, **options)

    def bps(root, *more, **options):
        counts["blueprints"] += 1
        return real_bp(root, *more, **options)

    monkeypatch.setattr(clauses_mod, "_load", lib)
    monkeypatch.setattr(blueprints_mod, "_load", bps)
    return counts


def load(root: Path):
    clauses_mod._CACHE.clear()
    return clauses_mod.load_library(root)


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.bin"))


def test_hit_is_used_and_gives_the_same_library(cache_dir, parses, library_copy):
    first = load(library_copy)
    assert parses["library"] == 1 and len(entries(cache_dir)) == 1
    second = load(library_copy)
    assert parses["library"] == 1, "the second load must come from the cache"
    assert second is not first
    assert second.slots == first.slots and second.sources == first.sources
    assert second.digest == first.digest
    assert {k: v.marks for k, v in second.loaded.items()} == \
        {k: v.marks for k, v in first.loaded.items()}  # lines for messages survive
    secret = cache_dir / cache.SECRET_FILE
    assert secret.stat().st_mode & 0o777 == 0o600


def test_edited_text_is_never_served_stale(cache_dir, parses, library_copy, tmp_path):
    from agreement_kit.assemble.pipeline import build_drafts
    from agreement_kit.render.text import render_markdown

    before = render_markdown(build_drafts(FIX_PARAMS, library_copy, FIX_BLUEPRINTS)[0])
    clauses_mod._CACHE.clear()
    render_markdown(build_drafts(FIX_PARAMS, library_copy, FIX_BLUEPRINTS)[0])
    assert parses["library"] == 1
    # edit the words of the library's texts that the fixture draft prints
    edited = None
    for path in sorted(library_copy.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        if "in whole or in part, nor deducted from wages" in text:
            path.write_text(text.replace("in whole or in part, nor deducted from wages", "in whole or in part, nor ever deducted from wages", 1), encoding="utf-8")
            edited = path
            break
    assert edited is not None
    clauses_mod._CACHE.clear()
    after = render_markdown(build_drafts(FIX_PARAMS, library_copy, FIX_BLUEPRINTS)[0])
    assert parses["library"] == 2, "an edited library must be parsed again"
    assert "nor ever deducted from wages" in after and after != before
    assert len(entries(cache_dir)) == 3  # two libraries, one blueprint folder
    assert parses["blueprints"] == 1


def test_added_file_and_renamed_folder_change_the_key(cache_dir, library_copy, tmp_path):
    key = cache.folder_key("library", library_copy)
    (library_copy / "bla" / "notes.yaml").write_text("x: 1\n", encoding="utf-8")
    assert cache.folder_key("library", library_copy) != key
    other = tmp_path / "other"
    shutil.copytree(FIX_LIBRARY, other)
    assert cache.folder_key("library", other) != cache.folder_key("library", FIX_LIBRARY), \
        "messages name the folder as given, so another folder is another entry"


def test_corrupt_cache_file_is_ignored_and_rebuilt(cache_dir, parses, library_copy):
    load(library_copy)
    [entry] = entries(cache_dir)
    entry.write_bytes(entry.read_bytes()[:-100])  # truncated
    rejected = cache.STATS["rejected"]
    lib = load(library_copy)
    assert parses["library"] == 2 and cache.STATS["rejected"] == rejected + 1
    assert lib.slots
    load(library_copy)  # the rebuilt file is good again
    assert parses["library"] == 2
    entry.write_bytes(b"garbage")
    load(library_copy)
    assert parses["library"] == 3


def test_foreign_file_is_never_unpickled(cache_dir, parses, library_copy, tmp_path):
    """A file in the cache that we did not sign, even one that looks like ours, is not
    loaded: unpickling it would run the code it names."""
    load(library_copy)
    [entry] = entries(cache_dir)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (Path.touch, (marker,))

    payload = pickle.dumps(Evil())
    entry.write_bytes(cache.MAGIC + b"\0" * 32 + payload)  # our header, a wrong signature
    lib = load(library_copy)
    assert not marker.exists() and lib.slots and parses["library"] == 2
    # signed with another secret (another user's cache copied in)
    good = entry.read_bytes()
    (cache_dir / cache.SECRET_FILE).unlink()
    load(library_copy)
    assert parses["library"] == 3
    entry.write_bytes(good)
    load(library_copy)
    assert parses["library"] == 4
    # a valid file of one key copied under another key's name
    other = tmp_path / "lib2"
    shutil.copytree(library_copy, other)
    load(other)
    [a, b] = entries(cache_dir)
    b.write_bytes(a.read_bytes())
    load(library_copy), load(other)
    assert parses["library"] == 6


def test_readable_secret_disables_the_cache(cache_dir, parses, library_copy):
    load(library_copy)
    (cache_dir / cache.SECRET_FILE).chmod(0o644)
    load(library_copy)
    load(library_copy)
    assert parses["library"] == 3


def test_a_library_with_problems_is_not_cached(cache_dir, library_copy):
    from agreement_kit.errors import UserError

    (library_copy / "library.yaml").write_text("name: x\n", encoding="utf-8")
    with pytest.raises(UserError):
        load(library_copy)
    assert entries(cache_dir) == []


def test_compiled_texts_come_from_the_cache(cache_dir, library_copy, monkeypatch):
    from agreement_kit.library import templating

    load(library_copy)
    monkeypatch.setattr(templating, "_COMPILED", {})
    monkeypatch.setattr(templating, "_PRELOADED", {})
    compiles = []
    real = templating.ENV.compile
    monkeypatch.setattr(templating.ENV, "compile",
                        lambda *a, **k: compiles.append(a[0]) or real(*a, **k))
    lib = load(library_copy)
    text = next(t for s in lib.slots.values() for o in s.options for t in o.text.values())
    out = templating.compile_template(text)
    assert compiles == [] and out is not None


def test_refused_text_is_not_cached(cache_dir, library_copy):
    from agreement_kit.library import templating

    texts = templating.compiled_texts(["fine {{ 1 }}", "{% include 'x' %}", "{{ a.__class__ }}"])
    assert list(texts["codes"]) == ["fine {{ 1 }}"]


def test_no_cache_flag_reads_and_writes_nothing(cache_dir, parses, cli, fixture_args):
    result = cli("validate", FIX_PARAMS, *fixture_args, "--no-cache")
    assert result.exit_code == 0, result.output
    assert not cache_dir.exists() or entries(cache_dir) == []
    assert parses == {"library": 1, "blueprints": 1}
    assert os.environ.get(cache.ENV_OFF) is None, "--no-cache holds for one command only"
    cli("validate", FIX_PARAMS, *fixture_args)
    clauses_mod._CACHE.clear()
    cli("validate", FIX_PARAMS, *fixture_args)
    assert parses == {"library": 2, "blueprints": 2}
    assert len(entries(cache_dir)) == 2
    clauses_mod._CACHE.clear()
    cli("validate", FIX_PARAMS, *fixture_args, "--no-cache")
    assert parses == {"library": 3, "blueprints": 3}


def test_cached_and_uncached_drafts_are_the_same_bytes(cache_dir, tmp_path, cli, fixture_args):
    outs = []
    for i, extra in enumerate([["--no-cache"], [], []]):
        clauses_mod._CACHE.clear()
        out = tmp_path / f"out{i}"
        result = cli("draft", FIX_PARAMS, "-o", out, "-f", "docx,md,json", *fixture_args, *extra)
        assert result.exit_code == 0, result.output
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outs[0] == outs[1] == outs[2]


def test_edited_translation_is_never_served_stale(cache_dir, parses, tmp_path):
    """A language folder given with --translations is part of the key: a text edited there
    is read afresh, the same folder unchanged comes from the cache."""
    folder = tmp_path / "translations"
    shutil.copytree(FIX_LIBRARY.parent / "translations", folder)

    def title() -> str:
        clauses_mod._CACHE.clear()
        lib = clauses_mod.load_library(FIX_LIBRARY, translations=[folder])
        return lib.find("recruitment-costs").title["ar"]

    first = title()
    assert title() == first and parses["library"] == 1
    path = folder / "ar" / "bla" / "recruitment-costs.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(first, first + " (معدّل)"),
                    encoding="utf-8")
    assert title() == first + " (معدّل)" and parses["library"] == 2


def test_a_run_reads_only_its_languages(cache_dir, parses, tmp_path):
    """A parameter file's run reads the library in its own languages: an English file's
    library holds no French text and is not made stale by a French edit; a French file's
    library is, and sees the edit."""
    lib_dir = tmp_path / "lib"
    shutil.copytree(Path(clauses_mod.default_root()), lib_dir)
    fr = lib_dir / "translations" / "fr" / "bla" / "recruitment-costs.yaml"

    def title(languages):
        clauses_mod._CACHE.clear()
        lib = clauses_mod.load_library(lib_dir, languages=languages)
        return lib, lib.find("recruitment-costs").title

    lib, titles = title(["en"])
    assert set(titles) == {"en"} and lib.languages == ["en"]
    assert {"ar", "fr", "zh"} <= set(lib.available)  # the others are known, not read
    assert parses["library"] == 1
    fr.write_text(fr.read_text(encoding="utf-8").replace(
        "title: ", "title: (modifié) ", 1), encoding="utf-8")
    title(["en"])
    assert parses["library"] == 1  # the French edit does not touch the English library
    lib, titles = title(["en", "fr"])
    assert titles["fr"].startswith("(modifié) ") and parses["library"] == 2
