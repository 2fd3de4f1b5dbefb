"""Pages are compressed by Django's own GZipMiddleware (a proxy may do it instead)."""

import gzip

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_a_page_comes_gzipped_and_decompresses_to_itself(client):
    plain = client.get(reverse("login"))
    packed = client.get(reverse("login"), HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    page = gzip.decompress(packed.content).decode()
    assert "<form" in page and 'name="username"' in page
