"""Who runs a query in Oxigraph next: a bounded number at once, at most PER_CLIENT of them for one client address,
the waiting ones served client by client in turn (round robin), so one client's flood of heavy queries cannot
starve another's; beyond the bounded queues, 429 (this client) or 503 (everyone), both with Retry-After."""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque

from .healing import RETRY_AFTER_S


class Busy(Exception):
    """No place in the queue: `status` is 429 (this client has too many) or 503 (the server has too many)."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status, self.headers = status, {"Retry-After": str(RETRY_AFTER_S)}


class Slots:
    """`size` slots; a client holds at most `per_client`; at most `queue` requests wait, `per_client_queue` of them
    from one client. Slots by hand, not asyncio.Semaphore, whose waiting path asks for the running loop (a
    getpid() system call each time: DEVELOPERS.md has what that cost)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, size: int, per_client: int, queue: int,
                 per_client_queue: int) -> None:
        self.loop, self.free, self.per_client = loop, size, per_client
        self.queue, self.per_client_queue = queue, per_client_queue
        self.running: dict[str, int] = {}
        self.waiting: OrderedDict[str, deque[asyncio.Future]] = OrderedDict()  # clients in turn order

    async def acquire(self, client: str, deadline: float) -> None:
        """A slot for `client`; TimeoutError at the deadline, Busy when the queues are full."""
        if self.free and self.running.get(client, 0) < self.per_client:
            self._grant(client)
            return
        waiting = self._prune()
        mine = self.waiting.setdefault(client, deque())
        if sum(not turn.done() for turn in mine) >= self.per_client_queue:
            raise Busy("429 Too Many Requests", f"this address has {self.running.get(client, 0) + len(mine)} "
                       "queries running or waiting; wait for their answers")
        if waiting >= self.queue:
            raise Busy("503 Service Unavailable", f"the server is busy ({waiting} queries wait); retry later")
        turn = self.loop.create_future()
        mine.append(turn)
        timer = self.loop.call_at(deadline, lambda: turn.done() or turn.set_exception(TimeoutError()))
        try:
            await turn
        except asyncio.CancelledError:  # the client went away: a slot granted meanwhile goes on
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self.release(client)
            raise
        finally:
            timer.cancel()

    def release(self, client: str) -> None:
        left = self.running[client] - 1
        if left:
            self.running[client] = left
        else:
            del self.running[client]
        self.free += 1
        self._dispatch()

    def _grant(self, client: str) -> None:
        self.free -= 1
        self.running[client] = self.running.get(client, 0) + 1

    def _dispatch(self) -> None:
        """Free slots to waiting clients in turn: the first client in turn order that is under its cap gets one,
        then goes to the back of the line."""
        while self.free:
            for client, turns in self.waiting.items():
                while turns and turns[0].done():  # timed out or cancelled while waiting
                    turns.popleft()
                if turns and self.running.get(client, 0) < self.per_client:
                    self._grant(client)
                    turns.popleft().set_result(None)
                    if turns:
                        self.waiting.move_to_end(client)
                    else:
                        del self.waiting[client]
                    break
            else:
                self._prune()
                return

    def _prune(self) -> int:
        """Drop the turns that ended while waiting and the clients left with none; the number still waiting."""
        total = 0
        for client in list(self.waiting):
            turns = self.waiting[client]
            while turns and turns[0].done():
                turns.popleft()
            if turns:
                total += sum(not turn.done() for turn in turns)
            else:
                del self.waiting[client]
        return total
