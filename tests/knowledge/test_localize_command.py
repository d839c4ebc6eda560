import io
import json

import pytest
from django.core.management import CommandError, call_command

PERONEAL = {
    "weak": ["ankle-dorsiflexion", "foot-eversion"],
    "spared": ["foot-inversion", "hip-abduction"],
    "sensory_loss": ["dorsum-of-foot"],
}


def run(*args, stdin=None, monkeypatch=None):
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    call_command("localize", *args, stdout=out)
    return json.loads(out.getvalue())


def test_it_reads_findings_from_a_file(content, tmp_path):
    path = tmp_path / "findings.json"
    path.write_text(json.dumps(PERONEAL))
    result = run(str(path))
    assert result["candidates"][0]["site"] == "common-peroneal-nerve"


@pytest.mark.parametrize("args", [(), ("-",)])
def test_it_reads_findings_from_standard_input(content, monkeypatch, args):
    result = run(*args, stdin=json.dumps(PERONEAL), monkeypatch=monkeypatch)
    assert result["candidates"][0]["site"] == "common-peroneal-nerve"


def test_the_reverse_direction_lists_a_sites_deficits(content):
    result = run("--site", "tibial-nerve")
    assert result["site"] == "tibial-nerve" and result["level"] == "peripheral-nerve"
    assert "foot-inversion" in result["findings"]["weak"]
    assert result["findings"]["reflexes"] == {"ankle-jerk": "reduced"}


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"weak": ["wiggle"]}', "unknown movement 'wiggle'"),
        ('{"colour": "red"}', "unknown key 'colour'"),
    ],
)
def test_bad_findings_exit_with_status_2_and_a_message(content, monkeypatch, stdin, message):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with pytest.raises(CommandError, match=message) as raised:
        call_command("localize")
    assert raised.value.returncode == 2


def test_an_unknown_site_exits_with_status_2(content):
    with pytest.raises(CommandError, match="unknown site 'knee-cap'") as raised:
        call_command("localize", "--site", "knee-cap")
    assert raised.value.returncode == 2


def test_a_missing_file_exits_with_status_2(content, tmp_path):
    with pytest.raises(CommandError, match="cannot read") as raised:
        call_command("localize", str(tmp_path / "missing.json"))
    assert raised.value.returncode == 2


def test_the_command_runs_as_a_program_and_exits_2_on_bad_input(tmp_path):
    """The exit status is the process's, not only the exception's: run manage.py for real (on
    input that fails before any database is needed, since the test database is not shared)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    process = subprocess.run(
        [sys.executable, "manage.py", "localize", "-"],
        cwd=root,
        input='{"weak": [',
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "legweak_site.test_settings", "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert process.returncode == 2
    assert "findings are not valid JSON" in process.stderr
    assert "Traceback" not in process.stderr


def test_the_reverse_direction_takes_a_segment(content):
    below = run("--site", "femoral-nerve", "--segment", "below-inguinal-ligament")
    pelvis = run("--site", "femoral-nerve", "--segment", "in-the-pelvis")
    assert below["segment"] == "below-inguinal-ligament"
    assert "knee-extension" in below["findings"]["weak"] and "hip-flexion" not in below["findings"]["weak"]
    assert {"knee-extension", "hip-flexion"} <= set(pelvis["findings"]["weak"])


def test_an_unknown_segment_exits_with_status_2(content):
    with pytest.raises(CommandError) as caught:
        call_command("localize", "--site", "femoral-nerve", "--segment", "in-the-knee")
    assert caught.value.returncode == 2 and "unknown segment 'in-the-knee'" in str(caught.value)
