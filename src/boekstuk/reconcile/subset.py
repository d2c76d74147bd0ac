"""Bounded subset sum: which few open amounts add up to one payment.

In: amounts in cents (negative ones are credit notes), a target in cents, bounds. Out: the
index sets that sum to the target exactly, smallest first. The search is depth-first with a
node budget, so a customer with hundreds of open invoices costs a bounded amount of time;
nothing raises.

>>> exact_subsets([15000, 2500, 7000, -5000, 10000], 20000, max_size=3)
[(0, 3, 4)]
>>> exact_subsets([5000, 5000, 5000], 10000)
[(0, 1), (0, 2), (1, 2)]
"""

from __future__ import annotations

from collections.abc import Sequence


def exact_subsets(
    amounts: Sequence[int],
    target: int,
    *,
    max_size: int = 5,
    min_size: int = 2,
    max_nodes: int = 50_000,
    max_results: int = 10,
) -> list[tuple[int, ...]]:
    """Index tuples of ``min_size``..``max_size`` amounts whose sum is ``target``."""
    order = sorted(range(len(amounts)), key=lambda i: -abs(amounts[i]))
    values = [amounts[i] for i in order]
    # Bounds for pruning: the most and least the remaining items can still add.
    n = len(values)
    pos_suffix = [0] * (n + 1)
    neg_suffix = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        pos_suffix[i] = pos_suffix[i + 1] + max(values[i], 0)
        neg_suffix[i] = neg_suffix[i + 1] + min(values[i], 0)
    results: list[tuple[int, ...]] = []
    nodes = 0
    chosen: list[int] = []

    def walk(start: int, total: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > max_nodes or len(results) >= max_results:
            return False
        if total == target and len(chosen) >= min_size:
            results.append(tuple(sorted(order[i] for i in chosen)))
        if len(chosen) >= max_size:
            return True
        for i in range(start, n):
            remaining = target - total
            if remaining > pos_suffix[i] or remaining < neg_suffix[i]:
                break
            chosen.append(i)
            more = walk(i + 1, total + values[i])
            chosen.pop()
            if not more:
                return False
        return True

    walk(0, 0)
    results.sort(key=len)
    return results
