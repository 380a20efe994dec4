"""What operators watch: Prometheus metrics of the requests served and of the state the
database holds (job queues, failed webhooks, exchange refusals, overdue cases), served on an
address of their own (``QYZMET_METRICS_ADDRESS``), never to the public."""
