"""The Brand section: the brief."""
