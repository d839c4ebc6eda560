"""Run axe-core (bundled with axe-playwright-python, so offline) and fail on any violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()


def assert_no_axe_violations(page, context=None):
    """Fail the test with a readable list of every axe violation on the page as it is now."""
    results = _axe.run(page, context=context)
    violations = results.response.get("violations", [])
    if not violations:
        return
    lines = [f"axe found {len(violations)} violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(f"- [{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1]}")
    pytest.fail("\n".join(lines), pytrace=False)
