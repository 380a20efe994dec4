"""The bare stack: the least a Django + django-ninja service can do for a submission (validate
a JSON body, insert four rows in one transaction, answer 201) and for a trivial read (one row
by key). Served by gunicorn like qyzmet, on the same database, so that qyzmet's figures can be
read as a ratio of what the stack itself allows (``bench/ratios.py``)."""
