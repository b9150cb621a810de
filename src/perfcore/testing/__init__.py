"""Test tools for apps built on perfcore.

``perfcore.testing.contracts`` holds test bases that strategy authors subclass
to prove their strategy honours perfcore's contracts. These modules need
hypothesis (``pip install 'perfcore[testing]'``) and no test runner of their
own (pytest, say, collects the contracts and the state machine's test case);
importing ``perfcore`` or this package itself never imports hypothesis.
"""
