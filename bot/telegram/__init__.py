"""The runtime: taking updates in, one dispatcher and its middlewares, Bot API limits and retries,
the service, the console. It knows no feature: those are the routers of `handlers/`."""
