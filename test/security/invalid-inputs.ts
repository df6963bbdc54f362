/**
 * Invalid arguments for a contract method, made from its input schema: values of the wrong kind
 * for the whole input, and for each field of it a value of the wrong type. Every case is checked
 * against the schema itself, so a case the schema would accept never counts as invalid.
 */
import { z } from 'zod';
import { type Method, contract } from '../../core/contract/index.ts';

export interface InvalidCase {
  /** What is wrong, for failure messages: `(input) null`, `runId: "a string"`. */
  label: string;
  input: unknown;
}

/** Whole inputs that no method takes: each input is an object. */
const NOT_AN_OBJECT: unknown[] = [undefined, null, 0, 'not an object', true, [], [{}]];

/** Field values of other types than a field takes: the first one its schema refuses is sent, besides null. */
const WRONG_VALUES: unknown[] = [null, 'a string', 12.5, -1, true, [], {}, [null], 'x'.repeat(300), { nested: { deep: [1, 'two'] } }];

/** The fields of an input schema: an object's shape, both sides of an intersection, every option of a union. */
export function fieldsOf(schema: z.ZodType): Map<string, z.ZodType> {
  const fields = new Map<string, z.ZodType>();
  const visit = (s: z.ZodType): void => {
    if (s instanceof z.ZodObject) {
      for (const [key, field] of Object.entries(s.shape as Record<string, z.ZodType>)) if (!fields.has(key)) fields.set(key, field);
    } else if (s instanceof z.ZodIntersection) {
      visit(s.def.left as z.ZodType);
      visit(s.def.right as z.ZodType);
    } else if (s instanceof z.ZodUnion) {
      for (const option of s.options as readonly z.ZodType[]) visit(option);
    }
  };
  visit(schema);
  return fields;
}

const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v).slice(0, 40));

/** The invalid cases of `method`: every one refused by the method's own input schema. */
export function invalidInputs(method: Method): InvalidCase[] {
  const schema = contract[method].input as z.ZodType;
  const cases: InvalidCase[] = NOT_AN_OBJECT.map((input) => ({ label: `(input) ${show(input)}`, input }));
  for (const [key, field] of fieldsOf(schema)) {
    // null, and the first value of another type the field refuses
    const wrong = [null, WRONG_VALUES.find((v) => v !== null && !field.safeParse(v).success)].filter((v) => v !== undefined && !field.safeParse(v).success);
    for (const v of wrong) cases.push({ label: `${key}: ${show(v)}`, input: { [key]: v } });
  }
  return cases.filter((c) => !schema.safeParse(c.input).success);
}
