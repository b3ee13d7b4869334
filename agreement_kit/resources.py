"""Where the package's own data lives: the clause library, the blueprints and the house style.

In an installed wheel the folders sit inside the package (``agreement_kit/clause_library``);
in a source checkout they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_dir(name: str) -> Path:
    """The folder `name` ('clause_library', 'model_contracts') shipped with this package."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


def template_path(name: str) -> Path:
    """A house-style file in agreement_kit/templates/."""
    return PACKAGE / "templates" / name
