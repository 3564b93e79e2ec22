"""SPARQL for the service: reading query text (``text``), evaluating with the service's limits and
writing answers (``results``), and evaluating in worker processes that can be stopped (``isolated``,
``worker``). Every answer the web and the CLI give goes through :func:`answer_query` or
:func:`run_query`."""

from service.sparql.results import Overflow, Result, answer_query, render_table, run_query
from service.sparql.text import (add_using, check_no_load, check_service_calls, check_shape, query_variables,
                                 service_calls)

__all__ = ["Overflow", "Result", "answer_query", "render_table", "run_query", "add_using", "check_no_load", "check_service_calls",
           "check_shape", "query_variables", "service_calls"]
