// A client found by its code, and the e-mail form: what the licence and
// contact services need from the register without importing it (the register
// shows licences and checks contacts' addresses: importing it back would loop).
import { notFound } from '../errors.js';
import type { ClientRow } from '../store/clients.js';
import type { Ctx } from './context.js';

export type { ClientRow } from '../store/clients.js';

export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requireClient(ctx: Ctx, code: string): ClientRow {
  const row = ctx.store.clients.byCode(code);
  if (!row) throw notFound('CLIENT_NOT_FOUND', `no client ${code}`, "see 'alias-support clients list'");
  return row;
}
