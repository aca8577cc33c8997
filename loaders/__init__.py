"""Documents → records: reading (``read``), extraction (``extract``), the batch over files
(``pipeline``) and the measures of extraction (``quality``)."""
