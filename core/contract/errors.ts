/**
 * Errors as they cross a transport: a stable code, the message, the remedy, free-form details,
 * and, for invalid input, one entry per field so a form can put each message under its field.
 */
import { z } from 'zod';
import { type FieldIssue, PvLabError, type PvLabErrorCode } from '../model/index.ts';

export const FieldIssueSchema = z.object({ path: z.string(), message: z.string(), hint: z.string() });

export const ErrorPayload = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string(),
  details: z.array(z.string()),
  fields: z.array(FieldIssueSchema),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

export type Reply = { ok: true; value: unknown } | { ok: false; error: ErrorPayload };

export function toErrorPayload(e: unknown): ErrorPayload {
  if (e instanceof PvLabError) return { code: e.code, message: e.message, hint: e.hint, details: [...e.details], fields: e.fields.map((f) => ({ ...f })) };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `PV Lab hit an internal error: ${message}`, hint: 'report this with the steps that led to it', details: [], fields: [] };
}

export function fromErrorPayload(p: ErrorPayload): PvLabError {
  return new PvLabError(p.code as PvLabErrorCode, p.message, p.hint, p.details, p.fields as FieldIssue[]);
}
