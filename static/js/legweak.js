// Legweak's only script of its own: progressive enhancement on top of htmx.
// Every page works without it.
"use strict";
