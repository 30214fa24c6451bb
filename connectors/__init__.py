"""One package per chat platform; each owns its client, renderers and intake, and exposes `register(app, deps)`.

Connectors never import the gateway (`bot`): what they need comes in `connectors.deps.Deps`.
"""
