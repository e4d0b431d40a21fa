from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address, read through PROXY_COUNT trusted reverse proxies.

    Only the entries our own proxies appended are trusted; anything further left in
    X-Forwarded-For was written by the client and could be forged.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    if not settings.PROXY_COUNT:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return remote
