"""The wheel carries the clause library, the blueprints and the house style."""

import subprocess
import sys
import zipfile

from conftest import ROOT


def test_wheel_ships_library_blueprints_and_templates(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "-q", "-w", str(tmp_path)], check=True, capture_output=True, timeout=300)
    wheel = next(tmp_path.glob("agreement_kit-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in ("agreement_kit/clause_library/library.yaml",
                 "agreement_kit/clause_library/sources.yaml",
                 "agreement_kit/clause_library/bla/joint-committee.yaml",
                 "agreement_kit/clause_library/employment/elements.yaml",
                 "agreement_kit/clause_library/social_security/aggregation.yaml",
                 "agreement_kit/model_contracts/bilateral-labour-agreement.yaml",
                 "agreement_kit/templates/house-style.docx",
                 "agreement_kit/templates/draft.css",
                 "agreement_kit/templates/catalogue/catalogue.css",
                 "agreement_kit/templates/catalogue/catalogue.js",
                 "agreement_kit/templates/catalogue/validate.js",
                 "agreement_kit/templates/catalogue/builder.js"):
        assert path in names, path
    shipped = {n for n in names if n.startswith("agreement_kit/clause_library/") and n.endswith(".yaml")}
    in_repo = {f"agreement_kit/{p.relative_to(ROOT).as_posix()}"
               for p in (ROOT / "clause_library").rglob("*.yaml")}
    assert shipped == in_repo
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert "agreement-kit = agreement_kit.program:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()


def test_installed_data_is_found_from_any_directory(tmp_path):
    r = subprocess.run([sys.executable, "-c", "from agreement_kit.resources import package_dir;"
                        "print(package_dir('clause_library'))"], cwd=tmp_path,
                       capture_output=True, text=True, check=True)
    assert (__import__("pathlib").Path(r.stdout.strip()) / "library.yaml").is_file()
