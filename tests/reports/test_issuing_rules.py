"""The register's and the 核验 page's small rules, value by value (bench/mutate.py)."""

import hashlib
import types

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory

from reports import issuing


def test_sha256_is_the_hex_digest():
    assert issuing.sha256(b"abc") == hashlib.sha256(b"abc").hexdigest()


def test_the_verify_url_prefers_the_site_url_then_the_request(settings):
    settings.SITE_URL = ""
    settings.ALLOWED_HOSTS = ["example.org"]
    assert issuing.verify_url("ABCD2345") == "/verify/ABCD2345/"
    request = RequestFactory().get("/", HTTP_HOST="example.org")
    assert issuing.verify_url("ABCD2345", request) == "http://example.org/verify/ABCD2345/"
    settings.SITE_URL = "https://lsb.example"
    assert issuing.verify_url("ABCD2345", request) == "https://lsb.example/verify/ABCD2345/"


@pytest.mark.django_db
def test_verify_lookup_refuses_blank_and_overlong_codes_without_asking(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert issuing.verify_lookup(None) is None
        assert issuing.verify_lookup("   ") is None
        assert issuing.verify_lookup("A" * 17) is None
    with django_assert_num_queries(1):
        assert issuing.verify_lookup(" " + "a" * 16 + " ") is None


def test_a_new_code_is_eight_letters_of_the_alphabet_and_never_one_taken(monkeypatch):
    taken = {"22222222"}
    letters = iter("2" * 8 + "3" * 8)
    monkeypatch.setattr(issuing.secrets, "choice", lambda alphabet: next(letters))

    class Rows:
        def filter(self, code):
            return types.SimpleNamespace(exists=lambda: code in taken)

    monkeypatch.setattr(issuing.IssuedSummary, "objects", Rows())
    assert issuing._new_code() == "33333333"


def test_codes_use_only_letters_read_off_paper():
    assert issuing.CODE_LENGTH == 8
    assert not set("01IO") & set(issuing.CODE_ALPHABET)
    assert len(issuing.CODE_ALPHABET) == 32


def test_an_upload_matches_only_byte_for_byte_over_several_chunks():
    data = bytes(range(256)) * 600  # more than two chunks
    issue = types.SimpleNamespace(pdf_sha256=hashlib.sha256(data).hexdigest())
    assert issuing.upload_matches(issue, SimpleUploadedFile("a.pdf", data))
    assert not issuing.upload_matches(issue, SimpleUploadedFile("a.pdf", data[:-1]))
    assert not issuing.upload_matches(issue, SimpleUploadedFile("a.pdf", data + b"\0"))
