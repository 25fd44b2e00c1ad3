"""Children's Improvement Board performance dashboard: the domain package."""
