"""The sign-in page's change of language, in a real headless Chromium with its scripts turned
off and on, at phone and desktop widths: the password she typed never reaches the service with
a switch (read where the service receives it, through a front that keeps each form posted); the
page comes back in the other language with an empty password box, and she signs in from there.
With scripts, the email she typed goes along; without, the one the page was shown with (after a
refused sign-in, what she had sent), as the boxes and the page's words (``innerText``) show."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser import (
    DESKTOP,
    EMAIL,
    PASSWORD,
    PHONE,
    _set_viewport,
    _shows,
    _text,
    chromium,
    look_at,
)
from tests.e2e.test_console_kept_forms import salon_at_morning
from tests.e2e.test_console_kept_language import switch_to
from tests.e2e.test_service import Service

#: Headers that belong to one hop, not to what is passed on.
_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "date", "server"}
)


class Front:
    """Passes every request on to the service and keeps each form posted, as the service
    receives it: (path, fields)."""

    def __init__(self, service_port: int) -> None:
        self.posted: list[tuple[str, dict[str, list[str]]]] = []
        front = self

        class Handler(BaseHTTPRequestHandler):
            def _pass_on(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.command == "POST":
                    fields = parse_qs(body.decode(), keep_blank_values=True)
                    front.posted.append((urlsplit(self.path).path, fields))
                upstream = http.client.HTTPConnection("127.0.0.1", service_port, timeout=30)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                upstream.request(self.command, self.path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                upstream.close()
                self.send_response(answer.status, answer.reason)
                for name, value in answer.getheaders():  # every Set-Cookie, as sent
                    if name.lower() not in _HOP:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = _pass_on

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def switches(self) -> list[dict[str, list[str]]]:
        """The forms the language switch sent, in order."""
        return [fields for path, fields in self.posted if path == "/staff/login/language"]

    def sign_ins(self) -> list[dict[str, list[str]]]:
        return [fields for path, fields in self.posted if path == "/staff/login"]


@contextmanager
def front_of(running: Service) -> Iterator[Front]:
    front = Front(running.port)
    try:
        yield front
    finally:
        front.server.shutdown()
        front.server.server_close()


def boxes(driver: WebDriver) -> list[str]:
    """What the email and password boxes show."""
    shown: list[str] = driver.execute_script(
        "return [document.getElementById('email').value, document.getElementById('password').value]"
    )
    return shown


def type_in(driver: WebDriver, email: str, password: str) -> None:
    for box, typed in (("email", email), ("password", password)):
        driver.find_element(By.ID, box).clear()
        driver.find_element(By.ID, box).send_keys(typed)


@pytest.mark.parametrize("scripts", [False, True], ids=["scripts-off", "scripts-on"])
def test_a_switch_on_the_sign_in_page_never_sends_the_password(
    running: Service, tmp_path: Path, scripts: bool
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    salon_at_morning(running)
    kept = EMAIL if scripts else ""  # without scripts, what she typed since is not known
    with front_of(running) as front, chromium(tmp_path / "profile", scripts=scripts) as driver:
        for width, height in (PHONE, DESKTOP):
            at = f"at {width}px"
            _set_viewport(driver, width, height)
            driver.get(f"{front.base}/staff/inbox")
            _shows(driver, "登录")
            type_in(driver, EMAIL, PASSWORD)
            look_at(driver, shots, f"typed-{width}")
            switch_to(driver, "EN")
            _shows(driver, "Sign in")
            assert "password" not in front.switches()[-1], at
            assert front.switches()[-1]["email"] == [kept], at
            assert boxes(driver) == [kept, ""], at  # the password is typed again
            assert "登录" not in _text(driver), at
            look_at(driver, shots, f"switched-{width}")

            # A refused sign-in (a wrong password) shows her email again; a switch from there
            # keeps it even without scripts, and still sends no password.
            type_in(driver, EMAIL, "not her password")
            driver.find_element(By.ID, "sign-in").click()
            _shows(driver, "Wrong email, phone number or password")
            assert boxes(driver) == [EMAIL, ""], at
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            switch_to(driver, "繁體")
            _shows(driver, "登入")
            assert "password" not in front.switches()[-1], at
            assert front.switches()[-1]["email"] == [EMAIL], at
            assert boxes(driver) == [EMAIL, ""], at
            assert "帳號或密碼不正確" not in _text(driver), at  # the switch checked nothing

            # She signs in from the page the switch showed, and lands where she was going.
            driver.find_element(By.ID, "password").send_keys(PASSWORD)
            driver.find_element(By.ID, "sign-in").click()
            _shows(driver, "待處理")
            assert front.sign_ins()[-1]["password"] == [PASSWORD], at  # the front sees passwords
            assert driver.current_url.endswith("/staff/inbox"), at
            driver.find_element(By.ID, "sign-out").click()
            _shows(driver, "登入")
            switch_to(driver, "简体")
            _shows(driver, "登录")
        # Every switch she made, none with the password.
        assert len(front.switches()) == 6
        assert not any("password" in fields for fields in front.switches())


def test_the_sign_in_pages_language_switch_sits_under_its_card(
    running: Service, tmp_path: Path
) -> None:
    """Signed out, the switch is the footer's only content: at a phone's and a desktop's width
    it stands centred under the sign-in card, not at the left edge of a wider page."""
    salon_at_morning(running)
    with chromium(tmp_path / "profile") as driver:
        for width, height in (PHONE, DESKTOP):
            _set_viewport(driver, width, height)
            driver.get(f"{running.base}/staff/login")
            _shows(driver, "登录")
            card, switch = driver.execute_script(
                "const box = (el) => { const r = el.getBoundingClientRect();"
                " return [r.left, r.right]; };"
                "return [box(document.querySelector('main .card')),"
                " box(document.getElementById('languages'))];"
            )
            card_middle, switch_middle = sum(card) / 2, sum(switch) / 2
            assert abs(card_middle - switch_middle) <= 2, f"at {width}px: {card} {switch}"
            assert card[0] <= switch[0] and switch[1] <= card[1], f"at {width}px"
            look_at(driver, tmp_path, f"sign-in-{width}")
