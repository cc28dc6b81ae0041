// The content of a new, empty plan: the standard header of a People's Committee, the three
// sections of a plan (I, II, III) each with one item, and placeholders "(nội dung)", "(nhiệm vụ)",
// … where the schema needs a text (it takes no empty text, and an assignment needs a duty). The
// author replaces them in the editor, which points out those still there (placeholderFields).
import type { OrgUnitKind, PlanContent } from '@binh-dang/domain';

export interface NewPlanUnit {
  name: string;
  kind: OrgUnitKind;
}

const ADMINISTRATIVE: readonly OrgUnitKind[] = ['province', 'district', 'commune'];

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** "ỦY BAN NHÂN DÂN XÃ CAO XÁ" for a commune, "PHÒNG NỘI VỤ" for an agency. */
export function bodyName(unit: NewPlanUnit): string {
  return ADMINISTRATIVE.includes(unit.kind) ? `ỦY BAN NHÂN DÂN ${unit.name.toUpperCase()}` : unit.name.toUpperCase();
}

/** The short form of the parent body above it: "UBND HUYỆN LÂM THAO". */
export function parentBodyName(parent: NewPlanUnit | null): string | null {
  if (!parent) return null;
  return ADMINISTRATIVE.includes(parent.kind) ? `UBND ${parent.name.toUpperCase()}` : parent.name.toUpperCase();
}

/** The place in the date line: "Cao Xá" for "Xã Cao Xá". */
export function placeName(unit: NewPlanUnit): string {
  return unit.name.replace(/^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn) /, '');
}

export function defaultTitle(unit: NewPlanUnit, year: number): string {
  return `Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ ${lowerFirst(unit.name)} năm ${year}`;
}

export function newPlanContent(unit: NewPlanUnit, parent: NewPlanUnit | null, year: number, title: string): PlanContent {
  const author = ADMINISTRATIVE.includes(unit.kind) ? `Ủy ban nhân dân ${lowerFirst(unit.name)}` : unit.name;
  return {
    header: {
      parentBody: parentBodyName(parent),
      issuingBody: bodyName(unit),
      number: null,
      typeCode: 'KH',
      issuerCode: ADMINISTRATIVE.includes(unit.kind) ? 'UBND' : '(ký hiệu)',
      place: placeName(unit),
      date: { year, month: null, day: null },
    },
    documentType: 'KẾ HOẠCH',
    title,
    legalBases: [],
    preambleClosing: `${author} xây dựng Kế hoạch ${lowerFirst(title)} như sau:`,
    purposes: { heading: 'MỤC ĐÍCH, YÊU CẦU', items: [{ label: '1.', paragraphs: ['(nội dung)'], children: [] }] },
    tasks: { heading: 'NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU', items: [{ label: '1.', paragraphs: ['(nội dung)'], children: [] }] },
    implementation: {
      heading: 'TỔ CHỨC THỰC HIỆN',
      assignments: [
        {
          id: 'a1',
          label: '1.',
          heading: '(đơn vị thực hiện)',
          isRequest: false,
          style: 'bullets',
          units: [],
          duties: [{ id: 'a1-d1', text: '(nhiệm vụ)', role: 'lead', dueDate: null }],
        },
      ],
    },
    closing: null,
    reportDeadline: null,
    reportToUnitId: null,
    recipients: [
      { text: 'Như mục III;', orgUnitId: null },
      { text: 'Lưu: VT.', orgUnitId: null },
    ],
    signature: {
      authority: [{ prefix: 'TM.', text: ADMINISTRATIVE.includes(unit.kind) ? 'ỦY BAN NHÂN DÂN' : unit.name.toUpperCase() }],
      title: ADMINISTRATIVE.includes(unit.kind) ? 'CHỦ TỊCH' : 'TRƯỞNG PHÒNG',
      name: '(họ và tên)',
    },
  };
}

/** The smallest content the API accepts (for asking it who may write, without writing). */
export const MINIMAL_CONTENT: PlanContent = newPlanContent({ name: 'Xã Mẫu', kind: 'commune' }, null, 2024, 'Kế hoạch mẫu');
