"""The policy-document audit: an announcement's date, signer and topics judged as evidence for
an item and year."""
