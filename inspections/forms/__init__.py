"""Forms of the inspections pages, one module per concern: a round's set-up and status (rounds),
scores typed in (sheets), adjustments and photos (records), remarks and rectification items (review)."""
