"""The distributions as they would be published: built, checked, installed, run.

The core and each ATS plugin are built as sdist and wheel with ``python -m build`` (the wheel
from the sdist, so the sdist is proven complete), checked with ``twine check --strict``, and
their metadata compared with the one place each value comes from: the version with the
package's ``__version__``, the licence with the repository's ``LICENSE``, the long description
with the README. Then the wheels — not the source folders — are installed into a fresh virtual
environment and the main job runs there.

The fresh environment gets the third-party dependencies (pydantic, pyarrow, …) from the
environment running the tests, through a ``.pth`` line, so that nothing is downloaded; the
project's own distributions come only from the built wheels (``--no-index --no-deps``), and the
test checks that the installed code is the wheels', not the editable source.

Slow (about a minute): ``python -m pytest -m "not slow"`` leaves it out of a quick loop.
"""

from __future__ import annotations

import email
import json
import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PROJECTS = {
    "conciliazione": (ROOT, ROOT / "src" / "conciliazione" / "__init__.py"),
    **{
        f"conciliazione-ats-{ats}": (
            ROOT / "plugins" / f"conciliazione-ats-{ats}",
            ROOT
            / "plugins"
            / f"conciliazione-ats-{ats}"
            / "src"
            / f"conciliazione_ats_{ats}"
            / "__init__.py",
        )
        for ats in ("montagna", "milano", "pavia", "brescia")
    },
}
_VERSION = re.compile(r'^__version__\s*=\s*"([^"]+)"', re.MULTILINE)


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, cwd=cwd, check=False, timeout=300
    )
    assert result.returncode == 0, f"{args}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every distribution built into one folder, sdist then wheel from the sdist."""
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    for project, _ in PROJECTS.values():
        run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, project)
    return out


def wheel_of(dist: Path, name: str) -> Path:
    (wheel,) = dist.glob(f"{name.replace('-', '_')}-*.whl")
    return wheel


def test_every_distribution_builds_and_passes_twine_check(dist: Path) -> None:
    for name in PROJECTS:
        assert len(list(dist.glob(f"{name.replace('-', '_')}-*.tar.gz"))) == 1, name
        assert wheel_of(dist, name).is_file()
    run(sys.executable, "-m", "twine", "check", "--strict", *sorted(dist.iterdir()))


def test_version_licence_and_readme_come_from_their_one_place(dist: Path) -> None:
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    for name, (project, init) in PROJECTS.items():
        version = _VERSION.search(init.read_text(encoding="utf-8"))
        assert version is not None, f"{init} has no __version__"
        with zipfile.ZipFile(wheel_of(dist, name)) as wheel:
            info = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
            raw = wheel.read(info).decode("utf-8")
            metadata = email.message_from_string(raw)
            licence_file = info.replace("METADATA", "licenses/LICENSE")
            assert wheel.read(licence_file).decode() == licence, name
        assert metadata["Version"] == version.group(1), name
        assert metadata["License-Expression"] == "MIT", name
        assert metadata["Description-Content-Type"] == "text/markdown", name
        readme = (project / "README.md").read_text(encoding="utf-8")
        assert raw.split("\n\n", 1)[1].strip() == readme.strip(), name


def test_the_wheels_install_into_a_fresh_environment_and_run_the_main_job(
    dist: Path, tmp_path: Path
) -> None:
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        run(
            python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"
        ).stdout.strip()
    )
    here = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_dependencies_of_the_test_environment.pth").write_text("\n".join(sorted(here)) + "\n")
    wheels = [wheel_of(dist, name) for name in PROJECTS]
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-index",
        "--no-deps",
        "--quiet",
        *wheels,
    )

    where = run(
        python,
        "-c",
        "import importlib.metadata as m, conciliazione, conciliazione_ats_pavia as p; "
        "print(conciliazione.__file__); print(p.__file__); "
        "print(m.distribution('conciliazione').locate_file(''))",
    ).stdout.split()
    assert all(path.startswith(str(env)) for path in where), where

    listing = run(env / "bin" / "conciliazione", "plugins", "--json", cwd=tmp_path).stdout
    found = {p["distribution"] for p in json.loads(listing)["plugins"]}
    assert found == set(PROJECTS) - {"conciliazione"}

    out = tmp_path / "exports"
    run(env / "bin" / "conciliazione", "export", "--out", out, cwd=tmp_path)
    assert (out / "allocations.parquet").is_file()
    assert (out / "datapackage.json").is_file() and (out / "catalog.ttl").is_file()
    run(
        env / "bin" / "conciliazione",
        "report",
        out,
        "--out",
        tmp_path / "report.html",
        cwd=tmp_path,
    )
    # The first-register page's path, from the installed package data.
    run(env / "bin" / "conciliazione", "ingest", "--example", "organizations", cwd=tmp_path)
    ingest = ("ingest", "--ats", "milano", "--layout", "organizations")
    checked = run(
        env / "bin" / "conciliazione",
        *ingest,
        "organizations_sample.csv",
        "--out",
        "ingested",
        cwd=tmp_path,
    )
    assert "11 rows read = 8 exported + 3 rejected (balanced)" in checked.stdout
