"""Choosing an offer without Django: bandit policies over per-offer counts.

``bandit`` holds the policies (Thompson sampling on clicks and conversions, and the
uniform-random and epsilon-greedy baselines), which share one interface: given each
offer's impressions, clicks and conversions in a segment and which offers this shopper may
see, pick one. Inputs are plain numpy arrays and a ``numpy.random.Generator``, so a choice is
reproducible from its seed.
"""
