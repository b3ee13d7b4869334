"""The plain data every renderer reads: the Draft, the Redline, the Brief and the Review.

Dataclasses only; nothing here imports a builder, the library, the parameters or a renderer.
"""
