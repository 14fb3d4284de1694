"""The desk in Debian's Chromium, as a member meets it: sign in, choose a password, see the
team; the layout holds on an office screen and on a phone."""

from __future__ import annotations

from selenium.webdriver.common.by import By
from support.browser import DeskBrowser, RunningDesk
from support.web_desk import ADMIN, ASEL, OWN, TEMPORARY, give_password


def test_an_admin_signs_in_chooses_a_password_and_sees_the_team(
    running_desk: RunningDesk, browser: DeskBrowser
) -> None:
    running_desk.call(lambda db: give_password(db, ADMIN))

    browser.sign_in(str(ADMIN), TEMPORARY)
    asked = browser.path
    browser.change_password(TEMPORARY, OWN)

    assert asked == "/password"
    assert browser.path == "/team"
    team = browser.text("#team")
    assert "Асель" in team and "Түркістан облысы" in team
    assert "Start әлі басылмаған" in team
    cookie = next(c for c in browser.cookies() if c["name"] == "jumys_desk")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"


def test_the_team_page_fits_an_office_screen_and_a_phone(admin_browser: DeskBrowser) -> None:
    driver = admin_browser.driver
    office_width = driver.execute_script("return document.documentElement.scrollWidth")
    driver.set_window_size(390, 844)
    admin_browser.open("/team")
    phone_width = driver.execute_script("return document.documentElement.scrollWidth")
    phone_viewport = driver.execute_script("return window.innerWidth")

    assert office_width <= 1366
    # The table scrolls inside its box; the page itself does not grow sideways.
    assert phone_width <= phone_viewport
    assert driver.find_element(By.ID, "sign-out").is_displayed()


def test_a_wrong_password_keeps_the_member_on_the_sign_in_page(
    running_desk: RunningDesk, browser: DeskBrowser
) -> None:
    running_desk.call(lambda db: give_password(db, ASEL))

    browser.sign_in(str(ASEL), "not-the-password")

    assert browser.path == "/signin"
    assert "Логин немесе құпиясөз қате" in browser.text(".problem")
