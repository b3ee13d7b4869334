"""agreement-kit: draft labour-mobility agreements from a clause library and negotiation parameters.

The pipeline (see README "Architecture"): parameters (:mod:`params`) and the clause library
(:mod:`library`) meet a blueprint (:mod:`blueprint`); :mod:`assemble` turns them into one
:class:`~agreement_kit.draft.Draft`; renderers in :mod:`agreement_kit.render` write DOCX, HTML,
PDF and Markdown from that Draft alone.
"""

__version__ = "0.1.0"
