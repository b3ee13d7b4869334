"""Stage 2, what the package ships: clause slots and their options, model-document blueprints,
the register of sources, the Jinja sandbox clause texts run in, the lint and the JSON Schema."""
