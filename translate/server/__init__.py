"""The HTTP servers: the post-editing review server and the LibreTranslate-compatible API.

Each is an ASGI app built by a factory from its settings (Starlette routes and middleware), run by
:func:`translate.server.serving.serve` under uvicorn. Servers call the pipeline and the stages below it;
nothing below imports a server.
"""
