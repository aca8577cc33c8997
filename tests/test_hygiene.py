"""The working tree stays clean: set-up says what it installs, tests stay inside the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_make_demo_says_how_to_put_policykg_on_path() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "bin/activate" in demo and "PATH" in demo


def test_browser_packages_come_without_recommended_packages() -> None:
    script = (ROOT / "scripts" / "install-browser.sh").read_text(encoding="utf-8")
    installs = [line for line in script.splitlines() if "apt-get install" in line]
    assert installs and all("--no-install-recommends" in line for line in installs)


def test_readme_states_what_make_test_installs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    paragraph = readme.split("`make test` installs", 1)[1].split("\n\n", 1)[0]
    for word in ("chromium", "fonts-noto-cjk", "--no-install-recommends", "PyPI"):
        assert word in paragraph


def test_readme_examples_write_under_out() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    outputs = re.findall(r"^policykg .*?(?:-o|--output) (\S+)", readme, flags=re.M)
    assert outputs and all(path.startswith("out/") for path in outputs), outputs


def test_tests_read_nothing_outside_the_repository() -> None:
    outside = re.compile(r"""parents\[[2-9]\]|\.parent\.parent\.parent|ROOT\.parent|["']\.\./|/ ["']shared["']""")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((ROOT / "tests").glob("*.py"))
        if path.name != "test_hygiene.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if outside.search(line)
    ]
    assert not offenders, offenders
