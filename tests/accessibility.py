"""Accessibility checks inside the real browser: axe-core (npm, pinned in package.json).

``assert_accessible(page)`` injects axe-core into the page shown and fails on any serious
or critical violation, naming the rule, the elements and the page. Contexts that load it
must be created with ``bypass_csp=True`` (the script is injected inline, which a strict
Content-Security-Policy forbids, as it should for any other inline script).

``assert_above_footer(page, locator)`` fails when a control the user needs lies under the
top of the footer (a user who scrolls to the footer would never find it).
"""

from __future__ import annotations

from pathlib import Path

AXE_SCRIPT = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page) -> list[dict]:
    if not AXE_SCRIPT.exists():
        raise AssertionError(
            "axe-core est introuvable : lancez « make install » (npm ci) pour l'installer.")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        "async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def assert_accessible(page) -> None:
    blocking = [v for v in axe_violations(page) if v.get("impact") in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{page.url} : {len(blocking)} violation(s) d'accessibilité bloquante(s)"]
        for violation in blocking:
            targets = ", ".join(str(n["target"]) for n in violation["nodes"][:5])
            lines.append(f"- {violation['id']} ({violation['impact']}) : "
                         f"{violation['help']} — {targets}")
        raise AssertionError("\n".join(lines))


def assert_above_footer(page, locator) -> None:
    box = locator.bounding_box()
    footer = page.locator("footer").first.bounding_box()
    assert box is not None, "le bouton n'est pas affiché"
    assert footer is not None, "la page n'a pas de pied de page"
    assert box["y"] + box["height"] <= footer["y"], (
        f"{page.url} : le bouton est sous le haut du pied de page "
        f"({box['y']:.0f} px contre {footer['y']:.0f} px)")
