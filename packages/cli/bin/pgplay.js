#!/usr/bin/env node
// The bin stays a checked-in file so pnpm can link it before the first build. It runs the
// bundled command (scripts/bundle-cli.mjs: half the start-up CPU of the unbundled build).
import '../bundle/main.js';
