"""The examples in docstrings are run, so they cannot drift from the code."""

import doctest
import importlib

import pytest

MODULES = ["service.nlp.dates", "service.formats", "service.reader.text", "service.web.answer_cache",
           "service.nlp.identity", "service.mapping.iris", "service.web.links"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
