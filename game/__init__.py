"""Digit Dash: draw digits, a from-scratch NumPy network reads them."""
