"""Shared fixtures: paths to the fixture library, the shipped library and the examples."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIX_LIBRARY = FIXTURES / "library"
FIX_BLUEPRINTS = FIXTURES / "blueprints"
FIX_PARAMS = FIXTURES / "params-care.yaml"
EXAMPLES = ROOT / "examples"
SHARED_EXAMPLES = ROOT.parent / "shared" / "examples"

# The library cache of the test run (and of the commands it starts) is its own, never the
# user's ~/.cache: set here, at import, so subprocesses inherit it.
_CACHE_DIR = tempfile.mkdtemp(prefix="agreement-kit-test-cache-")
os.environ["AGREEMENT_KIT_CACHE_DIR"] = _CACHE_DIR
atexit.register(shutil.rmtree, _CACHE_DIR, True)


@pytest.fixture
def cli():
    """Run the CLI in-process: cli(args...) -> click Result (exit_code, output, stderr)."""
    from agreement_kit.cli import main

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def fixture_args():
    return ["--library", str(FIX_LIBRARY), "--blueprints", str(FIX_BLUEPRINTS)]


@pytest.fixture
def library_copy(tmp_path):
    """A writable copy of the fixture library, to break on purpose."""
    dst = tmp_path / "library"
    shutil.copytree(FIX_LIBRARY, dst)
    return dst


@pytest.fixture
def care_draft():
    """The fixture agreement, assembled."""
    from agreement_kit.assemble.pipeline import build_drafts

    return build_drafts(FIX_PARAMS, FIX_LIBRARY, FIX_BLUEPRINTS)[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
