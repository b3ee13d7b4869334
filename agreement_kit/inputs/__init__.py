"""Stage 1, what a user writes: safe YAML with the line of every key, the negotiation
parameters (pydantic) and the translation of validation errors into file:line:field messages."""
