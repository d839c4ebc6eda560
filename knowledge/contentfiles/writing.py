"""Writing the knowledge base (and the parts built on it) back as content files, in the format an
author writes: block style, lists of slugs inline, multi-line text as literal blocks."""

import shutil
from pathlib import Path

import yaml

from knowledge.contentfiles.checking import STRUCTURE_FILES, VOCABULARY_GROUPS
from knowledge.contentfiles.serializing import serialize_database


class _FlowList(list):
    pass


class _FlowDict(dict):
    pass


class _Dumper(yaml.SafeDumper):
    """Block style, except lists of slugs and {area, autonomous} items, which read best inline, and
    multi-line text (a case's stem) as a literal block, as an author writes it."""


_Dumper.add_representer(
    str,
    lambda dumper, data: dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None),
)
_Dumper.add_representer(
    _FlowList, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)
)
_Dumper.add_representer(
    _FlowDict, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=True)
)


def _styled(value):
    if isinstance(value, dict):
        styled = {key: _styled(item) for key, item in value.items()}
        return _FlowDict(styled) if set(value) == {"area", "autonomous"} else styled
    if isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            return _FlowList(value)
        return [_styled(item) for item in value]
    return value


def dump_yaml(value):
    return yaml.dump(
        _styled(value),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )


def export_content(out_dir, seeds_dir=None, parts=()):
    """Write the database as content files under out_dir (and copy the seeds, if given); each
    part's entries go to a folder of its kind's name, one file per entry. Returns the entries."""
    out = Path(out_dir)
    data = serialize_database()
    for part in parts:
        data[part.kind] = part.serialize()
    (out / "sources").mkdir(parents=True, exist_ok=True)
    (out / "structures").mkdir(parents=True, exist_ok=True)
    for slug, entry in data["sources"].items():
        (out / "sources" / f"{slug}.yaml").write_text(dump_yaml(entry), encoding="utf-8")
    vocabulary = {group: [] for group in VOCABULARY_GROUPS}
    group_of = {kind: group for group, kind in VOCABULARY_GROUPS.items()}
    for entry in data["findings"].values():
        vocabulary[group_of[entry["kind"]]].append({key: value for key, value in entry.items() if key != "kind"})
    vocabulary = {group: entries for group, entries in vocabulary.items() if entries}
    (out / "vocabulary.yaml").write_text(dump_yaml(vocabulary), encoding="utf-8")
    for kind, file_name in STRUCTURE_FILES.items():
        entries = [entry for entry in data["structures"].values() if entry["kind"] == kind]
        if entries:
            (out / "structures" / file_name).write_text(dump_yaml(entries), encoding="utf-8")
    (out / "investigations.yaml").write_text(dump_yaml(list(data["investigations"].values())), encoding="utf-8")
    (out / "conditions.yaml").write_text(dump_yaml(list(data["conditions"].values())), encoding="utf-8")
    for part in parts:
        if data[part.kind]:
            (out / part.kind).mkdir(exist_ok=True)
        for slug, entry in data[part.kind].items():
            (out / part.kind / f"{slug}.yaml").write_text(dump_yaml(entry), encoding="utf-8")
    if seeds_dir and Path(seeds_dir).resolve() != (out / "seeds").resolve():
        shutil.copytree(seeds_dir, out / "seeds", dirs_exist_ok=True)
    return data
