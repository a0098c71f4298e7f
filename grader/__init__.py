"""Automated grading of theory-heavy machine-learning homework.

Data flows submission text → segments → extracted answers → checks → part
results → reports; each stage is one subpackage (see README, "Layout").
"""
