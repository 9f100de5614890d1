"""The menu bar fits a 1366 px screen: administration in one dropdown, collapse below xxl."""

import re


def _top_level_items(html: str) -> int:
    nav = html.split('<ul class="navbar-nav me-auto text-nowrap">', 1)[1]
    nav = nav.split("</ul>\n      <ul", 1)[0]
    nav = re.sub(r'<ul class="dropdown-menu">.*?</ul>', "", nav, flags=re.S)
    return nav.count('<li class="nav-item')


def test_admin_tools_are_in_one_dropdown(admin_user, client_for, areas):
    html = client_for(admin_user).get("/ho-gia-dinh/").content.decode()
    assert 'id="nav-admin"' in html
    admin_menu = html.split('id="nav-admin"', 1)[1].split("</li>\n        \n      </ul>", 1)[0]
    assert "/tai-khoan/nguoi-dung/" in admin_menu
    assert _top_level_items(html) <= 6
    # The full bar needs more than 1366 px in English: it folds up below 1400 px.
    assert "navbar-expand-xxl" in html


def test_officer_has_no_admin_menu(officer, client_for):
    assert 'id="nav-admin"' not in client_for(officer).get("/ho-gia-dinh/").content.decode()


def test_reports_and_own_files_are_in_the_progress_menu(officer, org_member, client_for):
    html = client_for(officer).get("/ho-gia-dinh/").content.decode()
    menu = html.split('id="nav-reports"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/bao-cao/"' in menu and 'href="/bao-cao/tep/"' in menu
    assert 'href="/chuong-trinh/"' in menu
    assert _top_level_items(html) <= 6
    assert 'id="nav-reports"' not in client_for(org_member).get("/ho-gia-dinh/").content.decode()
