"""Official documents are Vietnamese whatever the reader's interface language."""

from __future__ import annotations

from django.urls import reverse

from tests.reports.conftest import flat, pdf_text


def test_documents_stay_vietnamese_in_the_english_interface(client_for, officer, decided):
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reports:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    response = client.get(
        reverse("reports:decision", args=[decided.decision.pk, "pdf"]), HTTP_ACCEPT_LANGUAGE="en"
    )
    first = flat(pdf_text(response.content)[0])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "SOCIALIST REPUBLIC" not in first


def test_the_preview_of_a_document_is_vietnamese_in_the_english_interface(
    client_for, officer, decided
):
    client = client_for(officer)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("reports:preview", args=["danh-sach-ho"]),
        {"campaign": decided.campaign.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "Reports" in page  # the page around it is English
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert "SOCIALIST REPUBLIC" not in page and "No.:" not in page
