"""Writing the teaching cases read from their files (cases.casefiles) to the database: a case is
updated in place, its steps matched by kind and its options by what they point to, so that
learners' responses to them survive an edit of the wording; removing a step or option learners
have answered stops the load with a message (the rows are PROTECTed)."""

from django.db.models import F, ProtectedError

from cases.models import Case, Option, Step, TeachingPoint, default_step_mode
from knowledge.contentfiles import ContentError
from knowledge.models import Condition, Investigation, Passage, Structure


def write_cases(wanted, changed):
    """Create or update the changed cases in place."""
    if not changed:
        return
    ids = {
        "structures": dict(Structure.objects.values_list("slug", "id")),
        "conditions": dict(Condition.objects.values_list("slug", "id")),
        "investigations": dict(Investigation.objects.values_list("slug", "id")),
    }
    passage_ids = dict(Passage.objects.values_list("slug", "id"))
    for slug in changed:
        entry = wanted[slug]
        case, _ = Case.objects.update_or_create(
            slug=slug,
            defaults={
                "title": entry["title"],
                "difficulty": entry["difficulty"],
                "topics": entry.get("topics", []),
                "published": entry["published"],
                "author": entry.get("author", ""),
                "reviewed": entry.get("reviewed") or None,
                "stem": entry["stem"],
                "side": entry["side"],
                "examination": entry["examination"],
                "order": list(wanted).index(slug),
            },
        )
        case.conditions.set([ids["conditions"][condition] for condition in entry.get("conditions", [])])
        steps = {step.kind: step for step in case.steps.all()}
        wanted_kinds = [step["kind"] for step in entry["steps"]]
        _delete([step for kind, step in steps.items() if kind not in wanted_kinds], slug)
        # Renumber in two passes so that the unique (case, number) constraint never sees a clash.
        Step.objects.filter(case=case).update(number=F("number") + PARKED_NUMBER)
        options_of_case = {
            (option.step_id, option.points_to): option
            for option in Option.objects.filter(step__case=case).select_related(
                "structure", "condition", "investigation"
            )
        }
        through_rows = []
        for number, step_entry in enumerate(entry["steps"], start=1):
            step = steps.get(step_entry["kind"]) or Step(case=case, kind=step_entry["kind"])
            step.number, step.prompt = number, step_entry["prompt"]
            step.mode = step_entry.get("mode") or default_step_mode(step.kind, entry["difficulty"])
            step.save()
            kept = []
            for order, option_entry in enumerate(step_entry["options"]):
                key = (step.id, option_entry["points_to"])
                option = options_of_case.pop(key, None) or Option(step=step)
                option.label = option_entry["label"]
                option.correct = False  # set below, after the old correct one is cleared
                option.accepted = option_entry.get("accepted", False)
                option.segment = option_entry.get("segment", "")
                option.feedback = option_entry["feedback"]
                option.reference = option_entry.get("reference", "")
                option.order = order
                _point(option, step.kind, option_entry["points_to"], ids)
                kept.append((option, option_entry))
            # Clear every correct flag first: the partial unique constraint allows one per step.
            Option.objects.filter(step=step).update(correct=False)
            _delete([option for (step_id, _), option in options_of_case.items() if step_id == step.id], slug)
            for option, _ in kept:
                option.save()
            for option, option_entry in kept:
                if option_entry["correct"]:
                    Option.objects.filter(pk=option.pk).update(correct=True)
                through_rows += [
                    Option.passages.through(option_id=option.pk, passage_id=passage_ids[passage])
                    for passage in option_entry.get("passages", [])
                ]
        Option.passages.through.objects.filter(option__step__case=case).delete()
        Option.passages.through.objects.bulk_create(through_rows)
        case.teaching_points.all().delete()
        points = TeachingPoint.objects.bulk_create(
            TeachingPoint(case=case, number=number, text=point["text"], reference=point.get("reference", ""))
            for number, point in enumerate(entry.get("teaching_points", []), start=1)
        )
        TeachingPoint.passages.through.objects.bulk_create(
            TeachingPoint.passages.through(teachingpoint_id=point.pk, passage_id=passage_ids[passage])
            for point, point_entry in zip(points, entry.get("teaching_points", []), strict=True)
            for passage in point_entry.get("passages", [])
        )
    # A contrast may be a case written just above: set the links once every case exists.
    case_ids = dict(
        Case.objects.filter(slug__in=[*changed, *(wanted[slug].get("contrast", "") for slug in changed)]).values_list(
            "slug", "id"
        )
    )
    for slug in changed:
        Case.objects.filter(pk=case_ids[slug]).update(contrast_id=case_ids.get(wanted[slug].get("contrast", "")))


# Steps are parked above this number while a case's steps are renumbered.
PARKED_NUMBER = 1000


def _delete(objects, case_slug):
    """Delete steps or options the file no longer has, unless learners have answered them."""
    for obj in objects:
        try:
            obj.delete()
        except ProtectedError as error:
            answered = len(error.protected_objects)
            raise ContentError(
                f"cases/{case_slug}.yaml",
                case_slug,
                f"{type(obj).__name__.lower()} '{obj}' cannot be removed: learners answered it ({answered} responses)",
            ) from error


def _point(option, kind, target, ids):
    option.level, option.structure_id, option.condition_id, option.investigation_id = "", None, None, None
    if kind == Step.Kind.LEVEL:
        option.level = target
    elif kind == Step.Kind.SITE:
        option.structure_id = ids["structures"][target]
    elif kind == Step.Kind.DIAGNOSIS:
        option.condition_id = ids["conditions"][target]
    else:
        option.investigation_id = ids["investigations"][target]
