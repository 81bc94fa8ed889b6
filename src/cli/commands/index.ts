// Every command file, in the order of `--help`. bin/build.mjs builds the
// everyday bundle with this module replaced by the files holding everyday
// commands, each keeping only those.
import type { CommandFile } from '../define.js';
import { file as bill } from './bill.js';
import { file as clients } from './clients.js';
import { file as contacts } from './contacts.js';
import { file as credits } from './credits.js';
import { file as db } from './db.js';
import { file as demo } from './demo.js';
import { file as fixes } from './fixes.js';
import { file as licences } from './licences.js';
import { file as manifest } from './manifest.js';
import { file as mcp } from './mcp.js';
import { file as outbox } from './outbox.js';
import { file as portal } from './portal.js';
import { file as queue } from './queue.js';
import { file as report } from './report.js';
import { file as serve } from './serve.js';
import { file as tickets } from './tickets.js';
import { file as work } from './work.js';

export const COMMAND_FILES: Readonly<Record<string, CommandFile>> = {
  clients,
  contacts,
  licences,
  credits,
  tickets,
  work,
  bill,
  fixes,
  report,
  queue,
  outbox,
  serve,
  portal,
  demo,
  manifest,
  mcp,
  db,
};
