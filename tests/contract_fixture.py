"""The fixture library and blueprints with a model contract added (tests/fixtures/contract/).

The contract files live apart so that tests counting the fixture library's slots stay as they
are; :func:`contract_setup` lays both out together in a temporary folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIX_BLUEPRINTS, FIX_LIBRARY, FIXTURES

CONTRACT = FIXTURES / "contract"
CONTRACT_PARAMS = CONTRACT / "params-contract.yaml"
BLA_CONTRACT_PARAMS = CONTRACT / "params-bla-contract.yaml"


def contract_setup(tmp_path: Path) -> tuple[Path, Path]:
    """(library folder, blueprint folder) holding the fixture agreement and the contract."""
    library, blueprints = tmp_path / "library", tmp_path / "blueprints"
    shutil.copytree(FIX_LIBRARY, library)
    shutil.copytree(CONTRACT / "library", library, dirs_exist_ok=True)
    shutil.copytree(FIX_BLUEPRINTS, blueprints)
    shutil.copytree(CONTRACT / "blueprints", blueprints, dirs_exist_ok=True)
    return library, blueprints
