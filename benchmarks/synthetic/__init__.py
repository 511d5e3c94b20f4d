"""Generated data for tests and benchmarks only; the engines never import it."""

from benchmarks.synthetic.shop import SyntheticShop, generate_shop

__all__ = ["SyntheticShop", "generate_shop"]
