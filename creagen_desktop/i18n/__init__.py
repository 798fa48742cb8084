"""The app's translations: Qt Linguist sources (.ts) and the built files ui.i18n loads (.qm)."""
