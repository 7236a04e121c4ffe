"""Keeping Oxigraph up under `tropekg serve`: a dead engine is restarted after a growing pause, within a budget of
restarts per window; past the budget the server gives up (ServerFailed, exit 1) so that a supervisor restarts it."""

from __future__ import annotations

import signal
import time
from collections import deque
from collections.abc import Callable

MAX_RESTARTS = 5  # within WINDOW_S; one more death ends the server
WINDOW_S = 60.0
FIRST_DELAY_S = 0.1  # the pause before the first restart, doubled for each recent death, at most MAX_DELAY_S
MAX_DELAY_S = 3.0
RETRY_AFTER_S = 1  # what a client is told to wait (RFC 9110, 10.2.3) while the engine is down


class Budget:
    """The deaths of the last `window` seconds; `death()` says how long to pause before the next start, or None
    when the budget is spent."""

    def __init__(self, restarts: int = MAX_RESTARTS, window: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.restarts, self.window, self.clock = restarts, window, clock
        self.deaths: deque[float] = deque()

    def death(self) -> float | None:
        now = self.clock()
        self.deaths.append(now)
        while self.deaths[0] < now - self.window:
            self.deaths.popleft()
        if len(self.deaths) > self.restarts:
            return None
        return min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** (len(self.deaths) - 1))


def ended(returncode: int | None) -> str:
    """How a process ended, in words: "killed by SIGKILL", "exited with status 1"."""
    if returncode is None:
        return "still running"
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"
