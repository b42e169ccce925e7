#!/usr/bin/env node
import { main } from '../dist/host/cli/main.js';
main(process.argv).then((code) => { process.exitCode = code; });
