"""Stage 4, builders over Drafts for negotiators: compare -> Redline, brief -> Brief,
review -> Review. They produce models; :mod:`agreement_kit.render` writes them."""
