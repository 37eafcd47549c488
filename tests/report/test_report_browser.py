"""The report in a real browser: headless Chromium opens it, offline, and draws the charts.

The browser is the system's Chromium (Debian package ``chromium``; ``.ci/run`` installs it),
driven by Playwright through ``executable_path``: Playwright's own browser download is never
used. Every request the page makes is intercepted: the report itself is served, anything else
is recorded and refused. Without a browser the test is skipped with the reason, except under
CI (``CI`` set), where a missing browser is a failure: CI must always run it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from conciliazione.report import build_report

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    """``CONCILIAZIONE_CHROMIUM`` if set, else the first Chromium on ``PATH``."""
    given = os.environ.get("CONCILIAZIONE_CHROMIUM")
    if given:
        return given
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the browser test: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (python -m pip install -e '.[test]')")
    executable = find_browser()
    if executable is None:
        _unavailable(
            "no Chromium found: install it (Debian/Ubuntu: apt-get install chromium) "
            "or set CONCILIAZIONE_CHROMIUM"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def test_the_report_opens_offline_with_no_error_and_draws_its_charts(
    browser: Any, full_export: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.html"
    build_report(full_export, report)
    url = report.as_uri()
    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"console {m.type}: {m.text}")
            if m.type in ("error", "warning")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(intercepted: Any) -> None:
        if intercepted.request.url == url:
            intercepted.continue_()
        else:
            requests.append(intercepted.request.url)
            intercepted.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load")
    screenshot = tmp_path / "report.png"
    page.screenshot(path=str(screenshot), full_page=True)

    charts = page.locator("figure svg")
    sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
    context.close()

    assert problems == []
    assert requests == [], "the report fetched something at view time"
    assert len(sizes) == 3
    assert all(box is not None and box["width"] > 200 and box["height"] > 100 for box in sizes), (
        sizes
    )
    assert screenshot.stat().st_size > 50_000
