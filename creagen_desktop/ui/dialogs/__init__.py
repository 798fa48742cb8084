"""Panels and dialogs: they draw and emit signals; the rooms that own them do the work."""
