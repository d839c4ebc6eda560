"""Where a learner stands (/me/): first answers right, by level of the pathway and by topic, and
week by week; a fixed number of queries however many attempts."""

import datetime
from dataclasses import dataclass

from cases.models import Option, Response, Step
from knowledge.models import Level

CHART_WIDTH, CHART_HEIGHT, CHART_PAD = 300, 120, 24


@dataclass
class Tally:
    label: str
    right: int = 0
    total: int = 0

    @property
    def percent(self):
        return round(100 * self.right / self.total) if self.total else 0


def first_answers(user):
    """(case id, right, when) of every first answer the learner gave, in one query."""
    return list(
        Response.objects.filter(attempt__learner=user, first=True)
        .order_by("created", "id")
        .values_list("step__case_id", "correct", "created", "step__case__topics")
    )


def case_levels(case_ids):
    """case id -> the level of the pathway its answer lies at (its level step's answer, or else the
    level of its site step's answer), in one query."""
    levels = {}
    options = Option.objects.filter(
        step__case_id__in=case_ids, correct=True, step__kind__in=[Step.Kind.LEVEL, Step.Kind.SITE]
    ).values_list("step__case_id", "step__kind", "level", "structure__level")
    for case_id, kind, level, site_level in options:
        if kind == Step.Kind.LEVEL or case_id not in levels:
            levels[case_id] = level or site_level
    return levels


def summary(user):
    answers = first_answers(user)
    levels = case_levels({case_id for case_id, *_ in answers})
    by_level = {value: Tally(label) for value, label in Level.choices}
    by_topic, by_week = {}, {}
    for case_id, right, when, topics in answers:
        week = (when - datetime.timedelta(days=when.weekday())).date()
        tallies = [by_week.setdefault(week, Tally(week.isoformat()))]
        if levels.get(case_id) in by_level:
            tallies.append(by_level[levels[case_id]])
        tallies += [by_topic.setdefault(topic, Tally(topic.replace("-", " "))) for topic in topics or []]
        for tally in tallies:
            tally.total += 1
            tally.right += bool(right)
    weeks = [by_week[week] for week in sorted(by_week)]
    return {
        "total": len(answers),
        "right": sum(1 for _, right, *_ in answers if right),
        "by_level": [tally for tally in by_level.values() if tally.total],
        "untried_levels": [tally.label for tally in by_level.values() if not tally.total],
        "by_topic": sorted(by_topic.values(), key=lambda tally: tally.label),
        "weeks": weeks,
        "chart": chart(weeks),
    }


def chart(weeks):
    """Points of a line chart of the share right at the first try, week by week, in SVG units
    (0% at the bottom, 100% at the top), with the axis labels."""
    if not weeks:
        return None
    inner_width, inner_height = CHART_WIDTH - 2 * CHART_PAD, CHART_HEIGHT - 2 * CHART_PAD
    step = inner_width / (len(weeks) - 1) if len(weeks) > 1 else 0
    points = []
    for index, tally in enumerate(weeks):
        x = CHART_PAD + (index * step if len(weeks) > 1 else inner_width / 2)
        y = CHART_PAD + inner_height * (1 - tally.percent / 100)
        points.append({"x": round(x, 1), "y": round(y, 1), "tally": tally})
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "points": points,
        "polyline": " ".join(f"{point['x']},{point['y']}" for point in points),
        "top": CHART_PAD,
        "bottom": CHART_HEIGHT - CHART_PAD,
        "left": CHART_PAD,
        "right": CHART_WIDTH - CHART_PAD,
        "middle": CHART_HEIGHT / 2,
    }
