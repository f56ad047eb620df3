"""The account: node amounts, terms, due dates, payments, interest, notices and limitation, computed once."""
