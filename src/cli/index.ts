#!/usr/bin/env node
// The `tsbind` command: wires the subcommands into one commander program.
import { Command } from 'commander';
import { buildCommand } from './commands/build.js';
import { doctorCommand } from './commands/doctor.js';
import { generateCommand } from './commands/generate.js';
import { initCommand } from './commands/init.js';
import { installCommand } from './commands/install.js';
import { prebuildCommand } from './commands/prebuild.js';
import { runCommand } from './commands/run.js';
import { typegenCommand } from './commands/typegen.js';
import { reportError } from './errors.js';
import { packageVersion } from './package-root.js';

const program = new Command('tsbind')
  .description('Build C++ modules for TypeScript (Node-API) and run them under sanitizers')
  .version(packageVersion())
  // Lets `run` pass options after its command through to that command.
  .enablePositionalOptions()
  .addCommand(buildCommand())
  .addCommand(prebuildCommand())
  .addCommand(installCommand())
  .addCommand(runCommand())
  .addCommand(typegenCommand())
  .addCommand(generateCommand())
  .addCommand(doctorCommand())
  .addCommand(initCommand());

program.parseAsync().catch(reportError);
