"""agreement-kit: draft labour-mobility agreements from a clause library and negotiation parameters.

The folders are the pipeline's stages (see README "Architecture"):
:mod:`~agreement_kit.inputs` reads and validates a parameter file;
:mod:`~agreement_kit.library` loads the clause library and blueprints;
:mod:`~agreement_kit.assemble` turns them into one :class:`~agreement_kit.model.draft.Draft`;
:mod:`~agreement_kit.negotiate` builds redlines, briefs and reviews from Drafts;
:mod:`~agreement_kit.render` writes DOCX, HTML, PDF and Markdown from the models alone;
:mod:`~agreement_kit.cli` and :mod:`~agreement_kit.output` are the face.
"""

__version__ = "0.1.0"
