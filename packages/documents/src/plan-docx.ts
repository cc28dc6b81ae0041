// The plan as an official .docx in the format of Nghị định 30/2020/NĐ-CP (Phụ lục I): the frame
// (page, header, closing, page numbers) comes from official-docx.ts, the content from
// planBlocks(), so the .docx says exactly what planToText() says.
import type { Paragraph, Table, TextRun } from 'docx';
import {
  formatShortVnDate,
  planBlocks,
  planLabel,
  signatureLines,
  type Plan,
  type PlanBlock,
} from '@binh-dang/domain';
import {
  bodyParagraph,
  closingTable,
  headerTable,
  officialDocument,
  packOfficialDocx,
  run,
  stampOf,
  titleParagraphs,
} from './official-docx.ts';

export { PAGE_SETUP } from './official-docx.ts';

/** The closing paragraph, with "trước ngày dd/mm/yyyy" in bold where it names the report deadline. */
function closingRuns(text: string, deadline: string | null): TextRun[] {
  if (deadline) {
    const [y, m, d] = deadline.split('-');
    const forms = [formatShortVnDate(deadline), `${d}/${m}/${y}`];
    for (const form of forms) {
      const phrase = `trước ngày ${form}`;
      const at = text.indexOf(phrase);
      if (at >= 0) {
        const rest = text.slice(at + phrase.length);
        return [
          ...(at > 0 ? [run(text.slice(0, at))] : []),
          run(phrase, { bold: true }),
          ...(rest ? [run(rest)] : []),
        ];
      }
    }
  }
  return [run(text)];
}

function blockParagraph(block: PlanBlock, plan: Plan): Paragraph | null {
  switch (block.kind) {
    case 'paragraph':
      return bodyParagraph(block.text === plan.closing ? closingRuns(block.text, plan.reportDeadline) : [run(block.text)]);
    case 'section':
      return bodyParagraph([run(block.text, { bold: true })], { keepNext: true });
    case 'item':
      return bodyParagraph([run(block.label ? `${block.label} ${block.text}` : block.text)]);
    case 'assignment':
      return bodyParagraph([run(`${block.label} ${block.heading}`, { bold: true })], { keepNext: true });
    case 'duty':
      return bodyParagraph([run(block.bullet ? `- ${block.text}` : block.text)]);
    case 'header':
    case 'title':
    case 'recipients':
    case 'signature':
      return null;
  }
}

function documentTitle(plan: Plan): string {
  const kind = plan.documentType.charAt(0) + plan.documentType.slice(1).toLocaleLowerCase('vi');
  return `${kind} ${plan.title.charAt(0).toLocaleLowerCase('vi')}${plan.title.slice(1)}`;
}

function buildChildren(plan: Plan): (Paragraph | Table)[] {
  const children: (Paragraph | Table)[] = [headerTable(plan.header), ...titleParagraphs(plan.documentType, plan.title)];
  for (const block of planBlocks(plan)) {
    const paragraph = blockParagraph(block, plan);
    if (paragraph) children.push(paragraph);
  }
  let signature = null;
  if (plan.signature) {
    const lines = signatureLines(plan.signature);
    const name = lines.pop()!;
    signature = { lines, name };
  }
  const closing = closingTable({ recipients: plan.recipients.map((r) => r.text), signature });
  if (closing) children.push(closing);
  return children;
}

/** The plan as an official .docx (Nghị định 30/2020/NĐ-CP). Same plan, same bytes. */
export async function planToDocx(plan: Plan): Promise<Uint8Array> {
  const document = officialDocument(
    {
      title: documentTitle(plan),
      subject: planLabel(plan),
      description: `${planLabel(plan)} — ${plan.header.issuingBody}`,
      revision: plan.version,
    },
    buildChildren(plan),
  );
  // Stamped with the plan's last change, so the same plan always gives the same bytes.
  return packOfficialDocx(document, stampOf(plan.updatedAt));
}
