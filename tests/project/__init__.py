"""The assembled project: settings, URLs, error pages, the menu, the forms every app shares."""
