// Bad input, generated: fast-check arbitraries of "mutation" descriptors (plain data, so a fixed
// seed reproduces them) and `applyMutation`, which turns a descriptor and an operation's valid
// call into the request actually sent. Body mutations are guided by the operation's request-body
// JSON schema from the OpenAPI document (maxLength, maxItems, enum, required) where it says more
// than the valid value itself.
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  required?: string[];
  enum?: Json[];
  maxLength?: number;
  maxItems?: number;
  maximum?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** A valid call of an operation: what the mutations start from. */
export interface ValidCall {
  method: string;
  /** OpenAPI path template, e.g. /api/v1/plans/{id}. */
  template: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** JSON body (undefined: the operation takes none). */
  body?: Json;
  /** Upload body (file routes). */
  raw?: { type: string; bytes: Uint8Array };
  /** Other media types the upload route declares. */
  rawTypes?: string[];
}

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Short description for failure reports. */
  label: string;
}

export type Role = 'right' | 'wrong' | 'anonymous';

// ---------------------------------------------------------------------------------------------
// Value pools

export const NASTY_STRINGS: string[] = [
  "'; DROP TABLE plans;--",
  '" OR 1=1 --',
  "1' UNION SELECT password FROM accounts --",
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '${{7*7}}',
  '{{7*7}}',
  '#{7*7}',
  '<%= 7*7 %>',
  '${jndi:ldap://x/a}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  '=cmd|\' /C calc\'!A0',
  '@SUM(1+1)',
  '\u0000',
  'a\u0000b',
  '\u202eexe.txt',
  '\u200b\u200c\u200d',
  '\ufeff',
  '\ud800',
  'x\udfffy',
  'e\u0301\u0301\u0301\u0301',
  '🇻🇳👩‍👩‍👧',
  'ﷺ',
  'NaN',
  'Infinity',
  '-0',
  'null',
  'undefined',
  'true',
  '0x7f',
  '1e308',
  '',
  ' ',
  '\r\n\t',
  '٣٤',
  '__proto__',
  'constructor',
  '{"$gt":""}',
];

export const BAD_DATES = [
  '2024-02-30',
  '2024-13-01',
  '2023-02-29',
  '0000-00-00',
  '2024-1-1',
  '99999-01-01',
  '2024-06-01T25:00:00Z',
  '',
  'hôm qua',
  '2024/06/01',
  '01/06/2024',
  '9999-12-31',
  '2024-06-01\u0000',
  '-2024-01-01',
  '2024-W01',
  '1900-01-01',
];

export const BAD_NUMBERS: Json[] = [-1, -0, 0, 0.5, 1.5, -1e308, 1e308, 2 ** 53, 2 ** 53 + 2, Number.MIN_SAFE_INTEGER, 1e-300, 2147483648, -2147483649, 99999999999999, '12', 'NaN', '1e3', ''];

const OTHER_TYPES: Json[] = [null, true, false, 0, 1, -1, '', 'x', [], {}, [null], { a: 1 }, '1', [[]], 3.14];

const EXTRA_KEYS = ['__proto__', 'constructor', 'prototype', 'isAdmin', 'role', 'id', 'version', 'status', 'orgUnitId', 'orgUnitPath', 'createdBy', '$where', '', ' ', 'a.b', '\u0000', 'x'.repeat(300)];

const BAD_CONTENT_TYPES: (string | null)[] = [
  null,
  '',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json;',
  'application/jsonx',
  'application/json; charset=utf-16',
  'application/json-patch+json',
  'application/octet-stream',
  'image/png',
  '*/*',
  'application/json, text/plain',
];

const TEXT_VARIANTS = ['truncate', 'garbage', 'bom', 'single-quotes', 'trailing-comma', 'nan', 'infinity', 'dupkey', 'comment', 'empty', 'proto-text', 'undefined', 'unquoted-keys', 'deep'] as const;
type TextVariant = (typeof TEXT_VARIANTS)[number];

const BODY_OPS = ['drop', 'type', 'extra', 'huge', 'hugeArray', 'number', 'date', 'nasty', 'enum', 'null'] as const;
type BodyOp = (typeof BODY_OPS)[number];

export type Mutation =
  | { k: 'body'; ops: { m: BodyOp; pick: number; value: Json; key: string; size: number }[] }
  | { k: 'whole'; value: Json | 'deep-array' | 'deep-object' | 'valid-in-array' }
  | { k: 'text'; variant: TextVariant; pick: number }
  | { k: 'content-type'; type: string | null }
  | { k: 'param'; pick: number; value: string; encode: boolean }
  | { k: 'query'; extra: [string, string][]; pick: number; value: string | null }
  | { k: 'oversize' }
  | { k: 'raw'; bytes: Uint8Array; type: string | null; shape: 'random' | 'empty' | 'zip-truncated' | 'zip-junk' | 'zip-bomb-xml' | 'wrong-type' | 'text' };

// ---------------------------------------------------------------------------------------------
// Arbitraries

const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
);

const anyValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom(...OTHER_TYPES),
  nastyString,
  fc.constantFrom(...BAD_NUMBERS),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const bodyOp = fc.record({
  m: fc.constantFrom(...BODY_OPS),
  pick: fc.nat(),
  value: anyValue,
  key: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 12 })),
  size: fc.constantFrom(1, 2, 3),
});

const bodyMutation = fc.record({ k: fc.constant('body' as const), ops: fc.array(bodyOp, { minLength: 1, maxLength: 3 }) });
const wholeMutation = fc.record({
  k: fc.constant('whole' as const),
  value: fc.oneof(fc.constantFrom<Json | 'deep-array' | 'deep-object' | 'valid-in-array'>(null, [], {}, 'x', 42, true, 'deep-array', 'deep-object', 'valid-in-array'), anyValue),
});
const textMutation = fc.record({ k: fc.constant('text' as const), variant: fc.constantFrom(...TEXT_VARIANTS), pick: fc.nat() });
const contentTypeMutation = fc.record({ k: fc.constant('content-type' as const), type: fc.constantFrom(...BAD_CONTENT_TYPES) });
const paramMutation = fc.record({
  k: fc.constant('param' as const),
  pick: fc.nat(),
  value: fc.oneof(nastyString, fc.constantFrom('khong-co', 'x'.repeat(2000), '0', '-1', '%', '%%', '..', '.', '%ZZ')),
  encode: fc.boolean(),
});
const queryMutation = fc.record({
  k: fc.constant('query' as const),
  extra: fc.array(fc.tuple(fc.constantFrom('version', 'name', '__proto__', 'unit', 'x', 'force'), nastyString), { maxLength: 3 }),
  pick: fc.nat(),
  value: fc.option(nastyString),
});
const oversizeMutation = fc.constant({ k: 'oversize' as const });

const jsonMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 14, arbitrary: bodyMutation },
  { weight: 2, arbitrary: wholeMutation },
  { weight: 3, arbitrary: textMutation },
  { weight: 2, arbitrary: contentTypeMutation },
  { weight: 3, arbitrary: paramMutation },
  { weight: 1, arbitrary: queryMutation },
  { weight: 1, arbitrary: oversizeMutation },
);

/** Operations without a body: their path and query carry the input; bodies they do not take are sent too. */
const bodilessMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 8, arbitrary: paramMutation },
  { weight: 1, arbitrary: queryMutation },
  { weight: 2, arbitrary: contentTypeMutation },
  { weight: 1, arbitrary: textMutation },
  { weight: 1, arbitrary: oversizeMutation },
);

function zip(files: Record<string, string | Uint8Array>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])));
}

const XML_BOMB =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>';
const CONTENT_TYPES_XML =
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>';

const rawMutation = (declaredTypes: string[]): fc.Arbitrary<Mutation> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: fc.uint8Array({ maxLength: 4096 }),
        type: fc.constantFrom<string | null>(...declaredTypes, 'application/octet-stream'),
        shape: fc.constant('random' as const),
      }),
    },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('raw' as const), bytes: fc.constant(new Uint8Array()), type: fc.constantFrom<string | null>(...declaredTypes), shape: fc.constant('empty' as const) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: fc.nat({ max: 400 }).map((n) => zip({ '[Content_Types].xml': CONTENT_TYPES_XML, 'word/document.xml': XML_BOMB, 'xl/workbook.xml': '<workbook/>' }).slice(0, 30 + n)),
        type: fc.constantFrom<string | null>(...declaredTypes),
        shape: fc.constant('zip-truncated' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: fc.constantFrom(
          zip({ 'hello.txt': 'xin chào' }),
          zip({ '[Content_Types].xml': CONTENT_TYPES_XML, 'xl/workbook.xml': '<workbook><sheets><sheet name="../../x" r:id="rId9"/></sheets></workbook>' }),
          zip({ '[Content_Types].xml': '<<<not xml', 'word/document.xml': '<w:document>' }),
        ),
        type: fc.constantFrom<string | null>(...declaredTypes),
        shape: fc.constant('zip-junk' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: fc.constant(zip({ '[Content_Types].xml': CONTENT_TYPES_XML, 'word/document.xml': XML_BOMB, 'xl/sharedStrings.xml': XML_BOMB.replace('w:document', 'sst') })),
        type: fc.constantFrom<string | null>(...declaredTypes),
        shape: fc.constant('zip-bomb-xml' as const),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: fc.constantFrom(strToU8('{"a":1}'), strToU8('<html></html>'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0])),
        type: fc.constantFrom<string | null>(null, '', 'application/json', 'image/png', 'text/html', 'multipart/form-data; boundary=x', 'application/x-msdownload'),
        shape: fc.constant('wrong-type' as const),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        k: fc.constant('raw' as const),
        bytes: nastyString.map((s) => strToU8(s.repeat(3))),
        type: fc.constantFrom<string | null>(...declaredTypes),
        shape: fc.constant('text' as const),
      }),
    },
  );

/** Mutations for an operation: JSON ones for JSON and body-less operations, file ones (plus path and query) for uploads. */
export function mutationArbitrary(call: ValidCall): fc.Arbitrary<Mutation> {
  if (!call.raw) return call.body === undefined ? bodilessMutation : jsonMutation;
  const declared = [call.raw.type, ...(call.rawTypes ?? [])];
  return fc.oneof(
    { weight: 12, arbitrary: rawMutation(declared) },
    { weight: 3, arbitrary: paramMutation },
    { weight: 1, arbitrary: queryMutation },
    { weight: 2, arbitrary: contentTypeMutation },
    { weight: 1, arbitrary: oversizeMutation },
  );
}

export const roleArbitrary: fc.Arbitrary<Role> = fc.constantFrom<Role>('right', 'right', 'right', 'right', 'right', 'right', 'right', 'wrong', 'wrong', 'anonymous');

// ---------------------------------------------------------------------------------------------
// Applying a mutation

type Path = (string | number)[];

function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Every node of a JSON value, as paths from the root (the root itself is []). */
function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out);
  return out;
}

function getAt(value: Json, path: Path): Json | undefined {
  let cur: Json | undefined = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, Json>)[seg];
  }
  return cur;
}

/** Sets an own property (also for "__proto__", which plain assignment would not create). */
function setOwn(target: Json, key: string | number, v: Json): void {
  if (target === null || typeof target !== 'object') return;
  Object.defineProperty(target, key, { value: v, enumerable: true, writable: true, configurable: true });
}

function setAt(root: { v: Json }, path: Path, v: Json): void {
  if (path.length === 0) {
    root.v = v;
    return;
  }
  const parent = getAt(root.v, path.slice(0, -1));
  if (parent !== undefined) setOwn(parent, path[path.length - 1]!, v);
}

function deleteAt(root: { v: Json }, path: Path): void {
  if (path.length === 0) return;
  const parent = getAt(root.v, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else if (parent !== null && typeof parent === 'object') delete (parent as Record<string, Json>)[key];
}

export function resolveSchema(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): JsonSchema | undefined {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) s = components[s.$ref.replace('#/components/schemas/', '')];
  return s;
}

/** The schema of the node at `path`, following properties, items and the first fitting alternative. */
function schemaAt(schema: JsonSchema | undefined, path: Path, components: Record<string, JsonSchema>): JsonSchema | undefined {
  let s = resolveSchema(schema, components);
  for (const seg of path) {
    if (!s) return undefined;
    const alts = s.anyOf ?? s.oneOf ?? s.allOf;
    if (alts) s = resolveSchema(alts.find((a) => resolveSchema(a, components)?.type !== 'null'), components);
    if (!s) return undefined;
    if (typeof seg === 'number') s = resolveSchema(s.items, components);
    else s = resolveSchema(s.properties?.[seg] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined), components);
  }
  const alts = s?.anyOf ?? s?.oneOf;
  return alts ? (resolveSchema(alts.find((a) => resolveSchema(a, components)?.type !== 'null'), components) ?? s) : s;
}

const isDateLike = (path: Path, v: Json | undefined) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) || /date|deadline|On$|At$/i.test(String(path[path.length - 1] ?? ''));

function applyBodyOp(root: { v: Json }, op: Extract<Mutation, { k: 'body' }>['ops'][number], schema: JsonSchema | undefined, components: Record<string, JsonSchema>): string {
  const all = pathsOf(root.v);
  const choose = (candidates: Path[]) => (candidates.length ? candidates[op.pick % candidates.length]! : all[op.pick % all.length]!);
  switch (op.m) {
    case 'drop': {
      // Prefer required keys: the schema says which ones matter.
      const keyed = all.filter((p) => p.length > 0);
      const required = keyed.filter((p) => {
        const parent = schemaAt(schema, p.slice(0, -1), components);
        return typeof p[p.length - 1] === 'string' && parent?.required?.includes(p[p.length - 1] as string);
      });
      const p = choose(required.length ? required : keyed);
      deleteAt(root, p);
      return `drop ${p.join('.')}`;
    }
    case 'type': {
      const p = choose(all.filter((x) => x.length > 0));
      const cur = getAt(root.v, p);
      const value = typeof op.value === typeof cur && !Array.isArray(cur) ? (typeof cur === 'string' ? 12345 : 'chuỗi') : op.value;
      setAt(root, p, value);
      return `type ${p.join('.')}=${short(value)}`;
    }
    case 'extra': {
      const objects = all.filter((p) => {
        const v = getAt(root.v, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      const p = choose(objects);
      const target = getAt(root.v, p);
      if (target !== undefined) setOwn(target, op.key, op.value);
      return `extra ${[...p, op.key].join('.')}=${short(op.value)}`;
    }
    case 'huge': {
      const strings = all.filter((p) => typeof getAt(root.v, p) === 'string');
      const p = choose(strings);
      const max = schemaAt(schema, p, components)?.maxLength ?? 200;
      const len = [max + 1, Math.max(max * 3, 5_000), 60_000][op.size - 1]!;
      const unit = op.pick % 2 === 0 ? 'ă' : 'a';
      setAt(root, p, unit.repeat(len));
      return `huge ${p.join('.')} ×${len}`;
    }
    case 'hugeArray': {
      const arrays = all.filter((p) => Array.isArray(getAt(root.v, p)));
      const p = choose(arrays);
      const cur = getAt(root.v, p);
      const max = schemaAt(schema, p, components)?.maxItems ?? 100;
      const item: Json = Array.isArray(cur) && cur.length ? cur[0]! : op.value;
      // Past the schema's maxItems, and past the body limit, but not gigabytes of copies.
      const itemBytes = (JSON.stringify(item) ?? 'null').length + 1;
      const len = Math.min([max + 1, Math.max(max * 2, 1_000), 20_000][op.size - 1]!, Math.max(max + 1, Math.ceil(400_000 / itemBytes)));
      setAt(root, p, Array.from({ length: len }, () => item));
      return `hugeArray ${p.join('.')} ×${len}`;
    }
    case 'number': {
      const numbers = all.filter((p) => typeof getAt(root.v, p) === 'number');
      const p = choose(numbers);
      const value = BAD_NUMBERS[op.pick % BAD_NUMBERS.length]!;
      setAt(root, p, value);
      return `number ${p.join('.')}=${short(value)}`;
    }
    case 'date': {
      const dates = all.filter((p) => p.length > 0 && isDateLike(p, getAt(root.v, p)));
      const p = choose(dates);
      const value = BAD_DATES[op.pick % BAD_DATES.length]!;
      setAt(root, p, value);
      return `date ${p.join('.')}=${short(value)}`;
    }
    case 'nasty': {
      const strings = all.filter((p) => typeof getAt(root.v, p) === 'string');
      const p = choose(strings);
      const value = typeof op.value === 'string' ? op.value : NASTY_STRINGS[op.pick % NASTY_STRINGS.length]!;
      setAt(root, p, value);
      return `nasty ${p.join('.')}=${short(value)}`;
    }
    case 'enum': {
      const enums = all.filter((p) => schemaAt(schema, p, components)?.enum);
      const p = choose(enums);
      const cur = getAt(root.v, p);
      const variants: Json[] = [typeof cur === 'string' ? cur.toUpperCase() : 'X', typeof cur === 'string' ? `${cur} ` : 'x', 'admin', '', `${String(cur)}\u0000`];
      const value = variants[op.pick % variants.length]!;
      setAt(root, p, value);
      return `enum ${p.join('.')}=${short(value)}`;
    }
    case 'null': {
      const p = choose(all.filter((x) => x.length > 0));
      setAt(root, p, null);
      return `null ${p.join('.')}`;
    }
  }
}

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function nested(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

function textVariant(text: string, variant: TextVariant, pick: number): string {
  switch (variant) {
    case 'truncate':
      return text.slice(0, Math.max(0, Math.min(text.length - 1, pick % Math.max(1, text.length))));
    case 'garbage':
      return `${text}}{,]`;
    case 'bom':
      return `\ufeff${text}`;
    case 'single-quotes':
      return text.replaceAll('"', "'");
    case 'trailing-comma':
      return text.replace(/}$/, ',}').replace(/]$/, ',]');
    case 'nan':
      return text.replace(/(:\s*)-?\d+(\.\d+)?/, '$1NaN');
    case 'infinity':
      return text.replace(/(:\s*)-?\d+(\.\d+)?/, '$11e999');
    case 'dupkey':
      return text.replace(/^\{/, '{"version":"x","version":-1,');
    case 'comment':
      return `/* bình luận */ ${text}`;
    case 'empty':
      return '';
    case 'proto-text':
      return text.replace(/^\{/, '{"__proto__":{"isAdmin":true,"role":"province_admin"},"constructor":{"prototype":{"polluted":1}},');
    case 'undefined':
      return 'undefined';
    case 'unquoted-keys':
      return text.replace(/"([A-Za-z]+)":/g, '$1:');
    case 'deep':
      return nested(20_000, pick % 2 ? 'array' : 'object');
  }
}

/** A lone surrogate (which cannot be percent-encoded) becomes U+FFFD, as String#toWellFormed does. */
const wellFormed = (v: string) => v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
const enc = (v: string) => encodeURIComponent(wellFormed(v));

function buildUrl(call: ValidCall, params: Record<string, string>, query: Record<string, string> | [string, string][], rawParams = new Set<string>()): string {
  const path = call.template.replace(/\{(\w+)\}/g, (_, name: string) => (rawParams.has(name) ? wellFormed(params[name]!) : enc(params[name]!)));
  const qs = new URLSearchParams(Array.isArray(query) ? query : Object.entries(query)).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The request a mutation makes of a valid call. */
export function applyMutation(call: ValidCall, m: Mutation, schema: JsonSchema | undefined, components: Record<string, JsonSchema>): Sent {
  const url = buildUrl(call, call.params, call.query);
  const jsonHeaders = { 'content-type': 'application/json' };
  const validText = call.body === undefined ? undefined : JSON.stringify(call.body);
  const base = call.raw
    ? { headers: { 'content-type': call.raw.type } as Record<string, string>, body: call.raw.bytes as string | Uint8Array | undefined }
    : { headers: validText === undefined ? {} : jsonHeaders, body: validText };
  switch (m.k) {
    case 'body': {
      const root = { v: clone(call.body ?? {}) as Json };
      const labels: string[] = [];
      let text = '';
      for (const op of m.ops) {
        labels.push(applyBodyOp(root, op, schema, components));
        text = JSON.stringify(root.v);
        if (text.length > 1_000_000) break; // already far past the body limit
      }
      return { method: call.method, url, headers: jsonHeaders, body: text, label: `body ${labels.join('; ')}` };
    }
    case 'whole': {
      const text =
        m.value === 'deep-array' ? nested(10_000, 'array') : m.value === 'deep-object' ? nested(10_000, 'object') : m.value === 'valid-in-array' ? `[${validText ?? '{}'}]` : JSON.stringify(m.value);
      return { method: call.method, url, headers: jsonHeaders, body: text, label: `whole ${short(text)}` };
    }
    case 'text': {
      const text = textVariant(validText ?? '{"a":1}', m.variant, m.pick);
      return { method: call.method, url, headers: jsonHeaders, body: text, label: `text ${m.variant}` };
    }
    case 'content-type': {
      const headers: Record<string, string> = m.type === null ? {} : { 'content-type': m.type };
      return { method: call.method, url, headers, body: base.body ?? validText ?? 'x=1', label: `content-type ${short(m.type)}` };
    }
    case 'param': {
      const names = Object.keys(call.params);
      if (names.length === 0) return { method: call.method, url: `${url}/${enc(m.value)}`, ...base, label: `suffix ${short(m.value)}` };
      const name = names[m.pick % names.length]!;
      // Unencoded values may change the route (../, ?, #); the answer must still be a problem.
      const value = m.encode ? m.value : m.value.replace(/[\s#?%]/g, (c) => encodeURIComponent(c));
      const u = buildUrl(call, { ...call.params, [name]: value }, call.query, m.encode ? new Set() : new Set([name]));
      return { method: call.method, url: u, ...base, label: `param ${name}=${short(m.value)}${m.encode ? '' : ' (raw)'}` };
    }
    case 'query': {
      const entries: [string, string][] = Object.entries(call.query);
      if (entries.length && m.value !== null) entries[m.pick % entries.length]![1] = wellFormed(m.value);
      for (const [k, v] of m.extra) entries.push([k, wellFormed(v)]);
      return { method: call.method, url: buildUrl(call, call.params, entries), ...base, label: `query ${short(entries)}` };
    }
    case 'oversize': {
      if (call.raw) {
        // Beyond every upload limit (the largest, a plan import, is 20 MB): refused by size.
        const bytes = new Uint8Array(20 * 1024 * 1024 + 1).fill(0x41);
        return { method: call.method, url, headers: { 'content-type': call.raw.type }, body: bytes, label: 'oversize upload' };
      }
      const text = JSON.stringify({ ...(typeof call.body === 'object' && call.body !== null && !Array.isArray(call.body) ? call.body : {}), pad: 'x'.repeat(300 * 1024) });
      return { method: call.method, url, headers: jsonHeaders, body: text, label: 'oversize json' };
    }
    case 'raw': {
      const headers: Record<string, string> = m.type === null ? {} : { 'content-type': m.type };
      return { method: call.method, url, headers, body: m.bytes, label: `raw ${m.shape} ${m.bytes.length}B as ${short(m.type)}` };
    }
  }
}
