"""The writing surface: the ghost-text editor, one document tab, Markdown colouring, find and replace."""
