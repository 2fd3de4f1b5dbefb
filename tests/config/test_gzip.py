"""Page compression: level 1, padded against BREACH, and Django's behaviour everywhere else."""

import gzip

from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from config.middleware import FastGZipMiddleware

PAGE = ("<li><a href='/exams/attempt/5/q/1/'>1</a></li>" * 300).encode()


def respond(response, accept="gzip, deflate"):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return FastGZipMiddleware(lambda r: response)(request)


def test_a_page_is_gzipped_and_decompresses_to_itself():
    response = respond(HttpResponse(PAGE))
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert int(response["Content-Length"]) == len(response.content) < len(PAGE) / 5
    assert gzip.decompress(response.content) == PAGE


def test_the_gzip_header_carries_random_padding_against_breach():
    bodies = [respond(HttpResponse(PAGE)).content for _ in range(20)]
    assert all(body[3] & gzip.FNAME for body in bodies)
    assert len({len(body) for body in bodies}) > 1


def test_left_alone_without_gzip_short_or_already_encoded():
    plain = respond(HttpResponse(PAGE), accept="identity")
    assert not plain.has_header("Content-Encoding") and plain.content == PAGE
    assert "Accept-Encoding" in plain["Vary"]
    short = respond(HttpResponse(b"ok"))
    assert not short.has_header("Content-Encoding")
    encoded = HttpResponse(b"x" * 500, headers={"Content-Encoding": "br"})
    assert respond(encoded).content == b"x" * 500


def test_strong_etags_become_weak():
    response = respond(HttpResponse(PAGE, headers={"ETag": '"abc"'}))
    assert response["ETag"] == 'W/"abc"'


def test_streaming_responses_are_compressed_by_django():
    response = respond(StreamingHttpResponse(iter([PAGE[:5000], PAGE[5000:]])))
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == PAGE
