// The plan as the page shows it: the domain's reading-order blocks (planBlocks) grouped for
// HTML, the closing sentence with its deadline marked, and who is assigned what.
import { formatShortVnDate, planBlocks, type Plan, type PlanBlock } from '@binh-dang/domain';

export type DocumentPart =
  | { kind: 'title'; lines: string[] }
  | { kind: 'paragraph'; text: string }
  | { kind: 'closing'; before: string; emphasis: string; after: string }
  | { kind: 'section'; text: string }
  | { kind: 'item'; label: string | null; text: string; depth: number }
  | { kind: 'assignment'; id: string; label: string; heading: string; bullets: boolean; duties: string[] };

export interface PlanDocument {
  /** Left column of the header: parent body (optional), issuing body, number line. */
  issuer: { parentBody: string | null; issuingBody: string; numberLine: string };
  /** Right column: national name, motto, place-and-date line. */
  nation: { name: string; motto: string; placeDate: string };
  body: DocumentPart[];
  recipients: { heading: string; lines: string[] } | null;
  /** Authority lines and title (bold caps), then the signer's name. */
  signature: { lines: string[]; name: string } | null;
}

export function anchorOfAssignment(id: string): string {
  return `phan-cong-${id}`;
}

/**
 * Splits the closing paragraph around its deadline ("trước ngày 15/11/2024"), which official
 * plans set in bold. Without a deadline in the text, the whole paragraph is `before`.
 */
export function splitDeadline(text: string, deadline: string | null): { before: string; emphasis: string; after: string } {
  if (deadline) {
    const date = formatShortVnDate(deadline);
    for (const phrase of [`trước ngày ${date}`, `Trước ngày ${date}`, date]) {
      const at = text.indexOf(phrase);
      if (at >= 0) return { before: text.slice(0, at), emphasis: phrase, after: text.slice(at + phrase.length) };
    }
  }
  return { before: text, emphasis: '', after: '' };
}

export function planDocument(plan: Plan): PlanDocument {
  const blocks = planBlocks(plan);
  const doc: PlanDocument = {
    issuer: { parentBody: null, issuingBody: '', numberLine: '' },
    nation: { name: '', motto: '', placeDate: '' },
    body: [],
    recipients: null,
    signature: null,
  };
  const assignments = plan.implementation.assignments;
  let assignmentIndex = 0;
  let current: Extract<DocumentPart, { kind: 'assignment' }> | null = null;

  const handle = (block: PlanBlock) => {
    switch (block.kind) {
      case 'header': {
        // planBlocks writes the left column first, then the three lines of the right column.
        const left = block.lines.slice(0, -3);
        const [name = '', motto = '', placeDate = ''] = block.lines.slice(-3);
        doc.nation = { name, motto, placeDate };
        doc.issuer = {
          parentBody: left.length > 2 ? (left[0] ?? null) : null,
          issuingBody: left.at(-2) ?? '',
          numberLine: left.at(-1) ?? '',
        };
        return;
      }
      case 'title':
        doc.body.push({ kind: 'title', lines: block.lines });
        return;
      case 'paragraph':
        if (block.text === plan.closing) doc.body.push({ kind: 'closing', ...splitDeadline(block.text, plan.reportDeadline) });
        else doc.body.push({ kind: 'paragraph', text: block.text });
        return;
      case 'section':
        doc.body.push({ kind: 'section', text: block.text });
        return;
      case 'item':
        doc.body.push({ kind: 'item', label: block.label, text: block.text, depth: block.depth });
        return;
      case 'assignment': {
        const source = assignments[assignmentIndex++];
        current = {
          kind: 'assignment',
          id: source?.id ?? `a${assignmentIndex}`,
          label: block.label,
          heading: block.heading,
          bullets: source?.style !== 'paragraph',
          duties: [],
        };
        doc.body.push(current);
        return;
      }
      case 'duty':
        current?.duties.push(block.text);
        if (current && !block.bullet) current.bullets = false;
        return;
      case 'recipients':
        doc.recipients = { heading: block.heading, lines: block.lines };
        return;
      case 'signature':
        doc.signature = { lines: block.lines.slice(0, -1), name: block.lines.at(-1) ?? '' };
        return;
    }
  };
  for (const block of blocks) {
    if (block.kind !== 'duty' && block.kind !== 'assignment') current = null;
    handle(block);
  }
  return doc;
}

export const statusLabels: Record<Plan['status'], string> = {
  draft: 'Dự thảo',
  issued: 'Đã ban hành',
  superseded: 'Đã được thay thế',
};

/** The badge above a plan: "Dự thảo — chưa ban hành", "Đã ban hành". */
export function statusBadge(status: Plan['status']): string {
  return status === 'draft' ? 'Dự thảo — chưa ban hành' : statusLabels[status];
}

export interface AssignmentRow {
  /** Anchor of the assignment heading in the document. */
  anchor: string;
  label: string;
  /** Unit names: one for most rows; several when an assignment goes to many units at once. */
  units: string[];
  lead: number;
  support: number;
}

/**
 * Who is assigned what, one row per unit and assignment ("Chủ trì"/"Phối hợp" counts of its
 * duties). An assignment addressed to more than `groupAbove` units (the communes) is one row.
 */
export function assignmentRows(plan: Plan, unitName: (id: string) => string, groupAbove = 3): AssignmentRow[] {
  const rows: AssignmentRow[] = [];
  for (const a of plan.implementation.assignments) {
    const count = (unitRole: 'lead' | 'support') => ({
      lead: unitRole === 'support' ? 0 : a.duties.filter((d) => d.role === 'lead').length,
      support: unitRole === 'support' ? a.duties.length : a.duties.filter((d) => d.role === 'support').length,
    });
    const anchor = anchorOfAssignment(a.id);
    if (a.units.length > groupAbove) {
      const roles = new Set(a.units.map((u) => u.role));
      const role = roles.size === 1 && roles.has('support') ? 'support' : 'lead';
      rows.push({ anchor, label: a.heading, units: a.units.map((u) => unitName(u.orgUnitId)), ...count(role) });
    } else {
      for (const u of a.units) {
        const name = unitName(u.orgUnitId);
        rows.push({ anchor, label: name, units: [name], ...count(u.role) });
      }
    }
  }
  return rows;
}
