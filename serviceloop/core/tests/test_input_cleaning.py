from django.http import QueryDict
from django.test import RequestFactory

from serviceloop.core.middleware import InputCleaningMiddleware, cleaned


def _through_middleware(request):
    seen = {}

    def view(request):
        seen["GET"], seen["POST"] = request.GET, request.POST
        return None

    InputCleaningMiddleware(view)(request)
    return seen


def test_control_characters_are_removed_from_posted_keys_and_values():
    request = RequestFactory().post("/", {"caption": "front\x00 panel\x1b", "note\x00": "x"})
    posted = _through_middleware(request)["POST"]
    assert posted["caption"] == "front panel"
    assert posted["note"] == "x"


def test_tabs_and_line_breaks_are_kept():
    request = RequestFactory().post("/", {"text": "line one\r\n\tline two"})
    assert _through_middleware(request)["POST"]["text"] == "line one\r\n\tline two"


def test_query_strings_are_cleaned_too():
    request = RequestFactory().get("/units/?q=IH%00-2020&q=b")
    assert _through_middleware(request)["GET"].getlist("q") == ["IH-2020", "b"]


def test_cleaned_data_stays_immutable_like_django_s():
    clean = cleaned(QueryDict("a=%00"))
    assert not clean._mutable


def test_clean_input_is_passed_through_untouched():
    query = QueryDict("a=1&b=two")
    assert cleaned(query) is query
