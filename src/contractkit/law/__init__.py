"""The law: what each jurisdiction provides where the contract is silent, its calendars and reference rates."""
