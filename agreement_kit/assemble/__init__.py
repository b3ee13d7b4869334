"""Stage 3, parameters + library + blueprint -> Draft: resolving each slot's choice, filling in
texts, numbering, cross-references, definitions and provenance."""
