"""Browser tests: Playwright (``pip install 'clinverify[browser]'``) driving the system Chromium
(Debian's ``chromium`` package; ``.ci/run`` installs it), headless. Playwright never downloads a
browser here: it launches ``executable_path``, ``CLINVERIFY_CHROMIUM`` or else ``chromium`` /
``chromium-browser`` on the PATH. Without the playwright package or a browser every test here
skips, saying which is missing; a browser that is there but does not start fails.

Screenshots are test artefacts, written under ``CLINVERIFY_ARTEFACTS`` (default
``build/test-artefacts/browser``); with ``CLINVERIFY_DOCS_IMAGES=1`` the ones the docs show are
also written to ``docs/images/`` (how the committed pictures are made).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import threading
from pathlib import Path

import pytest

from clinverify.services.server import ClinverifyServer, ServerConfig

ROOT = Path(__file__).resolve().parents[2]
VIEWPORT = {"width": 1200, "height": 860}

def chromium_path() -> str | None:
    env = os.environ.get("CLINVERIFY_CHROMIUM")
    if env:
        return env if Path(env).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


# Module scope, not session: sync_playwright runs an event loop on the main thread until it is
# stopped, and while it runs every later asyncio.run() (gRPC, MCP, reward tests) would fail.
@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install 'clinverify[browser]' (browser tests skipped)")
    path = chromium_path()
    if path is None:
        pytest.skip("no Chromium: apt-get install chromium, or set CLINVERIFY_CHROMIUM to its executable (browser tests skipped)")
    with sync_playwright() as pw:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        b = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; JavaScript errors and console errors (a Content-Security-Policy refusal
    among them) fail the test. The browser's own line for an API call the server refused
    (a 4xx answer, which the page shows as a field error) is expected."""
    ctx = browser.new_context(viewport=VIEWPORT)
    pg = ctx.new_page()
    problems: list[str] = []

    def console(msg) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource: the server responded with a status of 4"):
            problems.append(f"console {msg.type}: {msg.text}")

    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    pg.on("console", console)
    pg.problems = problems
    yield pg
    ctx.close()
    assert not problems, problems


class PlaygroundServer:
    """``clinverify serve`` with the playground, in process: the gRPC server on its own event
    loop thread, the playground on a free port."""

    def __init__(self, **kw):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="playground-test-server", daemon=True)
        self.thread.start()
        self.server = ClinverifyServer(ServerConfig(host="127.0.0.1", port=0, workers=0, http_port=0, **kw))
        asyncio.run_coroutine_threadsafe(self.server.start(), self.loop).result(60)
        self.url = self.server.playground.url

    def close(self) -> None:
        try:
            asyncio.run_coroutine_threadsafe(self.server.stop(0), self.loop).result(60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


@pytest.fixture(scope="session")
def playground():
    s = PlaygroundServer()
    yield s
    s.close()


@pytest.fixture
def make_playground():
    """``make_playground(**ServerConfig fields)``: another playground server, closed after the test."""
    made: list[PlaygroundServer] = []

    def make(**kw) -> PlaygroundServer:
        made.append(PlaygroundServer(**kw))
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture(scope="session")
def artefacts() -> Path:
    d = Path(os.environ.get("CLINVERIFY_ARTEFACTS") or ROOT / "build" / "test-artefacts" / "browser")
    d.mkdir(parents=True, exist_ok=True)
    return d


@pytest.fixture
def shot(artefacts):
    """``shot(page_or_locator, name, docs=False)``: a screenshot kept as an artefact (and, for the docs'
    pictures with CLINVERIFY_DOCS_IMAGES=1, in docs/images)."""

    def take(pg, name: str, docs: bool = False, **kw) -> Path:
        path = artefacts / name
        pg.screenshot(path=str(path), **kw)
        assert path.stat().st_size > 1000
        if docs and os.environ.get("CLINVERIFY_DOCS_IMAGES") == "1":
            target = ROOT / "docs" / "images" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        return path

    return take
