"""The vocabulary every room shares: names of programmes, regions and answers, money, dates,
phones, and the words staff views use."""
