"""Reproducible random draws: pure functions of (seed, inputs), no database.

- `sample_ids(ids, n, seed)`: a simple random sample of record ids (handbook spot checks).
- `draw(strata, size, seed)`: instructors stratified by committee, weighted within a stratum.
  Each stratum gets seats in proportion to its size (largest remainder, ties by stratum key);
  within a stratum, weighted sampling without replacement by Efraimidis–Spirakis keys
  u^(1/w), u drawn from `random.Random(seed)` in the order of the sorted ids.
"""

import random
from decimal import ROUND_FLOOR, Decimal


def sample_ids(ids, n: int, seed: int) -> list[int]:
    population = sorted(set(ids))
    return sorted(random.Random(seed).sample(population, min(n, len(population))))


def seats(strata: dict[str, list], size: int) -> dict[str, int]:
    total = sum(len(members) for members in strata.values())
    if not total:
        return {key: 0 for key in strata}
    size = min(size, total)
    exact = {
        key: Decimal(size * len(members)) / total for key, members in strata.items()
    }
    result = {
        key: int(value.to_integral_value(ROUND_FLOOR)) for key, value in exact.items()
    }
    left = size - sum(result.values())
    for key in sorted(strata, key=lambda k: (-(exact[k] - result[k]), k))[:left]:
        result[key] += 1
    return result


def draw(strata: dict[str, list[list[int]]], size: int, seed: int) -> list[int]:
    """strata: {committee id: [[instructor id, weight ≥ 1], …]} → the drawn instructor ids."""
    rng = random.Random(seed)
    chosen = []
    per_stratum = seats(strata, size)
    for key in sorted(strata):
        members = sorted(strata[key])
        keyed = sorted(
            ((rng.random() ** (1 / max(weight, 1)), pk) for pk, weight in members),
            reverse=True,
        )
        chosen.extend(pk for _, pk in keyed[: per_stratum[key]])
    return sorted(chosen)
