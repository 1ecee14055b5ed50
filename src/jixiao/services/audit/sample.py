"""A reproducible, risk-weighted sample of forms for 抽查复核.

Most of the sample is drawn with probability growing with the risk score (weighted sampling
without replacement, Efraimidis–Spirakis: the N smallest keys −ln(u)/w, w = risk); a share is
drawn uniformly from the low-risk forms, so that a unit cannot escape review by keeping its
forms just below every signal. Each form's u comes from a hash of the seed, its file and its
index, so the sample depends on the seed and the forms only — not on the order in which files
were read, the number of processes or the machine. Held in memory: 2 × N candidates.
"""

from __future__ import annotations

import hashlib
import heapq
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["LOW_RISK", "LOW_SHARE", "Candidate", "Sampler"]

#: Forms below this risk form the low-risk stratum.
LOW_RISK = Decimal(20)
#: The share of the sample drawn uniformly from the low-risk forms (at least one form).
LOW_SHARE = Decimal("0.2")
_SCALE = Decimal(2) ** 64


@dataclass(frozen=True, order=True)
class Candidate:
    """A form that may enter the sample; ordered by its key (smaller wins), then its place."""

    key: Decimal
    file: str
    index: int
    project_name: str
    risk: Decimal
    reasons: str
    risky: bool


class Sampler:
    """Draws `size` forms with `seed`; feed it every form with `offer`, then `sample()`."""

    def __init__(self, size: int, seed: int) -> None:
        self.size, self.seed = size, seed
        low = max(1, int((Decimal(size) * LOW_SHARE).to_integral_value())) if size else 0
        self.low_size = min(size, low)
        self._risky: list[tuple[Decimal, str, int, Candidate]] = []  # max-heap via negated keys
        self._low: list[tuple[Decimal, str, int, Candidate]] = []

    def uniform(self, file: str, index: int) -> Decimal:
        """The form's u in (0, 1), from the seed, its file and index."""
        digest = hashlib.sha256(f"{self.seed}\0{file}\0{index}".encode()).digest()
        return (Decimal(int.from_bytes(digest[:8], "big")) + 1) / (_SCALE + 1)

    def offer(self, file: str, index: int, project_name: str, risk: Decimal, reasons: str) -> None:
        if not self.size:
            return
        u = self.uniform(file, index)
        risky = risk >= LOW_RISK
        if risky:
            key = -u.ln() / risk
            heap = self._risky
        else:
            key = u
            heap = self._low
        candidate = Candidate(key, file, index, project_name, risk, reasons, risky)
        entry = (-key, file, index, candidate)
        if len(heap) < self.size:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)

    def sample(self) -> list[Candidate]:
        """The sample, riskiest first (then by file and index)."""
        risky = sorted(c for *_, c in self._risky)
        low = sorted(c for *_, c in self._low)
        take_risky = min(len(risky), self.size - min(self.low_size, len(low)))
        chosen = risky[:take_risky] + low[:self.size - take_risky]
        return sorted(chosen, key=lambda c: (-c.risk, c.file, c.index))
