"""The Calendar section: the calendar view and the post form."""
