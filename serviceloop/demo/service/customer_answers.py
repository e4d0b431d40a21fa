"""Quotes, information requests, feedback and complaints of the demo cases."""

import hashlib
import secrets
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from serviceloop.demo.service.faults import NEGATIVE_COMMENTS, POSITIVE_COMMENTS
from serviceloop.demo.service.planning import BATCH, _span
from serviceloop.demo.service.policies import Coverage
from serviceloop.service.models import (
    Case,
    ChargeLine,
    ChargeRates,
    Complaint,
    FeedbackRequest,
    FeedbackResponse,
    InfoRequest,
    Quote,
)


class _CustomerAnswers:
    """What the customer is asked and answers: quotes, information requests,
    feedback and the complaints it raises (a part of `_Generator`)."""

    def _quotes(self, plans: list[dict]) -> None:
        """Chargeable work (nothing covers the unit) is quoted and approved before the visit
        is planned; a few open chargeable cases wait for the customer's decision."""
        rng, rates = self.rng, ChargeRates.objects.get(office=self.office)
        quotes, lines = [], []
        for p in plans:
            if p["coverage"] != Coverage.NONE or not p["with_visit"]:
                continue
            sent = {move: at for move, _target, at in p["steps"]}
            dispatched = sent.get("schedule_visit") or sent.get("need_visit")
            waiting = dispatched is None and p["state"] in (
                Case.State.TRIAGED,
                Case.State.REMOTE_DIAGNOSIS,
            )
            if dispatched is None and not waiting:
                continue
            case = p["case"]
            written = (dispatched or timezone.now()) - _span(rng, 1, 3)
            quote = Quote(
                case=case,
                number=f"{case.number}-Q1",
                currency=self.office.currency,
                vat_percent=rates.vat_percent,
                scope=f"{case.get_kind_display()}：{case.symptom}",
                valid_until=timezone.localdate(written) + timedelta(days=30),
                created_by=self.users["coordinator"],
                created_at=written,
                sent_at=written + timedelta(minutes=10),
                sent_to=p["reporter"].email if p["reporter"] else "",
                token_hash=secrets.token_hex(32) if waiting else "",
            )
            if waiting:
                quote.state = Quote.State.SENT
            else:
                by_order = rng.random() < 0.4
                quote.state = Quote.State.APPROVED
                quote.decided_at = dispatched - timedelta(minutes=rng.randint(5, 50))
                quote.decided_by_name = case.reporter_name or "设备部"
                quote.method = Quote.Method.PURCHASE_ORDER if by_order else Quote.Method.LINK
                if by_order:
                    quote.purchase_order = (
                        f"PO{timezone.localdate(written):%Y%m}{rng.randint(100, 999)}"
                    )
                    quote.recorded_by = self.users["coordinator"]
            quotes.append(quote)
            lines.append(
                (quote, "labour", "人工 Labour", "", rng.choice([4, 6, 8]), rates.labour_rate)
            )
            lines.append(
                (quote, "travel", "差旅 Travel", "", rng.choice([2, 3, 4]), rates.travel_rate)
            )
            fault = p["fault"]
            for number, name in fault[5][:2] if fault is not None else []:
                price = Decimal(rng.randrange(300, 9000, 10))
                lines.append((quote, "part", name, number, 1, price))
        Quote.objects.bulk_create(quotes, batch_size=BATCH)
        ChargeLine.objects.bulk_create(
            [
                ChargeLine(
                    quote=quote,
                    kind=kind,
                    description=text,
                    part_number=number,
                    quantity=Decimal(quantity),
                    unit_price=price,
                    cover=ChargeLine.Cover.CHARGEABLE,
                )
                for quote, kind, text, number, quantity, price in lines
            ],
            batch_size=BATCH,
        )

    def _requests(self, plans: list[dict]) -> None:
        """What remote diagnosis asked the customer: open while a case waits for the
        customer, answered on some of the cases solved remotely."""
        rng, requests = self.rng, []
        for p in plans:
            case, fault = p["case"], p["fault"]
            waiting = case.state == Case.State.WAITING_CUSTOMER
            answered = (
                "resolve_remotely" in {move for move, *_ in p["steps"]} and rng.random() < 0.4
            )
            if not (waiting or answered) or fault is None:
                continue
            asked_at = p["steps"][-1][2] if waiting else case.first_response_at or case.opened_at
            request = InfoRequest(
                case=case,
                tags=[tag for tag, *_ in fault[6]],
                wants_photos=True,
                message="请在设备屏幕上读取以下数值，并拍一张报警页面和水路的照片。",
                sent_to=p["reporter"].email if p["reporter"] else "",
                requested_by=p["assignee"],
                requested_at=asked_at,
                token_hash=secrets.token_hex(32),
                expires_at=asked_at + timedelta(days=7),
            )
            if answered:
                request.answered_at = asked_at + _span(rng, 0.3, 2)
                request.answered_by_name = case.reporter_name or "设备部"
                request.answer = "已按要求读取，报警复位后又出现。"
            requests.append(request)
        InfoRequest.objects.bulk_create(requests, batch_size=BATCH)

    def _feedback(self, closed: list[dict]) -> None:
        rng = self.rng
        asked = [p for p in closed if rng.random() < 0.6]
        requests, responses = [], []
        for p in asked:
            case = p["case"]
            used = min(case.closed_at + _span(rng, 2, 120), self.now - timedelta(minutes=5))
            request = FeedbackRequest(
                case=case,
                contact=p["reporter"],
                token_hash=hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest(),
                sent_to=p["reporter"].email if p["reporter"] else "",
                expires_at=case.closed_at + timedelta(days=14),
                used_at=used,
            )
            request.created_at = case.closed_at
            roll = rng.random()
            solved = True
            if roll < 0.03:
                scores = [rng.randint(1, 3) for _ in range(5)] + [rng.randint(1, 2)]
            elif roll < 0.05:
                scores, solved = [rng.randint(2, 4) for _ in range(6)], False
            elif roll < 0.15:
                scores = [rng.randint(3, 4) for _ in range(5)] + [3]
            else:
                scores = [rng.choice((4, 5, 5)) for _ in range(6)]
            response = FeedbackResponse(
                request=request,
                solved=solved,
                **dict(zip(FeedbackResponse.SCORES, scores, strict=True)),
            )
            response.comment = rng.choice(
                NEGATIVE_COMMENTS if response.is_unhappy else POSITIVE_COMMENTS
            )
            response.received_at = used
            requests.append(request)
            responses.append(response)
        FeedbackRequest.objects.bulk_create(requests, batch_size=BATCH)
        for request in requests:  # auto_now_add overwrote it on insert
            request.created_at = request.case.closed_at
        FeedbackRequest.objects.bulk_update(requests, ["created_at"], batch_size=BATCH)
        for response in responses:
            response.request = response.request  # the request has its pk now
        FeedbackResponse.objects.bulk_create(responses, batch_size=BATCH)
        for response in responses:
            response.received_at = response.request.used_at
        FeedbackResponse.objects.bulk_update(responses, ["received_at"], batch_size=BATCH)
        self._complaints([r for r in responses if r.is_unhappy])

    def _complaints(self, responses: list[FeedbackResponse]) -> None:
        rng, manager = self.rng, self.users["manager"]
        complaints = []
        for response in responses:
            case = response.request.case
            opened = response.received_at
            recent = self.now - opened < timedelta(days=60)
            finished = not recent or rng.random() < 0.3
            complaint = Complaint(
                customer=case.customer,
                case=case,
                feedback=response,
                source=Complaint.Source.FEEDBACK,
                severity=Complaint.Severity.HIGH
                if response.overall <= 1 or case.priority == "P1"
                else Complaint.Severity.MEDIUM,
                state=Complaint.State.CLOSED
                if finished
                else rng.choice([Complaint.State.OPEN, Complaint.State.INVESTIGATING]),
                owner=manager,
                description=response.comment or "客户反馈评分低",
            )
            if finished:
                complaint.root_cause = rng.choice(
                    ["备件库存不足导致等待", "工程师排班冲突，到场延误", "首次维修未找到根本原因"]
                )
                complaint.corrective_action = rng.choice(
                    ["增加关键备件安全库存", "调整工程师排班并设置备岗", "复杂故障增加远程专家支持"]
                )
                complaint.customer_confirmed = True
                complaint.closed_at = min(opened + timedelta(days=rng.uniform(3, 20)), self.now)
            complaints.append(complaint)
        Complaint.objects.bulk_create(complaints, batch_size=BATCH)
        for complaint in complaints:
            complaint.opened_at = complaint.feedback.received_at
        Complaint.objects.bulk_update(complaints, ["opened_at"], batch_size=BATCH)
