"""Jumys Bot: state employment programmes of Kazakhstan, eligibility and applications."""
