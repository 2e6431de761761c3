"""Every error carries a code, and the service's one table gives every code its HTTP status.

The codes are the API's error contract: a class or a code the table misses would be answered as a
crash, so these tests walk every ``HighlightsError`` subclass in the package and every code the
service's source writes down.
"""
from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import highlights
from highlights import errors
from highlights.errors import HighlightsError
from highlights.rewrite import WriterError

pytest.importorskip("fastapi", reason="the service extra is not installed (pip install -e '.[service]')")

from highlights.service.errors import CODES, STATUS, ApiError  # noqa: E402

SERVICE = Path(highlights.__file__).parent / "service"


def subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def every_error_class() -> list[type[HighlightsError]]:
    """``HighlightsError`` and its subclasses, wherever in the package they are defined."""
    for module in pkgutil.walk_packages(highlights.__path__, "highlights."):
        if module.name.endswith("__main__") or module.name == "highlights.service.preload":
            continue  # running the CLI, loading the models
        try:
            importlib.import_module(module.name)
        except ModuleNotFoundError as exc:  # an optional extra that is not installed
            if (exc.name or "").startswith("highlights"):
                raise
    return [HighlightsError, *subclasses(HighlightsError)]


def test_every_error_class_has_a_code_the_table_maps():
    classes = every_error_class()
    assert len(classes) > len(vars(errors)) // 2  # the walk found the package's classes
    for cls in classes:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", cls.code), cls
        assert cls.code in STATUS, f"{cls.__module__}.{cls.__name__}.code {cls.code!r} is not in service.errors.STATUS"


def test_each_class_of_the_hierarchy_says_its_code_itself():
    for cls in (c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, HighlightsError)):
        assert "code" in vars(cls), f"{cls.__name__} inherits its code; the hierarchy names each one"


def test_the_codes_clients_see_today_are_kept():
    assert errors.EmptyInputError.code == "empty_input"
    assert errors.TooLongError.code == "too_long"
    assert errors.LanguageError.code == "unsupported_language"
    assert errors.InputError.code == errors.FormatError.code == HighlightsError.code == "invalid_input"
    assert errors.StoreError.code == "store_unavailable"
    assert {code: STATUS[code] for code in ("empty_input", "too_long", "unsupported_language", "invalid_input")} == \
        dict.fromkeys(("empty_input", "too_long", "unsupported_language", "invalid_input"), 422)
    assert STATUS["store_unavailable"] == 503


def test_a_language_model_that_fails_is_the_servers_fault_not_the_inputs():
    assert WriterError.code == "writer_unavailable" and STATUS["writer_unavailable"] == 503


def test_a_library_error_is_answered_with_its_code_and_the_tables_status():
    for cls in every_error_class():
        answer = ApiError.from_error(cls("is bad"), field="articles[1].text")
        assert (answer.status, answer.error) == (STATUS[cls.code], cls.code)
        assert answer.message == "articles[1].text: is bad" and answer.field == "articles[1].text"
    named = ApiError.from_error(errors.EmptyInputError("is empty", source="page.html"), field="html")
    assert named.message == "page.html: is empty"  # the error names its input already


def written_codes() -> Iterator[tuple[str, int, str, int | None]]:
    """(file, line, code, status or None) of each code the service's source writes: ``ApiError.of(code, ...)``
    (or ``ApiError(code, ...)``), ``error_response(status, code, ...)``, ``Refusal(status, code, ...)`` and a
    worker's ``("error", status, code, ...)`` answer."""
    for path in sorted(SERVICE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            args: list[ast.expr] = []
            if isinstance(node, ast.Call):
                called = ast.unparse(node.func)
                if called in ("ApiError.of", "ApiError"):
                    args = [ast.Constant(None), *node.args]  # no status: the table's
                elif called in ("error_response", "Refusal"):
                    args = list(node.args)
            elif isinstance(node, ast.Tuple) and node.elts and getattr(node.elts[0], "value", None) == "error":
                args = list(node.elts[1:])
            if len(args) >= 2 and isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
                status = args[0].value if isinstance(args[0], ast.Constant) else None
                yield path.name, node.lineno, args[1].value, status


def test_every_code_the_service_writes_is_in_the_table_with_its_status():
    found = list(written_codes())
    assert {"timeout", "overloaded", "unauthorized", "too_large", "body_timeout", "not_found"} <= {c for _, _, c, _ in found}
    for file, line, code, status in found:
        assert code in STATUS, f"{file}:{line}: {code!r} is not in service.errors.STATUS"
        assert status is None or status == STATUS[code], f"{file}:{line}: {code!r} sent as {status}, not {STATUS[code]}"


def test_starlettes_statuses_get_codes_of_the_table():
    for status, code in CODES.items():
        assert STATUS[code] == status
    assert ApiError.of("overloaded", "busy").status == ApiError("overloaded", "busy").status == 503
    with pytest.raises(KeyError):
        ApiError.of("no_such_code", "a code the table lacks is a bug, found by the tests above")
