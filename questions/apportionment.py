"""Split N questions over domain weights: largest-remainder (Hamilton) apportionment.

Exact integer arithmetic only. Ties for a remaining seat go to the larger weight, then to the
lower domain number, so the result is deterministic: 75 over DOP-C02's 22/17/15/15/14/17 gives
17/13/11/11/10/13.
"""

from collections.abc import Mapping


def apportion(total: int, weights: Mapping[int, int]) -> dict[int, int]:
    """Share `total` questions among domains (number → weight); the shares sum to `total`."""
    if total < 0:
        raise ValueError("The number of questions cannot be negative.")
    if not weights:
        if total:
            raise ValueError("Cannot share questions among no domains.")
        return {}
    if any(weight <= 0 for weight in weights.values()):
        raise ValueError("Every domain weight must be positive.")
    weight_sum = sum(weights.values())
    shares: dict[int, int] = {}
    remainders: dict[int, int] = {}
    for number, weight in weights.items():
        # quota = total * weight / weight_sum, kept as floor and integer remainder
        shares[number], remainders[number] = divmod(total * weight, weight_sum)
    left = total - sum(shares.values())
    by_priority = sorted(weights, key=lambda n: (-remainders[n], -weights[n], n))
    for number in by_priority[:left]:
        shares[number] += 1
    return dict(sorted(shares.items()))
