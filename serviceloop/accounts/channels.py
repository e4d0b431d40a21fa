"""Where notifications go besides the in-app list: e-mail, and a WeCom (企业微信) group robot
when one is configured. Each channel has the same small interface."""

import json
import logging
import urllib.request
from typing import Protocol

from django.conf import settings
from django.core.mail import send_mail

from .models import User

logger = logging.getLogger(__name__)


class Channel(Protocol):
    def send(self, *, user: User, text: str, link: str) -> None: ...


class EmailChannel:
    def send(self, *, user: User, text: str, link: str) -> None:
        if user.email:
            send_mail(text[:120], f"{text}\n\n{link}", settings.DEFAULT_FROM_EMAIL, [user.email])


class WeComRobotChannel:
    """A group robot webhook: the office's service group chat sees every notification."""

    def __init__(self, url: str) -> None:
        self.url = url

    def send(self, *, user: User, text: str, link: str) -> None:
        body = {"msgtype": "text", "text": {"content": f"@{user.full_name} {text}\n{link}"}}
        request = urllib.request.Request(  # noqa: S310 (the URL is the operator's setting)
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            response.read()


def configured() -> list[Channel]:
    channels: list[Channel] = [EmailChannel()]
    if settings.WECOM_WEBHOOK_URL:
        channels.append(WeComRobotChannel(settings.WECOM_WEBHOOK_URL))
    return channels


def deliver(*, user: User, text: str, link: str) -> None:
    """Sends through every channel; one failing channel does not stop the others."""
    for channel in configured():
        try:
            channel.send(user=user, text=text, link=link)
        except Exception:
            logger.exception("notification channel %s failed", type(channel).__name__)
