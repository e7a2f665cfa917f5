"""The load bench's tables: requests, errors and p50/p95/p99 per kind, throughput, the ramp and its knee."""

import math
import os
from collections import Counter

KINDS = ["login", "plan page", "row page", "dashboard", "my work", "save", "upload"]
PAGES = {"plan page", "row page", "dashboard", "my work"}
WRITES = {"save", "upload"}
PAGE_P95_MS, WRITE_P95_MS = 500, 1000
TODAY_REQ_S = 12.5  # issue 16: 50 users without think time, p95 5.0 s, before this work


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (the value q % of requests were at or under)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def run_errors(samples) -> int:
    return sum(not s.ok for s in samples)


def _row(label: str, samples) -> str:
    ms = [s.ms for s in samples]
    return (
        f"{label:<14}{len(samples):>9}{run_errors(samples):>8}{percentile(ms, 50):>9.0f}"
        f"{percentile(ms, 95):>9.0f}{percentile(ms, 99):>9.0f}{max(ms, default=math.nan):>9.0f}"
    )


def cpu_line(cpu: tuple[float, float, float], requests: int) -> str:
    """CPU ms per request of the app, the database and the client, and what two idle cores would serve."""
    if not requests:
        return "no requests"
    app, database, client = (1000 * seconds / requests for seconds in cpu)
    total = app + database + client
    parts = (
        [f"app {app:.0f} ms"] + ([f"PostgreSQL {database:.0f} ms"] if database else []) + [f"client {client:.0f} ms"]
    )
    return f"CPU per request: {' + '.join(parts)} = {total:.0f} ms -> 2 idle cores ~ {2000 / total:.0f} requests/s"


def print_run(title: str, samples, seconds: float | None, *, targets: bool = False, cpu=None) -> None:
    load = os.getloadavg()
    print(f"\n-- {title} (load average now {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f})")
    print(f"{'kind':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind in KINDS:
        of_kind = [s for s in samples if s.kind == kind]
        if of_kind:
            print(_row(kind, of_kind))
    pages = [s for s in samples if s.kind in PAGES]
    writes = [s for s in samples if s.kind in WRITES]
    if pages and writes:
        print(_row("pages", pages))
        print(_row("saves+uploads", writes))
    print(_row("all", samples))
    if seconds:
        print(f"throughput: {len(samples) / seconds:.1f} requests/s over {seconds:.0f} s")
    if cpu:
        print(cpu_line(cpu, len(samples)))
    if targets:
        page_p95 = percentile([s.ms for s in pages], 95)
        write_p95 = percentile([s.ms for s in writes], 95)
        print(
            f"targets: pages p95 {page_p95:.0f} ms (< {PAGE_P95_MS}: {_verdict(page_p95 < PAGE_P95_MS)}); "
            f"saves+uploads p95 {write_p95:.0f} ms (< {WRITE_P95_MS}: {_verdict(write_p95 < WRITE_P95_MS)}); "
            f"errors {run_errors(samples)} (0: {_verdict(run_errors(samples) == 0)})"
        )
    _print_errors(samples)


def _print_errors(samples) -> None:
    errors = Counter(s.error for s in samples if not s.ok)
    for message, count in errors.most_common(8):
        print(f"  error x{count}: {message[:300]}")


def _verdict(ok: bool) -> str:
    return "ok" if ok else "NOT MET"


def ramp_knee(results: list[dict]) -> dict | None:
    """The step with the highest throughput whose p95 (every request) stayed under 500 ms, without errors."""
    good = [
        r
        for r in results
        if r["samples"] and percentile([s.ms for s in r["samples"]], 95) < PAGE_P95_MS and not run_errors(r["samples"])
    ]
    return max(good, key=lambda r: len(r["samples"]) / r["seconds"], default=None)


def print_ramp(results: list[dict], knee: dict | None) -> None:
    print("\n-- ramp without think time (closed loop: each user's next action when the last one answered)")
    print(
        f"{'users':>6}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}"
        f"{'pages p95':>10}{'saves p95':>10}{'load':>6}{'cpu ms/req':>11}"
    )
    for r in results:
        samples = r["samples"]
        ms = [s.ms for s in samples]
        pages = [s.ms for s in samples if s.kind in PAGES]
        writes = [s.ms for s in samples if s.kind in WRITES]
        print(
            f"{r['users']:>6}{len(samples):>9}{run_errors(samples):>8}{len(samples) / r['seconds']:>8.1f}"
            f"{percentile(ms, 50):>8.0f}{percentile(ms, 95):>8.0f}{percentile(ms, 99):>8.0f}"
            f"{percentile(pages, 95):>10.0f}{percentile(writes, 95):>10.0f}{r['load']:>6.1f}"
            f"{1000 * sum(r['cpu']) / max(1, len(samples)):>11.0f}"
        )
        _print_errors(samples)
    if knee is None:
        print("saturation: no step had p95 < 500 ms without errors")
        return
    rate = len(knee["samples"]) / knee["seconds"]
    p95 = percentile([s.ms for s in knee["samples"]], 95)
    print(
        cpu_line(
            tuple(map(sum, zip(*(r["cpu"] for r in results), strict=True))), sum(len(r["samples"]) for r in results)
        )
    )
    print(
        f"saturation throughput at p95 < {PAGE_P95_MS} ms: {rate:.1f} requests/s ({knee['users']} users, p95 {p95:.0f} ms)"
        f" = {rate / TODAY_REQ_S:.1f}x the {TODAY_REQ_S} requests/s of issue 16 (target >= 3x: {_verdict(rate >= 3 * TODAY_REQ_S)})"
    )


def print_writes(writes, lost: dict[str, int]) -> None:
    print(
        f"\n-- lost writes: {len(writes.saves)} saves and {len(writes.uploads)} uploads answered success; "
        f"looked for in the database and on storage after the server stopped"
    )
    for what, count in lost.items():
        print(f"  {what}: {count}")
    print(f"lost writes: {sum(lost.values())} (0: {_verdict(not sum(lost.values()))})")
