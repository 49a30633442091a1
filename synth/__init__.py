"""Synthetic corpus generator with ground truth, for benchmarks and round-trip tests (`ogi synth`)."""
