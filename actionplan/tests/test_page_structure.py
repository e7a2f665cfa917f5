"""Every page a role opens: unique element ids, the app's layout, and only the menu entries it may open."""

import pytest
from django.urls import reverse

from actionplan.models import ActionItem
from evidence.models import Evidence
from evidence.tests.conftest import file, make_pdf, upload
from zi_tracker.formdata import duplicate_ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(seed_plan, pic, penilai, client):
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="III", number=1)
    client.force_login(pic)
    upload(client, item, file("Usulan.pdf", make_pdf()))
    evidence = Evidence.objects.get()
    return [
        reverse("actionplan:plan_list"),
        reverse("actionplan:plan_detail", args=[seed_plan.pk]),
        reverse("actionplan:item_detail", args=[item.pk]),
        reverse("actionplan:my_work"),
        reverse("reports:dashboard", args=[seed_plan.pk]),
        reverse("reports:items", args=[seed_plan.pk]),
        reverse("evidence:documents", args=[seed_plan.pk]),
        reverse("evidence:queue"),
        reverse("evidence:detail", args=[evidence.pk]),
        reverse("actionplan:plan_months", args=[seed_plan.pk]),
        reverse("actionplan:item_edit", args=[item.pk]),
    ]


@pytest.mark.parametrize("persona", ["pic", "pimpinan", "penilai", "koordinator"])
def test_no_page_repeats_an_element_id(client, pages, persona, request):
    client.force_login(request.getfixturevalue(persona))
    for url in pages:
        response = client.get(url)
        if response.status_code == 200:
            assert duplicate_ids(response.content.decode()) == [], url


@pytest.mark.parametrize(
    "persona, shown, hidden",
    [
        ("pic", ["/my-work/", "/plans/"], ["/evidence/review/"]),
        ("pimpinan", ["/dashboard/", "/plans/"], ["/my-work/", "/evidence/review/"]),
        ("penilai", ["/evidence/review/", "/dashboard/"], ["/my-work/"]),
    ],
)
def test_the_menu_offers_only_what_the_role_may_open(client, seed_plan, persona, shown, hidden, request):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(reverse("actionplan:plan_list")).content.decode()
    menu = html.split('id="nav"', 1)[1].split("</ul>", 1)[0]
    for url in shown:
        assert f'href="{url}"' in menu, url
        assert client.get(url, follow=True).status_code == 200
    for url in hidden:
        assert f'href="{url}"' not in menu, url


def test_403_and_404_pages_are_in_the_app_layout_and_indonesian(client, pimpinan, seed_plan):
    client.force_login(pimpinan)
    item = ActionItem.objects.get(area__plan=seed_plan, area__numeral="I", number=1)
    forbidden = client.get(reverse("actionplan:item_edit", args=[item.pk]))
    html = forbidden.content.decode()
    assert forbidden.status_code == 403
    assert 'id="error-403"' in html and "Anda tidak diizinkan" in html and "ZI Tracker" in html
    assert 'href="/"' in html  # a way back
    missing = client.get("/plans/999999/")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.content.decode()


def test_500_page_is_indonesian_and_needs_no_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Terjadi kesalahan" in html and 'href="/"' in html
