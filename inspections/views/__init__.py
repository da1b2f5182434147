"""Views of the inspections pages, one module per concern: a round's set-up and status (rounds), its
results (results), the judge's pages (judging), staff's work on sheets (sheets), adjustments and
photos (records), boards (boards), remarks and rectification items (review)."""
