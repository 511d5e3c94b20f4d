"""Shared parts of the recommendation benchmarks: data and splits, baselines, tuning."""
