import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "es"])
def test_catalogue_is_complete(language):
    if not shutil.which("msgfmt"):
        pytest.fail("msgfmt (Debian gettext) is missing: `make test` installs it")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        env={"LC_ALL": "C"},
        check=False,
    )
    stats = result.stderr.strip()
    print(f"{language}: {stats}")
    assert result.returncode == 0, stats
    assert "untranslated" not in stats and "fuzzy" not in stats, stats
