"""Run axe-core (vendored from npm into the test run, never into the site) on a page."""

from __future__ import annotations


def serious_violations(page, axe_source: str) -> list[str]:
    """Serious and critical accessibility violations of the loaded page, one line each."""
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
