"""Where apps built on the learners' records add to /me/ without the learners app importing them
(they register in their AppConfig.ready): the teaching app adds the learner's assignments."""

_sections = []


def register_me_section(section):
    """section(request) -> {"template": name, **context} or None; a fixed number of queries."""
    _sections.append(section)
    return section


def me_sections(request):
    return [found for section in _sections if (found := section(request))]
