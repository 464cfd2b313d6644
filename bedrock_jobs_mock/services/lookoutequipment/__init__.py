"""Amazon Lookout for Equipment (ImportModelVersion and what it needs)."""
