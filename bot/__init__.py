"""Jumys Bot: state employment measures for job seekers in Kazakhstan, in Kazakh and Russian."""
