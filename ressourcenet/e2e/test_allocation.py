"""The resource allocation in a browser: the table, each area's chart beside its challenges
and the open recommendations on each line; a priority recommendation that names lines.
axe-core finds nothing at 1280 and 375 px, and no page scrolls sideways."""

import pytest
from playwright.sync_api import expect

from ressourcenet.e2e.helpers import ADMIN, COORDINATOR, axe_report, da, log_in

pytestmark = pytest.mark.e2e

WIDTHS = [1280, 375]


def fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", WIDTHS)
def test_the_allocation_page_with_its_charts_passes_axe(new_page, demo_plan, width):
    from ressourcenet.agreements.models import AllocationLine

    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    main = page.get_by_role("main")
    reports = []
    log_in(page, ADMIN)
    last = demo_plan.ends_on.year
    page.goto(f"/plans/{demo_plan.slug}/allocation/?year={last}")
    areas = demo_plan.areas.count()
    expect(main.locator("figure.allocation-chart")).to_have_count(areas)
    expect(main.locator("figure.allocation-chart svg rect").first).to_be_visible()
    # The demo's open priority recommendations, under the lines they would change.
    expect(
        main.locator("td .allocation-recommendations").get_by_role(
            "link", name="Lektiecaféen åbner også om fredagen"
        )
    ).to_be_visible()
    reports.append(axe_report(page, f"allocation {last} at {width}px"))
    fits(page, width)

    # A year without lines: a plain message, no empty table or chart.
    first = demo_plan.starts_on.year
    AllocationLine.objects.filter(plan=demo_plan, year=first).delete()
    page.goto(f"/plans/{demo_plan.slug}/allocation/?year={first}")
    expect(main.get_by_role("heading", level=1)).to_contain_text(str(first))
    expect(main.locator(".alert-info")).to_be_visible()
    expect(main.locator("figure.allocation-chart")).to_have_count(0)
    expect(main.locator("table")).to_have_count(0)
    reports.append(axe_report(page, f"allocation without lines at {width}px"))
    fits(page, width)
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found


@pytest.mark.parametrize("width", WIDTHS)
def test_a_coordinator_names_allocation_lines_in_a_priority(new_page, demo_plan, width):
    from ressourcenet.agreements.models import AllocationLine
    from ressourcenet.governance.models import Recommendation

    page = new_page(bypass_csp=True, viewport={"width": width, "height": 800})
    main = page.get_by_role("main")
    reports = []
    log_in(page, COORDINATOR)
    line = AllocationLine.objects.filter(
        plan=demo_plan, year=demo_plan.ends_on.year, effort__name="Familier/Forebyggelse"
    ).first()
    page.goto(f"/plans/{demo_plan.slug}/networks/familier-forebyggelse/recommendations/new/")
    group = main.locator("fieldset.checkbox-group", has_text=f"Familier/Forebyggelse, {line.year}")
    expect(group).to_be_visible()
    reports.append(axe_report(page, f"recommendation form with lines at {width}px"))
    fits(page, width)

    # Lines on a recommendation of another kind: told at the field, the choice kept.
    main.locator("#id_kind").select_option("other")
    main.locator("#id_title").fill("Flere timer i lektiecaféen")
    checkbox = main.locator(f"input[name=allocation_lines][value='{line.pk}']")
    checkbox.check()
    main.get_by_role("button", name=da("Save")).click()
    expect(page.get_by_role("alert")).to_contain_text(da("There is a problem"))
    expect(main.locator("#id_allocation_lines_error")).to_be_visible()
    expect(checkbox).to_be_checked()
    reports.append(axe_report(page, f"recommendation form with a line error at {width}px"))
    fits(page, width)

    main.locator("#id_kind").select_option("priority")
    main.get_by_role("button", name=da("Save")).click()
    expect(main.get_by_role("heading", level=1)).to_have_text("Flere timer i lektiecaféen")
    item = Recommendation.objects.get(title="Flere timer i lektiecaféen")
    assert list(item.allocation_lines.all()) == [line]
    expect(main.locator("#lines-heading")).to_be_visible()
    reports.append(axe_report(page, f"recommendation with its lines at {width}px"))
    fits(page, width)

    main.locator(f"a[href$='#line-{line.pk}']").click()
    expect(main.locator(f"#line-{line.pk}")).to_contain_text("Flere timer i lektiecaféen")
    found = "\n".join(report for report in reports if report)
    assert not found, "axe-core found WCAG 2.1 A/AA violations:\n" + found
