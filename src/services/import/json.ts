// A JSON import: an array of objects with the CSV's keys. There is no
// streaming JSON parser here, so the document is read whole, within a bound.
import { invalidInput } from '../../errors.js';
import { REQUIRED_FIELDS, type OrderFields } from '../../rules/shop-order.js';
import { FIELDS, type Reader } from './source.js';

export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export const readJson: Reader = async (source, sink, progress) => {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of source.stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_JSON_BYTES) {
      source.stream.destroy();
      throw invalidInput(
        `a JSON import is read whole and limited to ${MAX_JSON_BYTES / 1024 / 1024} MB`,
        'export the orders as CSV, which is streamed',
      );
    }
    chunks.push(chunk);
    progress(bytes);
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const at = /position (\d+)/.exec((err as Error).message);
    const line = at ? text.slice(0, Number(at[1])).split('\n').length : 1;
    return sink.error(line, `malformed JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(doc)) return sink.error(1, 'a JSON import is an array of objects');
  doc.forEach((item: unknown, i) => {
    const position = i + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return sink.error(position, `expected an object with ${REQUIRED_FIELDS.join(', ')}`);
    const fields: OrderFields = {};
    const problems: string[] = [];
    for (const field of FIELDS) {
      const value = (item as Record<string, unknown>)[field];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)))
        problems.push(`${field} must be text or a number`);
      else if (String(value).trim()) fields[field] = String(value).trim();
    }
    sink.add(position, fields, problems);
  });
};
