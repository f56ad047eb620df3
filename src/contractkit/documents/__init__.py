"""Template contexts for the contract, the application pack, the letters and the report, read off the account."""
