// A client found by its code, and the e-mail form: what the licence and
// contact services need from the register without importing it (the register
// shows licences and checks contacts' addresses: importing it back would loop).
import type { clients } from '../db/schema.js';
import { notFound } from '../errors.js';
import type { Ctx } from './context.js';
import { clientSql } from './sql/clients.js';

export type ClientRow = typeof clients.$inferSelect;

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireClient(ctx: Ctx, code: string): ClientRow {
  const row = clientSql(ctx.store.sqlite).byCode.get(code) as ClientRow | undefined;
  if (!row) throw notFound('CLIENT_NOT_FOUND', `no client ${code}`, "see 'alias-support clients list'");
  return row;
}
