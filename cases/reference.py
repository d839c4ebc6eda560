"""The cases on the knowledge base's pages: where a structure, condition or passage is taught, and
the published cases in search (by their title and stem only, never their answers). Registered
with knowledge.extensions when Django starts (cases.apps)."""

from cases.models import Attempt, Case, Option, TeachingPoint
from knowledge.extensions import Link, SearchSource, register_references, register_search, register_teaching
from knowledge.models import Condition, Passage, Structure


def _link(case):
    return Link(case.title, case.get_absolute_url())


def _visible_cases(request):
    """The cases a reference page may name to this reader: a case listed under its own answer
    would give the answer away, so only the cases they have finished (all of them to staff, who
    write them)."""
    if request.user.is_staff:
        return Case.objects.published()
    finished = Attempt.objects.owned_by(request).filter(finished__isnull=False).values("case_id")
    return Case.objects.published().filter(pk__in=finished)


@register_teaching
def cases_teaching(request, subjects):
    """One query per kind of subject on the page (a page has one structure or one condition, or the
    passages of one source)."""
    found, visible = {}, _visible_cases(request)
    for structure in (subject for subject in subjects if isinstance(subject, Structure)):
        found[structure] = [_link(case) for case in visible.involving(structure)]
    conditions = {subject.pk: subject for subject in subjects if isinstance(subject, Condition)}
    if conditions:
        links = Case.conditions.through.objects.filter(condition__in=list(conditions), case__in=visible)
        for link in links.select_related("case").order_by("case__order", "case__title"):
            found.setdefault(conditions[link.condition_id], []).append(_link(link.case))
    passages = {subject.pk: subject for subject in subjects if isinstance(subject, Passage)}
    if passages:
        citations = TeachingPoint.passages.through.objects.filter(
            passage__in=list(passages), teachingpoint__case__in=visible
        ).select_related("teachingpoint__case")
        for citation in citations.order_by("teachingpoint__case__order", "teachingpoint__number"):
            links = found.setdefault(passages[citation.passage_id], [])
            if _link(citation.teachingpoint.case) not in links:
                links.append(_link(citation.teachingpoint.case))
    return found


@register_references
def references_in_cases():
    """The standard references the published cases' feedback and teaching points cite."""
    options = Option.objects.filter(step__case__published=True).exclude(reference="")
    points = TeachingPoint.objects.filter(case__published=True).exclude(reference="")
    return {*options.values_list("reference", flat=True), *points.values_list("reference", flat=True)}


def _case_hit(case):
    return case.title, case.get_absolute_url(), case.stem


register_search(SearchSource("case", Case.objects.published, ["title"], ["stem"], _case_hit))
