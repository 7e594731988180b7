"""Microsoft Graph: signing in with MSAL and reading the tenant's view of a user and device."""
