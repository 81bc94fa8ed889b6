#!/usr/bin/env node
// Launcher: the CLI is bundled into dist/ by `npm run build` (run by `npm ci` through `prepare`).
import { run } from '../dist/main.js';

process.exitCode = await run(process.argv);
