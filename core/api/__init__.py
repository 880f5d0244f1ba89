"""REST API foundations shared by every endpoint: auth, permissions, errors, base viewsets."""
