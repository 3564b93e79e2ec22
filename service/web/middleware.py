"""Cross-cutting HTTP concerns: CORS on every answer, and request metrics for ``/metrics``
(Prometheus text format), counted in-process under a lock."""

from __future__ import annotations

import threading
import time
from collections import defaultdict

from flask import Blueprint, Flask, Response, g, request

bp = Blueprint("metrics", __name__)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Authorization, Content-Type",
    "Access-Control-Max-Age": "86400",
}


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, str, int], int] = defaultdict(int)
        self.latency_sum: dict[str, float] = defaultdict(float)
        self.latency_count: dict[str, int] = defaultdict(int)

    def observe(self, route: str, method: str, status: int, seconds: float) -> None:
        with self._lock:
            self.requests[(route, method, status)] += 1
            self.latency_sum[route] += seconds
            self.latency_count[route] += 1

    def snapshot(self):
        with self._lock:
            return dict(self.requests), dict(self.latency_sum), dict(self.latency_count)


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def install(app: Flask) -> None:
    metrics = Metrics()
    app.extensions["newskg_metrics"] = metrics

    @app.before_request
    def _start():
        g.newskg_started = time.perf_counter()

    @app.after_request
    def _finish(resp: Response):
        resp.headers.update(CORS_HEADERS)
        started = g.get("newskg_started")
        if started is not None:
            route = request.url_rule.rule if request.url_rule is not None else "unmatched"
            metrics.observe(route, request.method, resp.status_code, time.perf_counter() - started)
        return resp

    app.register_blueprint(bp)


@bp.route("/metrics")
def metrics_text():
    from flask import current_app

    from service.web.pages import holdings

    requests, sums, counts = current_app.extensions["newskg_metrics"].snapshot()
    lines = ["# HELP newskg_http_requests_total HTTP requests answered, by route, method and status.",
             "# TYPE newskg_http_requests_total counter"]
    for (route, method, status), n in sorted(requests.items()):
        lines.append(f'newskg_http_requests_total{{route="{_label(route)}",method="{method}",status="{status}"}} {n}')
    lines += ["# HELP newskg_http_request_duration_seconds Time spent answering requests, by route.",
              "# TYPE newskg_http_request_duration_seconds summary"]
    for route in sorted(sums):
        lines.append(f'newskg_http_request_duration_seconds_sum{{route="{_label(route)}"}} {sums[route]:.6f}')
        lines.append(f'newskg_http_request_duration_seconds_count{{route="{_label(route)}"}} {counts[route]}')
    answers = current_app.extensions["newskg"].answers
    lines += ["# HELP newskg_answer_cache_total SPARQL answers served from the answer cache (hit) or computed (miss).",
              "# TYPE newskg_answer_cache_total counter",
              f'newskg_answer_cache_total{{result="hit"}} {answers.hits}',
              f'newskg_answer_cache_total{{result="miss"}} {answers.misses}']
    held = holdings()
    for name in ("quads", "articles", "claims", "actors", "places"):
        lines += [f"# HELP newskg_{name} {name.capitalize()} in the store.", f"# TYPE newskg_{name} gauge",
                  f"newskg_{name} {held[name]}"]
    store = current_app.extensions["newskg"].store
    if hasattr(store, "status"):
        status = store.status()
        lines += ["# HELP newskg_query_workers_total Queries by how their worker process ended them.",
                  "# TYPE newskg_query_workers_total counter"]
        for event in ("answered", "timeouts", "memory", "crashes", "waited"):
            lines.append(f'newskg_query_workers_total{{event="{event}"}} {status.get(event, 0)}')
    lines += ["# HELP newskg_write_failures_total Store writes that failed (disk full, I/O error).",
              "# TYPE newskg_write_failures_total counter",
              f"newskg_write_failures_total {getattr(store, 'write_failures', 0)}"]
    return Response("\n".join(lines) + "\n", content_type="text/plain; version=0.0.4; charset=utf-8")
