"""Read models: the plain, frozen views every service answers with and the edges render."""
