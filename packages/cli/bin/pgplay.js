#!/usr/bin/env node
// The bin stays a checked-in file so pnpm can link it before the first build.
import '../dist/main.js';
