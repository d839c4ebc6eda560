"""A learner's records, all of them, to download: JSON (nested) and CSV (one row per answer). An
answer is the option chosen, or at an open site step the site picked (and its segment)."""

import csv
import io
import json

from django.db.models import Prefetch
from django.http import HttpResponse

from cases.models import Attempt, Response
from learners.models import Review, ReviewItem


def counts(user):
    return {
        "attempts": Attempt.objects.filter(learner=user).count(),
        "answers": Response.objects.filter(attempt__learner=user).count(),
        "reviews": Review.objects.filter(item__learner=user).count(),
    }


def _attempts(user):
    responses = Prefetch("responses", queryset=Response.objects.select_related("step", "option", "site"))
    return Attempt.objects.filter(learner=user).select_related("case").prefetch_related(responses).order_by("started")


def _items(user):
    reviews = Prefetch("reviews", queryset=Review.objects.select_related("option", "site"))
    return (
        ReviewItem.objects.filter(learner=user)
        .select_related("step__case")
        .prefetch_related(reviews)
        .order_by("created", "id")
    )


def records(user):
    def when(moment):
        return moment.isoformat() if moment else None

    return {
        "account": {"email": user.email, "joined": when(user.date_joined)},
        "attempts": [
            {
                "case": attempt.case.slug,
                "started": when(attempt.started),
                "finished": when(attempt.finished),
                "score": attempt.score,
                "answers": [
                    {
                        "step": response.step.number,
                        "kind": response.step.kind,
                        "answer": response.answer_label,
                        "right": response.correct,
                        "first": response.first,
                        "at": when(response.created),
                    }
                    for response in attempt.responses.all()
                ],
            }
            for attempt in _attempts(user)
        ],
        "review_items": [
            {
                "case": item.step.case.slug,
                "step": item.step.number,
                "kind": item.step.kind,
                "added": when(item.created),
                "due": when(item.due),
                "reviews": [
                    {
                        "answer": review.answer_label,
                        "right": review.correct,
                        "rating": review.get_rating_display().lower(),
                        "at": when(review.reviewed),
                        "next_due": when(review.due_after),
                    }
                    for review in item.reviews.all()
                ],
            }
            for item in _items(user)
        ],
    }


def json_response(user):
    response = HttpResponse(
        json.dumps(records(user), indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="legweak-records.json"'
    return response


CSV_COLUMNS = ["record", "case", "step", "kind", "answer", "right", "first", "rating", "at", "next_due"]


def csv_response(user):
    data = records(user)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for attempt in data["attempts"]:
        for answer in attempt["answers"]:
            writer.writerow({"record": "answer", "case": attempt["case"], **answer})
    for item in data["review_items"]:
        for review in item["reviews"]:
            writer.writerow(
                {"record": "review", "case": item["case"], "step": item["step"], "kind": item["kind"], **review}
            )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="legweak-records.csv"'
    return response
