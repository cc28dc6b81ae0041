import { describe, expect, it } from 'vitest';
import type { Plan } from '@binh-dang/domain';
import { assignmentRows, planDocument, splitDeadline, statusBadge } from './plan-view.ts';

function duty(id: string, text: string, role: 'lead' | 'support' = 'lead') {
  return { id, text, role, dueDate: null };
}

const plan: Plan = {
  id: 'kh-test',
  issuingUnitId: 'huyen',
  year: 2024,
  status: 'draft',
  version: 1,
  parentPlanId: null,
  amendsPlanId: null,
  issuedAt: null,
  header: {
    parentBody: 'UBND TỈNH PHÚ THỌ',
    issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO',
    number: null,
    typeCode: 'KH',
    issuerCode: 'UBND',
    place: 'Lâm Thao',
    date: { year: 2024, month: 4, day: null },
  },
  documentType: 'KẾ HOẠCH',
  title: 'Thực hiện công tác bình đẳng giới năm 2024',
  legalBases: [],
  preambleClosing: 'Ủy ban nhân dân huyện xây dựng Kế hoạch như sau:',
  purposes: { heading: 'MỤC ĐÍCH, YÊU CẦU', items: [{ label: '1.', paragraphs: ['Mục đích một.'], children: [] }] },
  tasks: { heading: 'NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU', items: [{ label: '1.', paragraphs: ['Nhiệm vụ một.'], children: [] }] },
  implementation: {
    heading: 'TỔ CHỨC THỰC HIỆN',
    assignments: [
      {
        id: 'a1',
        label: '1.',
        heading: 'Phòng Lao động - Thương binh và Xã hội huyện',
        isRequest: false,
        style: 'bullets',
        units: [{ orgUnitId: 'ldtbxh', role: 'lead' }],
        duties: [duty('d1', 'Tham mưu.'), duty('d2', 'Kiểm tra.'), duty('d3', 'Phối hợp tổng kết.', 'support')],
      },
      {
        id: 'a2',
        label: '2.',
        heading: 'Phòng Nội vụ huyện',
        isRequest: false,
        style: 'paragraph',
        units: [{ orgUnitId: 'noi-vu', role: 'lead' }],
        duties: [duty('d4', 'Chủ trì quy hoạch cán bộ nữ.')],
      },
      {
        id: 'a3',
        label: '3.',
        heading: 'UBND các xã, thị trấn',
        isRequest: false,
        style: 'paragraph',
        units: ['x1', 'x2', 'x3', 'x4'].map((orgUnitId) => ({ orgUnitId, role: 'lead' as const })),
        duties: [duty('d5', 'Xây dựng kế hoạch của xã.')],
      },
    ],
  },
  closing: 'Báo cáo kết quả thực hiện trước ngày 15/11/2024 để tổng hợp./.',
  reportDeadline: '2024-11-15',
  reportToUnitId: 'ldtbxh',
  recipients: [
    { text: 'Sở LĐTB&XH (để b/c);', orgUnitId: null },
    { text: 'Lưu: VT, LĐTBXH.', orgUnitId: null },
  ],
  signature: { authority: [{ prefix: 'TM.', text: 'ỦY BAN NHÂN DÂN' }, { prefix: 'KT.', text: 'CHỦ TỊCH' }], title: 'PHÓ CHỦ TỊCH', name: 'Ngô Đức Sáu' },
  provenance: 'verified',
  updatedAt: '2024-04-15T00:00:00.000Z',
};

describe('planDocument', () => {
  it('splits the header into the issuer column and the national column', () => {
    const doc = planDocument(plan);
    expect(doc.issuer).toEqual({ parentBody: 'UBND TỈNH PHÚ THỌ', issuingBody: 'ỦY BAN NHÂN DÂN HUYỆN LÂM THAO', numberLine: 'Số: /KH-UBND' });
    expect(doc.nation).toEqual({
      name: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      placeDate: 'Lâm Thao, ngày tháng 4 năm 2024',
    });
  });

  it('has no parent body when the header has none', () => {
    const doc = planDocument({ ...plan, header: { ...plan.header, parentBody: null } });
    expect(doc.issuer.parentBody).toBeNull();
    expect(doc.issuer.issuingBody).toBe('ỦY BAN NHÂN DÂN HUYỆN LÂM THAO');
  });

  it('keeps the reading order and gathers each assignment with its duties', () => {
    const kinds = planDocument(plan).body.map((p) => (p.kind === 'section' ? p.text : p.kind));
    expect(kinds).toEqual([
      'title',
      'paragraph',
      'I. MỤC ĐÍCH, YÊU CẦU',
      'item',
      'II. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU',
      'item',
      'III. TỔ CHỨC THỰC HIỆN',
      'assignment',
      'assignment',
      'assignment',
      'closing',
    ]);
    const assignments = planDocument(plan).body.filter((p) => p.kind === 'assignment');
    expect(assignments[0]).toMatchObject({ id: 'a1', label: '1.', bullets: true, duties: ['Tham mưu.', 'Kiểm tra.', 'Phối hợp tổng kết.'] });
    expect(assignments[1]).toMatchObject({ id: 'a2', heading: 'Phòng Nội vụ huyện', bullets: false, duties: ['Chủ trì quy hoạch cán bộ nữ.'] });
  });

  it('marks the deadline in the closing paragraph and separates the signer from the title lines', () => {
    const doc = planDocument(plan);
    expect(doc.body.at(-1)).toEqual({
      kind: 'closing',
      before: 'Báo cáo kết quả thực hiện ',
      emphasis: 'trước ngày 15/11/2024',
      after: ' để tổng hợp./.',
    });
    expect(doc.signature).toEqual({ lines: ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Ngô Đức Sáu' });
    expect(doc.recipients).toEqual({ heading: 'Nơi nhận:', lines: ['- Sở LĐTB&XH (để b/c);', '- Lưu: VT, LĐTBXH.'] });
  });
});

describe('splitDeadline', () => {
  it('leaves a closing without the deadline whole', () => {
    expect(splitDeadline('Không có hạn.', '2024-11-15')).toEqual({ before: 'Không có hạn.', emphasis: '', after: '' });
    expect(splitDeadline('Hạn 15/11/2024.', null)).toEqual({ before: 'Hạn 15/11/2024.', emphasis: '', after: '' });
  });

  it('falls back to the bare date', () => {
    expect(splitDeadline('Gửi báo cáo hạn chót 15/11/2024.', '2024-11-15')).toEqual({
      before: 'Gửi báo cáo hạn chót ',
      emphasis: '15/11/2024',
      after: '.',
    });
  });
});

describe('assignmentRows', () => {
  const names: Record<string, string> = { ldtbxh: 'Phòng LĐTB&XH', 'noi-vu': 'Phòng Nội vụ' };
  const rows = assignmentRows(plan, (id) => names[id] ?? `Xã ${id}`);

  it('counts lead and support duties per unit', () => {
    expect(rows[0]).toEqual({ anchor: 'phan-cong-a1', label: 'Phòng LĐTB&XH', units: ['Phòng LĐTB&XH'], lead: 2, support: 1 });
    expect(rows[1]).toMatchObject({ label: 'Phòng Nội vụ', lead: 1, support: 0 });
  });

  it('groups an assignment addressed to many units into one row', () => {
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual({
      anchor: 'phan-cong-a3',
      label: 'UBND các xã, thị trấn',
      units: ['Xã x1', 'Xã x2', 'Xã x3', 'Xã x4'],
      lead: 1,
      support: 0,
    });
  });

  it('counts every duty as support for a unit that only supports', () => {
    const supportOnly: Plan = {
      ...plan,
      implementation: {
        ...plan.implementation,
        assignments: [{ ...plan.implementation.assignments[0]!, units: [{ orgUnitId: 'noi-vu', role: 'support' }] }],
      },
    };
    expect(assignmentRows(supportOnly, (id) => id)[0]).toMatchObject({ lead: 0, support: 3 });
  });
});

describe('statusBadge', () => {
  it('says a draft is not issued yet', () => {
    expect(statusBadge('draft')).toBe('Dự thảo — chưa ban hành');
    expect(statusBadge('issued')).toBe('Đã ban hành');
  });
});
