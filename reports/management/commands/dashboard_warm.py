"""Compute every plan's dashboard figures into the cache, so that no leader waits for them (run daily)."""

import time

from django.core.management.base import BaseCommand, CommandError

from actionplan.models import Plan
from reports.figures import figures_warm
from zi_tracker.generations import plan_generations_end


class Command(BaseCommand):
    help = (
        "Computes today's dashboard figures of every plan (or of --plan) afresh into the cache. Run it "
        "daily just after midnight, and after scripts that write without model signals (bulk updates): "
        "the first view of a new day, or after such a script, is then served from the cache."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, action="append", help="Only this plan's id (repeatable).")

    def handle(self, *args, plan: list[int] | None = None, **options):
        plans = Plan.objects.select_related("unit").order_by("pk")
        if plan:
            plans = plans.filter(pk__in=plan)
            missing = set(plan) - {p.pk for p in plans}
            if missing:
                raise CommandError(f"No plan with id {', '.join(map(str, sorted(missing)))}.")
        plans = list(plans)
        started = time.perf_counter()
        # A new generation first: a script's bulk update may have moved figures without a signal.
        plan_generations_end(plan_ids=[p.pk for p in plans])
        figures_warm(plans=plans)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Computed the figures of {len(plans)} plan(s) in {elapsed:.2f} s.")
