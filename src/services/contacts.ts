// A client's contacts: the people of a client company who may use the client
// space. E-mail addresses are unique across the desk, compared without regard to case.
import { notFound } from '../errors.js';
import type { Ctx } from './context.js';

export type Language = 'fr' | 'en';

export interface Contact {
  id: number;
  clientId: number;
  clientCode: string;
  clientName: string;
  email: string;
  name: string | null;
  language: Language;
}

/** The contact with this address (case-insensitive), or undefined. */
export function findContactByEmail(ctx: Ctx, email: string): Contact | undefined {
  void ctx;
  void email;
  throw notFound('NOT_IMPLEMENTED', 'contacts: not implemented yet');
}
