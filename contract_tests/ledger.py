"""The run's ledger of its traffic, for the summary: what was sent, answered, withheld or left
unsent, the transient answers met on the way, and the charge boxes the run created and deleted
(what the clean-up must delete)."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from contract_tests.paths import COLLECTION, chargebox_of, id_segment, spec_path


@dataclass(frozen=True)
class Blip:
    """A transient answer that a later attempt of the same request got past (or did not)."""

    request: str
    seen: str
    attempts: int
    recovered: bool


@dataclass(kw_only=True)
class Ledger:
    """What went through the gate; safe to write from several threads."""

    # The charge boxes this run created, as their ids came on the wire (42, or "42" from a
    # drifted server: a run deletes what it created whatever the type), and the path segments
    # of those it deleted.
    created_ids: list[int | str] = field(default_factory=list)
    deleted_ids: set[str] = field(default_factory=set)
    answers: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    sent: Counter[str] = field(default_factory=Counter)
    withheld: Counter[str] = field(default_factory=Counter)
    blips: list[Blip] = field(default_factory=list)
    # Why the run stopped sending before it was done (its time budget); "" while it is not.
    out_of_time: str = ""
    undeleted: dict[str, str] = field(default_factory=dict)  # id -> why the clean-up failed
    unsent: Counter[str] = field(default_factory=Counter)  # requests not sent for want of time
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def created_segments(self) -> list[str]:
        """The path segments of the charge boxes this run created, in order."""
        return [segment for i in self.created_ids if (segment := id_segment(i)) is not None]

    def not_deleted(self) -> list[str]:
        """What this run created and has not (yet) deleted, as path segments."""
        return [i for i in self.created_segments() if i not in self.deleted_ids]

    def count_sent(self, method: str) -> None:
        """One request of `method` left the machine."""
        with self._lock:
            self.sent[method] += 1

    def count_answer(self, method: str, path: str, status: int) -> None:
        """`method` on `path` was answered `status`; counted by the spec's operation."""
        with self._lock:
            self.answers[f"{method} {spec_path(path)}"][status] += 1

    def count_withheld(self, label: str) -> None:
        """The request `label` was not sent: it could change what the run did not create."""
        with self._lock:
            self.withheld[label] += 1

    def count_unsent(self, label: str) -> None:
        """The request `label` was not sent for want of time."""
        with self._lock:
            self.unsent[label] += 1

    def note_out_of_time(self, why: str) -> None:
        """The sending stopped, for `why`; the first reason is kept (when it stopped)."""
        with self._lock:
            self.out_of_time = self.out_of_time or why

    def note_blip(self, label: str, seen: list[str], *, recovered: bool) -> None:
        """`label` met the transient answers `seen` before it settled (`recovered` or not)."""
        if seen:
            with self._lock:
                self.blips.append(Blip(label, ", ".join(seen), len(seen) + recovered, recovered))

    def remember(self, method: str, path: str, answer: object) -> None:
        """Keep the ids of the charge boxes this run created, and of those it deleted.

        Any 2xx to a create counts (a drifted server may answer 200), with the id as it came,
        whatever its type: what the run created is deleted even when its answer was drift.
        """
        status = getattr(answer, "status_code", 0)
        if method == "DELETE" and 200 <= status < 300:
            chargebox = chargebox_of(path)
            if chargebox is not None:
                with self._lock:
                    self.deleted_ids.add(chargebox)
        if method != "POST" or path != COLLECTION or not 200 <= status < 300:
            return
        try:
            body = answer.json()  # type: ignore[attr-defined]
        except ValueError:
            return
        created = body.get("id") if isinstance(body, dict) else None
        if isinstance(created, int | float | str) and id_segment(created) is not None:
            with self._lock:
                self.created_ids.append(int(created) if isinstance(created, float) else created)
