"""The tenant side: what Microsoft Graph said about the user and the device (pure, no network)."""
