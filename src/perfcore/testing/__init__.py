"""Test tools for apps built on perfcore.

``perfcore.testing.contracts`` holds test bases that strategy authors subclass
to prove their strategy honours perfcore's contracts. These modules need
pytest and hypothesis (``pip install 'perfcore[testing]'``); importing
``perfcore`` itself never imports them.
"""
