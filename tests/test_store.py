"""The store: its memory limit, from the argument or the environment."""

from __future__ import annotations

import pytest

from showmeter.errors import UsageError
from showmeter.store import MEMORY_LIMIT_VARIABLE, Store


def _limit(store: Store) -> str:
    return str(store.connection.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])


def test_the_memory_limit_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "300MB")
    assert _limit(Store()) == "286.1 MiB"  # 300 * 1000^2 bytes, shown in MiB
    assert _limit(Store(memory_limit="1GiB")) == "1.0 GiB"


def test_a_bad_memory_limit_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MEMORY_LIMIT_VARIABLE, "lots")
    with pytest.raises(UsageError) as error:
        Store()
    assert error.value.exit_code == 2
    assert "--memory-limit" in str(error.value)
