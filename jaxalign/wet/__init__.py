"""Weak effective theory below the electroweak scale."""
