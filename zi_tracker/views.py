"""The project's own endpoint: the health check load balancers and monitoring call."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from zi_tracker.storage import storage_problem

logger = logging.getLogger(__name__)


@never_cache
@login_not_required
def healthz(request):
    """200 when the database answers and evidence storage is usable; 503 naming what failed.

    Cheap by design (it is the baseline of the page benchmarks): one `SELECT 1`, a stat of the
    evidence directory, or on object storage a bucket check remembered for a few seconds. The
    reasons are short and hold no addresses or secrets; the log has the full error.
    """
    failed = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        logger.error("healthz: database check failed: %s", error)
        failed["database"] = f"unavailable ({type(error).__name__})"
    problem = storage_problem(default_storage)
    if problem:
        logger.error("healthz: storage check failed: %s", problem)
        failed["storage"] = problem
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok"})
