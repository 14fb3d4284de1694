"""Staff review: roles, cards, reasons, the relay to staff, reports and exports."""
