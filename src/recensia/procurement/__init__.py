"""Buying AI responsibly: award-criteria grids, clauses, scoring of offers.

The pure logic (``grid``, ``scoring``, ``clauses``, ``documents``) imports no Django; the
Django side (models, services, selectors, views) stores grids, clause choices and offers.
"""
