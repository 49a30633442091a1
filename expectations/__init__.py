"""Expectations: the balance rules (勾稽关系) and plausibility rules, run with great-expectations.

Results are stored in the warehouse (`raw.check_results`, modelled as `marts.fct_check_results`).
"""
