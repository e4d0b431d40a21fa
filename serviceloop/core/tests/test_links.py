from django.test import override_settings
from django.urls import reverse

from serviceloop.core.links import absolute_url, new_token, token_hash


@override_settings(SITE_URL="https://service.example.cn/")
def test_absolute_url_is_built_from_the_site_url_not_a_request():
    path = reverse("feedback", args=["abc"])
    assert absolute_url(path) == f"https://service.example.cn{path}"


def test_an_address_that_is_already_absolute_or_empty_stays_as_it_is():
    assert absolute_url("https://work.weixin.qq.com/") == "https://work.weixin.qq.com/"
    assert absolute_url("") == ""


def test_only_the_hash_of_a_new_token_is_kept_and_it_finds_the_token_again():
    token, stored = new_token()
    assert len(token) >= 40 and token not in stored
    assert token_hash(token) == stored
    assert new_token()[0] != token
