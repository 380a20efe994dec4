"""Who may act for whom: mandates (powers of attorney), guardianships, companies, and the one
selector every channel asks (``selectors.acting_for``, ``represented_by``)."""
