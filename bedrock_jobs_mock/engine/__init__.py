"""The engine: model-driven protocols and validation, dispatch, state, time and
the shared mechanisms of every job family. It knows no door and no client."""
