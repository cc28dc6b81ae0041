// The plan (Kế hoạch) as a structured document: every part of an official Vietnamese plan,
// from the header to the signature, so it can be edited, cascaded, tracked and printed back.
import { z } from 'zod';
import { formatDocumentDateLine, localDateSchema } from './dates.ts';

export const planStatuses = ['draft', 'issued', 'superseded'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const assignmentRoles = ['lead', 'support'] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];

export const signaturePrefixes = ['TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const;

const text = z.string().trim().min(1);

export const legalBasisSchema = z.object({
  /** "Thực hiện", "Căn cứ", … as written. */
  verb: text,
  /** "Văn bản", "Kế hoạch", "Quyết định", "Nghị quyết", … */
  documentKind: text,
  number: text,
  issuedOn: localDateSchema.nullable(),
  issuer: text,
  summary: z.string().nullable(),
  /** The citation exactly as written in the document, when it was imported from one. */
  text: z.string().nullable(),
  /** When the basis is a plan held in the system (cascade). */
  citedPlanId: z.string().nullable(),
});
export type LegalBasis = z.infer<typeof legalBasisSchema>;

/** A numbered item of a section ("1.", "a)", "-"): text paragraphs and nested items. */
export interface PlanItem {
  label: string | null;
  paragraphs: string[];
  children: PlanItem[];
}
// `meta({ id })` names the recursive schema so that OpenAPI generators emit a $ref, not a loop.
export const planItemSchema: z.ZodType<PlanItem> = z
  .object({
    label: z.string().nullable(),
    paragraphs: z.array(text),
    get children() {
      return z.array(planItemSchema);
    },
  })
  .meta({ id: 'PlanItem' });

export const dutySchema = z.object({
  id: z.string(),
  text,
  role: z.enum(assignmentRoles),
  dueDate: localDateSchema.nullable(),
});
export type Duty = z.infer<typeof dutySchema>;

export const assignmentUnitSchema = z.object({
  orgUnitId: z.string(),
  role: z.enum(assignmentRoles),
});

export const assignmentSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** The unit heading as written: "Phòng Nội vụ huyện", "UBND các xã, thị trấn", … */
  heading: text,
  /** "Đề nghị …": addressed to bodies the issuer does not direct (Mặt trận, Hội LHPN). */
  isRequest: z.boolean(),
  /** "- " lines, or one paragraph when the unit has a single duty written as prose. */
  style: z.enum(['bullets', 'paragraph']),
  units: z.array(assignmentUnitSchema),
  duties: z.array(dutySchema).min(1),
});
export type Assignment = z.infer<typeof assignmentSchema>;

export const signatureSchema = z.object({
  /** "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH": authority lines above the title. */
  authority: z.array(z.object({ prefix: z.enum(signaturePrefixes), text })),
  title: text,
  name: text,
});
export type Signature = z.infer<typeof signatureSchema>;

export const recipientSchema = z.object({
  text,
  orgUnitId: z.string().nullable(),
});

export const documentDateSchema = z.object({
  year: z.number().int().min(1945).max(2999),
  month: z.number().int().min(1).max(12).nullable(),
  day: z.number().int().min(1).max(31).nullable(),
});

export const planSchema = z.object({
  id: z.string(),
  issuingUnitId: z.string(),
  /** The plan year (the year the work is planned for). */
  year: z.number().int().min(2000).max(2999),
  status: z.enum(planStatuses),
  version: z.number().int().min(1),
  header: z.object({
    /** Parent body, caps, not bold: "UBND TỈNH PHÚ THỌ". */
    parentBody: z.string().nullable(),
    /** Issuing body, caps, bold: "ỦY BAN NHÂN DÂN HUYỆN LÂM THAO". */
    issuingBody: text,
    /** Number before issue is null: "Số: /KH-UBND". */
    number: z.string().nullable(),
    typeCode: text,
    issuerCode: text,
    place: text,
    date: documentDateSchema,
  }),
  /** "KẾ HOẠCH" */
  documentType: text,
  title: text,
  legalBases: z.array(legalBasisSchema),
  /** The sentence closing the preamble: "Ủy ban nhân dân huyện … xây dựng Kế hoạch … như sau:" */
  preambleClosing: z.string().nullable(),
  purposes: z.object({ heading: text, items: z.array(planItemSchema) }),
  tasks: z.object({ heading: text, items: z.array(planItemSchema) }),
  implementation: z.object({ heading: text, assignments: z.array(assignmentSchema) }),
  closing: z.string().nullable(),
  reportDeadline: localDateSchema.nullable(),
  reportToUnitId: z.string().nullable(),
  recipients: z.array(recipientSchema),
  signature: signatureSchema.nullable(),
  provenance: z.enum(['verified', 'demo']),
  /** The plan of the level above this one was built from (cascade). */
  parentPlanId: z.string().nullable(),
  /** The issued plan this one amends. */
  amendsPlanId: z.string().nullable(),
  /** When it was issued (UTC ISO); null for a draft. */
  issuedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type Plan = z.infer<typeof planSchema>;

/** What an author edits: everything but identity, lifecycle and bookkeeping. */
export const planContentSchema = planSchema
  .omit({
    id: true,
    issuingUnitId: true,
    year: true,
    status: true,
    version: true,
    provenance: true,
    parentPlanId: true,
    amendsPlanId: true,
    issuedAt: true,
    updatedAt: true,
  })
  .strict();
export type PlanContent = z.infer<typeof planContentSchema>;

export const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'] as const;

export function numberLine(header: Plan['header']): string {
  return `Số: ${header.number ?? ''}/${header.typeCode}-${header.issuerCode}`;
}

export function legalBasisText(basis: LegalBasis): string {
  if (basis.text) return basis.text;
  const date = basis.issuedOn ? ` ngày ${basis.issuedOn.split('-').reverse().map(Number).join('/')}` : '';
  const summary = basis.summary ? ` ${basis.summary}` : '';
  return `${basis.verb} ${basis.documentKind} số ${basis.number}${date} của ${basis.issuer}${summary}`;
}

/** The preamble paragraph: legal bases joined as one sentence, as Vietnamese plans write them. */
export function preambleText(plan: Pick<Plan, 'legalBases' | 'preambleClosing'>): string {
  const parts = plan.legalBases.map((b, i) => {
    const t = legalBasisText(b);
    return i === 0 ? t : t.charAt(0).toLowerCase() + t.slice(1);
  });
  if (plan.preambleClosing) parts.push(plan.preambleClosing);
  return parts.join('; ');
}

export function signatureLines(signature: Signature): string[] {
  return [...signature.authority.map((a) => `${a.prefix} ${a.text}`), signature.title, signature.name];
}

/** A block of the plan in reading order, for renderers (text, HTML, .docx). */
export type PlanBlock =
  | { kind: 'header'; lines: string[] }
  | { kind: 'title'; lines: string[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'section'; text: string }
  | { kind: 'item'; label: string | null; text: string; depth: number }
  | { kind: 'assignment'; label: string; heading: string }
  | { kind: 'duty'; text: string; bullet: boolean }
  | { kind: 'recipients'; heading: string; lines: string[] }
  | { kind: 'signature'; lines: string[] };

function itemBlocks(items: PlanItem[], depth: number): PlanBlock[] {
  return items.flatMap((item) => [
    ...item.paragraphs.map((p, i): PlanBlock => ({ kind: 'item', label: i === 0 ? item.label : null, text: p, depth })),
    ...itemBlocks(item.children, depth + 1),
  ]);
}

export function planBlocks(plan: Plan): PlanBlock[] {
  const h = plan.header;
  const blocks: PlanBlock[] = [
    {
      kind: 'header',
      lines: [
        ...(h.parentBody ? [h.parentBody] : []),
        h.issuingBody,
        numberLine(h),
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        formatDocumentDateLine(h.place, h.date),
      ],
    },
    { kind: 'title', lines: [plan.documentType, plan.title] },
  ];
  const preamble = preambleText(plan);
  if (preamble) blocks.push({ kind: 'paragraph', text: preamble });
  blocks.push({ kind: 'section', text: `${ROMAN[0]}. ${plan.purposes.heading}` });
  blocks.push(...itemBlocks(plan.purposes.items, 0));
  blocks.push({ kind: 'section', text: `${ROMAN[1]}. ${plan.tasks.heading}` });
  blocks.push(...itemBlocks(plan.tasks.items, 0));
  blocks.push({ kind: 'section', text: `${ROMAN[2]}. ${plan.implementation.heading}` });
  for (const a of plan.implementation.assignments) {
    blocks.push({ kind: 'assignment', label: a.label, heading: a.heading });
    for (const d of a.duties) blocks.push({ kind: 'duty', text: d.text, bullet: a.style === 'bullets' });
  }
  if (plan.closing) blocks.push({ kind: 'paragraph', text: plan.closing });
  if (plan.recipients.length > 0)
    blocks.push({ kind: 'recipients', heading: 'Nơi nhận:', lines: plan.recipients.map((r) => `- ${r.text}`) });
  if (plan.signature) blocks.push({ kind: 'signature', lines: signatureLines(plan.signature) });
  return blocks;
}

/** The whole plan as plain text in reading order (one block per line group). */
export function planToText(plan: Plan): string {
  return planBlocks(plan)
    .map((b) => {
      switch (b.kind) {
        case 'header':
        case 'title':
        case 'signature':
          return b.lines.join('\n');
        case 'recipients':
          return [b.heading, ...b.lines].join('\n');
        case 'item':
          return b.label ? `${b.label} ${b.text}` : b.text;
        case 'assignment':
          return `${b.label} ${b.heading}`;
        case 'duty':
          return b.bullet ? `- ${b.text}` : b.text;
        case 'paragraph':
        case 'section':
          return b.text;
      }
    })
    .join('\n\n');
}

/** Human label of a plan for lists: "Kế hoạch số 12/KH-UBND", or "Kế hoạch (chưa ban hành)" before a number is given. */
export function planLabel(plan: Pick<Plan, 'documentType' | 'header'>): string {
  const kind = plan.documentType.charAt(0) + plan.documentType.slice(1).toLowerCase();
  return plan.header.number
    ? `${kind} số ${plan.header.number}/${plan.header.typeCode}-${plan.header.issuerCode}`
    : `${kind} (chưa ban hành)`;
}
