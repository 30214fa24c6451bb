"""Local stand-ins for the platforms Rumbo talks to, as real HTTP servers on 127.0.0.1."""
