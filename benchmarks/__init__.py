"""Benchmarks (not tests): scripts that print figures and PASS/FAIL against targets."""
